"""Activation functions, each registered once with its derivative.

Every activation maps a net input array ``net`` of any shape to an output ``out`` of the same
shape. Element-wise activations also give their derivative ``f'(net)``; softmax, whose
derivative is a Jacobian, gives only the vector-Jacobian product used by backprop.
The UI reads its choices from :data:`ACTIVATIONS`.

This is the one home of each activation: its NumPy function and derivative, its LaTeX (in the
tutorial's names: net in, out out) and the NumPy source the lesson programs print
(``Activation.code``); sigmoid_latex() and sigmoid_prime_latex() write σ with any argument for
the step-by-step formulas.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np

from bpcore.errors import CodedError

LEAKY_SLOPE = 0.01


def _floats(net: np.ndarray) -> np.ndarray:
    """net as an array of its own float dtype (float32 stays float32); other input as float64.

    Every activation keeps the dtype of its input: no float32 array is upcast to float64.
    """
    a = np.asarray(net)
    return a if a.dtype.kind == "f" else a.astype(np.float64)


def sigmoid(net: np.ndarray) -> np.ndarray:
    """σ(net) = 1 / (1 + e^(−net)), finite and warning-free for every finite net; float32 in,
    float32 out.

    Written with e^(−|net|) ≤ 1, which never overflows: 1 / (1 + e^(−net)) for net ≥ 0 and
    e^(net) / (1 + e^(net)) below, so a very negative net gives its true tiny value (0 once
    it underflows) instead of a clamped one (σ(−10⁶) is not 10⁻³⁰⁴).
    """
    net = _floats(net)
    e = np.exp(-np.abs(net))
    return np.where(net >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def sigmoid_prime(net: np.ndarray) -> np.ndarray:
    """σ'(net) = σ(net)·(1 − σ(net))."""
    out = sigmoid(net)
    return out * (1.0 - out)


def tanh(net: np.ndarray) -> np.ndarray:
    """tanh(net)."""
    return np.tanh(net)


def tanh_prime(net: np.ndarray) -> np.ndarray:
    """tanh'(net) = 1 − tanh²(net)."""
    return 1.0 - np.tanh(net) ** 2


def relu(net: np.ndarray) -> np.ndarray:
    """relu(net) = max(0, net)."""
    return np.maximum(net, 0.0)


def relu_prime(net: np.ndarray) -> np.ndarray:
    """relu'(net) = 1 where net > 0, else 0 (the subgradient 0 is taken at net = 0)."""
    net = _floats(net)
    return (net > 0).astype(net.dtype)


def leaky_relu(net: np.ndarray) -> np.ndarray:
    """leaky_relu(net) = net where net > 0, else 0.01·net."""
    net = _floats(net)
    return np.where(net > 0, net, LEAKY_SLOPE * net)


def leaky_relu_prime(net: np.ndarray) -> np.ndarray:
    """leaky_relu'(net) = 1 where net > 0, else 0.01."""
    net = _floats(net)
    one, slope = net.dtype.type(1.0), net.dtype.type(LEAKY_SLOPE)
    return np.where(net > 0, one, slope)


def linear(net: np.ndarray) -> np.ndarray:
    """linear(net) = net."""
    return _floats(net)


def linear_prime(net: np.ndarray) -> np.ndarray:
    """linear'(net) = 1."""
    return np.ones_like(_floats(net))


def softmax(net: np.ndarray) -> np.ndarray:
    """softmax(net)_k = e^(net_k) / Σ_j e^(net_j) over the last axis.

    Shifting by the row maximum leaves the result unchanged and keeps every exponent ≤ 0,
    so no input overflows.
    """
    net = _floats(net)
    # The ufuncs' own reductions (not .max/.sum, the same arithmetic without a Python layer)
    # and a new array for the shifted net, exponentiated and divided in place.
    e = net - np.maximum.reduce(net, axis=-1, keepdims=True)
    np.exp(e, out=e)
    e /= np.add.reduce(e, axis=-1, keepdims=True)
    return e


def softmax_vjp(out: np.ndarray, dE_dout: np.ndarray) -> np.ndarray:
    """dE/dnet through the softmax Jacobian: out ⊙ (dE/dout − Σ_k dE/dout_k·out_k).

    J_jk = out_j(δ_jk − out_k) is symmetric, so gᵀJ = out ⊙ (g − g·out). Shapes (..., n).
    """
    return out * (dE_dout - (dE_dout * out).sum(axis=-1, keepdims=True))


def sigmoid_latex(net: str) -> str:
    """σ written out for a LaTeX argument (a symbol such as net_{h1}, or a slot #0)."""
    return rf"\frac{{1}}{{1 + e^{{-{net}}}}}"


def sigmoid_prime_latex(out: str) -> str:
    """σ' from its output, as the tutorial writes ∂out/∂net: out(1 − out)."""
    return rf"{out}(1 - {out})"


SIGMOID_TEMPLATE = sigmoid_latex("#0")  # σ with its number: the slot #0 is net
SIGMOID_PRIME_TEMPLATE = sigmoid_prime_latex("#0")  # σ' with its number: the slot #0 is out
NET = r"\mathrm{net}"  # the activations' argument in their LaTeX


