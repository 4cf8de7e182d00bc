"""The builder's training loop: mini-batch updates under any optimiser and penalty, epoch by
epoch, with the network kept at chosen epochs (the frames a page plays back).

Each epoch shuffles the samples with a generator seeded once per run (as bpcore.sgd does) and
takes one update per batch (``Trainer.step_batch`` takes one of them at a time, so a page can
step a batch; ``run_epoch`` is the rest of the epoch's batches): the batch-mean gradient
∂E/∂W, plus the penalty's term (λ·sign(W) or λ·W, bpcore.regularisation) for the weights,
handed to the optimiser (bpcore.optimisers). A kept :class:`Frame` holds the optimiser's and
the shuffle's state too, so ``Trainer.restore`` goes on from it exactly as the run did.
With plain SGD and no penalty the run is bit for bit bpcore.sgd's. After every epoch the
loss (E + λ·R(W), the penalty included) and, for a classifier, the accuracy are measured on
the training and the test set; a run whose weights or loss stop being numbers, or whose loss
grows DIVERGED_GROWTH times past its start, is cut there and says so.
Shapes: X (n, k) features, T (n, outputs): one-hot classes, or (n, 1) regression targets.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from bpcore.errors import CodedError
from bpcore.limits import BATCH, SGD_ETA
from bpcore.losses import LOSSES
from bpcore.network import LayerGradient, Network, float_dtype
from bpcore.optimisers import SGD, OptimiserSpec, UpdateStep, make
from bpcore.regularisation import NONE, Regularisation
from bpcore.sgd import DIVERGED_GROWTH, MAX_STEPS, Curves, steps_needed

# A run keeps its network at most at MAX_FRAMES epochs and FRAME_FLOATS numbers in all (the
# default 2-8-8-2 network's 114 parameters: every epoch of 400; 6 × 64 units: about 20 frames).
MAX_FRAMES = 401
FRAME_FLOATS = 600_000


@dataclass(frozen=True)
class Training:
    """How a network is trained: η, batch size, the shuffle's seed, the optimiser, the penalty."""

    eta: float = 0.1
    batch: int = 32
    seed: int = 0
    optimiser: OptimiserSpec = SGD
    regularisation: Regularisation = NONE

    def check(self) -> None:
        """CodedError naming the setting that is out of its range."""
        SGD_ETA.check("eta", self.eta)
        BATCH.check("batch", self.batch)
        self.optimiser.check()
        self.regularisation.check()


@dataclass(frozen=True)
class Frame:
    """The network after ``epoch`` epochs (0: the start): its weights and biases, and what
    training needs to go on from there exactly as the run did: the optimiser's update count t
    and state (``first``: momentum's velocity or Adam's m; ``second``: RMSProp's s or Adam's
    v; one array per parameter, weights then biases, or empty) and the shuffle generator's
    state (``rng``, numpy's bit_generator.state; never mutated)."""

    epoch: int
    weights: tuple[np.ndarray, ...]
    biases: tuple[np.ndarray, ...]
    t: int = 0
    first: tuple[np.ndarray, ...] = ()
    second: tuple[np.ndarray, ...] = ()
    rng: Mapping[str, Any] | None = field(default=None, repr=False)


