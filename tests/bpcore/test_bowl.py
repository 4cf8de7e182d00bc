"""The quadratic bowl: thresholds 1/a and 2/a, descent's closed form, and verdicts from curves."""

import numpy as np
import pytest

from bpcore import Scenario, train_rates
from bpcore.bowl import MAX_BOWL_ITERATIONS, Bowl, descend
from bpcore.descent import REVERSAL_SHARE, reversal_share, verdict
from bpcore.errors import CodedError


@pytest.mark.parametrize("a", [0.5, 2.0, 7.0])
def test_the_thresholds_are_one_and_two_over_a(a):
    bowl = Bowl(a=a)
    assert bowl.one_step == pytest.approx(1 / a) and bowl.diverges_above == pytest.approx(2 / a)
    assert bowl.factor(bowl.one_step) == pytest.approx(0.0)
    assert bowl.factor(bowl.diverges_above) == pytest.approx(-1.0)


def test_each_step_multiplies_the_distance_by_one_minus_eta_a():
    bowl = Bowl(a=3.0, w_star=0.5, w0=2.0)
    for run in descend(bowl, [0.01, 0.2, 0.5, 0.7], 20):
        expected = bowl.w_star + bowl.factor(run.eta) ** np.arange(21) * (bowl.w0 - bowl.w_star)
        np.testing.assert_allclose(run.weights, expected, rtol=1e-9, atol=1e-12)
        np.testing.assert_allclose(run.errors, 0.5 * 3.0 * (run.weights - 0.5) ** 2)


def test_one_step_at_one_over_a_lands_on_the_minimum():
    bowl = Bowl(a=4.0)
    run = descend(bowl, [bowl.one_step], 3)[0]
    assert run.weights[1] == bowl.w_star and run.errors[1] == 0.0


@pytest.mark.parametrize("a", [0.5, 2.0, 10.0])
@pytest.mark.parametrize(("times_one_over_a", "expected"), [
    (0.02, "too_slow"),     # crawls: 1 − η·a = 0.98
    (0.6, "converging"),    # lands short of w* each step, fast
    (1.6, "oscillating"),   # jumps over w* every step, lands closer
    (2.2, "diverged"),      # jumps over w* every step, lands farther
])
def test_the_verdicts_follow_the_thresholds(a, times_one_over_a, expected):
    run = descend(Bowl(a=a), [times_one_over_a / a], 30)[0]
    assert verdict(run.errors, run.diverged, run.steps) == expected


def test_without_the_steps_an_oscillation_that_converges_looks_like_convergence():
    # J = (1 − η·a)²ⁿ·J₀ falls every step even while w zig-zags: only the steps show it.
    run = descend(Bowl(a=2.0), [0.8], 30)[0]
    assert np.all(np.diff(run.errors) < 0)
    assert verdict(run.errors) == "converging"
    assert reversal_share(run.steps) == 1.0 >= REVERSAL_SHARE


def test_an_overflowing_run_stops_at_its_first_non_finite_error_and_spares_the_others():
    fine, wild = descend(Bowl(a=2.0), [0.3, 1000.0], 200)
    assert fine.stopped_at is None and fine.iterations == 200
    assert wild.diverged and np.all(np.isfinite(wild.errors))
    assert wild.iterations == wild.stopped_at - 1 == len(wild.errors) - 1
    assert verdict(wild.errors, wild.diverged, wild.steps) == "diverged"


def test_reversal_share_counts_steps_that_turn_back():
    assert reversal_share(np.array([[1.0], [-1.0], [-1.0], [1.0]])) == pytest.approx(2 / 3)
    assert reversal_share(np.array([[1.0, 0.0], [0.0, 1.0]])) == 0.0  # a right angle: no
    assert reversal_share(np.array([[1.0], [0.0], [0.0]])) == 0.0  # at the minimum: no
    assert reversal_share(np.zeros((1, 1))) == 0.0


@pytest.mark.parametrize(("kwargs", "field"), [({"a": 0.0}, "a"), ({"a": 1e9}, "a"),
                                                ({"w0": float("nan")}, "w0")])
def test_a_bad_bowl_is_refused_with_a_code(kwargs, field):
    with pytest.raises(CodedError) as caught:
        Bowl(**kwargs)
    assert caught.value.field == field


@pytest.mark.parametrize("iterations", [-1, MAX_BOWL_ITERATIONS + 1, 2.5, True])
def test_bad_iterations_are_refused(iterations):
    with pytest.raises(ValueError):
        descend(Bowl(), [0.1], iterations)


def test_the_worked_example_never_stops_at_any_rate_up_to_1000():
    # What the learning-rate page says of the sigmoid 2-2-2: no η up to 1000 overflows it.
    runs = train_rates(Scenario.worked_example(), [1, 10, 100, 300, 1000], 2000)
    assert not any(h.diverged for h in runs)
    assert all(np.all(np.isfinite(h.errors)) and h.errors.max() <= 1.0 for h in runs)
