"""bpcore.gradcheck: central finite differences of every parameter, and the relative error that
tells a right gradient from a wrong one."""

import numpy as np
import pytest

from bpcore import Network, Scenario, trace_step
from bpcore.gradcheck import (
    gradcheck,
    net_estimates,
    numeric_gradients,
    relative_error,
    scenario_estimates,
)
from bpcore.netspec import NetSpec
from bpcore.presets import PRESETS, preset
from bpcore.stepper_trace import trace_net


def small_network():
    net = Network.random((3, 4, 2), ("tanh", "sigmoid"), "half_sse", seed=1)
    X = np.random.default_rng(2).normal(size=(5, 3))
    T = np.random.default_rng(3).uniform(size=(5, 2))
    return net, X, T


def test_numeric_gradients_are_shaped_like_the_parameters_and_agree_with_backprop():
    net, X, T = small_network()
    numeric = numeric_gradients(net, X, T)
    for (nW, nb), (aW, ab), W, b in zip(numeric, net.gradients(X, T), net.weights, net.biases,
                                        strict=True):
        assert nW.shape == W.shape and nb.shape == b.shape
        np.testing.assert_allclose(nW, aW, rtol=1e-6, atol=1e-10)
        np.testing.assert_allclose(nb, ab, rtol=1e-6, atol=1e-10)


def test_the_probe_leaves_the_network_as_it_was():
    net, X, T = small_network()
    before = [p.copy() for p in net.weights + net.biases]
    numeric_gradients(net, X, T)
    for p, q in zip(before, net.weights + net.biases, strict=True):
        np.testing.assert_array_equal(p, q)


def test_gradcheck_passes_backprop_and_catches_a_wrong_gradient():
    net, X, T = small_network()
    check = gradcheck(net, X, T)
    assert check.max_relative_error < 1e-6
    wrong = [(dW * 1.01, db) for dW, db in check.analytic]  # 1 % off
    worst = max(relative_error(a[0], n[0]) for a, n in zip(wrong, check.numeric, strict=True))
    assert worst > 1e-3


@pytest.mark.parametrize(("a", "b", "error"), [
    ([1.0, 2.0], [1.0, 2.0], 0.0),
    ([1.0], [3.0], 0.5),  # |1 − 3| / (1 + 3)
    ([1e-9], [-1e-9], 2e-9 / 1e-4),  # below the floor the measure is absolute
    ([], [], 0.0),
])
def test_relative_error_is_scale_free_above_the_floor(a, b, error):
    assert relative_error(np.array(a), np.array(b)) == pytest.approx(error, rel=1e-12)


def test_the_scenario_estimates_are_named_like_the_trace_and_close_to_it():
    scenario = Scenario.worked_example()
    estimates = scenario_estimates(scenario)
    trace = trace_step(scenario)
    weights = [f"dE_dw{k}" for k in range(1, 9)]
    biases = [f"dE_db_{n}" for n in ("h1", "h2", "o1", "o2")]
    assert set(estimates) == set(weights + biases)
    for name in weights:
        assert estimates[name] == pytest.approx(trace[name], rel=1e-7, abs=1e-11)


@pytest.mark.parametrize("net", list(PRESETS))
def test_net_estimates_name_every_parameter_gradient_and_agree_with_the_stepper(net):
    spec = preset(net)
    trace = trace_net(spec)
    estimates = net_estimates(spec)
    weights = sum(len(W) * len(W[0]) for W in spec.weights)
    assert len(estimates) == weights + sum(len(b) for b in spec.biases)
    gradients = [q for q in trace.values if q.kind in ("dE_dw", "dE_db")]
    assert gradients and all(q in estimates for q in gradients)
    for q in gradients:  # the typed name is the trace's: w^l_jk is W_l[k − 1, j − 1]
        assert estimates[q] == pytest.approx(trace[q], rel=1e-6, abs=1e-9)


def test_net_estimates_of_a_random_batch_network_agree_with_the_stepper():
    spec = NetSpec.random((3, 4, 2, 2), ("tanh", "relu", "softmax"), "cross_entropy", seed=5,
                          samples=3, train_biases=True)
    trace = trace_net(spec)
    estimates = net_estimates(spec)
    for q in (q for q in trace.values if q.kind in ("dE_dw", "dE_db")):
        assert estimates[q] == pytest.approx(trace[q], rel=1e-6, abs=1e-9)
