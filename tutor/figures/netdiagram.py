"""Any stepped network (bpcore.stepper_trace.NetTrace) drawn in Plotly, as a plain figure dict.

Layers as columns (inputs left, outputs right), the neurons of a layer stacked and centred,
each layer's bias unit (its constant input 1) below, between the layer it feeds and the one
before; every edge drawn. The current step's neurons and edges are ringed and drawn in the
highlight colour (NetStep.node_refs, edge_refs), its edges labelled with their parameter
(w²₁₁ = 0.4000), and each neuron shows the values the steps so far have computed: net and
out in the forward pass, out and δ in the backward pass, out and out⁺ in the update. In a
batch the figure says which sample it shows (the current step's).

Geometry in pixels, like tutor.figures.network: the axes span the plot's least width and its
height in px (network.PAGE_LOOK, PRESENT_LOOK), so text keeps its size and a wider column only
adds room. Labels are placed greedily where they meet no other label and no node; the type
shrinks (not below ``Look.min_scale`` of its size) until every label fits. ``problems`` lists
what would still collide.

A crowded network (``crowded``: the editor's largest widths, 4-4-4-4-4) would need type too
small to read for all that: its units are drawn smaller (``unit_scale``), a neuron's value
label that finds no free place is left out unless the step lights that neuron (its values
stay in the values table), a lit neuron may show only its latest value, a lit edge's label
may break after its "=", and a step's edge labels give way (the formula beside has each of
their numbers) rather than take the type below ``READABLE`` of its size. Presented, its
diagram is narrower (``CROWDED_SHARE``, ``PRESENT_CROWDED_LOOK``) and the formula beside it
wider.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from bpcore import fmt
from bpcore.netspec import NetSpec
from bpcore.qname import QName, gradient, updated
from bpcore.stepper_trace import NetStep, NetTrace, Node
from tutor.figures import theme
from tutor.figures.network import (
    DIM,
    FILL,
    GAP,
    PRESENT_LOOK,
    Look,
    boxes_meet,
    circle_meets,
    look_for,
    text_px,
)
from tutor.figures.theme import BOX, EDGE, FADED, HIGHLIGHT, INK
from tutor.figures.words import sentences, with_words
from tutor.i18n import t
from tutor.ui.netnotation import qtext

PAD = 2  # a label's padding, px
NODE_SHARE = 0.36  # a crowded network's units: at most this share of the room between units
NAME_FLOOR_PX = 14  # a unit's name is never drawn smaller (its marker shrinks, not it)
# A network at the editor's largest widths (4 inputs, units, outputs or samples: a neuron's
# net sums five terms, a gradient's mean four products) is crowded: in presentation mode its
# diagram takes CROWDED_SHARE of the page (tutor.stepping.stepview) and the formula beside it
# the rest, so that its long substitutions wrap into few enough lines for one screen.
CROWDED_AT = 4
FAN_IN = 3  # lit edges of a step whose labels may give way (see _fitted)
READABLE = 0.8  # ... while the type stays at this share of the look's or more
CROWDED_SHARE = 0.46
# The diagram column at 1280 px with the sidebar closed at CROWDED_SHARE, as PRESENT_LOOK's
# min_width is at stepview.PRESENT_SHARE.
PRESENT_CROWDED_LOOK = replace(PRESENT_LOOK, min_width=540)
LINE = 1.3  # plotly's line spacing, in font sizes
Box = tuple[float, float, float, float]  # left, right, bottom, top (px, y up)
# What a neuron shows in each view, by kind (the update view adds the new values).
SHOWN: Mapping[str, tuple[tuple[str, str], ...]] = {
    "forward": (("net", "net"), ("out", "out")),
    "backward": (("out", "out"), ("delta", "δ")),
    "update": (("out", "out"), ("out_new", "out⁺")),
}


@dataclass(frozen=True)
class Label:
    """A text box: its lines, its anchor point (px) and how it hangs from it."""

    key: str
    lines: tuple[str, ...]
    x: float
    y: float
    yanchor: str = "top"  # "top": hangs below (x, y); "middle": centred on it
    lit: bool = False

    def box(self, size: float) -> Box:
        w, h = _extent(self.lines, size)
        top = self.y if self.yanchor == "top" else self.y + h / 2
        if self.yanchor == "bottom":
            top = self.y + h
        return (self.x - w / 2, self.x + w / 2, top - h, top)


@lru_cache(maxsize=8192)
def _extent(lines: tuple[str, ...], size: float) -> tuple[float, float]:
    """A label's box width and height (px) at type ``size``: the placement asks for the same
    label's box many times (every option, every check), so it is worked out once."""
    return (max(text_px(line, size) for line in lines) + 2 * PAD + 2,
            LINE * size * len(lines) + 2 * PAD + 2)


