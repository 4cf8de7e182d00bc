"""A network built layer by layer, trained on a toy 2-D set, and the decision boundary it draws.

An :class:`Architecture` names the input features (bpcore.features), the hidden layer sizes,
one activation per layer, the output activation and the loss (names from the registries).
:func:`build` checks a whole set of choices, makes the data, trains with mini-batch updates
(bpcore.trainer: SGD, momentum, RMSProp or Adam, with an L1/L2 penalty or none) and returns a
:class:`Run`: the network before and after training (and at the epochs it kept), the curves
and the split data.
A classification set has one output unit per class and one-hot targets; a regression set
(bpcore.data.REGRESSION_SETS) one linear output trained on half the squared error (TensorFlow
Playground's "square" loss), whatever output and loss the architecture names.
Shapes: X (n, 2) points, their features (n, k); y (n,) class labels or regression targets.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

import numpy as np

from bpcore import features as feats
from bpcore.activations import ACTIVATIONS
from bpcore.cost import sgd_cost
from bpcore.data import REGRESSION_SETS, TOY_SETS, one_hot, regression, split, toy
from bpcore.errors import CodedError
from bpcore.limits import HIDDEN_LAYERS, NOISE, POINTS, TEST_SHARE, WIDTH
from bpcore.losses import LOSSES
from bpcore.network import Network
from bpcore.optimisers import SGD, OptimiserSpec
from bpcore.regularisation import NONE, Regularisation
from bpcore.sgd import Curves, first_epoch_batches
from bpcore.trainer import Frame, Trainer, Training, train

# The page retrains on every change, so a run must stay short: bpcore.cost's model (the one
# every long run of the app is checked by) estimates it before any training.
MAX_SECONDS = 10.0
# Which outputs each cross-entropy makes sense on. Categorical cross-entropy looks only at the
# target's output: on sigmoids every output could rise to 1 and the loss still reach 0, so it
# needs softmax, whose outputs share 1. Binary cross-entropy logs out and 1 − out: any output
# that is a probability will do.
OUTPUTS_FOR = {"cross_entropy": ("softmax",), "binary_cross_entropy": ("sigmoid", "softmax")}
# A regression set's output layer and loss, whatever the architecture names for classes.
REGRESSION_OUTPUT, REGRESSION_LOSS = "linear", "half_sse"


class BuilderError(CodedError):
    """A rejected choice: ``field`` names the control, ``code`` (one of CODES) and ``params``
    say why, for a UI to put in its own language.

    data and training refusals carry the refused ``setting`` and the ``cause`` (a code such as
    out_of_range, with its value, lo and hi); recipe refusals name the key as the field and say
    what it must be (``expected``: whole, number, choice, keys or layers, with the bounds).
    """

    CODES = ("layers", "width", "activation", "loss", "pairing", "slow", "data", "training",
             "recipe", "features")


@dataclass(frozen=True)
class Architecture:
    """Hidden layer sizes with their activations, then the output activation and the loss."""

    hidden: tuple[int, ...] = (8, 8)
    activations: tuple[str, ...] = ("tanh", "tanh")
    output: str = "softmax"
    loss: str = "cross_entropy"
    features: tuple[str, ...] = feats.DEFAULT

    def check(self) -> None:
        """Raise BuilderError for the first choice that cannot be built or trained sensibly."""
        try:
            if feats.check(self.features) != tuple(self.features):
                raise CodedError("features", "features")  # not in FEATURES' order
        except CodedError as err:
            raise BuilderError("features", "features", count=len(self.features)) from err
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

    def for_regression(self) -> Architecture:
        """The same layers and features with the regression output and loss."""
        return replace(self, output=REGRESSION_OUTPUT, loss=REGRESSION_LOSS)

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

    @property
    def regression(self) -> bool:
        """True for a regression set (real targets), False for classes."""
        return self.name in REGRESSION_SETS

    def make(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """(X_train, y_train, X_test, y_test), the same for the same spec.

        Every setting is checked against bpcore.limits first (BuilderError, code "data").
        """
        if self.name not in TOY_SETS + REGRESSION_SETS:
            raise BuilderError("data", "data", setting="name", cause="unknown", value=self.name)
        try:
            for setting, value, bounds in (("n", self.n, POINTS), ("noise", self.noise, NOISE),
                                           ("test_fraction", self.test_fraction, TEST_SHARE)):
                bounds.check(setting, value)
            make = regression if self.regression else toy
            X, y = make(self.name, self.n, self.noise, self.seed)
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
    classes: int  # output units: one per class, 1 for regression
    batch: int
    seed: int
    eta: float
    features: tuple[str, ...] = feats.DEFAULT
    optimiser: OptimiserSpec = SGD
    regularisation: Regularisation = NONE
    regression: bool = False
    frames: tuple[Frame, ...] = field(default=(), repr=False)

    @property
    def training(self) -> Training:
        """The training settings the run was made with."""
        return Training(self.eta, self.batch, self.seed, self.optimiser, self.regularisation)

    def inputs(self, X: np.ndarray) -> np.ndarray:
        """Points X (n, 2) as the network sees them: their features (n, k)."""
        return feats.expand(X, self.features)

    def targets(self, y: np.ndarray) -> np.ndarray:
        """Labels (n,) as the output layer's targets: one-hot (n, classes), or (n, 1)."""
        return y.reshape(-1, 1).astype(float) if self.regression else one_hot(y, self.classes)

    def network_at(self, frame: Frame) -> Network:
        """The network as it was at a kept frame."""
        return Network(frame.weights, frame.biases, self.network.activations,
                       self.network.loss)

    def network_at_epoch(self, epoch: int) -> Network:
        """The network as it was at kept epoch ``epoch`` (ValueError when none was kept)."""
        return self.network_at(self.frames[[f.epoch for f in self.frames].index(epoch)])

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

    def trainer(self) -> Trainer:
        """A trainer at the run's start (a copy of its start network, optimiser state zero,
        the shuffle at its seed): its updates are the run's, bit for bit."""
        return Trainer(self.start.copy(), self.inputs(self.X_train),
                       self.targets(self.y_train), self.inputs(self.X_test),
                       self.targets(self.y_test), self.training, not self.regression)

    def trainer_at(self, frame: Frame) -> Trainer:
        """A trainer going on from a kept frame exactly as the run went on from it (a copy:
        stepping it changes nothing kept)."""
        trainer = self.trainer()
        trainer.restore(frame)
        return trainer

    def trainer_before(self, k: int) -> Trainer:
        """A trainer as the first epoch's update k (0-based) found it: the start moved by the
        updates of batches 0 … k − 1, exactly as training took them (optimiser and penalty
        included), the optimiser's state as it then was."""
        trainer = self.trainer()
        for _ in range(k):
            trainer.step_batch()
        return trainer

    def network_before(self, k: int) -> Network:
        """The network as the first epoch's update k (0-based) found it (trainer_before)."""
        return self.trainer_before(k).network

    def first_epoch_batch(self, k: int) -> tuple[np.ndarray, np.ndarray]:
        """The k-th batch (0-based) of the first epoch: features X (B, k) and targets T
        (B, classes) one-hot, or (B, 1)."""
        take = first_epoch_batches(len(self.X_train), self.batch, self.seed)[k]
        return self.inputs(self.X_train[take]), self.targets(self.y_train[take])


