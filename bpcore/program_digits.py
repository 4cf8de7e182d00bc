"""Seed 004's recipe as a lesson program: a 784-128-10 relu/softmax network trained by hand.

The cells load the data bundled with the app (nothing is downloaded: the MNIST subset in
data/mnist-subset, read as MNIST's own gzipped IDX files, or the UCI 8×8 digits in
data/digits.npz; the notebook finds the app's ``data`` folder in the folder it runs in or one
above it, so it runs from a checkout of the app), draw the weights as bpcore does
(N(0, 1)·scale from ``numpy.random.default_rng(seed)``, biases zero), and write the training
step the way the seed article does:

    dz2 = output - Y                # softmax + cross-entropy: out − target, (m, 10)
    dW2 = a1.T @ dz2 / m            # the mean over the batch, (h, 10)
    dz1 = dz2 @ W2.T * (a1 > 0)     # passed down, not averaged, (m, h)
    dW1 = X.T @ dz1 / m             # (n_in, h)

The names are the seed's, kept on purpose; the forward cell's header comment and the text
cells (prog.digits.forward, prog.digits.step) map them to the worked example's: z1, z2 are
net (the net inputs), a1 and output are out, dz1, dz2 are δ = ∂E/∂net, dW1, dW2 are ∂E/∂W.

Then it trains with the same shuffles as bpcore.sgd (a second ``default_rng(seed)``, one
permutation per epoch), printing the test accuracy of every epoch and the best one. The
printed ``name = value`` lines are what the tests compare with bpcore's run.

NumPy and the standard library only; the text cells are message keys (``prog.digits.*``).
"""

from __future__ import annotations

from dataclasses import dataclass

from bpcore.program import Program, code, text

SOURCES = ("subset", "uci")  # the bundled MNIST subset, the bundled UCI 8×8 digits
UCI_TEST_SHARE = 0.2  # as tutor.serving.jobs splits the bundled digits
# The text cells that depend on the data, by source: (intro, data, weights).
SOURCE_TEXT = {
    "subset": ("prog.digits.intro_subset", "prog.digits.data_subset", "prog.digits.init_subset"),
    "uci": ("prog.digits.intro_uci", "prog.digits.data_uci", "prog.digits.init_uci"),
}


@dataclass(frozen=True)
class DigitsRecipe:
    """What the program trains: the data and seed 004's settings (hidden, η, epochs, batch,
    seed). ``scale`` is the weights' N(0, 1) factor: 0.01 (the seed) for MNIST, None for
    1/√n_in per layer (the bundled 8×8 digits' default)."""

    source: str
    hidden: int
    eta: float
    epochs: int
    batch: int
    seed: int

    @property
    def n_in(self) -> int:
        """Pixels per image: 784 (28×28) or 64 (8×8)."""
        return 784 if self.source == "subset" else 64

    @property
    def sizes(self) -> tuple[int, int]:
        """(training images, test images) the program loads."""
        return (4000, 1000) if self.source == "subset" else (1438, 359)


FIND_DATA = '''
import gzip
import struct
from pathlib import Path

import numpy as np


def data_folder():
    """The app's data folder: ./data, or data in a folder above (run inside the app's checkout)."""
    for base in (Path.cwd(), *Path.cwd().parents):
        if (base / "data" / "mnist-subset").is_dir():
            return base / "data"
    raise FileNotFoundError("run this inside the Backprop Tutor folder: it reads data/")
'''

LOAD_SUBSET = '''
def read_idx(path):
    """An IDX file (MNIST's format, here gzipped): header, then unsigned bytes."""
    data = gzip.decompress(path.read_bytes())
    ndim = data[3]
    dims = struct.unpack(f">{ndim}i", data[4:4 + 4 * ndim])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def normalise(images):
    """Pixels 0…255 → (x/255 − 0.5)/0.5 in [−1, 1], one float32 row per image."""
    x = images.reshape(len(images), -1).astype(np.float32)
    return (x / np.float32(255) - np.float32(0.5)) / np.float32(0.5)


folder = data_folder() / "mnist-subset"
X_train = normalise(read_idx(folder / "train-images-idx3-ubyte.gz"))
y_train = read_idx(folder / "train-labels-idx1-ubyte.gz").astype(int)
X_test = normalise(read_idx(folder / "t10k-images-idx3-ubyte.gz"))
y_test = read_idx(folder / "t10k-labels-idx1-ubyte.gz").astype(int)
'''

LOAD_UCI = '''
with np.load(data_folder() / "digits.npz") as data:
    images, labels = data["images"], data["labels"]
X = (images.reshape(len(images), -1) / 16.0 - 0.5) / 0.5  # pixels 0…16 → [−1, 1]
y = labels.astype(int)
order = np.random.default_rng(seed).permutation(len(X))  # the split follows the seed
cut = len(X) - int(round({share} * len(X)))
X_train, y_train, X_test, y_test = X[order[:cut]], y[order[:cut]], X[order[cut:]], y[order[cut:]]
'''

SHAPES = '''
Y_train = np.eye(10, dtype=X_train.dtype)[y_train]  # one-hot targets, (n, 10)
print("X_train:", X_train.shape, "X_test:", X_test.shape, X_train.dtype)
print("train_images =", len(X_train))
print("test_images =", len(X_test))
'''

FORWARD = '''
# Seed 004's names. In the worked example's: z1, z2 are net (each layer's net input),
# a1 and output are out, and in the backward dz1, dz2 are delta (dE/dnet), dW1, dW2 are dE/dW.
def forward(X):
    """X (m, {n_in}) → a1 (m, {h}) and output (m, 10)."""
    z1 = X @ W1 + b1
    a1 = np.maximum(z1, 0)                       # relu
    z2 = a1 @ W2 + b2
    e = np.exp(z2 - z2.max(axis=1, keepdims=True))
    output = e / e.sum(axis=1, keepdims=True)    # softmax
    return a1, output
'''


