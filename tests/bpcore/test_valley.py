"""bpcore.valley: optimisers racing on a two-weight quadratic, each step the builder's own rule,
each run's verdict from its curve, and the ravine where momentum and Adam beat plain SGD."""

import numpy as np
import pytest

from bpcore.errors import CodedError
from bpcore.optimisers import OptimiserSpec
from bpcore.valley import RACERS, VALLEYS, Valley, descend, floor_factor, race, stable_below


def test_the_gradient_is_the_slope_of_j():
    valley = VALLEYS["ravine"]
    w, h = np.array([0.3, -0.7]), 1e-6
    for i in range(2):
        e = np.eye(2)[i] * h
        numeric = (valley.value(w + e) - valley.value(w - e)) / (2 * h)
        assert valley.gradient(w)[i] == pytest.approx(numeric, rel=1e-6)


def test_sgd_on_the_valley_is_w_minus_eta_times_the_gradient_by_hand():
    valley = Valley(0.2, 40.0)
    run = descend(valley, OptimiserSpec("sgd"), 0.04, 2)
    w1 = np.array(valley.w0) - 0.04 * valley.curvatures * (np.array(valley.w0) - valley.w_star)
    np.testing.assert_array_equal(run.path[1], w1)
    assert run.errors[0] == pytest.approx(0.5 * (0.2 * 4 + 40 * 1))


def test_in_the_ravine_momentum_and_adam_beat_plain_sgd_and_the_verdicts_say_so():
    runs = {r.spec.name: r for r in race(VALLEYS["ravine"], RACERS, 150)}
    assert runs["sgd"].reached is None and runs["sgd"].verdict == "too_slow"
    for fast in ("momentum", "adam", "rmsprop"):
        assert runs[fast].reached is not None
        assert runs[fast].errors[-1] < runs["sgd"].errors[-1] / 100
    assert runs["momentum"].reached < runs["adam"].reached < runs["rmsprop"].reached
    # SGD's η is below the ravine's stability limit, and crawls at |1 − η·a₁| a step
    assert RACERS[0][1] < stable_below(VALLEYS["ravine"]) == pytest.approx(0.05)
    assert floor_factor(VALLEYS["ravine"], RACERS[0][1]) == pytest.approx(0.992)


def test_on_the_round_bowl_plain_sgd_converges_too():
    runs = {r.spec.name: r for r in race(VALLEYS["bowl"], RACERS, 150)}
    assert runs["sgd"].verdict == "converging" and runs["sgd"].reached is not None


def test_sgd_above_the_stability_limit_diverges_and_stops_where_it_did():
    run = descend(VALLEYS["ravine"], OptimiserSpec("sgd"), 0.06, 1000)
    assert run.diverged and run.verdict == "diverged"
    assert len(run.path) == len(run.errors) < 1001 and np.all(np.isfinite(run.errors))


@pytest.mark.parametrize("eta, n", [(0.0, 10), (11.0, 10), (0.1, 0), (0.1, 1001)])
def test_a_rate_or_a_count_out_of_range_is_refused(eta, n):
    with pytest.raises(CodedError):
        descend(VALLEYS["bowl"], OptimiserSpec("sgd"), eta, n)
