"""A static Plotly figure dict drawn as a standalone SVG string, laid out as plotly.js lays it.

Why: the overview's diagram is a still picture (no hover, fixed axes), yet drawing it with
Plotly makes a fresh browser fetch and evaluate 4.7 MB of JavaScript first. This draws the
same figure as SVG instead, for the subset of Plotly the network figures use:

- traces: ``scatter`` with mode lines / markers / text (any "+" mix), two or more points
  (``customdata``, which only a click or hover would read, draws nothing);
- annotations without arrows: font, bgcolor, bordercolor, borderwidth, borderpad, x/yanchor,
  x/yshift, align, and Plotly's rich-text tags <b>, <i>, <sub>, <sup>, <br> in text;
- layout: height, width, margin, the axes' range (axes hidden), background colours, font.

Anything else raises ``Unsupported`` (a trace that would show hover, unless hoverinfo is
"skip"/"none" or layout.hovermode is False, included), so a figure it cannot draw faithfully
is never drawn wrong. Not drawn either way: clipping to the plot area (points outside the
axes' range are refused; a marker reaching over the plot's edge is drawn whole).

Mapping, as plotly.js: with plot area [l, W − r] × [t, H − b] (W, H the figure's
width and height, px; margin l, r, t, b) and axis ranges [x0, x1], [y0, y1],

    px = l + (x − x0) / (x1 − x0) · (W − l − r),    py = t + (y1 − y) / (y1 − y0) · (H − t − b).

Without ``layout.width`` the figure takes its container's width as plotly.js does: the SVG
is ``width="100%"`` and every x is written as a percentage of it plus a px offset,
px = f·W + (l − f·(l + r)) with f = (x − x0)/(x1 − x0), so text keeps its px size while the
columns spread with the container, exactly like the Plotly chart (the height stays fixed).
A line's two ends share one offset (the one exact at its middle): its ends may sit up to
|f₁ − f₂|·(l + r)/2 px off (under 3 px for the network's 3 px margins, under its nodes);
a figure whose margins would make that more than ``LINE_SLACK_PX`` is refused.

Text widths (for an annotation's box) are estimated from Source Sans' character widths
(tutor.figures.network.text_px); the text itself is drawn by the browser in the app's font.
The app puts the SVG inline in the page (tutor.ui.plot.svg_picture), where it uses the page's
own web font; an SVG shown as an image sees no page fonts and would need ``font_css`` (the
whole font embedded, ~230 kB of base64: what the tests' standalone pages use).

Why not the overview alone: each stepping page's diagram is a still picture per step too
(every step is a server rerun; its traces skip hover, its axes are fixed, nothing on it is
clicked), so the forward, backward and update pages draw it this way as well.
"""

from __future__ import annotations

import base64
import html
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from tutor.figures.network import text_px

FONT_FAMILY = "'Source Sans', 'Noto Sans CJK SC', sans-serif"
LINE_SPACING = 1.3  # plotly.js: the lines of a text this many font sizes apart
# A marker's text: its baseline this many font sizes below the point (plotly.js's middle
# centre, as measured in Chromium: 1.9 px above its nominal 0.35 em at 19 px).
MID_SHIFT = 0.25
LINE_SLACK_PX = 3.0
DEFAULT_MARGIN = {"l": 80, "r": 80, "t": 100, "b": 80}  # plotly.js's defaults
DEFAULT_HEIGHT = 450
_EST_SAFETY = 1.04  # text_px's own safety factor, taken back out: Plotly sizes to the text
_BOLD = 1.05  # bold Source Sans is about this much wider


class Unsupported(ValueError):
    """The figure uses something this renderer does not draw."""


# --- what is accepted --------------------------------------------------------------------
_FIGURE_KEYS = {"data", "layout"}
_TRACE_KEYS = {"type", "mode", "x", "y", "line", "hoverinfo", "text", "textfont",
               "textposition", "marker", "showlegend", "name", "cliponaxis", "customdata"}
