"""Mini-batch stochastic gradient descent on a Network, one epoch at a time.

Each epoch shuffles the samples with a seeded generator and takes one step per batch:
W ← W − η·(batch-mean gradient). Loss and accuracy are recorded after every epoch, and each
layer's gradient norm ‖∂E/∂W_l‖ averaged over the epoch's steps. A run whose loss, weights or
gradients stop being finite is cut at that epoch and says so: divergence is reported, never
plotted as NaN.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from bpcore.errors import CodedError
from bpcore.limits import BATCH, SGD_ETA
from bpcore.losses import LOSSES
from bpcore.network import Network, float_dtype

MAX_STEPS = 200_000  # epochs × batches per epoch: about 20 s for a small network here
# A loss that has grown this many times past where it started has diverged, even while it is
# still a finite number (a loss of 1e132 teaches nothing more than one of inf).
DIVERGED_GROWTH = 1e10


@dataclass(frozen=True)
class Curves:
    """Per epoch (row 0: before training): train and test loss and accuracy, shape (epochs + 1,).

    grad_norms (epochs, layers): the mean over each epoch's steps of ‖∂E/∂W_l‖ (Frobenius).
    diverged_at: the first epoch after which a loss, a weight or a gradient norm was not finite,
    or the loss had grown DIVERGED_GROWTH times past its start (the curves stop before it).
    """

    train_loss: np.ndarray
    test_loss: np.ndarray
    train_accuracy: np.ndarray
    test_accuracy: np.ndarray
    grad_norms: np.ndarray
    diverged_at: int | None = None


def steps_needed(samples: int, epochs: int, batch: int) -> int:
    """How many updates a run takes: epochs × ⌈samples / batch⌉."""
    return epochs * -(-samples // batch)


def batches(order: np.ndarray, batch: int) -> list[np.ndarray]:
    """Sample indices (n,) cut into consecutive batches of ``batch`` (the last may be short)."""
    return [order[start:start + batch] for start in range(0, len(order), batch)]


def first_epoch_batches(n: int, batch: int, seed: int) -> list[np.ndarray]:
    """The batches of sgd's first epoch with this seed, in the order it takes them."""
    return batches(np.random.default_rng(seed).permutation(n), batch)


def train_epoch(network: Network, X: np.ndarray, T: np.ndarray, eta: float, batch: int,
                order: np.ndarray, buffers: tuple[np.ndarray, np.ndarray] | None = None
                ) -> np.ndarray:
    """One epoch of mini-batch SGD, in place: the samples in ``order``, ``batch`` at a time.

    X (n, n_in) and T (n, n_out) in the network's dtype; order (m,) distinct row indices (a
    permutation of all n rows in sgd). Each batch's rows are gathered in that order into
    ``buffers`` (arrays of at least ``batch`` rows, shaped (≥ batch, n_in) and (≥ batch,
    n_out), reused across batches and epochs) when given, so a batch is one contiguous array
    and the epoch never holds a shuffled copy of the whole of X (MNIST: 188 MB in float32,
    in every process that trains); the batches are exactly those of ``batches(order,
    batch)``. Returns (layers,): the sum over the epoch's steps of ‖∂E/∂W_l‖.
    """
    X_buf, T_buf = buffers if buffers is not None else (None, None)
    total = [0.0] * len(network.weights)
    for start in range(0, len(order), batch):
        rows = order[start:start + batch]
        # mode="clip" writes straight into the buffer (mode="raise" would copy first); the
        # rows are indices of X, so none is ever clipped. network.step is done with the
        # batch before the next one overwrites the buffer.
        Xb = np.take(X, rows, axis=0, out=None if X_buf is None else X_buf[:len(rows)],
                     mode="clip")
        Tb = np.take(T, rows, axis=0, out=None if T_buf is None else T_buf[:len(rows)],
                     mode="clip")
        grads = network.step(Xb, Tb, eta)
        for k, g in enumerate(grads):  # ‖dW‖ as np.linalg.norm computes it: √(dW·dW)
            flat = g.dW.ravel()
            total[k] += float(np.sqrt(flat.dot(flat)))
    return np.array(total)


