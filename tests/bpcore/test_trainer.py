"""The builder's training loop: plain SGD is bpcore.sgd's; penalties, optimisers, features,
regression and the kept frames, each checked against something computed another way."""

import numpy as np
import pytest

from bpcore.builder import Architecture, DataSpec, build, decision_grid, neuron_grids
from bpcore.data import GAUSS_RADIUS, GAUSSIANS, one_hot, surface
from bpcore.network import Network
from bpcore.optimisers import OptimiserSpec
from bpcore.regularisation import Regularisation
from bpcore.sgd import sgd
from bpcore.trainer import MAX_FRAMES, Trainer, Training, frame_epochs

SMALL = DataSpec("moons", 60, 0.1, 3, 0.25)


def test_plain_sgd_without_penalty_is_bpcore_sgd_bit_for_bit():
    run = build(Architecture((5,), ("tanh",)), SMALL, 0.3, 20, 8, 7)
    net = run.start.copy()
    curves = sgd(net, run.X_train, one_hot(run.y_train, 2), run.X_test,
                 one_hot(run.y_test, 2), 0.3, 20, 8, 7)
    for mine, theirs in zip(run.network.weights, net.weights, strict=True):
        np.testing.assert_array_equal(mine, theirs)
    np.testing.assert_array_equal(run.curves.train_loss, curves.train_loss)
    np.testing.assert_array_equal(run.curves.grad_norms, curves.grad_norms)


@pytest.mark.parametrize("kind", ["l1", "l2"])
def test_the_update_s_gradient_is_the_penalised_loss_s_slope(kind):
    rng = np.random.default_rng(0)
    net = Network.random((2, 3, 2), ("tanh", "softmax"), "cross_entropy", seed=1)
    X, T = rng.normal(size=(6, 2)), one_hot(rng.integers(0, 2, 6), 2)
    reg = Regularisation(kind, 0.2)
    trainer = Trainer(net, X, T, X, T, Training(0.1, 6, 0, regularisation=reg))
    dWs, _ = trainer.gradients(X, T)

    def total(n):
        return float(n.loss_value(X, T)) + reg.penalty(n.weights)

    h = 1e-6
    for layer, W in enumerate(net.weights):
        for idx in np.ndindex(W.shape):
            up, down = net.copy(), net.copy()
            up.weights[layer][idx] += h
            down.weights[layer][idx] -= h
            assert dWs[layer][idx] == pytest.approx((total(up) - total(down)) / (2 * h),
                                                    abs=1e-6)


def test_the_loss_recorded_includes_the_penalty():
    reg = Regularisation("l2", 0.5)
    run = build(Architecture((4,), ("tanh",)), SMALL, 0.1, 1, 8, 0, regularisation=reg)
    start = run.start
    data_loss = float(start.loss_value(run.inputs(run.X_train), run.targets(run.y_train)))
    assert run.curves.train_loss[0] == pytest.approx(data_loss + reg.penalty(start.weights))


def test_l2_keeps_weights_smaller_than_no_penalty():
    arch = Architecture((8,), ("tanh",))
    plain = build(arch, SMALL, 0.3, 100, 8, 0)
    l2 = build(arch, SMALL, 0.3, 100, 8, 0, regularisation=Regularisation("l2", 0.05))

    def size(run):
        return sum(float((W * W).sum()) for W in run.network.weights)

    assert size(l2) < 0.8 * size(plain)


@pytest.mark.parametrize("name", ["momentum", "rmsprop", "adam"])
def test_network_before_replays_the_first_epoch_under_the_optimiser(name):
    opt = OptimiserSpec(name)
    run = build(Architecture((4,), ("tanh",)), SMALL, 0.05, 1, 8, 2, optimiser=opt)
    replayed = run.network_before(run.batches)
    for mine, theirs in zip(replayed.weights, run.network.weights, strict=True):
        np.testing.assert_array_equal(mine, theirs)
    assert not np.array_equal(run.network.weights[0], build(
        Architecture((4,), ("tanh",)), SMALL, 0.05, 1, 8, 2).network.weights[0])


def test_momentum_and_adam_beat_plain_sgd_at_a_small_rate():
    arch, data = Architecture((8,), ("tanh",)), DataSpec("moons", 200, 0.1, 0, 0.25)
    loss = {name: build(arch, data, 0.01, 60, 32, 0, optimiser=OptimiserSpec(name))
            .curves.train_loss[-1] for name in ("sgd", "momentum", "adam")}
    assert loss["momentum"] < loss["sgd"] and loss["adam"] < loss["sgd"]


def test_squared_features_let_a_network_without_hidden_layers_separate_the_circles():
    data = DataSpec("circles", 200, 0.05, 0, 0.25)
    plain = build(Architecture((), ()), data, 0.5, 200, 16, 0)
    squares = build(Architecture((), (), features=("x1", "x2", "x1sq", "x2sq")), data, 0.5,
                    200, 16, 0)
    assert plain.curves.test_accuracy[-1] < 0.75 <= 0.95 <= squares.curves.test_accuracy[-1]
    assert squares.network.sizes == (4, 2)


def test_the_regression_surfaces_by_hand():
    X = np.array([[0.5, 0.0], [GAUSSIANS[1][0], GAUSSIANS[1][1]],
                  [GAUSSIANS[0][0] + GAUSS_RADIUS / 2, GAUSSIANS[0][1]], [0.0, 0.0]])
    assert surface("plane", np.array([[0.2, 0.4]])).tolist() == pytest.approx([0.3])
    assert surface("gaussians", X).tolist() == pytest.approx([0.0, -1.0, 0.5, 0.0])


