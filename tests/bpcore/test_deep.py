"""Gradient norms through a deep stack: sigmoid vanishes, relu does not."""

import numpy as np
import pytest

from bpcore.deep import gradient_norms


def test_sigmoid_gradients_vanish_toward_the_input():
    norms = gradient_norms("sigmoid", depth=8, seed=0)
    assert norms.shape == (8,)
    assert np.all(np.diff(norms) > 0)  # each layer nearer the input gets less
    assert norms[0] < norms[-1] / 1000


def test_relu_keeps_far_more_gradient_in_the_first_layer_than_sigmoid():
    sigmoid, relu = gradient_norms("sigmoid", seed=0), gradient_norms("relu", seed=0)
    assert relu[0] > 100 * sigmoid[0]
    assert relu[0] > relu[-1] / 10  # no geometric decay


def test_same_seed_same_norms():
    assert np.array_equal(gradient_norms("tanh", seed=3), gradient_norms("tanh", seed=3))


@pytest.mark.parametrize(("depth", "width"), [(0, 8), (51, 8), (8, 0)])
def test_bad_sizes_are_rejected(depth, width):
    with pytest.raises(ValueError):
        gradient_norms("relu", depth=depth, width=width)
