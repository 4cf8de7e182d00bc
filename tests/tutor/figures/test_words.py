"""Every figure has words: the diagram's step and neurons, a chart's curves, their numbers."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bpcore import Scenario, fmt, trace_step
from tutor.figures.digits import COUNT_SCALE, confusion_figure, curves_figure
from tutor.figures.history import error_history_figure
from tutor.figures.network import network_figure
from tutor.figures.theme import CLASS_SHAPES, EDGE, FADED, INK, contrast
from tutor.figures.words import describe, words_of
from tutor.i18n import LANGUAGES, t

TRACE = trace_step(Scenario())


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_diagram_says_its_step_the_neuron_highlighted_and_its_net_out_and_delta(
        lang: str) -> None:
    steps = TRACE.phase_steps("backward")
    current = next(k for k, s in enumerate(steps) if s.name == "delta_o1")
    words = words_of(network_figure(TRACE, view="backward", decimals=4, lang=lang,
                                    current=current, steps=steps))
    assert words is not None
    assert t("words.network_step", lang, index=current + 1, count=len(steps),
             name="δ o1", value=fmt(TRACE["delta_o1"], 4)) in words
    for name in ("net_o1", "out_o1", "delta_o1"):
        assert fmt(TRACE[name], 4) in words


def test_the_overview_diagram_says_every_net_out_and_the_error() -> None:
    words = words_of(network_figure(TRACE, view="overview", decimals=4, lang="en"))
    assert words is not None
    for name in ("net_h1", "out_h2", "out_o1", "E_total"):
        assert fmt(TRACE[name], 4) in words


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_curve_is_described_by_its_title_first_last_and_lowest_value(lang: str) -> None:
    words = describe(error_history_figure([0.2984, 0.2910, 0.2837], lang), 4, lang)
    assert words.startswith(t("chart.error_history", lang))
    assert t("words.curve", lang, name="E_total", first="0.2984", last="0.2837",
             low="0.2837", high="0.2984", n=3) in words


def test_a_heatmap_is_described_by_its_size_and_range() -> None:
    import numpy as np

    words = describe(confusion_figure(np.array([[5, 1], [0, 7]]), "en"), 4, "en")
    assert "2 × 2" in words and "7" in words


def test_faded_lines_and_outlines_are_at_least_3_to_1_on_white() -> None:
    assert contrast(FADED, "#ffffff") >= 3
    assert contrast(EDGE, "#ffffff") >= 3


def test_every_confusion_count_reads_at_4_5_to_1() -> None:
    assert all(contrast(INK, colour) >= 4.5 for _, colour in COUNT_SCALE)


def test_the_classes_have_distinct_marker_shapes() -> None:
    assert len(set(CLASS_SHAPES)) == len(CLASS_SHAPES) >= 3


def test_loss_and_accuracy_curves_are_named_where_they_end() -> None:
    import numpy as np

    from bpcore.sgd import Curves

    curves = Curves(np.array([1.0, 0.5]), np.array([1.1, 0.6]), np.array([0.5, 0.9]),
                    np.array([0.4, 0.8]), np.zeros((1, 1)))
    notes = curves_figure(curves, "en")["layout"]["annotations"]
    assert {n["text"] for n in notes} == {t("digits.loss", "en"), t("digits.accuracy", "en")}
    assert {n["yref"] for n in notes} == {"y", "y2"}


def test_a_weights_mosaic_has_a_colour_scale_and_a_grey_image_none() -> None:
    import numpy as np

    from tutor.figures.digits import mosaic_figure

    weights = mosaic_figure(np.array([[[-1.0, 1.0]]]), ["1"], "w", 1, diverging=True, lang="en")
    images = mosaic_figure(np.array([[[0.0, 1.0]]]), ["7"], "x", 1, lang="en")
    assert weights["data"][0]["showscale"] is True
    assert images["data"][0]["showscale"] is False


def test_a_long_curve_as_a_table_keeps_at_most_50_rows_with_its_first_last_and_lowest() -> None:
    from tutor.figures.words import MAX_TABLE_ROWS, table_of

    errors = [1 / (1 + k) + (0.5 if k > 700 else 0.0) for k in range(1000)]  # lowest at 700
    header, rows = table_of(error_history_figure(errors, "zh"), 4, "")
    assert header == [t("chart.iteration", "zh"), "E_total"]
    assert len(rows) <= MAX_TABLE_ROWS
    xs = [row[0] for row in rows]
    assert {"0", "700", "999"} <= set(xs) and xs == sorted(xs, key=int)
    assert rows[xs.index("700")][1] == fmt(min(errors), 4)


def test_a_short_curve_as_a_table_has_every_point() -> None:
    from tutor.figures.words import table_of

    header, rows = table_of(error_history_figure([0.3, 0.2], "en"), 4, "")
    assert rows == [["0", "0.3000"], ["1", "0.2000"]]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_builders_network_picture_says_its_weights_and_each_units_output_range(
        lang: str) -> None:
    import numpy as np

    from bpcore.builder import Architecture, DataSpec, build, neuron_grids
    from tutor.figures.builder_net import network_figure

    run = build(Architecture((3,), ("tanh",)), DataSpec("xor", n=40), 0.3, 2, 8, 0)
    grids = neuron_grids(run.network, run.X_train, run.features, 12)
    words = words_of(network_figure(run.network, grids, run.features, lang))
    assert words is not None
    assert words.startswith(t("words.builder_net", lang).split("{")[0])  # the reader's language
    weights = np.concatenate([W.ravel() for W in run.network.weights])
    assert f"{weights.size}" in words
    for value in (weights.min(), weights.max(), grids[1][2].min(), grids[2][0].max()):
        assert fmt(float(value), 3) in words


def test_curves_overlaid_on_one_chart_differ_in_pattern_as_well_as_colour() -> None:
    import numpy as np

    from bpcore.sgd import Curves
    from tutor.figures.builder import norms_figure
    from tutor.figures.training import curves_figure

    rates = curves_figure([(eta, np.array([1.0, 0.5, 0.2])) for eta in (0.1, 0.5, 1, 5)],
                          "E", "rates", "en")
    grads = np.array([[1.0, 0.5, 0.2], [0.9, 0.4, 0.1]])
    norms = norms_figure(Curves(grads[:, 0], grads[:, 0], grads[:, 0], grads[:, 0], grads),
                         "en")
    for figure in (rates, norms):
        dashes = [trace["line"]["dash"] for trace in figure["data"] if trace.get("name")]
        assert len(dashes) > 1 and len(set(dashes)) == len(dashes)


_VALUE = st.one_of(st.floats(), st.integers(-10**6, 10**6), st.none(), st.booleans(),
                   st.text(max_size=3), st.just(float("nan")), st.just(float("-inf")))


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.lists(_VALUE, max_size=6),
                 st.lists(st.lists(st.one_of(st.floats(), st.integers(-99, 99)), max_size=5),
                          max_size=5),
                 st.lists(st.lists(_VALUE, max_size=4), max_size=4),
                 st.lists(st.one_of(_VALUE, st.lists(st.lists(_VALUE, max_size=3), max_size=3)),
                          max_size=4)))
def test_a_trace_s_numbers_read_at_once_are_the_numbers_read_one_by_one(values) -> None:
    """tutor.figures.words reads plain numbers (flat, or a heatmap's rows) with NumPy, and
    anything else one value at a time: both give the same finite numbers in the same order
    (None, NaN, ±inf, text and bools dropped)."""
    from tutor.figures.words import _numbers, _walked

    assert _numbers(values) == _walked(values)


def test_a_heatmap_s_words_give_its_size_and_range_from_its_numbers() -> None:
    from tutor.figures.words import _heatmap

    z = [[0.5, -0.25, float("nan")], [1.0, 2.0, 3.0]]
    assert _heatmap({"z": z}, 2, "en") == t("words.heatmap", "en", rows=2, cols=3,
                                             low=fmt(-0.25, 2), high=_whole(3))


def _whole(value: float) -> str:
    return str(int(value))
