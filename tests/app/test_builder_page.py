"""The network-builder page under AppTest: training, rejected choices, divergence, microscope."""

import json

import numpy as np
import plotly.graph_objects as go
import pytest
from streamlit.testing.v1 import AppTest

from bpcore import fmt
from bpcore.bughunt import averaged_hunt
from bpcore.builder import MAX_SECONDS
from bpcore.cost import estimated_seconds
from bpcore.microscope import microscope
from bpcore.optimisers import update_latex
from bpcore.recipe import Recipe
from tests.app.apptest import field, figures, open_page
from tutor.builder import state as builder_state
from tutor.i18n import LANGUAGES, t
from tutor.modes.bughunt import line_latex
from tutor.serving import shared
from tutor.stepping import state as stepping_state
from tutor.stepping.editor import widget_key
from tutor.ui.formula import aligned_latex, stacked_latex


def open_builder(lang: str = "en", epochs: int | None = None) -> AppTest:
    """The builder; ``epochs`` presets a shorter run where a test checks no learning."""
    return open_page("builder", lang, preset=None if epochs is None
                     else {builder_state.BUILDER_EPOCHS: epochs})


def title(spec: dict) -> str | None:
    """A figure's title (the network picture has none: its columns are titled)."""
    return spec["layout"].get("title", {}).get("text")


def metric(at: AppTest, key: str, lang: str = "en", **params) -> str:
    label = t(key, lang, **params)
    return next(m.value for m in at.metric if m.label == label)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_default_network_learns_the_moons_and_every_figure_is_valid(lang):
    at = open_builder(lang)
    run = Recipe().run()
    assert metric(at, "builder.test_acc", lang) == f"{100 * run.curves.test_accuracy[-1]:.1f} %"
    assert float(metric(at, "builder.test_acc", lang).rstrip(" %")) >= 90
    assert metric(at, "builder.train_loss", lang) == fmt(run.curves.train_loss[-1], 4)
    specs = figures(at)
    titles = [title(s) for s in specs]
    assert t("builder.output_title", lang) in titles
    assert t("builder.norms_title", lang) in titles
    norms = next(s for s in specs
                 if title(s) == t("builder.norms_title", lang))
    assert len(norms["data"]) == 3 and len(norms["data"][0]["y"]) == Recipe().epochs
    for spec in specs:
        go.Figure(spec)
    assert any("2-8-8-2" in c.value for c in at.caption)


def test_changing_the_layers_retrains_with_the_new_stack():
    at = open_builder(epochs=50)
    field(at, builder_state.BUILDER_LAYERS).input("3").run()
    field(at, builder_state.builder_layer_key(2, "width")).input("5").run()
    at.selectbox(key=builder_state.builder_layer_key(2, "activation")).select("relu").run()
    assert not at.exception
    assert any("2-8-8-5-2" in c.value for c in at.caption)
    _, run = at.session_state[builder_state.BUILDER_RESULT.key]
    assert run.network.activations == ("tanh", "tanh", "relu", "softmax")


def test_blobs_draw_three_classes():
    at = open_builder(epochs=50)
    at.selectbox(key=builder_state.BUILDER_DATASET).select("blobs").run()
    boundary = next(f for f in figures(at) if title(f) == t("builder.output_title", "en"))
    # class + its confidence share: each point of the plane in [c, c + 1)
    assert set(np.floor(np.array(boundary["data"][0]["z"])).ravel()) == {0, 1, 2}
    assert sum(1 for tr in boundary["data"] if tr.get("showlegend")) == 3


@pytest.mark.parametrize("lang", LANGUAGES)
def test_cross_entropy_on_a_linear_output_is_explained_and_the_last_run_kept(lang):
    at = open_builder(lang, epochs=50)
    before = at.session_state[builder_state.BUILDER_RESULT.key]
    at.selectbox(key=builder_state.BUILDER_OUTPUT).select("linear").run()
    assert not at.exception
    message = t("builder.reason.pairing.cross_entropy", lang, output="linear")
    assert [e.value for e in at.error] == [message]
    assert any(c.value == t("builder.kept", lang) for c in at.caption)
    assert at.session_state[builder_state.BUILDER_RESULT.key] is before
    at.selectbox(key=builder_state.BUILDER_LOSS).select("half_sse").run()  # a valid pair again
    assert not at.error and at.session_state[builder_state.BUILDER_RESULT.key] is not before


