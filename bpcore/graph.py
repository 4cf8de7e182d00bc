"""A computational graph of scalar operations, evaluated forward and differentiated backward.

Each node applies one operation to named inputs. evaluate() computes every value in the
order the nodes are listed (forward), then d(output)/d(every name) from the output back
(backward): each node passes its upstream gradient times its local gradient to each input,
and a name that feeds several nodes sums what arrives (chain rule case 2).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from bpcore.activations import sigmoid
from bpcore.format import substitute

Values = tuple[float, ...]


@dataclass(frozen=True)
class Op:
    """An operation: its value, its local gradient for each input, its LaTeX (slots #0, #1)."""

    name: str
    arity: int
    value: Callable[[Values], float]
    local: Callable[[Values, float], Values]
    latex: str
    zh: str


def _sigmoid(x: float) -> float:
    return float(sigmoid(x))


OPS: Mapping[str, Op] = MappingProxyType({
    "add": Op("add", 2, lambda v: v[0] + v[1], lambda v, out: (1.0, 1.0), "#0 + #1", "加法"),
    "multiply": Op("multiply", 2, lambda v: v[0] * v[1], lambda v, out: (v[1], v[0]),
                   r"#0 \cdot #1", "乘法"),
    "subtract": Op("subtract", 2, lambda v: v[0] - v[1], lambda v, out: (1.0, -1.0), "#0 - #1",
                   "减法"),
    "negate": Op("negate", 1, lambda v: -v[0], lambda v, out: (-1.0,), "-#0", "取负"),
    "exp": Op("exp", 1, lambda v: math.exp(min(v[0], 700.0)), lambda v, out: (out,), "e^{#0}",
              "指数"),
    "reciprocal": Op("reciprocal", 1, lambda v: 1.0 / v[0], lambda v, out: (-out * out,),
                     r"\frac{1}{#0}", "取倒数"),
    "sigmoid": Op("sigmoid", 1, lambda v: _sigmoid(v[0]), lambda v, out: (out * (1 - out),),
                  r"\sigma(#0)", "sigmoid"),
})


@dataclass(frozen=True)
class Leaf:
    """An input of the graph, with its display labels; a constant (the 1 in 1 + e^-z) is not
    for editing."""

    name: str
    value: float
    en: str
    zh: str
    constant: bool = False


@dataclass(frozen=True)
class Node:
    """name = op(inputs…), inputs being leaves or earlier nodes."""

    name: str
    op: str
    inputs: tuple[str, ...]
    en: str
    zh: str


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
                raise ValueError(f"{node.name}: unknown operation {node.op!r}")
            if len(node.inputs) != OPS[node.op].arity:
                raise ValueError(f"{node.name}: {node.op} takes {OPS[node.op].arity} inputs")
            for name in node.inputs:
                if name not in known:
                    raise ValueError(f"{node.name}: input {name!r} is not defined before it")
            known.add(node.name)
        if self.output not in known:
            raise ValueError(f"output: {self.output!r} is not a node")

    def label(self, name: str, lang: str) -> str:
        """The display name of a leaf or node in "en" or "zh"."""
        for item in (*self.leaves, *self.nodes):
            if item.name == name:
                return item.zh if lang == "zh" else item.en
        raise KeyError(name)


@dataclass(frozen=True)
class GraphStep:
    """One computed number: a node's value (forward) or a gradient passed to an input.

    Backward: ``gradient`` = ``upstream`` × ``local`` is what ``node`` sends to ``target``;
    ``total`` is target's gradient after adding it (they differ when paths join).
    """

    phase: str
    node: str
    target: str
    formula: str
    template: str
    operands: Values
    value: float
    explain_en: str
    explain_zh: str
    upstream: float = 0.0
    local: float = 0.0
    total: float = 0.0

    def explain(self, lang: str) -> str:
        """The one-sentence explanation in "en" or "zh"."""
        return self.explain_zh if lang == "zh" else self.explain_en

    def substituted(self, decimals: int = 4) -> str:
        """The step's arithmetic with its numbers at ``decimals`` places."""
        return substitute(self.template, self.operands, decimals)


@dataclass(frozen=True)
class GraphTrace:
    """Every value, every gradient d(output)/d(name), and the steps in the order computed."""

    graph: Graph
    values: Mapping[str, float]
    grads: Mapping[str, float]
    steps: tuple[GraphStep, ...]


def symbol(name: str) -> str:
    r"""A graph name as LaTeX: apple_num → \mathit{apple\_num}."""
    escaped = name.replace("_", r"\_")
    return rf"\mathit{{{escaped}}}"


def partial(of: str, by: str) -> str:
    """∂of/∂by in LaTeX."""
    return rf"\frac{{\partial {symbol(of)}}}{{\partial {symbol(by)}}}"


def _forward_step(node: Node, args: Values, value: float) -> GraphStep:
    op = OPS[node.op]
    formula = substitute_names(op.latex, node.inputs)
    return GraphStep("forward", node.name, node.name, formula, op.latex, args, value,
                     f"{node.name} applies {node.op} to {', '.join(node.inputs)}.",
                     f"{node.name} 对 {', '.join(node.inputs)} 做{op.zh}运算。")


def _backward_step(graph: Graph, node: Node, target: str, upstream: float, local: float,
                   total: float) -> GraphStep:
    out = graph.output
    formula = rf"{partial(out, node.name)} \cdot {partial(node.name, target)}"
    return GraphStep("backward", node.name, target, formula, r"#0 \cdot #1", (upstream, local),
                     upstream * local,
                     f"The gradient reaching {node.name} times {node.name}'s local gradient "
                     f"with respect to {target} flows back to {target}.",
                     f"传到 {node.name} 的梯度乘以 {node.name} 对 {target} 的局部梯度，"
                     f"再传回 {target}。", upstream, local, total)


def substitute_names(template: str, names: tuple[str, ...]) -> str:
    """An operation's LaTeX with input names in its slots: #0 · #1 → apple · apple_num."""
    out = template
    for k in range(len(names) - 1, -1, -1):  # #10 before #1, were there ever ten inputs
        out = out.replace(f"#{k}", symbol(names[k]))
    return out


def evaluate(graph: Graph, leaf_values: Mapping[str, float] | None = None) -> GraphTrace:
    """Forward in node order, then backward from the output (d output/d output = 1)."""
    values = {leaf.name: float(leaf.value) for leaf in graph.leaves}
    for name, x in (leaf_values or {}).items():
        if name not in values:
            raise ValueError(f"{name}: not a leaf of this graph")
        if isinstance(x, bool) or not isinstance(x, (int, float)) or not math.isfinite(x):
            raise ValueError(f"{name}: must be a finite number, got {x!r}")
        values[name] = float(x)
    steps = []
    for node in graph.nodes:
        args = tuple(values[i] for i in node.inputs)
        values[node.name] = OPS[node.op].value(args)
        steps.append(_forward_step(node, args, values[node.name]))
    grads = dict.fromkeys(values, 0.0)
    grads[graph.output] = 1.0
    for node in reversed(graph.nodes):
        args = tuple(values[i] for i in node.inputs)
        upstream = grads[node.name]
        for name, local in zip(node.inputs, OPS[node.op].local(args, values[node.name]),
                               strict=True):
            grads[name] += upstream * local
            steps.append(_backward_step(graph, node, name, upstream, local, grads[name]))
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
    consumers = {n.name: [] for n in (*graph.leaves, *graph.nodes)}
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


def chain_rule_latex(paths: tuple[Path, ...], start: str, output: str,
                     decimals: int = 4) -> tuple[str, str]:
    """∂output/∂start as the chain rule writes it, symbolic and with its numbers.

    One path: the product of the local gradients along it (case 1). Several: the sum of
    those products over the paths (case 2).
    """
    symbolic = " + ".join(r" \cdot ".join(partial(b, a) for a, b in zip(p.names, p.names[1:],
                                                                        strict=False))
                          for p in paths)
    slots, operands = [], []
    for p in paths:
        slots.append(r" \cdot ".join(f"#{len(operands) + k}" for k in range(len(p.factors))))
        operands.extend(p.factors)
    numbers = substitute(" + ".join(f"({s})" if len(paths) > 1 else s for s in slots),
                         tuple(operands), decimals)
    return rf"{partial(output, start)} = {symbolic}", numbers
