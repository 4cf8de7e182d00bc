"""Optimisers side by side on a two-weight quadratic: a round bowl and a narrow ravine.

    J(w) = ½·(a₁·(w₁ − w₁*)² + a₂·(w₂ − w₂*)²),    ∇J(w) = (a₁·(w₁ − w₁*), a₂·(w₂ − w₂*)).

On the bowl (a₁ = a₂) every direction is alike and plain SGD does well. In the ravine a₂ is 200
times a₁: SGD is stable only for η < 2/a₂, and at such an η it crawls along the flat floor (the
distance there shrinks by 1 − η·a₁ per step). Momentum keeps the speed it gathers along the
floor (its velocity v ← β·v + g adds up to about g/(1 − β)) while its zig-zag across the steep
walls cancels; RMSProp and Adam divide each coordinate's step by the root mean square of its own
gradients, so the floor and the walls are walked at about the same pace.

Each optimiser's run (bpcore.optimisers: the builder's own rules, step for step) records its path
w_0 … w_n (n + 1, 2), J at each point (n + 1,), the verdict its curve earns (bpcore.descent, with
the steps, so a zig-zag is called oscillating) and ``reached``: the first step at which
J ≤ descent.TOLERANCE·J₀, or None — the figure that says who was fastest.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np

from bpcore.descent import TOLERANCE, verdict
from bpcore.errors import CodedError
from bpcore.limits import VALLEY_ETA
from bpcore.optimisers import OptimiserSpec, make

MAX_VALLEY_ITERATIONS = 1000
ESCAPE = 1e6  # a weight this far from the minimum has diverged: the run stops there


@dataclass(frozen=True)
class Valley:
    """J(w) = ½·Σ a_i·(w_i − w*_i)² over two weights, started from ``w0``."""

    a1: float
    a2: float
    w_star: tuple[float, float] = (1.0, 0.0)
    w0: tuple[float, float] = (-1.0, 1.0)

    @property
    def curvatures(self) -> np.ndarray:
        """(a₁, a₂), shape (2,)."""
        return np.array([self.a1, self.a2])

    def value(self, w: np.ndarray) -> np.ndarray:
        """J at w, shape (..., 2) → (...)."""
        return 0.5 * np.sum(self.curvatures * (np.asarray(w) - self.w_star) ** 2, axis=-1)

    def gradient(self, w: np.ndarray) -> np.ndarray:
        """∇J at w, shape (2,) → (2,)."""
        return self.curvatures * (w - np.asarray(self.w_star))


VALLEYS = MappingProxyType({"bowl": Valley(1.0, 1.0), "ravine": Valley(0.2, 40.0)})
# Each rule with the step size that suits it on these valleys (a teacher may change them):
# SGD and momentum at the same η, below the ravine's 2/a₂ = 0.05; RMSProp (ρ = 0.9) and Adam
# take steps of about η in each coordinate, whatever the gradient's size.
RACERS: tuple[tuple[OptimiserSpec, float], ...] = (
    (OptimiserSpec("sgd"), 0.04), (OptimiserSpec("momentum", beta1=0.9), 0.04),
    (OptimiserSpec("rmsprop", beta2=0.9), 0.02), (OptimiserSpec("adam"), 0.05))


@dataclass(frozen=True)
class ValleyRun:
    """One optimiser's descent: its rule and η, the path (n + 1, 2), J per point (n + 1,),
    whether it diverged (then the arrays end where it stopped), the verdict of its curve and
    the first step with J ≤ TOLERANCE·J₀ (None if none)."""

    spec: OptimiserSpec
    eta: float
    path: np.ndarray
    errors: np.ndarray
    diverged: bool
    verdict: str
    reached: int | None


def descend(valley: Valley, spec: OptimiserSpec, eta: float, iterations: int) -> ValleyRun:
    """``iterations`` steps of ``spec`` at ``eta`` from valley.w0: w ← rule(w, ∇J(w))."""
    VALLEY_ETA.check("eta", eta)
    if not (isinstance(iterations, int) and 1 <= iterations <= MAX_VALLEY_ITERATIONS):
        raise CodedError("iterations", "out_of_range", value=iterations, lo=1,
                         hi=MAX_VALLEY_ITERATIONS)
    w = np.array(valley.w0, dtype=float)
    optimiser = make(spec, eta, [w])
    path = [w.copy()]
    diverged = False
    with np.errstate(all="ignore"):
        for _ in range(iterations):
            optimiser.update([w], [valley.gradient(w)])
            if not np.all(np.isfinite(w)) or np.max(np.abs(w)) > ESCAPE:
                diverged = True
                break
            path.append(w.copy())
    points = np.array(path)
    errors = valley.value(points)
    limit = TOLERANCE * float(errors[0])
    reached = next((i for i, e in enumerate(errors) if e <= limit), None)
    return ValleyRun(spec, eta, points, errors, diverged,
                     verdict(errors, diverged, np.diff(points, axis=0)), reached)


def race(valley: Valley, racers: Sequence[tuple[OptimiserSpec, float]],
         iterations: int) -> tuple[ValleyRun, ...]:
    """Every (rule, η) of ``racers`` descending the same valley from the same start."""
    return tuple(descend(valley, spec, eta, iterations) for spec, eta in racers)


def floor_factor(valley: Valley, eta: float) -> float:
    """|1 − η·a₁|: what plain SGD keeps of its distance along the flat direction per step."""
    return abs(1.0 - eta * min(valley.a1, valley.a2))


def stable_below(valley: Valley) -> float:
    """2/max(a₁, a₂): plain SGD's largest stable η (above it the steep direction diverges)."""
    return 2.0 / max(valley.a1, valley.a2)

