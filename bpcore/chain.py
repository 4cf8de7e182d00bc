"""The chain rule on a 1-1-1 network, factor by factor.

x → z1 = w1·x → h = σ(z1) → z2 = w2·h → ŷ = σ(z2) → J(ŷ, y), no biases. The network is the
general engine's (a Network of 1×1 layers); this module names each factor of
∂J/∂w2 = ∂J/∂ŷ · ∂ŷ/∂z2 · ∂z2/∂w2 and ∂J/∂w1 = ∂J/∂ŷ · ∂ŷ/∂z2 · ∂z2/∂h · ∂h/∂z1 · ∂z1/∂w1.

The names are the chain-rule lecture's; in the worked example's (and the engine's) names z is
a neuron's net, h and ŷ its out, y the target and J the error E (the page's banner says so).
The loss and sigmoid formulas come from bpcore.losses and bpcore.activations.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from bpcore.activations import (
    ACTIVATIONS,
    SIGMOID_PRIME_TEMPLATE,
    SIGMOID_TEMPLATE,
    sigmoid_latex,
    sigmoid_prime_latex,
)
from bpcore.errors import CodedError
from bpcore.formula import Formula
from bpcore.gradcheck import numeric_gradients
from bpcore.losses import LOSSES
from bpcore.network import Network

CHAIN_LOSSES = ("half_sse", "binary_cross_entropy")
LIMIT = 1e6  # inputs and weights of at most this magnitude: no value overflows
_YHAT = r"\hat y"


# Which factors make each gradient, in the order the chain rule multiplies them.
PATHS = {"w2": ("dJ_dyhat", "dyhat_dz2", "dz2_dw2"),
         "w1": ("dJ_dyhat", "dyhat_dz2", "dz2_dh", "dh_dz1", "dz1_dw1")}


@dataclass(frozen=True)
class Chain:
    """Forward values, every factor, both products, the engine's gradients and estimates."""

    loss: str
    values: dict[str, float]
    forward: tuple[Formula, ...]
    factors: tuple[Formula, ...]
    dJ_dw1: float
    dJ_dw2: float
    engine: tuple[float, float]
    numeric: tuple[float, float]

    def factor(self, name: str) -> Formula:
        """One factor by name."""
        return next(f for f in self.factors if f.name == name)

    def product(self, weight: str) -> Formula:
        """∂J/∂weight as the product of its factors: symbols, numbers and the value."""
        parts = [self.factor(n) for n in PATHS[weight]]
        value = self.dJ_dw1 if weight == "w1" else self.dJ_dw2
        return Formula(f"dJ_d{weight}", rf"\frac{{\partial J}}{{\partial {weight[0]}_{weight[1]}}}",
                       r" \cdot ".join(f.symbol for f in parts),
                       r" \cdot ".join(f"#{k}" for k in range(len(parts))),
                       tuple(f.value for f in parts), value)


def chain_111(x: float, w1: float, w2: float, y: float, loss: str = "half_sse") -> Chain:
    """Trace the 1-1-1 network once and name every factor of both gradients."""
    if loss not in CHAIN_LOSSES:
        raise CodedError("loss", "unknown", choices=CHAIN_LOSSES)
    for name, v in (("x", x), ("w1", w1), ("w2", w2), ("y", y)):
        if not math.isfinite(v):
            raise CodedError(name, "not_finite", value=v)
        if abs(v) > LIMIT:
            raise CodedError(name, "out_of_range", value=v, lo=-LIMIT, hi=LIMIT)
    net = Network([np.array([[w1]]), np.array([[w2]])], [np.zeros(1), np.zeros(1)],
                  ("sigmoid", "sigmoid"), loss)
    X, T = np.array([[x]]), np.array([[y]])
    hidden, output = net.forward(X)
    z1, h, z2, yhat = (float(a[0, 0]) for a in (hidden.net, hidden.out, output.net, output.out))
    J = float(LOSSES[loss].value(output.out, T))
    sig = ACTIVATIONS["sigmoid"]
    dJ_dyhat = float(LOSSES[loss].grad(output.out, T)[0, 0])
    dyhat_dz2 = float(sig.derivative(output.net, output.out)[0, 0])
    dh_dz1 = float(sig.derivative(hidden.net, hidden.out)[0, 0])
    # ∂J/∂ŷ in the lecture's symbols, and with its numbers: slot #0 is ŷ, #1 is y
    dformula, dtemplate = LOSSES[loss].grad_latex("y", _YHAT), LOSSES[loss].grad_latex("#1", "#0")
    factors = (
        Formula("dJ_dyhat", r"\frac{\partial J}{\partial \hat y}", dformula, dtemplate, (yhat, y),
               dJ_dyhat),
        Formula("dyhat_dz2", r"\frac{\partial \hat y}{\partial z_2}", sigmoid_prime_latex(_YHAT),
               SIGMOID_PRIME_TEMPLATE, (yhat,), dyhat_dz2),
        Formula("dz2_dw2", r"\frac{\partial z_2}{\partial w_2}", "h", "#0", (h,), h),
        Formula("dz2_dh", r"\frac{\partial z_2}{\partial h}", "w_2", "#0", (w2,), w2),
        Formula("dh_dz1", r"\frac{\partial h}{\partial z_1}", sigmoid_prime_latex("h"),
               SIGMOID_PRIME_TEMPLATE, (h,), dh_dz1),
        Formula("dz1_dw1", r"\frac{\partial z_1}{\partial w_1}", "x", "#0", (x,), x),
    )
    dJ_dw2 = dJ_dyhat * dyhat_dz2 * h
    dJ_dw1 = dJ_dyhat * dyhat_dz2 * w2 * dh_dz1 * x
    (dW1, _), (dW2, _) = net.gradients(X, T)
    (nW1, _), (nW2, _) = numeric_gradients(net, X, T)
    forward = (
        Formula("z1", "z_1", r"w_1 \cdot x", r"#0 \cdot #1", (w1, x), z1),
        Formula("h", "h", rf"\sigma(z_1) = {sigmoid_latex('z_1')}", SIGMOID_TEMPLATE, (z1,), h),
        Formula("z2", "z_2", r"w_2 \cdot h", r"#0 \cdot #1", (w2, h), z2),
        Formula("yhat", _YHAT, rf"\sigma(z_2) = {sigmoid_latex('z_2')}", SIGMOID_TEMPLATE,
                (z2,), yhat),
        Formula("J", "J", LOSSES[loss].latex("y", _YHAT), LOSSES[loss].latex("#0", "#1"),
                (y, yhat), J),
    )
    return Chain(loss, {"x": x, "w1": w1, "w2": w2, "y": y, "z1": z1, "h": h, "z2": z2,
                        "yhat": yhat, "J": J}, forward, factors, dJ_dw1, dJ_dw2,
                 (float(dW1[0, 0]), float(dW2[0, 0])), (float(nW1[0, 0]), float(nW2[0, 0])))


def loss_formula(loss: str) -> str:
    """The loss J in LaTeX."""
    return "J = " + LOSSES[loss].latex("y", _YHAT)
