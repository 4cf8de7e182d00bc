"""Finite-difference checks: backprop's gradients against the definition of a derivative.

∂E/∂θ ≈ (E(θ + h) − E(θ − h)) / 2h for every parameter θ (central differences, error O(h²)).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bpcore.netspec import NetSpec
from bpcore.network import Network
from bpcore.qname import QName
from bpcore.scenario import BIAS_INDEX, WEIGHT_INDEX, Scenario

DEFAULT_H = 1e-5  # ≈ ε^(1/3): balances rounding noise (ε·E/h) against truncation (h²)


def numeric_gradients(
    network: Network, X: np.ndarray, T: np.ndarray, h: float = DEFAULT_H
) -> list[tuple[np.ndarray, np.ndarray]]:
    """Central differences of the batch loss for every weight and bias, shaped like (dW, db)."""
    probe = network.copy()
    result = []
    for W, b in zip(probe.weights, probe.biases, strict=True):
        pair = []
        for param in (W, b):
            grad = np.zeros_like(param)
            for idx in np.ndindex(param.shape):
                keep = param[idx]
                param[idx] = keep + h
                up = float(probe.loss_value(X, T))
                param[idx] = keep - h
                down = float(probe.loss_value(X, T))
                param[idx] = keep
                grad[idx] = (up - down) / (2 * h)
            pair.append(grad)
        result.append((pair[0], pair[1]))
    return result


def relative_error(a: np.ndarray, b: np.ndarray, floor: float = 1e-4) -> float:
    """max |a − b| / max(|a| + |b|, floor): scale-free, and calm where both are ~0.

    Why the floor: central differences carry rounding noise of about ε·|E|/h ≈ 1e-11, so a
    true gradient of 1e-6 cannot be checked to a relative 1e-6. Below the floor the measure
    becomes absolute (1e-11 / 1e-4 = 1e-7), which still flags any gradient that is wrong.
    """
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return float(np.max(np.abs(a - b) / np.maximum(np.abs(a) + np.abs(b), floor), initial=0.0))


@dataclass(frozen=True)
class GradCheck:
    """Analytic and numeric gradients of one network, and the largest relative error."""

    analytic: list[tuple[np.ndarray, np.ndarray]]
    numeric: list[tuple[np.ndarray, np.ndarray]]
    max_relative_error: float


def gradcheck(network: Network, X: np.ndarray, T: np.ndarray, h: float = DEFAULT_H) -> GradCheck:
    """Compare network.gradients(X, T) with central finite differences of every parameter."""
    analytic = network.gradients(X, T)
    numeric = numeric_gradients(network, X, T, h)
    # Rounding noise grows with the loss and the gradients; so does the floor, in proportion
    # to the largest gradient of the network (a wrong gradient is still far above it).
    scale = max(1.0, max(float(np.max(np.abs(g), initial=0.0)) for pair in analytic for g in pair))
    worst = max(
        relative_error(a, n, floor=1e-4 * scale)
        for pa, pn in zip(analytic, numeric, strict=True)
        for a, n in zip(pa, pn, strict=True)
    )
    return GradCheck(analytic, numeric, worst)


def scenario_estimates(scenario: Scenario, h: float = DEFAULT_H) -> dict[str, float]:
    """Finite-difference estimates of dE_dw1 … dE_dw8 and dE_db_h1 … dE_db_o2 of a scenario.

    Named like the trace, so a page can show the estimate beside every analytic gradient.
    """
    network = scenario.network()
    X, T = scenario.batch()
    numeric = numeric_gradients(network, X, T, h)
    named = {f"dE_d{w}": float(numeric[layer][0][row, col])
             for w, (layer, row, col) in WEIGHT_INDEX.items()}
    named |= {f"dE_d{b}": float(numeric[layer][1][j]) for b, (layer, j) in BIAS_INDEX.items()}
    return named


def net_estimates(spec: NetSpec, h: float = DEFAULT_H) -> dict[QName, float]:
    """Finite-difference estimates of ∂E/∂w^l_jk and ∂E/∂b^l_j of any stepped network, by
    typed name, E the batch mean (as trace_net's gradients): W_l[k − 1, j − 1] is w^l_jk."""
    numeric = numeric_gradients(spec.network(), *spec.batch(), h)
    named: dict[QName, float] = {}
    for layer, (dW, db) in enumerate(numeric, start=1):
        for (k, j), value in np.ndenumerate(dW):
            named[QName("dE_dw", layer, j + 1, k + 1)] = float(value)
        for (j,), value in np.ndenumerate(db):
            named[QName("dE_db", layer, j + 1)] = float(value)
    return named
