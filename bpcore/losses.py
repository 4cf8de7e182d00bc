"""Loss functions, each registered once with its gradient.

Shapes: ``out`` and ``target`` are (..., batch, n_out). ``terms`` gives each output's
contribution per sample (the tutorial's E_o1, E_o2); the loss of a sample is their sum and the
loss of a batch is the mean over samples. ``grad`` gives dE/dout *per sample* (not divided by
the batch size): the network averages parameter gradients, never the gradients it passes back.
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


@dataclass(frozen=True)
class Loss:
    """A loss with its per-output terms and its per-sample gradient dE/dout."""

    name: str
    terms: Callable[[np.ndarray, np.ndarray], np.ndarray]
    grad: Callable[[np.ndarray, np.ndarray], np.ndarray]
    formula: str

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
            "half_sse", half_sse_terms, half_sse_grad,
            r"E = \sum_k \tfrac{1}{2}(\mathrm{target}_k - \mathrm{out}_k)^2",
        ),
        "mse": Loss(
            "mse", mse_terms, mse_grad,
            r"E = \frac{1}{n}\sum_k (\mathrm{target}_k - \mathrm{out}_k)^2",
        ),
        "cross_entropy": Loss(
            "cross_entropy", cross_entropy_terms, cross_entropy_grad,
            r"E = -\sum_k \mathrm{target}_k \log \mathrm{out}_k",
        ),
        "binary_cross_entropy": Loss(
            "binary_cross_entropy", binary_cross_entropy_terms, binary_cross_entropy_grad,
            r"E = -\sum_k [t_k \log o_k + (1 - t_k)\log(1 - o_k)]",
        ),
    }
)

