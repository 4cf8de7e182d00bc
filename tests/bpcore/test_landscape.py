"""The error landscape: grid points equal single evaluations; descent lowers the error."""

import numpy as np
import pytest

from bpcore import Scenario, trace_step
from bpcore.landscape import (
    MAX_FIT_SPAN,
    MIN_FIT_SPAN,
    STEP_SHARE,
    WEIGHT_INDEX,
    descent_path,
    error_grid,
    error_slice,
    errors_at,
    fit_span,
)

S = Scenario.worked_example()


def test_weight_index_matches_the_scenario_layout():
    net = S.network()
    for k in range(1, 9):
        layer, s, j = WEIGHT_INDEX[f"w{k}"]
        assert net.weights[layer][s, j] == S.get(f"w{k}")


def test_grid_points_equal_single_traces():
    grid = error_grid(S, "w5", "w2", (-1.0, 2.0), (0.0, 1.0), n=7)
    for i, j in ((0, 0), (3, 5), (6, 6)):
        one = S.with_value("w5", grid.p_values[j]).with_value("w2", grid.q_values[i])
        assert grid.errors[i, j] == pytest.approx(trace_step(one)["E_total"], abs=1e-15)


def test_descent_lowers_the_error_and_moves_only_the_two_weights():
    path = descent_path(S, "w5", "w6", 100)
    assert np.all(np.diff(path.errors) < 0)
    assert path.errors[1] == pytest.approx(errors_at(S, {"w5": np.array(path.p[1]),
                                                         "w6": np.array(path.q[1])}))
    first = trace_step(S)
    assert path.p[1] == pytest.approx(0.40 - 0.5 * first["dE_dw5"], abs=1e-15)


def test_the_slice_tangent_has_the_gradient_as_its_slope():
    cut = error_slice(S, "w5", 2.0)
    assert cut.slope == pytest.approx(trace_step(S)["dE_dw5"], abs=1e-15)
    assert cut.w1 == pytest.approx(trace_step(S)["w5_new"], abs=1e-15)
    h = 1e-6
    up, down = errors_at(S, {"w5": np.array([0.4 + h, 0.4 - h])})
    assert (up - down) / (2 * h) == pytest.approx(cut.slope, rel=1e-6)
    assert cut.tangent(cut.w0) == cut.e0


def test_the_same_weight_twice_is_rejected():
    with pytest.raises(ValueError):
        descent_path(S, "w5", "w5", 3)


@pytest.mark.parametrize("name", ["w1", "w4", "w5", "w6", "w8"])
def test_the_fitted_span_makes_the_step_a_quarter_of_the_view(name):
    s = Scenario.worked_example()
    span = fit_span(s, name)
    cut = error_slice(s, name, span)
    share = abs(cut.w1 - cut.w0) / (cut.values[-1] - cut.values[0])
    assert share == pytest.approx(STEP_SHARE)


def test_the_fitted_span_stays_within_its_bounds():
    flat = Scenario(eta=1e-9)  # a step far too short to fill any readable view
    assert fit_span(flat, "w5") == MIN_FIT_SPAN
    assert fit_span(Scenario(eta=1000.0), "w5") == MAX_FIT_SPAN
