"""bpcore.data: the bundled digits, seeded toy sets, the split and one-hot targets."""

import numpy as np
import pytest

from bpcore.data import TOY_SETS, load_digits, one_hot, split, toy


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
