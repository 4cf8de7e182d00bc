"""Practice exercises from a seed; answers checked at the tolerance boundaries."""

import pytest

from bpcore import trace_step
from bpcore.practice import exercise, is_right, tolerance


def test_the_same_seed_gives_the_same_exercise_and_another_seed_another():
    assert exercise(42) == exercise(42)
    assert exercise(42) != exercise(43)


def test_exercises_have_two_decimal_numbers_and_shared_biases():
    s = exercise(7)
    for v in (*s.inputs, *s.targets, *s.weights, *s.biases):
        assert round(v, 2) == v
    assert s.shared_bias("b1") and s.shared_bias("b2")
    assert trace_step(s)["E_total"] > 0


@pytest.mark.parametrize("decimals", [2, 4, 7])
def test_answers_at_and_past_the_tolerance(decimals):
    value = trace_step(exercise(1))["out_h1"]
    tol = tolerance(decimals)
    assert is_right(value, value, decimals)
    assert is_right(value + tol, value, decimals) and is_right(value - tol, value, decimals)
    assert not is_right(value + 1.01 * tol, value, decimals)
    assert not is_right(value - 1.01 * tol, value, decimals)
    assert not is_right(float("nan"), value, decimals)


def test_an_answer_rounded_to_the_display_is_right():
    value = trace_step(exercise(3))["net_o1"]
    assert is_right(round(value, 4), value, 4)
