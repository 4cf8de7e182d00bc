"""bpcore.format: numbers as the learner reads them (text and LaTeX), and templates filled."""

from collections.abc import Sequence

import pytest

from bpcore.format import fill, fmt, fmt_count, fmt_full, fmt_latex, parts


def filled(template: str, operands: Sequence[float], decimals: int) -> str:
    """The template with each operand at ``decimals`` places, as Formula.display fills it."""
    return fill(template, [parts(x, decimals) for x in operands])


@pytest.mark.parametrize(("x", "decimals", "text"), [
    (0.593269992107187, 4, "0.5933"), (0.000438567734474347, 4, "4.3857 × 10⁻⁴"),
    (0.000438567734474347, 9, "0.000438568"), (0.0, 4, "0.0000"), (-0.19049, 2, "-0.19"),
    (-0.019049, 2, "-1.90 × 10⁻²"),
    (3.510187782979e-05, 6, "0.000035"), (9999999.0, 2, "9999999.00"),
    (5.2e305, 4, "5.2000 × 10³⁰⁵"), (-12345678.9, 1, "-1.2 × 10⁷"), (-0.0, 2, "0.00"),
])
def test_fmt_keeps_at_least_two_significant_digits(x, decimals, text):
    assert fmt(x, decimals) == text


@pytest.mark.parametrize("x", [0.000438567734474347, -0.019049, 5.2e305, -12345678.9, 0.5933])
@pytest.mark.parametrize("decimals", [2, 4, 10])
def test_the_text_and_the_latex_form_write_the_same_number(x, decimals):
    text = fmt(x, decimals).replace(" × 10", r" \times 10^{").translate(
        str.maketrans("⁻⁰¹²³⁴⁵⁶⁷⁸⁹", "-0123456789"))
    assert fmt_latex(x, decimals) == (text + "}" if "times" in text else text)


def test_full_precision_reads_back_exactly():
    for x in (0.1 + 0.2, 0.000438567734474347, -1e-300):
        assert float(fmt_full(x)) == x


def test_fmt_latex_writes_powers_of_ten_and_parenthesises_negatives():
    assert fmt_latex(0.000438567734474347, 4) == r"4.3857 \times 10^{-4}"
    assert fmt_latex(-0.5, 2, paren=True) == r"\left(-0.50\right)"
    assert filled("#0 - #1", (-1.0, -2.0), 1) == r"-1.0 - \left(-2.0\right)"


def test_a_slot_right_after_an_opening_bracket_keeps_a_bare_minus():
    assert filled(r"\sigma(#0)", (-0.9222,), 4) == r"\sigma(-0.9222)"
    assert filled(r"e^{-#0}", (-0.5,), 1) == r"e^{-\left(-0.5\right)}"
    assert filled(r"\frac{1}{#0}", (-2.0,), 1) == r"\frac{1}{-2.0}"


@pytest.mark.parametrize(("n", "text"), [(1024, "1,024"), (9_999_999, "9,999,999"),
                                         (177_978_515_625_000_000, "1.78e+17")])
def test_fmt_count_separates_thousands_and_goes_scientific_when_huge(n, text):
    assert fmt_count(n) == text
