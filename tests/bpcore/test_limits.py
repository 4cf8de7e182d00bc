"""One source per limit: bpcore.limits' ranges, and the engine refusing just outside them."""

import json
import math

import numpy as np
import pytest

from bpcore import Scenario, ScenarioError, limits, train
from bpcore.builder import Architecture, BuilderError, DataSpec
from bpcore.data import toy
from bpcore.deep import gradient_norms
from bpcore.errors import CodedError
from bpcore.limits import Range
from bpcore.network import Network
from bpcore.recipe import Recipe
from bpcore.sgd import sgd
from bpcore.training import train_rates

RANGES = {name: value for name, value in vars(limits).items() if isinstance(value, Range)}


def test_a_closed_range_holds_its_ends_and_clips_to_them():
    r = Range(1, 64)
    assert r.contains(1) and r.contains(64) and not r.contains(0) and not r.contains(65)
    assert (r.clip(-3), r.clip(7), r.clip(99)) == (1, 7, 64)
    assert r.bounds == (1, 64) and r.check("width", 8) == 8


def test_an_open_range_excludes_its_lower_end():
    assert not limits.ETA.contains(0.0) and limits.ETA.contains(1e-12)
    assert limits.ETA.contains(limits.ETA.hi) and not limits.ETA.contains(1000.5)
    with pytest.raises(ValueError):
        limits.ETA.clip(0.0)


def test_nan_and_infinity_lie_in_no_range():
    for r in RANGES.values():
        assert not r.contains(math.nan) and not r.contains(math.inf)
        assert not r.contains(-math.inf)


def test_a_value_outside_is_refused_with_a_code_and_the_bounds():
    with pytest.raises(CodedError) as err:
        limits.POINTS.check("n", 19)
    assert (err.value.field, err.value.code) == ("n", "out_of_range")
    assert err.value.params == {"value": 19, "lo": 20, "hi": 1000}


def test_every_range_is_ordered_and_counts_are_whole_numbers():
    assert len(RANGES) >= 20
    for name, r in RANGES.items():
        assert r.lo < r.hi, name
        assert type(r.lo) is type(r.hi), name
    for name in ("ITERATIONS", "RATES", "DECIMALS", "SEED", "HIDDEN_LAYERS", "WIDTH", "POINTS",
                 "BUILDER_EPOCHS", "BATCH", "UCI_HIDDEN", "MNIST_HIDDEN", "DIGITS_EPOCHS",
                 "VANISHING_DEPTH", "DESCENT_STEPS"):
        assert isinstance(RANGES[name].lo, int), name


def test_the_magnitude_bound_is_one_constant_the_scenario_enforces():
    top = limits.MAX_MAGNITUDE
    assert limits.MAGNITUDE.bounds == (-top, top)
    assert Scenario().with_value("w1", top).get("w1") == top
    with pytest.raises(ScenarioError) as err:
        Scenario().with_value("w1", np.nextafter(top, math.inf))
    assert err.value.code == "too_large" and err.value.params["limit"] == top


def test_the_worked_examples_learning_rate_is_limits_eta():
    assert Scenario().with_value("eta", limits.ETA.hi).eta == limits.ETA.hi
    with pytest.raises(ScenarioError) as err:
        Scenario().with_value("eta", np.nextafter(limits.ETA.hi, math.inf))
    assert err.value.code == "eta_range" and err.value.params["limit"] == limits.ETA.hi
    with pytest.raises(CodedError) as err:
        train_rates(Scenario(), [0.5, 0.0], 1)
    assert (err.value.field, err.value.code) == ("eta", "out_of_range")


def test_training_accepts_the_iteration_range_and_nothing_past_it():
    assert train(Scenario(), limits.ITERATIONS.lo).iterations == limits.ITERATIONS.lo
    with pytest.raises(CodedError) as err:
        train(Scenario(), limits.ITERATIONS.hi + 1)
    assert err.value.code == "out_of_range" and err.value.params["hi"] == limits.ITERATIONS.hi


def recipe_with(path: str, value: object) -> dict:
    d = json.loads(json.dumps(Recipe().to_dict()))
    *parents, last = path.split(".")
    target = d
    for p in parents:
        target = target[p]
    target[last] = value
    return d


@pytest.mark.parametrize(("path", "bounds"), [
    ("data.n", limits.POINTS), ("data.noise", limits.NOISE),
    ("data.test_fraction", limits.TEST_SHARE), ("data.seed", limits.SEED),
    ("eta", limits.SGD_ETA), ("epochs", limits.BUILDER_EPOCHS), ("batch", limits.BATCH),
    ("seed", limits.SEED),
])
def test_a_recipe_takes_both_ends_of_each_range_and_refuses_just_outside(path, bounds):
    for end in bounds.bounds:
        assert Recipe.from_dict(recipe_with(path, end)).to_dict() == recipe_with(path, end)
    step = 1 if isinstance(bounds.lo, int) else 1e-9
    for outside in (bounds.lo - step, bounds.hi + step):
        with pytest.raises(BuilderError) as err:
            Recipe.from_dict(recipe_with(path, outside))
        assert (err.value.field, err.value.code) == (path, "recipe")
        assert (err.value.params["lo"], err.value.params["hi"]) == bounds.bounds


def test_the_builder_and_its_recipe_agree_on_every_data_range():
    # the builder's own checks (DataSpec.make, toy) are the recipe's: one source
    for name, value in (("n", limits.POINTS.lo - 1), ("noise", limits.NOISE.hi + 0.01),
                        ("test_fraction", limits.TEST_SHARE.lo - 0.01)):
        with pytest.raises(BuilderError) as err:
            DataSpec(**{name: value}).make()
        assert err.value.code == "data" and err.value.params["setting"] == name
        assert err.value.params["cause"] == "out_of_range"
    for n in limits.POINTS.bounds:
        assert len(toy("moons", n)[0]) == n
    with pytest.raises(BuilderError) as err:
        Architecture((limits.WIDTH.hi + 1,), ("tanh",)).check()
    assert err.value.code == "width" and err.value.params["limit"] == limits.WIDTH.hi
    too_deep = limits.HIDDEN_LAYERS.hi + 1
    with pytest.raises(BuilderError) as err:
        Architecture((4,) * too_deep, ("tanh",) * too_deep).check()
    assert err.value.code == "layers"


def test_sgd_refuses_a_rate_or_batch_outside_its_limits():
    X, y = toy("xor", 40)
    T = np.eye(2)[y]
    net = Network.random((2, 3, 2), ("tanh", "softmax"), "cross_entropy", seed=0)
    for eta, batch, field in ((limits.SGD_ETA.hi * 2, 8, "eta"), (0.1, limits.BATCH.hi + 1,
                                                                  "batch")):
        with pytest.raises(CodedError) as err:
            sgd(net, X, T, X, T, eta, 1, batch, 0)
        assert (err.value.field, err.value.code) == (field, "out_of_range")


def test_the_vanishing_gradient_stack_takes_the_pages_depths():
    for depth in limits.VANISHING_DEPTH.bounds:
        assert gradient_norms("relu", depth=depth).shape == (depth,)
    with pytest.raises(CodedError):
        gradient_norms("relu", depth=limits.VANISHING_DEPTH.hi + 1)
