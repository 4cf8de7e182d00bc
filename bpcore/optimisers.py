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
``Optimiser.explain`` works one parameter's next update with every state value it uses
(:class:`UpdateStep`), by the very code of ``update``; ``update_latex`` writes it out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from bpcore.errors import CodedError
from bpcore.format import fmt_latex
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
        self.dtypes = [p.dtype for p in params]
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


    def explain(self, k: int, index: tuple[int, ...], p: float, g: float) -> UpdateStep:
        """The next update of element ``index`` of parameter ``k`` (weights then biases, as
        given to ``update``), worth ``p`` now, by gradient ``g``: every number of the rule.
        The state is read, never changed; the step is taken by ``update`` itself on a copy of
        one element (in the parameter's dtype), so it is bit for bit the one training takes."""
        dtype = self.dtypes[k]
        one = make(self.spec, self.eta, [np.zeros(1, dtype)])
        one.t = self.t
        before_first = float(self.first[k][index]) if self.first else None
        before_second = float(self.second[k][index]) if self.second else None
        if one.first:
            one.first[0][0] = before_first
        if one.second:
            one.second[0][0] = before_second
        param = np.array([p], dtype)
        one.update([param], [np.array([g], dtype)])
        b1, b2, t = self.spec.beta1, self.spec.beta2, one.t
        first = float(one.first[0][0]) if one.first else None
        second = float(one.second[0][0]) if one.second else None
        adam = self.spec.name == "adam"
        # the same expressions as update's, on the same numbers
        m_hat = float((one.first[0] / (1 - b1 ** t))[0]) if adam else None
        v_hat = float((one.second[0] / (1 - b2 ** t))[0]) if adam else None
        return UpdateStep(self.spec, self.eta, t, float(g), float(p), float(param[0]),
                          before_first, first, before_second, second, m_hat, v_hat)


@dataclass(frozen=True)
class UpdateStep:
    """One parameter's update: the rule, η, the update's count t (1: the first), the
    gradient g, the parameter before (``p``) and after (``p_new``); ``first``: momentum's
    velocity or Adam's m, before and after; ``second``: RMSProp's s or Adam's v, before and
    after; Adam's bias-corrected m̂ and v̂ (None where the rule has no such value)."""

    spec: OptimiserSpec
    eta: float
    t: int
    g: float
    p: float
    p_new: float
    first_before: float | None = None
    first: float | None = None
    second_before: float | None = None
    second: float | None = None
    m_hat: float | None = None
    v_hat: float | None = None


def update_latex(step: UpdateStep, name: str, decimals: int) -> list[str]:
    """The update written out, one LaTeX line per state value and the step last, each with its
    numbers substituted (at ``decimals`` places) and its result: for the parameter called
    ``name`` (LaTeX)."""
    def n(x: float | None) -> str:  # an operand: a negative one in brackets
        return fmt_latex(float(x if x is not None else np.nan), decimals, paren=True)

    def res(x: float | None) -> str:  # a result, after the last "="
        return fmt_latex(float(x if x is not None else np.nan), decimals)

    rule, eta, t = step.spec.name, repr(step.eta), step.t
    b1, b2 = repr(step.spec.beta1), repr(step.spec.beta2)  # as typed
    new = rf"{name} \leftarrow {name} - "  # a prime would be a double superscript
    g, p = n(step.g), n(step.p)
    if rule == "sgd":
        return [new + rf"\eta\,g = {p} - {eta}\cdot {g} = {res(step.p_new)}"]
    if rule == "momentum":
        return [rf"v_{{{t}}} = \mu\,v_{{{t - 1}}} + g = {b1}\cdot {n(step.first_before)}"
                rf" + {g} = {res(step.first)}",
                new + rf"\eta\,v_{{{t}}} = {p} - {eta}\cdot {n(step.first)}"
                rf" = {res(step.p_new)}"]
    root = r"} + 10^{-8}} = "  # closes √(…), then + ε and the fraction
    if rule == "rmsprop":
        return [rf"s_{{{t}}} = \rho\,s_{{{t - 1}}} + (1 - \rho)\,g^2 = {b2}\cdot "
                rf"{n(step.second_before)} + (1 - {b2})\cdot {g}^2 = {res(step.second)}",
                new + rf"\frac{{\eta\,g}}{{\sqrt{{s_{{{t}}}}} + \varepsilon}} = {p} - "
                rf"\frac{{{eta}\cdot {g}}}{{\sqrt{{{n(step.second)}" + root
                + res(step.p_new)]
    return [rf"m_{{{t}}} = \beta_1 m_{{{t - 1}}} + (1 - \beta_1)\,g = {b1}\cdot "
            rf"{n(step.first_before)} + (1 - {b1})\cdot {g} = {res(step.first)}",
            rf"v_{{{t}}} = \beta_2 v_{{{t - 1}}} + (1 - \beta_2)\,g^2 = {b2}\cdot "
            rf"{n(step.second_before)} + (1 - {b2})\cdot {g}^2 = {res(step.second)}",
            rf"\hat m_{{{t}}} = \frac{{m_{{{t}}}}}{{1 - \beta_1^{{{t}}}}} = "
            rf"\frac{{{n(step.first)}}}{{1 - {b1}^{{{t}}}}} = {res(step.m_hat)}",
            rf"\hat v_{{{t}}} = \frac{{v_{{{t}}}}}{{1 - \beta_2^{{{t}}}}} = "
            rf"\frac{{{n(step.second)}}}{{1 - {b2}^{{{t}}}}} = {res(step.v_hat)}",
            new + rf"\frac{{\eta\,\hat m_{{{t}}}}}{{\sqrt{{\hat v_{{{t}}}}} + \varepsilon}} = "
            rf"{p} - \frac{{{eta}\cdot {n(step.m_hat)}}}{{\sqrt{{{n(step.v_hat)}" + root
            + res(step.p_new)]


def make(spec: OptimiserSpec, eta: float, params: Sequence[np.ndarray]) -> Optimiser:
    """A fresh optimiser for these parameters (their shapes and dtypes): state all zero, t = 0."""
    return Optimiser(spec, eta, params)
