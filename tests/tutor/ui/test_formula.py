"""The formula panel's pieces: one layout for every Formula, long lines broken where they can
be, a given value never repeated, words from the Message, names in the tutorial's notation."""

import itertools
import re

import pytest

from bpcore import Formula, Message, Scenario, trace_step
from bpcore.presets import preset
from bpcore.stepper_trace import trace_net
from tutor.i18n import LANGUAGES, t
from tutor.ui.formula import (
    FIT_PAD,
    FIT_STEP_EM,
    FIT_TYPE,
    LINE_EM,
    NARROWEST_EM,
    broken,
    fitted,
    fitted_css,
    formula_latex,
    say,
    updates_rows,
    values_rows,
    width,
)
from tutor.ui.notation import upright

TRACE = trace_step(Scenario.worked_example())


def step(name: str) -> Formula:
    return next(s for s in TRACE.steps if s.name == name)


def test_a_formula_is_symbol_formula_numbers_result_one_per_line():
    latex = formula_latex(step("dE_dw1"), 4)
    # (net, out, target and total upright, so that they read as words: tutor.ui.notation)
    assert latex == (r"\large \begin{aligned} \frac{\partial E_{\textrm{total}}}{\partial w_1} "
                     r"&= "
                     + upright(step("dE_dw1").formula) + r" \\ &= 0.0087714 \cdot 0.0500 \\ "
                     r"&= 4.3857 \times 10^{-4} \end{aligned}")
    assert formula_latex(step("dE_dw1"), 4, reveal=False).endswith(r"&= \;? \end{aligned}")


def test_a_given_value_is_not_repeated_as_its_own_substitution():
    # (every step of the worked example now has numbers to work out: a given value of its own)
    given = Formula("net_o1_new", "net_{o1}^{+}", r"w_5^{+} \cdot out_{h1}^{+}", "#0",
                    (1.0568,), 1.0568)
    latex = formula_latex(given, 4)
    assert latex.count("&=") == 2 and latex.count("1.0568") == 1
    assert formula_latex(given, 4, reveal=False) == latex  # nothing to work out


def test_a_long_sum_breaks_into_one_product_a_line():
    term = r"0.5000 \cdot 0.3000 \cdot 0.2000"
    lines = broken(" + ".join([term] * 3), width(f"+ {term}") + 0.5)
    assert lines == [term, f"+ {term}", f"+ {term}"]


def test_a_product_too_wide_for_one_line_breaks_at_a_dot_and_nothing_is_lost():
    latex = r" \cdot ".join(["0.12345"] * 12)
    lines = broken(latex, 10)
    assert len(lines) > 1 and all(line.startswith(r"\cdot") for line in lines[1:])
    assert " ".join(lines) == latex


def test_nothing_breaks_inside_brackets():
    latex = r"\tfrac{1}{2}(0.0100 - 0.7421 - 0.1 - 0.2 - 0.3 - 0.4)^2"
    assert broken(latex, 3) == [latex]


def test_continuation_lines_are_aligned_under_their_member():
    formula = Formula("x", "x", " + ".join(["a_1 b_1"] * 30), " + ".join(["#0"] * 30), (0.5,),
                      15.0)
    latex = formula_latex(formula, 4)
    assert r"\\ &\quad + " in latex and latex.count("&=") == 3


def test_width_counts_chinese_characters_as_one_em_and_fractions_by_their_wider_part():
    assert width(r"\text{支付金额}") == pytest.approx(4.0)
    assert width(r"\frac{\partial \text{支付金额}}{\partial p}") == pytest.approx(
        width(r"\partial \text{支付金额}") + 0.3)
    assert width(formula_latex(step("E_total_new"), 4).split("&=")[2]) < LINE_EM


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_message_is_said_in_the_language_with_names_in_notation(lang):
    message = Message("step.weight_gradient", {"neuron": "h1", "weight": "w1", "source": "i1"})
    assert say(message, lang) == t("step.weight_gradient", lang, neuron="h1", weight="w1",
                                   source="i1")
    assert say(None, lang) == ""


