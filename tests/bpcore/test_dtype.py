"""The engine's dtype follows the data: float32 in, float32 everywhere; float64 stays float64."""

import itertools

import numpy as np
import pytest

from bpcore import ACTIVATIONS, LOSSES, Network
from bpcore.data import load_digits, one_hot, split
from bpcore.mnist import normalise_images
from bpcore.sgd import batches, sgd, train_epoch

F32, F64 = np.dtype(np.float32), np.dtype(np.float64)
# Every pairing the builder allows, and softmax with a loss that goes through its Jacobian.
PAIRS = [(a, loss) for a, loss in itertools.product(ACTIVATIONS, LOSSES)
         if not (loss == "cross_entropy" and a != "softmax")
         and not (loss == "binary_cross_entropy" and a not in ("sigmoid", "softmax"))]


def problem(dtype, hidden="relu", output="softmax", loss="cross_entropy", batch=16, seed=0):
    rng = np.random.default_rng(seed)
    net = Network.random((6, 5, 4), (hidden, output), loss, seed=seed, dtype=dtype)
    X = rng.standard_normal((batch, 6)).astype(dtype)
    T = one_hot(rng.integers(0, 4, batch), 4).astype(dtype)
    if loss in ("half_sse", "mse") or output != "softmax":
        T = rng.uniform(0.1, 0.9, (batch, 4)).astype(dtype)
    return net, X, T


def dtypes_of(records, grads) -> set:
    arrays = [a for r in records for a in r] + [a for g in grads for a in g if a is not None]
    return {a.dtype for a in arrays}


@pytest.mark.parametrize("hidden", [name for name, a in ACTIVATIONS.items() if a.elementwise])
@pytest.mark.parametrize(("output", "loss"), PAIRS)
def test_float32_in_float32_out_for_every_activation_and_loss(hidden, output, loss):
    net, X, T = problem(np.float32, hidden, output, loss)
    records = net.forward(X)
    grads = net.backward(records, T, per_sample=True)
    assert dtypes_of(records, grads) == {F32}
    assert np.asarray(net.loss_value(X, T)).dtype == F32
    net.step(X, T, 0.1)
    assert {a.dtype for a in net.weights + net.biases} == {F32}


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_every_registered_function_keeps_float32(name):
    act = ACTIVATIONS[name]
    net = np.linspace(-3, 3, 12, dtype=np.float32).reshape(3, 4)
    out = act.f(net)
    g = np.ones_like(net)
    assert out.dtype == F32 and act.backward(net, out, g).dtype == F32
    if act.elementwise:
        assert act.derivative(net, out).dtype == F32 and act.prime(net).dtype == F32
    for loss in LOSSES.values():
        p = np.full((3, 4), 0.25, dtype=np.float32)
        assert loss.terms(p, p).dtype == F32 and loss.grad(p, p).dtype == F32
        assert np.asarray(loss.value(p, p)).dtype == F32


def test_float32_sigmoid_and_losses_stay_finite_and_quiet_at_the_extremes():
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        net = np.array([[-1e30, -100.0, 0.0, 100.0, 1e30]], dtype=np.float32)
        out = ACTIVATIONS["sigmoid"].f(net)
        assert out.dtype == F32 and np.all(np.isfinite(out))
        edge = np.array([[0.0, 1.0]], dtype=np.float32)
        for loss in ("cross_entropy", "binary_cross_entropy"):
            assert np.all(np.isfinite(LOSSES[loss].terms(edge, edge[:, ::-1])))
            assert np.all(np.isfinite(LOSSES[loss].grad(edge, edge[:, ::-1])))


def test_float64_stays_float64():
    net, X, T = problem(np.float64)
    records = net.forward(X)
    assert dtypes_of(records, net.backward(records, T, per_sample=True)) == {F64}


def test_the_network_computes_in_its_own_dtype_whatever_the_inputs():
    net32, X, T = problem(np.float32)
    records = net32.forward(X.astype(np.float64))
    assert dtypes_of(records, net32.backward(records, T.astype(np.float64))) == {F32}
    net32.step(X.astype(np.float64), T.astype(np.float64), np.array(0.1))
    assert {a.dtype for a in net32.weights + net32.biases} == {F32}
    ints = Network([[[1, 2], [3, 4]]], [[0, 0]], ("relu",), "half_sse")
    assert ints.dtype == F64  # whole numbers are not a float type: float64


