"""Data and training on it: bundled digits, seeded toy sets, mini-batch SGD."""

import numpy as np
import pytest

from bpcore import Network
from bpcore.builder import Architecture, DataSpec, build
from bpcore.data import TOY_SETS, load_digits, one_hot, split, toy
from bpcore.sgd import DIVERGED_GROWTH, sgd


def test_the_bundled_digits_load_without_any_download():
    X, y = load_digits()
    assert X.shape == (1797, 64) and y.shape == (1797,)
    assert X.min() == -1.0 and X.max() == 1.0 and set(y) == set(range(10))


@pytest.mark.parametrize("name", TOY_SETS)
def test_toy_sets_have_their_shapes_and_follow_the_seed(name):
    X, y = toy(name, n=120, noise=0.05, seed=3)
    assert X.shape == (120, 2) and y.shape == (120,)
    X2, y2 = toy(name, n=120, noise=0.05, seed=3)
    assert np.array_equal(X, X2) and np.array_equal(y, y2)
    assert not np.array_equal(X, toy(name, n=120, noise=0.05, seed=4)[0])
    assert set(y) == ({0, 1, 2} if name == "blobs" else {0, 1})


def test_split_and_one_hot():
    X, y = toy("xor", n=100, seed=0)
    Xtr, ytr, Xte, yte = split(X, y, 0.25, seed=1)
    assert len(Xtr) == 75 and len(Xte) == 25
    assert one_hot(np.array([2, 0]), 3).tolist() == [[0, 0, 1], [1, 0, 0]]


def test_the_digits_network_reaches_95_percent_with_a_fixed_seed():
    X, y = load_digits()
    Xtr, ytr, Xte, yte = split(X, y, 0.2, seed=0)
    net = Network.random((64, 32, 10), ("relu", "softmax"), "cross_entropy", seed=0)
    seen = []
    curves = sgd(net, Xtr, one_hot(ytr, 10), Xte, one_hot(yte, 10), eta=0.1, epochs=20,
                 batch=32, seed=0, progress=seen.append)
    assert curves.test_accuracy[-1] >= 0.95
    assert curves.train_loss[-1] < curves.train_loss[0] and len(curves.train_loss) == 21
    assert seen[-1] == 1.0 and len(seen) == 20


def test_curves_record_each_layers_gradient_norm_per_epoch():
    X, y = toy("moons", n=80, seed=0)
    Xtr, ytr, Xte, yte = split(X, y, 0.25, seed=0)
    net = Network.random((2, 6, 5, 2), ("tanh", "tanh", "softmax"), "cross_entropy", seed=0)
    start = net.copy()
    curves = sgd(net, Xtr, one_hot(ytr, 2), Xte, one_hot(yte, 2), eta=0.3, epochs=4,
                 batch=60, seed=0)  # one batch per epoch: the norm is that step's norm
    assert curves.grad_norms.shape == (4, 3) and curves.diverged_at is None
    first = start.gradients(Xtr[np.random.default_rng(0).permutation(60)], one_hot(ytr, 2)[
        np.random.default_rng(0).permutation(60)])
    np.testing.assert_allclose(curves.grad_norms[0], [np.linalg.norm(dW) for dW, _ in first],
                               rtol=1e-12)


def test_a_diverging_run_is_cut_and_reported_not_recorded_as_nan():
    X, y = toy("blobs", n=90, seed=0)
    net = Network.random((2, 8, 3), ("relu", "linear"), "half_sse", seed=0)
    curves = sgd(net, X, one_hot(y, 3), X, one_hot(y, 3), eta=50.0, epochs=30, batch=10,
                 seed=0)
    assert curves.diverged_at is not None and curves.diverged_at <= 30
    assert len(curves.train_loss) == curves.diverged_at  # epochs 0 … diverged_at − 1
    assert np.isfinite(curves.train_loss).all() and np.isfinite(curves.grad_norms).all()
    assert len(curves.grad_norms) == curves.diverged_at - 1


def test_a_run_longer_than_the_step_budget_is_refused():
    X, y = toy("xor", n=400, seed=0)
    net = Network.random((2, 4, 2), ("tanh", "softmax"), "cross_entropy", seed=0)
    with pytest.raises(ValueError, match="updates"):
        sgd(net, X, one_hot(y, 2), X, one_hot(y, 2), eta=0.1, epochs=1000, batch=1, seed=0)


# --- MNIST from the four standard IDX files ----------------------------------------------


def test_an_overflowing_gradient_counts_as_divergence_even_while_the_loss_is_finite():
    """relu outputs with squared error at η = 2, one sample a step: within the first epoch the
    gradient norms overflow to inf while the loss is still a (huge) number. The run is cut
    there: nothing non-finite is kept, and the curves hold only the start."""
    run = build(Architecture((16, 16), ("tanh", "tanh"), "relu", "mse"), DataSpec(), 2.0, 60,
                1, 0)
    c = run.curves
    assert c.diverged_at == 1 and len(c.train_loss) == 1 and c.grad_norms.shape == (0, 3)
    assert np.isfinite(c.train_loss).all()


def test_a_loss_grown_ten_orders_of_magnitude_counts_as_divergence():
    run = build(Architecture((8, 8), ("relu", "relu"), "linear", "half_sse"), DataSpec(), 5.0,
                60, 1000, 0)
    c = run.curves
    assert c.diverged_at is not None and c.diverged_at < 60
    assert c.train_loss.max() <= DIVERGED_GROWTH * c.train_loss[0]
