"""The landscape page under AppTest: contour and path from bpcore, the 1-D step, both languages."""

import json

import numpy as np
import plotly.graph_objects as go
import pytest

from bpcore import Scenario, fmt
from bpcore.landscape import STEP_SHARE, descent_path, error_grid, error_slice, fit_span
from tests.app.apptest import figures, open_page
from tutor.figures.landscape import contour_figure, slice_figure
from tutor.i18n import LANGUAGES, t, tn
from tutor.pages import landscape as landscape_state


@pytest.mark.parametrize("lang", LANGUAGES)
def test_page_runs_and_the_path_is_bpcores(lang):
    at = open_page("landscape", lang)
    assert not at.exception
    contour = json.loads(at.get("plotly_chart")[0].proto.spec)
    path = descent_path(Scenario.worked_example(), "w5", "w6", 200)
    np.testing.assert_allclose(contour["data"][1]["x"], path.p[:21])
    np.testing.assert_allclose(contour["data"][1]["y"], path.q[:21])
    assert tn("landscape.progress", 20, lang, step=20, start=fmt(float(path.errors[0]), 4),
             now=fmt(float(path.errors[20]), 4)) in [c.value for c in at.caption]


def test_the_same_weight_twice_is_explained_not_drawn():
    at = open_page("landscape")
    at.selectbox(key=landscape_state.LAND_Q).set_value("w5").run()
    assert not at.exception
    assert [e.value for e in at.error] == [t("landscape.same", "en")]


def test_the_one_weight_step_text_uses_the_trace():
    at = open_page("landscape", "zh")
    cut = error_slice(Scenario.worked_example(), "w5", 4.0)
    assert at.info[0].value == t("landscape.step_text", "zh", name="w5", w0="0.4000",
                                 slope=fmt(cut.slope, 4), eta="0.5000", w1=fmt(cut.w1, 4),
                                 e0=fmt(cut.e0, 4), e1=fmt(cut.e1, 4))


def test_figures_are_valid_plotly():
    s = Scenario.worked_example()
    path = descent_path(s, "w1", "w8", 10)
    go.Figure(contour_figure(error_grid(s, "w1", "w8", (-1, 1), (0, 1), n=10), path, 10, "zh"))
    go.Figure(slice_figure(error_slice(s, "w3", 1.0), "en"))


def test_the_slice_labels_the_update_step_with_its_numbers():
    cut = error_slice(Scenario.worked_example(), "w5", 4.0)
    fig = slice_figure(cut, "zh", 4)
    assert fig["layout"]["annotations"][0]["text"] == "w5: 0.4000 → 0.3589"
    assert fig["data"][2]["x"] == [cut.w0, cut.w1] and fig["data"][2]["y"] == [cut.e0, cut.e1]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_default_slice_is_zoomed_so_the_step_fills_a_quarter_of_it(lang):
    at = open_page("landscape", lang)
    assert not at.exception and at.toggle(key=landscape_state.LAND_FIT).value is True
    s = Scenario.worked_example()
    cut = error_slice(s, "w5", fit_span(s, "w5"))
    curve, _, step = figures(at)[1]["data"]
    np.testing.assert_allclose(curve["x"], cut.values)
    np.testing.assert_allclose(step["x"], [cut.w0, cut.w1])  # 0.4000 → 0.3589
    share = abs(step["x"][1] - step["x"][0]) / (curve["x"][-1] - curve["x"][0])
    assert share == pytest.approx(STEP_SHARE)
    assert t("landscape.fit_on", lang, w0="0.4000", half=fmt(fit_span(s, "w5"), 4)) in [
        c.value for c in at.caption]


def test_without_the_zoom_the_slice_spans_the_range_set_above():
    at = open_page("landscape")
    at.toggle(key=landscape_state.LAND_FIT).set_value(False).run()
    curve, _, step = figures(at)[1]["data"]
    np.testing.assert_allclose([curve["x"][0], curve["x"][-1]], [0.4 - 4.0, 0.4 + 4.0])
    share = abs(step["x"][1] - step["x"][0]) / (curve["x"][-1] - curve["x"][0])
    assert share < 0.01  # what the zoom is for: at ±4 the step is half a percent of the width
    assert t("landscape.fit_off", "en", w0="0.4000", half="4.0000") in [
        c.value for c in at.caption]


def test_the_slice_labels_the_step_and_the_slope_with_their_numbers():
    s = Scenario.worked_example()
    cut = error_slice(s, "w5", fit_span(s, "w5"))
    fig = slice_figure(cut, "en", 4)
    texts = [a["text"] for a in fig["layout"]["annotations"]]
    assert texts == ["w5: 0.4000 → 0.3589", f"−η·∂E/∂w5 = {fmt(cut.w1 - cut.w0, 4)}",
                     f"∂E/∂w5 = {fmt(cut.slope, 4)}"]
    tangent = fig["data"][1]
    assert min(tangent["x"]) < cut.w1 < cut.w0 < max(tangent["x"])  # it reaches past the step
    assert cut.w1 - cut.w0 == pytest.approx(-0.5 * cut.slope)
