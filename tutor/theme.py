"""The look every figure shares: colours, type sizes and the base layout, as fresh dicts.

One home for chart styling. Every function returns a new dict, so a figure that adds to its
layout never changes another figure's (a module-level dict handed out by reference would be
shared by every figure, and every student, on the server).

Colours are the Okabe–Ito colour-blind-safe palette; positive is vermillion, negative blue,
everywhere (gradient edges, heatmaps, bars).
"""

from __future__ import annotations

from typing import Any, Final

INK: Final = "#1a1a1a"
EDGE: Final = "#8a96a3"
FADED: Final = "#d5dbe1"
GRID: Final = "#eeeeee"
# The highlight is a purple that neither gradient colour nor any node fill resembles (an orange
# would read as the positive-gradient vermillion on a washed-out projector).
HIGHLIGHT: Final = "#7b2cbf"
POSITIVE: Final = "#d55e00"
NEGATIVE: Final = "#0072b2"
LINE: Final = "#0072b2"
BOX: Final = "rgba(255,255,255,0.92)"

FONT_PX: Final = 16  # axis text, legends: read from the back of a classroom
TITLE_PX: Final = 19
LABEL_PX: Final = 17  # text drawn inside a diagram (node and edge labels)


def font(size: int = FONT_PX, color: str = INK) -> dict[str, Any]:
    """A fresh Plotly font dict."""
    return {"size": size, "color": color}


def axis(title: str | None = None, **extra: Any) -> dict[str, Any]:
    """A fresh axis dict with the app's type sizes; ``extra`` adds or overrides keys."""
    spec: dict[str, Any] = {"tickfont": font(), **extra}
    if title is not None:
        spec["title"] = {"text": title, "font": font()}
    return spec


def chart_layout(title: str | None, height: int, *, left: int = 70, right: int = 20,
                 top: int = 50, bottom: int = 55, **extra: Any) -> dict[str, Any]:
    """The base layout of a chart: white, the app's fonts, a title, margins in pixels.

    ``extra`` adds or overrides top-level layout keys (axes, legend, …).
    """
    spec: dict[str, Any] = {
        "height": height, "margin": {"l": left, "r": right, "t": top, "b": bottom},
        "font": font(), "plot_bgcolor": "white", "paper_bgcolor": "white"}
    if title is not None:
        spec["title"] = {"text": title, "font": font(TITLE_PX)}
    spec.update(extra)
    return spec
