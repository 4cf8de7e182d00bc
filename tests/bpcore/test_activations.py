"""bpcore.activations: each function with its derivative, its LaTeX in net, and the NumPy source
the lesson programs print, all from the one registry."""

import warnings

import numpy as np
import pytest

from bpcore.activations import (
    ACTIVATIONS,
    SIGMOID_PRIME_TEMPLATE,
    SIGMOID_TEMPLATE,
    sigmoid,
    sigmoid_latex,
    sigmoid_prime_latex,
    softmax,
    softmax_vjp,
)
from bpcore.errors import CodedError
from bpcore.latex import evaluator

ELEMENTWISE = [name for name, a in ACTIVATIONS.items() if a.elementwise]
NET = np.array([[-3.0, -0.7, 0.3, 1.9], [2.5, -1.2, 0.05, -0.4]])  # no kink at 0


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_the_derivative_is_the_slope_of_the_function(name):
    act, h = ACTIVATIONS[name], 1e-6
    slope = (act.f(NET + h) - act.f(NET - h)) / (2 * h)
    np.testing.assert_allclose(act.prime(NET), slope, rtol=1e-7, atol=1e-9)
    np.testing.assert_allclose(act.derivative(NET, act.f(NET)), act.prime(NET), rtol=1e-12)


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_backward_multiplies_dE_dout_by_the_derivative(name):
    act = ACTIVATIONS[name]
    dE_dout = np.linspace(-1, 1, NET.size).reshape(NET.shape)
    np.testing.assert_allclose(act.backward(NET, act.f(NET), dE_dout), dE_dout * act.prime(NET),
                               rtol=1e-12)


def test_softmax_backward_is_the_jacobian_product():
    net = NET[0]
    out = softmax(net)
    jacobian = np.diag(out) - np.outer(out, out)  # ∂out_j/∂net_k = out_j(δ_jk − out_k)
    g = np.array([0.3, -1.0, 2.0, 0.5])
    np.testing.assert_allclose(softmax_vjp(out, g), g @ jacobian, rtol=1e-12)
    np.testing.assert_allclose(ACTIVATIONS["softmax"].backward(net, out, g), g @ jacobian,
                               rtol=1e-12)
    assert softmax(np.array([1000.0, 1000.0])).tolist() == [0.5, 0.5]  # no overflow


def test_softmax_has_no_elementwise_derivative():
    with pytest.raises(CodedError) as refused:
        ACTIVATIONS["softmax"].derivative(NET, softmax(NET))
    assert (refused.value.field, refused.value.code) == ("activation", "not_elementwise")


def test_the_sigmoid_is_exact_and_quiet_at_the_extremes():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        values = sigmoid(np.array([-1e6, -745.0, 0.0, 40.0, 1e6]))
    assert values[0] == 0.0 and 0.0 < values[1] < 1e-300  # its true tiny value, not clamped
    assert values[2] == 0.5 and values[4] == 1.0


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_the_programs_source_computes_the_function_and_delta(name):
    act = ACTIVATIONS[name]
    body, delta = act.code
    source = ("import numpy as np\n\ndef f(net):\n" + "".join(f"    {line}\n" for line in
                                                            body.splitlines())
              + f"\ndef f_delta(net, out, dE_dout):\n    return {delta}\n")
    space: dict = {}
    exec(source, space)  # noqa: S102
    net = NET if act.elementwise else NET[:1]
    out = act.f(net)
    dE_dout = np.linspace(-2, 1, net.size).reshape(net.shape)
    np.testing.assert_allclose(space["f"](net), out, rtol=1e-15)
    np.testing.assert_allclose(space["f_delta"](net, out, dE_dout),
                               act.backward(net, out, dE_dout), rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_the_latex_names_the_pre_activation_net(name):
    act = ACTIVATIONS[name]
    for latex in (act.formula, act.prime_formula):
        assert r"\mathrm{net}" in latex and "(z)" not in latex and "z_" not in latex
    assert act.formula.startswith(act.symbol + "(")


@pytest.mark.parametrize("net", [-3.0, -0.2, 0.0, 0.7, 12.0])
def test_the_sigmoid_template_works_out_to_the_sigmoid(net):
    from decimal import Decimal

    value = evaluator(SIGMOID_TEMPLATE)([Decimal(net)])
    assert float(value) == pytest.approx(float(sigmoid(np.array(net))), rel=1e-15)
    out = float(sigmoid(np.array(net)))
    slope = evaluator(SIGMOID_PRIME_TEMPLATE)([Decimal(out)])
    assert float(slope) == pytest.approx(float(ACTIVATIONS["sigmoid"].prime(np.array(net))),
                                         rel=1e-12)


def test_the_sigmoid_latex_takes_any_argument():
    assert sigmoid_latex("net_{h1}") == r"\frac{1}{1 + e^{-net_{h1}}}"
    assert sigmoid_prime_latex(r"\hat y") == r"\hat y(1 - \hat y)"
    assert sigmoid_latex("#0") == SIGMOID_TEMPLATE
