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
from tutor.builder.playbatch import counter_html
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


def live_trainer(at):
    return at.session_state[builder_state.WATCH_LIVE]


def test_batch_steps_one_update_on_and_step_ends_the_epoch_with_the_counter_saying_so():
    at = open_builder(epochs=10)  # 150 training points, batch 32: five batches an epoch
    run = kept_run(at)
    at.button(key="builder_restart_button").click().run()
    at.button(key="builder_batch_button").click().run()
    own = live_trainer(at)
    assert own.position == (0, 1)
    for mine, theirs in zip(own.network.weights, run.network_before(1).weights, strict=True):
        np.testing.assert_array_equal(mine, theirs)  # the run's first update, bit for bit
    row = own.measure()
    counter = t("builder.epoch_batch_of", "en", epoch=0, batch=1, batches=5,
                train=fmt(row[0], 3), test=fmt(row[1], 3))
    assert counter in [m.value for m in at.markdown]
    assert t("builder.live_note", "en") in [c.value for c in at.caption]
    at.button(key="builder_batch_button").click().run()
    at.button(key="builder_step_button").click().run()  # the rest of epoch 1
    assert live_trainer(at).position == (1, 0)
    np.testing.assert_array_equal(live_trainer(at).network.weights[1],
                                  run.network_at(run.frames[1]).weights[1])
    assert kept_run(at) is run and at.session_state[builder_state.WATCH_EPOCH] == 0
    at.button(key="builder_restart_button").click().run()  # back to the recorded run
    assert live_trainer(at) is None
    assert not at.exception


def test_the_slider_goes_back_to_the_recorded_run():
    at = open_builder(epochs=10)
    at.button(key="builder_batch_button").click().run()  # from the last epoch: epoch 10 + 1
    assert live_trainer(at).position == (10, 1)
    at.select_slider(key=builder_state.WATCH_EPOCH).set_value(4).run()
    assert live_trainer(at) is None and not at.exception
    assert not at.session_state[builder_state.WATCH_LIVE_CURVE]


def play_to_the_end(at, runs: int = 20) -> list[list[int]]:
    """Rerun while Play is on with no browser to say what it shows (each run the next batch
    of the player): the epochs of each batch sent."""
    seen = []
    for _ in range(runs):
        if not at.session_state[builder_state.WATCH_PLAYING]:
            return seen
        assert not at.exception
        seen.append([f["at"] for f in played(at)[1]["frames"]])
        at.run()
    raise AssertionError("Play never stopped")


def test_play_on_an_unedited_own_copy_sends_batches_trained_live_exactly_as_the_recorded_run():
    at = open_builder(epochs=10)
    run = kept_run(at)
    at.button(key="builder_restart_button").click().run()
    at.button(key="builder_batch_button").click().run()  # the run's own first update
    at.button(key="builder_play_button").click().run()
    assert at.session_state[builder_state.WATCH_PLAYING] and not at.exception
    assert not play_frames(at)  # no chart of its own per frame: one player, a batch a run
    _, batch = played(at)
    assert [f["at"] for f in batch["frames"]] == list(range(1, 9)) and not batch["last"]
    for frame in batch["frames"]:  # the epoch in progress finished first, then one a frame
        k = frame["at"]
        counter = t("builder.epoch_batch_of", "en", epoch=k, batch=0, batches=5,
                    train=fmt(run.curves.train_loss[k], 3), test=fmt(run.curves.test_loss[k], 3))
        assert frame["counter"] == counter_html(counter)
        net = run.network_at(run.frames[k])
        [links] = [tr for tr in frame["network"]["figure"]["data"]
                   if tr.get("customdata") and len(tr["customdata"][0]) == 3]
        assert links["text"][0].startswith(f"W1[1,1] = {float(net.weights[0][0, 0]):.3f}")
        [mine] = [tr for tr in frame["curves"]["figure"]["data"]
                  if tr["name"] == t("builder.own_test_loss", "en")]
        assert mine["x"][-1] == k and mine["y"][-1] == run.curves.test_loss[k]
        assert frame["plane"]["words"]
    assert live_trainer(at).position == (0, 1)  # the own network: where Play started
    assert play_to_the_end(at) == [list(range(1, 9)), [9, 10]]
    own = live_trainer(at)
    assert own.position == (10, 0) and not at.get("bidi_component")  # paused at the end
    end = run.network_at(run.frames[-1])
    for mine, theirs in zip([*own.network.weights, *own.network.biases],
                            [*end.weights, *end.biases], strict=True):
        assert mine.tobytes() == theirs.tobytes()  # the recorded run's, bit for bit
    curve = at.session_state[builder_state.WATCH_LIVE_CURVE]
    assert [row[0] for row in curve] == [0, 0.2, *range(1, 11)]  # from where it was made
    whole = [curve[0], *curve[2:]]  # the epochs' rows: the recorded curves'
    assert [row[1] for row in whole] == run.curves.train_loss.tolist()
    assert [row[2] for row in whole] == run.curves.test_loss.tolist()


