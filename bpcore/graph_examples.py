"""Ready-made computational graphs: the lecture's shopping examples, two classic exercises, and
the worked example's o1 neuron."""

from __future__ import annotations

from types import MappingProxyType

from bpcore.graph import Graph, Leaf, Node
from bpcore.trace import Trace


def apples_graph(apple: float = 100.0, apple_num: float = 2.0, tax: float = 1.1) -> Graph:
    """price = apple · apple_num · tax (2 apples at 100, tax 1.1 → 220)."""
    return Graph(
        (Leaf("apple", apple, "apple", "苹果单价"),
         Leaf("apple_num", apple_num, "apples", "苹果个数"),
         Leaf("tax", tax, "tax", "消费税")),
        (Node("apple_price", "multiply", ("apple", "apple_num"), "apple price", "苹果总价"),
         Node("price", "multiply", ("apple_price", "tax"), "price", "支付金额")),
        "price")


def apples_oranges_graph(apple: float = 100.0, apple_num: float = 2.0, orange: float = 150.0,
                         orange_num: float = 3.0, tax: float = 1.1) -> Graph:
    """price = (apple · apple_num + orange · orange_num) · tax (→ 715)."""
    return Graph(
        (Leaf("apple", apple, "apple", "苹果单价"),
         Leaf("apple_num", apple_num, "apples", "苹果个数"),
         Leaf("orange", orange, "orange", "橘子单价"),
         Leaf("orange_num", orange_num, "oranges", "橘子个数"), Leaf("tax", tax, "tax", "消费税")),
        (Node("apple_price", "multiply", ("apple", "apple_num"), "apple price", "苹果总价"),
         Node("orange_price", "multiply", ("orange", "orange_num"), "orange price", "橘子总价"),
         Node("sum", "add", ("apple_price", "orange_price"), "sum", "合计"),
         Node("price", "multiply", ("sum", "tax"), "price", "支付金额")),
        "price")


def add_multiply_graph(x: float = -2.0, y: float = 5.0, z: float = -4.0) -> Graph:
    """f = (x + y) · z (→ −12)."""
    return Graph(
        (Leaf("x", x, "x", "x"), Leaf("y", y, "y", "y"), Leaf("z", z, "z", "z")),
        (Node("q", "add", ("x", "y"), "q = x + y", "q = x + y"),
         Node("f", "multiply", ("q", "z"), "f = q · z", "f = q · z")),
        "f")


def sigmoid_neuron_graph(w0: float = 2.0, x0: float = -1.0, w1: float = -3.0, x1: float = -2.0,
                         w2: float = -3.0) -> Graph:
    """f = 1 / (1 + e^−(w0·x0 + w1·x1 + w2)) built from primitive operations (→ 0.7311)."""
    return Graph(
        (Leaf("w0", w0, "w0", "w0"), Leaf("x0", x0, "x0", "x0"), Leaf("w1", w1, "w1", "w1"),
         Leaf("x1", x1, "x1", "x1"), Leaf("w2", w2, "w2", "w2"),
         Leaf("one", 1.0, "1", "1", constant=True)),
        (Node("a", "multiply", ("w0", "x0"), "w0·x0", "w0·x0"),
         Node("b", "multiply", ("w1", "x1"), "w1·x1", "w1·x1"),
         Node("c", "add", ("a", "b"), "sum", "求和"),
         Node("z", "add", ("c", "w2"), "z", "z"),
         Node("neg", "negate", ("z",), "−z", "−z"),
         Node("e", "exp", ("neg",), "e^−z", "e^−z"),
         Node("d", "add", ("e", "one"), "1 + e^−z", "1 + e^−z"),
         Node("f", "reciprocal", ("d",), "f = 1/(1 + e^−z)", "f = 1/(1 + e^−z)")),
        "f")


def neuron_o1_graph(trace: Trace) -> Graph:
    """The worked example's o1 neuron and its error: E_o1 = ½ · d · d with d = target − out_o1.

    Writing ½(t − o)² as ½·d·d lets d reach E_o1 by two paths: chain rule case 2 in the
    example's own numbers. Leaves take their values from the trace's scenario and forward pass.
    """
    s = trace.scenario
    return Graph(
        (Leaf("out_h1", trace["out_h1"], "out_h1", "out_h1"),
         Leaf("w5", s.get("w5"), "w5", "w5"),
         Leaf("out_h2", trace["out_h2"], "out_h2", "out_h2"),
         Leaf("w6", s.get("w6"), "w6", "w6"),
         Leaf("b2", s.get("b_o1"), "b2", "b2"),
         Leaf("target", s.get("target_o1"), "target_o1", "目标值 o1"),
         Leaf("half", 0.5, "½", "½", constant=True)),
        (Node("p1", "multiply", ("w5", "out_h1"), "w5·out_h1", "w5·out_h1"),
         Node("p2", "multiply", ("w6", "out_h2"), "w6·out_h2", "w6·out_h2"),
         Node("s", "add", ("p1", "p2"), "sum", "求和"),
         Node("net_o1", "add", ("s", "b2"), "net_o1", "net_o1"),
         Node("out_o1", "sigmoid", ("net_o1",), "out_o1", "out_o1"),
         Node("d", "subtract", ("target", "out_o1"), "target − out", "目标值 − 输出"),
         Node("dd", "multiply", ("d", "d"), "d · d", "d · d"),
         Node("E_o1", "multiply", ("half", "dd"), "E_o1", "E_o1")),
        "E_o1")


# The page's choices: key → builder of the default graph (the o1 neuron takes a trace).
EXAMPLES = MappingProxyType({
    "apples": apples_graph, "apples_oranges": apples_oranges_graph,
    "add_multiply": add_multiply_graph, "sigmoid_neuron": sigmoid_neuron_graph,
    "neuron_o1": neuron_o1_graph,
})
