"""The long pure computations a worker process runs (tutor.serving.pool): bpcore only, no Streamlit.

Each is ``fn(arg, progress) -> result``, module-level so a worker can be sent it by name; the
same function runs in-process when the pool has no workers, so the two give the same result
bit for bit. tutor.serving.shared binds each to its shared cache. All arithmetic is bpcore's.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from bpcore import History, Network, Scenario, train, train_rates
from bpcore.builder import Run
from bpcore.cost import Cost, check_budget, sgd_cost
from bpcore.data import load_digits, one_hot, split
from bpcore.mnist import IdxError, Mnist, load_mnist_folder, load_mnist_uploads
from bpcore.recipe import Recipe
from bpcore.sgd import Curves, sgd
from bpcore.trainer import Frame, Trainer
from tutor.serving.mapped import mapped_mnist

Progress = Callable[[float], None]  # fraction done, 0 … 1
LiveRow = tuple[float, float, float]  # epochs done, train loss, test loss (penalty included)
UCI_TEST_SHARE = 0.2  # the bundled digits: 1,438 training and 359 test images
DigitsSettings = tuple[int, float, int, int, int]  # hidden units, η, epochs, batch, seed
DigitsData = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]  # X, y train; X, y test
# ("folder", folder, root), ("upload", ((name, bytes), ...)), or ("mapped", digests, source):
# the set as tutor.serving.mapped shares it on disk, made from ``source`` if it is not there (None:
# an upload, whose bytes stay in the server; the worker is sent only the digests)
MnistSource = tuple[Any, ...]
# Every digits run is checked against these before a weight is made (bpcore.cost): the page
# refuses beforehand with the reason, and the worker checks again. The bundled sets retrain
# on every change of a setting, like the builder (10 s); MNIST trains on its Train button,
# with the queue's other sessions waiting behind it (60 s: the largest MNIST network, 256
# hidden units for 60 epochs of batch 64, is estimated at 46 s). Memory: the data, the
# network three times, a batch and the loss measured on a whole set must fit in 512 MB, a
# worker's share of a replica (MNIST's defaults: about 290 MB, most of it the mapped data).
AUTO_SECONDS = 10.0
TRAIN_SECONDS = 60.0
MAX_TRAINING_BYTES = 512_000_000


def training_history(key: tuple[Scenario, int], progress: Progress) -> History:
    """(scenario, n) → n updates of the scenario at its own η (bpcore.train)."""
    scenario, n = key
    return train(scenario, n, progress)


def rate_histories(key: tuple[Scenario, tuple[float, ...], int], progress: Progress
                   ) -> tuple[History, ...]:
    """(scenario, rates, n) → one History per rate, from one batched run (bpcore.train_rates)."""
    scenario, rates, n = key
    return tuple(train_rates(scenario, rates, n, progress))


def builder_run(recipe: Recipe, progress: Progress) -> Run:
    """A recipe → its data made and its network trained (bpcore.recipe; BuilderError when a
    choice is refused, and then nothing is stored). The run so far at each kept epoch goes
    to ``progress.partial`` when the callback has one (tutor.serving.pool's, in a worker; the
    page's own, in-process): the page draws the run while it trains."""
    return recipe.run(progress, getattr(progress, "partial", None))


LiveFrame = tuple[int, Frame]  # (epochs done, the trainer's state then: bpcore.trainer.Frame)


def live_frames(arg: tuple[Trainer, int, int, int], progress: Progress
                ) -> tuple[Trainer, tuple[LiveFrame, ...], tuple[LiveRow, ...]]:
    """(trainer, stride, frames, until) → Play's next batch on the own network: a copy of the
    trainer moved on ``stride`` epochs a frame (the one in progress finished first) for
    ``frames`` frames, never past epoch ``until``, exactly as bpcore.trainer.train moves a
    run; the trainer's state at each frame's end
    (a Frame: going on from it is bit for bit going on from here), and (epochs done, train
    loss, test loss) after each epoch. At an epoch whose weights or losses are not numbers
    it stops: that epoch is the last frame (drawn as it is), its row left out. The trainer
    given is never changed (in-process too: the session keeps it)."""
    trainer, stride, count, until = arg
    trainer = copy.deepcopy(trainer)
    frames: list[LiveFrame] = []
    rows: list[LiveRow] = []
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):  # said, not raised
        while len(frames) < count and trainer.epoch < until:
            for _ in range(min(stride, until - trainer.epoch)):
                trainer.run_epoch()
                row = trainer.measure()
                if row is None:
                    frames.append((trainer.epoch, trainer.frame()))
                    return trainer, tuple(frames), tuple(rows)
                rows.append((float(trainer.epoch), row[0], row[1]))
            frames.append((trainer.epoch, trainer.frame()))
            progress(len(frames) / count)
    return trainer, tuple(frames), tuple(rows)


