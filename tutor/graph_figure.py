"""Figures for the computational-graph page, as plain Plotly dicts.

graph_figure: leaves on the left, each node one column right of its deepest input; each edge
carries its forward value above and, once the backward pass reaches it, its gradient below.
reverse_network_figure: the 2-2-2 drawn right to left, each neuron an amplifier with gain
σ'(net), ∂E/∂out flowing in and δ = ∂E/∂net flowing out, every number from the trace.
"""

from __future__ import annotations

from typing import Any

from bpcore import Trace, fmt
from bpcore.graph import GraphTrace
from tutor.diagram import FONT, HIGHLIGHT, INK, NEGATIVE, POSITIVE
from tutor.i18n import t

NODE, LEAF, CONST = "#009e73", "#56b4e9", "#d9d9d9"


def _layout(height: int) -> dict[str, Any]:
    return {"height": height, "margin": {"l": 10, "r": 10, "t": 10, "b": 10},
            "xaxis": {"visible": False, "fixedrange": True},
            "yaxis": {"visible": False, "fixedrange": True}, "showlegend": False,
            "plot_bgcolor": "white", "paper_bgcolor": "white", "dragmode": False,
            "font": {"size": FONT}}


def _positions(trace: GraphTrace) -> dict[str, tuple[float, float]]:
    """Where each name is drawn: a node one column right of its deepest input, at the mean
    height of its inputs; a leaf one column left of its first consumer.

    Why not all leaves in column 0: a leaf that joins late (b2, the target, ½) would send a
    long diagonal across the whole graph. Such a leaf sits just below its consumer instead.
    """
    graph = trace.graph
    depth = {leaf.name: 0 for leaf in graph.leaves}
    for node in graph.nodes:
        depth[node.name] = 1 + max(depth[i] for i in node.inputs)
    consumer = {}
    for node in graph.nodes:
        for name in node.inputs:
            consumer.setdefault(name, node.name)
    early = [leaf.name for leaf in graph.leaves if depth[consumer[leaf.name]] == 1]
    pos = {name: (0.0, (len(early) - 1) / 2 - k) for k, name in enumerate(early)}
    for node in graph.nodes:
        placed = [pos[i][1] for i in node.inputs if i in pos]
        pos[node.name] = (float(depth[node.name]), sum(placed) / len(placed) if placed else 0.0)
    for leaf in graph.leaves:
        if leaf.name not in pos:
            cx, cy = pos[consumer[leaf.name]]
            pos[leaf.name] = (cx - 1, cy - 0.9)
    return pos


def graph_figure(trace: GraphTrace, current: int, decimals: int, lang: str) -> dict[str, Any]:
    """The graph as it stands after step ``current`` of trace.steps."""
    graph, steps = trace.graph, trace.steps
    pos = _positions(trace)
    done = steps[: current + 1]
    known = {leaf.name for leaf in graph.leaves} | {s.node for s in done if s.phase == "forward"}
    sent = {}  # (node, input, k) → gradient sent back along that edge, once computed
    for s in done:
        if s.phase == "backward":
            k = sum(1 for key in sent if key[:2] == (s.node, s.target))
            sent[(s.node, s.target, k)] = s.value
    step = steps[current]
    data, notes = [], []
    for node in graph.nodes:
        for k, src in enumerate(node.inputs):
            repeat = node.inputs[:k].count(src)  # d·d: the second edge bends away
            (x0, y0), (x1, y1) = pos[src], pos[node.name]
            bend = 0.35 * repeat
            xm, ym = (x0 + x1) / 2, (y0 + y1) / 2 + bend
            lit = step.node == node.name and (step.phase == "forward" or step.target == src)
            data.append({"type": "scatter", "mode": "lines", "x": [x0, xm, x1], "y": [y0, ym, y1],
                         "line": {"color": HIGHLIGHT if lit else "#8a96a3",
                                  "width": 6 if lit else 2.5}, "hoverinfo": "skip"})
            above = fmt(trace.values[src], decimals) if src in known else "?"
            grad = sent.get((node.name, src, repeat))
            below = "" if grad is None else f"<br><b>∂ {fmt(grad, decimals)}</b>"
            color = INK if grad is None else (POSITIVE if grad > 0 else NEGATIVE)
            notes.append({"x": xm, "y": ym, "text": above + below, "showarrow": False,
                          "bgcolor": "rgba(255,255,255,0.9)", "font": {"size": FONT - 1,
                                                                        "color": color}})
    names = [leaf.name for leaf in graph.leaves] + [n.name for n in graph.nodes]
    constants = {leaf.name for leaf in graph.leaves if leaf.constant}
    leaves = {leaf.name for leaf in graph.leaves}
    lit_nodes = {step.node} | ({step.target} if step.phase == "backward" else set())
    data.append({
        "type": "scatter", "mode": "markers+text", "hoverinfo": "skip",
        "x": [pos[n][0] for n in names], "y": [pos[n][1] for n in names],
        "text": [graph.label(n, lang) for n in names], "textposition": "top center",
        "textfont": {"size": FONT, "color": INK},
        "marker": {"size": 30, "color": [CONST if n in constants else LEAF if n in leaves
                                         else NODE for n in names],
                   "line": {"color": [HIGHLIGHT if n in lit_nodes else "white" for n in names],
                            "width": [6 if n in lit_nodes else 2 for n in names]}}})
    out = graph.output
    value = fmt(trace.values[out], decimals) if out in known else "?"
    notes.append({"x": pos[out][0] + 0.45, "y": pos[out][1], "showarrow": False,
                  "text": f"{graph.label(out, lang)}<br>{value}", "bgcolor": "#fff7e0",
                  "bordercolor": INK, "borderwidth": 2, "font": {"size": FONT + 1, "color": INK}})
    low, high = min(p[1] for p in pos.values()), max(p[1] for p in pos.values())
    layout = _layout(int(160 + 125 * (high - low)))
    layout["xaxis"]["range"] = [-0.4, max(p[0] for p in pos.values()) + 0.9]
    layout["yaxis"]["range"] = [low - 0.45, high + 0.45]
    layout["annotations"] = notes
    return {"data": data, "layout": layout}


