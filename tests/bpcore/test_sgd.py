"""bpcore.sgd: mini-batch SGD, its batches and shuffles, its curves, refusals and divergence."""

import numpy as np
import pytest

from bpcore import Network
from bpcore.builder import Architecture, DataSpec, build
from bpcore.data import load_digits, one_hot, split, toy
from bpcore.errors import CodedError
from bpcore.sgd import (
    DIVERGED_GROWTH,
    MAX_STEPS,
    batches,
    first_epoch_batches,
    sgd,
    steps_needed,
    train_epoch,
)


def xor_problem(n: int = 40):
    """A small learnable problem: noisy XOR, one-hot targets, a 2-4-2 tanh/softmax network."""
    X, y = toy("xor", n=n, seed=0)
    net = Network.random((2, 4, 2), ("tanh", "softmax"), "cross_entropy", seed=0)
    return net, X, one_hot(y, 2)


@pytest.mark.parametrize(("samples", "epochs", "batch", "steps"),
                         [(100, 3, 10, 30), (101, 3, 10, 33), (5, 2, 64, 2), (64, 1, 64, 1)])
def test_steps_needed_is_epochs_times_the_batches_per_epoch(samples, epochs, batch, steps):
    assert steps_needed(samples, epochs, batch) == steps


def test_batches_cut_the_order_in_consecutive_pieces_the_last_one_short():
    cut = batches(np.array([4, 0, 3, 1, 2]), 2)
    assert [c.tolist() for c in cut] == [[4, 0], [3, 1], [2]]


def test_the_first_epochs_batches_are_the_seeds_first_permutation():
    order = np.random.default_rng(7).permutation(10)
    got = first_epoch_batches(10, 4, 7)
    assert [g.tolist() for g in got] == [order[:4].tolist(), order[4:8].tolist(),
                                         order[8:].tolist()]


def test_an_epoch_is_the_same_with_or_without_the_batch_buffers():
    net, X, T = xor_problem()
    order = np.random.default_rng(1).permutation(len(X))
    buffered, plain = net.copy(), net.copy()
    a = train_epoch(buffered, X, T, 0.3, 7, order, (np.empty((7, 2)), np.empty((7, 2))))
    b = train_epoch(plain, X, T, 0.3, 7, order)
    np.testing.assert_array_equal(a, b)
    for p, q in zip(buffered.weights + buffered.biases, plain.weights + plain.biases,
                    strict=True):
        np.testing.assert_array_equal(p, q)


def test_the_same_seed_trains_the_same_network_and_another_seed_shuffles_differently():
    runs = []
    for seed in (3, 3, 4):
        net, X, T = xor_problem()
        runs.append(sgd(net, X, T, X, T, eta=0.3, epochs=3, batch=8, seed=seed).train_loss)
    np.testing.assert_array_equal(runs[0], runs[1])
    assert not np.array_equal(runs[0], runs[2])


def test_row_zero_of_the_curves_is_the_untrained_network():
    net, X, T = xor_problem()
    start = float(net.loss_value(X, T))
    curves = sgd(net, X, T, X[:10], T[:10], eta=0.3, epochs=2, batch=8, seed=0)
    assert curves.train_loss[0] == pytest.approx(start, rel=1e-12)
    assert len(curves.test_loss) == len(curves.train_accuracy) == 3


@pytest.mark.parametrize(("field", "kwargs"), [
    ("epochs", {"epochs": 0}), ("epochs", {"epochs": True}), ("epochs", {"epochs": 2.0}),
    ("batch", {"batch": 0}), ("eta", {"eta": -0.1}), ("eta", {"eta": float("nan")}),
])
def test_a_setting_out_of_range_is_refused_with_its_field(field, kwargs):
    net, X, T = xor_problem()
    settings = {"eta": 0.1, "epochs": 1, "batch": 8, "seed": 0} | kwargs
    with pytest.raises(CodedError) as refused:
        sgd(net, X, T, X, T, **settings)
    assert refused.value.field == field


def test_no_data_is_refused():
    net, X, T = xor_problem()
    with pytest.raises(CodedError) as refused:
        sgd(net, X[:0], T[:0], X, T, eta=0.1, epochs=1, batch=8, seed=0)
    assert (refused.value.field, refused.value.code) == ("data", "empty")


def test_the_step_budget_is_the_last_step_allowed():
    net, X, T = xor_problem()
    X, T = np.tile(X, (MAX_STEPS // 100 // len(X), 1)), np.tile(T, (MAX_STEPS // 100 // len(X), 1))
    assert steps_needed(len(X), 100, 1) == MAX_STEPS
    with pytest.raises(CodedError) as refused:
        sgd(net, X, T, X, T, eta=0.1, epochs=101, batch=1, seed=0)
    assert refused.value.field == "updates"


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
