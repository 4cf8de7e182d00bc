"""One batch under the microscope: the batch-mean rule, per-sample gradients between layers."""

import numpy as np
import pytest

from bpcore import Network
from bpcore.data import one_hot, toy
from bpcore.microscope import averaged_twice, microscope
from bpcore.sgd import first_epoch_batches, sgd

rng = np.random.default_rng(7)
X = rng.standard_normal((12, 3))
T = one_hot(rng.integers(0, 4, 12), 4)
NET = Network.random((3, 5, 6, 4), ("tanh", "sigmoid", "softmax"), "cross_entropy", seed=2)


@pytest.mark.parametrize(("layer", "i", "j"), [(1, 0, 0), (1, 2, 4), (2, 3, 5), (3, 5, 3)])
def test_the_mean_of_per_sample_gradients_is_the_batch_gradient(layer, i, j):
    m = microscope(NET, X, T, layer, i, j)
    assert m.per_sample.shape == (12,)
    assert m.mean == pytest.approx(m.batch_gradient, rel=1e-12, abs=1e-15)
    assert m.batch_gradient == pytest.approx(m.numeric, rel=1e-6, abs=1e-9)
    # each sample's gradient is the gradient of that sample's own loss
    alone = microscope(NET, X[[5]], T[[5]], layer, i, j)
    assert m.per_sample[5] == pytest.approx(alone.batch_gradient, rel=1e-12)
    assert np.ptp(m.per_sample) > 0  # the samples disagree: the mean is not any one of them


def test_the_gradients_passed_between_layers_are_per_sample_and_not_averaged():
    m = microscope(NET, X, T, 1, 0, 0)
    assert [lb.layer for lb in m.layers] == [3, 2, 1]
    for lb in m.layers:
        W = NET.weights[lb.layer - 1]
        assert lb.delta.shape == (12, W.shape[1]) and lb.dE_dinput.shape == (12, W.shape[0])
        np.testing.assert_allclose(lb.dE_dinput, lb.delta @ W.T, rtol=1e-12)  # no 1/B
        np.testing.assert_allclose(lb.dW, lb.delta.T.dot(
            NET.forward(X)[lb.layer - 1].input).T / 12, rtol=1e-12)
    # each sample's passed-back gradient equals what that sample alone passes back
    alone = microscope(NET, X[[3]], T[[3]], 1, 0, 0)
    for lb, lb1 in zip(m.layers, alone.layers, strict=True):
        np.testing.assert_allclose(lb.dE_dinput[3], lb1.dE_dinput[0], rtol=1e-12)


def test_averaging_the_passed_gradient_too_shrinks_each_lower_layer_by_another_factor_B():
    correct = [dW for dW, _ in NET.gradients(X, T)]
    wrong = averaged_twice(NET, NET.forward(X), T)
    for k, (c, w) in enumerate(zip(correct, wrong, strict=True)):
        np.testing.assert_allclose(w * 12 ** (len(correct) - 1 - k), c, rtol=1e-12)
    m = microscope(NET, X, T, 1, 1, 1)
    assert m.averaged_twice == pytest.approx(m.numeric / 144, rel=1e-6)
    assert abs(m.averaged_twice - m.numeric) > 0.5 * abs(m.numeric)


def test_the_formulas_give_every_factor_its_shape():
    m = microscope(NET, X, T, 2, 0, 0)
    out_layer, middle, first = m.layers
    assert out_layer.formulas[0] == \
        r"\underset{12\times 4}{\delta_{3}} = \mathrm{out}_{3} - \mathrm{target}"
    assert r"\underset{12\times 6}{\delta_{3}\,W_{3}^{\top}}\odot \sigma'(\mathrm{net}_{2})" in \
        middle.formulas[0]
    assert r"\underset{5\times 6}{\frac{\partial E}{\partial W_{2}}} = \frac{1}{12}" in \
        middle.formulas[1]
    assert len(first.formulas) == 3 and r"\underset{3\times 12}{x^{\top}}" in first.formulas[1]
    assert all(len(lb.formulas) == 4 for lb in (out_layer, middle))


def test_softmax_with_another_loss_goes_through_its_jacobian():
    net = Network.random((3, 4), ("softmax",), "half_sse", seed=0)
    m = microscope(net, X, T, 1, 2, 1)
    assert r"J_{\mathrm{softmax}}" in m.layers[0].formulas[0]
    assert m.batch_gradient == pytest.approx(m.numeric, rel=1e-6)


def test_the_batches_shown_are_the_ones_sgd_takes_in_its_first_epoch():
    Xd, y = toy("moons", n=40, seed=1)
    Td = one_hot(y, 2)
    start = Network.random((2, 3, 2), ("tanh", "softmax"), "cross_entropy", seed=0)
    trained, manual = start.copy(), start.copy()
    sgd(trained, Xd, Td, Xd, Td, eta=0.5, epochs=1, batch=10, seed=9)
    order = first_epoch_batches(40, 10, seed=9)
    assert sorted(np.concatenate(order).tolist()) == list(range(40)) and len(order) == 4
    m = microscope(start, Xd[order[0]], Td[order[0]], 1, 0, 2)
    for k, take in enumerate(order):
        manual.step(Xd[take], Td[take], 0.5)
        if k == 0:  # the first update moves the weight by η times the microscope's mean
            assert manual.weights[0][0, 2] == pytest.approx(start.weights[0][0, 2] - 0.5 * m.mean)
    for a, b in zip(trained.weights, manual.weights, strict=True):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize(("layer", "i", "j"), [(0, 0, 0), (4, 0, 0), (1, 3, 0), (2, 0, 6)])
def test_a_weight_outside_the_network_is_refused(layer, i, j):
    with pytest.raises(ValueError):
        microscope(NET, X, T, layer, i, j)


def test_the_mistakes_factor_is_B_per_layer_above_the_followed_weight():
    for layer, factor in ((1, 144), (2, 12), (3, 1)):
        m = microscope(NET, X, T, layer, 0, 0)
        assert m.twice_factor == factor
        assert m.averaged_twice * factor == pytest.approx(m.batch_gradient, rel=1e-12)
