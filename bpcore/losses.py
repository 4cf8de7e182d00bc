"""Loss functions, each registered once with its gradient.

Shapes: ``out`` and ``target`` are (..., batch, n_out). ``terms`` gives each output's
contribution per sample (the tutorial's E_o1, E_o2); the loss of a sample is their sum and the
loss of a batch is the mean over samples. ``grad`` gives dE/dout *per sample* (not divided by
the batch size): the network averages parameter gradients, never the gradients it passes back.

This is the one home of each loss: its NumPy terms and gradient, its LaTeX for any names of
target and output (``Loss.latex``, ``Loss.grad_latex``: the worked example writes
½(target_{o1} − out_{o1})², the 1-1-1 chain ½(y − ŷ)², both from here) and the NumPy source
the lesson programs print (``Loss.code``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np

# log(0) is -inf and t/0 is inf; the smallest normal float of the output's dtype keeps both
# finite and, for any output a real network produces, changes nothing. (float64's would be
# 0 in float32, and as a float64 scalar it would upcast a float32 loss.)


def _tiny(out: np.ndarray) -> np.floating:
    """The smallest normal number of out's float dtype (float64 for anything else)."""
    dtype = np.asarray(out).dtype
    dtype = dtype if dtype.kind == "f" else np.dtype(np.float64)
    return np.finfo(dtype).tiny


def half_sse_terms(out: np.ndarray, target: np.ndarray) -> np.ndarray:
    """E_o = ½(target − out)², per output."""
    return 0.5 * (target - out) ** 2


def half_sse_grad(out: np.ndarray, target: np.ndarray) -> np.ndarray:
    """∂E/∂out = −(target − out) = out − target."""
    return out - target


def mse_terms(out: np.ndarray, target: np.ndarray) -> np.ndarray:
    """(target − out)² / n_out, per output: the mean over outputs once summed."""
    return (target - out) ** 2 / out.shape[-1]


def mse_grad(out: np.ndarray, target: np.ndarray) -> np.ndarray:
    """∂E/∂out = 2(out − target) / n_out."""
    return 2.0 * (out - target) / out.shape[-1]


def cross_entropy_terms(out: np.ndarray, target: np.ndarray) -> np.ndarray:
    """−target·log(out), per output; 0 where target is 0, finite where out is 0."""
    return -target * np.log(np.maximum(out, _tiny(out)))


def cross_entropy_grad(out: np.ndarray, target: np.ndarray) -> np.ndarray:
    """∂E/∂out = −target / out (finite where out is 0)."""
    return -target / np.maximum(out, _tiny(out))


def binary_cross_entropy_terms(out: np.ndarray, target: np.ndarray) -> np.ndarray:
    """−[target·log(out) + (1 − target)·log(1 − out)], per output; finite at out = 0 or 1."""
    tiny = _tiny(out)
    return -(target * np.log(np.maximum(out, tiny))
             + (1 - target) * np.log(np.maximum(1 - out, tiny)))


def binary_cross_entropy_grad(out: np.ndarray, target: np.ndarray) -> np.ndarray:
    """∂E/∂out = (out − target) / (out·(1 − out)), finite at out = 0 or 1."""
    return (out - target) / np.maximum(out * (1 - out), _tiny(out))


def half_sse_latex(target: str, out: str) -> str:
    """½(target − out)² in LaTeX, for any names (or slots #0, #1)."""
    return rf"\tfrac{{1}}{{2}}({target} - {out})^2"


def half_sse_grad_latex(target: str, out: str) -> str:
    """∂E/∂out of ½(target − out)² as the tutorial writes it: −(target − out)."""
    return f"-({target} - {out})"


def mse_latex(target: str, out: str) -> str:
    """(target − out)² / n in LaTeX."""
    return rf"\frac{{1}}{{n}}({target} - {out})^2"


