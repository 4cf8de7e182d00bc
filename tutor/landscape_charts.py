"""Charts of the landscape page: the contour with the descent path; a slice with its tangent."""

from __future__ import annotations

from typing import Any

from bpcore import fmt
from bpcore.landscape import Grid, Path, Slice
from tutor.charts import FONT
from tutor.diagram import HIGHLIGHT, NEGATIVE, POSITIVE
from tutor.i18n import t


def _base(title: str, x: str, y: str, height: int) -> dict[str, Any]:
    return {"height": height, "margin": {"l": 70, "r": 20, "t": 50, "b": 60}, "font": FONT,
            "title": {"text": title, "font": {"size": 19}}, "plot_bgcolor": "white",
            "paper_bgcolor": "white",
            "xaxis": {"title": {"text": x, "font": FONT}, "tickfont": FONT},
            "yaxis": {"title": {"text": y, "font": FONT}, "tickfont": FONT}, "showlegend": True,
            "legend": {"orientation": "h", "x": 1, "xanchor": "right", "y": 1.02,
                       "yanchor": "bottom", "font": FONT}}


def contour_figure(grid: Grid, path: Path, upto: int, lang: str) -> dict[str, Any]:
    """E over (p, q) as filled contours, and the first ``upto`` steps of descent on it."""
    layout = _base(t("landscape.contour_title", lang), grid.p, grid.q, 560)
    return {"data": [
        {"type": "contour", "x": grid.p_values.tolist(), "y": grid.q_values.tolist(),
         "z": grid.errors.tolist(), "colorscale": "Viridis", "ncontours": 25,
         "colorbar": {"title": {"text": "E_total"}}, "name": "E_total", "showlegend": False},
        {"type": "scatter", "mode": "lines+markers", "x": path.p[: upto + 1].tolist(),
         "y": path.q[: upto + 1].tolist(), "name": t("landscape.path", lang),
         # White shows on every viridis shade; the dark rim keeps the path, and its legend
         # entry on the white paper, visible.
         "line": {"color": "white", "width": 3},
         "marker": {"size": 8, "color": "white", "line": {"color": "#1a1a1a", "width": 1.5}}},
        {"type": "scatter", "mode": "markers", "x": [float(path.p[upto])],
         "y": [float(path.q[upto])], "name": t("landscape.now", lang),
         "marker": {"size": 16, "color": HIGHLIGHT, "line": {"color": "white", "width": 2}}},
    ], "layout": layout}


def slice_figure(cut: Slice, lang: str, decimals: int = 4) -> dict[str, Any]:
    """J(w) for one weight, the tangent at the current point, and the update's step.

    The step −η·slope is often far shorter than the plotted range, so it is also labelled
    with its numbers (w0 → w1) by an arrow pointing at it.
    """
    half = (cut.values[-1] - cut.values[0]) / 6
    xs = [cut.w0 - half, cut.w0 + half]
    layout = _base(t("landscape.slice_title", lang, name=cut.name), cut.name, "E_total", 420)
    layout["annotations"] = [{
        "x": cut.w1, "y": cut.e1, "xref": "x", "yref": "y", "ax": 0, "ay": -70,
        "text": f"{cut.name}: {fmt(cut.w0, decimals)} → {fmt(cut.w1, decimals)}",
        "showarrow": True, "arrowhead": 2, "arrowwidth": 2, "arrowcolor": HIGHLIGHT,
        "font": {"size": 17, "color": "#1a1a1a"}, "bgcolor": "white",
        "bordercolor": HIGHLIGHT}]
    return {"data": [
        {"type": "scatter", "mode": "lines", "x": cut.values.tolist(), "y": cut.errors.tolist(),
         "name": "E_total", "line": {"color": NEGATIVE, "width": 3}},
        {"type": "scatter", "mode": "lines", "x": xs,
         "y": [cut.tangent(x) for x in xs],
         "name": t("landscape.tangent", lang), "line": {"color": POSITIVE, "width": 3,
                                                        "dash": "dash"}},
        {"type": "scatter", "mode": "lines+markers", "x": [cut.w0, cut.w1],
         "y": [cut.e0, cut.e1], "name": t("landscape.step", lang),
         "line": {"color": HIGHLIGHT, "width": 4}, "marker": {"size": 12}},
    ], "layout": layout}