_LINE_KEYS = {"color", "width"}
_MARKER_KEYS = {"size", "color", "opacity", "line", "symbol"}
_FONT_KEYS = {"size", "color", "weight", "family"}
_LAYOUT_KEYS = {"height", "width", "margin", "xaxis", "yaxis", "showlegend", "plot_bgcolor",
                "paper_bgcolor", "dragmode", "annotations", "font", "hovermode", "autosize",
                "meta"}  # meta: the figure's words (tutor.figures.words), nothing drawn
_AXIS_KEYS = {"visible", "range", "fixedrange"}
_NOTE_KEYS = {"name", "x", "y", "text", "showarrow", "font", "bgcolor", "bordercolor",
              "borderwidth", "borderpad", "xanchor", "yanchor", "xshift", "yshift", "align",
              "xref", "yref"}
_TAG = re.compile(r"<(/?)([a-zA-Z]+)\s*/?>")
_RICH = {"b", "i", "sub", "sup"}


def _check(where: str, spec: Mapping[str, Any], allowed: set[str]) -> None:
    extra = set(spec) - allowed
    if extra:
        raise Unsupported(f"{where}: {', '.join(sorted(extra))}")


# --- rich text ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Run:
    """A piece of one line of text with its style."""

    text: str
    bold: bool = False
    italic: bool = False
    shift: str = ""  # "", "sub" or "sup"


def rich_lines(text: str) -> list[list[Run]]:
    """Plotly's pseudo-HTML (<b>, <i>, <sub>, <sup>, <br>, HTML entities) as lines of runs.
    Any other tag raises Unsupported."""
    lines: list[list[Run]] = [[]]
    open_: list[str] = []
    pos = 0

    def add(piece: str) -> None:
        if piece:
            shift = next((s for s in reversed(open_) if s in ("sub", "sup")), "")
            lines[-1].append(Run(html.unescape(piece), "b" in open_, "i" in open_, shift))

    for m in _TAG.finditer(text):
        add(text[pos:m.start()])
        pos = m.end()
        closing, tag = m.group(1) == "/", m.group(2).lower()
        if tag == "br" and not closing:
            lines.append([])
        elif tag in _RICH and not closing:
            open_.append(tag)
        elif tag in _RICH and closing and tag in open_:
            del open_[len(open_) - 1 - open_[::-1].index(tag)]
        else:
            raise Unsupported(f"text tag <{m.group(0)[1:-1]}>")
    add(text[pos:])
    return lines


def _line_px(runs: Sequence[Run], size: float) -> float:
    """Estimated width in px of one line at ``size`` px (sub/sup at 70 %)."""
    return sum(text_px(r.text, size * (0.7 if r.shift else 1.0)) / _EST_SAFETY
               * (_BOLD if r.bold else 1.0) for r in runs)


# --- colours and numbers -----------------------------------------------------------------
_RGBA = re.compile(r"rgba\(\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)\s*\)")


def _paint(prop: str, color: str) -> str:
    """An SVG fill/stroke attribute pair for a CSS colour (rgba split into colour + opacity,
    which every SVG viewer reads)."""
    m = _RGBA.fullmatch(color.strip())
    if m:
        r, g, b, a = (float(v) for v in m.groups())
        # whole 0–255 channels as #rrggbb (the shortest form; a picture is sent every step)
        rgb = (f"#{int(r):02x}{int(g):02x}{int(b):02x}"
               if all(v.is_integer() and 0 <= v <= 255 for v in (r, g, b))
               else f"rgb({r:g},{g:g},{b:g})")
        return f'{prop}="{rgb}"' + (f' {prop}-opacity="{a:g}"' if a != 1 else "")
    if not re.fullmatch(r"#[0-9a-fA-F]{3,8}|[a-zA-Z]+|rgb\([\d.,\s]+\)", color.strip()):
        raise Unsupported(f"colour {color!r}")
    return f'{prop}="{_attr(color.strip())}"'