def mse_grad_latex(target: str, out: str) -> str:
    """∂E/∂out of (target − out)² / n: 2(out − target) / n."""
    return rf"\frac{{2}}{{n}}({out} - {target})"


def cross_entropy_latex(target: str, out: str) -> str:
    """−target·log(out) in LaTeX."""
    return rf"-{target} \cdot \log {out}"


def cross_entropy_grad_latex(target: str, out: str) -> str:
    """∂E/∂out of −target·log(out): −target / out."""
    return rf"-\frac{{{target}}}{{{out}}}"


def binary_cross_entropy_latex(target: str, out: str) -> str:
    """−target·log(out) − (1 − target)·log(1 − out) in LaTeX."""
    return rf"-{target} \cdot \log {out} - (1 - {target}) \cdot \log(1 - {out})"


def binary_cross_entropy_grad_latex(target: str, out: str) -> str:
    """∂E/∂out of the binary cross-entropy: (out − target) / (out(1 − out))."""
    return rf"\frac{{{out} - {target}}}{{{out} (1 - {out})}}"


@dataclass(frozen=True)
class Loss:
    """A loss with its per-output terms and its per-sample gradient dE/dout.

    ``latex(target, out)`` and ``grad_latex(target, out)`` write one output's term and its
    ∂E/∂out for the given LaTeX names; ``formula`` is the loss over all outputs. ``code`` is
    NumPy source for the lesson programs, over ``t`` and ``out`` (and ``TINY``, the smallest
    normal float): the terms and dE/dout (the tests evaluate it against ``terms`` and
    ``grad``).
    """

    name: str
    terms: Callable[[np.ndarray, np.ndarray], np.ndarray]
    grad: Callable[[np.ndarray, np.ndarray], np.ndarray]
    latex: Callable[[str, str], str]
    grad_latex: Callable[[str, str], str]
    code: tuple[str, str]

    @property
    def formula(self) -> str:
        """E over every output k, in LaTeX."""
        term = self.latex(r"\mathrm{target}_k", r"\mathrm{out}_k")
        return r"E = \sum_k \left[" + term + r"\right]"

    def per_sample(self, out: np.ndarray, target: np.ndarray) -> np.ndarray:
        """E of each sample: Σ over outputs of the terms. Shape (..., batch)."""
        return np.add.reduce(self.terms(out, target), axis=-1)

    def value(self, out: np.ndarray, target: np.ndarray) -> np.ndarray | float:
        """E of the batch: the mean over samples. A float, or shape (...) for stacked copies."""
        # One reduction over (batch, outputs) instead of two: this runs every training step.
        return np.add.reduce(self.terms(out, target), axis=(-2, -1)) / out.shape[-2]


LOSSES: MappingProxyType[str, Loss] = MappingProxyType(
    {
        "half_sse": Loss(
            "half_sse", half_sse_terms, half_sse_grad, half_sse_latex, half_sse_grad_latex,
            ("0.5 * (t - out) ** 2", "-(t - out)"),
        ),
        "mse": Loss(
            "mse", mse_terms, mse_grad, mse_latex, mse_grad_latex,
            ("(t - out) ** 2 / out.shape[-1]", "2.0 * (out - t) / out.shape[-1]"),
        ),
        "cross_entropy": Loss(
            "cross_entropy", cross_entropy_terms, cross_entropy_grad, cross_entropy_latex,
            cross_entropy_grad_latex,
            ("-t * np.log(np.maximum(out, TINY))", "-t / np.maximum(out, TINY)"),
        ),
        "binary_cross_entropy": Loss(
            "binary_cross_entropy", binary_cross_entropy_terms, binary_cross_entropy_grad,
            binary_cross_entropy_latex, binary_cross_entropy_grad_latex,
            ("-(t * np.log(np.maximum(out, TINY)) + (1 - t) * np.log(np.maximum(1 - out, TINY)))",
             "(out - t) / np.maximum(out * (1 - out), TINY)"),
        ),
    }
)
