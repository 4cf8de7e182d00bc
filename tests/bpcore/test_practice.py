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


# --- what each step substitutes, new seeds, the fading stages, predictions -------------------
from bpcore import Scenario  # noqa: E402
from bpcore.practice import (  # noqa: E402
    FADE_CHAIN,
    FADE_STAGES,
    fade_alone,
    fade_blanks,
    named_value,
    next_seed,
    operand_names,
    sign_of,
    size_against,
    step_number,
)


@pytest.mark.parametrize("scenario", [Scenario.worked_example(), exercise(5), exercise(77),
                                      Scenario(train_biases=True)], ids=["worked", "5", "77",
                                                                         "biases"])
def test_operand_names_name_exactly_the_numbers_each_step_substitutes(scenario):
    trace = trace_step(scenario)
    for step in trace.steps:
        names = operand_names(trace, step.name)
        assert tuple(named_value(trace, n) for n in names) == step.operands, step.name


def test_an_unknown_step_has_no_operands():
    with pytest.raises(KeyError):
        operand_names(trace_step(Scenario()), "E_banana")


def test_each_new_seed_differs_from_the_last_and_the_sequence_is_shareable():
    seeds = [1]
    for _ in range(20):
        seeds.append(next_seed(seeds[-1]))
    assert len(set(seeds)) == len(seeds)
    assert next_seed(seeds[3]) == seeds[4]  # the exercise after n is the same for everyone
    assert next_seed(None) == 1
    assert all(0 <= s < 2**31 for s in seeds)


def test_step_numbers_say_page_and_place_and_givens_have_none():
    trace = trace_step(Scenario.worked_example())
    assert step_number(trace, "out_h1") == ("forward", 2)
    assert step_number(trace, "delta_o1") == ("backward", 3)
    assert step_number(trace, "w5_new") == ("update", 1)
    assert step_number(trace, "w5") is None and step_number(trace, "eta") is None


def test_fading_goes_from_fully_worked_to_fully_blank_then_a_fresh_network():
    stages = [fade_blanks(k) for k in range(FADE_STAGES)]
    assert stages[0] == ()
    assert stages[1] == ("w5_new",)  # the last step first: the w5 update
    assert stages[2] == ("dE_dw5", "w5_new")
    assert stages[len(FADE_CHAIN)] == FADE_CHAIN
    assert stages[-1] == FADE_CHAIN and fade_alone(FADE_STAGES - 1)
    assert not any(fade_alone(k) for k in range(FADE_STAGES - 1))
    with pytest.raises(ValueError):
        fade_blanks(FADE_STAGES)


def test_predictions_compare_sign_and_size():
    trace = trace_step(Scenario.worked_example())
    assert sign_of(trace["delta_o1"]) == "positive" and sign_of(trace["delta_o2"]) == "negative"
    assert sign_of(0.0) == "zero"
    assert size_against(trace["delta_o1"], trace["dE_dout_o1"]) == "smaller"
    assert size_against(-2.0, 1.0) == "bigger" and size_against(1.0, -1.0) == "same"