def digits_cost(n_in: int, samples: int, test_samples: int, settings: DigitsSettings,
                itemsize: int, max_seconds: float) -> Cost:
    """What training an n_in-hidden-10 network with these settings costs (bpcore.cost), or
    CodedError("training", "memory" | "slow") when it is over the budget."""
    hidden, _, epochs, batch, _ = settings
    return check_budget(sgd_cost((n_in, hidden, 10), samples, test_samples, epochs, batch,
                                 itemsize), max_seconds, MAX_TRAINING_BYTES)


def digits_training(data: DigitsData, settings: DigitsSettings, scale: float | None,
                    progress: Progress, max_seconds: float = AUTO_SECONDS
                    ) -> tuple[Network, Curves]:
    """A fresh n_in-hidden-10 relu/softmax network (weights N(0, 1)·scale, default 1/√n_in)
    trained by bpcore.sgd on (X_train, y_train, X_test, y_test) with cross-entropy; refused
    (CodedError, before any weight is made) when over its budget (``digits_cost``)."""
    X_train, y_train, X_test, y_test = data
    hidden, eta, epochs, batch, seed = settings
    digits_cost(X_train.shape[1], len(X_train), len(X_test), settings, X_train.dtype.itemsize,
                max_seconds)
    network = Network.random((X_train.shape[1], hidden, 10), ("relu", "softmax"),
                             "cross_entropy", seed=seed, scale=scale)
    curves = sgd(network, X_train, one_hot(y_train, 10), X_test, one_hot(y_test, 10), eta,
                 epochs, batch, seed, progress)
    return network, curves


def uci_digits(seed: int) -> DigitsData:
    """The bundled 1,797 digits split by ``seed``: (X_train, y_train, X_test, y_test)."""
    X, y = load_digits()
    return split(X, y, UCI_TEST_SHARE, seed=seed)


def uci_training(settings: DigitsSettings, progress: Progress) -> tuple[Network, Curves]:
    """The bundled digits' network for these settings (the split follows the seed)."""
    return digits_training(uci_digits(settings[4]), settings, None, progress)


def mnist_arrays(source: MnistSource) -> Mnist:
    """MNIST read from where it came from: ("folder", folder, root) or ("upload", pairs of
    (name, bytes)); bpcore.mnist checks and normalises it (IdxError when refused). For
    ("mapped", digests, inner), the arrays tutor.serving.mapped keeps on disk for those digests,
    memory-mapped (one copy in the page cache for every process), made from ``inner`` first
    if they are not there."""
    if source[0] == "mapped":
        _, digests, inner = source
        return mapped_mnist(digests, lambda: _gone() if inner is None else mnist_arrays(inner))
    if source[0] == "folder":
        return load_mnist_folder(source[1], root=Path(source[2]))
    return load_mnist_uploads(list(source[1]))


def _gone() -> Mnist:
    """An upload's mapped copy was removed before the worker opened it (other sets were
    loaded since): the page asks for the files again."""
    raise IdxError("uploads", "gone")


def mnist_training(job: tuple[MnistSource, DigitsSettings], progress: Progress
                   ) -> tuple[Network, Curves]:
    """The seed article's recipe on MNIST: weights N(0, 1)·0.01, the settings' η, epochs,
    batch and seed. The worker maps the arrays itself (tutor.serving.mapped: the very pages the
    server's copy is mapped from), rather than being sent the server's 220 MB, which would
    hold two more copies in memory while they travel. The arrays stay read-only: sgd gathers
    each epoch's batches into a buffer of its own."""
    source, settings = job
    d = mnist_arrays(source)
    return digits_training((d.X_train, d.y_train, d.X_test, d.y_test), settings, 0.01,
                           progress, TRAIN_SECONDS)


# --- the bundled MNIST subset (the digits page; owner: digits) -------------------------------
def subset_training(settings: DigitsSettings, progress: Progress) -> tuple[Network, Curves]:
    """The seed article's recipe on the bundled 4,000/1,000 MNIST subset (bpcore.mnist,
    data/mnist-subset): weights N(0, 1)·0.01, the settings' hidden units, η, epochs, batch
    and seed. The worker reads the 0.8 MB of files itself."""
    from bpcore.mnist import load_mnist_subset

    d = load_mnist_subset()
    return digits_training((d.X_train, d.y_train, d.X_test, d.y_test), settings, 0.01,
                           progress)
