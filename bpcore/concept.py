"""A concept check: ten multiple-choice questions on the forward pass, the chain rule, δ, the
update, the learning rate and batches, built from a seeded exercise's own numbers, each wrong
choice a known slip (bpcore.mistakes) — and the normalised gain of a class that took it
before and after a lesson.

``concept_check(seed)`` draws the exercise (bpcore.practice.exercise) and asks the same ten
things of every seed, in the same order: a pre-test and a post-test drawn with two seeds differ
in their numbers, not in what they ask (their difficulty). A question's choices are its right
value and up to three slips of that step (the step's own mistakes, in the catalogue's order,
kept only when they are plainly apart; too few, and a flipped sign or a size off by a factor
fills in), shuffled by the seed. What the
learner should revisit is the topic of each question answered wrong.

Normalised gain (Hake): g = (post − pre) / (1 − pre) for scores in [0, 1] — the share of what
was left to learn that was learned; undefined (None) when the pre-test was already perfect.
A class's gain is that of its mean scores.

A class that took a check (the live classroom's pre- and post-test): each learner's picks
graded once (``grade``: right or not, and the slip a wrong pick is), then counted per question
(``tally``: how many took it, how many were right, the slips picked, most common first) and
per class (``mean_score``). A pre- and a post-test drawn with two seeds ask the same questions
in the same order, so their tallies compare question by question.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from bpcore.mistakes import slips
from bpcore.practice import exercise
from bpcore.trace import Trace, trace_step

DECIMALS = 4  # the precision the choices are written at and must differ at
CHOICES = 4  # the right value and up to three slips

# (topic, the step asked for): the order, and so the difficulty, of every check.
QUESTIONS: tuple[tuple[str, str], ...] = (
    ("forward", "net_h1"),
    ("forward", "out_o1"),
    ("forward", "E_o1"),
    ("chain_rule", "dE_dout_o1"),
    ("chain_rule", "dout_o1_dnet_o1"),
    ("delta", "delta_o1"),
    ("delta", "dE_dout_h1"),
    ("chain_rule", "dE_dw5"),
    ("update", "w5_new"),
    ("learning_rate", "w5_new"),
)
TOPICS = ("forward", "chain_rule", "delta", "update", "learning_rate", "batches")
FILLERS = ("sign_flipped", "doubled", "halved", "shifted")  # wrong choices that are no slip


@dataclass(frozen=True)
class Question:
    """One question: what it asks (``step`` of the exercise, under ``topic``), its choices
    (numbers), the known slip behind each (None for the right one) and the right choice."""

    topic: str
    step: str
    choices: tuple[float, ...]
    slips: tuple[str | None, ...]
    answer: int
    eta: float  # the learning rate the question uses (the learning-rate question doubles it)
    given: tuple[float, ...] = ()  # numbers the question states (batches: the two gradients)


APART = 0.03  # choices differ by 3 % of the larger (and 5 units of the last place) at least


def _apart(x: float, taken: Sequence[float]) -> bool:
    """True when ``x`` is plainly another number than every one taken (−0.0204 and −0.0203
    would only test reading, not understanding)."""
    return all(abs(x - y) >= max(5 * 10.0 ** -DECIMALS, APART * max(abs(x), abs(y)))
               for y in taken)


def _fill(choices: list[float], names: list[str | None], right: float) -> None:
    """Too few wrong choices plainly apart: a flipped sign, then sizes off by a factor or a
    step (named so: FILLERS, not slips of the catalogue), up to CHOICES."""
    for x, key in ((-right, "sign_flipped"), (2 * right, "doubled"), (right / 2, "halved"),
                   (right + 0.1, "shifted"), (right - 0.1, "shifted")):
        if len(choices) < CHOICES and _apart(x, choices):
            choices.append(x)
            names.append(key)


def _question(trace: Trace, topic: str, step: str, rng: np.random.Generator) -> Question:
    right = trace[step]
    eta = trace.scenario.eta
    wrong: list[tuple[float, str]] = []
    if topic == "learning_rate":  # w⁺ with η doubled: the step doubles, it does not halve
        grad, w = trace["dE_dw5"], trace.scenario.get("w5")
        eta = 2 * trace.scenario.eta
        right = w - eta * grad
        wrong = [(w - trace.scenario.eta * grad, "eta_unchanged"),
                 (w - trace.scenario.eta / 2 * grad, "eta_halved"),
                 (w + eta * grad, "added_step")]
    else:
        wrong = [(x, key) for key, x, _ in slips(trace, step)]
    choices: list[float] = [right]
    names: list[str | None] = [None]
    for x, key in wrong:
        if len(choices) < CHOICES and _apart(x, choices):
            choices.append(x)
            names.append(key)
    _fill(choices, names, right)
    order = rng.permutation(len(choices))
    return Question(topic, step, tuple(float(choices[k]) for k in order),
                    tuple(names[k] for k in order), int(np.argmax(order == 0)), eta)


def _batch_question(seed: int, rng: np.random.Generator) -> Question:
    """The batch gradient of two examples is the mean of their gradients (∂E/∂w5 of the
    exercises ``seed`` and the next one), not their sum, nor the mean averaged once more."""
    g1 = trace_step(exercise(seed))["dE_dw5"]
    g2 = trace_step(exercise((seed + 1) % 2**31))["dE_dw5"]
    right = (g1 + g2) / 2
    choices: list[float] = [right]
    names: list[str | None] = [None]
    for x, key in (((g1 + g2), "summed"), (right / 2, "averaged_twice"), (g1, "one_example")):
        if _apart(x, choices):
            choices.append(x)
            names.append(key)
    _fill(choices, names, right)
    order = rng.permutation(len(choices))
    return Question("batches", "dE_dw5", tuple(float(choices[k]) for k in order),
                    tuple(names[k] for k in order), int(np.argmax(order == 0)),
                    exercise(seed).eta, (g1, g2))


def concept_check(seed: int) -> tuple[Question, ...]:
    """The check drawn with ``seed``: QUESTIONS on exercise(seed), then one on batches."""
    rng = np.random.default_rng([seed, 0xC0C])
    trace = trace_step(exercise(seed))
    asked = tuple(_question(trace, topic, step, rng) for topic, step in QUESTIONS)
    return (*asked, _batch_question(seed, rng))


def score(questions: Sequence[Question], picked: Sequence[int | None]) -> float:
    """The share of questions answered right (an unanswered one counts wrong), in [0, 1]."""
    if not questions:
        return 0.0
    right = sum(p == q.answer for q, p in zip(questions, picked, strict=True))
    return right / len(questions)


def revisit(questions: Sequence[Question], picked: Sequence[int | None]) -> tuple[str, ...]:
    """The topics of the questions answered wrong, each once, in the check's order."""
    return tuple(dict.fromkeys(q.topic for q, p in zip(questions, picked, strict=True)
                               if p != q.answer))


