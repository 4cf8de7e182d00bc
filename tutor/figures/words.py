"""A figure in words, for a screen reader: what it plots and its numbers, in the reader's
language.

A figure builder that knows better says it itself: it puts its words in the figure dict's
``layout.meta.alt`` (``with_words``; plotly.js keeps ``meta`` and draws nothing from it) — the
network diagram names the current step, the neuron highlighted and its net, out and δ. Any
other chart is described from its own dict (``describe``): its title and axes, then each
named curve with its first and last value and its lowest, each bar chart's bars, each
heatmap's size and range. Every number is bpcore's ``fmt`` at the learner's precision.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from itertools import chain
from typing import Any

import numpy as np

from bpcore import fmt
from tutor.i18n import t

MAX_SERIES = 8  # curves described, at most (a weights chart has eight)
MAX_BARS = 12  # bars named one by one, at most (ten digit classes)
MAX_TABLE_ROWS = 50  # rows of a chart shown as a table, at most (a screenful to read)
_TAG = re.compile(r"<[^<>]*>")  # a tag holds no "<": a run of "<" is read once (linear)


def with_words(spec: dict[str, Any], words: str) -> dict[str, Any]:
    """``spec`` with ``words`` as its text alternative (layout.meta.alt); returns ``spec``."""
    meta = spec.setdefault("layout", {}).setdefault("meta", {})
    meta["alt"] = words
    return spec


def with_scale(spec: dict[str, Any], words: str) -> dict[str, Any]:
    """``spec`` with ``words`` stating the colour scale of its heatmaps that draw no colour
    bar of their own (layout.meta.scale; tutor.ui.plot draws it as a caption under the
    chart); returns ``spec``."""
    spec.setdefault("layout", {}).setdefault("meta", {})["scale"] = words
    return spec


def scale_of(spec: dict[str, Any]) -> str | None:
    """The words stating the figure's colour scale that its builder put in ``spec``, if any."""
    meta = spec.get("layout", {}).get("meta")
    return meta.get("scale") if isinstance(meta, dict) else None


def words_of(spec: dict[str, Any]) -> str | None:
    """The text alternative a figure builder put in ``spec``, if any."""
    meta = spec.get("layout", {}).get("meta")
    return meta.get("alt") if isinstance(meta, dict) else None


def plain(text: Any) -> str:
    """A Plotly title or name as plain text (its <br>, <sub>, <b> dropped)."""
    if isinstance(text, dict):
        text = text.get("text", "")
    return " ".join(_TAG.sub(" ", str(text or "")).split())


_PLAIN = frozenset({float, int})  # exactly these types: a bool is an int, and not a number here
_ROWS = (list, tuple)


def _numbers(values: Any) -> list[float]:
    """The finite numbers of a trace's values (None, NaN and text dropped), in order."""
    if not isinstance(values, Sequence) or isinstance(values, str):
        return []
    # Plain numbers, flat or in rows (a heatmap's): read at once, where the walk below asks
    # each of a 90×90 grid's 8,100 values what it is (most of the words' time, and the words
    # were 40 % of making a frame of Play). Anything else among them (None, text, a bool, a
    # NumPy scalar, deeper nesting) goes the walk's way; both give the same numbers.
    rows = values if values and all(type(r) in _ROWS for r in values) else (values,)
    if all(set(map(type, row)) <= _PLAIN for row in rows):
        flat = np.fromiter(chain.from_iterable(rows), float)
        return flat[np.isfinite(flat)].tolist()
    return _walked(values)


def _walked(values: Sequence[Any]) -> list[float]:
    """_numbers one value at a time (any nesting, anything among the numbers)."""
    out: list[float] = []
    for v in values:
        if isinstance(v, Sequence) and not isinstance(v, str):
            out += _walked(v)
        elif isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v):
            out.append(float(v))
    return out


def _number(value: float, decimals: int) -> str:
    """A whole number as itself (a count: 46, not 46.0000), any other by bpcore's fmt."""
    if float(value).is_integer() and abs(value) < 1e9:
        return str(int(value))
    return fmt(value, decimals)


def _curve(trace: dict[str, Any], decimals: int, lang: str) -> str | None:
    ys = _numbers(trace.get("y"))
    name = plain(trace.get("name"))
    if not ys or not name:
        return None
    if len(ys) == 1:
        return t("words.point", lang, name=name, value=fmt(ys[0], decimals))
    return t("words.curve", lang, name=name, first=fmt(ys[0], decimals),
             last=fmt(ys[-1], decimals), low=fmt(min(ys), decimals),
             high=fmt(max(ys), decimals), n=len(ys))


