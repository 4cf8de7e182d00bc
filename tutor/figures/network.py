"""The 2-2-2 network drawn in Plotly, phase by phase, as a plain figure dict.

Classic layout: inputs left, hidden middle, outputs right, i1/h1/o1 on top, each bias its own
small node below the layer it feeds, targets and E_total right of the outputs. Every value is
written in the tutorial's notation (w5, ∂E/∂w5, w5⁺, δ: tutor.ui.notation) and formatted by
bpcore.fmt at the learner's precision, and appears only once its step has been reached, so
nothing shows a gradient before the backward pass computes it.

Geometry, in pixels. Text keeps its pixel size while data units stretch with the column, so
the figure is laid out for the narrowest plot it gets (``Look.min_width``: the diagram column
at 1280 px with the sidebar open) at a fixed height; a wider column only adds room. Each
label's width is estimated from its characters (Source Sans, as measured in the browser), and
the figure takes the largest type — breaking a long "name = value" after the "=" if that
helps — at which no label overlaps another label, a node or an edge other than its own, and
every label stays inside the plot (``layout_problems`` lists what would collide). The layout
is sized from everything the page will reveal, so it holds still while stepping.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from types import MappingProxyType
from typing import Any

from bpcore import EDGES, HIDDEN, INPUTS, OUTPUTS, Scenario, Step, Trace, fmt, trace_step
from bpcore.qname import NEURONS, QName, from_mazur, gradient, updated
from tutor.figures import theme
from tutor.figures.theme import BOX, EDGE, FADED, HIGHLIGHT, INK, NEGATIVE, POSITIVE
from tutor.figures.words import sentences, with_words
from tutor.i18n import t
from tutor.ui.notation import step_text, worked_text
from tutor.ui.notation import text as notation

# Re-exported for the chart modules that still import them from here (they move to
# tutor.figures.theme): BOX, EDGE, FADED, HIGHLIGHT, INK, NEGATIVE, POSITIVE and FONT.
FONT = theme.LABEL_PX
__all__ = ["BOX", "EDGE", "FADED", "FILL", "FONT", "HIGHLIGHT", "INK", "NEGATIVE", "POS",
           "POSITIVE", "Look", "known_values", "layout_problems", "look_for", "network_figure"]

# Node centres in data units: columns x = 0, 1, 2; rows y = 1 (top) and y = 0. Each bias sits
# below and left of the layer it feeds, so its edge to the top row crosses the bottom row
# between the bottom edge's label and the neuron.
POS: Mapping[str, tuple[float, float]] = MappingProxyType({
    "i1": (0.0, 1.0), "i2": (0.0, 0.0), "h1": (1.0, 1.0), "h2": (1.0, 0.0),
    "o1": (2.0, 1.0), "o2": (2.0, 0.0), "b1": (0.66, -0.46), "b2": (1.66, -0.46)})
# Where along each weight's edge its label sits: the crossing pairs (w2/w3, w6/w7) a third of
# the way from their source, so each is a third of a row from the other and from the straight
# edge's label at the middle.
LABEL_AT: Mapping[str, float] = MappingProxyType({
    "w1": 0.5, "w2": 1 / 3, "w3": 1 / 3, "w4": 0.5, "w5": 0.5, "w6": 1 / 3, "w7": 1 / 3,
    "w8": 0.5})
FILL: Mapping[str, str] = MappingProxyType(
    {"i": "#56b4e9", "h": "#009e73", "o": "#cc79a7", "b": "#f0e442"})
# Nodes away from the current step, half-way to white: an opaque fill, so no edge shows
# through a node the way it would with marker opacity.
DIM: Mapping[str, str] = MappingProxyType({k: "#" + "".join(
    f"{(int(c[i:i + 2], 16) + 255) // 2:02x}" for i in (1, 3, 5)) for k, c in FILL.items()})
ERROR_FILL = "#fff7e0"
LINE_SPACING = 1.3  # plotly.js puts the lines of a label this many font sizes apart
PAD, BORDER = 2, 1  # a label's padding and border, px
GAP = 3  # the least room between two things, px


@dataclass(frozen=True)
class Look:
    """The pixel sizes of one diagram: type, nodes, the plot's height and its least width."""

    label_px: float  # values and names on edges and beside nodes
    name_px: float  # a node's own name, inside it
    node_px: float
    bias_px: float
    ring_px: float  # the highlight ring of the current step's nodes
    height: int  # the whole figure, px
    min_width: int  # the narrowest plot area this diagram is laid out for, px
    min_scale: float = 0.6  # type is never drawn smaller than this share of label_px

    def scaled(self, k: float) -> Look:
        """The same look with type scaled by ``k`` (nodes keep their size)."""
        return replace(self, label_px=self.label_px * k)


