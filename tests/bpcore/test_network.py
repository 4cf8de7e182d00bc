"""The general network: finite-difference agreement, stability, and where the batch mean goes."""

import itertools
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bpcore import ACTIVATIONS, LOSSES, Network, gradcheck
from bpcore.activations import sigmoid, softmax
from bpcore.gradcheck import relative_error
from bpcore.losses import cross_entropy_grad, cross_entropy_terms


def make_problem(sizes, hidden, output, loss, batch, seed):
    rng = np.random.default_rng(seed)
    acts = [hidden] * (len(sizes) - 2) + [output]
    net = Network.random(sizes, acts, loss, seed=seed, scale=0.8)
    net.biases = [rng.standard_normal(b.shape) * 0.3 for b in net.biases]
    X = rng.standard_normal((batch, sizes[0]))
    if output == "softmax" or loss == "cross_entropy":
        T = np.eye(sizes[-1])[rng.integers(0, sizes[-1], batch)]
        if output != "softmax":  # cross-entropy needs positive outputs: targets in (0, 1)
            T = rng.uniform(0.1, 0.9, (batch, sizes[-1]))
    else:
        T = rng.uniform(0.1, 0.9, (batch, sizes[-1]))
    return net, X, T


# relu and leaky_relu have a kink at 0; random real inputs land on it with probability 0.
# Cross-entropies need outputs in (0, 1): softmax or sigmoid (binary: sigmoid only).
PAIRS = [(a, loss) for a, loss in itertools.product(ACTIVATIONS, LOSSES)
         if not (loss == "cross_entropy" and a not in ("sigmoid", "softmax"))
         and not (loss == "binary_cross_entropy" and a != "sigmoid")]


@pytest.mark.parametrize(("output", "loss"), PAIRS)
@pytest.mark.parametrize("hidden", ["sigmoid", "tanh", "relu", "leaky_relu", "linear"])
@pytest.mark.parametrize("batch", [1, 5])
def test_gradients_match_finite_differences(output, loss, hidden, batch):
    sizes = (3, 4, 3) if output == "softmax" else (3, 4, 2)
    net, X, T = make_problem(sizes, hidden, output, loss, batch, seed=7)
    assert gradcheck(net, X, T).max_relative_error < 1e-6


@settings(max_examples=40, deadline=None, derandomize=True)
@given(depth=st.integers(1, 4), widths=st.lists(st.integers(1, 8), min_size=5, max_size=5),
       hidden=st.sampled_from(["sigmoid", "tanh", "linear", "leaky_relu"]),
       pair=st.sampled_from(PAIRS), batch=st.sampled_from([1, 3, 8]), seed=st.integers(0, 10**6))
def test_gradients_match_finite_differences_on_random_networks(depth, widths, hidden, pair,
                                                               batch, seed):
    output, loss = pair
    n_out = max(widths[-1], 2) if output == "softmax" else widths[-1]
    sizes = (*widths[:depth], n_out)
    net, X, T = make_problem(sizes, hidden, output, loss, batch, seed)
    assert gradcheck(net, X, T).max_relative_error < 1e-6


def test_softmax_cross_entropy_shortcut_equals_the_jacobian_path():
    net, X, T = make_problem((3, 4, 3), "tanh", "softmax", "cross_entropy", 4, seed=1)
    last = net.forward(X)[-1]
    shortcut = net.backward(net.forward(X), T)[-1].delta
    jacobian = ACTIVATIONS["softmax"].backward(last.net, last.out,
                                               LOSSES["cross_entropy"].grad(last.out, T))
    np.testing.assert_allclose(shortcut, last.out - T, atol=1e-15)
    np.testing.assert_allclose(shortcut, jacobian, atol=1e-12)


def test_softmax_and_cross_entropy_reference_figures():
    out = softmax(np.array([[2.0, 1.0, 0.1]]))
    np.testing.assert_allclose(out, [[0.65900114, 0.24243297, 0.09856589]], atol=1e-8)
    assert LOSSES["cross_entropy"].value(out, np.array([[1.0, 0, 0]])) == pytest.approx(
        0.41703002, abs=1e-8)


@pytest.mark.parametrize("x", [1e4, -1e4, 1e300, -1e300, 0.0, 709.0, -745.0])
def test_stable_for_extreme_finite_inputs(x):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        net = np.array([[x, -x, 0.0]])
        assert np.all(np.isfinite(sigmoid(net)))
        assert np.all(np.isfinite(softmax(net))) and softmax(net).sum() == pytest.approx(1.0)
        for name in ACTIVATIONS:
            act = ACTIVATIONS[name]
            assert np.all(np.isfinite(act.f(net)))
            if act.elementwise:
                assert np.all(np.isfinite(act.derivative(net, act.f(net))))


def test_cross_entropy_is_finite_for_outputs_of_exactly_zero_and_one():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out, t = np.array([[0.0, 1.0]]), np.array([[1.0, 0.0]])
        assert np.all(np.isfinite(cross_entropy_terms(out, t)))
        assert np.all(np.isfinite(cross_entropy_grad(out, t)))


