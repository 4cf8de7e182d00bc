"""The computational-graph page's words and figures, as plain Plotly dicts.

Names: a graph name is written the same way everywhere on the page (diagram, explanations,
pickers): a symbol keeps its plain text (w0, out_h1, as tutor.ui.notation writes names; the
formulas typeset it), a word is said in the
reader's language with the names of Saito's book (graph.name.*: 苹果的价格 / apple).

graph_figure: leaves on the left, each operation node (its operation written inside: ×, +,
σ, …) one column right of its deepest input; each edge carries its forward value above and,
once the backward pass reaches it, its gradient below.
reverse_network_figure: the 2-2-2 drawn right to left, each neuron an amplifier with gain
σ'(net), ∂E/∂out flowing in and δ = ∂E/∂net flowing out, lit one neuron at a time in the
order the backward pass computes them; every number from the trace.
"""

from __future__ import annotations

from typing import Any

from bpcore import Formula, Trace, fmt
from bpcore.graph import OPS, Graph, GraphTrace, Node
from bpcore.qname import NEURONS, QName
from tutor.figures.network import text_px
from tutor.figures.theme import BOX, EDGE, HIGHLIGHT, INK, LABEL_PX, NEGATIVE, POSITIVE, font
from tutor.figures.words import sentences, with_words
from tutor.i18n import t

NODE, LEAF, CONST = "#009e73", "#56b4e9", "#d9d9d9"
REVERSE_ORDER = ("o1", "o2", "h1", "h2")  # the order the backward pass computes each δ


def subscript(neuron: str) -> str:
    """A neuron's name as the suffix of a symbol, in the tutorial's notation: o1 → _o1
    (δ_o1, net_o1), as the page's other text writes it (tutor.ui.notation)."""
    return f"_{neuron}"


def label(graph: Graph, name: str, lang: str) -> str:
    """A graph name as the page writes it: the symbol's text (w0), or the word in ``lang``."""
    return graph.item(name).text or t(f"graph.name.{name}", lang)


def latex_names(graph: Graph, lang: str) -> dict[str, str]:
    r"""LaTeX of the names that are words, in ``lang`` (\text{苹果的价格}); symbols keep
    their own LaTeX (for bpcore.graph.evaluate's ``symbols``)."""
    return {n: rf"\text{{{t(f'graph.name.{n}', lang)}}}" for n in graph.names()
            if not graph.item(n).symbol}


def _layout(height: int) -> dict[str, Any]:
    return {"height": height, "margin": {"l": 10, "r": 10, "t": 10, "b": 10},
            "xaxis": {"visible": False, "fixedrange": True},
            "yaxis": {"visible": False, "fixedrange": True}, "showlegend": False,
            "plot_bgcolor": "white", "paper_bgcolor": "white", "dragmode": False,
            "font": font(LABEL_PX)}


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
    consumer: dict[str, str] = {}
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


def _sign(graph: Graph, name: str) -> str:
    """What a name's marker shows: its operation (×, +, σ, …); nothing for a leaf."""
    item = graph.item(name)
    return OPS[item.op].sign if isinstance(item, Node) else ""


def _lit(step: Formula, graph: Graph) -> tuple[set[str], set[tuple[str, str]]]:
    """The names and edges (input, node) the step involves."""
    if step.phase == "forward":
        node = graph.item(step.node)
        inputs = node.inputs if isinstance(node, Node) else ()
        return {step.node, *inputs}, {(i, step.node) for i in inputs}
    if step.node:  # a share sent back along one edge
        return {step.node, step.target}, {(step.target, step.node)}
    users = {n.name for n in graph.nodes if step.target in n.inputs}  # a sum of shares
    return {step.target, *users}, {(step.target, u) for u in users}


