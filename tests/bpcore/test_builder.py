"""The network builder: checked architectures, seeded data, training and the decision grid."""

import numpy as np
import pytest

from bpcore import ACTIVATIONS, LOSSES, Network
from bpcore.builder import (
    MAX_SECONDS,
    OUTPUTS_FOR,
    Architecture,
    BuilderError,
    DataSpec,
    build,
    decision_grid,
)
from bpcore.data import TOY_SETS, one_hot
from bpcore.limits import HIDDEN_LAYERS
from bpcore.sgd import sgd

MAX_HIDDEN_LAYERS = HIDDEN_LAYERS.hi


def test_the_default_builds_a_2_8_8_2_network_that_learns_the_moons():
    run = build(Architecture(), DataSpec(), eta=0.3, epochs=200, batch=16, seed=0)
    assert run.network.sizes == (2, 8, 8, 2) and run.classes == 2
    assert run.curves.test_accuracy[-1] >= 0.9
    assert run.curves.train_loss[-1] < run.curves.train_loss[0] / 5
    assert run.curves.grad_norms.shape == (200, 3)
    # the start is kept as it was: training changed a copy
    assert not np.allclose(run.start.weights[0], run.network.weights[0])


def test_blobs_get_one_output_per_class():
    run = build(Architecture((4,), ("relu",)), DataSpec("blobs", n=90), 0.5, 20, 10, 0)
    assert run.network.sizes == (2, 4, 3) and run.classes == 3


def test_the_same_choices_train_the_same_network():
    a = build(Architecture(), DataSpec("xor"), 0.3, 5, 16, seed=4)
    b = build(Architecture(), DataSpec("xor"), 0.3, 5, 16, seed=4)
    c = build(Architecture(), DataSpec("xor"), 0.3, 5, 16, seed=5)
    assert all(np.array_equal(x, y) for x, y in zip(a.network.weights, b.network.weights,
                                                       strict=True))
    assert not np.array_equal(a.network.weights[0], c.network.weights[0])


def test_no_hidden_layer_is_a_linear_classifier():
    run = build(Architecture((), ()), DataSpec("blobs"), 0.5, 10, 16, 0)
    assert run.network.sizes == (2, 3)


@pytest.mark.parametrize(("arch", "field", "code"), [
    (Architecture((8,) * (MAX_HIDDEN_LAYERS + 1), ("tanh",) * (MAX_HIDDEN_LAYERS + 1)),
     "layers", "layers"),
    (Architecture((8, 0), ("tanh", "tanh")), "width.1", "width"),
    (Architecture((8,), ("softmax",)), "activation.0", "activation"),
    (Architecture((8,), ("tanh",), output="cube"), "output", "activation"),
    (Architecture((8,), ("tanh",), loss="hinge"), "loss", "loss"),
    (Architecture((8,), ("tanh",), output="linear", loss="cross_entropy"), "loss", "pairing"),
    (Architecture((8,), ("tanh",), output="relu", loss="binary_cross_entropy"), "loss",
     "pairing"),
    (Architecture((8,), ("tanh",), output="sigmoid", loss="cross_entropy"), "loss", "pairing"),
])
def test_a_rejected_choice_names_its_field_and_reason(arch, field, code):
    with pytest.raises(BuilderError) as err:
        build(arch, DataSpec(), 0.1, 1, 16, 0)
    assert (err.value.field, err.value.code) == (field, code)
    assert code in BuilderError.CODES


@pytest.mark.parametrize("output", [name for name in ACTIVATIONS])
@pytest.mark.parametrize("loss", list(LOSSES))
def test_every_accepted_pairing_trains_to_finite_curves(output, loss):
    arch = Architecture((5,), ("tanh",), output, loss)
    try:
        arch.check()
    except BuilderError:
        assert loss in OUTPUTS_FOR and output not in OUTPUTS_FOR[loss]
        return
    run = build(arch, DataSpec("circles", n=60), 0.1, 3, 8, 0)
    assert np.isfinite(run.curves.train_loss).all() and run.curves.diverged_at is None


@pytest.mark.parametrize(("arch", "n", "epochs", "batch"), [
    (Architecture(), 1000, 1000, 1),                               # many small updates
    (Architecture((64,) * 6, ("tanh",) * 6), 1000, 5000, 1000),    # much arithmetic
])
def test_a_run_too_slow_for_a_live_page_is_refused_before_training(arch, n, epochs, batch):
    with pytest.raises(BuilderError) as err:
        build(arch, DataSpec(n=n), 0.1, epochs, batch, 0)
    assert err.value.code == "slow" and err.value.params["seconds"] > MAX_SECONDS


