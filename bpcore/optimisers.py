"""Optimisers: how a gradient g becomes a step of a parameter p. SGD, momentum, RMSProp, Adam.

Each rule below is the one ``torch.optim`` publishes (its defaults: no dampening, no
Nesterov, ε outside the square root), applied element by element to every weight and bias;
t counts the updates from 1.

- SGD:       p ← p − η·g
- momentum:  v ← μ·v + g;                      p ← p − η·v
- RMSProp:   s ← ρ·s + (1 − ρ)·g²;             p ← p − η·g / (√s + ε)
- Adam:      m ← β₁·m + (1 − β₁)·g;  v ← β₂·v + (1 − β₂)·g²;
             m̂ = m / (1 − β₁ᵗ);  v̂ = v / (1 − β₂ᵗ);  p ← p − η·m̂ / (√v̂ + ε)

An :class:`OptimiserSpec` is the choice (frozen, part of a recipe); :func:`make` gives the
:class:`Optimiser` that carries its state (v; s; m and v) through a run. Nothing here is
random: a run's randomness is its seeded shuffle and its seeded start.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from bpcore.errors import CodedError
from bpcore.limits import DECAY, MOMENTUM

NAMES = ("sgd", "momentum", "rmsprop", "adam")
EPS = 1e-8


@dataclass(frozen=True)
class OptimiserSpec:
    """The rule (``name``, one of NAMES) and its hyperparameters: ``beta1`` is momentum's μ
    and Adam's β₁, ``beta2`` RMSProp's ρ and Adam's β₂ (SGD uses neither)."""

    name: str = "sgd"
    beta1: float = 0.9
    beta2: float = 0.999

    def check(self) -> None:
        """CodedError naming the setting when the rule is unknown or a β out of range."""
        if self.name not in NAMES:
            raise CodedError("optimiser", "unknown", name=self.name, choices=", ".join(NAMES))
        MOMENTUM.check("beta1", self.beta1)
        DECAY.check("beta2", self.beta2)


SGD = OptimiserSpec()


class Optimiser:
    """One run's optimiser: its rule, η and the state it keeps per parameter (all zero at the
    start). ``update`` moves the parameters in place, in their own dtype."""

    def __init__(self, spec: OptimiserSpec, eta: float, params: Sequence[np.ndarray]) -> None:
        spec.check()
        self.spec, self.eta, self.t = spec, eta, 0
        # momentum: velocity v; RMSProp: s; Adam: m (first) and v (second moment)
        self.first = [np.zeros_like(p) for p in params] if spec.name in ("momentum",
                                                                         "adam") else []
        self.second = [np.zeros_like(p) for p in params] if spec.name in ("rmsprop",
                                                                          "adam") else []

    def update(self, params: Sequence[np.ndarray], grads: Sequence[np.ndarray]) -> None:
        """One step of every parameter by its gradient (same order, same shapes), in place."""
        self.t += 1
        name, b1, b2 = self.spec.name, self.spec.beta1, self.spec.beta2
        for k, (p, g) in enumerate(zip(params, grads, strict=True)):
            rate = np.asarray(self.eta, dtype=p.dtype)  # never upcasts a float32 update
            if name == "sgd":
                p -= rate * g
            elif name == "momentum":
                v = self.first[k]
                v *= b1
                v += g
                p -= rate * v
            elif name == "rmsprop":
                s = self.second[k]
                s *= b2
                s += (1 - b2) * g * g
                p -= rate * g / (np.sqrt(s) + EPS)
            else:  # adam
                m, v = self.first[k], self.second[k]
                m *= b1
                m += (1 - b1) * g
                v *= b2
                v += (1 - b2) * g * g
                m_hat = m / (1 - b1 ** self.t)
                v_hat = v / (1 - b2 ** self.t)
                p -= rate * m_hat / (np.sqrt(v_hat) + EPS)


def make(spec: OptimiserSpec, eta: float, params: Sequence[np.ndarray]) -> Optimiser:
    """A fresh optimiser for these parameters (their shapes and dtypes): state all zero, t = 0."""
    return Optimiser(spec, eta, params)
