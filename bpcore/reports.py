"""What a trained classifier did, for the digits page: confusion, mistakes, best epoch, one input.

bpcore.sgd trains and records the curves; these read a trained Network (and its Curves) back:
the confusion matrix, the misclassified samples, the epoch with the best test accuracy, and
one input's forward pass with δ at the output for a chosen label.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bpcore.network import Network
from bpcore.sgd import Curves


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
    view = forward_view(network, x, label, classes)
    return view.probabilities, view.delta


def misclassified(network: Network, X: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Indices of the samples the network gets wrong, and what it predicted for each."""
    predicted = network.forward(X)[-1].out.argmax(axis=1)
    wrong = np.flatnonzero(predicted != y)
    return wrong, predicted[wrong]


def best_epoch(curves: Curves) -> tuple[int, float]:
    """(epoch, test accuracy) of the epoch with the highest test accuracy, the first of any
    tie; epoch 0 is before training. With a constant η the last epoch can lie several points
    below it."""
    epoch = int(np.argmax(curves.test_accuracy))
    return epoch, float(curves.test_accuracy[epoch])


@dataclass(frozen=True)
class ForwardView:
    """One input through a trained n_in-hidden-classes network, and δ for a chosen label.

    hidden (h,): the hidden layer's outputs a₁ = f(x·W₁ + b₁); probabilities (classes,): the
    softmax outputs; delta (classes,): δ = ∂E/∂net₂ = out − target for one-hot ``label``
    (from the network's own backward); predicted: the most probable class.
    """

    hidden: np.ndarray
    probabilities: np.ndarray
    delta: np.ndarray
    label: int
    predicted: int


def forward_view(network: Network, x: np.ndarray, label: int, classes: int) -> ForwardView:
    """x (n_in,) or (1, n_in) through ``network`` (one hidden layer), δ against ``label``."""
    records = network.forward(np.asarray(x).reshape(1, -1))
    target = np.eye(classes)[[label]]
    delta = network.backward(records, target)[-1].delta[0]
    out = records[-1].out[0]
    return ForwardView(records[0].out[0], out, delta, label, int(np.argmax(out)))
