"""The formula-width estimate the step panel sizes its formula by: never short of what KaTeX
draws, and not far over it."""

import pytest

from bpcore import Scenario, trace_step
from tutor.ui.formula import formula_latex
from tutor.ui.formula_width import SAFETY, formula_em

# Widths Chromium measured for these formulas as the stepping page draws them, in em of the
# KaTeX font size (Streamlit 1.67's KaTeX, \large, aligned; the .katex box at the panel's usual
# formula size, before it shrinks to fit its column; 1280×720): (scenario trains biases,
# decimals, step) → width. Operands carry the digits their result needs and long lines break,
# so these are the formulas as the panel writes them today. The new forward pass after the
# update: its widest (net⁺_h1 at 6 decimals), a σ of a new net (sub- and superscript stacked)
# and a net⁺ with trained biases; E_total⁺ at 8 decimals is the widest formula of all.
MEASURED = {
    (False, 4, "net_h1"): 27.02, (False, 10, "net_h1"): 29.88, (False, 4, "dE_dw5"): 23.81,
    (False, 2, "E_total_new"): 25.88, (True, 7, "dE_db_h1"): 11.72, (False, 4, "out_o1"): 15.27,
    (False, 4, "delta_o1"): 10.85, (False, 10, "w5_new"): 26.29,
    (False, 6, "net_h1_new"): 33.01, (False, 4, "out_h1_new"): 15.47,
    (True, 10, "net_o1_new"): 29.81, (False, 8, "E_total_new"): 35.55,
}


@pytest.mark.parametrize(("case", "measured"), list(MEASURED.items()),
                         ids=[f"{n}-{d}dp" for (_, d, n) in MEASURED])
def test_the_estimate_covers_what_katex_draws(case, measured):
    trains, decimals, name = case
    step = next(s for s in trace_step(Scenario(train_biases=trains)).steps if s.name == name)
    estimate = formula_em(formula_latex(step, decimals))
    assert measured <= estimate <= 1.3 * measured


def test_an_aligned_block_is_its_widest_left_side_plus_its_widest_right_side():
    one = formula_em(r"\begin{aligned} x &= 1 \end{aligned}")
    longer_right = formula_em(r"\begin{aligned} x &= 1 \\ &= 1 + 1 + 1 \end{aligned}")
    longer_left = formula_em(r"\begin{aligned} x_{abc} &= 1 \end{aligned}")
    assert longer_right > one and longer_left > one
    assert formula_em(r"\large x = 1") == pytest.approx(1.2 * formula_em("x = 1"))


def test_a_fraction_is_as_wide_as_its_wider_part_and_scripts_are_smaller():
    assert formula_em(r"\frac{1}{123456}") == pytest.approx(formula_em(r"\frac{123456}{1}"))
    assert formula_em(r"\frac{1}{123456}") < formula_em("1123456")
    assert formula_em("x_{123}") < formula_em("x123")


def test_a_subscript_and_a_superscript_together_stack():
    assert formula_em("out_{h1}^{2}") == pytest.approx(formula_em("out_{h1}"))
    assert formula_em("x^{+}_{abc}") == pytest.approx(formula_em("x_{abc}"))
    assert formula_em("x_{1}^{abc}") == pytest.approx(formula_em("x^{abc}"))


def test_a_chinese_name_counts_a_full_em_a_character():
    """KaTeX draws a CJK character in \\text{…} one em wide: 苹果的个数 is five em, more than
    five Latin letters (the graph page's Chinese formula was cut at its last character)."""
    five = formula_em(r"\text{苹果的个数}")
    assert five >= 5.0 * SAFETY - 1e-9
    assert five > formula_em(r"\text{apple}")
