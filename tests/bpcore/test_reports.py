"""bpcore.reports: what a trained classifier did — confusion, mistakes, the best epoch, and one
input's forward pass with δ at the output."""

import numpy as np
import pytest

from bpcore import Network
from bpcore.reports import best_epoch, confusion, forward_view, misclassified, output_delta_of
from bpcore.sgd import Curves


@pytest.fixture(scope="module")
def classifier():
    net = Network.random((4, 6, 3), ("tanh", "softmax"), "cross_entropy", seed=0)
    X = np.random.default_rng(1).normal(size=(30, 4))
    y = np.random.default_rng(2).integers(0, 3, size=30)
    return net, X, y


def test_the_confusion_counts_every_sample_once_by_true_and_predicted_class(classifier):
    net, X, y = classifier
    counts = confusion(net, X, y, 3)
    predicted = net.forward(X)[-1].out.argmax(axis=1)
    assert counts.shape == (3, 3) and counts.sum() == len(y)
    assert np.trace(counts) == int((predicted == y).sum())
    assert counts.sum(axis=1).tolist() == np.bincount(y, minlength=3).tolist()


def test_misclassified_are_exactly_the_wrong_predictions(classifier):
    net, X, y = classifier
    wrong, predicted = misclassified(net, X, y)
    every = net.forward(X)[-1].out.argmax(axis=1)
    assert wrong.tolist() == np.flatnonzero(every != y).tolist()
    assert predicted.tolist() == every[wrong].tolist() and (predicted != y[wrong]).all()


def curves(test_accuracy):
    n = len(test_accuracy)
    zeros = np.zeros(n)
    return Curves(zeros, zeros, zeros, np.array(test_accuracy), np.zeros((n - 1, 1)))


def test_the_best_epoch_is_the_first_of_the_highest_test_accuracy():
    assert best_epoch(curves([0.1, 0.8, 0.9, 0.9, 0.7])) == (2, 0.9)
    assert best_epoch(curves([0.5, 0.4])) == (0, 0.5)  # epoch 0 is before training


def test_the_forward_view_gives_delta_out_minus_target_for_softmax_and_cross_entropy(classifier):
    net, X, _ = classifier
    view = forward_view(net, X[0], 2, 3)
    records = net.forward(X[:1])
    np.testing.assert_allclose(view.hidden, records[0].out[0], rtol=1e-15)
    np.testing.assert_allclose(view.probabilities, records[-1].out[0], rtol=1e-15)
    np.testing.assert_allclose(view.delta, view.probabilities - np.eye(3)[2], atol=1e-15)
    assert view.label == 2 and view.predicted == int(np.argmax(view.probabilities))
    row = forward_view(net, X[:1], 2, 3)  # a (1, n_in) row is the same input
    np.testing.assert_array_equal(row.delta, view.delta)
    np.testing.assert_array_equal(row.hidden, view.hidden)


def test_output_delta_of_is_the_forward_views_probabilities_and_delta(classifier):
    net, X, y = classifier
    probabilities, delta = output_delta_of(net, X[3], int(y[3]), 3)
    view = forward_view(net, X[3], int(y[3]), 3)
    np.testing.assert_array_equal(probabilities, view.probabilities)
    np.testing.assert_array_equal(delta, view.delta)
    assert probabilities.sum() == pytest.approx(1.0, abs=1e-12)
