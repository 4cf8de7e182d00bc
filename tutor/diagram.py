"""The 2-2-2 network drawn in Plotly, phase by phase, as a plain figure dict.

Classic layout: inputs left, hidden middle, outputs right, i1/h1/o1 on top, each bias as its
own small node below-left of the layer it feeds, targets and E_total right of the outputs. A
value appears only once its step has been reached, so nothing shows a gradient before the
backward pass computes it. With ``animate`` the figure carries one Plotly frame per step and
its own Play button and slider: the animation runs in the browser, with no server round trip.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Any

from bpcore import EDGES, HIDDEN, INPUTS, OUTPUTS, Step, Trace, fmt
from tutor.i18n import t

# The plot area is PLOT_PX tall whatever the page; rows y=1 and y=0 are ROW_PX apart, so every
# offset below is in screen pixels (text does not scale with the figure, data units do).
PLOT_PX, ROW_PX, TOP_PX = 510, 190, 112
Y_RANGE = (1 + TOP_PX / ROW_PX - PLOT_PX / ROW_PX, 1 + TOP_PX / ROW_PX)
X_RANGE = (-0.55, 2.72)
# The bias nodes sit far enough right that their edge to the top row crosses the bottom row
# right of the w4/w8 labels, and low enough that their labels start below the neurons' ones.
POS: Mapping[str, tuple[float, float]] = MappingProxyType({
    "i1": (0.0, 1.0), "i2": (0.0, 0.0), "h1": (1.0, 1.0), "h2": (1.0, 0.0),
    "o1": (2.0, 1.0), "o2": (2.0, 0.0), "b1": (0.64, -80 / ROW_PX), "b2": (1.64, -80 / ROW_PX)})
# Where along each weight's edge its label sits: the crossing pairs (w2/w3, w6/w7) near their
# source, 0.4 of a row apart, away from the crossing; w4 and w8 a little left of the middle,
# clear of the bias edge that crosses them.
LABEL_AT: Mapping[str, float] = MappingProxyType({
    "w1": 0.5, "w2": 0.3, "w3": 0.3, "w4": 0.45, "w5": 0.5, "w6": 0.3, "w7": 0.3, "w8": 0.45})
# The highlight is a purple that neither gradient colour nor any node fill resembles (the
# orange #e69f00 would read as the positive-gradient vermillion on a washed-out projector).
INK, EDGE, FADED, HIGHLIGHT = "#1a1a1a", "#8a96a3", "#d5dbe1", "#7b2cbf"
POSITIVE, NEGATIVE = "#d55e00", "#0072b2"  # colour-blind-safe pair for gradient signs
FILL: Mapping[str, str] = MappingProxyType(
    {"i": "#56b4e9", "h": "#009e73", "o": "#cc79a7", "b": "#f0e442"})
# Nodes away from the current step, half-way to white: an opaque fill, so no edge shows
# through a node the way it would with marker opacity.
DIM: Mapping[str, str] = MappingProxyType({k: "#" + "".join(
    f"{(int(c[i:i + 2], 16) + 255) // 2:02x}" for i in (1, 3, 5)) for k, c in FILL.items()})
FONT = 17
NODE_PX, BIAS_PX, RING_PX = 66, 44, 6
CLEAR_PX = NODE_PX // 2 + RING_PX + 2  # labels beside a node clear its highlight ring
WIDTH_PX = (1.5, 9.0)  # gradient edge widths, smallest to largest |∂E/∂w|
PLAYER_PX = 70  # room under the plot for Play/Pause and the frame slider
BOX = "rgba(255,255,255,0.92)"


def known_values(trace: Trace, view: str, steps: Sequence[Step], current: int | None,
                 reveal_current: bool = True) -> dict[str, float]:
    """The values a learner has seen at this point: earlier phases whole, this one so far.

    In practice mode the current step's own value stays hidden until it is answered.
    """
    earlier = {"overview": ("forward", "error"), "forward": (),
               "backward": ("forward", "error"), "update": ("forward", "error", "backward")}
    known = {s.name: s.value for s in trace.phase_steps(*earlier[view])}
    reached = steps if current is None else steps[: current + (1 if reveal_current else 0)]
    known.update((s.name, s.value) for s in reached)
    return known


def _grad_name(edge: str) -> str:
    return f"dE_d{edge}" if edge.startswith("w") else f"dE_db_{edge[2:]}"


def _param_name(edge: str, trace: Trace) -> str:
    """The tutorial's name of an edge's parameter: w5, or b1/b2 while biases are shared."""
    if edge.startswith("w") or trace.scenario.train_biases:
        return edge
    return "b1" if edge in ("b_h1", "b_h2") else "b2"


def _edge_text(edge: str, trace: Trace, view: str, known: dict[str, float], d: int,
               lang: str) -> str:
    """'w5 = 0.4000', plus '∂E/∂w5 = …' once computed, or 'w5: 0.4000 → 0.3589' in update."""
    name, old = _param_name(edge, trace), trace.scenario.get(edge)
    if view == "update" and (edge.startswith("w") or trace.scenario.train_biases):
        new = known.get(f"{edge}_new")
        return f"{name}: {fmt(old, d)} → {'?' if new is None else fmt(new, d)}"
    text = f"{name} = {fmt(old, d)}"
    if view == "update":  # a shared bias does not train: it keeps its value
        return f"{text} ({t('diagram.fixed', lang)})"
    grad = known.get(_grad_name(edge))
    return text if grad is None else f"{text}<br>∂E/∂{name} = {fmt(grad, d)}"


def _node_text(n: str, view: str, known: dict[str, float], d: int) -> str:
    """net and out, then δ once reached; the update view trades net (which no update uses)
    for the new out once the forward pass reruns, on its own line to keep the block narrow."""
    def value(name: str) -> str:
        return fmt(known[name], d) if name in known else "?"

    lines = [f"net {value(f'net_{n}')}", f"out {value(f'out_{n}')}"]
    if view == "update":
        lines = lines[1:] + ([f"→ {value(f'out_{n}_new')}"] if f"out_{n}_new" in known else [])
    if f"delta_{n}" in known:
        lines.append(f"δ {value(f'delta_{n}')}")
    return "<br>".join(lines)


def _edge_style(edge: str, known: dict[str, float], lit: set[str], view: str,
                biggest: float) -> tuple[str, float]:
    """Highlight, else (backward) sign colour and width by |gradient|, else plain or faded."""
    grad = known.get(_grad_name(edge))
    if edge in lit:
        return HIGHLIGHT, 7.0
    if view == "backward" and grad is not None:
        low, high = WIDTH_PX
        return (POSITIVE if grad > 0 else NEGATIVE), low + (high - low) * abs(grad) / biggest
    return (FADED if lit else EDGE), 2.5


def _note(x: float, y: float, text: str, **extra: Any) -> dict[str, Any]:
    return {"x": x, "y": y, "text": text, "showarrow": False,
            "font": {"size": FONT, "color": INK}, **extra}


def _frame(trace: Trace, view: str, steps: Sequence[Step], current: int | None, d: int,
           lang: str, reveal_current: bool = True
           ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Traces (one per edge, then the nodes) and annotations for the state after ``current``."""
    known = known_values(trace, view, steps, current, reveal_current)
    step = steps[current] if current is not None and steps else None
    lit_nodes, lit_edges = set(step.nodes if step else ()), set(step.edges if step else ())
    # Widths relative to the largest gradient of the whole trace, so they hold still as the
    # animation reveals one gradient after another.
    biggest = max((abs(v) for k, v in trace.values.items() if k.startswith(("dE_dw", "dE_db"))),
                  default=1.0) or 1.0
    data, notes = [], []
    for e, (src, dst) in EDGES.items():
        (x0, y0), (x1, y1) = POS[src], POS[dst]
        color, width = _edge_style(e, known, lit_edges, view, biggest)
        data.append({"type": "scatter", "mode": "lines", "x": [x0, x1], "y": [y0, y1],
                     "line": {"color": color, "width": width}, "hoverinfo": "skip"})
        if e in LABEL_AT:
            a = LABEL_AT[e]
            notes.append(_note(x0 + a * (x1 - x0), y0 + a * (y1 - y0),
                               _edge_text(e, trace, view, known, d, lang), bgcolor=BOX,
                               bordercolor=HIGHLIGHT if e in lit_edges else BOX,
                               font={"size": FONT - 1, "color": INK}))
    for b, layer in (("b1", HIDDEN), ("b2", OUTPUTS)):
        # One label block under each bias node: both of its edges when biases train, else
        # the one shared value. It sits a little left, clear of the neuron labels to its right.
        edges = [f"b_{n}" for n in layer] if trace.scenario.train_biases else [f"b_{layer[0]}"]
        text = "<br>".join(_edge_text(e, trace, view, known, d, lang) for e in edges)
        lit = any(f"b_{n}" in lit_edges for n in layer)
        notes.append(_note(*POS[b], text, yanchor="top", yshift=-(BIAS_PX // 2 + 4),
                           xshift=-25, bgcolor=BOX, bordercolor=HIGHLIGHT if lit else BOX,
                           font={"size": FONT - 1, "color": INK}))
    names = list(POS)
    # opacity 1 is explicit: with per-node sizes plotly.js takes the markers for bubbles and
    # draws them at 0.7, which washed out the highlight ring.
    data.append({"type": "scatter", "mode": "markers+text", "x": [POS[n][0] for n in names],
                 "y": [POS[n][1] for n in names], "text": names, "hoverinfo": "skip",
                 "textfont": {"size": 20, "color": INK, "weight": "bold"},
                 "marker": {"size": [BIAS_PX if n[0] == "b" else NODE_PX for n in names],
                            "color": [FILL[n[0]] if n in lit_nodes or not lit_nodes
                                      else DIM[n[0]] for n in names], "opacity": 1,
                            "line": {"color": [HIGHLIGHT if n in lit_nodes else "white"
                                               for n in names],
                                     "width": [RING_PX if n in lit_nodes else 2
                                               for n in names]}}})
    for n in HIDDEN + OUTPUTS:  # above the top row, below the bottom row
        up = POS[n][1] > 0.5
        notes.append(_note(*POS[n], _node_text(n, view, known, d), align="center", bgcolor=BOX,
                           yanchor="bottom" if up else "top", yshift=CLEAR_PX * (1 if up else -1)))
    for n, v in zip(INPUTS, trace.scenario.inputs, strict=True):
        notes.append(_note(*POS[n], f"{n} = {fmt(v, d)}", xanchor="right", xshift=-CLEAR_PX))
    for n, v in zip(OUTPUTS, trace.scenario.targets, strict=True):
        notes.append(_note(*POS[n], f"{t('diagram.target', lang)}<br>{fmt(v, d)}",
                           xanchor="left", align="left", xshift=CLEAR_PX))
    total = fmt(known["E_total"], d) if "E_total" in known else "?"
    if "E_total_new" in known:  # on its own line: the box stays narrow beside the outputs
        total += f"<br>→ {fmt(known['E_total_new'], d)}"
    lit_error = step is not None and step.name.startswith("E_total")
    notes.append(_note(POS["o1"][0], 0.5, f"{t('diagram.error', lang)}<br>{total}",
                       xanchor="left", align="left", xshift=CLEAR_PX, bgcolor="#fff7e0",
                       bordercolor=HIGHLIGHT if lit_error else INK,
                       borderwidth=3 if lit_error else 2, borderpad=6))
    return data, notes


def _player(steps: Sequence[Step], current: int | None, lang: str) -> dict[str, Any]:
    """Play/Pause buttons and a frame slider, all run by plotly.js in the browser."""
    play = {"frame": {"duration": 900, "redraw": True}, "transition": {"duration": 0},
            "fromcurrent": True, "mode": "immediate"}
    pause = {"frame": {"duration": 0, "redraw": False}, "mode": "immediate"}
    jump = {"frame": {"duration": 0, "redraw": True}, "transition": {"duration": 0},
            "mode": "immediate"}
    return {
        "updatemenus": [{
            "type": "buttons", "direction": "left", "x": 0.0, "y": 0.0, "xanchor": "left",
            "yanchor": "top", "showactive": False, "pad": {"t": 12, "r": 8},
            "font": {"size": FONT},
            "buttons": [{"label": t("diagram.play", lang), "method": "animate",
                         "args": [None, play]},
                        {"label": t("diagram.pause", lang), "method": "animate",
                         "args": [[None], pause]}]}],
        "sliders": [{
            "active": current or 0, "x": 0.24, "len": 0.76, "y": 0.0, "yanchor": "top",
            "pad": {"t": 12}, "currentvalue": {"visible": False}, "font": {"size": 13},
            "steps": [{"label": str(k + 1), "method": "animate", "args": [[str(k)], jump]}
                      for k in range(len(steps))]}]}


def network_figure(trace: Trace, *, view: str, decimals: int, lang: str,
                   current: int | None = None, steps: Sequence[Step] = (),
                   animate: bool = False, reveal_current: bool = True) -> dict[str, Any]:
    """The network as a Plotly figure dict, as it stands after step ``current`` of ``steps``.

    view: "overview" | "forward" | "backward" | "update". With ``animate``, one frame per
    step and in-figure Play/Pause buttons and slider (no server round trip per frame); the
    player adds PLAYER_PX below the plot, so the network itself is drawn the same size.
    ``reveal_current=False`` (practice mode) hides the current step's own value.
    """
    data, notes = _frame(trace, view, steps, current, decimals, lang, reveal_current)
    player = animate and bool(steps)
    layout: dict[str, Any] = {
        "height": PLOT_PX + 20 + (PLAYER_PX if player else 0),
        "margin": {"l": 10, "r": 10, "t": 10, "b": 10 + (PLAYER_PX if player else 0)},
        "xaxis": {"visible": False, "range": list(X_RANGE), "fixedrange": True},
        "yaxis": {"visible": False, "range": list(Y_RANGE), "fixedrange": True},
        "showlegend": False, "plot_bgcolor": "white", "paper_bgcolor": "white",
        "dragmode": False, "annotations": notes, "font": {"size": FONT},
    }
    figure: dict[str, Any] = {"data": data, "layout": layout}
    if player:
        figure["frames"] = [
            {"name": str(k), "data": frame_data, "layout": {"annotations": frame_notes}}
            for k in range(len(steps))
            for frame_data, frame_notes in [_frame(trace, view, steps, k, decimals, lang)]]
        layout.update(_player(steps, current, lang))
    return figure
