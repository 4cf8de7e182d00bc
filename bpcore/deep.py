"""Gradients through a deep stack: how much of the error signal reaches each layer.

Backprop multiplies by f'(net) once per layer on the way back. σ' is at most 1/4, so through
a stack of sigmoids the gradient of the first layers shrinks geometrically (the vanishing
gradient); relu's derivative is 1 where a unit is active, so far more of it survives.
"""

from __future__ import annotations

import numpy as np

from bpcore.limits import VANISHING_DEPTH, Range
from bpcore.network import Network

WIDTH = Range(1, 256)  # units per layer (the page keeps the default 8)


def gradient_norms(activation: str, depth: int = 8, width: int = 8, seed: int = 0,
                   batch: int = 16) -> np.ndarray:
    """‖∂E/∂W_l‖ (Frobenius) for every layer l of a ``depth``-layer stack, first layer first.

    The stack: ``depth`` − 1 hidden layers of ``width`` units with ``activation``, then a
    linear output layer with half-SSE loss, so only the hidden activation differs between
    runs. Weights N(0, 1)/√n_in from ``seed``; inputs and targets drawn from the same seed, so
    two activations are compared on the same data and the same initial weights. Shape (depth,).
    """
    VANISHING_DEPTH.check("depth", depth)
    WIDTH.check("width", width)
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((batch, width))
    T = rng.standard_normal((batch, width))
    acts = [activation] * (depth - 1) + ["linear"]
    net = Network.random((width,) * (depth + 1), acts, "half_sse", seed=seed)
    return np.array([np.linalg.norm(dW) for dW, _ in net.gradients(X, T)])