def build(arch: Architecture, data: DataSpec, eta: float, epochs: int, batch: int, seed: int,
          progress: Callable[[float], None] | None = None, *, optimiser: OptimiserSpec = SGD,
          regularisation: Regularisation = NONE,
          partial: Callable[[Run], None] | None = None) -> Run:
    """Check every choice, make the data, build the network from ``seed`` and train it.

    Classes: one output unit per class, one-hot targets; regression: one linear unit, half the
    squared error. Raises BuilderError before any training when a choice is rejected (a run
    estimated to take more than MAX_SECONDS included). ``partial``, when given, is told the
    run so far at each kept epoch: its network there, the curves so far and that one frame.
    """
    if data.regression:
        arch = arch.for_regression()
    arch.check()
    X_train, y_train, X_test, y_test = data.make()
    classes = 1 if data.regression else int(max(y_train.max(), y_test.max())) + 1
    n_in = len(arch.features)
    start = arch.network(n_in, classes, seed)
    cost = sgd_cost((n_in, *arch.hidden, classes), len(X_train), len(X_test), epochs, batch,
                    X_train.dtype.itemsize)
    if cost.seconds > MAX_SECONDS:
        raise BuilderError("epochs", "slow", seconds=cost.seconds, limit=MAX_SECONDS,
                           updates=cost.updates)
    run = Run(start, start.copy(), Curves(*(np.zeros(0),) * 5), X_train, y_train, X_test,
              y_test, classes, batch, seed, eta, arch.features, optimiser, regularisation,
              data.regression)
    try:
        trainer = Trainer(run.network, run.inputs(X_train), run.targets(y_train),
                          run.inputs(X_test), run.targets(y_test), run.training,
                          not data.regression)
        curves, frames = train(trainer, epochs, progress, None if partial is None else (
            lambda frame, so_far: partial(replace(run, network=run.network_at(frame),
                                                  curves=so_far, frames=(frame,)))))
    except CodedError as err:
        raise BuilderError("training", "training", setting=err.field, cause=err.code,
                           **err.params) from err
    return replace(run, curves=curves, frames=frames)


