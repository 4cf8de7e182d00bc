"""The safe arithmetic reader of answers: what a learner types is read as Python would
compute it, and anything else is refused with a CodedError — never another exception, never
a long computation."""

from __future__ import annotations

import contextlib
import math
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bpcore.errors import CodedError
from bpcore.expr import evaluate, read
from bpcore.limits import EXPR_CHARS, EXPR_DEPTH, EXPR_EXPONENT


@pytest.mark.parametrize(("text", "value"), [
    ("0.7514*(1-0.7514)", 0.7514 * (1 - 0.7514)),
    ("0.5*(0.01-0.75)**2", 0.5 * (0.01 - 0.75) ** 2),
    ("-(0.01 − 0.7514)", -(0.01 - 0.7514)),
    ("0.7514 × (1 − 0.7514)", 0.7514 * (1 - 0.7514)),
    ("0.1385·0.5933", 0.1385 * 0.5933),
    ("0.4 - 0.5 * 0.0822", 0.4 - 0.5 * 0.0822),
    ("1 ÷ 4", 0.25),
    ("-2**2", -4.0),
    ("2**3**2", 512.0),
    ("2^-1", 0.5),
    ("4.3857 × 10⁻⁴", 4.3857e-4),
    ("4.3857 × 10^{-4}", 4.3857e-4),
    ("7.514e-1", 0.7514),
    (".5", 0.5),
    ("0.75(1 − 0.75)", 0.75 * 0.25),
    ("exp(-0.3775)", math.exp(-0.3775)),
    ("1/(1+exp(-0.3775))", 1 / (1 + math.exp(-0.3775))),
    ("σ(0.3775)", 1 / (1 + math.exp(-0.3775))),
    ("ln(2)", math.log(2)),
    ("０．５９３３", 0.5933),  # full-width, typed with a Chinese input method
    ("--1", 1.0),
])
def test_worked_arithmetic_is_read_as_its_value(text, value):
    assert evaluate("answer", text) == pytest.approx(value, rel=1e-15, abs=0)


@pytest.mark.parametrize(("text", "places"), [
    ("0.75", 2), ("0.7514*(1-0.7514)", 4), ("0.5*(0.01-0.75)**2", 2), ("7.514e-1", 4),
    ("12", None), ("2**3", None)])
def test_the_places_are_those_of_the_most_precise_number(text, places):
    assert read("answer", text).places == places


@pytest.mark.parametrize(("text", "code"), [
    ("", "empty"), ("   ", "empty"),
    ("9**9**9", "exponent_too_large"), ("10**400", "exponent_too_large"),
    ("2^65", "exponent_too_large"), ("1e308*10", "not_finite"), ("1e400", "not_finite"),
    ("exp(1000)", "not_finite"), ("(1e300)**2", "not_finite"),
    ("(" * 40 + "1" + ")" * 40, "expr_too_deep"), ("-" * 40 + "1", "expr_too_deep"),
    ("2^" * 30 + "1", "expr_too_deep"),
    ("1/0", "undefined"), ("ln(0)", "undefined"), ("ln(-1)", "undefined"),
    ("(-8)**(1/3)", "undefined"), ("0**-1", "undefined"),
    ("x", "unknown_name"), ("os", "unknown_name"), ("eval(1)", "unknown_name"),
    ("exp", "not_a_number"), ("exp 1", "not_a_number"),
    ("__import__('os')", "not_a_number"), ("().__class__", "not_a_number"),
    ("lambda: 1", "not_a_number"), ("1,5", "not_a_number"), ("2 3", "not_a_number"),
    ("(1", "not_a_number"), ("1)", "not_a_number"), ("1+", "not_a_number"),
    ("*1", "not_a_number"), ("1..2", "not_a_number"), ("[1]", "not_a_number"),
    ("1" * (EXPR_CHARS + 1), "too_long"), ("1" + " " * 200_000 + "1", "too_long"),
])
def test_hostile_and_broken_text_is_refused_with_its_code(text, code):
    with pytest.raises(CodedError) as caught:
        read("answer", text)
    assert caught.value.code == code and caught.value.field == "answer"