def crowded(spec: NetSpec) -> bool:
    """True for a network with CROWDED_AT inputs, units in a layer, outputs or samples."""
    return max(*spec.sizes, spec.samples) >= CROWDED_AT


def crowded_sizes(sizes: Sequence[int]) -> bool:
    """True for a diagram with CROWDED_AT units in a layer (its units are drawn smaller)."""
    return max(sizes) >= CROWDED_AT


def look_of(spec: NetSpec, presenting: bool) -> Look:
    """The diagram's look for ``spec``: look_for's, narrower for a crowded one presented."""
    return PRESENT_CROWDED_LOOK if presenting and crowded(spec) else look_for(presenting)


# --- where everything is ----------------------------------------------------------------------
@dataclass(frozen=True)
class Frame:
    """Node centres (px), radii, the plot's size and the header line's height."""

    pos: Mapping[Node, tuple[float, float]]
    radius: Mapping[Node, float]
    width: float
    height: float
    header_y: float
    sample_y: float | None
    node_px: float = 0.0  # a neuron's marker, px (the look's, or less in a crowded network)
    bias_px: float = 0.0
    name_px: float = 0.0  # the names inside the units
    step_x: float = 0.0  # from one layer's column to the next, px
    pitch: float = 0.0  # from one neuron of a layer to the next, px


def unit_scale(sizes: Sequence[int], look: Look) -> float:
    """How much smaller than the look's the units are drawn in a crowded network (1: as the
    look has them): a neuron's marker no more than NODE_SHARE of the room between two
    columns and between two rows, so that the gaps keep room for the labels."""
    if not crowded_sizes(sizes):
        return 1.0
    width, height = look.min_width - 2 * GAP, look.height - 2 * GAP
    side = text_px("out = −0.0000", look.label_px) / 2 + PAD + GAP
    step_x = (width - 2 * side) / max(len(sizes) - 1, 1)
    band = height - 4 * LINE * look.label_px - look.bias_px  # the headers, the bias row
    pitch = band / max(max(sizes) - 1, 1)
    return min(1.0, NODE_SHARE * min(step_x, pitch) / (look.node_px + 2 * look.ring_px))