def graph_figure(trace: GraphTrace, current: int, decimals: int, lang: str) -> dict[str, Any]:
    """The graph as it stands after step ``current`` of trace.steps."""
    graph, steps = trace.graph, trace.steps
    pos = _positions(trace)
    done = steps[: current + 1]
    known = {leaf.name for leaf in graph.leaves} | {s.node for s in done if s.phase == "forward"}
    sent: dict[tuple[str, str, int], float] = {}  # (node, input, k) → gradient sent back
    for s in done:
        if s.phase == "backward" and s.node:
            k = sum(1 for key in sent if key[:2] == (s.node, s.target))
            sent[(s.node, s.target, k)] = s.value
    step = steps[current]
    lit_names, lit_edges = _lit(step, graph)
    data: list[dict[str, Any]] = []
    notes: list[dict[str, Any]] = []
    for node in graph.nodes:
        for k, src in enumerate(node.inputs):
            repeat = node.inputs[:k].count(src)  # d·d: two edges, bent apart
            twice = node.inputs.count(src) > 1
            (x0, y0), (x1, y1) = pos[src], pos[node.name]
            xm, ym = (x0 + x1) / 2, (y0 + y1) / 2 + (0.55 - 1.1 * repeat if twice else 0.0)
            lit = (src, node.name) in lit_edges
            data.append({"type": "scatter", "mode": "lines", "x": [x0, xm, x1], "y": [y0, ym, y1],
                         "line": {"color": HIGHLIGHT if lit else EDGE, "width": 6 if lit else 2.5},
                         "hoverinfo": "skip"})
            above = fmt(trace.values[src], decimals) if src in known else "?"
            grad = sent.get((node.name, src, repeat))
            below = "" if grad is None else f"<br><b>∂ {fmt(grad, decimals)}</b>"
            color = INK if grad is None else (POSITIVE if grad > 0 else NEGATIVE)
            notes.append({"x": xm, "y": ym, "text": above + below, "showarrow": False,
                          "bgcolor": BOX, "font": font(LABEL_PX - 2, color)})
    names = list(graph.names())
    constants = {leaf.name for leaf in graph.leaves if leaf.constant}
    leaves = {leaf.name for leaf in graph.leaves}
    data.append({
        "type": "scatter", "mode": "markers+text", "hoverinfo": "skip",
        "x": [pos[n][0] for n in names], "y": [pos[n][1] for n in names],
        "text": [_sign(graph, n) for n in names], "textposition": "middle center",
        "textfont": {"size": LABEL_PX + 3, "color": "white", "weight": "bold"},
        "marker": {"size": [22 if n in leaves else 40 for n in names], "opacity": 1,
                   "color": [CONST if n in constants else LEAF if n in leaves else NODE
                             for n in names],
                   "line": {"color": [HIGHLIGHT if n in lit_names else "white" for n in names],
                            "width": [6 if n in lit_names else 2 for n in names]}}})
    for n in names:  # the name above its node (the output's is in its box); a leaf drawn
        if n == graph.output:  # under the node it feeds has its name under it, clear of the edge
            continue
        under = n in leaves and pos[n][0] > 0
        notes.append({"x": pos[n][0], "y": pos[n][1], "yshift": -22 if under else 28,
                      "yanchor": "top" if under else "bottom", "showarrow": False,
                      "text": label(graph, n, lang), "font": font(LABEL_PX, INK)})
    out = graph.output
    value = fmt(trace.values[out], decimals) if out in known else "?"
    notes.append({"x": pos[out][0], "y": pos[out][1], "xshift": 34, "xanchor": "left",
                  "showarrow": False, "text": f"{label(graph, out, lang)}<br>{value}",
                  "bgcolor": "#fff7e0", "bordercolor": INK, "borderwidth": 2,
                  "font": font(LABEL_PX + 1, INK)})
    low, high = min(p[1] for p in pos.values()), max(p[1] for p in pos.values())
    layout = _layout(int(190 + 125 * (high - low)))
    layout["xaxis"]["range"] = [-0.45, max(p[0] for p in pos.values()) + 1.3]
    layout["yaxis"]["range"] = [low - 0.6, high + 0.6]
    layout["annotations"] = notes
    return with_words({"data": data, "layout": layout},
                      graph_words(trace, current, decimals, lang))