# On a page: the diagram column at 1280 px with the sidebar open is ~530 px wide. In
# presentation mode everything is ~1.3 times larger (22 px type instead of 17) and the
# sidebar is closed, so the column is ~700 px wide and the plot a little shorter.
PAGE_LOOK = Look(label_px=theme.LABEL_PX - 1, name_px=19, node_px=54, bias_px=38, ring_px=5,
                 height=455, min_width=512)
PRESENT_LOOK = Look(label_px=21, name_px=24, node_px=60, bias_px=44, ring_px=5, height=475,
                    min_width=740)


def look_for(presenting: bool) -> Look:
    """The look of a page in presentation mode or not."""
    return PRESENT_LOOK if presenting else PAGE_LOOK


def known_values(trace: Trace, view: str, steps: Sequence[Step], current: int | None,
                 reveal_current: bool = True) -> dict[QName, float]:
    """The values a learner has seen at this point, by typed name (bpcore.qname): earlier
    phases whole, this one so far.

    In practice mode the current step's own value stays hidden until it is answered.
    """
    earlier = {"overview": ("forward", "error"), "forward": (),
               "backward": ("forward", "error"), "update": ("forward", "error", "backward")}
    known = {s.qname: s.value for s in trace.phase_steps(*earlier[view]) if s.qname}
    reached = steps if current is None else steps[: current + (1 if reveal_current else 0)]
    known.update((s.qname, s.value) for s in reached if s.qname)
    return known


def _neuron(kind: str, n: str) -> QName:
    """net, out, out⁺ or δ of the diagram's neuron ``n`` (h1 … o2), the worked example's one
    sample."""
    layer, j = NEURONS[n]
    return QName(kind, layer, j, sample=1)


# --- text ------------------------------------------------------------------------------
# Widths in em of Source Sans as plotly.js draws it in the app (measured in Chromium); any
# other character counts as a wide letter.
_EM: Mapping[str, float] = MappingProxyType({
    **dict.fromkeys("0123456789=+−×_", 0.5), **dict.fromkeys(".:,", 0.25),
    **dict.fromkeys("()", 0.31), **dict.fromkeys("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺₀₁₂₃₄₅₆₇₈₉", 0.37),
    "-": 0.31, "/": 0.35, " ": 0.2, "?": 0.43, "→": 0.62, "∂": 0.53, "δ": 0.53, "η": 0.55,
    "w": 0.72, "m": 0.83, "i": 0.25, "j": 0.25, "l": 0.26, "t": 0.32, "r": 0.35, "f": 0.29,
    "s": 0.42, "c": 0.44, "z": 0.43, "E": 0.53, "T": 0.54})
_SAFETY = 1.04


@lru_cache(maxsize=4096)
def text_px(line: str, size: float) -> float:
    """Estimated width in px of one line of label text at ``size`` px."""
    def em(c: str) -> float:
        return 1.0 if ord(c) >= 0x2E80 else _EM.get(c, 0.56)  # CJK: one em
    return size * _SAFETY * sum(em(c) for c in line)