def frame(sizes: Sequence[int], look: Look, batch: bool) -> Frame:
    """Where each neuron and bias unit of a network of ``sizes`` sits, in px (y up)."""
    width, height = look.min_width - 2 * GAP, look.height - 2 * GAP
    layers = len(sizes) - 1
    k = unit_scale(sizes, look)
    node_px, bias_px = look.node_px * k, look.bias_px * k
    node_r, bias_r = node_px / 2 + look.ring_px, bias_px / 2 + look.ring_px
    side = max(node_r + GAP, text_px("out = −0.0000", look.label_px) / 2 + PAD + GAP)
    step_x = (width - 2 * side) / layers
    head = LINE * look.label_px + 2 * PAD + 2 * GAP
    sample_y = height - GAP if batch else None
    header_y = height - GAP - (head if batch else 0.0)
    label_h = 2 * LINE * look.label_px + 2 * PAD + 2
    bias_y = bias_r + GAP
    low = bias_y + bias_r + label_h + node_r + 2 * GAP  # lowest neuron: its label above the bias
    high = header_y - head - node_r
    rows = max(sizes)
    pitch = (high - low) / (rows - 1) if rows > 1 else 0.0
    mid = (high + low) / 2
    pos: dict[Node, tuple[float, float]] = {}
    radius: dict[Node, float] = {}
    for layer, n in enumerate(sizes):
        x = side + layer * step_x
        for j in range(1, n + 1):
            pos[Node(layer, j)] = (x, mid + ((n + 1) / 2 - j) * pitch)
            radius[Node(layer, j)] = node_r
        if layer:
            pos[Node(layer, 0)] = (x - step_x / 2, bias_y)
            radius[Node(layer, 0)] = bias_r
    return Frame(pos, radius, width, height, header_y, sample_y, node_px, bias_px,
                 max(look.name_px * k, min(look.name_px, NAME_FLOOR_PX)), step_x, pitch)


def _edges(sizes: Sequence[int]) -> list[tuple[QName, Node, Node]]:
    """Every parameter with the units it joins: w^l_jk from (l−1, k), b^l_j from bias l."""
    out = []
    for layer in range(1, len(sizes)):
        for j in range(1, sizes[layer] + 1):
            out += [(QName("w", layer, j, k), Node(layer - 1, k), Node(layer, j))
                    for k in range(1, sizes[layer - 1] + 1)]
            out.append((QName("b", layer, j), Node(layer, 0), Node(layer, j)))
    return out


# --- what is known --------------------------------------------------------------------------
def sample_of(steps: Sequence[NetStep], current: int) -> int:
    """The sample the diagram shows: the current step's, else the last one a step named."""
    for step in reversed(steps[: current + 1]):
        if step.qname is not None and step.qname.sample is not None:
            return step.qname.sample
    return 1


def known(trace: NetTrace, steps: Sequence[NetStep], current: int,
          reveal: bool = True) -> dict[QName, float]:
    """The values shown after step ``current``: every value of the phases before this page's
    (the forward values on the backward page), and this page's steps up to ``current``."""
    first = steps[0] if steps else None
    before = {"forward": (), "error": (), "backward": ("forward", "error"),
              "update": ("forward", "error", "backward")}[first.phase if first else "forward"]
    values = {s.qname: s.value for s in trace.steps if s.phase in before and s.qname}
    upto = current + 1 if reveal else current
    values.update({s.qname: s.value for s in steps[:upto] if s.qname})
    return values


# --- the labels -----------------------------------------------------------------------------
def _neuron_lines(node: Node, view: str, values: Mapping[QName, float], sample: int,
                  decimals: int) -> tuple[str, ...]:
    lines = []
    for kind, name in SHOWN[view]:
        q = QName(kind, node.layer, node.index, sample=sample)
        if q in values:
            lines.append(f"{name} = {fmt(values[q], decimals)}")
    return tuple(lines)


def _edge_text(q: QName, step: NetStep | None, trace: NetTrace, decimals: int,
               reveal: bool = True) -> str:
    """A lit edge's label: what the current step takes from it or gives it: its gradient
    (∂E/∂w²₁₁ = …) on the step computing that (= ? until ``reveal``: a prediction or an
    answer still to come), its new value on the update's step and in the forward pass after
    it, else the parameter itself, as the step's formula uses it."""
    grad, new = gradient(q), updated(q)
    if step is not None and step.qname in (grad, new):
        return f"{qtext(step.qname)} = {fmt(step.value, decimals) if reveal else '?'}"
    if step is not None and step.qname is not None and step.qname.kind == "net_new" \
            and new in trace:  # the forward pass again takes the new parameters
        return f"{qtext(new)} = {fmt(trace[new], decimals)}"
    return f"{qtext(q)} = {fmt(trace.value(q), decimals)}"


