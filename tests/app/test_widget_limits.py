"""Every bounded widget takes its min and max from bpcore.limits, the ranges bpcore enforces."""

import pytest

from bpcore import limits
from tests.app.apptest import field, open_page
from tutor import session
from tutor.builder import state as builder_state
from tutor.digits import state as digits_state
from tutor.modes import state as modes_state
from tutor.pages import activations as activations_state
from tutor.pages import chain_rule as chain_state
from tutor.pages import landscape as landscape_state
from tutor.pages import training as training_state
from tutor.ui import state as field_state


def bounds(widget) -> tuple:
    return widget.min, widget.max


def typed_bounds(at, key: str) -> tuple:
    """The range a typed number field (tutor.ui.fields) accepts, read from the refusal of a
    number far above it (a text box has no min/max of its own); the value in use is kept."""
    kept = at.session_state[key]
    field(at, key).input("1e12").run()
    refusal = at.session_state[field_state.FIELD_ERRORS][field_state.field_text_key(key)]
    assert refusal.code == "out_of_range" and at.session_state[key] == kept
    return refusal.params["lo"], refusal.params["hi"]


def test_the_builders_controls_are_the_limits():
    at = open_page("builder")
    assert not at.exception
    sliders = {key: bounds(at.slider(key=key)) for key in (
        builder_state.BUILDER_POINTS, builder_state.BUILDER_NOISE,
        builder_state.BUILDER_TEST_SHARE)}
    assert sliders == {builder_state.BUILDER_POINTS: limits.POINTS.bounds,
                       builder_state.BUILDER_NOISE: limits.NOISE.bounds,
                       builder_state.BUILDER_TEST_SHARE: limits.TEST_SHARE.bounds}
    inputs = {key: typed_bounds(at, key) for key in (
        builder_state.BUILDER_LAYERS, builder_state.BUILDER_ETA, builder_state.BUILDER_EPOCHS,
        builder_state.BUILDER_BATCH, builder_state.BUILDER_SEED, builder_state.BUILDER_DATA_SEED,
        builder_state.builder_layer_key(0, "width"))}
    assert inputs == {builder_state.BUILDER_LAYERS: limits.HIDDEN_LAYERS.bounds,
                      builder_state.BUILDER_ETA: limits.SGD_ETA.bounds,
                      builder_state.BUILDER_EPOCHS: limits.BUILDER_EPOCHS.bounds,
                      builder_state.BUILDER_BATCH: limits.BATCH.bounds,
                      builder_state.BUILDER_SEED: limits.SEED.bounds,
                      builder_state.BUILDER_DATA_SEED: limits.SEED.bounds,
                      builder_state.builder_layer_key(0, "width"): limits.WIDTH.bounds}


def test_the_digits_settings_are_the_limits():
    at = open_page("digits", timeout=120)
    assert not at.exception
    got = [typed_bounds(at, key) for key in digits_state.UCI_KEYS]
    assert got == [limits.UCI_HIDDEN.bounds, limits.SGD_ETA.bounds,
                   limits.DIGITS_EPOCHS.bounds, limits.BATCH.bounds, limits.SEED.bounds]


@pytest.mark.parametrize(("page", "kind", "key", "expected"), [
    ("training", "typed", training_state.TRAIN_ITERATIONS, limits.ITERATIONS),
    ("landscape", "slider", landscape_state.LAND_SPAN, limits.LANDSCAPE_SPAN),
    ("activations", "slider", activations_state.VANISHING_DEPTH, limits.VANISHING_DEPTH),
    ("overview", "slider", session.PRECISION_WIDGET, limits.DECIMALS),
    ("overview", "typed", modes_state.EXERCISE_SEED_WIDGET, limits.SEED),
    ("chain_rule", "typed", f"{chain_state.CHAIN_PREFIX}w1", limits.MAGNITUDE),
    ("chain_rule", "typed", f"{chain_state.CHAIN_PREFIX}y", limits.CHAIN_TARGET),
])
def test_the_other_bounded_widgets_are_the_limits(page, kind, key, expected):
    at = open_page(page)
    assert not at.exception
    got = typed_bounds(at, key) if kind == "typed" else bounds(getattr(at, kind)(key=key))
    assert got == expected.bounds


def test_the_landscapes_descent_steps_are_the_limit():
    at = open_page("landscape")
    assert bounds(at.slider(key=landscape_state.LAND_STEP)) == limits.DESCENT_STEPS.bounds
