"""Every bounded widget takes its min and max from bpcore.limits, the ranges bpcore enforces."""

import pytest

from bpcore import limits
from tests.app.apptest import open_page
from tutor import state


def bounds(widget) -> tuple:
    return widget.min, widget.max


def test_the_builders_controls_are_the_limits():
    at = open_page("builder")
    assert not at.exception
    sliders = {key: bounds(at.slider(key=key)) for key in (
        state.BUILDER_POINTS, state.BUILDER_NOISE, state.BUILDER_TEST_SHARE)}
    assert sliders == {state.BUILDER_POINTS: limits.POINTS.bounds,
                       state.BUILDER_NOISE: limits.NOISE.bounds,
                       state.BUILDER_TEST_SHARE: limits.TEST_SHARE.bounds}
    inputs = {key: bounds(at.number_input(key=key)) for key in (
        state.BUILDER_LAYERS, state.BUILDER_ETA, state.BUILDER_EPOCHS, state.BUILDER_BATCH,
        state.BUILDER_SEED, state.BUILDER_DATA_SEED, state.builder_layer_key(0, "width"))}
    assert inputs == {state.BUILDER_LAYERS: limits.HIDDEN_LAYERS.bounds,
                      state.BUILDER_ETA: limits.SGD_ETA.bounds,
                      state.BUILDER_EPOCHS: limits.BUILDER_EPOCHS.bounds,
                      state.BUILDER_BATCH: limits.BATCH.bounds,
                      state.BUILDER_SEED: limits.SEED.bounds,
                      state.BUILDER_DATA_SEED: limits.SEED.bounds,
                      state.builder_layer_key(0, "width"): limits.WIDTH.bounds}


def test_the_digits_settings_are_the_limits():
    at = open_page("digits", timeout=120)
    assert not at.exception
    got = [bounds(at.number_input(key=key)) for key in state.UCI_KEYS]
    assert got == [limits.UCI_HIDDEN.bounds, limits.SGD_ETA.bounds,
                   limits.DIGITS_EPOCHS.bounds, limits.BATCH.bounds, limits.SEED.bounds]


@pytest.mark.parametrize(("page", "kind", "key", "expected"), [
    ("training", "number_input", state.TRAIN_ITERATIONS, limits.ITERATIONS),
    ("landscape", "slider", state.LAND_SPAN, limits.LANDSCAPE_SPAN),
    ("activations", "slider", state.VANISHING_DEPTH, limits.VANISHING_DEPTH),
    ("overview", "slider", state.PRECISION_WIDGET, limits.DECIMALS),
    ("overview", "number_input", state.EXERCISE_SEED_WIDGET, limits.SEED),
    ("chain_rule", "number_input", f"{state.CHAIN_PREFIX}w1", limits.MAGNITUDE),
    ("chain_rule", "number_input", f"{state.CHAIN_PREFIX}y", limits.CHAIN_TARGET),
])
def test_the_other_bounded_widgets_are_the_limits(page, kind, key, expected):
    at = open_page(page)
    assert not at.exception
    assert bounds(getattr(at, kind)(key=key)) == expected.bounds


def test_the_landscapes_descent_steps_are_the_limit():
    at = open_page("landscape")
    assert bounds(at.slider(key=state.LAND_STEP)) == limits.DESCENT_STEPS.bounds
