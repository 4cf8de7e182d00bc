"""One batch under the microscope: each sample's gradient, their mean, what flows between layers.

The batch loss is the mean of the per-sample losses, E = (1/B)·Σ_n E_n, so a parameter's
gradient is the mean of the per-sample gradients: that mean is what the update uses. The
gradient a layer passes down, ∂E_n/∂out = δ·Wᵀ, stays per sample and is *not* divided by B:
averaging it too (the common mistake) divides every lower layer's gradient by B once more.
Shapes: B samples; layer l has W_l (n_in, n_out); δ_l (B, n_out); ∂E_n/∂in_l (B, n_in).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bpcore.activations import ACTIVATIONS
from bpcore.errors import CodedError
from bpcore.gradcheck import DEFAULT_H
from bpcore.network import LayerRecord, Network, output_delta


@dataclass(frozen=True)
class LayerBackward:
    """What one layer's backward computed on the batch, with its formulas and their shapes.

    delta (B, n_out) and dE_dinput (B, n_in) are per sample; dW (n_in, n_out) and db (n_out,)
    are batch means. ``formulas`` are LaTeX, every factor labelled with its shape.
    """

    layer: int
    delta: np.ndarray
    dE_dinput: np.ndarray
    dW: np.ndarray
    db: np.ndarray
    formulas: tuple[str, ...]


@dataclass(frozen=True)
class Microscope:
    """One batch through backprop, and one chosen weight W_layer[i, j] followed closely.

    layers: output layer first (the order backprop runs). per_sample (B,): each sample's
    ∂E_n/∂w; mean: their mean; batch_gradient: the batch backward's ∂E/∂w, what the update
    uses; numeric: a central difference of the batch loss; averaged_twice: ∂E/∂w as the
    mistake computes it, dividing the passed-back gradient by B at every layer as well;
    twice_factor: how many times too small that is, B^(layers above the followed one).
    """

    layers: tuple[LayerBackward, ...]
    weight: tuple[int, int, int]
    per_sample: np.ndarray
    mean: float
    batch_gradient: float
    numeric: float
    averaged_twice: float
    twice_factor: int


def _in(layer: int) -> str:
    """LaTeX name of layer ``layer``'s input: x for the first, out_(l−1) after it."""
    return "x" if layer == 1 else rf"\mathrm{{out}}_{{{layer - 1}}}"


def _shaped(latex: str, rows: int, cols: int | None = None) -> str:
    """latex with its shape written under it."""
    shape = f"{rows}" if cols is None else rf"{rows}\times {cols}"
    return rf"\underset{{{shape}}}{{{latex}}}"


def layer_formulas(network: Network, layer: int, batch: int) -> tuple[str, ...]:
    """LaTeX of layer ``layer``'s backward (1-based) on a batch of ``batch``, with shapes."""
    n_in, n_out = network.weights[layer - 1].shape[-2:]
    last = layer == len(network.weights)
    act = ACTIVATIONS[network.activations[layer - 1]]
    delta = _shaped(rf"\delta_{{{layer}}}", batch, n_out)
    if last and act.name == "softmax" and network.loss == "cross_entropy":
        rule = rf"\mathrm{{out}}_{{{layer}}} - \mathrm{{target}}"
    else:
        passed = (r"\frac{\partial E_n}{\partial \mathrm{out}_{" + str(layer) + "}}" if last
                  else rf"\delta_{{{layer + 1}}}\,W_{{{layer + 1}}}^{{\top}}")
        passed = _shaped(passed, batch, n_out)
        rule = (rf"{passed}\odot {act.symbol}'(\mathrm{{net}}_{{{layer}}})" if act.elementwise
                else rf"{passed}\;J_{{{act.symbol}}}(\mathrm{{net}}_{{{layer}}})")
    dW = _shaped(r"\frac{\partial E}{\partial W_{" + str(layer) + "}}", n_in, n_out)
    db = _shaped(r"\frac{\partial E}{\partial b_{" + str(layer) + "}}", n_out)
    x_T = _shaped(_in(layer) + r"^{\top}", n_in, batch)
    mean = rf"\frac{{1}}{{{batch}}}"
    formulas = [rf"{delta} = {rule}", rf"{dW} = {mean}\,{x_T}\,{delta}",
                rf"{db} = {mean}\sum_{{n=1}}^{{{batch}}} \delta_{{{layer},n}}"]
    if layer > 1:
        passed_down = _shaped(r"\frac{\partial E_n}{\partial " + _in(layer) + "}", batch, n_in)
        W_T = _shaped(rf"W_{{{layer}}}^{{\top}}", n_out, n_in)
        formulas.append(rf"{passed_down} = {delta}\,{W_T}")
    return tuple(formulas)


def averaged_twice(network: Network, records: tuple[LayerRecord, ...],
                   T: np.ndarray) -> list[np.ndarray]:
    """Every layer's ∂E/∂W as the common mistake computes it (first layer first).

    The mistake: the gradient passed down, δ·Wᵀ, is divided by B as well, so layer l ends up
    divided by B^(L − l + 1) instead of B once.
    """
    batch = len(T)
    delta = output_delta(network.activations[-1], network.loss, records[-1].net,
                         records[-1].out, T)
    result = []
    for i in range(len(records) - 1, -1, -1):
        result.append(records[i].input.T @ delta / batch)
        if i:
            below = records[i - 1]
            delta = ACTIVATIONS[network.activations[i - 1]].backward(
                below.net, below.out, delta @ network.weights[i].T / batch)
    return result[::-1]


def _numeric(network: Network, X: np.ndarray, T: np.ndarray, layer: int, i: int, j: int,
             h: float = DEFAULT_H) -> float:
    """(E(w + h) − E(w − h)) / 2h for w = W_layer[i, j], everything else fixed."""
    probe = network.copy()
    W = probe.weights[layer - 1]
    keep = W[i, j]
    W[i, j] = keep + h
    up = float(probe.loss_value(X, T))
    W[i, j] = keep - h
    down = float(probe.loss_value(X, T))
    return (up - down) / (2 * h)


def microscope(network: Network, X: np.ndarray, T: np.ndarray, layer: int, i: int,
               j: int) -> Microscope:
    """Backprop on the batch X (B, n_in), T (B, n_out), following W_layer[i, j] (1-based layer)."""
    if not 1 <= layer <= len(network.weights):
        raise CodedError("layer", "out_of_range", value=layer, lo=1, hi=len(network.weights))
    n_in, n_out = network.weights[layer - 1].shape[-2:]
    for field, k, n in (("i", i, n_in), ("j", j, n_out)):
        if not 0 <= k < n:
            raise CodedError(field, "out_of_range", value=k, lo=0, hi=n - 1)
    X, T = np.asarray(X, dtype=float), np.asarray(T, dtype=float)
    records = network.forward(X)
    grads = network.backward(records, T, per_sample=True)
    layers = tuple(
        LayerBackward(k + 1, g.delta, g.dE_dinput, g.dW, g.db,
                      layer_formulas(network, k + 1, len(X)))
        for k, g in reversed(list(enumerate(grads))))
    followed = grads[layer - 1].dW_per_sample
    assert followed is not None  # asked for with per_sample=True
    per_sample = followed[:, i, j]
    return Microscope(layers, (layer, i, j), per_sample, float(per_sample.mean()),
                      float(grads[layer - 1].dW[i, j]), _numeric(network, X, T, layer, i, j),
                      float(averaged_twice(network, records, T)[layer - 1][i, j]),
                      len(X) ** (len(network.weights) - layer))
