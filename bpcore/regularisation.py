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


def penalised(reg: Regularisation, gradient: float, w: float) -> tuple[float, float]:
    """One weight's update gradient: (the penalty's term, ∂E/∂w + that term) for the weight
    w whose batch gradient ∂E/∂w is ``gradient``."""
    term = float(reg.gradient(np.array(w)))
    return term, gradient + term


def penalised_latex(reg: Regularisation, name: str, gradient: str, w: str, term: str,
                    total: str) -> str:
    """∂(E + λR)/∂w = ∂E/∂w + λ·sign(w) (or λ·w), with the numbers given (as text)
    substituted: LaTeX, for the weight called ``name`` (LaTeX too)."""
    rule = r"\lambda\cdot\mathrm{sign}(" + name + ")" if reg.kind == "l1" else (
        r"\lambda\cdot " + name)
    number = (rf"{reg.rate!r}\cdot\mathrm{{sign}}({w})" if reg.kind == "l1"
              else rf"{reg.rate!r}\cdot ({w})")
    return (rf"\frac{{\partial (E + \lambda R)}}{{\partial {name}}} = "
            rf"\frac{{\partial E}}{{\partial {name}}} + {rule} = {gradient} + {number}"
            rf" = {gradient} + ({term}) = {total}")
