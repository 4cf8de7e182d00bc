"""A stack of dense layers in the row convention: net = X·W + b, out = f(net).

Shapes: X is (batch, n_in); layer l has W of shape (n_in, n_out) and b of shape (n_out,).
Every array may carry extra leading axes (…) for independent copies of the network, for
example one copy per learning rate: W (K, n_in, n_out), b (K, n_out), out (K, batch, n_out).
The same forward and backward serve one copy and K copies.

The parameters' dtype is the one the network computes in: float32 parameters give float32
nets, outputs, deltas and gradients (inputs and targets are cast to it once per call), and
float64 stays float64. ``bpcore.sgd`` gives a network the dtype of the data it trains on.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import numpy as np

from bpcore.activations import ACTIVATIONS
from bpcore.errors import CodedError
from bpcore.losses import LOSSES

FLOAT_TYPES = (np.dtype(np.float32), np.dtype(np.float64))


def float_dtype(*arrays: object) -> np.dtype:
    """The dtype to compute in: float32 when every array is float32, else float64."""
    dtype = np.result_type(*(np.asarray(a).dtype for a in arrays))
    return dtype if dtype in FLOAT_TYPES else np.dtype(np.float64)


class LayerRecord(NamedTuple):
    """What one layer computed going forward: input (…, batch, n_in), net and out (…, batch, n_out).

    An immutable record (a NamedTuple: as frozen as a dataclass, and cheap to build in a loop).
    """

    input: np.ndarray
    net: np.ndarray
    out: np.ndarray


class LayerGradient(NamedTuple):
    """What backprop computed for one layer.

    dW (…, n_in, n_out) and db (…, n_out) are batch means: the update uses them.
    delta = ∂E/∂net (…, batch, n_out) and dE_dinput = δ·Wᵀ (…, batch, n_in) are per sample and
    not averaged: they are what flows between layers (for the first layer, ∂E/∂X is None
    unless per-sample gradients were asked for).
    dW_per_sample (…, batch, n_in, n_out) is filled only on request.
    """

    dW: np.ndarray
    db: np.ndarray
    delta: np.ndarray
    dE_dinput: np.ndarray | None
    dW_per_sample: np.ndarray | None = None


def output_delta(
    activation: str, loss: str, net: np.ndarray, out: np.ndarray, target: np.ndarray
) -> np.ndarray:
    """δ = ∂E/∂net at the output layer, per sample. Shapes (…, batch, n_out).

    softmax with cross-entropy simplifies to out·Σtarget − target: the familiar out − target
    for one-hot targets, with no Jacobian. Every other pair goes through the activation's own
    backward: ∂E/∂out ⊙ f'(net), or softmax's Jacobian product.
    """
    if activation == "softmax" and loss == "cross_entropy":
        return out * np.add.reduce(target, axis=-1, keepdims=True) - target
    return ACTIVATIONS[activation].backward(net, out, LOSSES[loss].grad(out, target))


class Network:
    """Dense layers with their activations and one loss (names from the registries).

    The weights and biases are copied, in one float dtype (``float_dtype``: float32 only when
    every one of them is float32).
    """

    def __init__(
        self,
        weights: Sequence[np.ndarray],
        biases: Sequence[np.ndarray],
        activations: Sequence[str],
        loss: str,
    ) -> None:
        if not (len(weights) == len(biases) == len(activations) >= 1):
            raise CodedError("layers", "count", weights=len(weights), biases=len(biases),
                             activations=len(activations))
        for name in activations:
            if name not in ACTIVATIONS:
                raise CodedError("activation", "unknown", name=name,
                                 choices=", ".join(ACTIVATIONS))
        if loss not in LOSSES:
            raise CodedError("loss", "unknown", name=loss, choices=", ".join(LOSSES))
        dtype = float_dtype(*weights, *biases)
        self.weights = [np.array(w, dtype=dtype) for w in weights]
        self.biases = [np.array(b, dtype=dtype) for b in biases]
        for i, (w, b) in enumerate(zip(self.weights, self.biases, strict=True)):
            if w.shape[:-2] + w.shape[-1:] != b.shape:
                raise CodedError(f"layer.{i + 1}", "shape", W=str(w.shape), b=str(b.shape))
            if i and w.shape[-2] != self.weights[i - 1].shape[-1]:
                raise CodedError(f"layer.{i + 1}", "inputs", takes=w.shape[-2],
                                 gets=self.weights[i - 1].shape[-1])
        self.activations = tuple(activations)
        self.loss = loss

    @classmethod
    def random(
        cls,
        sizes: Sequence[int],
        activations: Sequence[str],
        loss: str,
        seed: int,
        scale: float | None = None,
        dtype: np.dtype | type = np.float64,
    ) -> Network:
        """Weights drawn N(0, 1)·scale (default 1/√n_in per layer), biases zero.

        sizes = (n_in, n_hidden…, n_out); one activation per layer (len(sizes) − 1). The draw
        is in float64 and then rounded to ``dtype``, so a float32 network starts from the same
        weights as a float64 one, to float32 precision.
        """
        rng = np.random.default_rng(seed)
        pairs = list(zip(sizes[:-1], sizes[1:], strict=False))
        weights = [(rng.standard_normal((a, b)) * (1 / np.sqrt(a) if scale is None else scale))
                   .astype(dtype) for a, b in pairs]
        return cls(weights, [np.zeros(b, dtype=dtype) for _, b in pairs], activations, loss)

    @property
    def sizes(self) -> tuple[int, ...]:
        """(n_in, n_hidden…, n_out)."""
        return (self.weights[0].shape[-2],) + tuple(w.shape[-1] for w in self.weights)

    @property
    def dtype(self) -> np.dtype:
        """The float dtype of the parameters, and of everything the network computes."""
        return self.weights[0].dtype

    def use_dtype(self, dtype: np.dtype | type) -> None:
        """Convert every weight and bias in place to ``dtype`` (float32 or float64)."""
        self.weights = [w.astype(dtype, copy=False) for w in self.weights]
        self.biases = [b.astype(dtype, copy=False) for b in self.biases]

    def copy(self) -> Network:
        """An independent copy (arrays copied, dtype kept)."""
        return Network(self.weights, self.biases, self.activations, self.loss)

    def forward(self, X: np.ndarray) -> tuple[LayerRecord, ...]:
        """Run X (…, batch, n_in) through every layer; one record per layer.

        net = X·W + b, out = f(net), in the network's dtype.
        """
        records = []
        a = np.asarray(X, dtype=self.dtype)
        for W, b, name in zip(self.weights, self.biases, self.activations, strict=True):
            net = a @ W
            net += b[..., None, :]  # in place: the same sum, one array fewer
            out = ACTIVATIONS[name].f(net)
            records.append(LayerRecord(a, net, out))
            a = out
        return tuple(records)

    def loss_value(self, X: np.ndarray, T: np.ndarray) -> np.ndarray | float:
        """E of the batch: mean over samples of the per-sample loss."""
        return LOSSES[self.loss].value(self.forward(X)[-1].out, np.asarray(T, dtype=self.dtype))

    def backward(
        self, records: Sequence[LayerRecord], T: np.ndarray, per_sample: bool = False
    ) -> tuple[LayerGradient, ...]:
        """Backprop from the output to the input: one LayerGradient per layer, first layer first.

        δ_L = ∂E/∂net_L; for each layer dW = inputᵀ·(δ / batch), db = Σ δ / batch (the batch
        means), and δ_(l−1) = (δ_l·W_lᵀ) ⊙ f'(net_(l−1)). Dividing δ (batch × n_out) before
        the product rather than dW (n_in × n_out) after it is the same mean with far fewer
        divisions (and bit for bit the same when the batch is a power of two). ∂E/∂X of the
        first layer feeds no other layer (nobody needs the gradient of the data): it is
        computed only with ``per_sample``.
        """
        last = records[-1]
        delta = output_delta(self.activations[-1], self.loss, last.net, last.out,
                             np.asarray(T, dtype=self.dtype))
        grads: list[LayerGradient] = []
        for i in range(len(records) - 1, -1, -1):
            rec, W = records[i], self.weights[i]
            batch = rec.input.shape[-2]
            dE_dinput = delta @ W.mT if i or per_sample else None
            share = delta / batch if batch > 1 else delta  # a single sample is its own mean
            dW = rec.input.mT @ share
            db = np.add.reduce(share, axis=-2)
            if dW.ndim < W.ndim:  # one shared input feeding K stacked copies
                dW = np.broadcast_to(dW, W.shape)
            per = rec.input[..., :, :, None] * delta[..., :, None, :] if per_sample else None
            grads.append(LayerGradient(dW, db, delta, dE_dinput, per))
            if i:
                assert dE_dinput is not None  # computed for every layer above the first
                below = records[i - 1]
                delta = ACTIVATIONS[self.activations[i - 1]].backward(below.net, below.out,
                                                                      dE_dinput)
        return tuple(reversed(grads))

    def gradients(
        self, X: np.ndarray, T: np.ndarray, per_sample: bool = False
    ) -> list[tuple[np.ndarray, np.ndarray]]:
        """The batch-mean gradients (dW, db) of every layer, first layer first.

        With ``per_sample``, each sample's own (dW, db) instead: shapes (batch, n_in, n_out)
        and (batch, n_out); their mean over the batch is what the update uses.
        """
        grads = self.backward(self.forward(X), T, per_sample=per_sample)
        if per_sample:
            return [(_present(g.dW_per_sample), g.delta) for g in grads]
        return [(g.dW, g.db) for g in grads]

    def apply(
        self, grads: Sequence[LayerGradient], eta: float | np.ndarray, update_biases: bool = True
    ) -> None:
        """Gradient descent in place: W ← W − η·dW, b ← b − η·db.

        eta is a float, or an array of shape (K,) with one rate per stacked copy; it is taken
        in the network's dtype (a float64 rate never upcasts a float32 update).
        """
        rate = np.asarray(eta, dtype=self.dtype)
        # one rate: a scalar; K rates (K,): broadcast over each copy's b (K, n) and W (K, n, m)
        eta_b = rate if rate.ndim == 0 else rate[..., None]
        eta_W = rate if rate.ndim == 0 else eta_b[..., None]
        for W, b, g in zip(self.weights, self.biases, grads, strict=True):
            W -= eta_W * g.dW
            if update_biases:
                b -= eta_b * g.db

    def step(
        self, X: np.ndarray, T: np.ndarray, eta: float | np.ndarray, update_biases: bool = True
    ) -> tuple[LayerGradient, ...]:
        """One forward, backward and update on the batch (X, T); returns the gradients used."""
        grads = self.backward(self.forward(X), T)
        self.apply(grads, eta, update_biases)
        return grads


def _present(array: np.ndarray | None) -> np.ndarray:
    """array, which the caller asked for (so it is not None)."""
    assert array is not None
    return array