def test_pause_on_the_own_network_stops_on_the_frame_shown_exactly_as_trained_directly():
    at = open_builder(epochs=30)
    run = kept_run(at)
    at.button(key="builder_restart_button").click().run()
    at.button(key="builder_batch_button").click().run()  # the own copy, one update in
    at.button(key="builder_play_button").click().run()
    seq, batch = played(at)[1]["seq"], played(at)[1]
    assert [f["at"] for f in batch["frames"]] == list(range(1, 9))
    report(at, seq, 3)  # the browser shows epoch 3 and asks for the next batch
    at.run()
    assert [f["at"] for f in played(at)[1]["frames"]] == list(range(9, 17))
    report(at, seq + 1, 6, stop=True)  # Pause clicked while epoch 6 was on screen
    at.button(key="builder_play_button").click().run()
    assert not at.session_state[builder_state.WATCH_PLAYING] and not at.exception
    own = live_trainer(at)
    direct = run.trainer()  # the same network trained directly: one update, then to epoch 6
    direct.step_batch()
    for _ in range(6):
        direct.run_epoch()
    assert own.position == direct.position == (6, 0)
    for mine, theirs in zip([*own.network.weights, *own.network.biases],
                            [*direct.network.weights, *direct.network.biases], strict=True):
        assert mine.tobytes() == theirs.tobytes()
    assert [row[0] for row in at.session_state[builder_state.WATCH_LIVE_CURVE]] == [
        0, 0.2, *range(1, 7)]  # what was trained ahead of the frame shown is gone
    counter = t("builder.epoch_batch_of", "en", epoch=6, batch=0, batches=5, train="",
                test="").split(" ·")[0]
    assert any(m.value.startswith(counter) for m in at.markdown)
    at.button(key="builder_step_button").click().run()  # Step: on from epoch 6, exactly
    direct.run_epoch()
    assert live_trainer(at).position == (7, 0)
    for mine, theirs in zip(live_trainer(at).network.weights, direct.network.weights,
                            strict=True):
        assert mine.tobytes() == theirs.tobytes()
    at.button(key="builder_play_button").click().run()  # Play on from 7
    assert [f["at"] for f in played(at)[1]["frames"]] == list(range(8, 16))
    report(at, played(at)[1]["seq"], 9, stop=True)  # Batch clicked while epoch 9 was shown
    at.button(key="builder_batch_button").click().run()
    assert live_trainer(at).position == (9, 1) and not at.exception


def test_an_edited_network_plays_on_from_the_edited_weight_past_the_run_s_end():
    at = open_builder(epochs=10)
    run = kept_run(at)
    at.session_state[builder_state.BUILDER_LINK] = (1, 0, 0)
    at.run()
    link_field(at, (1, 0, 0)).input("3").run()
    expected = run.trainer_at(run.frames[-1])  # what the edited network must do next
    expected.network.weights[1][0, 0] = 3.0
    unedited = run.trainer_at(run.frames[-1])
    at.button(key="builder_play_button").click().run()
    assert at.session_state[builder_state.WATCH_LIVE_UNTIL] == 20  # one run's length more
    batch = played(at)[1]
    assert [f["at"] for f in batch["frames"]] == list(range(11, 19))
    for frame in batch["frames"]:  # each frame: the edited network trained on directly
        row = expected.run_epoch() is not None and expected.measure()
        counter = t("builder.epoch_batch_of", "en", epoch=frame["at"], batch=0, batches=5,
                    train=fmt(row[0], 3), test=fmt(row[1], 3))
        assert frame["counter"] == counter_html(counter)
    unedited.run_epoch()
    report(at, batch["seq"], 12, stop=True)  # Pause while epoch 12 was on screen
    at.button(key="builder_play_button").click().run()
    assert not at.session_state[builder_state.WATCH_PLAYING]
    own = live_trainer(at)
    again = run.trainer_at(run.frames[-1])
    again.network.weights[1][0, 0] = 3.0
    again.run_epoch()
    again.run_epoch()
    assert own.position == (12, 0) and not at.exception
    for mine, theirs in zip(own.network.weights, again.network.weights, strict=True):
        assert mine.tobytes() == theirs.tobytes()
    assert own.network.weights[1].tobytes() != unedited.network.weights[1].tobytes()
    at.button(key="builder_step_button").click().run()  # Step: one epoch more, still live
    assert live_trainer(at).position == (13, 0)
    assert [row[0] for row in at.session_state[builder_state.WATCH_LIVE_CURVE]] == [
        10, 11, 12, 13]


