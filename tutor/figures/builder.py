"""Charts of the network-builder page: decision boundary, gradient norms, one batch's gradients."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from bpcore.builder import Grid, Run
from bpcore.microscope import Microscope
from bpcore.sgd import Curves
from bpcore.userdata import Points
from tutor.figures.digits import curves_figure
from tutor.figures.theme import (
    CLASS_SHAPES,
    CLASSES,
    CLASSES_LIGHT,
    DASHES,
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
from tutor.figures.words import with_scale
from tutor.i18n import t

PLANE_PX = 420  # about how wide the decision boundary's plot is (half a laptop's page)
# A regression's output and targets: blue negative, white 0, vermillion positive.
REGRESSION_SCALE = [[0.0, NEGATIVE], [0.5, "#ffffff"], [1.0, POSITIVE]]


@dataclass(frozen=True)
class OwnPlane:
    """The learner's points on the plane, editable: which train and which test (indices into
    ``points``), the free positions a click adds a point at (m, 2), the class it adds and the
    plane's corners low (2,), high (2,)."""

    points: Points
    train: np.ndarray
    test: np.ndarray
    free: np.ndarray
    add_class: int
    low: np.ndarray
    high: np.ndarray


def _point_trace(X: np.ndarray, y: np.ndarray, c: int, ring: bool, lang: str,
                 index: np.ndarray | None = None) -> dict[str, Any]:
    """Class c's points: filled (train) or ringed (test); with ``index``, each point carries
    its index in the own points as customdata, and says a click removes it."""
    chosen = y == c
    name = t("builder.class", lang, k=c)
    hover = f"{name}<br>(%{{x:.3f}}, %{{y:.3f}})"
    if index is not None:
        hover += "<br>" + t("builder.click_remove", lang)
    trace: dict[str, Any] = {
        "type": "scatter", "mode": "markers", "x": X[chosen, 0].tolist(),
        "y": X[chosen, 1].tolist(), "name": name, "showlegend": not ring,
        "legendgroup": name, "hovertemplate": hover + "<extra></extra>",
        "marker": {"size": 10, "color": "white" if ring else CLASSES[c],
                   "line": {"color": CLASSES[c] if ring else "white",
                            "width": 2.5 if ring else 1},
                   "symbol": CLASS_SHAPES[c]}}
    if index is not None:
        trace["customdata"] = index[chosen].tolist()
        trace["unselected"] = {"marker": {"opacity": 1}}
    return trace


def _plane_trace(grid: Grid, run: Run, discretize: bool) -> dict[str, Any]:
    """The plane coloured by the network's output. Classes: each point in its class's light
    colour, fading to white where the winning output's share is low (``discretize``: the
    class alone, as before). Regression: the output, blue negative to vermillion positive
    (``discretize``: its sign only)."""
    if run.regression:
        assert grid.value is not None  # a regression grid always carries the output
        z = np.where(grid.predicted == 1, 1.0, -1.0) if discretize else np.clip(grid.value,
                                                                                -1, 1)
        return {"type": "heatmap", "x": grid.xs.tolist(), "y": grid.ys.tolist(),
                "z": np.round(0.6 * z, 3).tolist(), "zmin": -1, "zmax": 1,
                "colorscale": REGRESSION_SCALE, "showscale": False, "hoverinfo": "skip"}
    k = run.classes
    if discretize or grid.value is None:
        z = grid.predicted.astype(float)
        scale = [[edge, CLASSES_LIGHT[c]] for c in range(k) for edge in (c / k, (c + 1) / k)]
        zmin, zmax = -0.5, k - 0.5
    else:
        # class c's confidence from 1/k (white) to 1 (its light colour) fills [c, c + 1)
        share = np.clip((grid.value - 1 / k) / (1 - 1 / k), 0, 0.999)
        z = grid.predicted + share
        scale = [[edge, colour] for c in range(k)
                 for edge, colour in ((c / k, "#ffffff"), ((c + 1) / k, CLASSES_LIGHT[c]))]
        zmin, zmax = 0, k
    return {"type": "heatmap", "x": grid.xs.tolist(), "y": grid.ys.tolist(),
            "z": np.round(z, 3).tolist(),
            "zmin": zmin, "zmax": zmax, "colorscale": scale, "showscale": False,
            "hoverinfo": "skip"}