# A label is a list of lines; a line is text, or a (name, value) pair written "name = value",
# or broken after the "=" when the figure needs narrow labels. ``split``: 0 never; 1 the
# gradient lines on the straight edges (w1, w4, w5, w8: their labels sit between two nodes,
# the crossing edges' labels have room around them); 2 every gradient line; 3 every pair.
Line = str | tuple[str, str]
STRAIGHT = ("w1", "w4", "w5", "w8")


@dataclass(frozen=True)
class Style:
    """How labels are broken into lines: ``split`` as above; ``join`` writes a neuron's net
    and out on one line (for a figure with more width than height to spare)."""

    split: int = 0
    join: bool = False


# The styles a figure may take, in the order it prefers them at equal type size.
STYLES = (Style(0), Style(1), Style(0, True), Style(1, True), Style(2), Style(2, True),
          Style(3), Style(3, True))


def _render(lines: Sequence[Line], split: int, straight: bool = True) -> list[str]:
    out: list[str] = []
    for line in lines:
        if isinstance(line, str):
            out.append(line)
        elif split >= 3 or (line[0].startswith("∂") and (split >= 2 or split == 1 and straight)):
            out += [f"{line[0]} =", line[1]]
        else:
            out.append(f"{line[0]} = {line[1]}")
    return out


def _param_name(param: QName, trace: Trace) -> str:
    """The tutorial's name of an edge's parameter: w5, or b1/b2 while biases are shared."""
    if param.kind == "w" or trace.scenario.train_biases:
        return worked_text(param)
    return f"b{param.layer}"


def _value(known: Mapping[QName, float], name: QName, d: int) -> str:
    return fmt(known[name], d) if name in known else "?"


def _edge_lines(edge: str, trace: Trace, view: str, known: Mapping[QName, float], d: int,
                lang: str) -> list[Line]:
    """w5 = 0.4000, then ∂E/∂w5 once computed (backward), or w5⁺ (update)."""
    param = from_mazur(edge)  # the diagram's edge w5 (b_h1) is the parameter w^2_11 (b^1_1)
    lines: list[Line] = [(_param_name(param, trace), fmt(trace.scenario.get(edge), d))]
    trains = param.kind == "w" or trace.scenario.train_biases
    new, grad = updated(param), gradient(param)
    if view == "update":
        lines.append((worked_text(new), _value(known, new, d)) if trains
                     else f"({t('diagram.fixed', lang)})")  # a shared bias keeps its value
    elif view == "backward" and grad in known:
        lines.append((worked_text(grad), fmt(known[grad], d)))
    return lines


def _node_lines(n: str, view: str, known: Mapping[QName, float], d: int,
                join: bool = False) -> list[Line]:
    """net and out, then δ once reached; the update view trades net (which no update uses)
    for the new out once the forward pass reruns. ``join`` puts the first two on one line
    (a wider, lower block, for a figure short of height)."""
    lines: list[Line] = [f"net {_value(known, _neuron('net', n), d)}",
                         f"out {_value(known, _neuron('out', n), d)}"]
    if view == "update":
        out_new = _neuron("out_new", n)
        lines = lines[1:] + ([f"out⁺ {fmt(known[out_new], d)}"] if out_new in known else [])
    if join and len(lines) > 1:
        lines = [f"{lines[0]} · {lines[1]}", *lines[2:]]
    if (delta := _neuron("delta", n)) in known:
        lines.append(f"δ {fmt(known[delta], d)}")
    return lines


def _error_lines(known: Mapping[QName, float], d: int, lang: str) -> list[Line]:
    lines: list[Line] = [*t("diagram.error", lang).split("\n"), _value(known, QName("E"), d)]
    if QName("E_new") in known:  # on its own line: the box stays narrow beside the outputs
        lines.append(f"→ {fmt(known[QName('E_new')], d)}")
    return lines


