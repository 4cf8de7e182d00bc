"""Ready-made computational graphs: the lecture's shopping examples, two classic exercises, and
the worked example's o1 neuron.

The shopping examples are Saito's (*Deep Learning from Scratch*); their names (apple,
apple_num, tax, …) are words the tutor says in the reader's language, with the book's own
names in each edition (tutor.i18n, graph.name.*). Every other name is a symbol, written here
once as LaTeX and as plain text in the tutorial's notation (w_0 / w0, out_{h1} / out_h1: no
Unicode subscript letter, which the app's font lacks; tutor.ui.notation).
"""

from __future__ import annotations

from types import MappingProxyType

from bpcore.graph import Graph, Leaf, Node
from bpcore.trace import Trace


def apples_graph(apple: float = 100.0, apple_num: float = 2.0, tax: float = 1.1) -> Graph:
    """price = apple · apple_num · tax (2 apples at 100, tax 1.1 → 220)."""
    return Graph(
        (Leaf("apple", apple), Leaf("apple_num", apple_num), Leaf("tax", tax)),
        (Node("apple_price", "multiply", ("apple", "apple_num")),
         Node("price", "multiply", ("apple_price", "tax"))),
        "price")


def apples_oranges_graph(apple: float = 100.0, apple_num: float = 2.0, orange: float = 150.0,
                         orange_num: float = 3.0, tax: float = 1.1) -> Graph:
    """price = (apple · apple_num + orange · orange_num) · tax (→ 715)."""
    return Graph(
        (Leaf("apple", apple), Leaf("apple_num", apple_num), Leaf("orange", orange),
         Leaf("orange_num", orange_num), Leaf("tax", tax)),
        (Node("apple_price", "multiply", ("apple", "apple_num")),
         Node("orange_price", "multiply", ("orange", "orange_num")),
         Node("all_price", "add", ("apple_price", "orange_price")),
         Node("price", "multiply", ("all_price", "tax"))),
        "price")


def add_multiply_graph(x: float = -2.0, y: float = 5.0, z: float = -4.0) -> Graph:
    """f = (x + y) · z (→ −12)."""
    return Graph(
        (Leaf("x", x, "x", "x"), Leaf("y", y, "y", "y"), Leaf("z", z, "z", "z")),
        (Node("q", "add", ("x", "y"), "q", "q"),
         Node("f", "multiply", ("q", "z"), "f", "f")),
        "f")


def sigmoid_neuron_graph(w0: float = 2.0, x0: float = -1.0, w1: float = -3.0, x1: float = -2.0,
                         w2: float = -3.0) -> Graph:
    """f = 1 / (1 + e^−(w0·x0 + w1·x1 + w2)) built from primitive operations (→ 0.7311):
    a = w0·x0, b = w1·x1, c = a + b, z = c + w2, u = −z, v = e^u, s = v + 1, f = 1/s."""
    return Graph(
        (Leaf("w0", w0, "w_0", "w0"), Leaf("x0", x0, "x_0", "x0"), Leaf("w1", w1, "w_1", "w1"),
         Leaf("x1", x1, "x_1", "x1"), Leaf("w2", w2, "w_2", "w2"),
         Leaf("one", 1.0, "1", "1", constant=True)),
        (Node("a", "multiply", ("w0", "x0"), "a", "a"),
         Node("b", "multiply", ("w1", "x1"), "b", "b"),
         Node("c", "add", ("a", "b"), "c", "c"),
         Node("z", "add", ("c", "w2"), "z", "z"),
         Node("u", "negate", ("z",), "u", "u"),
         Node("v", "exp", ("u",), "v", "v"),
         Node("s", "add", ("v", "one"), "s", "s"),
         Node("f", "reciprocal", ("s",), "f", "f")),
        "f")


def neuron_o1_graph(trace: Trace) -> Graph:
    """The worked example's o1 neuron and its error: E_o1 = ½ · d² with d = target − out_o1.

    Writing ½(t − o)² as ½·d·d lets d reach E_o1 by two paths: chain rule case 2 in the
    example's own numbers. Leaves take their values from the trace's scenario and forward pass.
    """
    s = trace.scenario
    return Graph(
        (Leaf("out_h1", trace["out_h1"], "out_{h1}", "out_h1"),
         Leaf("w5", s.get("w5"), "w_5", "w5"),
         Leaf("out_h2", trace["out_h2"], "out_{h2}", "out_h2"),
         Leaf("w6", s.get("w6"), "w_6", "w6"),
         Leaf("b2", s.get("b_o1"), "b_2", "b2"),
         Leaf("target", s.get("target_o1"), "target_{o1}", "target_o1"),
         Leaf("half", 0.5, r"\tfrac{1}{2}", "½", constant=True)),
        (Node("p1", "multiply", ("w5", "out_h1"), "p_1", "p1"),
         Node("p2", "multiply", ("w6", "out_h2"), "p_2", "p2"),
         Node("s", "add", ("p1", "p2"), "s", "s"),
         Node("net_o1", "add", ("s", "b2"), "net_{o1}", "net_o1"),
         Node("out_o1", "sigmoid", ("net_o1",), "out_{o1}", "out_o1"),
         Node("d", "subtract", ("target", "out_o1"), "d", "d"),
         Node("dd", "multiply", ("d", "d"), "d^2", "d²"),
         Node("E_o1", "multiply", ("half", "dd"), "E_{o1}", "E_o1")),
        "E_o1")


# The page's choices: key → builder of the default graph (the o1 neuron takes a trace).
EXAMPLES = MappingProxyType({
    "apples": apples_graph, "apples_oranges": apples_oranges_graph,
    "add_multiply": add_multiply_graph, "sigmoid_neuron": sigmoid_neuron_graph,
    "neuron_o1": neuron_o1_graph,
})
