"""Charts of the landscape page: the contour with the descent path; a slice with its tangent."""

from __future__ import annotations

from typing import Any

from bpcore import fmt
from bpcore.landscape import Grid, Path, Slice
from tutor.figures.theme import (
    HIGHLIGHT,
    INK,
    LABEL_PX,
    NEGATIVE,
    POSITIVE,
    axis,
    chart_layout,
    font,
)
from tutor.figures.theme import legend as legend_at
from tutor.i18n import t
from tutor.ui.notation import text


def contour_figure(grid: Grid, path: Path, upto: int, lang: str) -> dict[str, Any]:
    """E over (p, q) as filled contours, and the first ``upto`` steps of descent on it."""
    layout = chart_layout(t("landscape.contour_title", lang), 580, top=90, bottom=60,
                          xaxis=axis(grid.p), yaxis=axis(grid.q), showlegend=True,
                          legend=legend_at("top"))
    return {"data": [
        {"type": "contour", "x": grid.p_values.tolist(), "y": grid.q_values.tolist(),
         "z": grid.errors.tolist(), "colorscale": "Viridis", "ncontours": 25,
         "colorbar": {"title": {"text": "E_total", "font": font()}, "tickfont": font()},
         "name": "E_total", "showlegend": False},
        {"type": "scatter", "mode": "lines+markers", "x": path.p[: upto + 1].tolist(),
         "y": path.q[: upto + 1].tolist(), "name": t("landscape.path", lang),
         # White shows on every viridis shade; the dark rim keeps the path, and its legend
         # entry on the white paper, visible.
         "line": {"color": "white", "width": 3},
         "marker": {"size": 8, "color": "white", "line": {"color": INK, "width": 1.5}}},
        {"type": "scatter", "mode": "markers", "x": [float(path.p[upto])],
         "y": [float(path.q[upto])], "name": t("landscape.now", lang),
         "marker": {"size": 16, "color": HIGHLIGHT, "line": {"color": "white", "width": 2}}},
    ], "layout": layout}


def slice_figure(cut: Slice, lang: str, decimals: int = 4) -> dict[str, Any]:
    """J(w) for one weight, the tangent at the current point, and the update's step.

    The step −η·slope is labelled with its numbers (w0 → w1) by an arrow pointing at it, and
    with −η·∂E/∂w under its middle; the tangent is labelled with its slope and drawn over a
    sixth of the range each side, or over 1.5 steps each side when that is longer (in a view
    fitted to the step, bpcore.landscape.fit_span, it reaches past both ends of the step).
    """
    half = max((cut.values[-1] - cut.values[0]) / 6, 1.5 * abs(cut.w1 - cut.w0))
    xs = [cut.w0 - half, cut.w0 + half]
    weight = text(cut.name)
    layout = chart_layout(t("landscape.slice_title", lang, name=cut.name), 440, top=90,
                          bottom=60, xaxis=axis(cut.name), yaxis=axis("E_total"),
                          showlegend=True, legend=legend_at("top"))
    layout["annotations"] = [{
        "x": cut.w1, "y": cut.e1, "xref": "x", "yref": "y", "ax": 0, "ay": -70,
        "text": f"{cut.name}: {fmt(cut.w0, decimals)} → {fmt(cut.w1, decimals)}",
        "showarrow": True, "arrowhead": 2, "arrowwidth": 2, "arrowcolor": HIGHLIGHT,
        "font": font(LABEL_PX), "bgcolor": "white",
        "bordercolor": HIGHLIGHT}, {
        "x": (cut.w0 + cut.w1) / 2, "y": (cut.e0 + cut.e1) / 2, "xref": "x", "yref": "y",
        "ax": 0, "ay": 60, "showarrow": True, "arrowcolor": HIGHLIGHT, "arrowwidth": 1.5,
        "text": f"−η·∂E/∂{weight} = {fmt(cut.w1 - cut.w0, decimals)}",
        "font": font(LABEL_PX), "bgcolor": "white", "bordercolor": HIGHLIGHT}, {
        "x": xs[0], "y": cut.tangent(xs[0]), "xref": "x", "yref": "y", "ax": 0, "ay": -50,
        "showarrow": True, "arrowcolor": POSITIVE, "arrowwidth": 1.5,
        "text": f"∂E/∂{weight} = {fmt(cut.slope, decimals)}", "font": font(LABEL_PX),
        "bgcolor": "white", "bordercolor": POSITIVE}]
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