def test_a_run_too_slow_for_a_live_page_is_refused_beside_the_epochs():
    at = open_builder()
    # 1000 epochs of batch 32 take about half a second: allowed; of batch 1 about 11 s: not
    field(at, builder_state.BUILDER_EPOCHS).input("1000").run()
    field(at, builder_state.BUILDER_BATCH).input("1").run()
    assert not at.exception
    seconds = estimated_seconds(1000 * 150, 3, 1000 * 200 * 114)  # 150 + 50 points, 114 weights
    assert seconds > MAX_SECONDS
    assert [e.value for e in at.error] == [t("builder.reason.slow", "en", seconds=seconds,
                                             limit=MAX_SECONDS, updates=150_000)]
    # the last valid run stays: batch 32
    kept = at.session_state[builder_state.BUILDER_RESULT.key][0]
    assert (kept.batch, kept.epochs) == (Recipe().batch, 1000)


def test_divergence_is_reported_and_nothing_non_finite_is_drawn():
    at = open_builder(epochs=50)
    at.selectbox(key=builder_state.BUILDER_OUTPUT).select("linear").run()
    at.selectbox(key=builder_state.BUILDER_LOSS).select("half_sse").run()
    field(at, builder_state.BUILDER_ETA).input("10.0").run()
    assert not at.exception
    _, run = at.session_state[builder_state.BUILDER_RESULT.key]
    assert run.curves.diverged_at is not None
    assert [e.value for e in at.error] == [t("builder.diverged", "en",
                                             epoch=run.curves.diverged_at)]
    for spec in figures(at):
        text = json.dumps(spec)
        assert "NaN" not in text and "Infinity" not in text
        assert title(spec) != t("builder.output_title", "en")
    # the microscope offers only the network before training
    assert at.radio(key=builder_state.MICRO_WHEN).options == [t("micro.before", "en")]


def test_the_microscope_shows_bpcores_numbers_for_the_chosen_weight():
    at = open_builder()
    at.selectbox(key=builder_state.MICRO_LAYER).select(1).run()
    at.selectbox(key=builder_state.micro_unit_key("from", 1, 2)).select(2).run()
    at.selectbox(key=builder_state.micro_unit_key("to", 1, 8)).select(5).run()
    at.slider(key=builder_state.MICRO_BATCH).set_value(3).run()
    assert not at.exception
    _, run = at.session_state[builder_state.BUILDER_RESULT.key]
    X, T = run.first_epoch_batch(2)
    m = microscope(run.network_before(2), X, T, 1, 1, 4)  # as the third update found it
    assert metric(at, "micro.mean", b=32) == fmt(m.mean, 4)
    assert metric(at, "micro.batch_gradient") == fmt(m.batch_gradient, 4)
    assert metric(at, "micro.numeric") == fmt(m.numeric, 4)
    assert metric(at, "micro.twice") == fmt(m.averaged_twice, 4)
    assert any(c.value == t("micro.twice_help", "en", factor="1,024", b=32) for c in at.caption)
    bars = next(s for s in figures(at) if s["data"][0]["type"] == "bar")
    np.testing.assert_allclose(bars["data"][0]["y"], m.per_sample)
    assert bars["layout"]["shapes"][0]["y0"] == pytest.approx(m.mean)
    shown = [x.value.removeprefix("$$\n").removesuffix("\n$$") for x in at.latex]
    # SGD's step of the weight, the layers' backward, then the bug hunt below them
    # (tests/app/test_bughunt.py)
    step = run.trainer_before(2).explain(X, T, 1, 1, 4)
    assert step.p_new == run.network_before(3).weights[0][1, 4]
    hunt = averaged_hunt(run.network_before(2), X, T, 1, 1, 4)
    assert shown == [stacked_latex(update_latex(step, "w_{25}^{(1)}", 4))] + [
        aligned_latex(lb.formulas) for lb in m.layers] + [
        line_latex(line, 4) for line in hunt.shown]
    assert all(f.replace(" = ", " &= ", 1) in shown[k + 1] for k, lb in enumerate(m.layers)
               for f in lb.formulas)
    at.radio(key=builder_state.MICRO_WHEN).set_value("after").run()
    after = microscope(run.network, X, T, 1, 1, 4)
    assert metric(at, "micro.mean", b=32) == fmt(after.mean, 4)


