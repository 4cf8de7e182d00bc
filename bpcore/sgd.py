"""Mini-batch stochastic gradient descent on a Network, one epoch at a time.

Each epoch shuffles the samples with a seeded generator and takes one step per batch:
W ← W − η·(batch-mean gradient). Loss and accuracy are recorded after every epoch.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from bpcore.network import Network


@dataclass(frozen=True)
class Curves:
    """Per epoch (row 0: before training): train and test loss and accuracy, shape (epochs + 1,)."""

    train_loss: np.ndarray
    test_loss: np.ndarray
    train_accuracy: np.ndarray
    test_accuracy: np.ndarray


def accuracy(network: Network, X: np.ndarray, y: np.ndarray) -> float:
    """Share of samples whose largest output is the label."""
    return float(np.mean(network.forward(X)[-1].out.argmax(axis=1) == y))


def sgd(network: Network, X: np.ndarray, T: np.ndarray, X_test: np.ndarray, T_test: np.ndarray,
        eta: float, epochs: int, batch: int, seed: int,
        progress: Callable[[float], None] | None = None) -> Curves:
    """Train ``network`` in place; T and T_test are one-hot (n, classes)."""
    rng = np.random.default_rng(seed)
    y, y_test = T.argmax(axis=1), T_test.argmax(axis=1)
    rows: list[tuple[float, float, float, float]] = []

    def record() -> None:
        rows.append((float(network.loss_value(X, T)), float(network.loss_value(X_test, T_test)),
                     accuracy(network, X, y), accuracy(network, X_test, y_test)))

    record()
    for epoch in range(epochs):
        order = rng.permutation(len(X))
        for start in range(0, len(X), batch):
            take = order[start:start + batch]
            network.step(X[take], T[take], eta)
        record()
        if progress is not None:
            progress((epoch + 1) / epochs)
    columns = np.array(rows).T
    return Curves(*columns)


def confusion(network: Network, X: np.ndarray, y: np.ndarray, classes: int) -> np.ndarray:
    """counts[true, predicted], shape (classes, classes); its total is len(y)."""
    predicted = network.forward(X)[-1].out.argmax(axis=1)
    counts = np.zeros((classes, classes), dtype=int)
    np.add.at(counts, (y, predicted), 1)
    return counts


def output_delta_of(network: Network, x: np.ndarray, label: int, classes: int
                    ) -> tuple[np.ndarray, np.ndarray]:
    """For one sample: the output probabilities (classes,) and δ = ∂E/∂net at the output.

    With softmax and cross-entropy δ is out − target: the network's own backward gives it.
    """
    records = network.forward(x[None])
    target = np.eye(classes)[[label]]
    delta = network.backward(records, target)[-1].delta[0]
    return records[-1].out[0], delta


def misclassified(network: Network, X: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Indices of the samples the network gets wrong, and what it predicted for each."""
    predicted = network.forward(X)[-1].out.argmax(axis=1)
    wrong = np.flatnonzero(predicted != y)
    return wrong, predicted[wrong]
