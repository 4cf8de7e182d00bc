"""The training page's charts, made once per server for every session showing the same run."""

import json

import numpy as np
import pytest

from bpcore import Scenario, fmt, train
from tutor.figures.training import error_figure, outputs_figure, plotted_rows
from tutor.figures.words import describe
from tutor.i18n import t
from tutor.pages import training_charts
from tutor.pages.training_charts import MomentKey, RunKey, moment_charts, run_charts
from tutor.serving.kept import exact_key


@pytest.fixture(scope="module")
def run():
    """A run of 200 updates of the worked example, named by the inputs it was made from."""
    scenario = Scenario.worked_example()
    return (scenario, 200), train(scenario, 200)


def test_a_run_is_named_by_its_inputs_not_by_the_history_object(run):
    inputs, history = run
    other = train(Scenario.worked_example(), 200)  # the same run, made again
    assert other is not history
    assert exact_key(RunKey(inputs, "en", 4, history)) == exact_key(RunKey(inputs, "en", 4, other))
    assert exact_key(MomentKey(inputs, True, 5, "en", 4, history)) != exact_key(
        MomentKey(inputs, True, 6, "en", 4, history))
    assert exact_key(RunKey(inputs, "en", 4, history)) != exact_key(
        RunKey((inputs[0], 201), "en", 4, history))


def test_every_session_asking_for_the_same_charts_gets_the_one_made(run):
    inputs, history = run
    made = training_charts.RUNS.computations
    first = run_charts(inputs, history, "en", 4)
    again = run_charts(inputs, train(Scenario.worked_example(), 200), "en", 4)
    assert again is first and training_charts.RUNS.computations == made + 1
    chinese = run_charts(inputs, history, "zh", 4)
    assert chinese is not first and training_charts.RUNS.computations == made + 2
    assert chinese.outputs.figure["layout"]["title"]["text"] == t("training.outputs_title", "zh")
    moments = training_charts.MOMENTS.computations
    shown = moment_charts(inputs, history, True, 50, "en", 4)
    assert moment_charts(inputs, history, True, 50, "en", 4) is shown
    assert moment_charts(inputs, history, False, 50, "en", 4) is not shown
    assert training_charts.MOMENTS.computations == moments + 2


def test_the_shared_charts_are_bpcores_numbers_with_their_words(run):
    inputs, history = run
    charts = run_charts(inputs, history, "en", 6)
    rows = plotted_rows(len(history.outputs))
    np.testing.assert_array_equal(charts.outputs.figure["data"][0]["y"], history.outputs[rows, 0])
    np.testing.assert_array_equal(charts.weights.figure["data"][4]["y"], history.weights[rows, 4])
    final = charts.final.to_pylist()
    name, value = t("table.name", "en"), t("table.value", "en")
    assert final[0] == {name: "E_total", value: fmt(float(history.errors[-1]), 6)}
    assert {name: "w5", value: fmt(float(history.weights[-1, 4]), 6)} in final
    assert charts.outputs.words == describe(outputs_figure(history, "en"), 6, "en")


def test_a_moment_marks_its_iteration_on_its_scale_and_draws_the_network_then(run):
    inputs, history = run
    log = moment_charts(inputs, history, True, 1, "en", 4)
    assert log.error.figure == error_figure(history, True, 1, "en")
    assert log.error.figure["layout"]["shapes"][0]["x0"] == 1
    assert log.error.figure["layout"]["yaxis"]["type"] == "log"
    assert log.error.table  # the curve as a table, for a reader who cannot see it
    linear = moment_charts(inputs, history, False, 1, "en", 4)
    assert linear.error.figure["layout"]["yaxis"].get("type") != "log"
    text = json.dumps(log.network.figure["layout"]["annotations"])
    assert f"w5 = {fmt(float(history.weights[1, 4]), 4)}" in text  # w5 after one update
