"""The training page under AppTest: the 10,000-update figures, kept results, replay, divergence."""

import json
from dataclasses import replace

import numpy as np
import plotly.graph_objects as go
import pytest

from bpcore import Scenario, fmt, train
from tests.app.apptest import field, open_page
from tutor import session
from tutor.figures.training import (
    MAX_POINTS,
    error_figure,
    outputs_figure,
    plotted_rows,
    weights_figure,
)
from tutor.i18n import LANGUAGES, t, tn
from tutor.pages import training as training_state
from tutor.pages import training_charts
from tutor.serving import shared


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_worked_example_shows_the_ten_thousand_update_figures(lang):
    at = open_page("training", lang, timeout=120)
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    label = tn("training.final_error", 10000, lang, n="10,000")
    assert metrics[label] == fmt(3.510187782979e-05, 4)
    assert metrics["out_o1"] == "0.0159" and metrics["out_o2"] == "0.9841"
    at.sidebar.slider(key=session.PRECISION_WIDGET).set_value(7).run()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["out_o1"] == "0.0159136" and metrics["out_o2"] == "0.9840643"


def small(n: int) -> dict[str, int]:
    """A preset: the training page's iteration count, smaller than a learner's default."""
    return {training_state.TRAIN_ITERATIONS: n}


def test_display_options_reuse_the_kept_result():
    at = open_page("training", timeout=120, preset=small(1000))
    kept = at.session_state[training_state.TRAIN_RESULT.key][1]
    at.toggle(key=training_state.TRAIN_LOG).set_value(False).run()
    at.slider(key=training_state.TRAIN_REPLAY).set_value(10).run()
    assert at.session_state[training_state.TRAIN_RESULT.key][1] is kept
    field(at, training_state.TRAIN_ITERATIONS).input("500").run()
    assert at.session_state[training_state.TRAIN_RESULT.key][1] is not kept
    assert at.session_state[training_state.TRAIN_RESULT.key][1].iterations == 500
    assert at.session_state[training_state.TRAIN_REPLAY] == 500


def test_an_edit_in_the_sidebar_retrains():
    at = open_page("training", timeout=120, preset=small(1000))
    at.sidebar.text_input(key="edit.eta").input("5.0").run()
    history = at.session_state[training_state.TRAIN_RESULT.key][1]
    assert history.eta == 5.0
    assert history.errors[-1] == pytest.approx(train(Scenario(eta=5.0), 1000).errors[-1])


def test_a_diverged_run_is_reported_and_plotted_only_up_to_the_stop():
    # The sigmoid 2-2-2 cannot overflow (its outputs are bounded), so a diverged History is
    # made by cutting a real one the way train() does when the error becomes non-finite.
    at = open_page("training", "zh", timeout=120, preset=small(50))
    real = train(Scenario.worked_example(), 50)
    cut = replace(real, errors=real.errors[:21], outputs=real.outputs[:21],
                  weights=real.weights[:21], biases=real.biases[:21], iterations=20,
                  stopped_at=21, reason="diverged")
    at.session_state[training_state.TRAIN_RESULT.key] = ((Scenario.worked_example(), 50), cut)
    at.run()
    assert not at.exception
    assert [e.value for e in at.error] == [t("training.diverged", "zh", stopped=21,
                                             eta="0.5000")]
    error_curve = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert len(error_curve["data"][0]["y"]) == 21
    assert all(np.isfinite(error_curve["data"][0]["y"]))


def test_plotted_points_are_bpcores_numbers():
    history = train(Scenario.worked_example(), 10_000)
    rows = plotted_rows(len(history.errors))
    assert len(rows) == MAX_POINTS and rows[0] == 0 and rows[-1] == 10_000
    fig = error_figure(history, True, 0, "en")
    np.testing.assert_array_equal(fig["data"][0]["y"], history.errors[rows])
    outputs = outputs_figure(history, "en")
    np.testing.assert_array_equal(outputs["data"][0]["y"], history.outputs[rows, 0])
    weights = weights_figure(history, "zh")
    np.testing.assert_array_equal(weights["data"][4]["y"], history.weights[rows, 4])
    for figure in (fig, outputs, weights):
        go.Figure(figure)