# --- layout ------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Label:
    """One annotation: its anchor in data units, how it hangs from it, and its lines."""

    name: str  # what it labels: an edge ("w5"), a node ("h1"), "target_o1", "E_total"
    x: float
    y: float
    lines: tuple[str, ...]
    xanchor: str = "center"  # the label's side at the anchor (plotly's xanchor)
    yanchor: str = "middle"
    xshift: float = 0.0  # px
    yshift: float = 0.0  # px, up
    edge: str | None = None  # the edge a label sits on
    pad: float = PAD
    border: float = BORDER


def _labels(trace: Trace, view: str, known: Mapping[QName, float], d: int, lang: str,
            look: Look, style: Style) -> list[_Label]:
    """Every label of the figure, anchored and shifted in px."""
    split = style.split
    clear = look.node_px / 2 + look.ring_px + 2 * GAP  # beside a node, clear of its ring
    labels = []
    for e, (src, dst) in EDGES.items():
        if e in LABEL_AT:
            (x0, y0), (x1, y1), a = POS[src], POS[dst], LABEL_AT[e]
            labels.append(_Label(e, x0 + a * (x1 - x0), y0 + a * (y1 - y0), tuple(_render(
                _edge_lines(e, trace, view, known, d, lang), split, e in STRAIGHT)), edge=e))
    for b, layer in (("b1", HIDDEN), ("b2", OUTPUTS)):
        # One label block under each bias node: both of its edges when biases train, else
        # the one shared value.
        edges = [f"b_{n}" for n in layer] if trace.scenario.train_biases else [f"b_{layer[0]}"]
        lines = [ln for e in edges for ln in _edge_lines(e, trace, view, known, d, lang)]
        labels.append(_Label(b, *POS[b], tuple(_render(lines, split)), yanchor="top",
                             yshift=-(look.bias_px / 2 + look.ring_px + 2 * GAP)))
    for n in INPUTS + HIDDEN + OUTPUTS:
        # Above a top-row node; below a bottom-row one, hanging right: a bias edge comes in
        # from the lower left.
        lines = ([(notation(n), fmt(trace.scenario.get(n), d))] if n in INPUTS
                 else _node_lines(n, view, known, d, style.join))
        if POS[n][1] > 0.5:
            labels.append(_Label(n, *POS[n], tuple(_render(lines, split)), yanchor="bottom",
                                 yshift=clear))
        elif n in INPUTS:
            labels.append(_Label(n, *POS[n], tuple(_render(lines, split)), yanchor="top",
                                 yshift=-clear))
        else:
            labels.append(_Label(n, *POS[n], tuple(_render(lines, split)), yanchor="top",
                                 yshift=-clear, xanchor="left", xshift=-look.node_px / 4))
    for n, v in zip(OUTPUTS, trace.scenario.targets, strict=True):
        labels.append(_Label(f"target_{n}", *POS[n], (t("diagram.target", lang), fmt(v, d)),
                             xanchor="left", xshift=clear))
    labels.append(_Label("E_total", POS["o1"][0], 0.5, tuple(_render(
        _error_lines(known, d, lang), split)), xanchor="left", xshift=clear, pad=5, border=2))
    return labels


# A box is (left, right, bottom, top) in px, x right and y up; a placed box is affine in the
# px per column u and the px per row r: (ax, ay, dl, dr, db, dt) gives
# (ax·u + dl, ax·u + dr, ay·r + db, ay·r + dt).
Box = tuple[float, float, float, float]
Placed = tuple[float, float, float, float, float, float]


def _placed(labels: Sequence[_Label], ems: Sequence[float], look: Look) -> list[Placed]:
    """Each label's box relative to its anchor, at the look's type size."""
    out = []
    for label, em in zip(labels, ems, strict=True):
        edge = 2 * (label.pad + label.border)
        w = em * look.label_px + edge
        h = len(label.lines) * LINE_SPACING * look.label_px + edge
        left = label.xshift - {"left": 0.0, "center": w / 2, "right": w}[label.xanchor]
        bottom = label.yshift - {"bottom": 0.0, "middle": h / 2, "top": h}[label.yanchor]
        out.append((label.x, label.y, left, left + w, bottom, bottom + h))
    return out