def _circles(fr: Frame) -> list[tuple[float, float, float]]:
    """Each unit as (x, y, its radius + GAP): how near a box may come to it."""
    return [(x, y, fr.radius[n] + GAP) for n, (x, y) in fr.pos.items()]


def _on_a_unit(box: Box, circles: Sequence[tuple[float, float, float]]) -> bool:
    """circle_meets for any of ``circles``, a circle whose square around it misses the box
    passed over without the sum (a crowded network's label is checked against ~100 units)."""
    left, right, bottom, top = box
    for cx, cy, reach in circles:
        if cx + reach <= left or cx - reach >= right or cy + reach <= bottom \
                or cy - reach >= top:
            continue  # a side of the square is past the box: dx or dy ≥ reach
        dx = max(left - cx, 0.0, cx - right)
        dy = max(bottom - cy, 0.0, cy - top)
        if dx * dx + dy * dy < reach * reach:
            return True
    return False


def _fits(box: Box, boxes: Sequence[Box], fr: Frame,
          circles: Sequence[tuple[float, float, float]]) -> bool:
    """True when ``box`` stays in the plot and meets none of ``boxes`` and no unit
    (``circles``: _circles(fr))."""
    if box[0] < 0 or box[1] > fr.width or box[2] < 0 or box[3] > fr.height:
        return False
    return not _on_a_label(box, boxes) and not _on_a_unit(box, circles)


def _on_a_label(box: Box, boxes: Sequence[Box]) -> bool:
    """boxes_meet for any of ``boxes``, written out in one loop: the placement's innermost
    check (a million of them for the largest network's steps)."""
    left, right, bottom, top = box
    for other_left, other_right, other_bottom, other_top in boxes:
        if not (right + GAP <= other_left or other_right + GAP <= left
                or top + GAP <= other_bottom or other_top + GAP <= bottom):
            return True
    return False


def _place(fixed: list[Label], fr: Frame, size: float,
           candidates: Sequence[tuple[Sequence[Label], bool]]) -> list[Label]:
    """Each label of ``candidates`` (its positions, whether it must be drawn) at its first
    position that meets nothing placed so far, no node and stays in the plot; a label that
    must be drawn and has no such position takes its first, one that may be left out is
    (its values stay in the values table)."""
    placed = list(fixed)
    boxes = [lb.box(size) for lb in placed]
    circles = _circles(fr)
    for options, needed in candidates:
        choice = options[0] if needed else None
        for option in options:
            if _fits(option.box(size), boxes, fr, circles):
                choice = option
                break
        if choice is not None:
            placed.append(choice)
            boxes.append(choice.box(size))
    return placed


def _problems_of(label: Label, box: Box, placed: Sequence[tuple[Label, Box]], fr: Frame,
                 circles: Sequence[tuple[float, float, float]]) -> list[str]:
    out = []
    if box[0] < 0 or box[1] > fr.width or box[2] < 0 or box[3] > fr.height:
        out.append(f"outside: {label.key}")
    out += [f"overlap: {label.key} | {p.key}" for p, other in placed if boxes_meet(box, other)]
    if _on_a_unit(box, circles):
        out += [f"on a node: {label.key}" for n, (x, y) in fr.pos.items()
                if circle_meets(box, x, y, fr.radius[n])]
    return out


def problems(labels: Sequence[Label], fr: Frame, size: float) -> list[str]:
    """What collides: a label outside the plot, on another label or on a node."""
    boxed = [(lb, lb.box(size)) for lb in labels]
    circles = _circles(fr)
    return [p for i, (lb, box) in enumerate(boxed)
            for p in _problems_of(lb, box, boxed[:i], fr, circles)]


