"""The look every figure shares: colours, type sizes and the base layout, as fresh dicts.

One home for chart styling. Every function returns a new dict, so a figure that adds to its
layout never changes another figure's (a module-level dict handed out by reference would be
shared by every figure, and every student, on the server).

Colours are the Okabe–Ito colour-blind-safe palette; positive is vermillion, negative blue,
everywhere (gradient edges, heatmaps, bars).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any, Final

INK: Final = "#1a1a1a"
# Lines and outlines are at least 3:1 against the white background (WCAG 1.4.11), faded ones
# too: an edge away from the current step is lighter and thinner than a plain one (3.1:1,
# plain 4.6:1), never the near-white it was (1.4:1). ``contrast`` measures it.
EDGE: Final = "#6b7682"
FADED: Final = "#8c949c"
GRID: Final = "#eeeeee"
# The highlight is a purple that neither gradient colour nor any node fill resembles (an orange
# would read as the positive-gradient vermillion on a washed-out projector).
HIGHLIGHT: Final = "#7b2cbf"
POSITIVE: Final = "#d55e00"
NEGATIVE: Final = "#0072b2"
LINE: Final = "#0072b2"
BOX: Final = "rgba(255,255,255,0.92)"
ZERO: Final = "#999999"  # a zero line drawn on purpose (the mean of per-sample gradients)
# One colour per curve, in this order (Okabe–Ito, colour-blind safe, black last).
SERIES: Final = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#7f7f7f",
                 "#000000")
# One line pattern per curve, in this order: curves overlaid on one chart differ without
# colour too (the legend draws each pattern; WCAG 1.4.1).
DASHES: Final = ("solid", "dash", "dot", "dashdot", "longdash", "longdashdot")
# Eight curves in four pairs of a dark and a light shade (w1/w2, w3/w4, … share a hue).
PAIRED: Final = ("#0072b2", "#56b4e9", "#009e73", "#8fd175", "#d55e00", "#e69f00", "#cc79a7",
                 "#7f7f7f")
# Classes of a toy data set, and the same hues much lighter for the regions behind them.
CLASSES: Final = ("#0072b2", "#d55e00", "#009e73")
CLASSES_LIGHT: Final = ("#bcd9ec", "#f5cfb3", "#b3e2d5")
# …and one marker shape per class, so the classes differ without colour too.
CLASS_SHAPES: Final = ("circle", "square", "diamond")

FONT_PX: Final = 16  # axis text, legends: read from the back of a classroom
TITLE_PX: Final = 19
LABEL_PX: Final = 17  # text drawn inside a diagram (node and edge labels)
SMALL_PX: Final = 15  # captions packed tightly (under each image of a mosaic)
MAX_LOG_LABELS: Final = 8  # powers of ten labelled on a log axis, at most


def luminance(colour: str) -> float:
    """Relative luminance of a "#rrggbb" colour (WCAG 2.x)."""
    channels = [int(colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two "#rrggbb" colours (1 … 21)."""
    low, high = sorted((luminance(a), luminance(b)))
    return (high + 0.05) / (low + 0.05)


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


def log_dtick(values: Iterable[float]) -> int:
    """Decades between labels of a log axis over ``values``: at most about MAX_LOG_LABELS
    labels, and no minor "2" and "5" labels crowding the powers of ten at projector size.
    """
    positive = [v for v in values if math.isfinite(v) and v > 0]
    if not positive:
        return 1
    decades = math.log10(max(positive)) - math.log10(min(positive))
    return max(1, math.ceil(decades / MAX_LOG_LABELS))


def log_axis(values: Iterable[float], title: str | None = None, **extra: Any) -> dict[str, Any]:
    """A log axis over ``values`` with few, plain labels: at powers of ten only (10⁻³, 10⁻²,
    …) over two decades or more; over less, at 1, 2 and 5 times a power of ten (0.02, 0.05,
    0.1, …), never Plotly's crowded minor digits.
    """
    spec = axis(title, **{"type": "log", "exponentformat": "power", "gridcolor": GRID, **extra})
    positive = [v for v in values if math.isfinite(v) and v > 0]
    if not positive:
        return spec
    low, high = min(positive), max(positive)
    if math.log10(high) - math.log10(low) >= 2:
        spec["dtick"] = log_dtick(positive)
        return spec
    ticks = [m * 10.0 ** k for k in range(math.floor(math.log10(low)),
                                          math.ceil(math.log10(high)) + 1) for m in (1, 2, 5)]
    ticks = [v for v in ticks if low / 1.05 <= v <= high * 1.05]
    if len(ticks) >= 2:  # else too narrow a range for these: Plotly's own labels
        spec.update(tickmode="array", tickvals=ticks, ticktext=[f"{v:g}" for v in ticks])
    return spec


def legend(where: str = "below", **extra: Any) -> dict[str, Any]:
    """A legend placed where it never covers the plot or the title.

    ``"right"``: one entry per line right of the plot (many curves); ``"top"``: one line
    above the plot, right-aligned (two or three curves, a short title); ``"below"``: one
    line under the x axis title.
    """
    spec: dict[str, Any] = {
        "right": {"orientation": "v", "x": 1.02, "xanchor": "left", "y": 1, "yanchor": "top"},
        "top": {"orientation": "h", "x": 1, "xanchor": "right", "y": 1.02,
                "yanchor": "bottom"},
        "below": {"orientation": "h", "x": 0, "xanchor": "left", "y": -0.2, "yanchor": "top"},
    }[where]
    return {**spec, "font": font(), **extra}