def _nodes_placed(look: Look) -> list[Placed]:
    return [(x, y, -_radius(n, look), _radius(n, look), -_radius(n, look), _radius(n, look))
            for n, (x, y) in POS.items()]


def _at(p: Placed, u: float, r: float) -> Box:
    ax, ay, dl, dr, db, dt = p
    return (ax * u + dl, ax * u + dr, ay * r + db, ay * r + dt)


def _radius(node: str, look: Look) -> float:
    return (look.bias_px if node[0] == "b" else look.node_px) / 2 + look.ring_px


def boxes_meet(a: Box, b: Box) -> bool:
    """True when boxes (left, right, bottom, top) come closer than GAP px (any diagram's)."""
    return not (a[1] + GAP <= b[0] or b[1] + GAP <= a[0] or a[3] + GAP <= b[2]
                or b[3] + GAP <= a[2])


def circle_meets(box: Box, cx: float, cy: float, radius: float) -> bool:
    """True when the box comes closer than GAP px to the circle at (cx, cy)."""
    dx = max(box[0] - cx, 0.0, cx - box[1])
    dy = max(box[2] - cy, 0.0, cy - box[3])
    return dx * dx + dy * dy < (radius + GAP) ** 2


def _segment_meets(box: Box, p: tuple[float, float], q: tuple[float, float]) -> bool:
    """Does the segment p–q pass through the box (Liang–Barsky clipping)?"""
    (x0, y0), (x1, y1) = p, q
    lo, hi = 0.0, 1.0
    for d, start, low, high in ((x1 - x0, x0, box[0], box[1]), (y1 - y0, y0, box[2], box[3])):
        if d == 0:
            if not low < start < high:
                return False
            continue
        t0, t1 = sorted(((low - start) / d, (high - start) / d))
        lo, hi = max(lo, t0), min(hi, t1)
        if lo >= hi:
            return False
    return True


def _largest(fits: Any, lo: float, hi: float) -> float:
    """The largest value in [lo, hi] for which ``fits`` holds (it holds below some value)."""
    if not fits(lo):
        return lo
    for _ in range(22):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if fits(mid) else (lo, mid)
    return lo


@dataclass(frozen=True)
class _Geometry:
    look: Look
    style: Style
    u: float  # px per column at the least width
    r: float  # px per row
    x_range: tuple[float, float]
    y_range: tuple[float, float]


def _plot_px(look: Look) -> tuple[float, float]:
    margin = 2 * GAP
    return look.min_width - margin, look.height - margin


def _solve(placed: Sequence[Placed], look: Look, style: Style) -> _Geometry:
    """Rows as far apart as the height allows, columns as far as the least width allows."""
    width, height = _plot_px(look)
    every = [*placed, *_nodes_placed(look)]

    def span(lows: list[tuple[float, float]], highs: list[tuple[float, float]], s: float
             ) -> float:
        return max(a * s + h for a, h in highs) - min(a * s + lo for a, lo in lows)

    rows = ([(p[1], p[4]) for p in every], [(p[1], p[5]) for p in every])
    r = _largest(lambda r: span(*rows, r) <= height, 20.0, 2000.0)
    cols = ([(p[0], p[2]) for p in every], [(p[0], p[3]) for p in every])
    u = _largest(lambda u: span(*cols, u) <= width, 20.0, 2000.0)
    left = min(p[0] * u + p[2] for p in every)
    right = max(p[0] * u + p[3] for p in every)
    bottom = min(p[1] * r + p[4] for p in every)
    top = max(p[1] * r + p[5] for p in every)
    x0 = left - (width - (right - left)) / 2
    y0 = bottom - (height - (top - bottom)) / 2
    return _Geometry(look, style, u, r, (x0 / u, (x0 + width) / u), (y0 / r, (y0 + height) / r))


