"""The error as a landscape over weights, and the path gradient descent takes across it.

Only the chosen weights move; every other parameter stays as the scenario has it, so the path
lies on exactly the surface that is drawn. A grid of n × n points is n² stacked copies of the
2-2-2 network evaluated in one forward pass.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bpcore import fast
from bpcore.errors import CodedError
from bpcore.limits import DESCENT_STEPS
from bpcore.network import Network
from bpcore.scenario import WEIGHT_INDEX, Scenario

__all__ = ["WEIGHT_INDEX", "Grid", "Path", "Slice", "descent_path", "error_grid",
           "error_slice", "errors_at"]


def errors_at(scenario: Scenario, settings: dict[str, np.ndarray]) -> np.ndarray:
    """E_total with each named weight set to the given arrays (all the same shape), the rest fixed.

    Returns an array of that shape, computed as one batch of stacked networks.
    """
    shape = np.shape(next(iter(settings.values())))
    k = int(np.prod(shape)) if shape else 1
    net = scenario.network()
    weights = [np.repeat(w[None], k, axis=0) for w in net.weights]
    for name, values in settings.items():
        layer, s, j = WEIGHT_INDEX[name]
        weights[layer][:, s, j] = np.ravel(values)
    X, T = scenario.batch()
    stacked = Network(weights, [np.repeat(b[None], k, axis=0) for b in net.biases],
                      net.activations, net.loss)
    return np.reshape(stacked.loss_value(X, T), shape)


@dataclass(frozen=True)
class Path:
    """Descent in two weights: their values and the error after each step (row 0: start)."""

    p: np.ndarray
    q: np.ndarray
    errors: np.ndarray


def descent_path(scenario: Scenario, p: str, q: str, steps: int) -> Path:
    """``steps`` updates of weights p and q only, w ← w − η·∂E/∂w, everything else fixed.

    The 2-2-2 takes bpcore.fast's float loop (the same arithmetic: see descent_path_numpy).
    """
    for field, name in (("p", p), ("q", q)):
        if name not in WEIGHT_INDEX:
            raise CodedError(field, "unknown_weight", name=name)
    if p == q:
        raise CodedError("q", "same_weight", name=q)
    DESCENT_STEPS.check("steps", steps)
    net = scenario.network()
    X, T = scenario.batch()
    if not fast.suits(net, X, T, 1):
        return descent_path_numpy(scenario, p, q, steps)
    one = Network([w[None] for w in net.weights], [b[None] for b in net.biases],
                  net.activations, net.loss)
    errors, _, params = fast.fit(one, X, T, np.array([scenario.eta]), steps, False, True,
                                 moving=(fast.weight_name(*WEIGHT_INDEX[p]),
                                         fast.weight_name(*WEIGHT_INDEX[q])))

    def path_of(name: str) -> np.ndarray:
        layer, s, j = WEIGHT_INDEX[name]
        return params[layer][0][0, :, s, j].copy()

    return Path(path_of(p), path_of(q), errors[0].copy())


def descent_path_numpy(scenario: Scenario, p: str, q: str, steps: int) -> Path:
    """descent_path with the NumPy engine: gradients, error and the two updates per step."""
    net = scenario.network()
    X, T = scenario.batch()
    ps, qs, es = [], [], []
    for step in range(steps + 1):
        grads = net.gradients(X, T)
        ps.append(float(net.weights[WEIGHT_INDEX[p][0]][WEIGHT_INDEX[p][1:]]))
        qs.append(float(net.weights[WEIGHT_INDEX[q][0]][WEIGHT_INDEX[q][1:]]))
        es.append(float(net.loss_value(X, T)))
        if step == steps:
            break
        for name in (p, q):
            layer, s, j = WEIGHT_INDEX[name]
            net.weights[layer][s, j] -= scenario.eta * grads[layer][0][s, j]
    return Path(np.array(ps), np.array(qs), np.array(es))


@dataclass(frozen=True)
class Grid:
    """E over a rectangle of two weights: p_values (n,), q_values (n,), errors (n, n) [q, p]."""

    p: str
    q: str
    p_values: np.ndarray
    q_values: np.ndarray
    errors: np.ndarray


def error_grid(scenario: Scenario, p: str, q: str, p_range: tuple[float, float],
               q_range: tuple[float, float], n: int = 60) -> Grid:
    """E_total on an n × n grid of (p, q), every other parameter as in the scenario."""
    pv, qv = np.linspace(*p_range, n), np.linspace(*q_range, n)
    P, Q = np.meshgrid(pv, qv)
    return Grid(p, q, pv, qv, errors_at(scenario, {p: P, q: Q}))


@dataclass(frozen=True)
class Slice:
    """E along one weight, with the tangent at the current value and the step the update takes.

    values/errors (n,); at the scenario's value w0: E0, slope = ∂E/∂w, and the update
    w1 = w0 − η·slope with its error E1.
    """

    name: str
    values: np.ndarray
    errors: np.ndarray
    w0: float
    e0: float
    slope: float
    w1: float
    e1: float

    def tangent(self, w: float) -> float:
        """The tangent line at w0: E0 + slope·(w − w0)."""
        return self.e0 + self.slope * (w - self.w0)


# The fitted view of one weight: the update's step fills STEP_SHARE of the plotted width, so it
# is as readable as the curve; the half-width stays within [MIN_FIT_SPAN, MAX_FIT_SPAN] (below
# 10⁻⁴ the axis labels would need more digits than the learner's precision shows).
STEP_SHARE = 0.25
MIN_FIT_SPAN = 1e-4
MAX_FIT_SPAN = 10.0


def _value_and_slope(scenario: Scenario, name: str) -> tuple[float, float]:
    """The weight's value w0 in the scenario and ∂E/∂w there."""
    layer, s, j = WEIGHT_INDEX[name]
    net = scenario.network()
    X, T = scenario.batch()
    return float(net.weights[layer][s, j]), float(net.gradients(X, T)[layer][0][s, j])


def fit_span(scenario: Scenario, name: str) -> float:
    """The half-width h of the view w0 ± h in which the step η·|∂E/∂w| fills STEP_SHARE of 2h.

    h = η·|∂E/∂w| / (2·STEP_SHARE), kept within [MIN_FIT_SPAN, MAX_FIT_SPAN].
    """
    _, slope = _value_and_slope(scenario, name)
    step = abs(scenario.eta * slope)
    return float(min(MAX_FIT_SPAN, max(MIN_FIT_SPAN, step / (2 * STEP_SHARE))))


def error_slice(scenario: Scenario, name: str, span: float, n: int = 201) -> Slice:
    """E_total as one weight varies over w0 ± span, every other parameter fixed."""
    w0, slope = _value_and_slope(scenario, name)
    w1 = w0 - scenario.eta * slope
    values = np.linspace(w0 - span, w0 + span, n)
    errors = errors_at(scenario, {name: values})
    e0, e1 = (float(e) for e in errors_at(scenario, {name: np.array([w0, w1])}))
    return Slice(name, values, errors, w0, e0, slope, w1, e1)