# Reverse network: outputs on the left, inputs on the right (the direction δ travels).
_REVERSE = {"o1": (0.0, 1.0), "o2": (0.0, 0.0), "h1": (1.6, 1.0), "h2": (1.6, 0.0)}


def reverse_network_figure(trace: Trace, decimals: int, lang: str) -> dict[str, Any]:
    """The backward pass as a reverse network of amplifiers with gain σ'(net)."""
    d = decimals
    data, notes = [], []
    for o in ("o1", "o2"):
        for h, w in (("h1", "w5" if o == "o1" else "w7"), ("h2", "w6" if o == "o1" else "w8")):
            (x0, y0), (x1, y1) = _REVERSE[o], _REVERSE[h]
            flow = trace[f"dE{o}_dout_{h}"]
            data.append({"type": "scatter", "mode": "lines", "x": [x0, x1], "y": [y0, y1],
                         "line": {"color": POSITIVE if flow > 0 else NEGATIVE, "width": 3},
                         "hoverinfo": "skip"})
            a = 0.3 if (o, h) in (("o1", "h2"), ("o2", "h1")) else 0.5
            notes.append({"x": x0 + a * (x1 - x0), "y": y0 + a * (y1 - y0), "showarrow": False,
                          "text": f"× {w} → {fmt(flow, d)}", "bgcolor": "rgba(255,255,255,0.9)",
                          "font": {"size": FONT - 1, "color": INK}})
    for n, (x, y) in _REVERSE.items():
        notes.append({"x": x, "y": y, "showarrow": False, "bgcolor": "#e8f5ef",
                      "bordercolor": NODE, "borderwidth": 2, "borderpad": 6,
                      "font": {"size": FONT, "color": INK},
                      "text": f"<b>{n}</b>  × σ′ = {fmt(trace[f'dout_{n}_dnet_{n}'], d)}"})
        notes.append({"x": x, "y": y, "yanchor": "bottom" if y > 0.5 else "top",
                      "yshift": 24 if y > 0.5 else -24, "showarrow": False,
                      "font": {"size": FONT - 1, "color": INK},
                      "text": f"{t('reverse.in', lang)} ∂E/∂out {fmt(trace[f'dE_dout_{n}'], d)}"
                              f" → {t('reverse.out', lang)} δ {fmt(trace[f'delta_{n}'], d)}"})
    for o in ("o1", "o2"):
        x, y = _REVERSE[o]
        notes.append({"x": x - 0.55, "y": y, "showarrow": False,
                      "font": {"size": FONT - 1, "color": INK},
                      "text": f"E → {fmt(trace[f'dE_dout_{o}'], d)}"})
    layout = _layout(360)
    layout["xaxis"]["range"] = [-0.9, 2.3]
    layout["yaxis"]["range"] = [-0.5, 1.5]
    layout["annotations"] = notes
    return {"data": data, "layout": layout}