def _bars(trace: dict[str, Any], decimals: int, lang: str) -> str | None:
    xs, ys = trace.get("x") or [], trace.get("y") or []
    if trace.get("orientation") == "h":
        xs, ys = ys, xs
    pairs = [(plain(x), y) for x, y in zip(xs, ys, strict=False)
             if isinstance(y, (int, float)) and math.isfinite(y)]
    if not pairs:
        return None
    listed = ", ".join(f"{x} {fmt(y, decimals)}" for x, y in pairs[:MAX_BARS])
    return t("words.bars", lang, name=plain(trace.get("name")) or "—", bars=listed)


def _heatmap(trace: dict[str, Any], decimals: int, lang: str) -> str | None:
    z = trace.get("z") or []
    values = _numbers(z)
    if not values:
        return None
    rows = len(z)
    cols = max((len(r) for r in z if isinstance(r, Sequence)), default=1)
    return t("words.heatmap", lang, rows=rows, cols=cols, low=_number(min(values), decimals),
             high=_number(max(values), decimals))


def describe(spec: dict[str, Any], decimals: int, lang: str) -> str:
    """A chart in words, from its own dict: title, axes, then each curve, bar chart or heatmap
    (a figure builder's own words, ``layout.meta.alt``, come first when it has them)."""
    own = words_of(spec)
    if own:
        return own
    layout = spec.get("layout", {})
    parts = [plain(layout.get("title")) or t("words.chart", lang)]
    x_title = plain((layout.get("xaxis") or {}).get("title"))
    y_title = plain((layout.get("yaxis") or {}).get("title"))
    if x_title or y_title:
        parts.append(t("words.axes", lang, x=x_title or "—", y=y_title or "—"))
    said = 0
    for trace in spec.get("data", []):
        kind = trace.get("type", "scatter")
        if kind == "heatmap" or kind == "contour":
            line = _heatmap(trace, decimals, lang)
        elif kind == "bar":
            line = _bars(trace, decimals, lang)
        else:
            line = _curve(trace, decimals, lang)
        if line and said < MAX_SERIES:
            parts.append(line)
            said += 1
    return sentences(parts, lang)


def table_of(spec: dict[str, Any], decimals: int, x_name: str,
             limit: int = MAX_TABLE_ROWS) -> tuple[list[str], list[list[str]]]:
    """A curve chart as a table: its header (``x_name`` or the x axis's title, then each named
    curve) and its rows, one per x value of any curve (a blank where a curve has none).

    More than ``limit`` x values: ``limit`` of them evenly spread, always with the first, the
    last and where each curve is lowest. Numbers as bpcore's fmt at ``decimals`` (a whole x as
    itself). Only scatter traces with a name and numbers are columns (a marker of the current
    point, a shape or a heatmap are not curves).
    """
    columns: list[tuple[str, dict[float, float]]] = []
    for trace in spec.get("data", []):
        name = plain(trace.get("name"))
        ys = trace.get("y")
        if trace.get("type", "scatter") != "scatter" or not name or not isinstance(ys, Sequence):
            continue
        xs = trace.get("x")
        xs = xs if isinstance(xs, Sequence) and len(xs) == len(ys) else range(len(ys))
        points = {float(x): float(y) for x, y in zip(xs, ys, strict=True)
                  if isinstance(x, (int, float)) and isinstance(y, (int, float))
                  and math.isfinite(x) and math.isfinite(y)}
        if len(points) > 1 and all(name != seen for seen, _ in columns):
            columns.append((name, points))
    xs_all = sorted({x for _, points in columns for x in points})
    keep = xs_all
    if len(xs_all) > limit:
        lows = {min(points, key=points.__getitem__) for _, points in columns}
        spread = limit - len(lows) - 2
        picked = {xs_all[round(i * (len(xs_all) - 1) / max(spread - 1, 1))]
                  for i in range(max(spread, 0))}
        keep = sorted(picked | lows | {xs_all[0], xs_all[-1]})
    layout = spec.get("layout", {})
    header = [x_name or plain((layout.get("xaxis") or {}).get("title")) or "x"]
    header += [name for name, _ in columns]
    rows = [[_number(x, decimals), *(fmt(points[x], decimals) if x in points else ""
                                     for _, points in columns)] for x in keep]
    return header, rows


def sentences(parts: Sequence[str], lang: str) -> str:
    """``parts`` as sentences in the reader's language ("a. b." / "a。b。")."""
    stop = t("words.stop", lang)
    return stop.join(p.rstrip(".。 ") for p in parts if p) + stop.rstrip()
