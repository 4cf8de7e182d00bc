"""The 2-2-2 network drawn in Plotly, phase by phase, as a plain figure dict.

Classic layout: inputs left, hidden middle, outputs right, i1/h1/o1 on top, the biases as
their own nodes below. A value appears only once its step has been reached, so nothing shows
a gradient before the backward pass computes it. With ``animate`` the figure carries one
Plotly frame per step and its own Play button: the animation runs in the browser.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bpcore import EDGES, HIDDEN, INPUTS, OUTPUTS, Step, Trace, fmt
from tutor.i18n import t

POS = {"i1": (0.0, 1.0), "i2": (0.0, 0.0), "h1": (1.0, 1.0), "h2": (1.0, 0.0),
       "o1": (2.0, 1.0), "o2": (2.0, 0.0), "b1": (0.45, -0.62), "b2": (1.45, -0.62)}
# Where along each edge its label sits: the crossing pairs (w2/w3, w6/w7) are labelled near
# their start, away from the crossing, and the straight edges in the middle.
LABEL_AT = {"w1": 0.5, "w2": 0.3, "w3": 0.3, "w4": 0.5, "w5": 0.5, "w6": 0.3, "w7": 0.3,
            "w8": 0.5, "b_h1": 0.62, "b_h2": 0.5, "b_o1": 0.62, "b_o2": 0.5}
# The highlight is a purple that neither gradient colour nor any node fill resembles.
INK, EDGE, FADED, HIGHLIGHT = "#1a1a1a", "#8a96a3", "#c9d1d9", "#7b2cbf"
POSITIVE, NEGATIVE = "#d55e00", "#0072b2"  # colour-blind-safe pair for gradient signs
FILL = {"i": "#56b4e9", "h": "#009e73", "o": "#cc79a7", "b": "#f0e442"}
FONT = 17
# Labels above or below a node are offset in pixels, not data units, so they clear the
# node's highlight ring (66 px marker + 7 px ring) whatever size the figure is drawn at.
CLEAR_PX = 42


def _beside(n: str, extra: int = 0) -> dict[str, Any]:
    """Anchor a label just outside node n: above the top row, below the bottom row."""
    x, y = POS[n]
    up = y > 0.5
    return {"x": x, "y": y, "yanchor": "bottom" if up else "top",
            "yshift": (CLEAR_PX + extra) * (1 if up else -1)}


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


def _node_text(n: str, known: dict[str, float], d: int) -> str:
    if n in INPUTS:
        return ""
    lines = [f"net {fmt(known[f'net_{n}'], d) if f'net_{n}' in known else '?'}",
             f"out {fmt(known[f'out_{n}'], d) if f'out_{n}' in known else '?'}"]
    if f"delta_{n}" in known:
        lines.append(f"δ {fmt(known[f'delta_{n}'], d)}")
    return "<br>".join(lines)


def _param_name(edge: str, trace: Trace) -> str:
    """The tutorial's name of an edge's parameter: w5, or b1/b2 while biases are shared."""
    if edge.startswith("w") or trace.scenario.train_biases:
        return edge
    return "b1" if edge in ("b_h1", "b_h2") else "b2"


def _edge_text(edge: str, trace: Trace, view: str, known: dict[str, float], d: int,
               lang: str) -> str:
    name = _param_name(edge, trace)
    old = trace.scenario.get(edge)
    if view == "update" and not (edge.startswith("b") and not trace.scenario.train_biases):
        new = known.get(f"{edge}_new")
        return f"{name}: {fmt(old, d)} → {'?' if new is None else fmt(new, d)}"
    text = f"{name} = {fmt(old, d)}"
    if view == "update":  # a bias that does not train keeps its value
        return f"{text} ({t('diagram.fixed', lang)})"
    grad = known.get(f"dE_d{edge}" if edge.startswith("w") else f"dE_db_{edge[2:]}")
    return text if grad is None else f"{text}<br>∂E/∂{name} = {fmt(grad, d)}"


def _edge_style(edge: str, known: dict[str, float], lit: set[str], view: str,
                biggest: float) -> tuple[str, float]:
    grad = known.get(f"dE_d{edge}" if edge.startswith("w") else f"dE_db_{edge[2:]}")
    if edge in lit:
        return HIGHLIGHT, 7.0
    if view == "backward" and grad is not None:
        return (POSITIVE if grad > 0 else NEGATIVE), 1.5 + 7.5 * abs(grad) / biggest
    return (FADED if lit else EDGE), 2.5


def _frame(trace: Trace, view: str, steps: Sequence[Step], current: int | None, d: int,
           lang: str, reveal_current: bool = True
           ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Traces and annotations for the state after step ``current``."""
    known = known_values(trace, view, steps, current, reveal_current)
    step = steps[current] if current is not None and steps else None
    lit_nodes, lit_edges = set(step.nodes if step else ()), set(step.edges if step else ())
    grads = [abs(v) for k, v in known.items() if k.startswith(("dE_dw", "dE_db"))]
    biggest = max(grads, default=1.0) or 1.0
    edges = [e for e in EDGES if e.startswith("w") or e.startswith("b_")]
    data, notes = [], []
    for e in edges:
        (x0, y0), (x1, y1) = POS[EDGES[e][0]], POS[EDGES[e][1]]
        color, width = _edge_style(e, known, lit_edges, view, biggest)
        data.append({"type": "scatter", "mode": "lines", "x": [x0, x1], "y": [y0, y1],
                     "line": {"color": color, "width": width}, "hoverinfo": "skip"})
        a = LABEL_AT[e]
        if e.startswith("w") or trace.scenario.train_biases or e in ("b_h1", "b_o1"):
            xy = (x0 + a * (x1 - x0), y0 + a * (y1 - y0))
            if not e.startswith("w") and not trace.scenario.train_biases:
                xy = (POS[EDGES[e][0]][0], POS[EDGES[e][0]][1] - 0.17)  # shared: under the node
            label = _edge_text(e, trace, view, known, d, lang)
            notes.append({"x": xy[0], "y": xy[1], "text": label,
                          "showarrow": False, "bgcolor": "rgba(255,255,255,0.92)",
                          "bordercolor": HIGHLIGHT if e in lit_edges else "rgba(0,0,0,0)",
                          "font": {"size": FONT - 1, "color": INK}})
    names = list(POS)
    data.append({"type": "scatter", "mode": "markers+text", "x": [POS[n][0] for n in names],
                 "y": [POS[n][1] for n in names], "text": names, "hoverinfo": "skip",
                 "textfont": {"size": 20, "color": INK, "family": "Arial Black, sans-serif"},
                 "marker": {"size": [44 if n[0] == "b" else 66 for n in names],
                            "color": [FILL[n[0]] for n in names], "opacity": 1,
                            "line": {"color": [HIGHLIGHT if n in lit_nodes else "white"
                                               for n in names],
                                     "width": [7 if n in lit_nodes else 2 for n in names]}}})
    for n in HIDDEN + OUTPUTS:
        notes.append({**_beside(n), "text": _node_text(n, known, d), "align": "center",
                      "showarrow": False, "font": {"size": FONT, "color": INK}})
    for n, v in zip(INPUTS, trace.scenario.inputs, strict=True):
        notes.append({**_beside(n, -4), "text": f"{n} = {fmt(v, d)}", "showarrow": False,
                      "font": {"size": FONT, "color": INK}})
    for n, v in zip(OUTPUTS, trace.scenario.targets, strict=True):
        notes.append({"x": POS[n][0] + 0.42, "y": POS[n][1], "showarrow": False,
                      "text": f"{t('diagram.target', lang)}<br>{fmt(v, d)}",
                      "font": {"size": FONT, "color": INK}})
    total = known.get("E_total")
    notes.append({"x": 2.95, "y": 0.5, "showarrow": False, "bgcolor": "#fff7e0",
                  "bordercolor": HIGHLIGHT if "E_total" in (step.name if step else "") else INK,
                  "borderwidth": 2, "borderpad": 6, "font": {"size": FONT + 1, "color": INK},
                  "text": t("diagram.error", lang) + "<br>" + ("?" if total is None
                                                              else fmt(total, d))})
    return data, notes