def test_parameter_gradients_are_the_mean_of_per_sample_gradients():
    net, X, T = make_problem((3, 5, 4, 2), "tanh", "sigmoid", "half_sse", 6, seed=3)
    grads = net.backward(net.forward(X), T, per_sample=True)
    for g in grads:
        np.testing.assert_allclose(g.dW, g.dW_per_sample.mean(axis=0), atol=1e-15)
        np.testing.assert_allclose(g.db, g.delta.mean(axis=0), atol=1e-15)
    for i in range(len(X)):  # each sample's own gradient equals a batch of one
        single = net.backward(net.forward(X[i:i + 1]), T[i:i + 1])
        for g, s in zip(grads, single, strict=True):
            np.testing.assert_allclose(g.dW_per_sample[i], s.dW, atol=1e-14)


def test_gradients_passed_between_layers_are_per_sample_not_averaged():
    net, X, T = make_problem((3, 5, 2), "tanh", "sigmoid", "half_sse", 6, seed=4)
    grads = net.backward(net.forward(X), T)
    passed = grads[1].dE_dinput
    assert passed.shape == (6, 5)
    for i in range(len(X)):
        single = net.backward(net.forward(X[i:i + 1]), T[i:i + 1])
        np.testing.assert_allclose(passed[i], single[1].dE_dinput[0], atol=1e-15)


def test_step_moves_against_the_gradient_and_lowers_the_loss():
    net, X, T = make_problem((2, 3, 1), "sigmoid", "sigmoid", "half_sse", 4, seed=5)
    before = [w.copy() for w in net.weights]
    grads = net.step(X, T, eta=0.1)
    for w0, w1, g in zip(before, net.weights, grads, strict=True):
        np.testing.assert_allclose(w1, w0 - 0.1 * g.dW)
    net2, _, _ = make_problem((2, 3, 1), "sigmoid", "sigmoid", "half_sse", 4, seed=5)
    assert net.loss_value(X, T) < net2.loss_value(X, T)


def test_stacked_copies_equal_independent_networks():
    net, X, T = make_problem((2, 3, 2), "tanh", "sigmoid", "half_sse", 3, seed=6)
    stacked = Network([np.stack([w, w * 2]) for w in net.weights],
                      [np.stack([b, b]) for b in net.biases], net.activations, net.loss)
    twice = Network([w * 2 for w in net.weights], net.biases, net.activations, net.loss)
    sg = stacked.gradients(X, T)
    for (dW, db), (dW1, _), (dW2, db2) in zip(sg, net.gradients(X, T), twice.gradients(X, T),
                                                strict=True):
        np.testing.assert_allclose(dW[0], dW1, atol=1e-15)
        np.testing.assert_allclose(dW[1], dW2, atol=1e-15)
        np.testing.assert_allclose(db[1], db2, atol=1e-15)


def test_random_is_deterministic_under_a_seed_and_shapes_follow_sizes():
    a = Network.random((4, 3, 2), ("relu", "softmax"), "cross_entropy", seed=11)
    b = Network.random((4, 3, 2), ("relu", "softmax"), "cross_entropy", seed=11)
    assert a.sizes == (4, 3, 2)
    assert [w.shape for w in a.weights] == [(4, 3), (3, 2)]
    assert [bb.shape for bb in a.biases] == [(3,), (2,)]
    assert all(np.array_equal(x, y) for x, y in zip(a.weights, b.weights, strict=True))


@pytest.mark.parametrize(("kwargs", "match"), [
    ({"activations": ("nope",)}, "activation"), ({"loss": "nope"}, "loss"),
])
def test_unknown_names_are_rejected(kwargs, match):
    args = {"weights": [np.ones((2, 2))], "biases": [np.zeros(2)],
            "activations": ("sigmoid",), "loss": "half_sse"} | kwargs
    with pytest.raises(ValueError, match=match):
        Network(**args)


def test_relative_error_is_zero_for_equal_arrays():
    assert relative_error(np.array([1.0, 0.0]), np.array([1.0, 0.0])) == 0.0
    assert relative_error(np.array([1.0]), np.array([1.1])) == pytest.approx(0.1 / 2.1)


def test_gradients_on_request_per_sample_average_to_the_batch_gradients():
    net, X, T = make_problem((3, 4, 2), "sigmoid", "softmax", "cross_entropy", 5, seed=8)
    for (dW, db), (dW_s, db_s) in zip(net.gradients(X, T), net.gradients(X, T, per_sample=True),
                                      strict=True):
        assert dW_s.shape == (5, *dW.shape) and db_s.shape == (5, *db.shape)
        np.testing.assert_allclose(dW_s.mean(axis=0), dW, atol=1e-15)
        np.testing.assert_allclose(db_s.mean(axis=0), db, atol=1e-15)
