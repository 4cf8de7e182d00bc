"""Small Plotly charts shared by pages, built as plain dicts (cheaper than Plotly objects)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tutor.figures import theme
from tutor.i18n import t

# Kept for the chart modules that still import it from here (they move to tutor.figures.theme).
FONT = {"size": theme.FONT_PX, "color": theme.INK}


def error_history_figure(errors: Sequence[float], lang: str) -> dict[str, Any]:
    """E_total after each applied update (iteration 0 is the start), as a line with markers."""
    return {
        "data": [{"type": "scatter", "mode": "lines+markers", "x": list(range(len(errors))),
                  "y": list(errors), "line": {"color": theme.LINE, "width": 3},
                  "marker": {"size": 8}, "name": "E_total",
                  "hovertemplate": "%{x}: %{y:.9f}<extra></extra>"}],
        "layout": theme.chart_layout(
            t("chart.error_history", lang), 260, top=40, bottom=50,
            xaxis=theme.axis(t("chart.iteration", lang), dtick=1, rangemode="tozero"),
            yaxis=theme.axis("E_total", exponentformat="e"), showlegend=False),
    }