def test_the_output_layer_says_the_mistake_does_not_show_there():
    at = open_builder("zh")
    at.selectbox(key=builder_state.MICRO_LAYER).select(3).run()
    assert not at.exception
    assert any(c.value == t("micro.twice_same", "zh") for c in at.caption)


def test_a_shrinking_stack_never_leaves_a_stale_weight_choice():
    at = open_builder(epochs=50)
    at.selectbox(key=builder_state.MICRO_LAYER).select(3).run()
    field(at, builder_state.BUILDER_LAYERS).input("0").run()
    assert not at.exception
    assert any("2-2" in c.value for c in at.caption)


def test_the_builders_settings_survive_a_visit_to_another_page():
    at = open_builder(epochs=50)
    at.selectbox(key=builder_state.BUILDER_DATASET).select("spiral").run()
    field(at, builder_state.BUILDER_LAYERS).input("3").run()
    field(at, builder_state.builder_layer_key(2, "width")).input("12").run()
    at.switch_page("app_pages/forward.py").run()
    at.switch_page("app_pages/builder.py").run()
    assert not at.exception
    assert at.selectbox(key=builder_state.BUILDER_DATASET).value == "spiral"
    assert float(field(at, builder_state.builder_layer_key(2, "width")).value) == 12
    recipe, run = at.session_state[builder_state.BUILDER_RESULT.key]
    assert recipe.arch.hidden == (8, 8, 12) and run.network.sizes == (2, 8, 8, 12, 2)


def test_a_new_layer_starts_as_eight_tanh_units():
    at = open_builder(epochs=50)
    field(at, builder_state.BUILDER_LAYERS).input("4").run()
    assert float(field(at, builder_state.builder_layer_key(3, "width")).value) == 8
    assert at.selectbox(key=builder_state.builder_layer_key(3, "activation")).value == "tanh"
    assert not [w for w in at.get("alert") if "widget" in str(w.value).lower()]


def test_the_worked_examples_editor_stays_off_the_builder_and_keeps_its_edits():
    at = open_page("forward")
    at.sidebar.text_input(key=widget_key("w1")).input("0.9").run()
    at.switch_page("app_pages/builder.py").run()
    assert not at.exception
    assert not [n for n in at.sidebar.text_input if n.key == widget_key("w1")]
    at.switch_page("app_pages/forward.py").run()
    assert float(at.sidebar.text_input(key=widget_key("w1")).value) == 0.9
    assert at.session_state[stepping_state.SCENARIO].get("w1") == 0.9


def test_a_single_batch_needs_no_batch_slider():
    at = open_builder("zh", epochs=50)
    field(at, builder_state.BUILDER_BATCH).input("1000").run()
    assert not at.exception
    assert not [s for s in at.slider if s.key == builder_state.MICRO_BATCH]
    assert t("micro.one_batch", "zh") in [c.value for c in at.caption]


def test_two_sessions_with_the_same_recipe_share_one_run():
    preset = {builder_state.BUILDER_EPOCHS: 37}
    before = shared.BUILDER_RUNS.computations
    one, two = open_page("builder", preset=preset), open_page("builder", "zh", preset=preset)
    (recipe, run), (_, other) = (one.session_state[builder_state.BUILDER_RESULT.key],
                                 two.session_state[builder_state.BUILDER_RESULT.key])
    assert recipe == Recipe(epochs=37) and run is other
    assert shared.BUILDER_RUNS.computations == before + 1
    with pytest.raises(ValueError):
        run.network.weights[0][0, 0] = 5.0
    assert metric(two, "builder.test_acc", "zh") == (
        f"{100 * Recipe(epochs=37).run().curves.test_accuracy[-1]:.1f} %")
