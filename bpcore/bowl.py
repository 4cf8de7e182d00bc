"""Gradient descent on a quadratic bowl J(w) = ½·a·(w − w*)²: the learning rate's lesson.

One step is w ← w − η·J′(w) = w − η·a·(w − w*), so the distance to the minimum is multiplied by
the same factor every step: w_(i+1) − w* = (1 − η·a)·(w_i − w*), and J_(i+1) = (1 − η·a)²·J_i.
Hence the thresholds, computed here and shown by the page:
- η < 1/a: 0 < 1 − η·a < 1, every step lands short of w* (a small η crawls);
- η = 1/a: one step lands on w*;
- 1/a < η < 2/a: −1 < 1 − η·a < 0, every step jumps over w* but lands closer (it oscillates in);
- η > 2/a: 1 − η·a < −1, every jump lands farther away: it diverges.
The sigmoid 2-2-2 has no such threshold up to η = 1000: its gradients are bounded (σ′ ≤ 1/4, and
the outputs saturate), so a huge step stalls in saturation instead of growing without bound.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from bpcore.errors import CodedError
from bpcore.limits import ETA

MIN_CURVATURE = 0.01
MAX_CURVATURE = 100.0
MAX_BOWL_ITERATIONS = 1000


@dataclass(frozen=True)
class Bowl:
    """J(w) = ½·a·(w − w*)², started from w0: curvature a = J″ > 0, minimum at w*."""

    a: float = 2.0
    w_star: float = 1.0
    w0: float = -1.0

    def __post_init__(self) -> None:
        if not (math.isfinite(self.a) and MIN_CURVATURE <= self.a <= MAX_CURVATURE):
            raise CodedError("a", "out_of_range", value=self.a, lo=MIN_CURVATURE,
                             hi=MAX_CURVATURE)
        for name in ("w_star", "w0"):
            if not math.isfinite(getattr(self, name)):
                raise CodedError(name, "not_finite", value=getattr(self, name))

    def value(self, w: np.ndarray | float) -> np.ndarray:
        """J(w) = ½·a·(w − w*)², elementwise, any shape."""
        return 0.5 * self.a * (np.asarray(w, dtype=float) - self.w_star) ** 2

    def slope(self, w: np.ndarray | float) -> np.ndarray:
        """J′(w) = a·(w − w*), elementwise, any shape."""
        return self.a * (np.asarray(w, dtype=float) - self.w_star)

    @property
    def one_step(self) -> float:
        """1/a: the η whose first step lands on w*; above it every step overshoots w*."""
        return 1.0 / self.a

    @property
    def diverges_above(self) -> float:
        """2/a: above this η each step lands farther from w* than the one before."""
        return 2.0 / self.a

    def factor(self, eta: float) -> float:
        """1 − η·a: what one step multiplies the distance w − w* by."""
        return 1.0 - eta * self.a


@dataclass(frozen=True)
class BowlRun:
    """n steps at one η: weights and errors (m + 1,), row i after i steps (row 0: w0).

    m = ``iterations`` steps completed; when J stopped being finite at step ``stopped_at``,
    the rows end at the last finite one.
    """

    eta: float
    weights: np.ndarray
    errors: np.ndarray
    iterations: int
    stopped_at: int | None = None

    @property
    def diverged(self) -> bool:
        """True when the run stopped because J overflowed."""
        return self.stopped_at is not None

    @property
    def steps(self) -> np.ndarray:
        """Each step's change of w, shape (m, 1) (the verdict reads overshoot from it)."""
        return np.diff(self.weights)[:, None]


def descend(bowl: Bowl, etas: Sequence[float], iterations: int) -> tuple[BowlRun, ...]:
    """``iterations`` steps w ← w − η·a·(w − w*) at every η of ``etas`` at once (shape (K,)).

    A run whose J overflows stops at its first non-finite value; the others are unaffected.
    """
    if isinstance(iterations, bool) or not isinstance(iterations, (int, np.integer)):
        raise CodedError("iterations", "not_whole", value=repr(iterations))
    if not 0 <= iterations <= MAX_BOWL_ITERATIONS:
        raise CodedError("iterations", "out_of_range", value=iterations, lo=0,
                         hi=MAX_BOWL_ITERATIONS)
    rates = np.array([float(e) for e in etas], dtype=float)
    if rates.size == 0 or not all(math.isfinite(r) and ETA.contains(r) for r in rates):
        raise CodedError("eta", "out_of_range", lo=ETA.lo, hi=ETA.hi)
    w = np.empty((rates.size, iterations + 1))
    w[:, 0] = bowl.w0
    with np.errstate(all="ignore"):
        for i in range(iterations):
            w[:, i + 1] = w[:, i] - rates * bowl.slope(w[:, i])
        errors = bowl.value(w)
    runs = []
    for k, eta in enumerate(rates):
        bad = ~(np.isfinite(errors[k]) & np.isfinite(w[k]))
        stop = int(bad.argmax()) if bad.any() else None
        end = iterations + 1 if stop is None else stop
        runs.append(BowlRun(float(eta), w[k, :end].copy(), errors[k, :end].copy(), end - 1,
                            stop))
    return tuple(runs)