def graph_words(trace: GraphTrace, current: int, decimals: int, lang: str) -> str:
    """The graph in words after step ``current``: what the step computes with its number, the
    names highlighted, and each one's value and its gradient so far (what the diagram shows)."""
    graph, steps = trace.graph, trace.steps
    done = steps[: current + 1]
    known = {leaf.name for leaf in graph.leaves} | {s.node for s in done if s.phase == "forward"}
    grads = {s.target: s.total for s in done if s.phase == "backward" and s.total is not None}
    step = steps[current]

    def name(n: str) -> str:
        return label(graph, n, lang)

    head = {"index": current + 1, "count": len(steps), "phase": t(f"phase.{step.phase}", lang)}
    parts = [t("words.graph", lang, output=name(graph.output))]
    if step.phase == "forward":
        parts.append(t("words.graph_forward", lang, **head, name=name(step.node),
                       value=fmt(step.value, decimals)))
    elif step.node:  # a share sent back along one edge
        parts.append(t("words.graph_share", lang, **head, node=name(step.node),
                       target=name(step.target), value=fmt(step.value, decimals)))
    else:  # the sum of the shares a name receives
        parts.append(t("words.graph_sum", lang, **head, target=name(step.target),
                       value=fmt(step.value, decimals)))
    lit, _ = _lit(step, graph)
    shown = [n for n in graph.names() if n in lit]
    parts.append(t("words.network_lit", lang, nodes=", ".join(name(n) for n in shown)))
    for n in shown:
        value = fmt(trace.values[n], decimals) if n in known else "?"
        grad = grads.get(n)
        parts.append(t("words.graph_node", lang, name=name(n), value=value) if grad is None
                     else t("words.graph_node_grad", lang, name=name(n), value=value,
                            grad=fmt(grad, decimals)))
    return sentences(parts, lang)


# Reverse network: outputs on the left, inputs on the right (the direction δ travels).
_REVERSE = {"o1": (0.0, 1.0), "o2": (0.0, 0.0), "h1": (1.6, 1.0), "h2": (1.6, 0.0)}
_WEIGHT = {("o1", "h1"): "w5", ("o1", "h2"): "w6", ("o2", "h1"): "w7", ("o2", "h2"): "w8"}


def reverse_formulas(trace: Trace, neuron: str) -> tuple[Formula, ...]:
    """The steps of the trace that compute one neuron's δ in the reverse network: for an
    output δ = ∂E/∂out · σ′; for a hidden neuron, first the sum of what comes back."""
    layer, j = NEURONS[neuron]
    kinds = ("delta",) if layer == 2 else ("dE_dout", "delta")
    wanted = [QName(kind, layer, j, sample=1) for kind in kinds]
    return tuple(s for s in trace.steps for q in wanted if s.qname == q)


def _at(trace: Trace, kind: str, neuron: str) -> float:
    """∂E/∂out, σ′ (dout_dnet) or δ of a neuron of the 2-2-2, by its typed name."""
    layer, j = NEURONS[neuron]
    return trace.at(QName(kind, layer, j, sample=1))


