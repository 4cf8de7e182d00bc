"""The formula panel's pieces: one layout for every Formula, long lines broken where they can
be, a given value never repeated, words from the Message, names in the tutorial's notation."""

import pytest

from bpcore import Formula, Message, Scenario, trace_step
from tutor.i18n import LANGUAGES, t
from tutor.ui.formula import LINE_EM, broken, formula_latex, say, updates_rows, values_rows, width
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
