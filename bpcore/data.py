"""Data for the larger networks: the bundled handwritten digits and toy 2-D sets.

Shapes: X is (n, features) float64, y is (n,) int labels; one_hot(y) is (n, classes).
Nothing is downloaded: the digits ship in data/digits.npz (MNIST, from the user's own files,
is bpcore.mnist).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from bpcore.errors import CodedError
from bpcore.limits import NOISE, POINTS

DIGITS = Path(__file__).resolve().parents[1] / "data" / "digits.npz"
TOY_SETS = ("xor", "circles", "moons", "spiral", "blobs")
REGRESSION_SETS = ("plane", "gaussians")
# TensorFlow Playground's multi-Gaussian surface, scaled from its [−6, 6]² plane to [−1, 1]²:
# six bumps (x₁, x₂, sign), each falling linearly from ±1 at its centre to 0 at GAUSS_RADIUS.
GAUSSIANS = ((-4 / 6, 2.5 / 6, 1), (0.0, 2.5 / 6, -1), (4 / 6, 2.5 / 6, 1),
             (-4 / 6, -2.5 / 6, -1), (0.0, -2.5 / 6, 1), (4 / 6, -2.5 / 6, -1))
GAUSS_RADIUS = 2 / 6


def load_digits(path: Path = DIGITS) -> tuple[np.ndarray, np.ndarray]:
    """The 1,797 UCI 8×8 digits: X (1797, 64) scaled to mean-0.5/std-0.5 range [−1, 1], y (1797,).

    Pixels 0…16 become x/16 ∈ [0, 1], then (x − 0.5)/0.5, the seed article's normalisation.
    """
    with np.load(path) as data:
        images, labels = data["images"], data["labels"]
    return (images.reshape(len(images), -1) / 16.0 - 0.5) / 0.5, labels.astype(int)


def one_hot(y: np.ndarray, classes: int) -> np.ndarray:
    """Labels (n,) as rows of a (n, classes) identity."""
    return np.eye(classes)[y]


def split(X: np.ndarray, y: np.ndarray, test_fraction: float, seed: int
          ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """A seeded shuffle, then (X_train, y_train, X_test, y_test)."""
    order = np.random.default_rng(seed).permutation(len(X))
    cut = len(X) - int(round(test_fraction * len(X)))
    train, test = order[:cut], order[cut:]
    return X[train], y[train], X[test], y[test]


def toy(name: str, n: int = 200, noise: float = 0.1, seed: int = 0
        ) -> tuple[np.ndarray, np.ndarray]:
    """A 2-D classification set: X (n, 2), y (n,) in {0, 1} (blobs: {0, 1, 2}).

    n in limits.POINTS and noise in limits.NOISE, else a CodedError naming the setting.
    """
    if name not in TOY_SETS:
        raise CodedError("name", "unknown", value=name, choices=", ".join(TOY_SETS))
    POINTS.check("n", n)
    NOISE.check("noise", noise)
    rng = np.random.default_rng(seed)
    half = n // 2
    if name == "xor":
        X: np.ndarray = rng.uniform(-1, 1, (n, 2))
        y = (X[:, 0] * X[:, 1] > 0).astype(int)
    elif name == "circles":
        angle = rng.uniform(0, 2 * np.pi, n)
        y = (np.arange(n) >= half).astype(int)
        radius = np.where(y == 1, 0.5, 1.0)
        X = np.c_[radius * np.cos(angle), radius * np.sin(angle)]
    elif name == "moons":
        t = rng.uniform(0, np.pi, n)
        y = (np.arange(n) >= half).astype(int)
        X = np.asarray(np.where(y[:, None] == 0, np.c_[np.cos(t), np.sin(t)],
                                np.c_[1 - np.cos(t), 0.5 - np.sin(t)]))
    elif name == "spiral":
        y = (np.arange(n) >= half).astype(int)
        r = rng.uniform(0.05, 1, n)
        theta = 3 * np.pi * r + np.pi * y
        X = np.c_[r * np.cos(theta), r * np.sin(theta)]
    else:  # blobs
        y = np.arange(n) % 3
        centres = np.array([[-0.6, -0.4], [0.6, -0.4], [0.0, 0.6]])
        X = centres[y] + rng.normal(0, 0.15, (n, 2))
    return X + rng.normal(0, noise, X.shape), y


def surface(name: str, X: np.ndarray) -> np.ndarray:
    """The regression set's target at points X (n, 2), shape (n,), in [−1, 1].

    plane: (x₁ + x₂)/2. gaussians: of the six bumps (GAUSSIANS), the one whose value
    sign·max(0, 1 − d/r) is largest in size, d the distance to its centre and r GAUSS_RADIUS
    (as Playground computes it).
    """
    if name == "plane":
        return (X[:, 0] + X[:, 1]) / 2
    best = np.zeros(len(X))
    for cx, cy, sign in GAUSSIANS:
        d = np.hypot(X[:, 0] - cx, X[:, 1] - cy)
        value = sign * np.clip(1 - d / GAUSS_RADIUS, 0, 1)
        best = np.where(np.abs(value) > np.abs(best), value, best)
    return best


def regression(name: str, n: int = 200, noise: float = 0.1, seed: int = 0
               ) -> tuple[np.ndarray, np.ndarray]:
    """A 2-D regression set: X (n, 2) uniform on [−1, 1]², y (n,) float, its surface at X
    plus N(0, noise) (Playground adds its noise to the target; here, as in ``toy``, noise is
    in the plane's units). n in limits.POINTS and noise in limits.NOISE, else CodedError."""
    if name not in REGRESSION_SETS:
        raise CodedError("name", "unknown", value=name, choices=", ".join(REGRESSION_SETS))
    POINTS.check("n", n)
    NOISE.check("noise", noise)
    rng = np.random.default_rng(seed)
    X = rng.uniform(-1, 1, (n, 2))
    return X, surface(name, X) + rng.normal(0, noise, n)