def step_source(r: DigitsRecipe) -> str:
    """The training step (``gradients`` and ``train_step``) with the recipe's shapes."""
    h, n, m = r.hidden, r.n_in, r.batch
    return f'''
# Seed 004's names: dz2, dz1 are delta (dE/dnet) of each layer, dW, db are dE/dW, dE/db,
# a1 is the hidden layer's out.
def gradients(X, Y):
    """One batch's gradients, each the mean over the batch's m samples."""
    m = len(X)                        # m = {m}
    a1, output = forward(X)           # a1 ({m}, {h}), output ({m}, 10)
    dz2 = output - Y                  # ({m}, 10): softmax + cross-entropy gives out − target
    dW2 = a1.T @ dz2 / m              # ({h}, 10)
    db2 = dz2.sum(axis=0) / m         # (10,)
    dz1 = dz2 @ W2.T * (a1 > 0)       # ({m}, {h}): passed down, not averaged; relu' = (a1 > 0)
    dW1 = X.T @ dz1 / m               # ({n}, {h})
    db1 = dz1.sum(axis=0) / m         # ({h},)
    return dW1, db1, dW2, db2


def train_step(X, Y):
    """One step of gradient descent: every parameter moves by −η·(its gradient)."""
    for p, g in zip((W1, b1, W2, b2), gradients(X, Y)):
        p -= eta * g                  # in place
'''


def program_digits(r: DigitsRecipe) -> Program:
    """The lesson's cells for one recipe (text as message keys, code that runs as it is)."""
    scale = "0.01" if r.source == "subset" else None
    draw = (f"W1 = (rng.standard_normal(({r.n_in}, hidden)) * {scale}).astype(X_train.dtype)\n"
            f"W2 = (rng.standard_normal((hidden, 10)) * {scale}).astype(X_train.dtype)"
            if scale else
            f"W1 = (rng.standard_normal(({r.n_in}, hidden)) * (1 / np.sqrt({r.n_in})))"
            ".astype(X_train.dtype)\n"
            "W2 = (rng.standard_normal((hidden, 10)) * (1 / np.sqrt(hidden)))"
            ".astype(X_train.dtype)")
    load = LOAD_SUBSET if r.source == "subset" else LOAD_UCI.replace("{share}",
                                                                      repr(UCI_TEST_SHARE))
    settings = (f"hidden, eta, epochs, batch, seed = {r.hidden}, {r.eta!r}, {r.epochs}, "
                f"{r.batch}, {r.seed}")
    train, test = r.sizes
    p = {"hidden": str(r.hidden), "eta": f"{r.eta:g}", "epochs": str(r.epochs),
         "batch": str(r.batch), "seed": str(r.seed), "n_in": str(r.n_in),
         "train": f"{train:,}", "test": f"{test:,}"}
    intro, data, init = SOURCE_TEXT[r.source]
    return (
        text(intro, p),
        code(FIND_DATA + "\n\n" + settings),
        text(data, p),
        code(load + SHAPES, prints=("train_images", "test_images")),
        text(init, p),
        code("rng = np.random.default_rng(seed)  # the weights' generator\n" + draw + "\n"
             "b1 = np.zeros(hidden, dtype=X_train.dtype)\n"
             "b2 = np.zeros(10, dtype=X_train.dtype)\n"
             "print(\"W1:\", W1.shape, \"W2:\", W2.shape)"),
        text("prog.digits.forward", p),
        code(FORWARD.replace("{n_in}", str(r.n_in)).replace("{h}", str(r.hidden)),
             step="forward"),
        text("prog.digits.step", p),
        code(step_source(r), step="train_step"),
        text("prog.digits.one_batch", p),
        code('''
first = np.random.default_rng(seed).permutation(len(X_train))[:batch]  # sgd's first batch
dW1, db1, dW2, db2 = gradients(X_train[first], Y_train[first])
print("dW1:", dW1.shape, "dW2:", dW2.shape)
print("dW2_sum_abs =", float(np.abs(dW2).sum()))
print("dW1_sum_abs =", float(np.abs(dW1).sum()))
''', step="one_batch", prints=("dW2_sum_abs", "dW1_sum_abs")),
        text("prog.digits.train", p),
        code('''
def accuracy(X, y):
    """The share of images whose most probable digit is their label."""
    return float(np.mean(forward(X)[1].argmax(axis=1) == y))


shuffle = np.random.default_rng(seed)  # the shuffles' generator (bpcore.sgd's)
test_accuracy = [accuracy(X_test, y_test)]  # epoch 0: before training
for epoch in range(1, epochs + 1):
    order = shuffle.permutation(len(X_train))
    for start in range(0, len(order), batch):
        rows = order[start:start + batch]
        train_step(X_train[rows], Y_train[rows])
    test_accuracy.append(accuracy(X_test, y_test))
    print(f"test_accuracy_{epoch} =", test_accuracy[-1])
''', step="train", prints=tuple(f"test_accuracy_{k}" for k in range(1, r.epochs + 1))),
        text("prog.digits.best", p),
        code('''
best = int(np.argmax(test_accuracy))
print("best_epoch =", best)
print("best_accuracy =", test_accuracy[best])
print("last_accuracy =", test_accuracy[-1])
''', step="best", prints=("best_epoch", "best_accuracy", "last_accuracy")),
    )