def test_the_plane_is_fitted_by_a_linear_unit_with_squared_error():
    run = build(Architecture((), ()), DataSpec("plane", 200, 0.0, 0, 0.25), 0.5, 200, 16, 0)
    assert run.regression and run.network.sizes == (2, 1)
    assert run.network.activations == ("linear",) and run.network.loss == "half_sse"
    assert run.curves.test_loss[-1] < 1e-4 and np.isnan(run.curves.test_accuracy).all()
    np.testing.assert_allclose(run.network.weights[0].ravel(), [0.5, 0.5], atol=0.02)
    grid = decision_grid(run.network, run.X_train, 5, regression=True)
    np.testing.assert_allclose(grid.value[2, 2], (grid.xs[2] + grid.ys[2]) / 2, atol=0.02)


def test_frames_run_from_the_start_to_the_trained_network():
    run = build(Architecture((4,), ("tanh",)), SMALL, 0.1, 30, 8, 0)
    assert [f.epoch for f in run.frames] == list(range(31))
    np.testing.assert_array_equal(run.frames[0].weights[0], run.start.weights[0])
    np.testing.assert_array_equal(run.frames[-1].weights[1], run.network.weights[1])
    assert len(frame_epochs(5000, 100)) == MAX_FRAMES
    assert frame_epochs(5000, 10**7).tolist() == [0, 5000]


def test_neuron_grids_show_each_unit_over_the_plane():
    run = build(Architecture((3,), ("tanh",), features=("x1", "x2", "x1x2")), SMALL, 0.1, 2,
                8, 0)
    grids = neuron_grids(run.network, run.X_train, run.features, size=6)
    assert [g.shape for g in grids] == [(3, 6, 6), (3, 6, 6), (2, 6, 6)]
    np.testing.assert_allclose(grids[0][2], grids[0][0] * grids[0][1])


ADAM_L1 = {"optimiser": OptimiserSpec("adam", 0.8, 0.99),
           "regularisation": Regularisation("l1", 0.01)}


def assert_same_network(one, two):
    for mine, theirs in zip([*one.weights, *one.biases], [*two.weights, *two.biases],
                            strict=True):
        np.testing.assert_array_equal(mine, theirs)


@pytest.mark.parametrize("name", ["sgd", "momentum", "rmsprop", "adam"])
def test_one_batch_step_is_the_first_batch_of_the_epoch_bit_for_bit(name):
    run = build(Architecture((4,), ("tanh",)), SMALL, 0.05, 3, 8, 2,
                optimiser=OptimiserSpec(name))
    stepped, by_hand = run.trainer(), run.trainer()
    stepped.step_batch()
    by_hand.step(*run.first_epoch_batch(0))
    assert_same_network(stepped.network, by_hand.network)
    assert stepped.position == (0, 1)


@pytest.mark.parametrize("name", ["sgd", "momentum", "rmsprop", "adam"])
def test_an_epoch_of_batch_steps_is_the_run_s_epoch_bit_for_bit(name):
    run = build(Architecture((4,), ("tanh",)), SMALL, 0.05, 3, 8, 2,
                optimiser=OptimiserSpec(name), regularisation=Regularisation("l2", 0.01))
    trainer = run.trainer_at(run.frames[1])
    for _ in range(run.batches):  # 45 points, batch 8: six batches, the last of five
        assert trainer.position[0] == 1
        trainer.step_batch()
    assert trainer.position == (2, 0)
    assert_same_network(trainer.network, run.network_at(run.frames[2]))


def test_a_trainer_restored_at_a_kept_epoch_goes_on_as_the_run_did():
    run = build(Architecture((5, 3), ("tanh", "relu")), SMALL, 0.05, 6, 8, 4, **ADAM_L1)
    trainer = run.trainer_at(run.frames[2])
    trainer.step_batch()  # part of an epoch, then the rest of it: still the run's epoch
    trainer.run_epoch()
    assert_same_network(trainer.network, run.network_at(run.frames[3]))
    trainer.run_epoch()
    trainer.run_epoch()
    trainer.run_epoch()
    assert_same_network(trainer.network, run.network)
    assert trainer.optimiser.t == 6 * run.batches


def test_a_restored_trainer_never_changes_the_kept_frame():
    run = build(Architecture((4,), ("tanh",)), SMALL, 0.05, 2, 8, 0, **ADAM_L1)
    kept = run.frames[1].weights[0].copy(), run.frames[1].first[0].copy()
    trainer = run.trainer_at(run.frames[1])
    trainer.network.weights[0][0, 0] = 99.0
    trainer.run_epoch()
    np.testing.assert_array_equal(run.frames[1].weights[0], kept[0])
    np.testing.assert_array_equal(run.frames[1].first[0], kept[1])


def test_a_frame_counts_the_optimiser_s_state_in_its_size():
    arch = Architecture((4,), ("tanh",))
    plain = build(arch, SMALL, 0.05, 1, 8, 0).trainer()
    adam = build(arch, SMALL, 0.05, 1, 8, 0, optimiser=OptimiserSpec("adam")).trainer()
    assert adam.state_floats() == 3 * plain.state_floats() == 3 * (2 * 4 + 4 + 4 * 2 + 2)


@pytest.mark.parametrize("name", ["momentum", "adam"])
def test_explain_is_the_update_training_takes_next(name):
    run = build(Architecture((4,), ("tanh",)), SMALL, 0.05, 2, 8, 0,
                optimiser=OptimiserSpec(name), regularisation=Regularisation("l1", 0.01))
    trainer = run.trainer_before(3)
    X, T = run.first_epoch_batch(3)
    step = trainer.explain(X, T, 1, 1, 2)
    assert step.t == 4 and step.p == trainer.network.weights[0][1, 2]
    trainer.step(X, T)
    assert step.p_new == trainer.network.weights[0][1, 2]
    assert step.p_new == run.network_before(4).weights[0][1, 2]