def frame_epochs(epochs: int, parameters: int) -> np.ndarray:
    """The epochs a run keeps its network at: evenly spread over 0 … epochs, both ends
    included, at most MAX_FRAMES and FRAME_FLOATS / parameters of them (at least the two ends).
    ``parameters``: the numbers one frame holds (the optimiser's state included)."""
    count = min(epochs + 1, MAX_FRAMES, max(2, FRAME_FLOATS // max(parameters, 1)))
    return np.unique(np.round(np.linspace(0, epochs, count)).astype(int))


class Trainer:
    """One run in progress: the network (trained in place), the optimiser's state, the
    shuffle's generator and the epochs done. ``classify``: targets are one-hot classes (the
    accuracy is measured), else regression targets (accuracy NaN)."""

    def __init__(self, network: Network, X: np.ndarray, T: np.ndarray, X_test: np.ndarray,
                 T_test: np.ndarray, training: Training, classify: bool = True) -> None:
        if len(X) == 0:
            raise CodedError("data", "empty")
        training.check()
        dtype = float_dtype(X)
        network.use_dtype(dtype)
        self.network, self.training, self.classify = network, training, classify
        self.X, self.T = np.asarray(X, dtype=dtype), np.asarray(T, dtype=dtype)
        self.X_test = np.asarray(X_test, dtype=dtype)
        self.T_test = np.asarray(T_test, dtype=dtype)
        self.optimiser = make(training.optimiser, training.eta,
                              [*network.weights, *network.biases])
        self.rng = np.random.default_rng(training.seed)
        self.epoch = 0
        # The epoch in progress: its shuffled rows (None between epochs) and the batches of
        # it taken so far.
        self.order: np.ndarray | None = None
        self.done = 0

    @property
    def batches(self) -> int:
        """How many batches one epoch takes: ⌈n / B⌉."""
        return -(-len(self.X) // self.training.batch)

    @property
    def position(self) -> tuple[int, int]:
        """(epochs done, batches of the next epoch done): (3, 0) after three whole epochs."""
        return self.epoch, self.done

    def gradients(self, X: np.ndarray, T: np.ndarray) -> tuple[list[np.ndarray],
                                                              tuple[LayerGradient, ...]]:
        """The batch's ∂(E + λR)/∂W per layer (the penalty's term added to each batch-mean
        ∂E/∂W) and backprop's own gradients (∂E alone, with δ)."""
        net = self.network
        grads = net.backward(net.forward(X), T)
        reg = self.training.regularisation
        dWs = [g.dW + reg.gradient(W) if reg.active else g.dW
               for g, W in zip(grads, net.weights, strict=True)]
        return dWs, grads

    def step(self, X: np.ndarray, T: np.ndarray) -> list[np.ndarray]:
        """One update on the batch (X, T); returns the ∂(E + λR)/∂W it used, per layer."""
        dWs, grads = self.gradients(X, T)
        self.optimiser.update([*self.network.weights, *self.network.biases],
                              [*dWs, *(g.db for g in grads)])
        return dWs

    def explain(self, X: np.ndarray, T: np.ndarray, layer: int, i: int, j: int) -> UpdateStep:
        """What the next update on the batch (X, T) would do to weight W_layer[i, j] (layer
        1-based, i and j 0-based): its gradient ∂(E + λR)/∂w and the optimiser's every state
        value (bpcore.optimisers.UpdateStep). Nothing changes."""
        dWs, _ = self.gradients(X, T)
        w = float(self.network.weights[layer - 1][i, j])
        return self.optimiser.explain(layer - 1, (i, j), w, float(dWs[layer - 1][i, j]))

    def next_batch(self) -> tuple[np.ndarray, np.ndarray]:
        """The batch the next update takes: (X (B, k), T (B, outputs)); a new epoch's shuffle
        is drawn first when none is in progress (one permutation per epoch, as bpcore.sgd)."""
        if self.order is None:
            self.order = self.rng.permutation(len(self.X))
            self.done = 0
        batch = self.training.batch
        rows = self.order[self.done * batch:(self.done + 1) * batch]
        return self.X[rows], self.T[rows]

    def step_batch(self) -> list[np.ndarray]:
        """One update on the epoch's next batch, in place; returns its ∂(E + λR)/∂W per layer.
        The epoch's last batch ends the epoch (``epoch`` + 1, no shuffle in progress)."""
        dWs = self.step(*self.next_batch())
        self.done += 1
        if self.done == self.batches:
            self.order, self.done, self.epoch = None, 0, self.epoch + 1
        return dWs

    def run_epoch(self) -> np.ndarray:
        """The epoch's remaining batches (all of a new one) in place; (layers,): the mean over
        those updates of ‖∂(E + λR)/∂W_l‖."""
        total = np.zeros(len(self.network.weights))
        taken, epoch = 0, self.epoch
        while self.epoch == epoch:
            for k, dW in enumerate(self.step_batch()):
                flat = dW.ravel()
                total[k] += float(np.sqrt(flat.dot(flat)))
            taken += 1
        return total / taken

    def measure(self) -> tuple[float, float, float, float] | None:
        """(train loss, test loss, train accuracy, test accuracy) now, the penalty in both
        losses; None when a weight or a loss is not a finite number."""
        net = self.network
        if not all(np.isfinite(W).all() and np.isfinite(b).all()
                   for W, b in zip(net.weights, net.biases, strict=True)):
            return None
        loss = LOSSES[net.loss]
        penalty = self.training.regularisation.penalty(net.weights)
        row = []
        for X, T in ((self.X, self.T), (self.X_test, self.T_test)):
            if not len(X):
                row.append((np.nan, np.nan))
                continue
            out = net.forward(X)[-1].out
            accuracy = (float(np.mean(out.argmax(axis=-1) == T.argmax(axis=-1)))
                        if self.classify else np.nan)
            row.append((float(loss.value(out, T)) + penalty, accuracy))
        (train_loss, train_acc), (test_loss, test_acc) = row
        if not np.isfinite(train_loss) or (len(self.X_test) and not np.isfinite(test_loss)):
            return None
        return train_loss, test_loss, train_acc, test_acc

    def frame(self) -> Frame:
        """The network, the optimiser's state and the shuffle's state now, copied (between
        two epochs: a frame is always at an epoch's end)."""
        opt = self.optimiser
        return Frame(self.epoch, tuple(W.copy() for W in self.network.weights),
                     tuple(b.copy() for b in self.network.biases), opt.t,
                     tuple(a.copy() for a in opt.first), tuple(a.copy() for a in opt.second),
                     self.rng.bit_generator.state)

    def restore(self, frame: Frame) -> None:
        """Go on from ``frame`` (one this run's trainer made): its network, optimiser state
        and shuffle state copied in, so the next updates are bit for bit the run's."""
        net, opt = self.network, self.optimiser
        for mine, kept in zip([*net.weights, *net.biases, *opt.first, *opt.second],
                              [*frame.weights, *frame.biases, *frame.first, *frame.second],
                              strict=True):
            mine[...] = kept
        opt.t = frame.t
        if frame.rng is not None:
            self.rng.bit_generator.state = dict(frame.rng)
        self.epoch, self.order, self.done = frame.epoch, None, 0

    def state_floats(self) -> int:
        """How many numbers one frame holds: the parameters and the optimiser's state."""
        net, opt = self.network, self.optimiser
        return sum(a.size for a in (*net.weights, *net.biases, *opt.first, *opt.second))


def train(trainer: Trainer, epochs: int, progress: Callable[[float], None] | None = None,
          kept: Callable[[Frame, Curves], None] | None = None
          ) -> tuple[Curves, tuple[Frame, ...]]:
    """Train for ``epochs`` from where ``trainer`` is (a fresh one: epoch 0); the curves
    (row 0: before training) and the network at ``frame_epochs`` (up to a divergence).
    ``kept``, when given, is told each frame as it is kept, with the curves so far (a page
    draws the run while it trains).

    CodedError when epochs is not a whole number ≥ 1 or the run would take more than
    bpcore.sgd.MAX_STEPS updates.
    """
    if isinstance(epochs, bool) or not isinstance(epochs, (int, np.integer)) or epochs < 1:
        raise CodedError("epochs", "out_of_range", value=epochs, lo=1, hi=MAX_STEPS)
    steps = steps_needed(len(trainer.X), epochs, trainer.training.batch)
    if steps > MAX_STEPS:
        raise CodedError("updates", "out_of_range", value=steps, lo=1, hi=MAX_STEPS)
    net = trainer.network
    keep = set(frame_epochs(epochs, trainer.state_floats()).tolist())
    rows: list[tuple[float, float, float, float]] = []
    norms: list[np.ndarray] = []
    frames: list[Frame] = []
    diverged_at = None

    def record() -> bool:
        row = trainer.measure()
        if row is None or (rows and row[0] > DIVERGED_GROWTH * max(rows[0][0], 1e-12)):
            return False
        rows.append(row)
        if len(rows) - 1 in keep:
            frames.append(trainer.frame())
            if kept is not None:
                kept(frames[-1], _curves(rows, norms, len(net.weights), None))
        return True

    # Overflow on the way to divergence is expected; it is detected and reported.
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        if not record():
            diverged_at = 0
        for epoch in range(epochs if diverged_at is None else 0):
            total = trainer.run_epoch()
            if not (np.isfinite(total).all() and record()):
                diverged_at = epoch + 1
                break
            norms.append(total)
            if progress is not None:
                progress((epoch + 1) / epochs)
    return _curves(rows, norms, len(net.weights), diverged_at), tuple(frames)


def _curves(rows: list[tuple[float, float, float, float]], norms: list[np.ndarray],
            layers: int, diverged_at: int | None) -> Curves:
    """The measured rows (epochs + 1, 4) and gradient norms (epochs, layers) as Curves."""
    train_loss, test_loss, train_acc, test_acc = np.array(rows, dtype=float).reshape(-1, 4).T
    grad_norms = np.array(norms).reshape(len(norms), layers)
    return Curves(train_loss, test_loss, train_acc, test_acc, grad_norms, diverged_at)
