"""Learning-rate verdicts on known curves, and on the worked example's own runs."""

import numpy as np
import pytest

from bpcore import Scenario, train_rates
from bpcore.descent import RISE_SHARE, rise_share, verdict

STEPS = np.arange(1001)


@pytest.mark.parametrize(("curve", "expected"), [
    (0.3 * np.exp(-STEPS / 50), "converging"),                        # fast, monotone
    (0.3 * (1 - STEPS / 2000), "too_slow"),                           # still crawling
    (0.3 * np.exp(-STEPS / 100) * (1 + 0.5 * (-1.0) ** STEPS), "oscillating"),
    (0.3 * np.exp(STEPS / 200), "diverged"),                          # grows
    (np.r_[0.3, 0.2, np.nan], "diverged"),                            # non-finite
    (np.r_[0.3, 0.2, np.inf], "diverged"),
])
def test_verdicts_on_known_curves(curve, expected):
    assert verdict(curve) == expected


def test_a_stopped_run_is_diverged_even_if_its_finite_rows_look_fine():
    assert verdict([0.3, 0.2, 0.1], diverged=True) == "diverged"


def test_rounding_sized_rises_are_not_oscillation():
    curve = 0.3 * np.exp(-STEPS / 15)  # flat from update 500 at 5e-15: the minimum
    curve[500:] = curve[500] * (1 + 1e-15 * (-1.0) ** STEPS[500:])
    assert verdict(curve) == "converging"


def test_the_worked_example_default_rates():
    runs = train_rates(Scenario.worked_example(), [0.05, 0.5, 5, 50], 10_000)
    assert [verdict(h.errors, h.diverged) for h in runs] == [
        "too_slow", "converging", "converging", "converging"]


def test_a_run_frozen_in_saturation_is_stalled_not_converging():
    # η = 1000 pushes both output sigmoids to exactly 0 and 1 in one step: E stays 1e-4 forever.
    runs = train_rates(Scenario.worked_example(), [100, 1000], 10_000)
    assert runs[1].errors[-1] == runs[1].errors[1]
    assert [verdict(h.errors, h.diverged) for h in runs] == ["converging", "too_slow"]


def test_a_curve_that_reached_the_minimum_is_converging_even_when_flat():
    curve = np.r_[0.3 * np.exp(-STEPS[:100] / 3), np.full(901, 1e-31)]
    assert verdict(curve) == "converging"


def test_real_overshoot_oscillates_and_a_jump_above_the_start_diverges():
    # Targets near the start's outputs: a large η overshoots; η = 1000 lands above the start.
    runs = train_rates(Scenario(targets=(0.7, 0.8)), [0.5, 200, 1000], 10_000)
    assert [verdict(h.errors, h.diverged) for h in runs] == [
        "converging", "oscillating", "diverged"]
    assert rise_share(runs[1].errors) >= RISE_SHARE
    assert not any(h.diverged for h in runs)  # all finite: diverged means "ended higher"


def test_rise_share_of_short_curves():
    assert rise_share([]) == 0.0 and rise_share([0.3]) == 0.0
    assert rise_share([0.3, 0.4, 0.2]) == 0.5
