"""Charts of the training page: error, outputs and weights per iteration, as plain dicts.

Up to 100,000 iterations are drawn through at most MAX_POINTS evenly spaced rows (always
including the first and the last): the browser gets a light figure, every point still one of
bpcore's own numbers.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from bpcore import History, fmt
from tutor.figures.theme import (
    GRID,
    HIGHLIGHT,
    NEGATIVE,
    PAIRED,
    POSITIVE,
    SERIES,
    axis,
    chart_layout,
    legend,
    log_axis,
)
from tutor.i18n import t

MAX_POINTS = 2000


def plotted_rows(rows: int) -> np.ndarray:
    """Which rows of a history are drawn: all of them, or MAX_POINTS spread evenly."""
    return np.unique(np.linspace(0, rows - 1, min(rows, MAX_POINTS)).round().astype(int))


def error_figure(history: History, log: bool, replay: int, lang: str) -> dict[str, Any]:
    """E_total after each update (row 0: before any), with the replay position marked."""
    rows = plotted_rows(len(history.errors))
    y_axis = (log_axis(history.errors.tolist(), "E_total", gridcolor=GRID) if log
              else axis("E_total", gridcolor=GRID, exponentformat="power"))
    layout = chart_layout(t("training.error_title", lang), 340, left=80,
                          xaxis=axis(t("chart.iteration", lang), gridcolor=GRID),
                          yaxis=y_axis, legend=legend("right"))
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
    # Half the page wide: the legend goes under the plot, which keeps the whole width.
    return {"data": data, "layout": chart_layout(
        t("training.outputs_title", lang), 420, left=70, bottom=130,
        xaxis=axis(t("chart.iteration", lang), gridcolor=GRID),
        yaxis=axis("out", gridcolor=GRID), legend=legend("below", y=-0.3))}


def weights_figure(history: History, lang: str) -> dict[str, Any]:
    """Every weight's trajectory."""
    rows = plotted_rows(len(history.weights))
    data = [{"type": "scatter", "mode": "lines", "x": rows.tolist(),
             "y": history.weights[rows, k].tolist(), "name": f"w{k + 1}",
             "line": {"color": PAIRED[k], "width": 2.5}} for k in range(8)]
    return {"data": data, "layout": chart_layout(
        t("training.weights_title", lang), 420, left=70, bottom=130,
        xaxis=axis(t("chart.iteration", lang), gridcolor=GRID),
        yaxis=axis("w", gridcolor=GRID), legend=legend("below", y=-0.3))}


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


def rates_figure(histories: list[History], lang: str) -> dict[str, Any]:
    """Every rate's error curve overlaid, on a log scale (a stopped run ends where it stopped)."""
    data = []
    for k, h in enumerate(histories):
        rows = plotted_rows(len(h.errors))
        data.append({"type": "scatter", "mode": "lines", "x": rows.tolist(),
                     "y": h.errors[rows].tolist(), "name": f"η = {h.eta:g}",
                     "line": {"color": SERIES[k % len(SERIES)], "width": 3}})
    everything = np.concatenate([h.errors for h in histories]) if histories else np.ones(1)
    layout = chart_layout(t("rates.chart_title", lang), 440, left=80,
                          xaxis=axis(t("chart.iteration", lang), gridcolor=GRID),
                          yaxis=log_axis(everything.tolist(), "E_total", gridcolor=GRID),
                          legend=legend("right"))
    return {"data": data, "layout": layout}
