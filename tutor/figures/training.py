"""Charts of the training and learning-rate pages: curves per iteration and the bowl, as dicts.

Up to 100,000 iterations are drawn through at most MAX_POINTS evenly spaced rows (always
including the first and the last): the browser gets a light figure, every point still one of
bpcore's own numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from bpcore import History, fmt
from bpcore.bowl import Bowl, BowlRun
from bpcore.valley import Valley, ValleyRun
from tutor.figures.theme import (
    DASHES,
    FADED,
    GRID,
    HIGHLIGHT,
    INK,
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
    return curves_figure([(h.eta, h.errors) for h in histories], "E_total",
                         t("rates.chart_title", lang), lang)


def curves_figure(curves: Sequence[tuple[float | str, np.ndarray]], name: str, title: str,
                  lang: str, mode: str = "lines") -> dict[str, Any]:
    """(η, errors (m + 1,)) per rate (or (its name, errors)), overlaid against the update
    count on a log scale."""
    data = []
    for k, (eta, errors) in enumerate(curves):
        rows = plotted_rows(len(errors))
        data.append({"type": "scatter", "mode": mode, "x": rows.tolist(),
                     "y": errors[rows].tolist(),
                     "name": eta if isinstance(eta, str) else f"η = {eta:g}",
                     "line": {"color": SERIES[k % len(SERIES)], "width": 3,
                              "dash": DASHES[k % len(DASHES)]}})
    everything = np.concatenate([e for _, e in curves]) if curves else np.ones(1)
    layout = chart_layout(title, 440, left=80,
                          xaxis=axis(t("chart.iteration", lang), gridcolor=GRID),
                          yaxis=log_axis(everything.tolist(), name, gridcolor=GRID),
                          legend=legend("right"))
    return {"data": data, "layout": layout}


BOWL_VIEW = 2.0  # the bowl is drawn over w* ± BOWL_VIEW·|w0 − w*|
BOWL_STEPS_SHOWN = 8  # each rate's first steps drawn on the bowl


def bowl_figure(bowl: Bowl, runs: Sequence[BowlRun], lang: str) -> dict[str, Any]:
    """J(w) = ½·a·(w − w*)² with each rate's first steps on it as a zig-zag of (w_i, J(w_i)).

    A path is drawn up to BOWL_STEPS_SHOWN steps and while it stays inside the drawn range.
    """
    reach = BOWL_VIEW * max(abs(bowl.w0 - bowl.w_star), 1e-9)
    ws = np.linspace(bowl.w_star - reach, bowl.w_star + reach, 201)
    data: list[dict[str, Any]] = [{
        "type": "scatter", "mode": "lines", "x": ws.tolist(), "y": bowl.value(ws).tolist(),
        "name": "J(w)", "line": {"color": INK, "width": 2}}]
    for k, run in enumerate(runs):
        shown = run.weights[: BOWL_STEPS_SHOWN + 1]
        inside = np.abs(shown - bowl.w_star) <= reach
        end = int(inside.argmin()) if not inside.all() else len(shown)
        data.append({"type": "scatter", "mode": "lines+markers",
                     "x": shown[:end].tolist(), "y": run.errors[:end].tolist(),
                     "name": f"η = {run.eta:g}",
                     "line": {"color": SERIES[k % len(SERIES)], "width": 3,
                              "dash": DASHES[k % len(DASHES)]},
                     "marker": {"size": 10}})
    layout = chart_layout(t("bowl.figure_title", lang, n=BOWL_STEPS_SHOWN), 440, left=80,
                          xaxis=axis("w", gridcolor=GRID),
                          yaxis=axis("J(w)", gridcolor=GRID, range=[
                              0, float(bowl.value(bowl.w_star + reach)) * 1.05]),
                          legend=legend("right"))
    layout["shapes"] = [{"type": "line", "xref": "x", "yref": "paper", "x0": bowl.w_star,
                         "x1": bowl.w_star, "y0": 0, "y1": 1,
                         "line": {"color": INK, "width": 1.5, "dash": "dot"}}]
    return {"data": data, "layout": layout}


VALLEY_GRID = 121  # contour samples per axis


def valley_figure(valley: Valley, runs: Sequence[ValleyRun], names: Sequence[str],
                  lang: str) -> dict[str, Any]:
    """J(w₁, w₂)'s contours with each optimiser's path from w0 (lines with a marker per step,
    a different marker shape per optimiser) while it stays in the plot, the minimum w* marked."""
    (x0, y0), (xs, ys) = valley.w0, valley.w_star
    # the start and the minimum with a margin: the paths fill the plot (axes not to scale)
    xr = (min(x0, xs) - 0.25 * abs(x0 - xs), max(x0, xs) + 0.25 * abs(x0 - xs))
    yr = (ys - 1.2 * abs(y0 - ys), ys + 1.2 * abs(y0 - ys))
    gx = np.linspace(*xr, VALLEY_GRID)
    gy = np.linspace(*yr, VALLEY_GRID)
    J = valley.value(np.stack(np.meshgrid(gx, gy), axis=-1))
    data: list[dict[str, Any]] = [{
        "type": "contour", "x": gx.tolist(), "y": gy.tolist(),
        "z": np.sqrt(J).tolist(),  # √J: evenly spaced rings for a quadratic
        "contours": {"coloring": "lines", "showlabels": False}, "ncontours": 14,
        "line": {"width": 1}, "colorscale": [[0, FADED], [1, FADED]],
        "showscale": False, "hoverinfo": "skip", "name": "J"}]
    symbols = ("circle", "square", "diamond", "triangle-up")
    for k, (run, label) in enumerate(zip(runs, names, strict=True)):
        inside = ((xr[0] <= run.path[:, 0]) & (run.path[:, 0] <= xr[1])
                  & (yr[0] <= run.path[:, 1]) & (run.path[:, 1] <= yr[1]))
        end = int(inside.argmin()) if not inside.all() else len(run.path)
        data.append({"type": "scatter", "mode": "lines+markers", "name": label,
                     "x": run.path[:end, 0].tolist(), "y": run.path[:end, 1].tolist(),
                     "line": {"color": SERIES[k % len(SERIES)], "width": 2.5},
                     "marker": {"size": 6, "symbol": symbols[k % len(symbols)]}})
    data.append({"type": "scatter", "mode": "markers", "name": "w*", "x": [xs], "y": [ys],
                 "marker": {"size": 14, "symbol": "x", "color": INK}})
    layout = chart_layout(t("valley.figure_title", lang), 440, left=60,
                          xaxis=axis("w₁", gridcolor=GRID, range=list(xr)),
                          yaxis=axis("w₂", gridcolor=GRID, range=list(yr)),
                          legend=legend("right"))
    return {"data": data, "layout": layout}
