"""Charts of the training page: error, outputs and weights per iteration, as plain dicts.

Up to 100,000 iterations are drawn through at most MAX_POINTS evenly spaced rows (always
including the first and the last): the browser gets a light figure, every point still one of
bpcore's own numbers.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from bpcore import History, fmt
from tutor.charts import FONT
from tutor.diagram import HIGHLIGHT, NEGATIVE, POSITIVE
from tutor.i18n import t

MAX_POINTS = 2000
WEIGHT_COLOURS = ("#0072b2", "#56b4e9", "#009e73", "#8fd175", "#d55e00", "#e69f00",
                  "#cc79a7", "#7f7f7f")


def plotted_rows(rows: int) -> np.ndarray:
    """Which rows of a history are drawn: all of them, or MAX_POINTS spread evenly."""
    return np.unique(np.linspace(0, rows - 1, min(rows, MAX_POINTS)).round().astype(int))


def log_dtick(values: np.ndarray) -> int:
    """Decades between labels of a log axis over ``values``: at most about 8 labels, no minor
    "2" and "5" labels crowding the powers of ten at projector font size.
    """
    positive = values[np.isfinite(values) & (values > 0)]
    if positive.size == 0:
        return 1
    decades = np.log10(positive.max()) - np.log10(positive.min())
    return max(1, int(np.ceil(decades / 8)))


def _layout(title: str, y_title: str, lang: str, height: int = 340) -> dict[str, Any]:
    return {"height": height, "margin": {"l": 80, "r": 20, "t": 50, "b": 55}, "font": FONT,
            "title": {"text": title, "font": {"size": 19}}, "plot_bgcolor": "white",
            "paper_bgcolor": "white",
            "xaxis": {"title": {"text": t("chart.iteration", lang), "font": FONT},
                      "tickfont": FONT, "gridcolor": "#eeeeee"},
            "yaxis": {"title": {"text": y_title, "font": FONT}, "tickfont": FONT,
                      "gridcolor": "#eeeeee", "exponentformat": "power"},
            # A vertical legend right of the plot never collides with the title.
            "legend": {"orientation": "v", "x": 1.02, "xanchor": "left", "y": 1,
                       "yanchor": "top", "font": FONT}}


def error_figure(history: History, log: bool, replay: int, lang: str) -> dict[str, Any]:
    """E_total after each update (row 0: before any), with the replay position marked."""
    rows = plotted_rows(len(history.errors))
    layout = _layout(t("training.error_title", lang), "E_total", lang)
    if log:
        layout["yaxis"].update(type="log", dtick=log_dtick(history.errors))
    layout["shapes"] = [{"type": "line", "xref": "x", "yref": "paper", "x0": replay,
                         "x1": replay, "y0": 0, "y1": 1,
                         "line": {"color": HIGHLIGHT, "width": 3, "dash": "dot"}}]
    return {"data": [{"type": "scatter", "mode": "lines", "x": rows.tolist(),
                      "y": history.errors[rows].tolist(), "name": "E_total",
                      "line": {"color": POSITIVE, "width": 3}}], "layout": layout}


def outputs_figure(history: History, lang: str) -> dict[str, Any]:
    """out_o1 and out_o2 per iteration, each with its target as a dashed line."""
    rows = plotted_rows(len(history.outputs))
    data = []
    for k, colour in enumerate((POSITIVE, NEGATIVE)):
        name = f"out_o{k + 1}"
        target = history.scenario.targets[k]
        data.append({"type": "scatter", "mode": "lines", "x": rows.tolist(),
                     "y": history.outputs[rows, k].tolist(), "name": name,
                     "line": {"color": colour, "width": 3}})
        data.append({"type": "scatter", "mode": "lines", "x": [0, int(rows[-1])],
                     "y": [target, target], "name": f"target_o{k + 1}",
                     "line": {"color": colour, "width": 2, "dash": "dash"}})
    return {"data": data, "layout": _layout(t("training.outputs_title", lang), "out", lang)}


def weights_figure(history: History, lang: str) -> dict[str, Any]:
    """Every weight's trajectory."""
    rows = plotted_rows(len(history.weights))
    data = [{"type": "scatter", "mode": "lines", "x": rows.tolist(),
             "y": history.weights[rows, k].tolist(), "name": f"w{k + 1}",
             "line": {"color": WEIGHT_COLOURS[k], "width": 2.5}} for k in range(8)]
    return {"data": data, "layout": _layout(t("training.weights_title", lang), "w", lang)}


def final_rows(history: History, decimals: int, lang: str) -> list[dict[str, str]]:
    """The last state of the run, each value at ``decimals`` places."""
    last = len(history.errors) - 1
    values = [("E_total", history.errors[last]), ("out_o1", history.outputs[last, 0]),
              ("out_o2", history.outputs[last, 1])]
    values += [(f"w{k + 1}", history.weights[last, k]) for k in range(8)]
    if history.scenario.train_biases:
        values += [(n, history.biases[last, k])
                   for k, n in enumerate(("b_h1", "b_h2", "b_o1", "b_o2"))]
    return [{t("table.name", lang): name, t("table.value", lang): fmt(float(v), decimals)}
            for name, v in values]


RATE_COLOURS = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#7f7f7f",
                "#000000")


def rates_figure(histories: list[History], lang: str) -> dict[str, Any]:
    """Every rate's error curve overlaid, on a log scale (a stopped run ends where it stopped)."""
    data = []
    for k, h in enumerate(histories):
        rows = plotted_rows(len(h.errors))
        data.append({"type": "scatter", "mode": "lines", "x": rows.tolist(),
                     "y": h.errors[rows].tolist(), "name": f"η = {h.eta:g}",
                     "line": {"color": RATE_COLOURS[k % len(RATE_COLOURS)], "width": 3}})
    layout = _layout(t("rates.chart_title", lang), "E_total", lang, height=420)
    everything = np.concatenate([h.errors for h in histories]) if histories else np.ones(1)
    layout["yaxis"].update(type="log", dtick=log_dtick(everything))
    return {"data": data, "layout": layout}
