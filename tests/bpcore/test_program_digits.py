"""Seed 004's recipe as a program (bpcore.program_digits): its cells run and agree with bpcore."""

import contextlib
import io
import os
from pathlib import Path

import numpy as np
import pytest

from bpcore import Network
from bpcore.data import one_hot
from bpcore.program import parse_prints
from bpcore.program_digits import DigitsRecipe, program_digits
from tutor.serving import jobs

ROOT = Path(__file__).resolve().parents[2]


def run_cells(recipe, until=None):
    """Execute the program's code cells in the repository (where data/ is), stopping before
    the first cell of step ``until``; returns (namespace, printed values)."""
    namespace: dict = {}
    out = io.StringIO()
    here = os.getcwd()
    os.chdir(ROOT / "bpcore")  # a folder below the checkout: data/ is found one up
    try:
        with contextlib.redirect_stdout(out):
            for cell in program_digits(recipe):
                if cell.kind != "code":
                    continue
                if until is not None and cell.step == until:
                    break
                exec(cell.source, namespace)
    finally:
        os.chdir(here)
    return namespace, parse_prints(out.getvalue())


RECIPES = {
    "subset": DigitsRecipe("subset", 128, 0.1, 3, 64, 0),
    "uci": DigitsRecipe("uci", 32, 0.1, 5, 32, 2),
}
TRAINING = {"subset": jobs.subset_training, "uci": jobs.uci_training}


@pytest.mark.parametrize("source", RECIPES)
def test_the_programs_training_prints_bpcores_accuracies_exactly(source):
    recipe = RECIPES[source]
    _, printed = run_cells(recipe)
    _, curves = TRAINING[source]((recipe.hidden, recipe.eta, recipe.epochs, recipe.batch,
                                  recipe.seed), lambda _: None)
    shown = [printed[f"test_accuracy_{k}"] for k in range(1, recipe.epochs + 1)]
    # the same start, the same shuffles, the same arithmetic in the same dtype
    assert shown == curves.test_accuracy[1:].tolist()
    assert printed["best_accuracy"] == curves.test_accuracy.max()
    assert printed["best_epoch"] == int(np.argmax(curves.test_accuracy))
    assert (printed["train_images"], printed["test_images"]) == recipe.sizes


@pytest.mark.parametrize("source", RECIPES)
def test_one_batchs_gradients_are_bpcores_in_float64(source):
    recipe = RECIPES[source]
    ns, _ = run_cells(recipe, until="one_batch")  # the weights as drawn, nothing trained
    f64 = {name: np.asarray(ns[name], dtype=np.float64)
           for name in ("X_train", "W1", "b1", "W2", "b2")}
    ns.update(f64)  # the program's own functions now compute in float64
    ns["Y_train"] = one_hot(ns["y_train"], 10)
    first = np.random.default_rng(recipe.seed).permutation(len(f64["X_train"]))[:recipe.batch]
    X, Y = f64["X_train"][first], ns["Y_train"][first]
    dW1, db1, dW2, db2 = ns["gradients"](X, Y)
    net = Network([f64["W1"], f64["W2"]], [f64["b1"], f64["b2"]], ("relu", "softmax"),
                  "cross_entropy")
    grads = net.backward(net.forward(X), Y)
    for mine, theirs in ((dW1, grads[0].dW), (db1, grads[0].db), (dW2, grads[1].dW),
                         (db2, grads[1].db)):
        assert mine.shape == theirs.shape
        np.testing.assert_allclose(mine, theirs, rtol=0, atol=1e-10)
    assert np.abs(dW2).sum() > 1e-3  # not a zero gradient agreeing with a zero gradient


@pytest.mark.parametrize("source", RECIPES)
def test_the_weights_start_where_bpcore_starts(source):
    recipe = RECIPES[source]
    ns, printed = run_cells(recipe, until="forward")
    scale = 0.01 if source == "subset" else None
    net = Network.random((recipe.n_in, recipe.hidden, 10), ("relu", "softmax"),
                         "cross_entropy", seed=recipe.seed, scale=scale,
                         dtype=ns["X_train"].dtype)
    assert np.array_equal(ns["W1"], net.weights[0]) and np.array_equal(ns["W2"], net.weights[1])


def test_one_step_of_the_program_is_one_step_of_bpcore():
    recipe = DigitsRecipe("uci", 16, 0.5, 1, 8, 1)
    ns, _ = run_cells(recipe, until="one_batch")
    X, Y = ns["X_train"][:8], ns["Y_train"][:8]
    net = Network([ns["W1"].copy(), ns["W2"].copy()], [ns["b1"].copy(), ns["b2"].copy()],
                  ("relu", "softmax"), "cross_entropy")
    ns["train_step"](X, Y)
    net.step(X, Y, 0.5)
    for mine, theirs in ((ns["W1"], net.weights[0]), (ns["W2"], net.weights[1]),
                         (ns["b1"], net.biases[0]), (ns["b2"], net.biases[1])):
        np.testing.assert_allclose(mine, theirs, rtol=0, atol=1e-12)


def test_the_step_cell_is_the_seed_articles_code_with_the_runs_shapes():
    program = program_digits(DigitsRecipe("subset", 128, 0.1, 20, 64, 0))
    step = next(c for c in program if c.step == "train_step").source
    for line in ("dz2 = output - Y", "dW2 = a1.T @ dz2 / m", "dz1 = dz2 @ W2.T * (a1 > 0)",
                 "dW1 = X.T @ dz1 / m", "db2 = dz2.sum(axis=0) / m"):
        assert line in step
    assert "# (128, 10)" in step and "# (784, 128)" in step and "(64, 128)" in step
    small = next(c for c in program_digits(DigitsRecipe("uci", 32, 0.1, 20, 16, 0))
                 if c.step == "train_step").source
    assert "# (64, 32)" in small and "(16, 32)" in small


def test_every_text_cell_is_a_translated_message():
    from tutor.i18n import STRINGS

    for source in RECIPES:
        texts = [c for c in program_digits(RECIPES[source]) if c.kind == "text"]
        assert len(texts) >= 8
        for cell in texts:
            assert cell.message is not None and cell.message.key.startswith("prog.digits.")
            assert STRINGS[cell.message.key]["en"] and STRINGS[cell.message.key]["zh"]
