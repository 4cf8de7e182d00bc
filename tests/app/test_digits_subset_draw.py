"""The digits page's bundled MNIST subset, its best epoch, a drawn digit and the code panel."""

import base64
import io

import numpy as np
import plotly.graph_objects as go
import pytest
from PIL import Image

from bpcore.reports import best_epoch
from tests.app.apptest import figures, open_page, with_panels_open
from tests.bpcore.test_drawing import STROKES, canvas
from tutor.digits import state as digits_state
from tutor.i18n import LANGUAGES, t
from tutor.lesson.state import code_open_key


def subset_page(lang):
    at = open_page("digits", lang, timeout=120, preset={digits_state.DIGITS_SOURCE: "subset"})
    assert not at.exception
    return at


def titles(at):
    return [f["layout"]["title"]["text"] for f in figures(at)]


def draw(at, data):
    """What the drawing component sends: its drawing, as a PNG data URL (or garbage)."""
    at.session_state[digits_state.DRAW_CANVAS] = {"drawing": {"raw": {"objects": []}, "data": data}}
    return at.run()


def png_url(pixels: np.ndarray) -> str:
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, "PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_bundled_subset_trains_seed_004s_recipe_and_marks_the_best_epoch(lang):
    at = subset_page(lang)
    run = digits_state.SUBSET_RESULT.get(at.session_state).result
    epoch, accuracy = best_epoch(run.curves)
    assert len(run.curves.test_accuracy) == 21 and len(run.y_test) == 1000
    assert run.network.sizes == (784, 128, 10)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics[t("subset.best_metric", lang, epoch=epoch)] == f"{100 * accuracy:.1f} %"
    assert accuracy >= 0.91  # measured 92.5 % for seed 0
    assert t("subset.expect", lang) in [i.value for i in at.info]
    assert t("subset.about", lang) in [c.value for c in at.caption]
    spec = figures(at)[0]
    assert spec["layout"]["title"]["text"] == t("subset.accuracy_title", lang)
    star = spec["data"][2]
    assert (star["x"], star["y"]) == ([epoch], [accuracy])
    assert spec["data"][1]["y"] == run.curves.test_accuracy.tolist()
    labels = [a["text"] for a in spec["layout"]["annotations"]]
    assert labels[0] == t("subset.best_label", lang, epoch=epoch, accuracy=f"{100 * accuracy:.1f}")
    for spec in figures(at):
        go.Figure(spec)
    # the result of the 8×8 digits' page is not this one
    assert t("digits.test_accuracy", lang, n=1000) in metrics


def test_a_last_epoch_below_the_best_is_labelled_too():
    at = open_page("digits", "en", timeout=120, preset={
        # measured: best 92.7, last 86.5
        digits_state.DIGITS_SOURCE: "subset", digits_state.SUBSET_SEED: 18})
    run = digits_state.SUBSET_RESULT.get(at.session_state).result
    epoch, accuracy = best_epoch(run.curves)
    assert epoch < 20 and run.curves.test_accuracy[-1] < accuracy - 0.03
    labels = [a["text"] for a in figures(at)[0]["layout"]["annotations"]]
    assert labels[1] == t("subset.last_label", "en", epoch=20,
                          accuracy=f"{100 * run.curves.test_accuracy[-1]:.1f}")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_drawn_digit_goes_through_the_trained_network(lang):
    at = subset_page(lang)
    assert t("reason.drawing.empty", lang) in [c.value for c in at.caption]
    before = len(figures(at))
    draw(at, png_url(canvas(STROKES[7])))
    assert not at.exception and not at.warning
    new = figures(at)[before:]
    assert [f["layout"]["title"]["text"] for f in new][0] == t("draw.seen", lang, rows=28,
                                                                cols=28)
    seen = np.array(new[0]["data"][0]["z"][0][:28], dtype=float)  # first image row
    assert seen.shape == (28,)
    hidden = new[1]["data"][0]["z"]
    assert len(hidden) == 8 and len(hidden[0]) == 16  # 128 units, 16 to a row
    outputs = new[2]
    probabilities, delta = np.array(outputs["data"][0]["y"]), np.array(outputs["data"][1]["y"])
    assert int(np.argmax(probabilities)) == 7
    np.testing.assert_allclose(delta, probabilities - np.eye(10)[7], atol=1e-6)  # the guess
    verdict = t("draw.verdict", lang, digit=7, p=f"{100 * probabilities[7]:.1f}", target=7,
                chosen=t("draw.guessed", lang))
    assert verdict in [m.value for m in at.markdown]
    # the learner picks the digit they meant: δ against it
    at.session_state[digits_state.DRAW_LABEL] = 1
    at.run()
    outputs = figures(at)[-1]
    assert outputs["layout"]["title"]["text"] == t("digits.outputs_title", lang, label=1)
    probabilities, delta = np.array(outputs["data"][0]["y"]), np.array(outputs["data"][1]["y"])
    np.testing.assert_allclose(delta, probabilities - np.eye(10)[1], atol=1e-6)
    assert delta[1] < 0 and delta[7] > 0
    for spec in figures(at):
        go.Figure(spec)


@pytest.mark.parametrize("garbage", [
    "data:image/png;base64,AAAA",                 # not a PNG
    "not a data url",                             # no base64 part
    12345,                                        # not even text
    "data:image/png;base64,!!!",                  # not base64
])
def test_garbage_from_the_canvas_is_a_plain_message(garbage):
    at = subset_page("zh")
    before = len(figures(at))
    draw(at, garbage)
    assert not at.exception
    assert [w.value for w in at.warning] == [t("reason.drawing.not_an_image", "zh")]
    assert len(figures(at)) == before  # nothing drawn from it
    draw(at, png_url(canvas(STROKES[0])))  # a good drawing after it works
    assert not at.exception and not at.warning and len(figures(at)) == before + 3


def test_a_cleared_canvas_asks_for_a_digit():
    at = subset_page("en")
    draw(at, png_url(canvas([])))
    assert not at.exception and not at.warning
    assert t("reason.drawing.empty", "en") in [c.value for c in at.caption]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_8x8_network_reads_a_drawn_digit_too(lang):
    at = open_page("digits", lang, timeout=120)
    draw(at, png_url(canvas(STROKES[0])))
    assert not at.exception
    assert t("draw.seen", lang, rows=8, cols=8) in titles(at)
    outputs = figures(at)[-1]
    assert int(np.argmax(outputs["data"][0]["y"])) == 0
    assert len(figures(at)[-2]["data"][0]["z"]) == 2  # 32 hidden units: two rows of 16


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_code_panel_shows_seed_004s_step_with_the_runs_shapes(lang):
    at = subset_page(lang)
    assert not at.code  # closed: nothing drawn
    code = "\n".join(c.value for c in with_panels_open(at, code_open_key("digits-subset")).code)
    for line in ("dz2 = output - Y", "dW2 = a1.T @ dz2 / m", "dz1 = dz2 @ W2.T * (a1 > 0)",
                 "# (784, 128)", "(64, 128)"):
        assert line in code
    assert t("digits.code_about", lang, m=64, h=128, n=784) in [c.value for c in at.caption]
    labels = [b.label for b in at.get("download_button")]
    assert t("digits.code_notebook", lang) in labels and t("digits.code_script", lang) in labels