@pytest.mark.parametrize("lang", LANGUAGES)
def test_tables_name_values_in_the_tutorials_notation(lang):
    names = [row[t("table.name", lang)] for row in values_rows(TRACE.steps, 40, 4, lang)]
    assert {"∂E/∂out_o1", "∂out_o1/∂net_o1", "δ_o1", "∂E_o1/∂out_h1", "∂E/∂w5"} <= set(names)
    assert not [n for n in names if n.startswith(("dE", "delta", "dout"))]
    params = [row[t("update.param", lang)] for row in updates_rows(TRACE, 4, lang)]
    assert params[:2] == ["w5", "w6"]


# --- one formula for every width of the step panel (tutor.ui.formula.fitted) -----------------
def members(latex: str) -> list[str]:
    """The block's 'symbol = formula', '= numbers', '= result', wherever its lines break."""
    from tests.bpcore.test_checkable_numbers import shown_lines

    return [" ".join(m.replace(r"\quad", "").replace("&=", "=").split())
            for m in shown_lines(latex)]


def shown_at(css: str, count: int, panel_em: float) -> list[int]:
    """Which of ``count`` breakings fitted_css leaves shown in a panel ``panel_em`` rem wide."""
    hidden = set()
    for op, bound, child in re.findall(
            r"@container \(width (<|>=) ([\d.]+)rem\) \{ \.st-key-step-formula > "
            r":nth-child\((\d+)\) \{ display: none; \} \}", css):
        if (panel_em < float(bound)) == (op == "<"):
            hidden.add(int(child) - 1)
    return [k for k in range(count) if k not in hidden]


@pytest.mark.parametrize("name", ["net_h1", "dE_dw1", "w1_new", "E_total_new"])
def test_a_long_substitution_is_broken_over_more_lines_for_a_narrower_panel(name: str):
    fits = fitted(step(name), 4)
    assert fits[0].latex == formula_latex(step(name), 4)  # the widest: as before
    assert len(fits) > 1
    for wider, narrower in itertools.pairwise(fits):
        assert narrower.least <= wider.least - FIT_STEP_EM and narrower.lines >= wider.lines
    # the narrowest fits a 360-px phone presenting at the words' type, not smaller
    assert fits[-1].least <= NARROWEST_EM
    # only the line breaks differ: the same symbol, formula, numbers and result
    assert all(members(f.latex) == members(fits[0].latex) for f in fits)


def test_a_formula_that_fits_the_narrowest_panel_is_written_once():
    [fit] = fitted(step("delta_o1"), 4)
    assert fit.latex == formula_latex(step("delta_o1"), 4) and fit.least <= NARROWEST_EM


def test_a_symbol_too_wide_to_share_a_line_goes_on_a_line_of_its_own():
    batch = trace_net(preset("batch"))
    q = next(s for s in batch.phase_steps("backward") if r"\Big|" in s.symbol)
    fits = fitted(q, 4, 40.0, inner=True)
    stacked = fits[-1].latex
    assert stacked.startswith(r"\large \begin{aligned} & ") and fits[-1].least <= NARROWEST_EM
    assert members(stacked) == members(fits[0].latex)


@pytest.mark.parametrize("name", ["net_h1", "dE_dw1", "E_total_new"])
def test_the_panel_shows_one_breaking_at_every_width_the_fewest_lines_that_fit(name: str):
    fits = fitted(step(name), 4)
    css = fitted_css(fits)
    for tenth in range(80, 400):
        panel = tenth / 10
        [shown] = shown_at(css, len(fits), panel)
        fitting = [k for k, f in enumerate(fits) if f.least <= panel]
        assert shown == (fitting[0] if fitting else len(fits) - 1), panel
        # drawn at no less than FIT_TYPE of the words' type where it fits (page.FRAME_CSS:
        # (100cqi − 10 px) ÷ --formula-em; 10 px is at most FIT_PAD em)
        assert f"nth-child({shown + 1}) {{ --formula-em: {fits[shown].em:.2f}; }}" in css
        if fitting:
            assert (panel - FIT_PAD) / fits[shown].em >= FIT_TYPE - 0.01
