"""The spread of a class's answers to a live question, as plain Plotly dicts.

A number question is a histogram: the answers are counted in ``BINS`` equal bins over the
range they span (with the true value inside it), stacked by group — before the reveal one
group, "answers"; after it the right ones, each known mistake by its short name, the other
wrong ones — and the true value is marked once revealed. Answers far from the true value
(beyond ``REACH`` times its size, or ``MIN_REACH``) are counted in the edge bins, so one
typo of 1000 does not squeeze the class's answers into one bar. A sign-and-size prediction is
four bars, one per choice, the right one coloured once revealed.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final

from tutor.figures import theme
from tutor.i18n import t

BINS: Final = 12
REACH: Final = 3.0  # the axis spans at most the true value ± REACH·|true value| …
MIN_REACH: Final = 0.05  # … or ± MIN_REACH, whichever is wider
HEIGHT: Final = 250  # beside the formula, on one 1280×720 screen in presentation mode
RIGHT: Final = "#009e73"  # the Okabe–Ito green: right answers
OTHER: Final = theme.EDGE  # unnamed wrong answers, and every answer before the reveal
MISTAKES: Final = (theme.POSITIVE, theme.SERIES[3], theme.SERIES[4], theme.SERIES[5],
                   theme.SERIES[6])


@dataclass(frozen=True)
class Group:
    """Answers drawn in one colour: a legend name, a colour and the numbers."""

    name: str
    color: str
    values: tuple[float, ...]


def axis_range(values: Sequence[float], truth: float) -> tuple[float, float]:
    """[lo, hi] of the histogram: the answers and the true value, within its reach, and one
    bin's width of margin each side.

    lo < hi always: a class that all typed one number gets a narrow range around it.
    """
    reach = max(REACH * abs(truth), MIN_REACH)
    finite = [v for v in values if math.isfinite(v)]
    lo = max(min([*finite, truth]), truth - reach)
    hi = min(max([*finite, truth]), truth + reach)
    if hi - lo < 1e-12:
        pad = max(abs(truth) * 0.05, 1e-4)
        lo, hi = lo - pad, hi + pad
    margin = (hi - lo) / BINS  # a bin's width each side: no bar and no true value on the edge
    return lo - margin, hi + margin


def bin_counts(values: Sequence[float], lo: float, hi: float, bins: int = BINS) -> list[int]:
    """How many of ``values`` fall in each of ``bins`` equal bins of [lo, hi]; values
    outside (or not finite but infinite) count in the edge bin on their side; NaN nowhere."""
    counts = [0] * bins
    width = (hi - lo) / bins
    for v in values:
        if math.isnan(v):
            continue
        k = int((v - lo) // width) if math.isfinite(v) else (bins if v > 0 else -1)
        counts[min(max(k, 0), bins - 1)] += 1
    return counts


def value_tick(lo: float, hi: float, labels: int = 6) -> float:
    """A round step (1, 2 or 5 × 10ᵏ) between the answer axis's labels: about ``labels``."""
    raw = (hi - lo) / labels
    decade = 10 ** math.floor(math.log10(raw))
    return next(m * decade for m in (1, 2, 5, 10) if m * decade >= raw)


def count_tick(most: int) -> int:
    """A whole step between count labels: about six labels up to ``most`` students."""
    return max(1, math.ceil(most / 6))


def number_figure(groups: Sequence[Group], truth: float, show_truth: bool,
                  decimals: int, lang: str) -> dict[str, Any]:
    """A stacked histogram of the groups' answers; the true value marked when shown."""
    lo, hi = axis_range([v for g in groups for v in g.values], truth)
    width = (hi - lo) / BINS
    centers = [lo + (k + 0.5) * width for k in range(BINS)]
    tick = f".{max(min(decimals, 6), 1)}f"
    stacked = [sum(c) for c in zip(*(bin_counts(g.values, lo, hi) for g in groups),
                                   strict=True)] if groups else [0]
    data = [{"type": "bar", "name": g.name, "x": centers, "y": bin_counts(g.values, lo, hi),
             "width": width * 0.95, "marker": {"color": g.color},
             "hovertemplate": f"%{{x:{tick}}}: %{{y}}<extra>{g.name}</extra>"}
            for g in groups if g.values]
    shapes: list[dict[str, Any]] = []
    annotations: list[dict[str, Any]] = []
    if show_truth:
        shapes.append({"type": "line", "x0": truth, "x1": truth, "y0": 0, "y1": 1,
                       "yref": "paper", "line": {"color": theme.HIGHLIGHT, "width": 3}})
        annotations.append({"x": truth, "y": 1, "yref": "paper", "yanchor": "bottom",
                            "showarrow": False, "font": theme.font(color=theme.HIGHLIGHT),
                            "text": t("live.chart.truth", lang)})
    return {"data": data, "layout": theme.chart_layout(
        None, HEIGHT, left=50, top=30, bottom=50, barmode="stack", bargap=0,
        xaxis=theme.axis(None, type="linear", range=[lo, hi], tickformat=tick,
                         tick0=0, dtick=value_tick(lo, hi)),
        yaxis=theme.axis(t("live.chart.students", lang), rangemode="tozero",
                         dtick=count_tick(max(stacked, default=0))),
        legend={"orientation": "h", "y": -0.2, "font": theme.font(theme.SMALL_PX)},
        shapes=shapes, annotations=annotations)}


def choice_figure(labels: Sequence[str], counts: Sequence[int], right: int | None,
                  lang: str) -> dict[str, Any]:
    """One bar per choice (a sign and a size); the right one (its index) coloured if given."""
    colors = [RIGHT if k == right else OTHER for k in range(len(labels))]
    return {"data": [{"type": "bar", "x": list(labels), "y": list(counts),
                      "marker": {"color": colors}, "hovertemplate": "%{x}: %{y}<extra></extra>"}],
            "layout": theme.chart_layout(
                None, HEIGHT, left=50, top=30, bottom=50, showlegend=False,
                xaxis=theme.axis(None, type="category"),
                yaxis=theme.axis(t("live.chart.students", lang), rangemode="tozero",
                                 dtick=count_tick(max(counts, default=0))))}
