"""The seven input features by hand, and the choices refused."""

import math

import numpy as np
import pytest

from bpcore.errors import CodedError
from bpcore.features import NAMES, expand


def test_each_feature_of_a_point_by_hand():
    X = np.array([[0.5, -2.0]])
    row = expand(X, NAMES)[0]
    assert row == pytest.approx([0.5, -2.0, 0.25, 4.0, -1.0, math.sin(0.5), math.sin(-2.0)])


def test_the_columns_follow_the_features_order_not_the_choice_order():
    X = np.array([[1.0, 2.0]])
    assert expand(X, ("x1x2", "x1")).tolist() == [[1.0, 2.0]]


@pytest.mark.parametrize("bad", [(), ("x3",), ("x1", "x1")])
def test_no_unknown_or_repeated_feature_and_at_least_one(bad):
    with pytest.raises(CodedError):
        expand(np.zeros((1, 2)), bad)