def test_bad_data_settings_are_refused():
    with pytest.raises(BuilderError) as err:
        build(Architecture(), DataSpec(n=2), 0.1, 1, 1, 0)
    assert err.value.code == "data"
    with pytest.raises(BuilderError):
        DataSpec(test_fraction=0.9).make()


@pytest.mark.parametrize("name", TOY_SETS)
def test_the_data_is_split_by_the_test_share(name):
    X_train, y_train, X_test, y_test = DataSpec(name, n=100, test_fraction=0.2).make()
    assert X_train.shape == (80, 2) and X_test.shape == (20, 2)
    assert y_train.shape == (80,) and y_test.shape == (20,)


def test_the_decision_grid_spans_the_data_and_agrees_with_the_network():
    run = build(Architecture(), DataSpec(), 0.3, 50, 16, 0)
    grid = decision_grid(run.network, run.X_train, size=30, margin=0.5)
    assert grid.predicted.shape == (30, 30)
    assert grid.xs[0] == pytest.approx(run.X_train[:, 0].min() - 0.5)
    assert grid.ys[-1] == pytest.approx(run.X_train[:, 1].max() + 0.5)
    r, c = 7, 21  # row = y index, column = x index
    out = run.network.forward(np.array([[grid.xs[c], grid.ys[r]]]))[-1].out
    assert grid.predicted[r, c] == out.argmax()
    assert set(np.unique(grid.predicted)) == {0, 1}


def test_a_runs_first_epoch_batches_cover_the_training_set_once():
    run = build(Architecture(), DataSpec(n=100), 0.3, 2, 16, seed=3)
    assert run.batches == 5  # 75 training points in batches of 16
    assert run.updates == 10 and run.parameters == 2 * 8 + 8 + 8 * 8 + 8 + 8 * 2 + 2
    rows = np.concatenate([run.first_epoch_batch(k)[0] for k in range(run.batches)])
    assert sorted(map(tuple, rows)) == sorted(map(tuple, run.X_train))
    X, T = run.first_epoch_batch(4)
    assert X.shape == (11, 2) and T.shape == (11, 2) and (T.sum(axis=1) == 1).all()


def test_cross_entropy_on_sigmoids_is_refused_because_it_learns_a_useless_boundary():
    """Why the pairing rule exists: with sigmoid outputs, categorical cross-entropy sees only
    the target's output, so both outputs can rise to 1 — the loss falls towards 0 while the
    classes stay mixed. Softmax, the same network otherwise, separates them."""
    data = DataSpec("moons", 200, 0.1, 0)
    degenerate = Network.random((2, 8, 8, 2), ("tanh", "tanh", "sigmoid"), "cross_entropy", 0)
    X, y, X_test, y_test = data.make()
    curves = sgd(degenerate, X, one_hot(y, 2), X_test, one_hot(y_test, 2), 0.1, 200, 32, 0)
    out = degenerate.forward(X)[-1].out
    assert curves.train_loss[-1] < 0.05 and (out > 0.9).all(axis=1).mean() > 0.5
    run = build(Architecture(output="softmax"), data, 0.1, 200, 32, 0)
    assert run.curves.test_accuracy[-1] > curves.test_accuracy[-1] + 0.1


def test_the_network_before_each_update_is_the_one_sgd_had():
    one_epoch = build(Architecture(), DataSpec(n=100), 0.3, 1, 16, seed=3)
    assert one_epoch.batches == 5
    before = [one_epoch.network_before(k) for k in range(one_epoch.batches + 1)]
    for a, b in zip(before[0].weights, one_epoch.start.weights, strict=True):
        np.testing.assert_array_equal(a, b)
    # the start moved by all five updates is what the one-epoch run trained
    for a, b in zip(before[-1].weights, one_epoch.network.weights, strict=True):
        np.testing.assert_array_equal(a, b)
    # and each step in between is one update on that batch
    step = before[2].copy()
    step.step(*one_epoch.first_epoch_batch(2), 0.3)
    for a, b in zip(step.weights, before[3].weights, strict=True):
        np.testing.assert_array_equal(a, b)


def test_the_network_at_a_kept_epoch_is_that_frame_s_and_an_epoch_not_kept_is_refused():
    from bpcore.recipe import Recipe

    run = Recipe(epochs=5).run()
    for frame in run.frames:
        net = run.network_at_epoch(frame.epoch)
        assert all(w.tobytes() == f.tobytes() for w, f in zip(net.weights, frame.weights,
                                                              strict=True))
    with pytest.raises(ValueError):
        run.network_at_epoch(max(f.epoch for f in run.frames) + 1)
