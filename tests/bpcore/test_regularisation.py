"""L1 and L2: the penalty's value by hand, its gradient against finite differences."""

import numpy as np
import pytest

from bpcore.errors import CodedError
from bpcore.regularisation import Regularisation

W = [np.array([[0.5, -2.0], [0.0, 1.5]]), np.array([[-0.25], [3.0]])]


def test_the_penalties_by_hand():
    assert Regularisation("l1", 0.1).penalty(W) == pytest.approx(0.1 * 7.25)
    assert Regularisation("l2", 0.1).penalty(W) == pytest.approx(0.05 * (0.25 + 4 + 2.25
                                                                        + 0.0625 + 9))
    assert Regularisation("none", 0.1).penalty(W) == 0.0
    assert Regularisation("l2", 0.0).penalty(W) == 0.0


@pytest.mark.parametrize("kind", ["l1", "l2"])
def test_the_gradient_is_the_penalty_s_slope(kind):
    reg, h = Regularisation(kind, 0.3), 1e-6
    rng = np.random.default_rng(1)
    Ws = [rng.normal(size=(3, 2)), rng.normal(size=(2, 1))]
    for layer, Wl in enumerate(Ws):
        grad = reg.gradient(Wl)
        for idx in np.ndindex(Wl.shape):
            up = [w.copy() for w in Ws]
            down = [w.copy() for w in Ws]
            up[layer][idx] += h
            down[layer][idx] -= h
            numeric = (reg.penalty(up) - reg.penalty(down)) / (2 * h)
            assert grad[idx] == pytest.approx(numeric, abs=1e-6)


def test_l1_pulls_with_the_sign_and_l2_with_the_weight():
    np.testing.assert_array_equal(Regularisation("l1", 0.5).gradient(W[0]),
                                  [[0.5, -0.5], [0.0, 0.5]])
    np.testing.assert_array_equal(Regularisation("l2", 0.5).gradient(W[0]),
                                  [[0.25, -1.0], [0.0, 0.75]])


@pytest.mark.parametrize("reg", [Regularisation("l3", 0.1), Regularisation("l2", -0.1),
                                 Regularisation("l1", 11.0), Regularisation("l2", float("nan"))])
def test_bad_penalties_are_refused(reg):
    with pytest.raises(CodedError):
        reg.check()


def test_one_weight_s_update_gradient_adds_the_term():
    from bpcore.regularisation import penalised, penalised_latex

    assert penalised(Regularisation("l1", 0.1), 0.25, -3.0) == pytest.approx((-0.1, 0.15))
    assert penalised(Regularisation("l2", 0.1), 0.25, -3.0) == pytest.approx((-0.3, -0.05))
    latex = penalised_latex(Regularisation("l2", 0.1), "w", "0.25", "-3", "-0.3", "-0.05")
    assert latex.endswith(r"= 0.25 + 0.1\cdot (-3) = 0.25 + (-0.3) = -0.05")
