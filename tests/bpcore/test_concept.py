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
    grade,
    mean_score,
    revisit,
    score,
    tally,
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


def test_a_perfect_pre_test_leaves_no_room_to_gain_and_an_empty_class_has_no_gain():
    assert gain(1.0, 0.5) is None  # pre = 1: (post − 1)/0 is undefined, not −∞
    assert class_gain([1.0, 1.0], [1.0, 0.0]) is None
    assert class_gain([], []) is None and class_gain([0.5], []) is None
    assert gain(0.0, 1.0) == 1.0 and gain(0.0, 0.0) == 0.0
    # more learners after than before: each test's own mean, (0.75 − 0.5)/(1 − 0.5)
    assert class_gain([0.5], [0.5, 1.0]) == pytest.approx(0.5)


def wrong_pick(question, slip=None):
    """The index of a wrong choice (the one that is ``slip`` when given)."""
    return next(k for k, s in enumerate(question.slips)
                if k != question.answer and (slip is None or s == slip))


def test_a_learners_picks_are_graded_with_the_slip_each_wrong_pick_is():
    check = concept_check(11)
    picks = [q.answer for q in check]
    picks[0] = wrong_pick(check[0])
    picks[1] = None
    graded = grade(check, picks)
    assert graded.right == (False, False, *([True] * (len(check) - 2)))
    assert graded.slips[0] == check[0].slips[picks[0]] and graded.slips[0] is not None
    assert graded.slips[1] is None and set(graded.slips[2:]) == {None}
    assert graded.score == pytest.approx((len(check) - 2) / len(check)) == score(check, picks)
    with pytest.raises(ValueError):
        grade(check, picks[:-1])
    with pytest.raises(ValueError):
        grade(check, [len(check[0].choices), *picks[1:]])


def test_a_class_is_tallied_question_by_question_with_its_most_common_slip():
    check = concept_check(12)
    right = [q.answer for q in check]
    first = check[0]
    slipped = [k for k, s in enumerate(first.slips) if k != first.answer]
    a = grade(check, right)
    b = grade(check, [slipped[0], *right[1:]])
    c = grade(check, [slipped[0], *right[1:]])
    d = grade(check, [slipped[1], None, *right[2:]])
    counted = tally(check, [a, b, c, d])
    assert len(counted) == len(check)
    assert (counted[0].took, counted[0].right, counted[0].share_right) == (4, 1, 0.25)
    assert counted[0].slips == ((first.slips[slipped[0]], 2), (first.slips[slipped[1]], 1))
    assert counted[0].most_common == first.slips[slipped[0]]
    assert (counted[1].right, counted[1].slips, counted[1].most_common) == (3, (), None)
    assert all(t.share_right == 1.0 for t in counted[2:])
    assert [(t.topic, t.step) for t in counted] == [(q.topic, q.step) for q in check]
    assert mean_score([a, b, c, d]) == pytest.approx(
        (1 + 2 * (10 / 11) + 9 / 11) / 4)
    assert tally(check, [])[0].share_right is None and mean_score([]) is None
