"""Page settings outlive a visit to another page, and their widgets raise no warnings."""

import pytest

from tests.app.apptest import open_page
from tutor.pages import activations as activations_state
from tutor.pages import chain_rule as chain_state
from tutor.pages import defaults as page_defaults
from tutor.pages import graph as graph_state
from tutor.pages import landscape as landscape_state
from tutor.pages import learning_rate as rates_state
from tutor.pages import training as training_state
from tutor.ui import state as field_state


@pytest.mark.parametrize(("page", "kind", "key", "value"), [
    ("training", "text_input", field_state.field_text_key(training_state.TRAIN_ITERATIONS), "500"),
    ("training", "toggle", training_state.TRAIN_LOG, False),
    ("learning_rate", "text_input", rates_state.BOWL_TEXT, "0.1, 1"),
    ("learning_rate", "radio", rates_state.RATES_PROBLEM, "worked"),
    ("landscape", "selectbox", landscape_state.LAND_Q, "w8"),
    ("landscape", "toggle", landscape_state.LAND_FIT, False),
    ("landscape", "slider", landscape_state.LAND_SPAN, 2.5),
    ("activations", "slider", activations_state.VANISHING_DEPTH, 5),
    ("chain_rule", "text_input", field_state.field_text_key(f"{chain_state.CHAIN_PREFIX}w1"),
     "-0.5000"),
    ("chain_rule", "radio", chain_state.CHAIN_LOSS, "binary_cross_entropy"),
    ("graph", "selectbox", graph_state.GRAPH_EXAMPLE, "sigmoid_neuron"),
])
def test_a_setting_survives_a_visit_to_another_page(page, kind, key, value):
    # The learning rates train 1,000 updates instead of 10,000: not a setting checked here.
    at = open_page(page, timeout=120, preset={rates_state.RATES_ITERATIONS: 1000})
    getattr(at, kind)(key=key).set_value(value).run()
    at.switch_page("app_pages/overview.py").run()
    at.switch_page(f"app_pages/{page}.py").run()
    assert not at.exception and not at.warning
    assert getattr(at, kind)(key=key).value == pytest.approx(value) if isinstance(
        value, float) else getattr(at, kind)(key=key).value == value


KINDS = ("number_input", "toggle", "text_input", "selectbox", "slider", "radio", "multiselect")


@pytest.mark.parametrize("page", ["training", "learning_rate", "landscape", "activations",
                                  "chain_rule", "graph"])
def test_the_defaults_show_with_no_warning(page):
    at = open_page(page, timeout=120)
    assert not at.exception and not at.warning
    shown = {w.key: w.value for kind in KINDS for w in getattr(at, kind)
             if w.key in page_defaults.PAGE_DEFAULTS}
    assert shown  # every one of these pages draws some of them
    for key, value in shown.items():
        default = page_defaults.PAGE_DEFAULTS[key]
        assert value == (list(default) if isinstance(default, tuple) else default), key
    typed = {key: float(w.value) for w in at.text_input for key in page_defaults.PAGE_DEFAULTS
             if w.key == field_state.field_text_key(key)}  # typed number fields show their default
    for key, value in typed.items():
        assert value == page_defaults.PAGE_DEFAULTS[key], key