def test_an_edit_while_the_own_network_plays_stops_play_and_keeps_the_last_valid_state():
    at = open_builder(epochs=10)
    run = kept_run(at)
    at.button(key="builder_restart_button").click().run()
    at.button(key="builder_batch_button").click().run()
    at.button(key="builder_play_button").click().run()  # batch 1: epochs 1…8, 1 on screen
    at.session_state[builder_state.BUILDER_FEATURES] = []  # refused: the run is kept
    at.run()
    assert not at.exception and not at.session_state[builder_state.WATCH_PLAYING]
    assert kept_run(at) is run and not at.get("bidi_component")
    assert live_trainer(at).position == (1, 0)  # paused on the frame on screen
    np.testing.assert_array_equal(live_trainer(at).network.weights[0],
                                  run.network_at(run.frames[1]).weights[0])
    at.session_state[builder_state.BUILDER_FEATURES] = ["x1", "x2"]
    at.run()
    at.button(key="builder_play_button").click().run()  # on again, then a valid edit
    assert at.session_state[builder_state.WATCH_PLAYING]
    at.session_state[builder_state.BUILDER_EPOCHS] = 12
    at.run()
    assert not at.exception and not at.session_state[builder_state.WATCH_PLAYING]
    assert kept_run(at).frames[-1].epoch == 12 and live_trainer(at) is None  # the new run


def test_a_batch_of_the_own_network_is_trained_in_the_pool_and_a_busy_pool_pauses_with_the_reason(
        monkeypatch):
    from tutor.builder import liveplay
    from tutor.serving import shared
    from tutor.serving.pool import PoolError

    at = open_builder(epochs=10)
    asked = []

    def pooled(name, fn, arg, key, progress):
        asked.append((name, arg[1:]))
        return fn(arg, progress)

    monkeypatch.setattr(liveplay, "pooled", pooled)
    at.button(key="builder_batch_button").click().run()
    at.button(key="builder_play_button").click().run()
    assert asked == [("builder-live", (1, 8, 20))]  # one epoch a frame, 8 frames, until 20
    assert [f["at"] for f in played(at)[1]["frames"]] == list(range(11, 19))

    class FullPool:
        runs = 0

        def run(self, *args, **kwargs):
            raise PoolError("busy", limit=4)

    monkeypatch.setattr(liveplay, "pooled", shared.pooled)
    monkeypatch.setattr(shared, "POOL", FullPool())
    at.run()
    assert not at.session_state[builder_state.WATCH_PLAYING] and not at.exception
    assert live_trainer(at).position == (11, 0)  # the frame on screen: nothing lost
    assert t("reason.pool.busy", "en", limit=4) in [x.value for x in at.toast]