def reverse_network_figure(trace: Trace, decimals: int, lang: str,
                           current: int | None = None) -> dict[str, Any]:
    """The backward pass as a reverse network of amplifiers with gain σ'(net).

    ``current`` (an index into REVERSE_ORDER) lights that neuron and shows only what the
    reverse network has computed so far; None shows everything, lit nothing.
    """
    d = decimals
    reached = set(REVERSE_ORDER if current is None else REVERSE_ORDER[: current + 1])
    lit = None if current is None else REVERSE_ORDER[current]

    def number(kind: str, neuron: str) -> str:
        return fmt(_at(trace, kind, neuron), d) if neuron in reached else "?"

    data: list[dict[str, Any]] = []
    notes: list[dict[str, Any]] = []
    for (o, h), w in _WEIGHT.items():
        (x0, y0), (x1, y1) = _REVERSE[o], _REVERSE[h]
        # what output o sends back into hidden h along w: δ_o · w (the path's typed name)
        flow = trace.at(QName("path", 1, NEURONS[h][1], NEURONS[o][1], sample=1))
        passed = h in reached
        color = (POSITIVE if flow > 0 else NEGATIVE) if passed else EDGE
        data.append({"type": "scatter", "mode": "lines", "x": [x0, x1], "y": [y0, y1],
                     "line": {"color": HIGHLIGHT if h == lit else color,
                              "width": 6 if h == lit else 3}, "hoverinfo": "skip"})
        a = 0.3 if (o, h) in (("o1", "h2"), ("o2", "h1")) else 0.5
        notes.append({"x": x0 + a * (x1 - x0), "y": y0 + a * (y1 - y0), "showarrow": False,
                      "text": f"× {w} → {fmt(flow, d) if passed else '?'}", "bgcolor": BOX,
                      "font": font(LABEL_PX - 2)})
    for n, (x, y) in _REVERSE.items():
        notes.append({"x": x, "y": y, "showarrow": False, "bgcolor": "#e8f5ef",
                      "bordercolor": HIGHLIGHT if n == lit else NODE,
                      "borderwidth": 4 if n == lit else 2, "borderpad": 6,
                      "font": font(LABEL_PX),
                      "text": f"<b>{n}</b>  × σ′ = {fmt(_at(trace, 'dout_dnet', n), d)}"})
        notes.append({"x": x, "y": y, "yanchor": "bottom" if y > 0.5 else "top",
                      "yshift": 24 if y > 0.5 else -24, "showarrow": False,
                      "font": font(LABEL_PX - 2, HIGHLIGHT if n == lit else INK),
                      "text": f"∂E/∂out = {number('dE_dout', n)} → "
                              f"<b>δ = {number('delta', n)}</b>"})
    for o in ("o1", "o2"):
        x, y = _REVERSE[o]
        # Left of the neuron's box by the box's own half width in px (its text, padding and
        # border), not by axis units: in a narrower column the box would cover the label.
        box = f"{o}  × σ′ = {fmt(_at(trace, 'dout_dnet', o), d)}"
        notes.append({"x": x, "y": y, "xanchor": "right", "showarrow": False,
                      "xshift": -(text_px(box, LABEL_PX) / 2 + 6 + 4 + 8),
                      "font": font(LABEL_PX - 2),
                      "text": f"E → {fmt(_at(trace, 'dE_dout', o), d)}"})
    layout = _layout(360)
    layout["xaxis"]["range"] = [-0.9, 2.3]
    layout["yaxis"]["range"] = [-0.5, 1.5]
    layout["annotations"] = notes
    return with_words({"data": data, "layout": layout},
                      reverse_words(trace, decimals, lang, current))


def reverse_words(trace: Trace, decimals: int, lang: str, current: int | None = None) -> str:
    """The reverse network in words: the neuron lit at step ``current`` with its ∂E/∂out, its
    gain σ′ and its δ, then every δ reached so far (None: every neuron's)."""
    reached = REVERSE_ORDER if current is None else REVERSE_ORDER[: current + 1]
    parts = [t("words.reverse", lang)]
    if current is not None:
        n = REVERSE_ORDER[current]
        parts.append(t("words.reverse_step", lang, index=current + 1, count=len(REVERSE_ORDER),
                       neuron=n, dE=fmt(_at(trace, "dE_dout", n), decimals),
                       gain=fmt(_at(trace, "dout_dnet", n), decimals),
                       delta=fmt(_at(trace, "delta", n), decimals)))
    parts.append(t("words.network_known", lang, values=", ".join(
        f"δ {n} = {fmt(_at(trace, 'delta', n), decimals)}" for n in reached)))
    return sentences(parts, lang)
