"""A builder recipe as plain data: exact round trips, and strict refusals of anything else."""

import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bpcore import ACTIVATIONS, LOSSES
from bpcore.builder import Architecture, BuilderError, DataSpec
from bpcore.data import TOY_SETS
from bpcore.limits import SGD_ETA as ETA
from bpcore.recipe import Recipe

HIDDEN = [name for name, act in ACTIVATIONS.items() if act.elementwise]
RECIPE = Recipe(Architecture((3, 5, 2), ("relu", "sigmoid", "leaky_relu"), "sigmoid",
                             "binary_cross_entropy"),
                DataSpec("spiral", 370, 0.23, 17, 0.35), eta=0.0123, epochs=77, batch=9,
                seed=123456)


def test_the_defaults_are_the_pages_defaults_and_train():
    run = Recipe().run()
    assert run.network.sizes == (2, 8, 8, 2) and run.curves.test_accuracy[-1] >= 0.9


def test_a_recipe_round_trips_through_json_exactly():
    assert Recipe.from_dict(json.loads(json.dumps(RECIPE.to_dict()))) == RECIPE
    assert Recipe.from_dict(Recipe().to_dict()) == Recipe()


@settings(max_examples=40, deadline=None, derandomize=True)
@given(st.lists(st.tuples(st.integers(1, 64), st.sampled_from(HIDDEN)), max_size=6),
       st.sampled_from(list(ACTIVATIONS)), st.sampled_from(list(LOSSES)),
       st.sampled_from(TOY_SETS), st.integers(20, 1000), st.floats(0, 0.5),
       st.floats(0.1, 0.5), st.floats(*ETA.bounds), st.integers(1, 5000), st.integers(1, 1000),
       st.integers(0, 2**31 - 1))
def test_round_trip_property(layers, output, loss, name, n, noise, share, eta, epochs, batch,
                             seed):
    recipe = Recipe(Architecture(tuple(w for w, _ in layers), tuple(a for _, a in layers),
                                 output, loss),
                    DataSpec(name, n, noise, seed, share), eta, epochs, batch, seed)
    assert Recipe.from_dict(json.loads(json.dumps(recipe.to_dict()))) == recipe


def changed(path: str, value: object) -> dict:
    d = json.loads(json.dumps(Recipe().to_dict()))
    *parents, last = path.split(".")
    target = d
    for p in parents:
        target = target[p]
    target[last] = value
    return d


@pytest.mark.parametrize("bad", [
    changed("eta", 0), changed("eta", ETA.hi * 1.1), changed("eta", math.nan),
    changed("eta", "0.1"),
    changed("epochs", 0), changed("epochs", 2.0), changed("batch", True),
    changed("seed", -1), changed("seed", 2**31), changed("data.n", 10),
    changed("data.noise", 0.6), changed("data.test_fraction", 0.05),
    changed("data.name", "swiss roll"), changed("output", "cube"), changed("loss", "hinge"),
    changed("hidden", [8]), changed("hidden", [0, 8]), changed("hidden", [65, 8]),
    changed("activations", ["softmax", "tanh"]), changed("hidden", [8] * 7),
    changed("data", {"name": "xor"}), {**Recipe().to_dict(), "extra": 1}, [1, 2], None,
])
def test_anything_but_a_valid_recipe_is_refused(bad):
    with pytest.raises(BuilderError) as err:
        Recipe.from_dict(bad)
    assert err.value.code == "recipe" and err.value.code in BuilderError.CODES


def test_a_refusal_names_the_field():
    with pytest.raises(BuilderError) as err:
        Recipe.from_dict(changed("data.n", 5))
    assert (err.value.field, err.value.code) == ("data.n", "recipe")
    assert err.value.params == {"expected": "whole", "lo": 20, "hi": 1000, "value": "5"}