def test_live_pace_keeps_a_frame_and_a_batch_within_their_budgets(monkeypatch):
    from dataclasses import replace

    from bpcore.builder import Architecture
    from bpcore.recipe import Recipe
    from tutor.builder import liveplay

    small = Recipe(epochs=400).run()
    own = small.trainer_at(small.frames[-1])
    assert liveplay.live_pace(small, own) == (5, 8)  # 400 epochs in 80 frames, about 12 s
    assert 5 * liveplay.epoch_seconds(small) <= liveplay.LIVE_FRAME_SECONDS
    wide = replace(Recipe(), arch=Architecture((64, 64, 64), ("tanh",) * 3), epochs=2,
                   batch=1).run()
    cost = liveplay.epoch_seconds(wide)
    monkeypatch.setattr(liveplay, "LIVE_FRAME_SECONDS", cost / 2)  # as if far larger
    monkeypatch.setattr(liveplay, "LIVE_BATCH_SECONDS", 3.5 * cost)
    assert liveplay.live_pace(wide, wide.trainer_at(wide.frames[-1])) == (1, 3)
    monkeypatch.setattr(liveplay, "LIVE_KEPT_BYTES", 0)  # no room: one frame a batch still
    assert liveplay.live_pace(wide, wide.trainer_at(wide.frames[-1])) == (1, 1)


def link_field(at, link=(0, 1, 2)):
    return at.text_input(key=builder_state.link_field_key(*link))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_clicked_link_s_weight_is_edited_in_its_field_and_bad_input_keeps_it(lang):
    at = open_builder(epochs=10, lang=lang)
    run = kept_run(at)
    at.session_state[builder_state.BUILDER_LINK] = (0, 1, 2)  # what a click on W1[2,3] sets
    at.run()
    label = t("builder.link_weight", lang, name="W1[2,3]")
    assert link_field(at).label == label
    assert link_field(at).value == fmt(float(run.network.weights[0][1, 2]), 3)
    assert live_trainer(at) is None  # looking is not editing
    link_field(at).input("0.5").run()
    own = live_trainer(at)
    assert own.network.weights[0][1, 2] == 0.5 and own.position == (10, 0)
    assert run.network.weights[0][1, 2] != 0.5  # the kept run is untouched
    net = next(f for f in figures(at) if any("customdata" in tr and len(tr["customdata"][0]) == 3
                                             for tr in f["data"]))
    [links] = [tr for tr in net["data"] if tr.get("customdata") and
               len(tr["customdata"][0]) == 3]
    assert [1 for c, text in zip(links["customdata"], links["text"], strict=True)
            if c == [0, 1, 2] and "= 0.500" in text]
    assert t("builder.live_note", lang) in [c.value for c in at.caption]
    for bad in ("abc", "2e6", "nan", ""):
        link_field(at).input(bad).run()
        assert not at.exception
        assert [e.value for e in at.error if label in e.value], bad
        assert live_trainer(at).network.weights[0][1, 2] == 0.5
    link_field(at).input("-1.25").run()
    assert live_trainer(at).network.weights[0][1, 2] == -1.25 and not at.error


def test_an_edited_weight_is_what_the_next_batch_starts_from():
    at = open_builder(epochs=10)
    at.session_state[builder_state.BUILDER_LINK] = (1, 0, 0)
    at.run()
    link_field(at, (1, 0, 0)).input("3").run()
    before = live_trainer(at).network.copy()
    at.button(key="builder_batch_button").click().run()
    after = live_trainer(at).network
    assert before.weights[1][0, 0] == 3.0 and after.weights[1][0, 0] != 3.0
    assert live_trainer(at).position == (10, 1)


def test_a_link_the_network_does_not_have_offers_no_field():
    at = open_builder(epochs=10)
    at.session_state[builder_state.BUILDER_LINK] = (5, 0, 0)
    at.run()
    assert not at.exception
    assert not [x for x in at.text_input if x.key.startswith("builder.link_weight")]


@pytest.mark.parametrize("name", ["momentum", "rmsprop", "adam"])
def test_the_microscope_shows_the_optimiser_s_state_for_the_followed_weight(name):
    from bpcore.optimisers import update_latex
    from tutor.ui.formula import stacked_latex

    at = open_builder(epochs=10)
    at.selectbox(key=builder_state.BUILDER_OPTIMISER).select(name).run()
    at.slider(key=builder_state.MICRO_BATCH).set_value(3).run()
    run = kept_run(at)
    X, T = run.first_epoch_batch(2)
    step = run.trainer_before(2).explain(X, T, 1, 0, 0)
    assert step.t == 3 and (step.first is not None or step.second is not None)
    assert t(f"micro.optimiser.{name}", "en", t=3) in [m.value for m in at.markdown]
    shown = [x.value.removeprefix("$$\n").removesuffix("\n$$") for x in at.latex]
    assert stacked_latex(update_latex(step, "w_{11}^{(1)}", 4)) in shown
    assert step.p_new == run.network_before(3).weights[0][0, 0]
    at.radio(key=builder_state.MICRO_WHEN).set_value("after").run()  # the next update after it
    after = run.trainer_at(run.frames[-1]).explain(X, T, 1, 0, 0)
    assert after.t == 10 * run.batches + 1
    assert t(f"micro.optimiser.{name}", "en", t=after.t) in [m.value for m in at.markdown]


