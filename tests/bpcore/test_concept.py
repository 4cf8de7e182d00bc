"""The concept check: ten questions plus batches from a seeded exercise, each wrong choice a
known slip; pre and post differ in numbers, not in what they ask; normalised gain by hand."""

import pytest

from bpcore import trace_step
from bpcore.concept import (
    CHOICES,
    FILLERS,
    QUESTIONS,
    class_gain,
    concept_check,
    gain,
    revisit,
    score,
)
from bpcore.mistakes import diagnose
from bpcore.practice import exercise


def test_the_same_seed_gives_the_same_check_and_another_seed_other_numbers_same_questions():
    pre, again, post = concept_check(3), concept_check(3), concept_check(4)
    assert pre == again
    assert [(q.topic, q.step) for q in pre] == [(q.topic, q.step) for q in post]
    assert len(pre) == len(QUESTIONS) + 1 and pre[-1].topic == "batches"
    assert [q.choices for q in pre] != [q.choices for q in post]
    assert {q.topic for q in pre} == {"forward", "chain_rule", "delta", "update",
                                      "learning_rate", "batches"}


@pytest.mark.parametrize("seed", [1, 2, 31, 977])
def test_each_question_has_its_right_value_and_wrong_choices_that_are_named_slips(seed):
    trace = trace_step(exercise(seed))
    for q in concept_check(seed)[:-2]:  # the questions on the exercise's own steps
        assert len(q.choices) == CHOICES, q
        assert q.choices[q.answer] == pytest.approx(trace[q.step])
        assert q.slips[q.answer] is None
        shown = [round(c, 4) for c in q.choices]
        assert len(set(shown)) == len(shown)  # every choice reads apart at 4 places
        for choice, slip in zip(q.choices, q.slips, strict=True):
            if slip is not None and slip not in FILLERS:
                found = diagnose(trace, q.step, choice, 10)
                assert found is not None and found.key == f"mistake.{slip}", (q.step, slip)


def test_the_learning_rate_and_batch_questions_ask_what_they_say():
    check = concept_check(5)
    trace = trace_step(exercise(5))
    rate = next(q for q in check if q.topic == "learning_rate")
    assert rate.eta == 2 * exercise(5).eta
    assert rate.choices[rate.answer] == pytest.approx(
        exercise(5).get("w5") - 2 * exercise(5).eta * trace["dE_dw5"])
    batch = check[-1]
    g1, g2 = trace["dE_dw5"], trace_step(exercise(6))["dE_dw5"]
    assert batch.choices[batch.answer] == pytest.approx((g1 + g2) / 2)
    assert "averaged_twice" in batch.slips


def test_the_score_and_what_to_revisit():
    check = concept_check(7)
    right = [q.answer for q in check]
    assert score(check, right) == 1.0 and revisit(check, right) == ()
    wrong_first_two = [None, (check[1].answer + 1) % len(check[1].choices), *right[2:]]
    assert score(check, wrong_first_two) == pytest.approx(9 / 11)
    assert revisit(check, wrong_first_two) == ("forward",)


def test_normalised_gain_by_hand():
    assert gain(0.4, 0.7) == pytest.approx(0.5)  # (0.7 − 0.4) / (1 − 0.4)
    assert gain(0.5, 0.5) == 0.0 and gain(0.6, 0.3) == pytest.approx(-0.75)
    assert gain(1.0, 1.0) is None
    # two students: pre 0.2 and 0.4 (mean 0.3), post 0.6 and 0.8 (mean 0.7): (0.7 − 0.3)/0.7
    assert class_gain([0.2, 0.4], [0.6, 0.8]) == pytest.approx(0.4 / 0.7)
    assert class_gain([], [0.5]) is None
    with pytest.raises(ValueError):
        gain(1.2, 0.5)
