"""A builder recipe as a program: run, it prints the builder's own losses and accuracies."""

from __future__ import annotations

import math

import numpy as np
import pytest

from bpcore.builder import Architecture, DataSpec
from bpcore.program import for_step, parse_prints, run
from bpcore.program_batch import batch_program, curve_values, reported_epochs
from bpcore.recipe import Recipe
from bpcore.userdata import make_points

RECIPES = {
    "relu_sigmoid_bce": Recipe(
        arch=Architecture((5,), ("relu",), "sigmoid", "binary_cross_entropy"),
        data=DataSpec("xor", 120, 0.05, 3, 0.3), epochs=30, batch=16, seed=4),
    "softmax_half_sse": Recipe(
        arch=Architecture((6, 4), ("sigmoid", "leaky_relu"), "softmax", "half_sse"),
        data=DataSpec("blobs", 90, 0.1, 1, 0.2), epochs=25, batch=7, eta=0.3, seed=2),
    "tanh_softmax_ce": Recipe(
        arch=Architecture((8,), ("tanh",), "softmax", "cross_entropy"),
        data=DataSpec("moons", 60, 0.1, 0, 0.25), epochs=20, batch=32, seed=1),
    "linear_mse_no_hidden": Recipe(
        arch=Architecture((), (), "linear", "mse"),
        data=DataSpec("circles", 40, 0.0, 5, 0.25), epochs=10, batch=1, eta=0.05, seed=9),
}


@pytest.mark.parametrize("name", RECIPES)
def test_the_program_prints_the_builders_curves(name: str) -> None:
    recipe = RECIPES[name]
    expected = curve_values(recipe.run().curves, recipe.epochs)
    got = parse_prints("".join(run(batch_program(recipe))))
    assert set(got) == set(expected)
    for key, value in expected.items():
        assert math.isclose(got[key], value, rel_tol=1e-12, abs_tol=1e-15), key


def test_own_points_are_written_out_and_trained_the_same() -> None:
    rng = np.random.default_rng(0)
    X = rng.uniform(-1, 1, (40, 2)).round(3)
    points = make_points(X, (X[:, 0] > X[:, 1]).astype(int))
    recipe = Recipe(data=DataSpec(seed=2, test_fraction=0.25), points=points, epochs=15,
                    batch=8)
    expected = curve_values(recipe.run().curves, recipe.epochs)
    got = parse_prints("".join(run(batch_program(recipe))))
    for key, value in expected.items():
        assert math.isclose(got[key], value, rel_tol=1e-12, abs_tol=1e-15), key


def test_the_mean_is_taken_for_the_parameter_gradients_only() -> None:
    (layer,) = for_step(batch_program(Recipe()), "layer")
    assert "dE_dW = self.x.T @ (delta / m)" in layer.source
    assert "dE_db = (delta / m).sum(axis=0)" in layer.source
    assert "dE_dx = delta @ self.W.T          # (m, n_in): per sample, NOT divided by m" \
        in layer.source


def test_the_start_cell_names_the_recipes_shapes() -> None:
    (start,) = for_step(batch_program(Recipe(batch=16)), "start")
    assert "# layer 1: W (2, 8), b (8,), tanh; on a batch x (16, 2) → net, out (16, 8)" in \
        start.source
    assert "# layer 3: W (8, 2), b (2,), softmax" in start.source


def test_reported_epochs_are_the_start_first_middle_and_last() -> None:
    assert reported_epochs(400) == (0, 1, 200, 400)
    assert reported_epochs(1) == (0, 1)