def _labels(trace: NetTrace, steps: Sequence[NetStep], current: int, view: str,
            decimals: int, lang: str, fr: Frame, size: float, reveal: bool,
            edges: bool = True) -> list[Label]:
    """Every label at type ``size``: the layers' names, the sample, the lit edges' (unless
    not ``edges``) and the units' values, each where it meets nothing."""
    spec = trace.spec
    values = known(trace, steps, current, reveal)
    sample = sample_of(steps, current)
    step = steps[current] if steps else None
    fixed = []
    for layer in range(len(spec.sizes)):
        x = fr.pos[Node(layer, 1)][0]
        name = (t("net.diagram.input", lang) if layer == 0 else
                t("net.diagram.output", lang) if layer == spec.layers else
                t("net.diagram.layer", lang, layer=layer))
        fixed.append(Label(f"layer{layer}", (name,), x, fr.header_y))
    if fr.sample_y is not None:
        fixed.append(Label("sample", (t("net.diagram.sample", lang, sample=sample,
                                        samples=spec.samples),), fr.width / 2, fr.sample_y,
                           lit=True))
    edge_options: list[tuple[list[Label], bool]] = []
    lit = set(step.edge_refs) if step and edges else set()
    for q, a, b in _edges(spec.sizes):
        if q not in lit:
            continue
        (x0, y0), (x1, y1) = fr.pos[a], fr.pos[b]
        text = _edge_text(q, step, trace, decimals, reveal)
        name, value = text.split(" = ", 1)
        # Along the edge first; then just above or below it, clear of the nodes' rings (a
        # short horizontal edge, as in a deep chain, has no room on it); then the same
        # places as two lines, "name =" over the value (narrow: a crowded network's
        # columns leave little room between them).
        options = []
        for written in ((text,), (f"{name} =", value)):
            lift = fr.radius[b] + GAP + LINE * size * len(written) / 2 + PAD + 2
            options += [Label(q.id, written, x0 + u * (x1 - x0), y0 + u * (y1 - y0) + dy,
                              "middle", lit=True)
                        for dy in (0.0, lift, -lift)
                        for u in (0.5, 0.38, 0.62, 0.3, 0.7, 0.22, 0.78, 0.15, 0.85)]
        edge_options.append((options, True))
    node_options: list[tuple[list[Label], bool]] = []
    lit_nodes = set(step.node_refs) if step else set()
    for node, (x, y) in fr.pos.items():
        if node.index == 0:
            continue
        lines: tuple[str, ...] = (f"= {fmt(spec.X[sample - 1][node.index - 1], decimals)}",) \
            if node.layer == 0 else _neuron_lines(node, view, values, sample, decimals)
        if lines:
            off = fr.radius[node] + GAP + 1
            key = f"n{node.layer}.{node.index}"
            options = []
            # Every value beside the unit, under, over, right or left of it, or set off to
            # a side; where none of those has room (a crowded network), its latest alone.
            for shown in dict.fromkeys((lines, lines[-1:])):
                half = max(text_px(line, size) for line in shown) / 2 + PAD + 1
                options += [Label(key, shown, x, y - off, "top"),
                            Label(key, shown, x, y + off, "bottom"),
                            Label(key, shown, x + off + half, y, "middle"),
                            Label(key, shown, x - off - half, y, "middle"),
                            *(Label(key, shown, x + dx, y + dy, anchor)
                              for dx in (half, -half)
                              for dy, anchor in ((-off, "top"), (off, "bottom"))),
                            *(Label(key, shown, x + dx, y + dy, "middle")  # between 4 units
                              for dx in (fr.step_x / 2, -fr.step_x / 2)
                              for dy in (-fr.pitch / 2, fr.pitch / 2))]
            node_options.append((options, node in lit_nodes))
    # The neurons' values first, the lit edges' labels around them; where that leaves an
    # edge no room, the edges first; where that leaves one no room either, the lit units'
    # values and the edges first and the other neurons' values where room is left. The
    # layout that must leave the fewest labels colliding, then drops the fewest, is drawn.
    needed = [c for c in node_options if c[1]]
    spare = [c for c in node_options if not c[1]]
    best: list[Label] = []
    best_rank = (0, 0)
    for order in (node_options + edge_options, edge_options + node_options,
                  needed + edge_options + spare):
        placed = _place(fixed, fr, size, order)
        rank = (len(problems(placed, fr, size)), -len(placed))
        if not best or rank < best_rank:
            best, best_rank = placed, rank
        if best_rank[0] == 0 and len(best) == len(fixed) + len(order):
            break
    return best


