"""The handwritten-digits page's session keys: the source (8×8 UCI digits, the bundled MNIST
subset, full MNIST), each source's recipe and its run kept for this session, MNIST's files
and the drawn digit."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Final

from tutor.serving import shared
from tutor.serving.kept import KeptResult

# --- the handwritten-digits page --------------------------------------------------------------
DIGITS_SOURCE: Final = "digits.source"  # "uci" (8×8), "subset" (bundled MNIST) or "mnist"
DIGITS_HIDDEN: Final = "digits.hidden"
DIGITS_ETA: Final = "digits.eta"
DIGITS_EPOCHS: Final = "digits.epochs"
DIGITS_BATCH: Final = "digits.batch"
DIGITS_SEED: Final = "digits.seed"
DIGITS_PICK: Final = "digits.pick"
UCI_KEYS: Final = (DIGITS_HIDDEN, DIGITS_ETA, DIGITS_EPOCHS, DIGITS_BATCH, DIGITS_SEED)
DIGITS_RESULT: Final = KeptResult("digits.result", shared.DIGITS_RUNS)  # settings → DigitsRun
MNIST_FOLDER: Final = "mnist.folder"
MNIST_UPLOAD: Final = "mnist.upload"
# the uploader's file ids last used (tutor.serving.uploads)
MNIST_UPLOAD_IDS: Final = "mnist.upload_ids"
MNIST_ATTEMPTS: Final = "mnist.attempts"  # field → (source key, IdxError | None): last try
MNIST_DATA: Final = KeptResult("mnist.data", shared.MNIST_SETS)  # MnistFiles → Mnist
MNIST_HIDDEN: Final = "mnist.hidden"
MNIST_ETA: Final = "mnist.eta"
MNIST_EPOCHS: Final = "mnist.epochs"
MNIST_BATCH: Final = "mnist.batch"
MNIST_SEED: Final = "mnist.seed"
MNIST_PICK: Final = "mnist.pick"
MNIST_TRAIN: Final = "mnist.train"  # the Train button
MNIST_KEYS: Final = (MNIST_HIDDEN, MNIST_ETA, MNIST_EPOCHS, MNIST_BATCH, MNIST_SEED)
MNIST_RESULT: Final = KeptResult("mnist.result", shared.MNIST_RUNS)  # MnistRun → DigitsRun

# --- the bundled MNIST subset and a drawn digit ------------
SUBSET_HIDDEN: Final = "subset.hidden"
SUBSET_ETA: Final = "subset.eta"
SUBSET_EPOCHS: Final = "subset.epochs"
SUBSET_BATCH: Final = "subset.batch"
SUBSET_SEED: Final = "subset.seed"
SUBSET_PICK: Final = "subset.pick"
SUBSET_KEYS: Final = (SUBSET_HIDDEN, SUBSET_ETA, SUBSET_EPOCHS, SUBSET_BATCH, SUBSET_SEED)
SUBSET_RESULT: Final = KeptResult("subset.result", shared.SUBSET_RUNS)  # settings → DigitsRun
DRAW_CANVAS: Final = "digits.canvas"  # the drawing component's own state (its last drawing)
DRAW_LABEL: Final = "digits.draw_label"  # the target digit δ is computed for (None: the guess)


# Its kept widgets and their defaults (tutor.pages.defaults).
DEFAULTS: Final[Mapping[str, Any]] = MappingProxyType({
    # the bundled set's 64-32-10, and MNIST with the seed article's recipe
    DIGITS_SOURCE: "uci", MNIST_FOLDER: "",
    **dict(zip(UCI_KEYS, (32, 0.1, 20, 32, 0), strict=True)),
    **dict(zip(MNIST_KEYS, (128, 0.1, 20, 64, 0), strict=True)),
    **dict(zip(SUBSET_KEYS, (128, 0.1, 20, 64, 0), strict=True)),  # seed 004's recipe
})
