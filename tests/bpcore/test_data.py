"""Data: bundled digits, seeded toy sets, and the IDX reader on files the tests write."""

import gzip
import struct

import numpy as np
import pytest

from bpcore import Network
from bpcore.data import TOY_SETS, IdxError, load_digits, one_hot, read_idx, split, toy
from bpcore.sgd import sgd


def idx(array: np.ndarray) -> bytes:
    header = bytes([0, 0, 0x08, array.ndim]) + struct.pack(f">{array.ndim}i", *array.shape)
    return header + array.astype(np.uint8).tobytes()


def test_the_bundled_digits_load_without_any_download():
    X, y = load_digits()
    assert X.shape == (1797, 64) and y.shape == (1797,)
    assert X.min() == -1.0 and X.max() == 1.0 and set(y) == set(range(10))


@pytest.mark.parametrize("name", TOY_SETS)
def test_toy_sets_have_their_shapes_and_follow_the_seed(name):
    X, y = toy(name, n=120, noise=0.05, seed=3)
    assert X.shape == (120, 2) and y.shape == (120,)
    X2, y2 = toy(name, n=120, noise=0.05, seed=3)
    assert np.array_equal(X, X2) and np.array_equal(y, y2)
    assert not np.array_equal(X, toy(name, n=120, noise=0.05, seed=4)[0])
    assert set(y) == ({0, 1, 2} if name == "blobs" else {0, 1})


def test_split_and_one_hot():
    X, y = toy("xor", n=100, seed=0)
    Xtr, ytr, Xte, yte = split(X, y, 0.25, seed=1)
    assert len(Xtr) == 75 and len(Xte) == 25
    assert one_hot(np.array([2, 0]), 3).tolist() == [[0, 0, 1], [1, 0, 0]]


def test_a_valid_idx_file_and_its_gzip():
    images = np.arange(2 * 3 * 4).reshape(2, 3, 4)
    assert np.array_equal(read_idx(idx(images)), images)
    assert np.array_equal(read_idx(gzip.compress(idx(images))), images)
    labels = np.array([7, 1, 9])
    assert np.array_equal(read_idx(idx(labels)), labels)


@pytest.mark.parametrize(("data", "message"), [
    (idx(np.zeros((2, 3, 4)))[:-1], "need 24 bytes"),                 # truncated
    (idx(np.zeros((2, 3, 4))) + b"\x00", "need 24 bytes"),            # too long
    (b"\x00\x00\x0d\x03" + idx(np.zeros((2, 3, 4)))[4:], "magic"),    # float type code
    (b"PK\x03\x04" + b"\x00" * 20, "magic"),                           # a zip, not IDX
    (bytes([0, 0, 8, 3]) + struct.pack(">3i", 60_000, 280, 280), "sensible"),  # huge claim
    (bytes([0, 0, 8, 2]) + struct.pack(">2i", -1, 5), "sensible"),
    (bytes([0, 0, 8, 3, 0, 0]), "cut short"),
    (gzip.compress(idx(np.zeros((2, 3, 4))))[:-6], "damaged"),
])
def test_bad_idx_files_are_refused_before_allocating(data, message):
    with pytest.raises(IdxError, match=message):
        read_idx(data)


def test_a_gzip_bomb_is_not_inflated_whole():
    bomb = gzip.compress(b"\x00" * 80_000_000)
    assert len(bomb) < 200_000
    with pytest.raises(IdxError, match="larger"):
        read_idx(bomb)


def test_the_digits_network_reaches_95_percent_with_a_fixed_seed():
    X, y = load_digits()
    Xtr, ytr, Xte, yte = split(X, y, 0.2, seed=0)
    net = Network.random((64, 32, 10), ("relu", "softmax"), "cross_entropy", seed=0)
    seen = []
    curves = sgd(net, Xtr, one_hot(ytr, 10), Xte, one_hot(yte, 10), eta=0.1, epochs=20,
                 batch=32, seed=0, progress=seen.append)
    assert curves.test_accuracy[-1] >= 0.95
    assert curves.train_loss[-1] < curves.train_loss[0] and len(curves.train_loss) == 21
    assert seen[-1] == 1.0 and len(seen) == 20