def _problems(labels: Sequence[_Label], placed: Sequence[Placed], geometry: _Geometry,
              first_only: bool = False) -> list[str]:
    look, u, r = geometry.look, geometry.u, geometry.r
    boxes = [_at(p, u, r) for p in placed]
    width, height = _plot_px(look)
    x0, y0 = geometry.x_range[0] * u, geometry.y_range[0] * r
    centre = {n: (x * u, y * r) for n, (x, y) in POS.items()}
    radius = {n: _radius(n, look) for n in POS}
    problems: list[str] = []
    for i, (a, box) in enumerate(zip(labels, boxes, strict=True)):
        if not (x0 <= box[0] and box[1] <= x0 + width and y0 <= box[2]
                and box[3] <= y0 + height):
            problems.append(f"{a.name} outside the plot")
        problems += [f"{a.name} on {b.name}" for b, other in zip(labels[i + 1:], boxes[i + 1:],
                                                                 strict=True)
                     if boxes_meet(box, other)]
        problems += [f"{a.name} on node {n}" for n, (cx, cy) in centre.items()
                     if circle_meets(box, cx, cy, radius[n])]
        if a.edge is None:  # a value block beside a node covers no edge; an edge's own label
            # sits on its edge and may cross another edge's line, never a label or a node
            problems += [f"{a.name} on edge {e}" for e, (src, dst) in EDGES.items()
                         if _segment_meets(box, centre[src], centre[dst])]
        if first_only and problems:
            break
    return problems


def _ems(labels: Sequence[_Label]) -> list[float]:
    return [max(text_px(line, 1.0) for line in lb.lines) for lb in labels]


def _full(trace: Trace, view: str, step_names: tuple[str, ...]) -> dict[QName, float]:
    """Everything the view shows once all of its steps are reached."""
    steps = [s for s in trace.steps if s.name in set(step_names)]
    return known_values(trace, view, steps, None)


def layout_problems(trace: Trace, *, view: str, decimals: int, lang: str,
                    steps: Sequence[Step] = (), presenting: bool = False) -> list[str]:
    """What collides in the figure the page draws, with everything the view reveals, at its
    least width: a label on another label or on a node, a value block on an edge, or a label
    outside the plot. Empty when the layout is clean."""
    names = tuple(s.name for s in steps)
    geometry = _fit(trace.scenario, view, names, decimals, lang, look_for(presenting))
    labels = _labels(trace, view, _full(trace, view, names), decimals, lang, geometry.look,
                     geometry.style)
    return _problems(labels, _placed(labels, _ems(labels), geometry.look), geometry)


# The fit is a pure function of its (immutable) arguments and the same for every session, so
# it is memoised (bounded): the geometry of a page holds while its steps move.
@lru_cache(maxsize=512)
def _fit(scenario: Scenario, view: str, step_names: tuple[str, ...], d: int, lang: str,
         look: Look) -> _Geometry:
    """The largest type (and the simplest style) at which the fullest state of this view
    lays out cleanly; failing that, the smallest type allowed."""
    trace = trace_step(scenario)
    full = _full(trace, view, step_names)
    best: _Geometry | None = None
    for style in STYLES:
        labels = _labels(trace, view, full, d, lang, look, style)
        ems = _ems(labels)

        def clean(k: float, labels: list[_Label] = labels, ems: list[float] = ems,
                  style: Style = style) -> _Geometry | None:
            scaled = look.scaled(k)
            placed = _placed(labels, ems, scaled)
            geometry = _solve(placed, scaled, style)
            return None if _problems(labels, placed, geometry, first_only=True) else geometry

        found = clean(1.0)
        # Failing full size, the largest type that works, if it beats the best so far.
        lo = look.min_scale if best is None else best.look.label_px / look.label_px + 0.02
        if found is None and lo < 1.0:
            found, hi = clean(lo), 1.0
            for _ in range(4 if found is not None else 0):
                mid = (lo + hi) / 2
                attempt = clean(mid)
                if attempt is None:
                    hi = mid
                else:
                    lo, found = mid, attempt
        if found is not None and (best is None or found.look.label_px > best.look.label_px):
            best = found
        if best is not None and best.look.label_px >= look.label_px:
            break
    if best is None:  # nothing clean even at the smallest type: draw it as small as allowed
        scaled = look.scaled(look.min_scale)
        labels = _labels(trace, view, full, d, lang, scaled, STYLES[-1])
        best = _solve(_placed(labels, _ems(labels), scaled), scaled, STYLES[-1])
    return best


