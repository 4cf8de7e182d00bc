"""Practice: exercises a learner can work by hand, and checking an answer against the trace.

An exercise is a scenario drawn from a seed with two-decimal numbers, so a whole class can get
the same one (same seed) or each student a different one. An answer is right when it is within
one unit in the last displayed place: |answer − value| ≤ 10^(−decimals), which forgives the
rounding a learner carries from earlier steps shown at that precision.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TypeVar

import numpy as np

from bpcore.expr import Reading, read
from bpcore.limits import SEED
from bpcore.netspec import NetSpec
from bpcore.qname import QName
from bpcore.scenario import EDGES, INPUTS, Scenario
from bpcore.stepper_trace import NetTrace
from bpcore.steps import PAGE_PHASES
from bpcore.trace import Trace

T = TypeVar("T")

ETAS = (0.1, 0.25, 0.5, 1.0)


def exercise(seed: int) -> Scenario:
    """A worked-example-shaped scenario from ``seed``: two decimals everywhere, shared biases."""
    rng = np.random.default_rng(seed)

    def pick(low: float, high: float, n: int) -> tuple[float, ...]:
        return tuple(round(float(v), 2) for v in rng.uniform(low, high, n))

    b1, b2 = pick(0.1, 0.9, 2)
    return Scenario(inputs=pick(0.05, 1.0, 2), targets=pick(0.01, 0.99, 2),
                    weights=pick(-1.0, 1.0, 8), biases=(b1, b1, b2, b2),
                    eta=float(rng.choice(ETAS)))


def tolerance(decimals: int) -> float:
    """One unit in the last displayed place."""
    return 10.0 ** -decimals


def read_answer(text: str, field: str = "answer") -> Reading:
    """An answer as typed: a number, or the arithmetic that gives it ("0.7514*(1-0.7514)"),
    read by bpcore.expr (length-bounded first); a CodedError naming ``field`` otherwise."""
    return read(field, text)


def is_right(answer: float, value: float, decimals: int) -> bool:
    """True when ``answer`` matches ``value`` to the displayed precision (see module doc)."""
    return math.isfinite(answer) and abs(answer - value) <= tolerance(decimals) * (1 + 1e-9)


# --- a new exercise on every press ----------------------------------------------------------
MAX_SEED = SEED.hi  # exercise numbers are 0…MAX_SEED (bpcore.limits.SEED)


def next_seed(seed: int | None) -> int:
    """The exercise number after ``seed``: drawn from a generator seeded with ``seed`` (the
    same sequence for everyone, so "the exercise after 7" is shareable), never ``seed`` itself.

    None (no exercise yet) gives 1, the first exercise.
    """
    if seed is None:
        return 1
    drawn = int(np.random.default_rng([seed, 0x5EED]).integers(0, MAX_SEED))
    return drawn if drawn != seed else (seed + 1) % (MAX_SEED + 1)


# --- what each step is computed from ----------------------------------------------------------
def _source(node: str) -> str:
    """The value a node sends along its edge: an input itself, a neuron its out."""
    return node if node in INPUTS else f"out_{node}"


def _into(neuron: str) -> list[tuple[str, str]]:
    """(weight, source value) of the weights into ``neuron``, in weight order."""
    return [(w, _source(src)) for w, (src, dst) in EDGES.items()
            if dst == neuron and w.startswith("w")]


def operand_names(trace: Trace, name: str) -> tuple[str, ...]:
    """The names of the values the step ``name`` substitutes, in its template's slot order
    (as bpcore.steps recorded them on the step). KeyError for a name that is no step."""
    for step in trace.steps:
        if step.name == name:
            return step.operand_names
    raise KeyError(name)


def named_value(trace: Trace, name: str) -> float:
    """A value of the trace, or an input, target or parameter of its scenario."""
    return trace[name] if name in trace else trace.scenario.get(name)


def step_number(trace: Trace, name: str) -> tuple[str, int] | None:
    """(page, 1-based step on that page) where ``name`` is computed; None for a given value
    (an input, target, weight, bias or η). Pages: forward (forward and error), backward, update.
    """
    for page, phases in PAGE_PHASES.items():
        for k, step in enumerate(trace.phase_steps(*phases)):
            if step.name == name:
                return page, k + 1
    return None


# --- a faded worked example -------------------------------------------------------------------
# The unit of fading is one step of the backward pass on the way to w5's update, the issue's
# order: the chain ∂E/∂out_o1 → ∂out_o1/∂net_o1 → δ_o1 → ∂E/∂w5 → w5⁺. Each is one factor (or
# product) of the chain rule, so a blank asks for one idea; the forward values it needs are
# given (the forward pass has its own practice).
FADE_CHAIN = ("dE_dout_o1", "dout_o1_dnet_o1", "delta_o1", "dE_dw5", "w5_new")
FADE_STAGES = len(FADE_CHAIN) + 2  # 0: all worked; k: the last k blank; last: a fresh network


def fade_stages(chain: Sequence[object] = FADE_CHAIN) -> int:
    """How many stages a chain fades over: all worked, one more blank each, a fresh network."""
    return len(chain) + 2


def blanks_of(stage: int, chain: Sequence[T]) -> tuple[T, ...]:
    """The steps of ``chain`` left blank at ``stage``: none at 0, the last ``stage`` ones up to
    all of them, and all of them on the fresh network of the last stage."""
    if not 0 <= stage < fade_stages(chain):
        raise ValueError(f"stage must be 0…{fade_stages(chain) - 1}")
    return tuple(chain[len(chain) - min(stage, len(chain)):])


def fade_blanks(stage: int) -> tuple[str, ...]:
    """The worked example's chain's steps left blank at ``stage`` (blanks_of FADE_CHAIN)."""
    return blanks_of(stage, FADE_CHAIN)


def fade_alone(stage: int, chain: Sequence[object] = FADE_CHAIN) -> bool:
    """True at the last stage: the learner works a freshly seeded network alone."""
    return stage == fade_stages(chain) - 1


def net_fade_chain(trace: NetTrace) -> tuple[QName, ...]:
    """The faded example's chain on a general trace: the way to the update of w^L_11, the
    first weight into the first output, as long as the worked example's at most: what δ^L_1
    of the first sample is worked from (∂E/∂out^L_1 and ∂out/∂net when δ uses them: with a
    derivative that cancels, δ = out − t needs neither), δ^L_1, then ∂E/∂w^L_11 (in a batch
    the mean, the other samples' δ given) and w^L_11⁺."""
    L = trace.spec.layers
    delta = trace.step(QName("delta", L, 1, sample=1))
    feeds = [q for q in (QName("dE_dout", L, 1, sample=1), QName("dout_dnet", L, 1, sample=1))
             if q in trace and q in delta.operand_qnames]
    return (*feeds, QName("delta", L, 1, sample=1), QName("dE_dw", L, 1, 1),
            QName("w_new", L, 1, 1))


def fresh_net(spec: NetSpec, seed: int) -> NetSpec:
    """A network of the same shape, activations, loss, batch size and η drawn from ``seed``
    (bpcore.netspec.NetSpec.random): the faded example's last stage, worked alone."""
    return NetSpec.random(spec.sizes, spec.activations, spec.loss, seed, samples=spec.samples,
                          eta=spec.eta, train_biases=spec.train_biases)


# --- predictions ---------------------------------------------------------------------------------
def sign_of(value: float) -> str:
    """"positive", "negative" or "zero"."""
    return "positive" if value > 0 else "negative" if value < 0 else "zero"


def size_against(value: float, previous: float) -> str:
    """"bigger" or "smaller" (or "same"): |value| against |previous|, the last value found."""
    a, b = abs(value), abs(previous)
    return "bigger" if a > b else "smaller" if a < b else "same"