def _fitted(trace: NetTrace, steps: Sequence[NetStep], current: int, view: str,
            decimals: int, lang: str, look: Look, fr: Frame, reveal: bool
            ) -> tuple[list[Label], float]:
    """The labels at the largest type (down to look.min_scale) at which nothing collides.

    A step summing over FAN_IN or more edges, or any step of a crowded diagram, labels its
    edges only while that leaves the type at READABLE of its size or more; else its edges go
    unlabelled (each of their numbers is in the formula beside) and the units' values keep
    their type.
    """
    step = steps[current] if steps else None
    many = step is not None and bool(step.edge_refs) and (
        len(step.edge_refs) >= FAN_IN or crowded_sizes(trace.spec.sizes))
    for edges in (True, False) if many else (True,):
        least = look.label_px * (READABLE if edges and many else look.min_scale)
        size = look.label_px
        while True:
            labels = _labels(trace, steps, current, view, decimals, lang, fr, size, reveal,
                             edges)
            if not problems(labels, fr, size):
                return labels, size
            if size <= least:
                break
            size = max(size * 0.92, least)
    return labels, size


def layout_problems(trace: NetTrace, steps: Sequence[NetStep], current: int, *, view: str,
                    decimals: int, lang: str, presenting: bool = False) -> list[str]:
    """What the drawn figure would have colliding at this step (nothing, when it reads)."""
    look = look_of(trace.spec, presenting)
    fr = frame(trace.spec.sizes, look, trace.spec.samples > 1)
    labels, size = _fitted(trace, steps, current, view, decimals, lang, look, fr, True)
    return problems(labels, fr, size)


def _font(size: float, color: str = INK) -> dict[str, Any]:
    return {**theme.font(), "size": round(size, 1), "color": color}