# --- the figure ----------------------------------------------------------------------------
def _edge_style(edge: str, known: Mapping[QName, float], lit: set[str], view: str,
                biggest: float, k: float) -> tuple[str, float]:
    """Highlight, else (backward) sign colour and width by |gradient|, else plain or faded."""
    grad = known.get(gradient(from_mazur(edge)))
    if edge in lit:
        return HIGHLIGHT, 7.0 * k
    if view == "backward" and grad is not None:
        low, high = 1.5 * k, 9.0 * k
        return (POSITIVE if grad > 0 else NEGATIVE), low + (high - low) * abs(grad) / biggest
    return (FADED, 1.8 * k) if lit else (EDGE, 2.5 * k)


def _font(px: float) -> dict[str, Any]:
    """The theme's font at a fitted size (a tenth of a pixel: plotly takes fractions)."""
    return {**theme.font(), "size": round(px, 1)}


def _annotation(label: _Label, look: Look, lit: bool) -> dict[str, Any]:
    note: dict[str, Any] = {
        "name": label.name, "x": label.x, "y": label.y, "text": "<br>".join(label.lines),
        "showarrow": False,
        "font": _font(look.label_px), "bgcolor": BOX,
        "bordercolor": HIGHLIGHT if lit else BOX, "borderwidth": label.border,
        "borderpad": label.pad, "yanchor": label.yanchor, "yshift": label.yshift}
    if label.xanchor != "center":
        note.update(xanchor=label.xanchor, align="left", xshift=label.xshift)
    if label.name == "E_total":
        note.update(bgcolor=ERROR_FILL, bordercolor=HIGHLIGHT if lit else INK,
                    borderwidth=label.border + (1 if lit else 0))
    return note