def test_the_replay_redraws_the_network_as_it_was():
    at = open_page("training", timeout=120, preset=small(10))
    at.slider(key=training_state.TRAIN_REPLAY).set_value(1).run()
    replay = json.loads(at.get("plotly_chart")[3].proto.spec)
    text = " ".join(a["text"] for a in replay["layout"]["annotations"])
    assert "w5 = 0.3589" in text  # w5 after one update (the diagram writes w5)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_too_large_rate_set_in_the_sidebar_is_reported(lang):
    # Real input, no injection: targets near the start's outputs and η = 1000 make the error
    # jump above its start and freeze there (sigmoids saturated). The error stays finite.
    at = open_page("training", lang, timeout=120, preset=small(1000))
    at.sidebar.text_input(key="edit.target_o1").input("0.7").run()
    at.sidebar.text_input(key="edit.target_o2").input("0.8").run()
    at.sidebar.text_input(key="edit.eta").input("1000.0").run()
    assert not at.exception
    history = at.session_state[training_state.TRAIN_RESULT.key][1]
    expected = train(Scenario(targets=(0.7, 0.8), eta=1000.0), 1000)
    assert history.errors[-1] == expected.errors[-1] > expected.errors[0]
    assert [w.value for w in at.warning] == [t(
        "training.ended_higher", lang, eta=fmt(1000.0, 4), start=fmt(expected.errors[0], 4),
        end=fmt(expected.errors[-1], 4))]
    curve = json.loads(at.get("plotly_chart")[0].proto.spec)["data"][0]["y"]
    assert all(np.isfinite(curve))


def test_an_overshooting_rate_is_reported_as_oscillating():
    at = open_page("training", timeout=120, preset=small(1000))
    at.sidebar.text_input(key="edit.target_o1").input("0.7").run()
    at.sidebar.text_input(key="edit.target_o2").input("0.8").run()
    at.sidebar.text_input(key="edit.eta").input("200.0").run()
    assert not at.exception and not at.error
    assert len(at.warning) == 1 and "200" in at.warning[0].value
    assert "%" in at.warning[0].value


def test_log_axes_label_whole_decades_only():
    from tutor.figures.theme import log_dtick

    assert log_dtick(np.array([0.3, 3e-5])) == 1
    assert log_dtick(np.array([0.3, 1e-31, np.nan, 0.0])) == 4
    assert log_dtick(np.array([0.0])) == 1


def test_two_sessions_share_one_training_and_neither_can_change_it():
    before = shared.TRAINING.computations
    one = open_page("training", timeout=120, preset=small(321))
    two = open_page("training", "zh", timeout=120, preset=small(321))
    mine = one.session_state[training_state.TRAIN_RESULT.key][1]
    theirs = two.session_state[training_state.TRAIN_RESULT.key][1]
    assert mine is theirs and shared.TRAINING.computations == before + 1
    label = tn("training.final_error", 321, "zh", n="321")
    with pytest.raises(ValueError):  # the first session tries to change the shared run
        mine.errors[-1] = 1.0
    with pytest.raises(ValueError):
        mine.weights[:, 4] = 0.0
    two.run()
    expected = train(Scenario.worked_example(), 321)
    assert {m.label: m.value for m in two.metric}[label] == fmt(float(expected.errors[-1]), 4)
    np.testing.assert_array_equal(theirs.weights, expected.weights)


def test_a_second_session_is_sent_the_charts_the_first_made():
    runs, moments = training_charts.RUNS.computations, training_charts.MOMENTS.computations
    one = open_page("training", timeout=120, preset=small(333))
    two = open_page("training", timeout=120, preset=small(333))
    assert training_charts.RUNS.computations == runs + 1
    assert training_charts.MOMENTS.computations == moments + 1
    specs = [[chart.proto.spec for chart in at.get("plotly_chart")] for at in (one, two)]
    assert len(specs[0]) == 4 and specs[0] == specs[1]
    two.toggle(key=training_state.TRAIN_LOG).set_value(False).run()  # a moment of its own
    assert training_charts.MOMENTS.computations == moments + 2
    assert training_charts.RUNS.computations == runs + 1
    assert json.loads(two.get("plotly_chart")[0].proto.spec)["layout"]["yaxis"].get(
        "type") != "log"