def _attr(value: str) -> str:
    return html.escape(value, quote=True)


def _n(v: float) -> str:
    return f"{v:.2f}".rstrip("0").rstrip(".")


def _each(value: Any, n: int, default: Any) -> list[Any]:
    """A per-point attribute as a list of n (a scalar repeats)."""
    if value is None:
        return [default] * n
    if isinstance(value, (list, tuple)):
        if len(value) != n:
            raise Unsupported("a per-point list of the wrong length")
        return list(value)
    return [value] * n


# --- geometry ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Frame:
    """Where data goes on the figure: x as a fraction f of the plot width (written f·W + c px,
    W the figure's width, px when ``width`` is known), y in px."""

    width: float | None  # px, or None: the container's width (the SVG is 100 % wide)
    height: float
    left: float
    right: float
    top: float
    bottom: float
    x_range: tuple[float, float]
    y_range: tuple[float, float]

    def fx(self, x: float) -> float:
        x0, x1 = self.x_range
        return (x - x0) / (x1 - x0)

    def x_at(self, f: float, shift: float = 0.0) -> tuple[str, float]:
        """An x attribute and the px offset to translate by, for a fraction f of the plot."""
        if self.width is not None:
            return _n(self.left + f * (self.width - self.left - self.right) + shift), 0.0
        percent = f"{100 * f:.4f}".rstrip("0").rstrip(".")
        return f"{percent}%", self.left - f * (self.left + self.right) + shift

    def py(self, y: float) -> float:
        y0, y1 = self.y_range
        return self.top + (y1 - y) / (y1 - y0) * (self.height - self.top - self.bottom)


def _frame(layout: Mapping[str, Any]) -> Frame:
    margin = {**DEFAULT_MARGIN, **layout.get("margin", {})}
    _check("layout.margin", margin, {"l", "r", "t", "b", "pad", "autoexpand"})
    if margin.get("pad"):
        raise Unsupported("layout.margin.pad")
    ranges = []
    for name in ("xaxis", "yaxis"):
        axis = layout.get(name, {})
        _check(f"layout.{name}", axis, _AXIS_KEYS)
        if axis.get("visible", True):
            raise Unsupported(f"layout.{name}: a visible axis")
        lo, hi = (float(v) for v in axis.get("range", ()) or (math.nan, math.nan))
        if not (math.isfinite(lo) and math.isfinite(hi) and hi > lo):
            raise Unsupported(f"layout.{name}.range: an increasing range of two numbers")
        ranges.append((lo, hi))
    width = layout.get("width")
    return Frame(None if width is None else float(width),
                 float(layout.get("height", DEFAULT_HEIGHT)), float(margin["l"]),
                 float(margin["r"]), float(margin["t"]), float(margin["b"]), ranges[0],
                 ranges[1])


# --- drawing -----------------------------------------------------------------------------
def _text_el(lines: Sequence[Sequence[Run]], x: str, dx: float, first_baseline: float,
             size: float, color: str, anchor: str, weight: str = "normal",
             inherited: float | None = None) -> str:
    """A <text> of one or more lines (tspans LINE_SPACING apart), x anchored by ``anchor``;
    its font-size left to the <svg>'s when it is that (``inherited``)."""
    parts = [f'<text x="{x}" y="{_n(first_baseline)}" transform="translate({_n(dx)},0)"'
             + ("" if size == inherited else f' font-size="{_n(size)}"')
             + f' {_paint("fill", color)} text-anchor="{anchor}"'
             + (f' font-weight="{weight}"' if weight != "normal" else "") + ">"]
    for i, runs in enumerate(lines):
        parts.append(f'<tspan x="{x}" dy="{_n(0 if i == 0 else LINE_SPACING * size)}">'
                     if runs else f'<tspan x="{x}" dy="{_n(LINE_SPACING * size)}">\u200b')
        for run in runs:
            attrs = ""
            if run.bold:
                attrs += ' font-weight="bold"'
            if run.italic:
                attrs += ' font-style="italic"'
            if run.shift:
                attrs += (' font-size="70%" baseline-shift="'
                          + ("super" if run.shift == "sup" else "sub") + '"')
            piece = html.escape(run.text, quote=False)
            parts.append(f"<tspan{attrs}>{piece}</tspan>" if attrs else piece)
        parts.append("</tspan>")
    parts.append("</text>")
    return "".join(parts)