def gain(pre: float, post: float) -> float | None:
    """Normalised gain (Hake) of two scores in [0, 1]:

        g = (post − pre) / (1 − pre)

    the share of what was left to learn after the pre-test that was learned by the post-test
    (1: all of it; 0: nothing; negative: the class did worse). None when pre = 1: a perfect
    pre-test leaves nothing to gain, and g is undefined. ValueError for a score outside [0, 1].
    """
    if not (0.0 <= pre <= 1.0 and 0.0 <= post <= 1.0):
        raise ValueError("scores are shares in [0, 1]")
    return None if pre >= 1.0 else (post - pre) / (1.0 - pre)


def class_gain(pre: Sequence[float], post: Sequence[float]) -> float | None:
    """The class's normalised gain: g = (post − pre) / (1 − pre) with pre and post the
    class's mean scores (each in [0, 1]; the two lists need not be the same learners or as
    long). None when either list is empty (nobody took that test) or the mean pre-test
    score is 1 (no room to gain)."""
    if not pre or not post:
        return None
    return gain(sum(pre) / len(pre), sum(post) / len(post))


@dataclass(frozen=True)
class Graded:
    """One learner's check, graded: each pick (None: unanswered), whether it is right, and the
    slip a wrong pick is (None for a right or unanswered one)."""

    picks: tuple[int | None, ...]
    right: tuple[bool, ...]
    slips: tuple[str | None, ...]

    @property
    def score(self) -> float:
        """The share answered right, in [0, 1] (0 for an empty check)."""
        return sum(self.right) / len(self.right) if self.right else 0.0


def grade(questions: Sequence[Question], picks: Sequence[int | None]) -> Graded:
    """Grade one learner's ``picks`` (a choice's index per question, None: unanswered).

    ValueError when there is not one pick per question or a pick is not one of its
    question's choices (the caller reads untrusted picks and refuses those first)."""
    if len(picks) != len(questions):
        raise ValueError(f"{len(picks)} picks for {len(questions)} questions")
    for q, p in zip(questions, picks, strict=True):
        if p is not None and not 0 <= p < len(q.choices):
            raise ValueError(f"pick {p} of {len(q.choices)} choices")
    return Graded(tuple(picks), tuple(p == q.answer for q, p in zip(questions, picks, strict=True)),
                  tuple(None if p is None else q.slips[p]
                        for q, p in zip(questions, picks, strict=True)))


@dataclass(frozen=True)
class Tally:
    """A class's answers to one question: how many took the check (``took``), how many
    were right, and each slip picked with how many picked it, most common first (ties in the
    order of the choices)."""

    topic: str
    step: str
    took: int
    right: int
    slips: tuple[tuple[str, int], ...]

    @property
    def share_right(self) -> float | None:
        """right ÷ took, in [0, 1]; None when nobody took the check."""
        return self.right / self.took if self.took else None

    @property
    def most_common(self) -> str | None:
        """The slip picked most often (None: no wrong pick was a slip)."""
        return self.slips[0][0] if self.slips else None


def tally(questions: Sequence[Question], graded: Sequence[Graded]) -> tuple[Tally, ...]:
    """Count a class's graded checks question by question (every check graded against
    ``questions``; an unanswered question counts as taken and wrong, as in ``score``)."""
    found: list[Tally] = []
    for k, q in enumerate(questions):
        counts = Counter(g.slips[k] for g in graded if g.slips[k] is not None)
        order = {key: i for i, key in enumerate(dict.fromkeys(x for x in q.slips if x))}
        slips = sorted(((key, n) for key, n in counts.items() if key is not None),
                       key=lambda kn: (-kn[1], order.get(kn[0], len(order))))
        found.append(Tally(q.topic, q.step, len(graded), sum(g.right[k] for g in graded),
                           tuple(slips)))
    return tuple(found)


def mean_score(graded: Sequence[Graded]) -> float | None:
    """The class's mean score in [0, 1]; None when nobody took the check."""
    return sum(g.score for g in graded) / len(graded) if graded else None
