"""The 1-1-1 chain-rule page under AppTest: every factor and product from bpcore, both losses."""


import pytest

from bpcore import fmt, fmt_latex
from bpcore.chain import CHAIN_LOSSES, chain_111
from tests.app.apptest import field, open_page
from tutor.i18n import LANGUAGES, t
from tutor.pages import chain_rule as chain_state
from tutor.pages import defaults as page_defaults
from tutor.stepping.editor import widget_key
from tutor.ui.formula import COLUMN_EM, formula_latex

Y = page_defaults.PAGE_DEFAULTS[f"{chain_state.CHAIN_PREFIX}y"]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("loss", CHAIN_LOSSES)
def test_every_line_is_the_chains(lang, loss):
    at = open_page("chain_rule", lang)
    at.radio(key=chain_state.CHAIN_LOSS).set_value(loss).run()
    assert not at.exception
    chain = chain_111(1.5, 0.8, -1.2, Y, loss)
    expected = [formula_latex(f, 4, room=COLUMN_EM) for f in (*chain.forward, *chain.factors)]
    expected += [formula_latex(chain.product(w), 4) for w in ("w2", "w1")]
    assert [m.value.strip("$\n") for m in at.latex] == expected


def test_editing_x_recomputes_and_the_check_agrees():
    at = open_page("chain_rule")
    field(at, f"{chain_state.CHAIN_PREFIX}x").input("-2.0").run()
    chain = chain_111(-2.0, 0.8, -1.2, Y)
    assert fmt_latex(chain.dJ_dw1, 4) in at.latex[-1].value
    assert [s.value for s in at.success] == [
        t("chain.check", "en", weight=w, analytic=fmt(chain.product(w).value, 4),
          numeric=fmt(chain.numeric[k], 4)) for w, k in (("w2", 1), ("w1", 0))]


def test_the_target_is_bounded_to_what_a_sigmoid_can_reach():
    at = open_page("chain_rule", "zh")
    field(at, f"{chain_state.CHAIN_PREFIX}y").input("1.5").run()
    assert not at.exception
    assert at.session_state[f"{chain_state.CHAIN_PREFIX}y"] == Y  # the target stays in use
    why = t("reason.out_of_range", "zh", field=t("chain.field.y", "zh"), lo="0", hi="1",
            value=r"1\.5")
    assert [e.value for e in at.error] == [t("editor.rejected", "zh", reason=why)]


def test_the_default_shows_the_gradient_passing_through_the_hidden_neuron():
    # Every factor and both gradients are at least 0.01, so each reads to two significant
    # digits or more at the default 4 decimals; the hidden neuron's σ′(z1) ≤ 1/4 and w2 < 0
    # make ∂J/∂w1 smaller than ∂J/∂w2 and of the other sign.
    defaults = {n: page_defaults.PAGE_DEFAULTS[f"{chain_state.CHAIN_PREFIX}{n}"]
                for n in ("x", "w1", "w2")}
    chain = chain_111(defaults["x"], defaults["w1"], defaults["w2"], Y)
    assert min(abs(f.value) for f in chain.factors) >= 0.01
    assert chain.values["J"] >= 0.01
    assert 0.01 <= abs(chain.dJ_dw1) < abs(chain.dJ_dw2)
    assert chain.dJ_dw1 * chain.dJ_dw2 < 0
    assert chain.factor("dh_dz1").value <= 0.25


@pytest.mark.parametrize("page", ["chain_rule", "activations"])
def test_the_pages_that_ignore_the_worked_example_show_no_editor_of_it(page):
    """Chain rule has its own w1 (0.8): the 2-2-2's w1 (0.15) beside it would be a second one."""
    at = open_page(page)
    assert not at.exception
    assert not [n for n in at.sidebar.text_input if n.key == widget_key("w1")]
    at.switch_page("app_pages/graph.py").run()  # the graph page draws the 2-2-2: it keeps it
    assert at.sidebar.text_input(key=widget_key("w1"))
