"""Practice: exercises a learner can work by hand, and checking an answer against the trace.

An exercise is a scenario drawn from a seed with two-decimal numbers, so a whole class can get
the same one (same seed) or each student a different one. An answer is right when it is within
one unit in the last displayed place: |answer − value| ≤ 10^(−decimals), which forgives the
rounding a learner carries from earlier steps shown at that precision.
"""

from __future__ import annotations

import math

import numpy as np

from bpcore.scenario import Scenario

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


def is_right(answer: float, value: float, decimals: int) -> bool:
    """True when ``answer`` matches ``value`` to the displayed precision (see module doc)."""
    return math.isfinite(answer) and abs(answer - value) <= tolerance(decimals) * (1 + 1e-9)
