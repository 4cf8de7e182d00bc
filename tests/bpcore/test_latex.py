"""bpcore.latex: a formula's template evaluated exactly, slot by slot, over its whole vocabulary."""

from decimal import Context, Decimal

import pytest

from bpcore.latex import evaluator

FIFTY = Context(prec=50)


def worked(template: str, *operands: str) -> Decimal | None:
    return evaluator(template)([Decimal(x) for x in operands])


@pytest.mark.parametrize(("template", "operands", "value"), [
    ("#0 + #1", ("0.1", "0.2"), Decimal("0.3")),  # exact: no float 0.30000000000000004
    ("#0 - #1", ("1", "-2"), Decimal("3")),
    (r"#0 \cdot #1 + #2 \cdot #3 + #4 \cdot 1", ("0.15", "0.05", "0.2", "0.1", "0.35"),
     Decimal("0.3775")),
    (r"#0 \times #1", ("3", "4"), Decimal("12")),
    ("#0(1 - #0)", ("0.25",), Decimal("0.1875")),  # juxtaposition multiplies
    (r"\tfrac{1}{2}(#0 - #1)^2", ("0.01", "0.75"), Decimal("0.27380")),
    (r"\frac{#0 - #1}{#0 (1 - #0)}", ("0.5", "1"), Decimal("-2")),
    (r"-(#0 - #1)", ("0.01", "0.75"), Decimal("0.74")),
    (r"[#0 + 1] \cdot \left(#1\right)", ("1", "-2"), Decimal("-4")),
    (r"#0^{2}", ("-3",), Decimal("9")),
])
def test_the_arithmetic_of_the_vocabulary(template, operands, value):
    assert worked(template, *operands) == value


def test_e_the_sigmoid_and_the_logarithm_are_exact_to_fifty_digits():
    sigma = worked(r"\frac{1}{1 + e^{-#0}}", "0.3775")
    assert abs(sigma - Decimal("0.59326999210718725517365456157940281545768372399366")) \
        < Decimal("1e-49")
    assert worked(r"\sigma(#0)", "0.3775") == sigma
    assert worked(r"\log #0", "1") == 0
    assert abs(worked(r"-#0 \cdot \log #1", "1", "0.5") - Decimal(2).ln(FIFTY)) < Decimal("1e-49")


def test_undefined_arithmetic_is_none_not_an_exception():
    assert worked(r"\frac{1}{#0}", "0") is None
    assert worked(r"\log #0", "-1") is None
    assert worked(r"-#0 \cdot \log #1", "0", "0") is None  # 0 · ∞
    assert worked(r"\log #0", "0") == Decimal("-Infinity")


@pytest.mark.parametrize("template", [r"\sqrt{#0}", "#0 +", "(#0", "#0 ? #1", r"#0 \, )"])
def test_a_template_outside_the_vocabulary_is_refused_when_compiled(template):
    with pytest.raises(ValueError, match="template"):
        evaluator(template)


def test_thin_spaces_are_ignored():
    assert worked(r"#0 \, \cdot \; #1", "2", "3") == 6