def _scatter(trace: Mapping[str, Any], frame: Frame, index: int, font: Mapping[str, Any],
             hovermode: Any = "closest") -> list[str]:
    _check(f"data[{index}]", trace, _TRACE_KEYS)
    if trace.get("type", "scatter") != "scatter":
        raise Unsupported(f"data[{index}]: trace type {trace.get('type')!r}")
    mode = set(str(trace.get("mode", "lines")).split("+"))
    if not mode <= {"lines", "markers", "text"} or "none" in mode:
        raise Unsupported(f"data[{index}]: mode {trace.get('mode')!r}")
    if trace.get("hoverinfo", "all") not in ("skip", "none") and hovermode is not False:
        raise Unsupported(f"data[{index}]: hover (a still picture has none)")
    xs, ys = [float(v) for v in trace["x"]], [float(v) for v in trace["y"]]
    if len(xs) != len(ys) or not xs:
        raise Unsupported(f"data[{index}]: x and y of different lengths")
    for x, y in zip(xs, ys, strict=True):
        x0, x1 = frame.x_range
        y0, y1 = frame.y_range
        if not (x0 <= x <= x1 and y0 <= y <= y1):
            raise Unsupported(f"data[{index}]: a point outside the axes' range (clipped)")
    out: list[str] = []
    n = len(xs)
    if "lines" in mode:
        line = trace.get("line", {})
        _check(f"data[{index}].line", line, _LINE_KEYS)
        fs = [frame.fx(x) for x in xs]
        pts = []
        for (fa, ya), (fb, yb) in zip(zip(fs, ys, strict=True), zip(fs[1:], ys[1:],
                                                                    strict=True),
                                      strict=False):
            xa, ca = frame.x_at(fa)
            xb, cb = frame.x_at(fb)
            if abs(ca - cb) / 2 > LINE_SLACK_PX:
                raise Unsupported(f"data[{index}]: margins too wide to stretch a line")
            pts.append(f'<line x1="{xa}" y1="{_n(frame.py(ya))}" x2="{xb}" '
                       f'y2="{_n(frame.py(yb))}" transform="translate({_n((ca + cb) / 2)},0)"'
                       f' {_paint("stroke", line.get("color", "#1f77b4"))} '
                       f'stroke-width="{_n(float(line.get("width", 2)))}"/>')
        out += pts
    if "markers" in mode:
        marker = trace.get("marker", {})
        _check(f"data[{index}].marker", marker, _MARKER_KEYS)
        if marker.get("symbol", "circle") != "circle":
            raise Unsupported(f"data[{index}].marker.symbol")
        if float(marker.get("opacity", 1)) != 1:
            raise Unsupported(f"data[{index}].marker.opacity below 1")
        ring = marker.get("line", {})
        _check(f"data[{index}].marker.line", ring, _LINE_KEYS)
        sizes = _each(marker.get("size"), n, 6)
        fills = _each(marker.get("color"), n, "#1f77b4")
        strokes = _each(ring.get("color"), n, "#444")
        widths = _each(ring.get("width"), n, 0)
        for i in range(n):
            cx, dx = frame.x_at(frame.fx(xs[i]))
            stroke = (f' {_paint("stroke", strokes[i])} stroke-width="{_n(float(widths[i]))}"'
                      if float(widths[i]) > 0 else "")
            out.append(f'<circle cx="{cx}" cy="{_n(frame.py(ys[i]))}" '
                       f'r="{_n(float(sizes[i]) / 2)}" transform="translate({_n(dx)},0)" '
                       f'{_paint("fill", fills[i])}{stroke}/>')
    if "text" in mode:
        if trace.get("textposition", "middle center") != "middle center":
            raise Unsupported(f"data[{index}].textposition")
        textfont = {**font, **trace.get("textfont", {})}
        _check(f"data[{index}].textfont", textfont, _FONT_KEYS)
        size = float(textfont.get("size", 12))
        texts = _each(trace.get("text"), n, "")
        for i in range(n):
            lines = rich_lines(str(texts[i]))
            tx, dx = frame.x_at(frame.fx(xs[i]))
            # the block's middle on the point: the first baseline half the extra lines up
            base = frame.py(ys[i]) + MID_SHIFT * size - (len(lines) - 1) * LINE_SPACING * size / 2
            out.append(_text_el(lines, tx, dx, base, size, str(textfont.get("color", "#444")),
                                "middle", str(textfont.get("weight", "normal")),
                                float(font["size"])))
    return out


