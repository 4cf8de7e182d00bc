"""The seed's MNIST recipe hand-written in PyTorch, float32: the yardstick for bpcore's epoch.

Optional: the project never depends on torch. When it is importable, ``python -m bench``
times one epoch of the same recipe as bpcore's — 784-128-10 relu/softmax, cross-entropy,
batch 64, η 0.1, the same starting weights, data and batch order — written two ways:

- ``manual_epoch``: the forward and backward as explicit matrix products, no autograd (the
  same arithmetic as bpcore: δ_out = (out − target)/B, no gradient for the data);
- ``autograd_epoch``: ``nn.functional.cross_entropy`` on the logits, ``loss.backward()`` and
  ``torch.optim.SGD``, as a PyTorch user would write it.

Shapes: X (n, 784) and T (n, 10) float32 NumPy arrays (shared with torch, not copied); order
(n,) the permutation of one epoch; weights W1 (784, 128), W2 (128, 10), biases zero.

``python -m bench.torch_ref SAMPLES REPEATS`` times both in a process of their own and prints
JSON: NumPy's and torch's thread pools each spin for a while after their last call, so timing
them in one process would charge each with the other's idle spinning.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np

try:
    import torch
except ImportError:  # the bench prints bpcore's figures alone
    torch = None


def available() -> bool:
    """True when torch can be imported."""
    return torch is not None


def _tensors(arrays: Sequence[np.ndarray]) -> list[Any]:
    return [torch.from_numpy(np.ascontiguousarray(a, dtype=np.float32)) for a in arrays]


def _batches(X: Any, T: Any, order: np.ndarray, buffers: Sequence[np.ndarray] | None,
             batch: int) -> Iterator[tuple[Any, Any]]:
    """X[rows], T[rows] for each batch of ``order`` in turn, gathered into the one-batch
    buffers when given (as bpcore.sgd gathers each batch into buffers allocated once per run).

    Each gather writes into a view of the buffers of exactly the batch's size: torch does not
    resize an ``out=`` tensor whose storage NumPy owns ("Trying to resize storage that is not
    resizable"), so the buffers hold one batch, never the epoch."""
    index = torch.from_numpy(np.ascontiguousarray(order, dtype=np.int64))
    X_buf, T_buf = _tensors(buffers) if buffers is not None else (None, None)
    for start in range(0, len(order), batch):
        rows = index[start:start + batch]
        if X_buf is None:
            yield X.index_select(0, rows), T.index_select(0, rows)
        else:
            n = len(rows)
            yield (torch.index_select(X, 0, rows, out=X_buf[:n]),
                   torch.index_select(T, 0, rows, out=T_buf[:n]))


def manual_epoch(X: np.ndarray, T: np.ndarray, order: np.ndarray,
                 weights: Sequence[np.ndarray], buffers: Sequence[np.ndarray] | None = None,
                 eta: float = 0.1, batch: int = 64) -> list[np.ndarray]:
    """One epoch of mini-batch SGD with hand-written forward and backward (no autograd).

    Returns the trained W1, W2, b1, b2 as NumPy arrays (to compare with bpcore's).
    """
    Xt, Tt = _tensors((X, T))
    W1, W2 = (w.clone() for w in _tensors(weights))
    b1, b2 = torch.zeros(W1.shape[1]), torch.zeros(W2.shape[1])
    with torch.no_grad():
        for x, t in _batches(Xt, Tt, order, buffers, batch):
            net1 = torch.addmm(b1, x, W1)
            h = torch.relu(net1)
            out = torch.softmax(torch.addmm(b2, h, W2), dim=1)
            d2 = (out - t) / x.shape[0]
            dW2, db2 = h.T @ d2, d2.sum(0)
            d1 = (d2 @ W2.T) * (net1 > 0)
            dW1, db1 = x.T @ d1, d1.sum(0)
            W1.sub_(dW1, alpha=eta)
            b1.sub_(db1, alpha=eta)
            W2.sub_(dW2, alpha=eta)
            b2.sub_(db2, alpha=eta)
    return [p.numpy() for p in (W1, W2, b1, b2)]


def autograd_epoch(X: np.ndarray, T: np.ndarray, order: np.ndarray,
                   weights: Sequence[np.ndarray], buffers: Sequence[np.ndarray] | None = None,
                   eta: float = 0.1, batch: int = 64) -> None:
    """The same epoch with autograd: cross_entropy on the logits, backward(), optim.SGD."""
    Xt, Tt = _tensors((X, T))
    params = [w.clone().requires_grad_() for w in _tensors(weights)]
    params += [torch.zeros(w.shape[1], requires_grad=True) for w in params]
    W1, W2, b1, b2 = params
    optimizer = torch.optim.SGD(params, lr=eta)
    for x, t in _batches(Xt, Tt, order, buffers, batch):
        loss = torch.nn.functional.cross_entropy(torch.relu(x @ W1 + b1) @ W2 + b2,
                                                 t.argmax(dim=1))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()


def main() -> None:
    """Time both on the bench's data; print JSON: manual and autograd (s per epoch, fastest
    of REPEATS), manual_update and autograd_update (s per undisturbed update, see
    bench.__main__.per_update), diff (the largest |bpcore − PyTorch manual| of a trained
    parameter after one epoch) and torch's version."""
    from bench.__main__ import SHORT, best, epoch_buffers, mnist_data, mnist_epoch, per_update

    samples, repeats = int(sys.argv[1]), int(sys.argv[2])
    X, T, order, start = mnist_data(samples)
    weights = list(start.weights)
    warm = order[order < min(samples, 640)]  # first calls start thread pools and kernels
    manual_epoch(X, T, warm, weights)
    autograd_epoch(X, T, warm, weights)
    buffers = epoch_buffers(X, T, order)
    manual = best(lambda: manual_epoch(X, T, order, weights, buffers), repeats)
    autograd = best(lambda: autograd_epoch(X, T, order, weights, buffers), repeats)
    short = epoch_buffers(X, T, order[order < SHORT])
    manual_update = per_update(lambda o: manual_epoch(X, T, o, weights, short), order,
                               10 * repeats)
    autograd_update = per_update(lambda o: autograd_epoch(X, T, o, weights, short), order,
                                 10 * repeats)
    theirs = manual_epoch(X, T, order, weights, buffers)
    ours = mnist_epoch(X, T, order, start, buffers)
    diff = max(float(np.max(np.abs(a - b))) for a, b in zip(
        ours.weights + ours.biases, theirs, strict=True))
    print(json.dumps({"manual": manual, "autograd": autograd, "manual_update": manual_update,
                      "autograd_update": autograd_update, "diff": diff,
                      "version": torch.__version__}))


if __name__ == "__main__" and torch is not None:
    main()