def test_a_float32_network_starts_from_the_float64_weights_rounded():
    a = Network.random((7, 5, 3), ("tanh", "softmax"), "cross_entropy", seed=4)
    b = Network.random((7, 5, 3), ("tanh", "softmax"), "cross_entropy", seed=4,
                       dtype=np.float32)
    assert b.dtype == F32 and all(np.array_equal(x.astype(np.float32), y)
                                  for x, y in zip(a.weights, b.weights, strict=True))


def test_a_scale_of_zero_is_a_scale_not_the_default():
    net = Network.random((4, 3, 2), ("tanh", "softmax"), "cross_entropy", seed=0, scale=0.0)
    assert all(not w.any() for w in net.weights)
    default = Network.random((4, 3, 2), ("tanh", "softmax"), "cross_entropy", seed=0)
    assert all(w.any() for w in default.weights)


def test_float32_and_float64_gradients_agree_to_float32_precision():
    net64, X, T = problem(np.float64, "tanh", batch=32, seed=3)
    net32 = net64.copy()
    net32.use_dtype(np.float32)
    for g32, g64 in zip(net32.gradients(X.astype(np.float32), T), net64.gradients(X, T),
                        strict=True):
        for a, b in zip(g32, g64, strict=True):
            np.testing.assert_allclose(a, b, rtol=2e-4, atol=1e-6)


def digits():
    X, y = load_digits()
    X_train, y_train, X_test, y_test = split(X, y, 0.2, seed=0)
    return X_train, one_hot(y_train, 10), X_test, one_hot(y_test, 10)


def test_sgd_trains_float32_data_in_float32_and_agrees_with_float64():
    X, T, X_test, T_test = digits()
    runs = {}
    for dtype in (np.float64, np.float32):
        net = Network.random((64, 32, 10), ("relu", "softmax"), "cross_entropy", seed=0)
        curves = sgd(net, X.astype(dtype), T, X_test.astype(dtype), T_test, 0.1, 3, 32, 0)
        runs[np.dtype(dtype)] = (net, curves)
    net32, curves32 = runs[F32]
    net64, curves64 = runs[F64]
    assert net32.dtype == F32 and net64.dtype == F64
    for w32, w64 in zip(net32.weights + net32.biases, net64.weights + net64.biases,
                        strict=True):
        np.testing.assert_allclose(w32, w64, rtol=1e-3, atol=1e-4)
    np.testing.assert_allclose(curves32.train_loss, curves64.train_loss, rtol=1e-4)
    np.testing.assert_allclose(curves32.grad_norms, curves64.grad_norms, rtol=1e-3)
    assert np.abs(curves32.test_accuracy - curves64.test_accuracy).max() <= 2 / len(T_test)


def test_mnist_shaped_data_trains_float32_end_to_end():
    rng = np.random.default_rng(0)
    X = normalise_images(rng.integers(0, 256, (200, 28, 28), dtype=np.uint8))
    T = one_hot(rng.integers(0, 10, 200), 10)
    assert X.dtype == F32
    net = Network.random((784, 16, 10), ("relu", "softmax"), "cross_entropy", seed=0,
                         scale=0.01)
    curves = sgd(net, X, T, X[:50], T[:50], 0.1, 2, 64, 0)
    assert net.dtype == F32 and curves.diverged_at is None
    assert net.forward(X)[-1].out.dtype == F32


def test_an_epoch_takes_exactly_the_batches_of_its_order():
    net, X, T = problem(np.float32, batch=23)
    order = np.random.default_rng(5).permutation(23)
    by_epoch, by_hand = net.copy(), net.copy()
    norms = train_epoch(by_epoch, X, T, 0.2, 5, order, (np.empty_like(X), np.empty_like(T)))
    expected = np.zeros(2)
    for take in batches(order, 5):
        grads = by_hand.step(X[take], T[take], 0.2)
        expected += [np.linalg.norm(g.dW) for g in grads]
    for a, b in zip(by_epoch.weights + by_epoch.biases, by_hand.weights + by_hand.biases,
                    strict=True):
        np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(norms, expected)