def _value_points(X: np.ndarray, y: np.ndarray, ring: bool, lang: str) -> dict[str, Any]:
    """Regression points coloured by their target (train filled, test ringed)."""
    name = t("builder.test_points" if ring else "builder.train_points", lang)
    colours = np.clip(y, -1, 1).tolist()
    marker: dict[str, Any] = {"size": 9, "cmin": -1, "cmax": 1, "colorscale": REGRESSION_SCALE}
    if ring:
        marker.update(color="white", line={"color": colours, "width": 2.5,
                                           "colorscale": REGRESSION_SCALE, "cmin": -1,
                                           "cmax": 1})
    else:
        marker.update(color=colours, line={"color": "white", "width": 1})
    return {"type": "scatter", "mode": "markers", "x": X[:, 0].tolist(), "y": X[:, 1].tolist(),
            "name": name, "customdata": y.tolist(), "marker": marker,
            "hovertemplate": "(%{x:.3f}, %{y:.3f}): %{customdata:.3f}<extra></extra>"}


def boundary_figure(grid: Grid | None, run: Run | None, lang: str,
                    own: OwnPlane | None = None, *, discretize: bool = True,
                    show_test: bool = True, height: int | None = None,
                    unit: tuple[str, np.ndarray] | None = None) -> dict[str, Any]:
    """The class the network gives every point of the plane, with the train and test points.

    ``grid`` None: no network to colour the plane with (it diverged), only the points. With
    ``own``, the points are the learner's own (drawn as they are now, even while the network
    shown is the last one that could be trained), and an invisible grid of free positions
    under them makes a click add a point (see tutor.builder.state.click_points). ``run``
    None (with ``grid`` None and ``own``): the learner's points cannot be trained on, so no
    network is drawn, only the points to edit. ``discretize`` and ``show_test`` are
    Playground's two switches; ``height`` a fixed height in pixels (else from the aspect).
    ``unit`` (its name, its output over the grid's plane (g, g)): one unit's output as the
    background instead of the network's (a unit clicked in the network picture).
    """
    data: list[dict[str, Any]] = []
    if grid is not None:
        assert run is not None  # a grid is the run's network's
        if unit is None:
            data.append(_plane_trace(grid, run, discretize))
        else:  # the unit's output, as its tile shows it
            data.append({"type": "heatmap", "x": grid.xs.tolist(), "y": grid.ys.tolist(),
                         "z": np.round(0.6 * np.clip(unit[1], -1, 1), 3).tolist(),
                         "zmin": -1, "zmax": 1, "colorscale": REGRESSION_SCALE,
                         "showscale": False, "hoverinfo": "skip"})
    if own is None:
        assert run is not None and grid is not None  # a toy set's plane: with its network
        sets = ((run.X_train, run.y_train, False),) + (
            ((run.X_test, run.y_test, True),) if show_test else ())
        if run.regression:
            data.extend(_value_points(X, y, ring, lang) for X, y, ring in sets)
        for c in range(0 if run.regression else run.classes):
            for X, y, ring in sets:
                data.append(_point_trace(X, y, c, ring, lang))
        low, high = np.array([grid.xs[0], grid.ys[0]]), np.array([grid.xs[-1], grid.ys[-1]])
    else:
        p = own.points
        data.append({
            "type": "scatter", "mode": "markers", "x": own.free[:, 0].tolist(),
            "y": own.free[:, 1].tolist(), "customdata": [-1] * len(own.free),
            "showlegend": False, "name": "",
            "marker": {"size": 9, "color": INK, "opacity": 0},
            "selected": {"marker": {"opacity": 0}}, "unselected": {"marker": {"opacity": 0}},
            "hovertemplate": t("builder.click_add", lang, k=own.add_class)
                             + "<br>(%{x:.3f}, %{y:.3f})<extra></extra>"})
        for c in range(max(p.classes, own.add_class + 1)):
            for idx, ring in ((own.train, False), (own.test, True)):
                data.append(_point_trace(p.X[idx], p.y[idx], c, ring, lang, idx))
        low, high = own.low, own.high
    # x₁ and x₂ share one scale (a circle stays round), so the plot is as tall as the data
    # are, for a plot about PLANE_PX wide: no band of white between it and its legend.
    aspect = float((high[1] - low[1]) / (high[0] - low[0]))
    frame: dict[str, Any] = {
        "xaxis": axis("x₁", range=[low[0], high[0]], constrain="domain"),
        "yaxis": axis("x₂", range=[low[1], high[1]], scaleanchor="x", constrain="domain")}
    if height is None:
        height = round(min(max(PLANE_PX * aspect, 260), 520)) + 150
        layout = chart_layout(t("builder.boundary_title", lang), height, bottom=100,
                              legend=legend("below", y=-0.12), **frame)
    else:  # beside the network picture at a fixed height: a short title, no legend
        title = t("builder.output_title", lang) if unit is None else unit[0]
        layout = chart_layout(title, height, top=34, bottom=44,
                              left=46, right=6, showlegend=False, **frame)
        layout["title"]["font"] = font(15)
    if own is not None:
        layout["clickmode"] = "event+select"
        layout["dragmode"] = False
        layout["hovermode"] = "closest"
    spec = {"data": data, "layout": layout}
    if grid is not None and run is not None:  # the background's colours said in words
        with_scale(spec, t(plane_scale_key(run.regression or unit is not None, discretize
                                           and unit is None, grid.value is not None), lang))
    return spec


