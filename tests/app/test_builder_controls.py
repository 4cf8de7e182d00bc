"""The builder's Playground controls under AppTest: features, optimiser, penalty, regression,
and Play / Pause / Step over the run's kept epochs. A bad value never changes the run."""

import numpy as np
import pytest

from bpcore import fmt
from bpcore.builder import neuron_grids
from bpcore.optimisers import OptimiserSpec
from bpcore.regularisation import Regularisation
from tests.app.apptest import field, figures, open_page
from tutor.builder import state as builder_state
from tutor.i18n import t


def open_builder(epochs: int = 40, lang: str = "en"):
    return open_page("builder", lang, preset={builder_state.BUILDER_EPOCHS: epochs})


def kept_run(at):
    return at.session_state[builder_state.BUILDER_RESULT.key][1]


def test_features_optimiser_and_penalty_reach_the_trained_run():
    at = open_builder()
    at.session_state[builder_state.BUILDER_FEATURES] = ["x1x2", "x1", "x2"]
    at.run()
    at.selectbox(key=builder_state.BUILDER_OPTIMISER).select("adam").run()
    field(at, builder_state.BUILDER_BETA1).input("0.8").run()
    at.selectbox(key=builder_state.BUILDER_REGULARISATION).select("l2").run()
    field(at, builder_state.BUILDER_REG_RATE).input("0.01").run()
    assert not at.exception and not at.error
    run = kept_run(at)
    assert run.features == ("x1", "x2", "x1x2") and run.network.sizes == (3, 8, 8, 2)
    assert run.optimiser == OptimiserSpec("adam", 0.8, 0.999)
    assert run.regularisation == Regularisation("l2", 0.01)


def test_a_bad_rate_is_refused_beside_its_field_and_the_last_valid_one_kept():
    at = open_builder()
    at.selectbox(key=builder_state.BUILDER_REGULARISATION).select("l1").run()
    field(at, builder_state.BUILDER_REG_RATE).input("0.003").run()
    before = kept_run(at)
    for bad in ("abc", "20", "-1", "nan"):
        field(at, builder_state.BUILDER_REG_RATE).input(bad).run()
        assert not at.exception
        assert any(t("builder.reg_rate", "en") in e.value for e in at.error), bad
        assert kept_run(at) is before
        assert at.session_state[builder_state.BUILDER_REG_RATE] == 0.003
    with pytest.raises(KeyError):  # SGD has no β: no field to type one in
        field(at, builder_state.BUILDER_BETA1)


def test_no_feature_at_all_is_refused_beside_the_features_and_the_run_kept():
    at = open_builder()
    before = kept_run(at)
    at.session_state[builder_state.BUILDER_FEATURES] = []
    at.run()
    assert not at.exception
    assert [e.value for e in at.error] == [t("builder.reason.features", "en")]
    assert kept_run(at) is before
    assert any(c.value == t("builder.kept", "en") for c in at.caption)


def test_a_regression_set_trains_one_linear_output_and_shows_no_accuracy():
    at = open_builder(lang="zh")
    at.radio(key=builder_state.BUILDER_PROBLEM).set_value("regression").run()
    at.selectbox(key=builder_state.BUILDER_SURFACE).select("gaussians").run()
    assert not at.exception and not at.error
    run = kept_run(at)
    assert run.regression and run.network.sizes == (2, 8, 8, 1)
    assert run.network.activations[-1] == "linear" and run.network.loss == "half_sse"
    labels = [m.label for m in at.metric]
    assert t("builder.test_loss", "zh") in labels and t("builder.test_acc", "zh") not in labels
    assert any(c.value == t("builder.regression_output", "zh") for c in at.caption)
    # back to classes: the data set chosen for them is still there
    at.radio(key=builder_state.BUILDER_PROBLEM).set_value("classes").run()
    assert not kept_run(at).regression


def test_play_step_and_epoch_0_move_over_the_kept_epochs():
    at = open_builder(epochs=30)
    ss = at.session_state
    assert ss[builder_state.WATCH_EPOCH] == 30 and not ss[builder_state.WATCH_PLAYING]
    at.button(key="builder_restart_button").click().run()
    assert ss[builder_state.WATCH_EPOCH] == 0
    at.button(key="builder_step_button").click().run()
    at.button(key="builder_step_button").click().run()
    assert ss[builder_state.WATCH_EPOCH] == 2
    counter = t("builder.epoch_of", "en", epoch=2, epochs=30, train="", test="").split(" ·")[0]
    assert any(m.value.startswith(counter) for m in at.markdown)
    at.select_slider(key=builder_state.WATCH_EPOCH).set_value(30).run()
    at.button(key="builder_play_button").click().run()  # Play at the end starts over
    assert ss[builder_state.WATCH_PLAYING] and ss[builder_state.WATCH_EPOCH] <= 30
    assert not at.exception
    at.button(key="builder_play_button").click().run()  # Pause
    assert not ss[builder_state.WATCH_PLAYING]


def test_a_new_recipe_opens_on_its_trained_network_paused():
    at = open_builder(epochs=30)
    at.button(key="builder_restart_button").click().run()
    field(at, builder_state.BUILDER_EPOCHS).input("20").run()
    assert at.session_state[builder_state.WATCH_EPOCH] == 20


def test_the_microscope_shows_the_penalty_s_term_in_the_update_gradient():
    at = open_builder()
    at.selectbox(key=builder_state.BUILDER_REGULARISATION).select("l2").run()
    field(at, builder_state.BUILDER_REG_RATE).input("0.5").run()
    run = kept_run(at)
    assert any(m.value == t("micro.penalty.l2", "en") for m in at.markdown)
    [latex] = [x.value for x in at.latex if r"\lambda R" in x.value]
    # the followed weight (layer 1, from 1 to 1) before the first batch: w at the start
    w = float(run.start.weights[0][0, 0])
    assert rf"0.5\cdot ({fmt(w, 4)})" in latex
    assert latex.rstrip("$\n").endswith(f"= {fmt(microscope_total(run, w), 4)}")


def microscope_total(run, w):
    from bpcore.microscope import microscope
    X, T = run.first_epoch_batch(0)
    return microscope(run.network_before(0), X, T, 1, 0, 0).batch_gradient + 0.5 * w


def test_a_unit_chosen_in_the_network_picture_is_the_output_plot_s_background():
    at = open_builder(epochs=10)
    at.session_state[builder_state.BUILDER_FOCUS] = (1, 2)  # hidden layer 1, unit 3
    at.run()
    run = kept_run(at)
    [plane] = [f for f in figures(at) if f["layout"].get("title", {}).get("text")
               == t("builder.focus_title", "en", layer=1, k=3)]
    net = run.network_at(run.frames[-1])
    expected = neuron_grids(net, run.X_train, run.features, 90)[1][2]
    np.testing.assert_allclose(plane["data"][0]["z"], np.round(0.6 * np.clip(expected, -1, 1),
                                                               3))
    at.session_state[builder_state.BUILDER_FOCUS] = (9, 0)  # no such column: the network's
    at.run()
    assert not at.exception
    assert any(f["layout"].get("title", {}).get("text") == t("builder.output_title", "en")
               for f in figures(at))