def _parameters(network: Network) -> int:
    return sum(W.size + b.size for W, b in zip(network.weights, network.biases, strict=True))


@dataclass(frozen=True)
class Grid:
    """The plane around the data: xs (g,), ys (g,), predicted class per point (g, g) [row = y].

    ``value`` (g, g): a classifier's confidence, the winning output's share of all outputs
    (1/classes … 1); a regression's output itself (then ``predicted`` is its sign: 1 where
    the output is ≥ 0, else 0, Playground's "discretize output").
    """

    xs: np.ndarray
    ys: np.ndarray
    predicted: np.ndarray
    value: np.ndarray | None = None


def plane_points(X: np.ndarray, size: int, margin: float) -> tuple[np.ndarray, np.ndarray,
                                                                    np.ndarray]:
    """xs (size,), ys (size,) spanning X's range plus ``margin``, and the grid's points
    (size², 2), row by row (row = y)."""
    low, high = X.min(axis=0) - margin, X.max(axis=0) + margin
    xs, ys = np.linspace(low[0], high[0], size), np.linspace(low[1], high[1], size)
    gx, gy = np.meshgrid(xs, ys)
    return xs, ys, np.c_[gx.ravel(), gy.ravel()]


def decision_grid(network: Network, X: np.ndarray, size: int = 90, margin: float = 0.3,
                  features: tuple[str, ...] = feats.DEFAULT, regression: bool = False) -> Grid:
    """Classify (or, for ``regression``, predict) every point of a size×size grid spanning X's
    range plus ``margin``; the network sees each point's ``features``."""
    xs, ys, points = plane_points(X, size, margin)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        out = network.forward(feats.expand(points, features))[-1].out
        if regression:
            value = out[:, 0]
            predicted = (value >= 0).astype(int)
        else:
            predicted = out.argmax(axis=1)
            total = np.abs(out).sum(axis=1)
            value = np.where(total > 0, out.max(axis=1) / np.where(total > 0, total, 1), 1.0)
    return Grid(xs, ys, predicted.reshape(size, size), value.reshape(size, size))


def neuron_grids(network: Network, X: np.ndarray, features: tuple[str, ...], size: int = 24,
                 margin: float = 0.3) -> tuple[np.ndarray, ...]:
    """What every unit outputs over the plane (Playground's small heatmaps): one array per
    column, (units, size, size) [row = y]: the features first, then each layer's out."""
    _, _, points = plane_points(X, size, margin)
    inputs = feats.expand(points, features)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        records = network.forward(inputs)
    columns = [inputs, *(r.out for r in records)]
    return tuple(c.T.reshape(-1, size, size) for c in columns)
