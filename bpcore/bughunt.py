"""Bug hunts from real confusions: a computation with one thing wrong, and the same done right.

Each hunt is a short computation (a few Formula lines, numbers from this engine), one of
whose lines holds the bug, the same computation done right, and per line a Message saying
why that line is (or is not) the bug, quoting the numbers in ``numbers`` / ``counts``. The
tutor words the messages (keys bughunt.<hunt>.line.<k>, .right.<k>, .why.<k>); bpcore
speaks no language.

The four hunts, each from a confusion learners have reported:

- ``used_twice`` (micrograd issue #2): b = a + a. A backward that *overwrites* a's gradient
  instead of adding to it gives ∂b/∂a = 1; the two paths must add up: 2.
- ``twice`` (micrograd issue #53): gradients accumulate, so a second backward() without
  zeroing adds everything again: a leaf under the output gets 2×, deeper ones even more.
- ``unrun``: gradients read before backward() ran are the starting 0 — "not computed yet",
  not "computed, and zero".
- ``averaged`` (the seed article's warning): on a batch, ∂E/∂W = (1/B)·xᵀδ divides once; the
  gradient passed down, δ·Wᵀ, is each sample's own and must not be divided by B as well.

backward() is the graph's backward as a micrograd-style engine runs it: the output's
gradient set to 1, every input's gradient then *added to* (``accumulate``) or, the bug,
*overwritten*; starting from the gradients of an earlier call is backward called twice.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np

from bpcore.errors import CodedError
from bpcore.formula import Formula, Message
from bpcore.graph import OPS, Graph, Leaf, Node, evaluate
from bpcore.graph_examples import add_multiply_graph
from bpcore.microscope import microscope
from bpcore.network import Network

GRAPH_HUNTS = ("used_twice", "twice", "unrun")  # on the computational-graph page
ETA = 0.1  # the learning rate of the hunts' one update step


@dataclass(frozen=True)
class Share:
    """One gradient sent back: node → target, upstream × local, target's gradient before/after."""

    node: str
    target: str
    upstream: float
    local: float
    before: float
    after: float


@dataclass(frozen=True)
class Backward:
    """Every name's gradient after one backward() call, and the shares in the order sent."""

    grads: Mapping[str, float]
    shares: tuple[Share, ...]


