"""What a learning rate did, read from its error curve: diverged, oscillating, too slow, converging.

The thresholds are teaching choices, stated here once:
- diverged: the error became non-finite, or ended higher than it started;
- oscillating: the error went *up* on at least RISE_SHARE of the updates (gradient descent with
  a small enough η never raises the error; overshooting the minimum does);
- too slow: neither of those, but the error is still above TOLERANCE times where it started;
- converging: the error fell below TOLERANCE times where it started, without rising.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

VERDICTS = ("diverged", "oscillating", "too_slow", "converging")
TOLERANCE = 1e-3
RISE_SHARE = 0.01
# A rise smaller than this share of the error is rounding, not overshoot.
NOISE = 1e-12


def verdict(errors: Sequence[float], diverged: bool = False) -> str:
    """The verdict for one curve of errors (row i: after i updates)."""
    e = np.asarray(errors, dtype=float)
    if diverged or e.size == 0 or not np.all(np.isfinite(e)) or e[-1] > e[0]:
        return "diverged"
    if e.size > 1 and np.mean(np.diff(e) > NOISE * np.abs(e[:-1])) >= RISE_SHARE:
        return "oscillating"
    if e[-1] > TOLERANCE * e[0]:
        return "too_slow"
    return "converging"