@dataclass(frozen=True)
class Activation:
    """An activation with its derivative.

    ``prime(net)`` is f'(net) for element-wise activations (None for softmax);
    ``prime_from_out(out)`` gives the same derivative from the output where that is cheaper
    (σ' = out(1 − out)), which is how the tutorial writes ∂out/∂net. ``code`` is the same as
    NumPy source for the lesson programs: the body of ``f(net)`` and the expression of
    ``delta`` = dE/dnet from ``net``, ``out`` and ``dE_dout`` (the tests run it against
    ``f`` and ``backward``).
    """

    name: str
    f: Callable[[np.ndarray], np.ndarray]
    prime: Callable[[np.ndarray], np.ndarray] | None
    formula: str
    prime_formula: str
    code: tuple[str, str]
    prime_from_out: Callable[[np.ndarray], np.ndarray] | None = None
    # dE/dnet = dE/dout ⊙ f'(net) in one product where f' is a mask (relu: [net > 0]).
    masked: Callable[[np.ndarray, np.ndarray], np.ndarray] | None = None

    @property
    def symbol(self) -> str:
        """The function's LaTeX name, as its formula writes it: \\sigma, \\tanh, \\mathrm{relu}."""
        return self.formula.split("(", 1)[0]

    @property
    def elementwise(self) -> bool:
        """True when the Jacobian is diagonal, so ∂out/∂net is one number per neuron."""
        return self.prime is not None

    def derivative(self, net: np.ndarray, out: np.ndarray) -> np.ndarray:
        """∂out/∂net element-wise, shape of net. Raises for softmax (use backward)."""
        if self.prime_from_out is not None:
            return self.prime_from_out(out)
        if self.prime is None:
            raise CodedError("activation", "not_elementwise", name=self.name)
        return self.prime(net)

    def backward(self, net: np.ndarray, out: np.ndarray, dE_dout: np.ndarray) -> np.ndarray:
        """dE/dnet from dE/dout: element-wise product, or softmax's Jacobian product."""
        if self.prime is None:
            return softmax_vjp(out, dE_dout)
        if self.masked is not None:
            return self.masked(net, dE_dout)
        return dE_dout * self.derivative(net, out)


ACTIVATIONS: MappingProxyType[str, Activation] = MappingProxyType(
    {
        "sigmoid": Activation(
            "sigmoid", sigmoid, sigmoid_prime,
            rf"\sigma({NET}) = {sigmoid_latex(NET)}",
            rf"\sigma'({NET}) = \sigma({NET})\,(1 - \sigma({NET}))",
            ("e = np.exp(-np.abs(net))  # never overflows\n"
             "return np.where(net >= 0, 1.0 / (1.0 + e), e / (1.0 + e))",
             "dE_dout * (out * (1.0 - out))  # f'(net) = out(1 - out)"),
            lambda out: out * (1.0 - out),
        ),
        "tanh": Activation(
            "tanh", tanh, tanh_prime,
            rf"\tanh({NET}) = \frac{{e^{{{NET}}} - e^{{-{NET}}}}}{{e^{{{NET}}} + e^{{-{NET}}}}}",
            rf"\tanh'({NET}) = 1 - \tanh^2({NET})",
            ("return np.tanh(net)", "dE_dout * (1.0 - out * out)  # f'(net) = 1 - out^2"),
            lambda out: 1.0 - out * out,
        ),
        "relu": Activation(
            "relu", relu, relu_prime,
            rf"\mathrm{{relu}}({NET}) = \max(0, {NET})", rf"\mathrm{{relu}}'({NET}) = [{NET} > 0]",
            ("return np.maximum(net, 0.0)", "dE_dout * (net > 0)  # f'(net) = [net > 0]"),
            masked=lambda net, g: g * (net > 0),  # g·[net > 0]: g·1 = g, g·0 = 0 as with f'
        ),
        "leaky_relu": Activation(
            "leaky_relu", leaky_relu, leaky_relu_prime,
            rf"\mathrm{{leaky\_relu}}({NET}) = \max(0.01\,{NET}, {NET})",
            rf"\mathrm{{leaky\_relu}}'({NET}) = [{NET} > 0] + 0.01\,[{NET} \le 0]",
            ("return np.where(net > 0, net, 0.01 * net)",
             "dE_dout * np.where(net > 0, 1.0, 0.01)  # f'(net) = 1 or 0.01"),
        ),
        "linear": Activation(
            "linear", linear, linear_prime, rf"\mathrm{{linear}}({NET}) = {NET}",
            rf"\mathrm{{linear}}'({NET}) = 1", ("return net", "dE_dout  # f'(net) = 1")),
        "softmax": Activation(
            "softmax", softmax, None,
            rf"\mathrm{{softmax}}({NET})_k = \frac{{e^{{{NET}_k}}}}{{\sum_j e^{{{NET}_j}}}}",
            rf"\frac{{\partial\,\mathrm{{out}}_j}}{{\partial\,{NET}_k}} = "
            r"\mathrm{out}_j(\delta_{jk} - \mathrm{out}_k)",
            ("e = np.exp(net - net.max(axis=-1, keepdims=True))\n"
             "return e / e.sum(axis=-1, keepdims=True)",
             "out * (dE_dout - (dE_dout * out).sum(axis=-1, keepdims=True))"
             "  # the Jacobian, not f'"),
        ),
    }
)