def network_figure(trace: Trace, *, view: str, decimals: int, lang: str,
                   current: int | None = None, steps: Sequence[Step] = (),
                   reveal_current: bool = True, presenting: bool = False) -> dict[str, Any]:
    """The network as a Plotly figure dict, as it stands after step ``current`` of ``steps``.

    view: "overview" | "forward" | "backward" | "update". ``reveal_current=False`` (practice
    mode) hides the current step's own value; ``presenting`` draws everything ~1.3× larger.
    One picture per step: the page's own controls move it (no frames, no player).
    """
    base = look_for(presenting)
    known = known_values(trace, view, steps, current, reveal_current)
    geometry = _fit(trace.scenario, view, tuple(s.name for s in steps), decimals, lang, base)
    look, k = geometry.look, base.node_px / PAGE_LOOK.node_px
    step = steps[current] if current is not None and steps else None
    lit_nodes, lit_edges = set(step.nodes if step else ()), set(step.edges if step else ())
    # Widths relative to the largest gradient of the whole trace, so they hold still as the
    # steps reveal one gradient after another.
    biggest = max((abs(s.value) for s in trace.steps
                   if s.qname is not None and s.qname.kind in ("dE_dw", "dE_db")),
                  default=1.0) or 1.0
    data: list[dict[str, Any]] = []
    for e, (src, dst) in EDGES.items():
        (x0, y0), (x1, y1) = POS[src], POS[dst]
        color, width = _edge_style(e, known, lit_edges, view, biggest, k)
        data.append({"type": "scatter", "mode": "lines", "x": [x0, x1], "y": [y0, y1],
                     "line": {"color": color, "width": width}, "hoverinfo": "skip"})
    names = list(POS)
    # opacity 1 is explicit: with per-node sizes plotly.js takes the markers for bubbles and
    # draws them at 0.7, which washed out the highlight ring.
    data.append({"type": "scatter", "mode": "markers+text", "x": [POS[n][0] for n in names],
                 "y": [POS[n][1] for n in names], "text": [notation(n) for n in names],
                 "hoverinfo": "skip",
                 "textfont": {"size": look.name_px, "color": INK, "weight": "bold"},
                 "marker": {"size": [look.bias_px if n[0] == "b" else look.node_px
                                     for n in names],
                            "color": [FILL[n[0]] if n in lit_nodes or not lit_nodes
                                      else DIM[n[0]] for n in names], "opacity": 1,
                            # Every node outlined at ≥ 3:1 on white (a light fill alone is
                            # 1.2–3:1), a faded one in the faded edges' grey.
                            "line": {"color": [HIGHLIGHT if n in lit_nodes
                                               else FADED if lit_nodes else EDGE
                                               for n in names],
                                     "width": [look.ring_px if n in lit_nodes else 2
                                               for n in names]}}})
    lit_error = step is not None and step.qname in (QName("E"), QName("E_new"))
    lit_bias = {b: any(f"b_{n}" in lit_edges for n in layer)
                for b, layer in (("b1", HIDDEN), ("b2", OUTPUTS))}
    notes = [_annotation(lb, look, lb.name in lit_edges or lit_bias.get(lb.name, False)
                         or (lb.name == "E_total" and lit_error))
             for lb in _labels(trace, view, known, decimals, lang, look, geometry.style)]
    margin = GAP
    layout: dict[str, Any] = {
        "height": look.height, "margin": {"l": margin, "r": margin, "t": margin, "b": margin},
        "xaxis": {"visible": False, "range": list(geometry.x_range), "fixedrange": True},
        "yaxis": {"visible": False, "range": list(geometry.y_range), "fixedrange": True},
        "showlegend": False, "plot_bgcolor": "white", "paper_bgcolor": "white",
        "dragmode": False, "annotations": notes, "font": _font(look.label_px),
    }
    return with_words({"data": data, "layout": layout},
                      network_words(trace, view, known, decimals, lang, current, steps))


def network_words(trace: Trace, view: str, known: Mapping[QName, float], decimals: int,
                  lang: str, current: int | None = None, steps: Sequence[Step] = ()) -> str:
    """The diagram in words: the step shown and its value, the neurons highlighted with their
    net, out and δ so far; with no step (the overview), every value the diagram shows."""
    def spoken(name: str) -> str:  # δ_o1 → "δ o1": read as a name and its neuron
        return name.replace("_", " ")

    def said(names: Sequence[QName]) -> str:
        return ", ".join(f"{spoken(worked_text(q))} = {fmt(known[q], decimals)}"
                         for q in names if q in known)

    parts = [t("words.network", lang)]
    step = steps[current] if current is not None and steps else None
    if step is not None and current is not None:
        q = step.qname
        value = fmt(known[q], decimals) if q is not None and q in known else "?"
        parts.append(t("words.network_step", lang, index=current + 1, count=len(steps),
                       name=spoken(step_text(step)), value=value))
        neurons = [n for n in step.nodes if n in HIDDEN or n in OUTPUTS or n in INPUTS]
        if neurons:
            parts.append(t("words.network_lit", lang, nodes=", ".join(neurons)))
        for n in neurons:
            values = said([_neuron(kind, n) for kind in ("net", "out", "delta")
                           if n in NEURONS])  # an input has none of them
            if values:
                parts.append(t("words.network_neuron", lang, neuron=n, values=values))
    else:
        names = [_neuron(kind, n) for n in (*HIDDEN, *OUTPUTS) for kind in ("net", "out")]
        parts.append(t("words.network_known", lang, values=said([*names, QName("E")])))
    return sentences(parts, lang)