@dataclass(frozen=True)
class Hunt:
    """A computation with one bug (``shown``; line ``bug`` holds it), the same done right
    (``right``), and per shown line why it is or is not the bug (``why``, one per line).
    The messages quote ``numbers`` (floats, written at the reader's precision) and ``counts``
    (whole numbers)."""

    key: str
    shown: tuple[Formula, ...]
    right: tuple[Formula, ...]
    bug: int
    why: tuple[Message, ...]
    numbers: Mapping[str, float] = field(default_factory=dict)
    counts: Mapping[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if len(self.why) != len(self.shown) or not 0 <= self.bug < len(self.shown):
            raise ValueError("a hunt needs one reason per shown line and a bug among them")
        object.__setattr__(self, "numbers", MappingProxyType(dict(self.numbers)))
        object.__setattr__(self, "counts", MappingProxyType(dict(self.counts)))


def backward(graph: Graph, values: Mapping[str, float], accumulate: bool = True,
             grads: Mapping[str, float] | None = None) -> Backward:
    """One backward() call: d(output)/d(name) for every name, from the output back.

    The output's gradient is set to 1; each node then sends upstream × local to each input,
    added to what the input holds (``accumulate``: a name used twice gets the sum of its
    shares, chain rule case 2) or, the bug, replacing it. ``grads`` are the gradients the
    call starts from: zero when None, an earlier call's for backward called twice.
    """
    g = dict.fromkeys(values, 0.0) if grads is None else dict(grads)
    g[graph.output] = 1.0
    shares = []
    for node in reversed(graph.nodes):
        args = tuple(values[i] for i in node.inputs)
        upstream = g[node.name]
        for name, local in zip(node.inputs, OPS[node.op].local(args, values[node.name]),
                               strict=True):
            before = g[name]
            g[name] = before + upstream * local if accumulate else upstream * local
            shares.append(Share(node.name, name, upstream, local, before, g[name]))
    return Backward(MappingProxyType(g), tuple(shares))


def used_twice_graph(a: float = 3.0) -> Graph:
    """b = a + a: one node, its input used twice (micrograd issue #2's example)."""
    return Graph((Leaf("a", a, "a", "a"),), (Node("b", "add", ("a", "a"), "b", "b"),), "b")


def _grad(name: str) -> str:
    """A name's gradient as a micrograd-style engine holds it: a.grad."""
    return rf"{name}.\mathrm{{grad}}"


def _d(of: str, by: str) -> str:
    return rf"\frac{{\partial {of}}}{{\partial {by}}}"


def _line(name: str, symbol: str, formula: str, template: str, operands: tuple[float, ...],
          value: float, key: str) -> Formula:
    return Formula(name=name, symbol=symbol, formula=formula, template=template,
                   operands=operands, value=value, message=Message(key), phase="backward")


def _given(name: str, symbol: str, formula: str, value: float, key: str) -> Formula:
    """A line with no arithmetic of its own: symbol = formula = value."""
    return _line(name, symbol, formula, "#0", (value,), value, key)


def _why(hunt: str, count: int) -> tuple[Message, ...]:
    return tuple(Message(f"bughunt.{hunt}.why.{k}") for k in range(count))


def used_twice_hunt(a: float = 3.0) -> Hunt:
    """b = a + a, its backward overwriting a's gradient (shown) and adding to it (right)."""
    graph = used_twice_graph(a)
    values = evaluate(graph).values
    wrong = backward(graph, values, accumulate=False)
    right = backward(graph, values)
    key = "bughunt.used_twice"
    forward = _line("b", "b", "a + a", "#0 + #1", (values["a"], values["a"]), values["b"],
                    f"{key}.line.0")
    up = _d("b", "b")
    shown = [forward]
    done = [forward]
    for k, (w, r) in enumerate(zip(wrong.shares, right.shares, strict=True)):
        shown.append(_line(f"share{k}", _grad("a"), rf"{up} \cdot 1", r"#0 \cdot #1",
                           (w.upstream, w.local), w.after, f"{key}.line.{k + 1}"))
        done.append(_line(f"share{k}", _grad("a"), rf"{_grad('a')} + {up} \cdot 1",
                          r"#0 + #1 \cdot #2", (r.before, r.upstream, r.local), r.after,
                          f"{key}.right.{k + 1}"))
    shown.append(_given("read", _d("b", "a"), _grad("a"), wrong.grads["a"], f"{key}.line.3"))
    done.append(_given("read", _d("b", "a"), _grad("a"), right.grads["a"], f"{key}.right.3"))
    return Hunt("used_twice", tuple(shown), tuple(done), 2, _why("used_twice", 4),
                {"a": values["a"], "b": values["b"], "wrong": wrong.grads["a"],
                 "right": right.grads["a"], "share": right.shares[0].after})


def _f_lines(values: Mapping[str, float], key: str) -> Formula:
    """f = q · z with its numbers (the forward line of the f = (x + y)·z hunts)."""
    return _line("f", "f", r"(x + y) \cdot z", r"(#0 + #1) \cdot #2",
                 (values["x"], values["y"], values["z"]), values["f"], key)


def _update(name: str, values: Mapping[str, float], grad: float, key: str) -> Formula:
    """name ← name − η · name.grad."""
    return _line(f"{name}+", rf"{name}^{{+}}", rf"{name} - \eta \cdot {_grad(name)}",
                 r"#0 - #1 \cdot #2", (values[name], ETA, grad), values[name] - ETA * grad, key)


def twice_hunt(x: float = -2.0, y: float = 5.0, z: float = -4.0) -> Hunt:
    """f = (x + y)·z: backward() twice without zeroing (shown) and zeroed in between (right)."""
    graph = add_multiply_graph(x, y, z)
    values = evaluate(graph).values
    first = backward(graph, values)
    again = backward(graph, values, grads=first.grads)
    zeroed = backward(graph, values)  # zero_grad(), then backward()
    key = "bughunt.twice"
    share = next(s for s in first.shares if s.target == "z")
    share2 = next(s for s in again.shares if s.target == "z")
    fz = _d("f", "f")
    formula = rf"{_grad('z')} + {fz} \cdot q"
    forward = _f_lines(values, f"{key}.line.0")
    one = _line("z1", _grad("z"), formula, r"#0 + #1 \cdot #2",
                (share.before, share.upstream, share.local), share.after, f"{key}.line.1")
    shown = (forward, one,
             _line("z2", _grad("z"), formula, r"#0 + #1 \cdot #2",
                   (share2.before, share2.upstream, share2.local), share2.after, f"{key}.line.2"),
             _update("z", values, again.grads["z"], f"{key}.line.3"))
    right = (forward, one,
             _line("z2", _grad("z"), formula, r"#0 + #1 \cdot #2",
                   (0.0, share.upstream, share.local), zeroed.grads["z"], f"{key}.right.2"),
             _update("z", values, zeroed.grads["z"], f"{key}.right.3"))
    return Hunt("twice", shown, right, 2, _why("twice", 4),
                {"z_once": first.grads["z"], "z_twice": again.grads["z"],
                 "x_once": first.grads["x"], "x_twice": again.grads["x"],
                 "q_twice": again.grads["q"], "z": values["z"], "eta": ETA,
                 "z_new_wrong": values["z"] - ETA * again.grads["z"],
                 "z_new_right": values["z"] - ETA * zeroed.grads["z"]})


def unrun_hunt(x: float = -2.0, y: float = 5.0, z: float = -4.0) -> Hunt:
    """f = (x + y)·z: x's gradient read before backward() (shown) and after it (right)."""
    graph = add_multiply_graph(x, y, z)
    values = evaluate(graph).values
    before = dict.fromkeys(values, 0.0)  # what a new graph holds: nothing computed yet
    done = backward(graph, values)
    flat = add_multiply_graph(x, y, 0.0)  # a gradient that is computed, and zero
    flat_grads = backward(flat, evaluate(flat).values).grads
    key = "bughunt.unrun"
    share = next(s for s in done.shares if s.target == "x")
    forward = _f_lines(values, f"{key}.line.0")
    run = _line("x", _grad("x"), rf"{_grad('x')} + {_d('f', 'q')} \cdot 1", r"#0 + #1 \cdot #2",
                (share.before, share.upstream, share.local), share.after, f"{key}.line.3")
    shown = (forward,
             _given("read", _d("f", "x"), _grad("x"), before["x"], f"{key}.line.1"),
             _update("x", values, before["x"], f"{key}.line.2"),
             run)
    right = (forward,
             _line("x", _grad("x"), rf"{_grad('x')} + {_d('f', 'q')} \cdot 1",
                   r"#0 + #1 \cdot #2", (share.before, share.upstream, share.local),
                   share.after, f"{key}.right.1"),
             _given("read", _d("f", "x"), _grad("x"), done.grads["x"], f"{key}.right.2"),
             _update("x", values, done.grads["x"], f"{key}.right.3"))
    return Hunt("unrun", shown, right, 1, _why("unrun", 4),
                {"read": before["x"], "right": done.grads["x"], "z": values["z"],
                 "x": values["x"], "x_new": values["x"] - ETA * done.grads["x"],
                 "flat": flat_grads["x"], "eta": ETA})


def graph_hunt(key: str) -> Hunt:
    """One of the computational-graph page's hunts (GRAPH_HUNTS) with its default numbers."""
    makers: dict[str, Callable[[], Hunt]] = {"used_twice": used_twice_hunt,
                                             "twice": twice_hunt, "unrun": unrun_hunt}
    return makers[key]()


def averaged_hunt(network: Network, X: np.ndarray, T: np.ndarray, layer: int, i: int,
                  j: int) -> Hunt:
    """One batch (X (B, n_in), T (B, n_out)), following W_layer[i, j] (1-based layer, below the
    output layer): the gradient passed down from the output layer averaged over the batch as
    well (shown) and kept per sample (right).

    Lines: δ of the output layer (sample 1, unit 1), the gradient it passes down (sample 1,
    unit 1 of the layer below), ∂E/∂W_layer[i, j] and the finite difference of E. A network
    without a hidden layer passes nothing down: refused (CodedError network/no_hidden).
    """
    top = len(network.weights)
    if top < 2:
        raise CodedError("network", "no_hidden")
    if not 1 <= layer < top:
        raise CodedError("layer", "out_of_range", lo=1, hi=top - 1)
    m = microscope(network, X, T, layer, i, j)
    batch = len(X)
    out = m.layers[0]  # the output layer (the microscope lists the output first)
    delta, passed = float(out.delta[0, 0]), float(out.dE_dinput[0, 0])
    key = "bughunt.averaged"
    L, below = str(top), str(top - 1)
    weight = f"W_{{{layer}}}[{i + 1},{j + 1}]"
    d_line = _given("delta", rf"\delta_{{{L},1,1}}", rf"\frac{{\partial E_1}}{{\partial"
                    rf" \mathrm{{net}}_{{{L},1}}}}", delta, f"{key}.line.0")
    p_sym = rf"\frac{{\partial E_1}}{{\partial \mathrm{{out}}_{{{below},1}}}}"
    p_formula = rf"(\delta_{{{L}}}\,W_{{{L}}}^{{\top}})_{{1,1}}"
    dW_sym = rf"\frac{{\partial E}}{{\partial {weight}}}"
    x = "x" if layer == 1 else rf"\mathrm{{out}}_{{{layer - 1}}}"
    dW_formula = (rf"\tfrac{{1}}{{{batch}}}\,({x}^{{\top}}\delta_{{{layer}}})"
                  rf"_{{{i + 1},{j + 1}}}")
    numeric = _given("numeric", dW_sym, r"\frac{E(w + h) - E(w - h)}{2h}", m.numeric,
                     f"{key}.line.3")
    shown = (d_line,
             _line("passed", p_sym, rf"\frac{{{p_formula}}}{{B}}", rf"\frac{{#0}}{{{batch}}}",
                   (passed,), passed / batch, f"{key}.line.1"),
             _given("dW", dW_sym, dW_formula, m.averaged_twice, f"{key}.line.2"),
             numeric)
    right = (d_line,
             _given("passed", p_sym, p_formula, passed, f"{key}.right.1"),
             _given("dW", dW_sym, dW_formula, m.batch_gradient, f"{key}.right.2"),
             numeric)
    return Hunt("averaged", shown, right, 1, _why("averaged", 4),
                {"delta": delta, "passed": passed, "passed_wrong": passed / batch,
                 "wrong": m.averaged_twice, "right": m.batch_gradient, "numeric": m.numeric},
                {"b": batch, "factor": m.twice_factor, "layer": layer, "top": top,
                 "below": top - 1, "i": i + 1, "j": j + 1})