def test_an_own_network_blown_up_by_an_edit_draws_no_non_finite_number():
    import json

    at = open_builder(epochs=10)
    at.selectbox(key=builder_state.BUILDER_OUTPUT).select("linear").run()
    at.selectbox(key=builder_state.BUILDER_LOSS).select("half_sse").run()
    at.session_state[builder_state.BUILDER_LINK] = (2, 0, 0)
    at.run()
    link_field(at, (2, 0, 0)).input("1000000").run()
    for _ in range(4):
        at.button(key="builder_batch_button").click().run()
    assert not at.exception
    assert live_trainer(at).position == (10, 4)
    for spec in figures(at):
        text = json.dumps(spec)
        assert "NaN" not in text and "Infinity" not in text
    at.button(key="builder_play_button").click().run()  # Play on it stops where it breaks
    for _ in range(20):
        if not at.session_state[builder_state.WATCH_PLAYING]:
            break
        at.run()
    assert not at.session_state[builder_state.WATCH_PLAYING] and not at.exception
    for spec in figures(at):
        text = json.dumps(spec)
        assert "NaN" not in text and "Infinity" not in text


def play_frames(at):
    """The charts Play on the own network draws in place (tutor.ui.frames), by key: their
    figure dicts."""
    import json

    return {element.proto.id.rsplit("-", 1)[-1]: json.loads(element.proto.bytes)["figure"]
            for element in at.get("bidi_component")
            if element.proto.component_name == "bptutor_plotly_frame"}


def played(at):
    """The batch of frames Play on the recorded run sent (tutor.ui.player): (its element's
    id, the payload decoded)."""
    from tutor.builder.playbatch import unpacked

    [element] = [e for e in at.get("bidi_component")
                 if e.proto.component_name == "bptutor_frame_player"]
    return element.proto.id, unpacked(element.proto.bytes)


def report(at, seq: int, epoch: int, **more) -> None:
    """What the browser's player says before the next run: it shows ``epoch`` and has batch
    ``seq`` (tutor.ui.player; in a browser, setStateValue)."""
    at.session_state[builder_state.WATCH_PLAYER] = {"shown": {"seq": seq, "at": epoch, **more}}


def test_while_playing_the_recorded_run_one_element_gets_a_batch_of_frames_a_run():
    at = open_builder(epochs=10)
    at.button(key="builder_restart_button").click().run()
    at.button(key="builder_play_button").click().run()
    assert not at.exception and not play_frames(at)  # no chart of its own: the player's
    ident, batch = played(at)
    assert [f["at"] for f in batch["frames"]] == list(range(1, 9)) and not batch["last"]
    assert batch["ms"] == 125 and at.session_state[builder_state.WATCH_EPOCH] == 1
    run = kept_run(at)
    for frame in batch["frames"]:  # each frame its epoch's network
        net = run.network_at(run.frames[frame["at"]])
        [links] = [tr for tr in frame["network"]["figure"]["data"]
                   if tr.get("customdata") and len(tr["customdata"][0]) == 3]
        assert links["text"][0].startswith(f"W1[1,1] = {float(net.weights[0][0, 0]):.3f}")
        assert f"<strong>Epoch {frame['at']}</strong> of 10" in frame["counter"]
        assert frame["network"]["words"] and frame["plane"]["words"]
    assert batch["curves"]["figure"]["layout"]["shapes"][0]["x0"] == 1
    at.run()  # no browser said what it shows: the next batch, the same element
    ident2, batch = played(at)
    assert ident2 == ident and [f["at"] for f in batch["frames"]] == [9, 10] and batch["last"]
    at.run()  # all sent, no browser: the end
    assert not at.session_state[builder_state.WATCH_PLAYING]
    assert at.session_state[builder_state.WATCH_EPOCH] == 10 and not at.get("bidi_component")


