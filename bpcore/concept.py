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
"""

from __future__ import annotations

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
    """Normalised gain (post − pre) / (1 − pre) of two scores in [0, 1]; None when pre = 1."""
    if not (0.0 <= pre <= 1.0 and 0.0 <= post <= 1.0):
        raise ValueError("scores are shares in [0, 1]")
    return None if pre >= 1.0 else (post - pre) / (1.0 - pre)


def class_gain(pre: Sequence[float], post: Sequence[float]) -> float | None:
    """The class's normalised gain: that of its mean pre and mean post scores (None with no
    scores, or a perfect pre-test)."""
    if not pre or not post:
        return None
    return gain(sum(pre) / len(pre), sum(post) / len(post))
