"""Learning-rate verdicts on known curves, and on the worked example's own runs."""

import numpy as np
import pytest

from bpcore import Scenario, train_rates
from bpcore.descent import verdict

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
    curve = 0.3 * np.exp(-STEPS / 20)
    curve[500:] = curve[500] * (1 + 1e-15 * (-1.0) ** STEPS[500:])
    assert verdict(curve) == "converging"


def test_the_worked_example_default_rates():
    runs = train_rates(Scenario.worked_example(), [0.05, 0.5, 5, 50], 10_000)
    assert [verdict(h.errors, h.diverged) for h in runs] == [
        "too_slow", "converging", "converging", "converging"]