def net_figure(trace: NetTrace, steps: Sequence[NetStep], current: int, *, view: str,
               decimals: int, lang: str, reveal_current: bool = True,
               presenting: bool = False) -> dict[str, Any]:
    """The network of ``trace`` after step ``current`` of ``steps`` (a page's phase steps).

    view: "forward" | "backward" | "update". The nodes are the last trace (text: their
    names), one scatter per edge before them; labels are annotations.
    """
    spec = trace.spec
    look = look_of(spec, presenting)
    fr = frame(spec.sizes, look, spec.samples > 1)
    step = steps[current] if steps else None
    lit_nodes = set(step.node_refs) if step else set()
    lit_edges = set(step.edge_refs) if step else set()
    data: list[dict[str, Any]] = []
    for q, a, b in _edges(spec.sizes):
        (x0, y0), (x1, y1) = fr.pos[a], fr.pos[b]
        on = q in lit_edges
        data.append({"type": "scatter", "mode": "lines", "x": [x0, x1], "y": [y0, y1],
                     "line": {"color": HIGHLIGHT if on else EDGE, "width": 4 if on else 1.5},
                     "hoverinfo": "skip"})
    nodes = list(fr.pos)

    def kind(n: Node) -> str:
        return "b" if n.index == 0 else "i" if n.layer == 0 else \
            "o" if n.layer == spec.layers else "h"

    def name(n: Node) -> str:
        if n.index == 0:
            return "1"
        return qtext(QName("x", 0, n.index)) if n.layer == 0 else str(n.index)

    data.append({
        "type": "scatter", "mode": "markers+text", "x": [fr.pos[n][0] for n in nodes],
        "y": [fr.pos[n][1] for n in nodes], "text": [name(n) for n in nodes],
        "customdata": [n.id for n in nodes], "hoverinfo": "skip",
        "textfont": {"size": round(fr.name_px, 1), "color": INK, "weight": "bold"},
        "marker": {"size": [fr.bias_px if n.index == 0 else fr.node_px for n in nodes],
                   "color": [FILL[kind(n)] if n in lit_nodes or not lit_nodes else DIM[kind(n)]
                             for n in nodes], "opacity": 1,
                   # Every unit outlined at ≥ 3:1 on white (a light fill alone is 1.2–3:1),
                   # a faded one in the faded edges' grey, as on the worked example's diagram.
                   "line": {"color": [HIGHLIGHT if n in lit_nodes else FADED if lit_nodes
                                      else EDGE for n in nodes],
                            "width": [look.ring_px if n in lit_nodes else 2 for n in nodes]}}})
    labels, size = _fitted(trace, steps, current, view, decimals, lang, look, fr,
                           reveal_current)
    notes = [{"name": lb.key, "x": lb.x, "y": lb.y, "text": "<br>".join(lb.lines),
              "showarrow": False, "font": _font(size, HIGHLIGHT if lb.key == "sample" else INK),
              "bgcolor": BOX, "bordercolor": HIGHLIGHT if lb.lit else BOX, "borderwidth": 1,
              "borderpad": PAD, "yanchor": lb.yanchor, "xanchor": "center"} for lb in labels]
    layout: dict[str, Any] = {
        "height": look.height, "margin": {"l": GAP, "r": GAP, "t": GAP, "b": GAP},
        "xaxis": {"visible": False, "range": [0, fr.width], "fixedrange": True},
        "yaxis": {"visible": False, "range": [0, fr.height], "fixedrange": True},
        "showlegend": False, "plot_bgcolor": "white", "paper_bgcolor": "white",
        "dragmode": False, "annotations": notes, "font": _font(size),
    }
    return with_words({"data": data, "layout": layout},
                      net_words(trace, step, current, len(steps), labels, decimals, lang,
                                reveal_current))


def net_words(trace: NetTrace, step: NetStep | None, current: int, count: int,
              labels: Sequence[Label], decimals: int, lang: str, reveal: bool = True) -> str:
    """The diagram in words, for a screen reader: the network's shape, the step shown and its
    value (? until ``reveal``), each highlighted unit with the values its label shows, the
    highlighted edges' labels and, in a batch, the sample shown — what the figure draws, no
    more (``labels``: the figure's own)."""
    spec = trace.spec
    parts = [t("words.net", lang, sizes="-".join(str(n) for n in spec.sizes))]
    if step is not None and step.qname is not None:
        parts.append(t("words.network_step", lang, index=current + 1, count=count,
                       name=qtext(step.qname),
                       value=fmt(step.value, decimals) if reveal else "?"))
    shown = {lb.key: lb for lb in labels}
    lit = [n for n in (step.node_refs if step else ()) if n.index]
    for n in lit:
        layer = (t("net.diagram.input", lang) if n.layer == 0 else
                 t("net.diagram.output", lang) if n.layer == spec.layers else
                 t("net.diagram.layer", lang, layer=n.layer))
        label = shown.get(f"n{n.layer}.{n.index}")
        lines = [] if label is None else list(label.lines)
        if n.layer == 0:
            lines = [f"{qtext(QName('x', 0, n.index))} {line}" for line in lines]
        parts.append(t("words.net_unit", lang, layer=layer, index=n.index,
                       values=", ".join(lines) or "—"))
    edges = [" ".join(lb.lines) for lb in labels if lb.lit and lb.key != "sample"]
    if edges:
        parts.append(t("words.net_edges", lang, values=", ".join(edges)))
    if "sample" in shown:
        parts.append(shown["sample"].lines[0])
    return sentences(parts, lang)