def _annotation(note: Mapping[str, Any], frame: Frame, index: int,
                font: Mapping[str, Any]) -> list[str]:
    _check(f"layout.annotations[{index}]", note, _NOTE_KEYS)
    if note.get("showarrow", True):
        raise Unsupported(f"layout.annotations[{index}]: an arrow")
    if note.get("xref", "x") != "x" or note.get("yref", "y") != "y":
        raise Unsupported(f"layout.annotations[{index}]: a reference other than the axes")
    nfont = {**font, **note.get("font", {})}
    _check(f"layout.annotations[{index}].font", nfont, _FONT_KEYS)
    size = float(nfont.get("size", 12))
    lines = rich_lines(str(note.get("text", "")))
    pad, border = float(note.get("borderpad", 1)), float(note.get("borderwidth", 1))
    full = pad + border
    # whole px, as plotly.js rounds an annotation's outer size
    w = float(round(max(_line_px(ln, size) for ln in lines) + 2 * full))
    h = float(round((len(lines) - 1) * LINE_SPACING * size + TEXT_BOX_EM * size + 2 * full))
    xanchor, yanchor = note.get("xanchor", "auto"), note.get("yanchor", "auto")
    xanchor = "center" if xanchor == "auto" else xanchor
    yanchor = "middle" if yanchor == "auto" else yanchor
    if xanchor not in ("left", "center", "right") or yanchor not in ("top", "middle", "bottom"):
        raise Unsupported(f"layout.annotations[{index}]: anchor {xanchor}/{yanchor}")
    left = float(note.get("xshift", 0)) - {"left": 0.0, "center": w / 2, "right": w}[xanchor]
    top = frame.py(float(note["y"])) - float(note.get("yshift", 0)) - {
        "top": 0.0, "middle": h / 2, "bottom": h}[yanchor]
    x, dx = frame.x_at(frame.fx(float(note["x"])))
    align = note.get("align", "center")
    if align not in ("left", "center", "right"):
        raise Unsupported(f"layout.annotations[{index}].align")
    bg, edge = note.get("bgcolor", "rgba(0,0,0,0)"), note.get("bordercolor", "rgba(0,0,0,0)")
    out = [f'<rect x="{x}" y="{_n(top + border / 2)}" width="{_n(w - border)}" '
           f'height="{_n(h - border)}" transform="translate({_n(dx + left + border / 2)},0)" '
           f'{_paint("fill", bg)}'
           + (f' {_paint("stroke", edge)} stroke-width="{_n(border)}"' if border > 0 else "")
           + "/>"]
    text_dx = dx + left + {"left": full, "center": w / 2, "right": w - full}[align]
    out.append(_text_el(lines, x, text_dx, top + full + TEXT_ASCENT_EM * size, size,
                        str(nfont.get("color", "#444")),
                        {"left": "start", "center": "middle", "right": "end"}[align],
                        str(nfont.get("weight", "normal")), float(font["size"])))
    return out


