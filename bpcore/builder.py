"""A network built layer by layer, trained on a toy 2-D set, and the decision boundary it draws.

An :class:`Architecture` names the hidden layer sizes, one activation per layer, the output
activation and the loss (names from the registries). :func:`build` checks a whole set of
choices, makes the data, trains with mini-batch SGD and returns a :class:`Run`: the network
before and after training, the curves and the split data.
Shapes: X (n, 2); y (n,) class labels; the output layer has one unit per class.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from bpcore.activations import ACTIVATIONS
from bpcore.cost import sgd_cost
from bpcore.data import TOY_SETS, one_hot, split, toy
from bpcore.errors import CodedError
from bpcore.limits import HIDDEN_LAYERS, NOISE, POINTS, TEST_SHARE, WIDTH
from bpcore.losses import LOSSES
from bpcore.network import Network
from bpcore.sgd import Curves, first_epoch_batches, sgd

# The page retrains on every change, so a run must stay short: bpcore.cost's model (the one
# every long run of the app is checked by) estimates it before any training.
MAX_SECONDS = 10.0
# Which outputs each cross-entropy makes sense on. Categorical cross-entropy looks only at the
# target's output: on sigmoids every output could rise to 1 and the loss still reach 0, so it
# needs softmax, whose outputs share 1. Binary cross-entropy logs out and 1 − out: any output
# that is a probability will do.
OUTPUTS_FOR = {"cross_entropy": ("softmax",), "binary_cross_entropy": ("sigmoid", "softmax")}


class BuilderError(CodedError):
    """A rejected choice: ``field`` names the control, ``code`` (one of CODES) and ``params``
    say why, for a UI to put in its own language.

    data and training refusals carry the refused ``setting`` and the ``cause`` (a code such as
    out_of_range, with its value, lo and hi); recipe refusals name the key as the field and say
    what it must be (``expected``: whole, number, choice, keys or layers, with the bounds).
    """

    CODES = ("layers", "width", "activation", "loss", "pairing", "slow", "data", "training",
             "recipe")


@dataclass(frozen=True)
class Architecture:
    """Hidden layer sizes with their activations, then the output activation and the loss."""

    hidden: tuple[int, ...] = (8, 8)
    activations: tuple[str, ...] = ("tanh", "tanh")
    output: str = "softmax"
    loss: str = "cross_entropy"

    def check(self) -> None:
        """Raise BuilderError for the first choice that cannot be built or trained sensibly."""
        if (len(self.hidden) != len(self.activations)
                or not HIDDEN_LAYERS.contains(len(self.hidden))):
            raise BuilderError("layers", "layers", layers=len(self.hidden),
                               activations=len(self.activations), limit=HIDDEN_LAYERS.hi)
        for k, width in enumerate(self.hidden):
            if not WIDTH.contains(width):
                raise BuilderError(f"width.{k}", "width", value=width, lo=WIDTH.lo,
                                   limit=WIDTH.hi)
        for k, name in enumerate(self.activations):
            if name not in ACTIVATIONS or not ACTIVATIONS[name].elementwise:
                raise BuilderError(f"activation.{k}", "activation", name=name)
        if self.output not in ACTIVATIONS:
            raise BuilderError("output", "activation", name=self.output)
        if self.loss not in LOSSES:
            raise BuilderError("loss", "loss", name=self.loss)
        allowed = OUTPUTS_FOR.get(self.loss)
        if allowed is not None and self.output not in allowed:
            raise BuilderError("loss", "pairing", loss=self.loss, output=self.output)

    def network(self, n_in: int, n_out: int, seed: int) -> Network:
        """Fresh weights N(0, 1)/√n_in from ``seed``, zero biases: sizes (n_in, *hidden, n_out)."""
        self.check()
        return Network.random((n_in, *self.hidden, n_out), (*self.activations, self.output),
                              self.loss, seed=seed)


@dataclass(frozen=True)
class DataSpec:
    """Which toy set, how many points, how noisy, its seed and the share kept for testing."""

    name: str = "moons"
    n: int = 200
    noise: float = 0.1
    seed: int = 0
    test_fraction: float = 0.25

    def make(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """(X_train, y_train, X_test, y_test), the same for the same spec.

        Every setting is checked against bpcore.limits first (BuilderError, code "data").
        """
        if self.name not in TOY_SETS:
            raise BuilderError("data", "data", setting="name", cause="unknown", value=self.name)
        try:
            for setting, value, bounds in (("n", self.n, POINTS), ("noise", self.noise, NOISE),
                                           ("test_fraction", self.test_fraction, TEST_SHARE)):
                bounds.check(setting, value)
            X, y = toy(self.name, self.n, self.noise, self.seed)
        except CodedError as err:
            raise BuilderError("data", "data", setting=err.field, cause=err.code,
                               **err.params) from err
        return split(X, y, self.test_fraction, self.seed)


@dataclass(frozen=True)
class Run:
    """A trained network with where it started, its curves and its data."""

    start: Network
    network: Network
    curves: Curves
    X_train: np.ndarray
    y_train: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray
    classes: int
    batch: int
    seed: int
    eta: float

    @property
    def parameters(self) -> int:
        """How many weights and biases the network has."""
        return _parameters(self.network)

    @property
    def updates(self) -> int:
        """How many updates training took (up to the divergence, if it diverged)."""
        return (len(self.curves.train_loss) - 1) * self.batches

    @property
    def batches(self) -> int:
        """How many batches one epoch takes."""
        return -(-len(self.X_train) // self.batch)

    def network_before(self, k: int) -> Network:
        """The network as the first epoch's update k (0-based) found it: the start moved by
        the updates of batches 0 … k − 1, exactly as sgd took them."""
        network = self.start.copy()
        for j in range(k):
            network.step(*self.first_epoch_batch(j), self.eta)
        return network

    def first_epoch_batch(self, k: int) -> tuple[np.ndarray, np.ndarray]:
        """The k-th batch (0-based) of the first epoch: X (B, 2) and one-hot T (B, classes)."""
        take = first_epoch_batches(len(self.X_train), self.batch, self.seed)[k]
        return self.X_train[take], one_hot(self.y_train[take], self.classes)


def build(arch: Architecture, data: DataSpec, eta: float, epochs: int, batch: int, seed: int,
          progress: Callable[[float], None] | None = None) -> Run:
    """Check every choice, make the data, build the network from ``seed`` and train it.

    One output unit per class, one-hot targets. Raises BuilderError before any training when a
    choice is rejected (a run estimated to take more than MAX_SECONDS included).
    """
    arch.check()
    X_train, y_train, X_test, y_test = data.make()
    classes = int(max(y_train.max(), y_test.max())) + 1
    start = arch.network(2, classes, seed)
    cost = sgd_cost((2, *arch.hidden, classes), len(X_train), len(X_test), epochs, batch,
                    X_train.dtype.itemsize)
    if cost.seconds > MAX_SECONDS:
        raise BuilderError("epochs", "slow", seconds=cost.seconds, limit=MAX_SECONDS,
                           updates=cost.updates)
    network = start.copy()
    try:
        curves = sgd(network, X_train, one_hot(y_train, classes), X_test,
                     one_hot(y_test, classes), eta, epochs, batch, seed, progress)
    except CodedError as err:
        raise BuilderError("training", "training", setting=err.field, cause=err.code,
                           **err.params) from err
    return Run(start, network, curves, X_train, y_train, X_test, y_test, classes, batch, seed,
               eta)


def _parameters(network: Network) -> int:
    return sum(W.size + b.size for W, b in zip(network.weights, network.biases, strict=True))


@dataclass(frozen=True)
class Grid:
    """The plane around the data: xs (g,), ys (g,), predicted class per point (g, g) [row = y]."""

    xs: np.ndarray
    ys: np.ndarray
    predicted: np.ndarray


def decision_grid(network: Network, X: np.ndarray, size: int = 90, margin: float = 0.3) -> Grid:
    """Classify every point of a size×size grid spanning X's range plus ``margin``."""
    low, high = X.min(axis=0) - margin, X.max(axis=0) + margin
    xs, ys = np.linspace(low[0], high[0], size), np.linspace(low[1], high[1], size)
    gx, gy = np.meshgrid(xs, ys)
    with np.errstate(over="ignore", invalid="ignore"):
        out = network.forward(np.c_[gx.ravel(), gy.ravel()])[-1].out
    return Grid(xs, ys, out.argmax(axis=1).reshape(size, size))
