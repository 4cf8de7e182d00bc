"""What a learning rate did, read from its curve: diverged, oscillating, too slow, converging.

The thresholds are teaching choices, stated here once (E_0 the start, E_n the end):
- diverged: the error became non-finite, or ended higher than it started (E_n > E_0). With
  sigmoid units the 2-2-2 error stays finite even at η = 1000, so for the worked example a
  too-large η shows as an error that jumps up and stays there (saturated sigmoids);
- oscillating: the error went *up* on at least RISE_SHARE of the updates (gradient descent with
  a small enough η never raises the error; overshooting the minimum does), or — when the
  steps are given — the step turned back (its dot product with the step before is negative) on
  at least REVERSAL_SHARE of the updates: every step jumps over the minimum. On a bowl
  J = ½·a·(w − w*)² with 1/a < η < 2/a the error falls every step while w zig-zags around w*,
  so only the steps show the overshoot;
- too slow (it crawls, or it stalled): neither of those, but E_n is still above TOLERANCE·E_0,
  or the error has stopped falling — the second half of the run lowered it by less than
  STALL — while still above FLOOR·E_0 (a huge η can push the sigmoids into saturation,
  where the gradient vanishes and the error freezes short of the minimum);
- converging: otherwise — the error fell below TOLERANCE·E_0 without rising, and is either
  still falling or at the minimum to rounding.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

VERDICTS = ("diverged", "oscillating", "too_slow", "converging")
TOLERANCE = 1e-3
RISE_SHARE = 0.01
STALL = 0.01
FLOOR = 1e-12
REVERSAL_SHARE = 0.5
# A rise smaller than this share of the error is rounding, not overshoot.
NOISE = 1e-12


def rise_share(errors: Sequence[float] | np.ndarray) -> float:
    """The share of updates that raised the error: mean over i of [E_(i+1) − E_i > NOISE·|E_i|].

    errors has shape (n + 1,); 0.0 for fewer than two rows.
    """
    e = np.asarray(errors, dtype=float)
    if e.size < 2:
        return 0.0
    return float(np.mean(np.diff(e) > NOISE * np.abs(e[:-1])))


def reversal_share(steps: np.ndarray) -> float:
    """The share of updates whose step turned back: mean over i of [Δ_i · Δ_(i+1) < 0].

    steps has shape (n, d): row i is the change of the d parameters by update i; 0.0 for fewer
    than two rows. A step of exactly zero (the minimum reached) never counts as turning back.
    """
    d = np.asarray(steps, dtype=float)
    if d.ndim != 2 or d.shape[0] < 2:
        return 0.0
    return float(np.mean(np.einsum("ij,ij->i", d[:-1], d[1:]) < 0))


def verdict(errors: Sequence[float] | np.ndarray, diverged: bool = False,
            steps: np.ndarray | None = None) -> str:
    """The verdict (one of VERDICTS) for one curve of errors, shape (n + 1,): row i after i updates.

    ``diverged`` marks a run that training stopped at a non-finite error; ``steps`` (n, d), when
    given, are the parameter changes of the same run (see reversal_share).
    """
    e = np.asarray(errors, dtype=float)
    if diverged or e.size == 0 or not np.all(np.isfinite(e)) or e[-1] > e[0]:
        return "diverged"
    if rise_share(e) >= RISE_SHARE or (steps is not None
                                       and reversal_share(steps) >= REVERSAL_SHARE):
        return "oscillating"
    if e[-1] > TOLERANCE * e[0]:
        return "too_slow"
    middle = e.size // 2
    if middle < e.size - 1 and e[-1] >= (1 - STALL) * e[middle] and e[-1] > FLOOR * e[0]:
        return "too_slow"
    return "converging"
