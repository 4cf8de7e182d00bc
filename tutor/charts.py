"""Small Plotly charts shared by pages, built as plain dicts (cheaper than Plotly objects)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tutor.i18n import t

FONT = {"size": 16, "color": "#1a1a1a"}


def error_history_figure(errors: Sequence[float], lang: str) -> dict[str, Any]:
    """E_total after each applied update (iteration 0 is the start), as a line with markers."""
    return {
        "data": [{"type": "scatter", "mode": "lines+markers", "x": list(range(len(errors))),
                  "y": list(errors), "line": {"color": "#0072b2", "width": 3},
                  "marker": {"size": 8}, "name": "E_total",
                  "hovertemplate": "%{x}: %{y:.9f}<extra></extra>"}],
        "layout": {
            "height": 260, "margin": {"l": 70, "r": 20, "t": 40, "b": 50}, "font": FONT,
            "title": {"text": t("chart.error_history", lang), "font": {"size": 18}},
            "xaxis": {"title": {"text": t("chart.iteration", lang)}, "dtick": 1,
                      "rangemode": "tozero"},
            "yaxis": {"title": {"text": "E_total"}, "exponentformat": "e"},
            "plot_bgcolor": "white", "paper_bgcolor": "white", "showlegend": False,
        },
    }
