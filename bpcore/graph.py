"""A computational graph of scalar operations, evaluated forward and differentiated backward.

Each node applies one operation to named inputs. evaluate() computes every value in the
order the nodes are listed (forward), then d(output)/d(every name) from the output back
(backward): each node sends its upstream gradient times its local gradient to each input,
and a name that feeds several nodes accumulates what arrives (chain rule case 2: the sum).

Every step is a bpcore.formula.Formula with a Message (keys graph.forward.<op>,
graph.backward.<op>, graph.sum) naming the quantities concerned; the tutor words it. A name
is written in LaTeX by its ``symbol`` (w_0, out_{o1}); names without one (the shopping
examples' apple, tax, …) are named in the reader's language by the tutor, which passes
their LaTeX to evaluate() as ``symbols``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np

from bpcore.activations import SIGMOID_TEMPLATE, sigmoid, sigmoid_prime_latex
from bpcore.errors import CodedError
from bpcore.formula import Formula, Message

Values = tuple[float, ...]


@dataclass(frozen=True)
class Op:
    """An operation: its value, its local gradient for each input, its LaTeX (slots #0, #1),
    the sign its node shows (×, +, σ, …) and, per input, the local gradient written in the
    inputs' names (slot #0 for the upstream gradient is added by the backward step)."""

    name: str
    arity: int
    value: Callable[[Values], float]
    local: Callable[[Values, float], Values]
    latex: str
    sign: str
    # local gradient per input: (LaTeX with {a} {b} {out} for names, template over
    # #1 = the input or output value it needs, or "" when it is a constant)
    local_latex: tuple[tuple[str, str], ...]


def _sigmoid(x: float) -> float:
    return float(sigmoid(np.array(x)))


def _exp(x: float) -> float:
    try:
        return math.exp(x)
    except OverflowError:
        return math.inf


def _reciprocal(x: float) -> float:
    return 1.0 / x if x != 0 else math.inf


OPS: Mapping[str, Op] = MappingProxyType({
    "add": Op("add", 2, lambda v: v[0] + v[1], lambda v, out: (1.0, 1.0), "#0 + #1", "+",
              (("1", r"#0 \cdot 1"), ("1", r"#0 \cdot 1"))),
    "multiply": Op("multiply", 2, lambda v: v[0] * v[1], lambda v, out: (v[1], v[0]),
                   r"#0 \cdot #1", "×", (("{b}", r"#0 \cdot #1"), ("{a}", r"#0 \cdot #1"))),
    "subtract": Op("subtract", 2, lambda v: v[0] - v[1], lambda v, out: (1.0, -1.0), "#0 - #1",
                   "−", (("1", r"#0 \cdot 1"), ("(-1)", r"#0 \cdot (-1)"))),
    "negate": Op("negate", 1, lambda v: -v[0], lambda v, out: (-1.0,), "-#0", "−",
                 (("(-1)", r"#0 \cdot (-1)"),)),
    "exp": Op("exp", 1, lambda v: _exp(v[0]), lambda v, out: (out,), "e^{#0}", "exp",
              (("{out}", r"#0 \cdot #1"),)),
    "reciprocal": Op("reciprocal", 1, lambda v: _reciprocal(v[0]), lambda v, out: (-out * out,),
                     r"\frac{1}{#0}", "1/x", ((r"\left(-{out}^2\right)", r"#0 \cdot (-#1^2)"),)),
    "sigmoid": Op("sigmoid", 1, lambda v: _sigmoid(v[0]), lambda v, out: (out * (1 - out),),
                  SIGMOID_TEMPLATE, "σ",
                  ((sigmoid_prime_latex("{out}"), r"#0 \cdot " + sigmoid_prime_latex("#1")),)),
})


@dataclass(frozen=True)
class Leaf:
    """An input of the graph. ``symbol`` (LaTeX) and ``text`` (Unicode) write a quantity named
    by a symbol (w_0 / w₀); both empty for one named in words by the tutor (apple). A constant
    (the 1 in 1 + e^−z) is not for editing."""

    name: str
    value: float
    symbol: str = ""
    text: str = ""
    constant: bool = False


@dataclass(frozen=True)
class Node:
    """name = op(inputs…), inputs being leaves or earlier nodes; ``symbol`` and ``text`` as
    for a Leaf."""

    name: str
    op: str
    inputs: tuple[str, ...]
    symbol: str = ""
    text: str = ""


@dataclass(frozen=True)
class Graph:
    """Leaves, nodes in evaluation order, and the output node. Checked on construction."""

    leaves: tuple[Leaf, ...]
    nodes: tuple[Node, ...]
    output: str

    def __post_init__(self) -> None:
        known = {leaf.name for leaf in self.leaves}
        for node in self.nodes:
            if node.op not in OPS:
                raise CodedError(node.name, "unknown_operation", op=node.op)
            if len(node.inputs) != OPS[node.op].arity:
                raise CodedError(node.name, "arity", op=node.op, arity=OPS[node.op].arity)
            for name in node.inputs:
                if name not in known:
                    raise CodedError(node.name, "undefined_input", input=name)
            known.add(node.name)
        if self.output not in known:
            raise CodedError("output", "not_a_node", name=self.output)

    def item(self, name: str) -> Leaf | Node:
        """The leaf or node called ``name``."""
        items: tuple[Leaf | Node, ...] = (*self.leaves, *self.nodes)
        for item in items:
            if item.name == name:
                return item
        raise KeyError(name)

    def names(self) -> tuple[str, ...]:
        """Every name, leaves first, then the nodes in evaluation order."""
        return tuple(leaf.name for leaf in self.leaves) + tuple(n.name for n in self.nodes)

    def consumers(self, name: str) -> tuple[str, ...]:
        """The nodes that take ``name`` as an input, once per use (d·d uses d twice)."""
        return tuple(n.name for n in self.nodes for i in n.inputs if i == name)


@dataclass(frozen=True)
class GraphTrace:
    """Every value, every gradient d(output)/d(name), and the steps in the order computed."""

    graph: Graph
    values: Mapping[str, float]
    grads: Mapping[str, float]
    steps: tuple[Formula, ...]


def symbol(name: str, symbols: Mapping[str, str] | None = None,
           graph: Graph | None = None) -> str:
    r"""A graph name as LaTeX: the reader's words from ``symbols``, else the item's own symbol,
    else the name itself in italics (apple_num → \mathit{apple\_num})."""
    if symbols and name in symbols:
        return symbols[name]
    if graph is not None:
        own = graph.item(name).symbol
        if own:
            return own
    escaped = name.replace("_", r"\_")
    return rf"\mathit{{{escaped}}}"


def partial(of: str, by: str) -> str:
    """∂of/∂by in LaTeX, for two names already written as LaTeX."""
    return rf"\frac{{\partial {of}}}{{\partial {by}}}"


def substitute_names(template: str, names: tuple[str, ...]) -> str:
    """An operation's LaTeX with names (LaTeX) in its slots: #0 · #1 → apple · apple_num."""
    out = template
    for k in range(len(names) - 1, -1, -1):  # #10 before #1, were there ever ten inputs
        out = out.replace(f"#{k}", names[k])
    return out


class _Writer:
    """Builds a trace's Formula records with the names written once."""

    def __init__(self, graph: Graph, symbols: Mapping[str, str] | None) -> None:
        self.graph = graph
        self.sym = {n: symbol(n, symbols, graph) for n in graph.names()}
        self.d = {n: partial(self.sym[graph.output], self.sym[n]) for n in graph.names()}

    def forward(self, node: Node, args: Values, value: float) -> Formula:
        op = OPS[node.op]
        params = dict(zip(("a", "b"), node.inputs, strict=False))
        return Formula(
            name=node.name, symbol=self.sym[node.name],
            formula=substitute_names(op.latex, tuple(self.sym[i] for i in node.inputs)),
            template=op.latex, operands=args, value=value,
            message=Message(f"graph.forward.{node.op}", {"node": node.name, **params}),
            phase="forward", node=node.name, target=node.name)

    def share(self, node: Node, k: int, args: Values, out: float, upstream: float,
              local: float, total: float, alone: bool) -> Formula:
        """What ``node`` (of value ``out``) sends back to its k-th input: upstream × local.

        Its symbol is ∂output/∂input when that input feeds nothing else (``alone``), else
        the share ∂output/∂node · ∂node/∂input that its sum will collect."""
        op, target = OPS[node.op], node.inputs[k]
        local_latex, template = op.local_latex[k]
        words = {"a": self.sym[node.inputs[0]], "out": self.sym[node.name],
                 "b": self.sym[node.inputs[-1]]}
        local_sym = local_latex.format(**words)
        if node.op == "multiply":  # the other input: its value is the local gradient
            operands: Values = (upstream, args[1 - k])
        elif "#1" in template:  # the node's own value
            operands = (upstream, out)
        else:
            operands = (upstream,)
        via = rf"{self.d[node.name]} \, {partial(self.sym[node.name], self.sym[target])}"
        params = {"node": node.name, "target": target}
        if node.op == "multiply":
            params["other"] = node.inputs[1 - k]
        return Formula(
            name=f"{node.name}>{target}", symbol=self.d[target] if alone else via,
            formula=rf"{self.d[node.name]} \cdot {local_sym}", template=template,
            operands=operands, value=upstream * local,
            message=Message(f"graph.backward.{node.op}", params), phase="backward",
            node=node.name, target=target, upstream=upstream, local=local, total=total)

    def total(self, target: str, shares: list[Formula], value: float) -> Formula:
        """A name fed into several nodes: its gradient is the sum of the shares so far."""
        return Formula(
            name=f"{target}+", symbol=self.d[target],
            formula=" + ".join(s.symbol for s in shares),
            template=" + ".join(f"#{k}" for k in range(len(shares))),
            operands=tuple(s.value for s in shares), value=value,
            message=Message("graph.sum", {"target": target, "count": str(len(shares))}),
            phase="backward", target=target, total=value)


def evaluate(graph: Graph, leaf_values: Mapping[str, float] | None = None,
             symbols: Mapping[str, str] | None = None) -> GraphTrace:
    """Forward in node order, then backward from the output (d output/d output = 1).

    ``leaf_values`` replace leaves' defaults; a name that is not a leaf, a value that is not a
    finite number, or one that makes a node's value overflow is refused (CodedError naming
    it). Constants receive gradients in ``grads`` but no step: nobody edits them. ``symbols``
    writes names in the reader's words (see symbol()).
    """
    values = {leaf.name: float(leaf.value) for leaf in graph.leaves}
    for name, x in (leaf_values or {}).items():
        if name not in values:
            raise CodedError(name, "not_a_leaf")
        if isinstance(x, bool) or not isinstance(x, (int, float)) or not math.isfinite(x):
            raise CodedError(name, "not_finite", value=repr(x))
        values[name] = float(x)
    writer = _Writer(graph, symbols)
    steps = []
    for node in graph.nodes:
        args = tuple(values[i] for i in node.inputs)
        values[node.name] = OPS[node.op].value(args)
        if not math.isfinite(values[node.name]):
            raise CodedError(node.name, "overflow")
        steps.append(writer.forward(node, args, values[node.name]))
    constants = {leaf.name for leaf in graph.leaves if leaf.constant}
    grads = dict.fromkeys(values, 0.0)
    grads[graph.output] = 1.0
    shares: dict[str, list[Formula]] = {}
    for node in reversed(graph.nodes):
        args = tuple(values[i] for i in node.inputs)
        upstream = grads[node.name]
        for k, (name, local) in enumerate(zip(node.inputs, OPS[node.op].local(
                args, values[node.name]), strict=True)):
            grads[name] += upstream * local
            if name in constants:
                continue
            alone = len(graph.consumers(name)) == 1
            share = writer.share(node, k, args, values[node.name], upstream, local, grads[name],
                                 alone)
            steps.append(share)
            shares.setdefault(name, []).append(share)
            if len(shares[name]) > 1:
                steps.append(writer.total(name, shares[name], grads[name]))
    return GraphTrace(graph, MappingProxyType(values), MappingProxyType(grads), tuple(steps))


@dataclass(frozen=True)
class Path:
    """One route from a name to the output: the nodes passed and the local gradient of each hop."""

    names: tuple[str, ...]
    factors: Values
    product: float


def chain_paths(trace: GraphTrace, start: str) -> tuple[Path, ...]:
    """Every path from ``start`` to the output, each with its chain-rule product.

    One path is chain rule case 1 (d output/d start = the product of the local gradients);
    several are case 2 (d output/d start = the sum of the products over the paths).
    """
    graph, values = trace.graph, trace.values
    consumers: dict[str, list[tuple[str, float]]] = {n: [] for n in graph.names()}
    for node in graph.nodes:
        locals_ = OPS[node.op].local(tuple(values[i] for i in node.inputs), values[node.name])
        for name, local in zip(node.inputs, locals_, strict=True):
            consumers[name].append((node.name, local))

    def walk(name: str) -> list[tuple[tuple[str, ...], Values]]:
        if name == graph.output:
            return [((name,), ())]
        return [((name, *rest), (local, *factors))
                for nxt, local in consumers[name] for rest, factors in walk(nxt)]

    return tuple(Path(names, factors, math.prod(factors)) for names, factors in walk(start))


def chain_rule(trace: GraphTrace, start: str,
               symbols: Mapping[str, str] | None = None) -> Formula:
    """∂output/∂start as the chain rule writes it: one Formula, symbols and numbers.

    One path: the product of the local gradients along it (case 1). Several: the sum of
    those products over the paths (case 2). The value is the backward pass's gradient.
    """
    graph = trace.graph
    paths = chain_paths(trace, start)
    sym = {n: symbol(n, symbols, graph) for n in graph.names()}
    products: list[str] = []
    slots: list[str] = []
    operands: list[float] = []
    for p in paths:  # written from the output back, as the backward pass multiplies
        hops = list(zip(p.names, p.names[1:], strict=False))[::-1]
        products.append(r" \cdot ".join(partial(sym[b], sym[a]) for a, b in hops))
        slots.append(r" \cdot ".join(f"#{len(operands) + k}" for k in range(len(p.factors))))
        operands.extend(p.factors[::-1])
    several = len(paths) > 1
    template = " + ".join(slots)  # a sum of products: · binds first, no brackets needed
    return Formula(
        name=f"chain:{start}", symbol=partial(sym[graph.output], sym[start]),
        formula=" + ".join(products), template=template, operands=tuple(operands),
        value=trace.grads[start],
        message=Message("graph.case2" if several else "graph.case1", {"count": str(len(paths))}),
        phase="backward", target=start)
