"""Charts of the network-builder page: decision boundary, gradient norms, one batch's gradients."""

from __future__ import annotations

from typing import Any

import numpy as np

from bpcore.builder import Grid, Run
from bpcore.microscope import Microscope
from bpcore.sgd import Curves
from tutor.figures.digits import curves_figure
from tutor.figures.theme import (
    CLASSES,
    CLASSES_LIGHT,
    INK,
    NEGATIVE,
    PAIRED,
    POSITIVE,
    ZERO,
    axis,
    chart_layout,
    font,
    legend,
    log_axis,
)
from tutor.i18n import t

PLANE_PX = 420  # about how wide the decision boundary's plot is (half a laptop's page)


def boundary_figure(grid: Grid, run: Run, lang: str) -> dict[str, Any]:
    """The class the network gives every point of the plane, with the train and test points."""
    k = run.classes
    scale = [[edge, CLASSES_LIGHT[c]] for c in range(k) for edge in (c / k, (c + 1) / k)]
    data: list[dict[str, Any]] = [{
        "type": "heatmap", "x": grid.xs.tolist(), "y": grid.ys.tolist(),
        "z": grid.predicted.tolist(), "zmin": -0.5, "zmax": k - 0.5, "colorscale": scale,
        "showscale": False, "hoverinfo": "skip"}]
    for c in range(k):
        name = t("builder.class", lang, k=c)
        for X, y, ring in ((run.X_train, run.y_train, False), (run.X_test, run.y_test, True)):
            points = X[y == c]
            data.append({
                "type": "scatter", "mode": "markers", "x": points[:, 0].tolist(),
                "y": points[:, 1].tolist(), "name": name, "showlegend": not ring,
                "legendgroup": name, "hovertemplate": f"{name}<br>(%{{x:.3f}}, %{{y:.3f}})"
                                                      "<extra></extra>",
                "marker": {"size": 10, "color": "white" if ring else CLASSES[c],
                           "line": {"color": CLASSES[c] if ring else "white",
                                    "width": 2.5 if ring else 1},
                           "symbol": "circle"}})
    # x₁ and x₂ share one scale (a circle stays round), so the plot is as tall as the data
    # are, for a plot about PLANE_PX wide: no band of white between it and its legend.
    aspect = float((grid.ys[-1] - grid.ys[0]) / (grid.xs[-1] - grid.xs[0]))
    height = round(min(max(PLANE_PX * aspect, 260), 520)) + 150
    layout = chart_layout(
        t("builder.boundary_title", lang), height, bottom=100,
        xaxis=axis("x₁", range=[grid.xs[0], grid.xs[-1]], constrain="domain"),
        yaxis=axis("x₂", range=[grid.ys[0], grid.ys[-1]], scaleanchor="x",
                   constrain="domain"),
        legend=legend("below", y=-0.12))
    return {"data": data, "layout": layout}


def loss_curves_figure(curves: Curves, loss_label: str, lang: str) -> dict[str, Any]:
    """Train and test loss with accuracy per epoch: the digits page's chart, this loss named."""
    figure = curves_figure(curves, lang)
    figure["layout"]["yaxis"]["title"]["text"] = loss_label
    for trace in figure["data"]:  # hundreds of epochs: a marker on each would blot the line
        trace["mode"] = "lines"
    return figure


def norms_figure(curves: Curves, lang: str) -> dict[str, Any]:
    """‖∂E/∂W_l‖ per epoch, one line per layer, on a log axis labelled at powers of ten."""
    epochs = list(range(1, len(curves.grad_norms) + 1))
    norms = np.maximum(curves.grad_norms, 1e-300)
    data = [{"type": "scatter", "mode": "lines", "x": epochs, "y": norms[:, k].tolist(),
             "name": t("builder.layer", lang, k=k + 1),
             "line": {"color": PAIRED[2 * k % len(PAIRED)], "width": 3},
             "hovertemplate": "%{x}: %{y:.3e}<extra></extra>"}
            for k in range(curves.grad_norms.shape[1])]
    layout = chart_layout(t("builder.norms_title", lang), 380, left=80,
                          xaxis=axis(t("builder.epoch", lang)),
                          yaxis=log_axis(norms.ravel().tolist(), "‖∂E/∂W‖"),
                          legend=legend("right"))
    return {"data": data, "layout": layout}


def per_sample_figure(m: Microscope, name: str, lang: str) -> dict[str, Any]:
    """Each sample's gradient of the followed weight as a bar, and their mean as a line."""
    samples = list(range(1, len(m.per_sample) + 1))
    layout = chart_layout(t("micro.per_sample_title", lang, name=name), 380, left=90,
                          xaxis=axis(t("micro.sample", lang)),
                          yaxis=axis(None, zeroline=True, zerolinecolor=ZERO,
                                     exponentformat="power"),
                          showlegend=False)
    layout["shapes"] = [{"type": "line", "xref": "paper", "x0": 0, "x1": 1, "y0": m.mean,
                         "y1": m.mean, "line": {"color": INK, "width": 3, "dash": "dash"}}]
    return {"data": [{"type": "bar", "x": samples, "y": m.per_sample.tolist(),
                      "marker": {"color": [POSITIVE if v >= 0 else NEGATIVE
                                           for v in m.per_sample]},
                      "hovertemplate": "%{x}: %{y:.6g}<extra></extra>"}], "layout": layout}


def rows_figure(values: np.ndarray, title: str, lang: str) -> dict[str, Any]:
    """A (samples, units) array as a heatmap: one row per sample; the gradient-sign colours of
    the whole app (vermillion positive, blue negative), white at 0."""
    rows, cols = values.shape
    layout = chart_layout(title, min(560, 180 + 14 * rows), top=90, left=80,
                          xaxis=axis(t("micro.unit", lang), dtick=1),
                          yaxis=axis(t("micro.sample", lang), autorange="reversed"))
    bound = float(np.max(np.abs(values), initial=0.0)) or 1.0
    return {"data": [{"type": "heatmap", "z": values.tolist(),
                      "x": list(range(1, cols + 1)), "y": list(range(1, rows + 1)),
                      "colorscale": [[0, NEGATIVE], [0.5, "white"], [1, POSITIVE]],
                      "zmin": -bound, "zmax": bound,
                      "colorbar": {"exponentformat": "power", "tickfont": font()},
                      "hovertemplate": "%{y}, %{x}: %{z:.6g}<extra></extra>"}],
            "layout": layout}
