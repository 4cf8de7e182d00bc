"""The activation-functions page under AppTest: curves from the registry, vanishing gradient."""


import numpy as np
import plotly.graph_objects as go
import pytest

from bpcore import ACTIVATIONS
from bpcore.deep import gradient_norms
from tests.app.apptest import figures, open_page
from tutor.figures.activations import (
    activation_figure,
    activation_name,
    formulas_latex,
    gradient_norms_figure,
)
from tutor.i18n import LANGUAGES, t
from tutor.pages import activations as activations_state


@pytest.mark.parametrize("lang", LANGUAGES)
def test_page_runs_and_plots_every_elementwise_activation(lang):
    at = open_page("activations", lang)
    assert not at.exception
    assert at.title[0].value == t("page.activations", lang)
    titles = [s["layout"]["title"]["text"] for s in figures(at)]
    # AppTest lists the columns one after another, so compare as sets. Each is titled
    # with the learner's name (ReLU, leaky ReLU), not the registry's key (leaky_relu).
    assert set(titles[:5]) == {activation_name(n, lang) for n, a in ACTIVATIONS.items()
                               if a.elementwise}
    assert not any("_" in title for title in titles)


def test_plotted_curves_are_the_registrys_numbers():
    sigmoid = next(s for s in figures(open_page("activations"))
                   if s["layout"]["title"]["text"] == "sigmoid")
    net = np.array(sigmoid["data"][0]["x"])
    assert sigmoid["layout"]["xaxis"]["title"]["text"] == "net"
    np.testing.assert_allclose(sigmoid["data"][0]["y"], ACTIVATIONS["sigmoid"].f(net))
    np.testing.assert_allclose(sigmoid["data"][1]["y"], ACTIVATIONS["sigmoid"].prime(net))


def test_gradient_bars_equal_bpcores_norms_and_follow_the_depth():
    at = open_page("activations")
    at.slider(key=activations_state.VANISHING_DEPTH).set_value(5).run()
    bars = figures(at)[-1]
    assert [b["name"] for b in bars["data"]] == ["sigmoid", "ReLU"]
    np.testing.assert_allclose(bars["data"][0]["y"], gradient_norms("sigmoid", depth=5))
    assert bars["layout"]["yaxis"]["type"] == "log"


def test_choosing_nothing_to_compare_explains_instead_of_an_empty_chart():
    at = open_page("activations", "zh")
    at.multiselect(key=activations_state.VANISHING_ACTIVATIONS).set_value([]).run()
    assert not at.exception
    assert [i.value for i in at.info] == [t("activations.pick_one", "zh")]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_figures_are_valid_plotly(lang):
    for name, act in ACTIVATIONS.items():
        if act.elementwise:
            go.Figure(activation_figure(name, lang))
    go.Figure(gradient_norms_figure({"relu": [1.0, 0.5]}, lang))


@pytest.mark.parametrize("name", [n for n, a in ACTIVATIONS.items() if a.elementwise])
def test_each_formula_is_the_registrys_under_the_learners_name(name):
    act = ACTIVATIONS[name]
    shown = formulas_latex(name)
    assert "\\_" not in shown and "{relu}" not in shown  # not leaky\_relu: ReLU, leaky ReLU
    for part in (act.formula, act.prime_formula):  # the registry's formula, right of the =
        assert part.split("=", 1)[1].strip() in shown


def test_the_page_writes_every_formula_in_full():
    at = open_page("activations")
    latex = [m.value for m in at.latex]
    assert (r"\mathrm{leaky\ ReLU}(\mathrm{net}) = \max(0.01\,\mathrm{net}, \mathrm{net})"
            in " ".join(latex))
    assert r"\mathrm{leaky\_relu}" not in " ".join(latex)


def test_the_gradient_axis_is_labelled_at_powers_of_ten_only():
    norms = {"sigmoid": gradient_norms("sigmoid", depth=8), "relu": gradient_norms("relu",
                                                                                   depth=8)}
    yaxis = gradient_norms_figure(norms, "en")["layout"]["yaxis"]
    assert yaxis["type"] == "log" and yaxis["exponentformat"] == "power"
    assert isinstance(yaxis["dtick"], int)  # whole decades, no 2 and 5 between them
