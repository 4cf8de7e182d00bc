"""The builder's input features: what the network sees of a point (x₁, x₂) of the plane.

TensorFlow Playground's seven: x₁, x₂, x₁², x₂², x₁x₂, sin x₁, sin x₂. A network built on a
choice of them takes one input per chosen feature, in FEATURES' order. With x₁² and x₂² a
network without hidden layers draws a circle; with x₁x₂ it draws XOR's cross.
Shapes: X (n, 2) points → (n, k) features, k the number chosen (1 … 7).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from types import MappingProxyType

import numpy as np

from bpcore.errors import CodedError

# name → the feature of the points X (n, 2), shape (n,)
_FEATURES: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "x1": lambda X: X[:, 0],
    "x2": lambda X: X[:, 1],
    "x1sq": lambda X: X[:, 0] ** 2,
    "x2sq": lambda X: X[:, 1] ** 2,
    "x1x2": lambda X: X[:, 0] * X[:, 1],
    "sinx1": lambda X: np.sin(X[:, 0]),
    "sinx2": lambda X: np.sin(X[:, 1]),
}
FEATURES = MappingProxyType(_FEATURES)
NAMES = tuple(_FEATURES)
DEFAULT = ("x1", "x2")


def check(features: Sequence[str]) -> tuple[str, ...]:
    """``features`` in FEATURES' order, when they are 1 … 7 distinct known names; else
    CodedError("features", "features")."""
    chosen = tuple(features)
    if (not chosen or len(set(chosen)) != len(chosen)
            or any(name not in FEATURES for name in chosen)):
        raise CodedError("features", "features", count=len(chosen))
    return tuple(name for name in NAMES if name in chosen)


def expand(X: np.ndarray, features: Sequence[str]) -> np.ndarray:
    """The chosen features of every point: X (n, 2) → (n, k), columns in FEATURES' order."""
    X = np.asarray(X, dtype=float)
    return np.stack([FEATURES[name](X) for name in check(features)], axis=1)