def test_pause_stops_on_the_epoch_the_browser_shows_and_step_goes_one_on_from_it():
    at = open_builder(epochs=30)
    ss = at.session_state
    at.button(key="builder_restart_button").click().run()
    at.button(key="builder_play_button").click().run()  # batch 1: epochs 1…8
    report(at, 1, 3)  # the browser shows epoch 3 and asks for the next batch
    at.run()
    assert ss[builder_state.WATCH_EPOCH] == 3
    assert [f["at"] for f in played(at)[1]["frames"]] == list(range(9, 17))
    report(at, 2, 7, stop=True)  # Pause clicked while epoch 7 was on screen
    at.button(key="builder_play_button").click().run()
    assert not ss[builder_state.WATCH_PLAYING] and ss[builder_state.WATCH_EPOCH] == 7
    assert not at.get("bidi_component") and not at.exception
    counter = t("builder.epoch_of", "en", epoch=7, epochs=30, train="", test="").split(" ·")[0]
    assert any(m.value.startswith(counter) for m in at.markdown)
    at.button(key="builder_play_button").click().run()  # Play on from 7
    assert [f["at"] for f in played(at)[1]["frames"]] == list(range(8, 16))
    report(at, 3, 11, stop=True)  # Step clicked while epoch 11 was on screen
    at.button(key="builder_step_button").click().run()
    assert not ss[builder_state.WATCH_PLAYING] and ss[builder_state.WATCH_EPOCH] == 12
    at.button(key="builder_play_button").click().run()  # Play on from 12: epochs 13…20
    report(at, 4, 14, stop=True)  # Batch clicked while epoch 14 was on screen
    at.button(key="builder_batch_button").click().run()
    assert not ss[builder_state.WATCH_PLAYING] and live_trainer(at).position == (14, 1)


@pytest.mark.parametrize("shown", [
    "7", None, [1, 2], {"seq": "1", "at": 3}, {"seq": 1, "at": 3.0}, {"seq": 1, "at": True},
    {"seq": 1, "at": 29}, {"seq": 1, "at": -1}, {"seq": 99, "at": 3}, {"seq": 1, "at": 2**40},
    {"seq": 1}, {"seq": 1, "at": {"a": [1] * 1000}}])
def test_whatever_a_browser_says_it_shows_is_ignored_unless_it_was_sent(shown):
    at = open_builder(epochs=30)
    at.button(key="builder_restart_button").click().run()
    at.button(key="builder_play_button").click().run()  # batch 1: epochs 1…8
    at.session_state[builder_state.WATCH_PLAYER] = {"shown": shown}
    at.button(key="builder_play_button").click().run()  # Pause
    assert not at.exception and at.session_state[builder_state.WATCH_EPOCH] == 1


@pytest.mark.parametrize("whole", [False, True])
def test_a_click_whose_callback_runs_twice_still_steps_once(monkeypatch, whole):
    from types import SimpleNamespace

    from bpcore.recipe import Recipe
    from tutor.builder import liveplay, watch

    run = Recipe(epochs=3).run()
    session = {builder_state.WATCH_EPOCH: 3}
    monkeypatch.setattr(watch, "st", SimpleNamespace(session_state=session))
    monkeypatch.setattr(liveplay, "st", SimpleNamespace(session_state=session))
    for _ in range(2):  # drawn without an own copy: the first run makes it and steps
        watch._step_live(run, None, whole)
    assert session[builder_state.WATCH_LIVE].position == ((4, 0) if whole else (3, 1))
    at = session[builder_state.WATCH_LIVE].position
    for _ in range(2):  # drawn at a position: one step from there
        watch._step_live(run, at, False)
    assert session[builder_state.WATCH_LIVE].position == (at[0], at[1] + 1)