def network_figure(trace: Trace, *, view: str, decimals: int, lang: str,
                   current: int | None = None, steps: Sequence[Step] = (),
                   animate: bool = False, reveal_current: bool = True) -> dict[str, Any]:
    """The network as a Plotly figure dict, as it stands after step ``current`` of ``steps``.

    view: "overview" | "forward" | "backward" | "update". With ``animate``, one frame per
    step and in-figure Play/Pause buttons and slider (no server round trip per frame).
    """
    data, notes = _frame(trace, view, steps, current, decimals, lang, reveal_current)
    layout: dict[str, Any] = {
        "height": 540, "margin": {"l": 10, "r": 10, "t": 10, "b": 10 if not animate else 70},
        "xaxis": {"visible": False, "range": [-0.35, 3.3], "fixedrange": True},
        "yaxis": {"visible": False, "range": [-1.05, 1.55], "fixedrange": True},
        "showlegend": False, "plot_bgcolor": "white", "paper_bgcolor": "white",
        "dragmode": False, "annotations": notes, "font": {"size": FONT},
    }
    figure: dict[str, Any] = {"data": data, "layout": layout}
    if animate and steps:
        frames = []
        for k in range(len(steps)):
            frame_data, frame_notes = _frame(trace, view, steps, k, decimals, lang)
            frames.append({"name": str(k), "data": frame_data,
                           "layout": {"annotations": frame_notes}})
        figure["frames"] = frames
        play = {"frame": {"duration": 900, "redraw": True}, "transition": {"duration": 0},
                "fromcurrent": True, "mode": "immediate"}
        pause = {"frame": {"duration": 0, "redraw": False}, "mode": "immediate"}
        layout["updatemenus"] = [{
            "type": "buttons", "direction": "left", "x": 0.0, "y": -0.02, "xanchor": "left",
            "yanchor": "top", "showactive": False, "pad": {"t": 8, "r": 8},
            "font": {"size": FONT},
            "buttons": [{"label": t("diagram.play", lang), "method": "animate",
                         "args": [None, play]},
                        {"label": t("diagram.pause", lang), "method": "animate",
                         "args": [[None], pause]}]}]
        layout["sliders"] = [{
            "active": current or 0, "x": 0.24, "len": 0.76, "y": -0.02, "yanchor": "top",
            "pad": {"t": 8}, "currentvalue": {"visible": False}, "font": {"size": 12},
            "steps": [{"label": str(k + 1), "method": "animate",
                       "args": [[str(k)], {"frame": {"duration": 0, "redraw": True},
                                           "mode": "immediate"}]} for k in range(len(steps))]}]
    return figure
