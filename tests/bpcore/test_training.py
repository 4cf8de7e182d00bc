"""Many updates: the 10,000-update figures, batched learning rates, and divergence."""

import numpy as np
import pytest

from bpcore import Network, Scenario, fit, trace_step, train, train_rates
from bpcore.gradcheck import scenario_estimates


@pytest.fixture(scope="module")
def history():
    return train(Scenario.worked_example(), 10_000)


def test_ten_thousand_updates_reach_the_reference_figures(history):
    assert history.errors[-1] == pytest.approx(3.510187782979e-05, rel=1e-10)
    assert history.outputs[-1, 0] == pytest.approx(0.015913620444, abs=1e-12)
    assert history.outputs[-1, 1] == pytest.approx(0.984064273515, abs=1e-12)


def test_history_rows_are_the_state_after_each_update(history):
    assert history.errors.shape == (10_001,) and history.weights.shape == (10_001, 8)
    assert history.errors[0] == pytest.approx(0.298371108760003, abs=1e-12)
    assert history.errors[1] == pytest.approx(0.291027773693599, abs=1e-12)
    assert history.outputs[1] == pytest.approx([0.742088111, 0.775284968], abs=1e-9)
    step = trace_step(Scenario.worked_example())
    assert tuple(history.weights[1]) == pytest.approx([step[f"w{k}_new"] for k in range(1, 9)],
                                                      abs=1e-15)
    assert history.iterations == 10_000 and not history.diverged


def test_biases_stay_fixed_unless_they_train(history):
    assert np.all(history.biases == [0.35, 0.35, 0.60, 0.60])
    trained = train(Scenario(train_biases=True), 1)
    assert trained.errors[1] == pytest.approx(0.28047144679143, abs=1e-12)


def test_scenario_at_replays_a_point_of_the_curve(history):
    replay = history.scenario_at(1)
    assert trace_step(replay)["E_total"] == pytest.approx(history.errors[1], abs=1e-15)


def test_batched_rates_equal_separate_runs():
    s = Scenario.worked_example()
    runs = train_rates(s, [0.05, 0.5, 5, 50], 300)
    for run, eta in zip(runs, [0.05, 0.5, 5, 50], strict=True):
        alone = train(s.with_value("eta", eta), 300)
        np.testing.assert_allclose(run.errors, alone.errors, rtol=1e-13, atol=1e-16)
        assert run.eta == eta


def test_zero_iterations_gives_the_initial_state():
    h = train(Scenario.worked_example(), 0)
    assert h.errors.shape == (1,) and h.iterations == 0


@pytest.mark.parametrize("bad", [-1, 100_001, 1.5, True])
def test_bad_iteration_counts_are_rejected(bad):
    with pytest.raises(ValueError, match="^iterations:"):
        train(Scenario.worked_example(), bad)


def test_a_diverging_copy_stops_with_a_reason_and_no_nan():
    # A linear network on a big input with a huge rate overflows within a few hundred steps.
    net = Network([np.full((2, 2, 1), 1.0)], [np.zeros((2, 1))], ("linear",), "half_sse")
    X, T = np.array([[300.0, 300.0]]), np.array([[1.0]])
    run = fit(net, X, T, np.array([1e-6, 900.0]), 400)
    assert run.stopped[0] == -1
    assert 0 < run.stopped[1] < 400
    assert np.all(np.isfinite(run.errors[1, : run.stopped[1]]))


def test_history_of_a_diverged_run_is_cut_and_explained(monkeypatch):
    from bpcore import training

    real_fit = training.fit

    def exploding_fit(*args, **kwargs):
        run = real_fit(*args, **kwargs)
        run.errors[0, 5:] = np.inf
        return training.Fit(run.errors, run.outputs, run.params, np.array([5]))

    monkeypatch.setattr(training, "fit", exploding_fit)
    h = training.train(Scenario.worked_example(), 20)
    assert h.diverged and h.stopped_at == 5 and h.iterations == 4
    assert "diverged" in h.reason and np.all(np.isfinite(h.errors)) and len(h.errors) == 5


def test_finite_difference_estimates_match_the_trace():
    for train_biases in (False, True):
        s = Scenario(train_biases=train_biases)
        trace, est = trace_step(s), scenario_estimates(s)
        for k in range(1, 9):
            assert est[f"dE_dw{k}"] == pytest.approx(trace[f"dE_dw{k}"], rel=1e-6, abs=1e-10)
    assert est["dE_db_o1"] == pytest.approx(trace["dE_db_o1"], rel=1e-6)


def test_training_in_pieces_with_progress_equals_one_run():
    s = Scenario(train_biases=True, eta=3.0)
    seen = []
    pieces = train(s, 7_777, progress=seen.append)
    whole = train(s, 7_777)
    assert len(seen) == 15 and seen[-1] == 1.0 and seen == sorted(seen)
    for field in ("errors", "outputs", "weights", "biases"):
        assert np.array_equal(getattr(pieces, field), getattr(whole, field)), field