def test_a_run_in_training_is_drawn_at_each_kept_epoch_as_it_goes(monkeypatch):
    from tutor.builder import watch
    from tutor.serving import shared

    seen = []
    draw = watch.preview

    def recording(run, recipe, lang, n, slots):
        seen.append(run)
        draw(run, recipe, lang, n, slots)

    monkeypatch.setattr(watch, "preview", recording)
    monkeypatch.setattr(watch, "PREVIEW_SECONDS", 0.0)  # every kept epoch (else 4 a second)
    shared.BUILDER_RUNS.clear()
    at = open_builder(epochs=7, lang="zh")
    run = kept_run(at)
    assert [r.frames[-1].epoch for r in seen] == list(range(8))
    for k, partial in enumerate(seen):  # the run so far: its network then, its curves so far
        assert partial.network.weights[1].tobytes() == run.frames[k].weights[1].tobytes()
        assert partial.curves.test_loss.tolist() == run.curves.test_loss[:k + 1].tolist()
    assert not at.exception and not at.get("bidi_component")  # gone once it is trained


def test_two_sessions_playing_the_same_run_share_each_frame_made_once():
    from tutor.builder import playframes

    epochs = 23  # a recipe no other test plays
    one, two = open_builder(epochs=epochs), open_builder(epochs=epochs)
    for at in (one, two):
        at.button(key="builder_restart_button").click().run()
    before = playframes.FRAMES.computations
    one.button(key="builder_play_button").click().run()  # Play: epoch 0 → the first batch
    made = playframes.FRAMES.computations - before
    assert made == len(played(one)[1]["frames"]) == 8 and not one.exception
    two.button(key="builder_play_button").click().run()  # the same frames: sent, not made
    assert playframes.FRAMES.computations - before == made and not two.exception
    assert played(one)[1] == played(two)[1]
    epoch = one.session_state[builder_state.WATCH_EPOCH]
    assert played(one)[1]["curves"]["figure"]["layout"]["shapes"][0]["x0"] == epoch


def test_a_shared_frame_is_the_frame_a_fresh_recompute_draws():
    import json

    from tutor.builder import playframes
    from tutor.ui.frames import as_streamlit_titles, prepared

    at = open_builder(epochs=12)
    run = kept_run(at)
    recipe = at.session_state[builder_state.BUILDER_RESULT.key][0]
    frame = playframes.shared_frame(recipe, 6, "zh", 4, True, False, (1, 2))
    network = run.network_at(run.frames[6])
    fresh = (playframes.network_spec(run, network, "zh"),
             playframes.plane_spec(run, recipe, network, "zh", (1, 2), True, False),
             playframes.curves_spec(run, "zh", 6))
    for drawn, spec in zip((frame.network, frame.plane, frame.curves), fresh, strict=True):
        assert drawn == prepared(spec, 4, "zh")  # the same bytes, words and scale
        assert json.loads(drawn.payload)["figure"] == json.loads(json.dumps(
            as_streamlit_titles(spec)))
    assert playframes.shared_frame(recipe, 6, "zh", 4, True, False, (1, 2)) is frame


def test_sessions_paused_on_the_same_epoch_share_its_charts_made_once_as_a_fresh_draw_makes_them():
    import html
    import json

    import plotly.io as pio

    from tutor.builder import playframes
    from tutor.builder.controls import toy_plane_figure
    from tutor.figures.words import describe
    from tutor.ui.a11y import SR_CLASS
    from tutor.ui.plot import PrebuiltFigure

    epochs = 29  # a recipe no other test opens
    before = playframes.STILLS.computations
    one = open_builder(epochs=epochs, lang="zh")
    assert playframes.STILLS.computations == before + 1
    two = open_builder(epochs=epochs, lang="zh")
    assert playframes.STILLS.computations == before + 1  # sent to the second, not made again
    assert figures(one) == figures(two) and not one.exception and not two.exception
    run = kept_run(one)
    epoch = one.session_state[builder_state.WATCH_EPOCH]
    assert epoch == run.frames[-1].epoch  # a new run opens on its last kept epoch
    fresh = [playframes.network_spec(run, run.network, "zh"),
             toy_plane_figure(run, run.network, "zh", playframes.WATCH_PX,
                              playframes.STILL_GRID, None, False, True),
             playframes.curves_spec(run, "zh", epoch)]
    shown = figures(one)
    for spec in fresh:  # each chart as drawn afresh, and its words for a screen reader
        assert json.loads(pio.to_json(PrebuiltFigure(spec), validate=False)) in shown
        words = f'<div class="{SR_CLASS}">{html.escape(describe(spec, 4, "zh"))}</div>'
        assert words in [h.proto.body for h in one.get("html")]