# A line of Source Sans text as the browser boxes it (the box plotly.js sizes an annotation
# to), and its baseline below the box's top, in font sizes (measured in Chromium).
TEXT_BOX_EM = 1.31
TEXT_ASCENT_EM = 0.98


def figure_svg(fig: Mapping[str, Any], *, font_css: str = "", title: str = "") -> str:
    """The figure as a standalone SVG document (a string), or Unsupported.

    ``font_css``: @font-face rules to embed (an SVG image sees no page fonts); ``title``:
    the picture's accessible name.
    """
    _check("figure", fig, _FIGURE_KEYS)
    layout = fig.get("layout", {})
    _check("layout", layout, _LAYOUT_KEYS)
    if layout.get("showlegend", False):
        raise Unsupported("layout.showlegend")
    frame = _frame(layout)
    font = {"size": 12, "color": "#444", **layout.get("font", {})}
    _check("layout.font", font, _FONT_KEYS)
    body: list[str] = []
    for i, trace in enumerate(fig.get("data", [])):
        body += _scatter(trace, frame, i, font, layout.get("hovermode", "closest"))
    for i, note in enumerate(layout.get("annotations", [])):
        body += _annotation(note, frame, i, font)
    width = "100%" if frame.width is None else _n(frame.width)
    paper = layout.get("paper_bgcolor", "white")
    plot = layout.get("plot_bgcolor", "white")
    head = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" '
            f'height="{_n(frame.height)}" font-family="{_attr(FONT_FAMILY)}" '
            f'font-size="{_n(float(font["size"]))}">']
    if title:
        head.append(f"<title>{html.escape(title, quote=False)}</title>")
    if font_css:
        head.append(f"<style>{font_css}</style>")
    head.append(f'<rect width="100%" height="100%" {_paint("fill", paper)}/>')
    if plot != paper:  # the plot's band, then the side margins painted back over it
        head.append(f'<rect y="{_n(frame.top)}" width="100%" '
                    f'height="{_n(frame.height - frame.top - frame.bottom)}" '
                    f'{_paint("fill", plot)}/>')
        head.append(f'<rect width="{_n(frame.left)}" height="100%" {_paint("fill", paper)}/>')
        head.append(f'<rect x="100%" width="{_n(frame.right)}" height="100%" '
                    f'transform="translate({_n(-frame.right)},0)" {_paint("fill", paper)}/>')
    return "".join(head + body + ["</svg>"])


# --- the app's font ------------------------------------------------------------------------
def _streamlit_media() -> Path:
    import streamlit

    return Path(streamlit.__file__).parent / "static" / "static" / "media"


@lru_cache(maxsize=1)
def app_font_css() -> str:
    """@font-face for "Source Sans" (normal and bold: one variable font), from the font file
    Streamlit itself serves, embedded as a data URI; empty if that file is not there (the
    browser then uses the next font of FONT_FAMILY)."""
    found = sorted(_streamlit_media().glob("SourceSansVF-Upright*.woff2"))
    if not found:
        return ""
    data = base64.b64encode(found[0].read_bytes()).decode("ascii")
    return ("@font-face{font-family:'Source Sans';font-style:normal;font-weight:200 900;"
            f"src:url(data:font/woff2;base64,{data}) format('woff2');}}")


def texts_in(svg: str) -> Iterable[str]:
    """Every line of text in an SVG this module drew, unescaped (for tests and checks).

    A line's text never runs past the next line's opening (``<tspan x=``), and a tag never
    contains a ``<``: each search from a ``<`` then stops within its own line or tag, so the
    patterns stay linear (``(.*?)</tspan>`` and ``<[^>]+>`` were quadratic on a text of many
    openings and no close)."""
    for line in re.findall(r'<tspan x="[^"]*" dy="[^"]*">((?:[^<]|<(?!tspan x=))*?)</tspan>'
                           r'(?=<tspan x=|</text>)', svg):
        yield html.unescape(re.sub(r"<[^<>]+>", "", line)).replace("\u200b", "")