def test_the_bounds_are_the_limits_named_in_bpcore_limits():
    assert evaluate("answer", "(" * (EXPR_DEPTH - 1) + "1" + ")" * (EXPR_DEPTH - 1)) == 1
    assert evaluate("answer", f"1^{EXPR_EXPONENT}") == 1
    with pytest.raises(CodedError) as caught:
        read("answer", f"1^{EXPR_EXPONENT + 1}")
    assert caught.value.params == {"limit": EXPR_EXPONENT}


def test_the_worst_text_within_the_length_bound_is_read_at_once():
    worst = ["9**" * 42 + "9", "(" * 64 + ")" * 64, "-" * 127 + "1", "1+" * 63 + "1",
             "exp(" * 25 + "1" + ")" * 25, "1*" * 63 + "1"]
    for text in worst:
        start = time.perf_counter()
        with contextlib.suppress(CodedError):
            read("answer", text[:EXPR_CHARS])
        assert time.perf_counter() - start < 0.05, text


# --- generated expressions: the same value as Python's own arithmetic ---------------------------
def _leaf() -> st.SearchStrategy[tuple[str, float]]:
    numbers = st.floats(min_value=0, max_value=1e6, allow_nan=False, allow_infinity=False)
    return numbers.map(lambda x: (repr(x), x))


def _combine(children: st.SearchStrategy[tuple[str, float | None]]
             ) -> st.SearchStrategy[tuple[str, float | None]]:
    def binary(op: str, a: tuple[str, float | None], b: tuple[str, float | None]
               ) -> tuple[str, float | None]:
        text = f"({a[0]}){op}({b[0]})"
        if a[1] is None or b[1] is None:
            return text, None
        try:
            value = {"+": a[1] + b[1], "-": a[1] - b[1], "*": a[1] * b[1]}[op] if op != "/" \
                else a[1] / b[1]
        except ZeroDivisionError:
            return text, None
        return text, value if math.isfinite(value) else None

    def power(a: tuple[str, float | None], k: int) -> tuple[str, float | None]:
        text = f"({a[0]})**{k}" if k >= 0 else f"({a[0]})**({k})"
        if a[1] is None:
            return text, None
        try:
            value = a[1] ** k
        except (ZeroDivisionError, OverflowError):
            return text, None
        return text, value if math.isfinite(value) else None

    return st.one_of(
        st.builds(binary, st.sampled_from("+-*/"), children, children),
        st.builds(lambda a: (f"-({a[0]})", None if a[1] is None else -a[1]), children),
        st.builds(power, children, st.integers(-3, 3)))


EXPRESSIONS = st.recursive(_leaf(), _combine, max_leaves=5)


@settings(max_examples=300, deadline=None)
@given(EXPRESSIONS)
def test_a_generated_expression_has_the_value_python_gives_it(case):
    text, value = case
    if len(text) > EXPR_CHARS:
        with pytest.raises(CodedError):
            read("answer", text)
        return
    if value is None:  # Python divides by zero or overflows: refused, never a wrong number
        with pytest.raises(CodedError) as caught:
            read("answer", text)
        assert caught.value.code in ("undefined", "not_finite", "expr_too_deep")
        return
    try:
        got = evaluate("answer", text)
    except CodedError as err:
        assert err.code == "expr_too_deep", text
        return
    assert got == value or (got == 0 and value == 0), text


ALPHABET = "0123456789.eE+-*/^()×÷·−⁻²σ expln,x_[]'\"\\{}"


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=EXPR_CHARS + 8) | st.text(max_size=40))
def test_any_text_is_read_or_refused_with_a_coded_error(text):
    try:
        value = evaluate("answer", text)
    except CodedError as err:
        assert err.field == "answer"
        return
    assert math.isfinite(value)