def sgd(network: Network, X: np.ndarray, T: np.ndarray, X_test: np.ndarray, T_test: np.ndarray,
        eta: float, epochs: int, batch: int, seed: int,
        progress: Callable[[float], None] | None = None) -> Curves:
    """Train ``network`` in place; X (n, n_in), T and T_test one-hot (n, classes).

    The network takes the data's dtype (``float_dtype``): float32 data trains float32 weights
    end to end, anything else float64. Raises CodedError when a setting is out of its range
    (η in limits.SGD_ETA, batch in limits.BATCH, epochs ≥ 1, some data) or epochs × batches
    exceeds MAX_STEPS (field "updates").
    """
    if len(X) == 0:
        raise CodedError("data", "empty")
    if isinstance(epochs, bool) or not isinstance(epochs, (int, np.integer)) or epochs < 1:
        raise CodedError("epochs", "out_of_range", value=epochs, lo=1, hi=MAX_STEPS)
    BATCH.check("batch", batch)
    SGD_ETA.check("eta", eta)
    steps = steps_needed(len(X), epochs, batch)
    if steps > MAX_STEPS:
        raise CodedError("updates", "out_of_range", value=steps, lo=1, hi=MAX_STEPS)
    dtype = float_dtype(X)
    network.use_dtype(dtype)
    X, T = np.asarray(X, dtype=dtype), np.asarray(T, dtype=dtype)
    X_test, T_test = np.asarray(X_test, dtype=dtype), np.asarray(T_test, dtype=dtype)
    held = min(batch, len(X))  # one batch's rows
    buffers = (np.empty((held, X.shape[1]), X.dtype), np.empty((held, T.shape[1]), T.dtype))
    rng = np.random.default_rng(seed)
    y, y_test = T.argmax(axis=1), T_test.argmax(axis=1)
    rows: list[tuple[float, float, float, float]] = []
    norms: list[np.ndarray] = []

    loss = LOSSES[network.loss]

    def measured(X_: np.ndarray, T_: np.ndarray, y_: np.ndarray) -> tuple[float, float]:
        out = network.forward(X_)[-1].out  # one forward pass gives the loss and the accuracy
        return float(loss.value(out, T_)), float(np.mean(out.argmax(axis=-1) == y_))

    def record() -> bool:
        (train_loss, train_acc), (test_loss, test_acc) = measured(X, T, y), measured(
            X_test, T_test, y_test)
        finite = all(np.isfinite(W).all() and np.isfinite(b).all()
                     for W, b in zip(network.weights, network.biases, strict=True))
        if not (finite and np.isfinite(train_loss) and np.isfinite(test_loss)):
            return False
        if rows and train_loss > DIVERGED_GROWTH * max(rows[0][0], 1e-12):
            return False
        rows.append((train_loss, test_loss, train_acc, test_acc))
        return True

    diverged_at = None
    # Overflow on the way to divergence is expected; it is detected and reported below.
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        if not record():
            diverged_at = 0
        for epoch in range(epochs if diverged_at is None else 0):
            total = train_epoch(network, X, T, eta, batch, rng.permutation(len(X)), buffers)
            # Weights, losses and the gradients that moved them must all still be numbers.
            if not (np.isfinite(total).all() and record()):
                diverged_at = epoch + 1
                break
            norms.append(total / -(-len(X) // batch))
            if progress is not None:
                progress((epoch + 1) / epochs)
    train_loss, test_loss, train_acc, test_acc = np.array(rows, dtype=float).reshape(-1, 4).T
    grad_norms = np.array(norms).reshape(len(norms), len(network.weights))
    return Curves(train_loss, test_loss, train_acc, test_acc, grad_norms, diverged_at)

