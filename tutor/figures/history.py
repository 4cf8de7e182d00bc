"""Small Plotly charts shared by pages, built as plain dicts (cheaper than Plotly objects)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tutor.figures import theme
from tutor.i18n import t

# Kept for the chart modules that still import it from here (they move to tutor.figures.theme).
FONT = {"size": theme.FONT_PX, "color": theme.INK}


HISTORY_PAD = 0.15  # of the errors' span, above and below: the line never touches the frame


def history_range(errors: Sequence[float]) -> list[float]:
    """The y-axis range the errors need: their span with a margin (a flat run gets 5 % of its
    value), never below 0 for errors that are not (Plotly's own range for two points close
    together was −0.5…1, the line a flat stroke in the middle)."""
    lo, hi = min(errors), max(errors)
    pad = (hi - lo) * HISTORY_PAD or abs(hi) * 0.05 or 0.01
    return [max(lo - pad, 0.0) if lo >= 0 else lo - pad, hi + pad]


def error_history_figure(errors: Sequence[float], lang: str) -> dict[str, Any]:
    """E_total after each applied update (iteration 0 is the start), as a line with markers;
    the y axis spans the errors (history_range), the x axis the iterations."""
    return {
        "data": [{"type": "scatter", "mode": "lines+markers", "x": list(range(len(errors))),
                  "y": list(errors), "line": {"color": theme.LINE, "width": 3},
                  "marker": {"size": 8}, "name": "E_total",
                  "hovertemplate": "%{x}: %{y:.9f}<extra></extra>"}],
        "layout": theme.chart_layout(
            t("chart.error_history", lang), 260, top=40, bottom=50,
            xaxis=theme.axis(t("chart.iteration", lang), dtick=1,
                             range=[-0.3, max(len(errors) - 1, 1) + 0.3]),
            yaxis=theme.axis("E_total", exponentformat="e", range=history_range(errors)),
            showlegend=False),
    }
