"""bpcore.cost: what a run will cost, worked out before it starts, and the budget's refusal."""

import numpy as np
import pytest

from bpcore import Network
from bpcore.cost import (
    NETWORK_COPIES,
    check_budget,
    estimated_seconds,
    parameters,
    sgd_cost,
)
from bpcore.errors import CodedError


def test_parameters_count_every_weight_and_bias():
    net = Network.random((784, 128, 10), ("relu", "softmax"), "cross_entropy", seed=0)
    assert parameters((784, 128, 10)) == sum(w.size + b.size for w, b in
                                             zip(net.weights, net.biases, strict=True))


def test_the_cost_of_mnists_default_run_adds_up_the_parts_it_names():
    cost = sgd_cost((784, 128, 10), 60_000, 10_000, 20, 64, itemsize=4)
    p = 784 * 128 + 128 + 128 * 10 + 10
    data = 70_000 * (784 + 10)
    step = 64 * (784 + 3 * 138)
    measure = 60_000 * 2 * 138
    assert cost.parameters == p and cost.updates == 20 * 938
    assert cost.bytes == 4 * (data + NETWORK_COPIES * p + step + measure)
    assert cost.seconds == pytest.approx(estimated_seconds(20 * 938, 2, 20 * 70_000 * p, 4))
    assert 150e6 < cost.bytes < 400e6  # the 222 MB of data dominate


def test_the_builders_time_estimate_is_unchanged_by_the_shared_model():
    """The builder's old formula: updates × (30 + 15 × layers) µs + work × 1 ns (float64)."""
    cost = sgd_cost((2, 8, 8, 2), 150, 50, 400, 32, itemsize=8)
    work = 400 * 200 * parameters((2, 8, 8, 2))
    assert cost.seconds == pytest.approx(400 * 5 * (30 + 15 * 3) * 1e-6 + work * 1e-9)


def test_a_giant_first_layer_is_refused_for_its_memory_before_anything_is_allocated():
    """1 × 47,040,000-pixel images at 8 hidden units: 376 million weights."""
    cost = sgd_cost((47_040_000, 8, 10), 1, 1, 1, 64, itemsize=4)
    assert cost.bytes > 4 * NETWORK_COPIES * 376_000_000
    with pytest.raises(CodedError) as err:
        check_budget(cost, 60.0, 512_000_000)
    assert (err.value.field, err.value.code) == ("training", "memory")
    assert err.value.params["limit"] == 512 and err.value.params["need"] > 4500


def test_a_run_over_its_time_budget_is_refused_with_its_estimate():
    cost = sgd_cost((784, 256, 10), 60_000, 10_000, 60, 20, itemsize=4)
    with pytest.raises(CodedError) as err:
        check_budget(cost, 10.0, 512_000_000)
    assert err.value.code == "slow" and err.value.params["seconds"] > 10
    assert err.value.params["updates"] == cost.updates
    assert check_budget(cost, 600.0, 512_000_000) is cost


def test_the_cost_is_arithmetic_on_python_ints_not_arrays():
    cost = sgd_cost((10**12, 10**6, 10), 10**9, 10**9, 10**6, 1, itemsize=8)
    assert isinstance(cost.bytes, int) and cost.bytes > 10**18
    assert np.isfinite(cost.seconds)