def plane_scale_key(continuous: bool, discretize: bool, shares: bool) -> str:
    """The key of the words that state the plane's colour scale: a regression's output (or a
    unit's) from blue −1 to vermillion +1, or its sign; a class's colour, paler where the
    network is less sure (``shares``: the grid carries the winning output's share)."""
    if continuous:
        return "scale.sign" if discretize else "scale.output"
    return "scale.classes" if discretize or not shares else "scale.classes_sure"


OWN_CURVE = "#009e73"  # the own network's losses: neither the run's loss nor its accuracy


def loss_curves_figure(curves: Curves, loss_label: str, lang: str,
                       own: Sequence[tuple[float, float, float]] | None = None
                       ) -> dict[str, Any]:
    """Train and test loss with accuracy per epoch: the digits page's chart, this loss named.
    ``own``: the learner's own network's (epochs done, train loss, test loss) rows, drawn as
    two more lines (green, thick; test dotted) from where it left the recorded run."""
    figure = curves_figure(curves, lang)
    figure["layout"]["yaxis"]["title"]["text"] = loss_label
    for trace in figure["data"]:  # hundreds of epochs: a marker on each would blot the line
        trace["mode"] = "lines"
    if own:
        x, train, test = (list(column) for column in zip(*own, strict=True))
        figure["data"] += [{"type": "scatter", "mode": "lines", "x": x, "y": y, "name": name,
                            "yaxis": "y", "line": {"color": OWN_CURVE, "width": 4,
                                                   "dash": dash}}
                           for y, name, dash in
                           ((train, t("builder.own_train_loss", lang), "solid"),
                            (test, t("builder.own_test_loss", lang), "dot"))]
    return figure


def norms_figure(curves: Curves, lang: str) -> dict[str, Any]:
    """‖∂E/∂W_l‖ per epoch, one line per layer, on a log axis labelled at powers of ten."""
    epochs = list(range(1, len(curves.grad_norms) + 1))
    norms = np.maximum(curves.grad_norms, 1e-300)
    data = [{"type": "scatter", "mode": "lines", "x": epochs, "y": norms[:, k].tolist(),
             "name": t("builder.layer", lang, k=k + 1),
             "line": {"color": PAIRED[2 * k % len(PAIRED)], "width": 3,
                      "dash": DASHES[k % len(DASHES)]},
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
