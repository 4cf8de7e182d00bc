"""L1 and L2 regularisation: a penalty on the weights added to the loss, and its gradient.

The loss trained on is E + λ·R(W) over every weight matrix (biases are not penalised, as in
TensorFlow Playground):

- L1: R = Σ|w|,   ∂(λR)/∂w = λ·sign(w)  (pulls every weight to zero at the same speed)
- L2: R = ½·Σw²,  ∂(λR)/∂w = λ·w        (pulls each weight in proportion to its size)

``none`` adds nothing. The gradient's term is added to the batch gradient ∂E/∂w before the
optimiser sees it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from bpcore.errors import CodedError
from bpcore.limits import REGULARISATION_RATE

KINDS = ("none", "l1", "l2")


@dataclass(frozen=True)
class Regularisation:
    """Which penalty (``kind``, one of KINDS) and its rate λ (≥ 0)."""

    kind: str = "none"
    rate: float = 0.0

    def check(self) -> None:
        """CodedError("regularisation", …) when the kind is unknown or λ out of range."""
        if self.kind not in KINDS:
            raise CodedError("regularisation", "unknown", name=self.kind,
                             choices=", ".join(KINDS))
        REGULARISATION_RATE.check("regularisation_rate", self.rate)

    @property
    def active(self) -> bool:
        """True when the penalty changes anything (a kind other than none, λ > 0)."""
        return self.kind != "none" and self.rate > 0

    def penalty(self, weights: Sequence[np.ndarray]) -> float:
        """λ·R(W) summed over the weight matrices (0 for none)."""
        if not self.active:
            return 0.0
        if self.kind == "l1":
            return float(self.rate * sum(np.abs(W).sum() for W in weights))
        return float(self.rate * 0.5 * sum((W * W).sum() for W in weights))

    def gradient(self, W: np.ndarray) -> np.ndarray:
        """∂(λR)/∂W, the shape of W: λ·sign(W) (L1) or λ·W (L2); zeros for none."""
        if not self.active:
            return np.zeros_like(W)
        if self.kind == "l1":
            return self.rate * np.sign(W)
        return self.rate * W


NONE = Regularisation()
