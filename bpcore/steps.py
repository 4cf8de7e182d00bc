"""The walk through one step of the worked example: each formula, its numbers and its meaning.

build_steps(scenario, values, order) writes, in the tutorial's notation, one step for each
step of the one typed trace (bpcore.stepper_trace.trace_net of the scenario's NetSpec, whose
QNames come in ``order``): forward (each net, each out), error, backward (each factor, each
δ, each gradient; the two paths into a hidden neuron and their sum) and update (each
parameter, then the forward pass again with the new parameters: the new net and out of each
hidden neuron and each output, every one with its numbers, then the new error). The order is
the trace's; this module only writes each quantity's formula the tutorial's way. The symbols follow
the tutorial (net_{h1}, out_{o1}, δ_{o1}, w_5^+); what each step means is a Message
(key "step.…" and the names it concerns) that the tutor puts into words. Each step carries
the QName of its value and of each operand (bpcore.qname.from_mazur: net_h1 → net^1_1), the
names the general stepper gives the same quantities.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Final

from bpcore.activations import (
    SIGMOID_PRIME_TEMPLATE,
    SIGMOID_TEMPLATE,
    sigmoid_latex,
    sigmoid_prime_latex,
)
from bpcore.formula import Formula, Message
from bpcore.losses import LOSSES
from bpcore.qname import QName, before_update, from_mazur, mazur_neuron, to_mazur
from bpcore.scenario import EDGES, HIDDEN, INPUTS, OUTPUTS, Scenario

PHASES = ("forward", "error", "backward", "update")
# The phases each stepping page steps through (the forward page ends with the error).
PAGE_PHASES: Final[Mapping[str, tuple[str, ...]]] = MappingProxyType({
    "forward": ("forward", "error"), "backward": ("backward",), "update": ("update",)})
_PD = r"\frac{\partial %s}{\partial %s}"
_HALF_SSE = LOSSES["half_sse"]  # the worked example's loss: its LaTeX comes from there

# a step of the worked example is a Formula with phase, nodes and edges, and the typed names
# (bpcore.qname) of its value and operands, as the general stepper's steps have them
Step = Formula


def _sub(name: str) -> str:
    """LaTeX of a neuron-indexed quantity: out_h1 → out_{h1}."""
    head, _, tail = name.rpartition("_")
    return f"{head}_{{{tail}}}"


def _w(k: int) -> str:
    return f"w_{k}"


def _into(neuron: str) -> list[tuple[str, str]]:
    """(weight name, source node) of the two edges into a neuron, in weight order."""
    return [(w, src) for w, (src, dst) in EDGES.items() if dst == neuron and w.startswith("w")]


class _Walk:
    """Writes each step in the tutorial's notation; holds the scenario and the named values
    it reads."""

    def __init__(self, scenario: Scenario, values: Mapping[str, float]) -> None:
        self.s, self.v = scenario, values
        self.steps: list[Formula] = []

    def val(self, name: str) -> float:
        """A named value: a computed one, or an input, target or parameter of the scenario."""
        return self.v[name] if name in self.v else self.s.get(name)

    def bias_symbol(self, neuron: str) -> str:
        layer = "1" if neuron in HIDDEN else "2"
        return f"b_{{{neuron}}}" if self.s.train_biases else f"b_{layer}"

    def add(self, phase: str, name: str, symbol: str, formula: str, template: str,
            operands: tuple[str, ...], nodes: tuple[str, ...], edges: tuple[str, ...],
            message: Message) -> None:
        self.steps.append(Formula(
            name=name, symbol=symbol, formula=formula, template=template,
            operands=tuple(self.val(o) for o in operands), operand_names=operands,
            value=self.v[name], message=message,
            phase=phase, nodes=nodes, edges=edges,
            qname=from_mazur(name), operand_qnames=tuple(map(from_mazur, operands))))

    def write(self, q: QName) -> None:
        """The step computing ``q`` (a step of the typed trace), in the tutorial's notation."""
        kind = q.kind
        if kind == "E":
            self.error_total()
        elif kind == "E_new":
            self.error_new()
        elif kind == "w_new":
            w = to_mazur(before_update(q))
            self.update(w, _w(int(w[1])), f"dE_d{w}")
        elif kind == "dE_dw":
            self.weight_gradient(mazur_neuron(q.layer, q.index),
                                 to_mazur(QName("w", q.layer, q.index, q.source)))
        else:
            self.neuron_step(q)

    def neuron_step(self, q: QName) -> None:
        """A step about one neuron n of the 2-2-2 (its net, out, error term, slope, δ, …)."""
        kind, n = q.kind, mazur_neuron(q.layer, q.index)
        if kind in ("net", "out", "net_new", "out_new"):
            self.forward(n, kind.removesuffix("_new"), after=kind.endswith("_new"))
        elif kind == "E_term":
            self.error_output(n)
        elif kind == "dE_dout" and q.layer == 2:
            self.error_slope(n)
        elif kind == "dE_dout":
            self.path_sum(n)
        elif kind == "dout_dnet":
            self.slope(n)
        elif kind == "delta":
            self.delta(n)
        elif kind == "path":
            self.path(mazur_neuron(q.layer + 1, q.source), n)
        elif kind == "dE_db":
            self.bias_gradient(n)
        else:  # b_new
            self.update(f"b_{n}", f"b_{{{n}}}", f"dE_db_{n}")

    # --- forward and error -----------------------------------------------------------------
    def forward(self, n: str, which: str, after: bool = False) -> None:
        """``which`` "net": net_n = Σ w·source + b·1; "out": out_n = σ(net_n). ``after``: the
        same with the updated parameters (net⁺_n from w⁺, the new hidden outputs out⁺ and b,
        or b⁺ when biases train; an input stays as it was), in the update phase."""
        new, plus = ("_new", "^{+}") if after else ("", "")
        edges = _into(n)

        def source(src: str) -> tuple[str, str]:  # an edge's source: (symbol, value name)
            return (f"i_{src[1]}", src) if src in INPUTS else \
                (f"out_{{{src}}}{plus}", f"out_{src}{new}")

        trained = after and self.s.train_biases
        b = self.bias_symbol(n) + ("^{+}" if trained else "")
        formula = " + ".join(rf"{_w(int(w[1]))}{plus} \cdot {source(s)[0]}" for w, s in edges)
        template = " + ".join(rf"#{2 * i} \cdot #{2 * i + 1}" for i in range(len(edges)))
        operands = tuple(x for w, s in edges for x in (f"{w}{new}", source(s)[1]))
        bias_node = "b1" if n in HIDDEN else "b2"
        phase = "update" if after else "forward"
        if not after:
            net_msg = Message("step.net", {"neuron": n})
            out_msg = Message("step.out", {"neuron": n})
        elif n in HIDDEN:
            net_msg = Message("step.net_new_hidden", {"neuron": n})
            out_msg = Message("step.out_new_hidden", {"neuron": n})
        else:
            net_msg = Message("step.net_new", {"output": n})
            out_msg = Message("step.out_new", {"output": n})
        net, out = f"net_{{{n}}}{plus}", f"out_{{{n}}}{plus}"
        if which == "net":
            self.add(phase, f"net_{n}{new}", net, rf"{formula} + {b} \cdot 1",
                     rf"{template} + #{len(operands)} \cdot 1",
                     (*operands, f"b_{n}_new" if trained else f"b_{n}"),
                     (*[s for _, s in edges], bias_node, n), (*[w for w, _ in edges], f"b_{n}"),
                     net_msg)
        else:
            self.add(phase, f"out_{n}{new}", out,
                     rf"\sigma({net}) = {sigmoid_latex(net)}", SIGMOID_TEMPLATE,
                     (f"net_{n}{new}",), (n,), (), out_msg)

    def error_output(self, o: str) -> None:
        self.add("error", f"E_{o}", _sub(f"E_{o}"),
                 _HALF_SSE.latex(f"target_{{{o}}}", f"out_{{{o}}}"),
                 _HALF_SSE.latex("#0", "#1"),
                 (f"target_{o}", f"out_{o}"), (o,), (),
                 Message("step.error_output", {"output": o}))

    def error_total(self) -> None:
        self.add("error", "E_total", "E_{total}", "E_{o1} + E_{o2}", "#0 + #1", ("E_o1", "E_o2"),
                 OUTPUTS, (), Message("step.error_total"))

    # --- backward ------------------------------------------------------------------------------
    def error_slope(self, o: str) -> None:
        out = f"out_{{{o}}}"
        self.add("backward", f"dE_dout_{o}", _PD % ("E_{total}", out),
                 _HALF_SSE.grad_latex(f"target_{{{o}}}", out),
                 _HALF_SSE.grad_latex("#0", "#1"), (f"target_{o}", f"out_{o}"), (o,), (),
                 Message("step.error_slope", {"output": o}))

    def slope(self, n: str) -> None:
        """∂out/∂net of neuron n."""
        out, net = f"out_{{{n}}}", f"net_{{{n}}}"
        self.add("backward", f"dout_{n}_dnet_{n}", _PD % (out, net), sigmoid_prime_latex(out),
                 SIGMOID_PRIME_TEMPLATE, (f"out_{n}",), (n,), (),
                 Message("step.slope", {"neuron": n}))

    def delta(self, n: str) -> None:
        """δ_n = ∂E/∂out_n · ∂out_n/∂net_n (the chain rule)."""
        out, net = f"out_{{{n}}}", f"net_{{{n}}}"
        self.add("backward", f"delta_{n}", rf"\delta_{{{n}}}",
                 rf"{_PD % ('E_{total}', out)} \cdot {_PD % (out, net)}", r"#0 \cdot #1",
                 (f"dE_dout_{n}", f"dout_{n}_dnet_{n}"), (n,), (),
                 Message("step.delta", {"neuron": n}))

    def weight_gradient(self, n: str, w: str) -> None:
        """∂E/∂w for the weight w into neuron n: δ_n · (what w carries)."""
        delta = rf"\delta_{{{n}}}"
        src = EDGES[w][0]
        src_sym = f"i_{src[1]}" if src in INPUTS else f"out_{{{src}}}"
        src_name = src if src in INPUTS else f"out_{src}"
        chain = (rf"{_PD % ('E_{total}', f'out_{{{n}}}')} \cdot "
                 rf"{_PD % (f'out_{{{n}}}', f'net_{{{n}}}')} \cdot "
                 rf"{_PD % (f'net_{{{n}}}', _w(int(w[1])))}")
        self.add("backward", f"dE_d{w}", _PD % ("E_{total}", _w(int(w[1]))),
                 rf"{chain} = {delta} \cdot {src_sym}", r"#0 \cdot #1",
                 (f"delta_{n}", src_name), (src, n), (w,),
                 Message("step.weight_gradient",
                         {"neuron": n, "weight": w, "source": src_name}))

    def bias_gradient(self, n: str) -> None:
        bias_node = "b1" if n in HIDDEN else "b2"
        self.add("backward", f"dE_db_{n}", _PD % ("E_{total}", f"b_{{{n}}}"),
                 rf"\delta_{{{n}}} \cdot 1", r"#0 \cdot 1", (f"delta_{n}",), (bias_node, n),
                 (f"b_{n}",), Message("step.bias_gradient", {"neuron": n}))

    def path(self, o: str, h: str) -> None:
        """∂E_o/∂out_h = δ_o · w: what output o sends back into hidden h."""
        w = next(w for w, (src, dst) in EDGES.items() if src == h and dst == o)
        self.add("backward", f"dE{o}_dout_{h}", _PD % (f"E_{{{o}}}", f"out_{{{h}}}"),
                 rf"\delta_{{{o}}} \cdot {_w(int(w[1]))}", r"#0 \cdot #1",
                 (f"delta_{o}", w), (o, h), (w,),
                 Message("step.path", {"output": o, "hidden": h, "weight": w}))

    def path_sum(self, h: str) -> None:
        out = f"out_{{{h}}}"
        paths = [(w, o) for w, (src, o) in EDGES.items() if src == h]
        self.add("backward", f"dE_dout_{h}", _PD % ("E_{total}", out),
                 " + ".join(_PD % (f"E_{{{o}}}", out) for _, o in paths), "#0 + #1",
                 tuple(f"dE{o}_dout_{h}" for _, o in paths), (*[o for _, o in paths], h),
                 tuple(w for w, _ in paths), Message("step.path_sum", {"hidden": h}))

    # --- update --------------------------------------------------------------------------------
    def update(self, param: str, symbol: str, grad: str) -> None:
        src, dst = EDGES[param]
        self.add("update", f"{param}_new", f"{symbol}^{{+}}",
                 rf"{symbol} - \eta \cdot {_PD % ('E_{total}', symbol)}", r"#0 - #1 \cdot #2",
                 (param, "eta", grad), (src, dst), (param,),
                 Message("step.update", {"param": param}))

    def error_new(self) -> None:
        """The new error, after the forward pass again with the updated parameters."""
        self.add("update", "E_total_new", "E_{total}^{+}",
                 " + ".join(_HALF_SSE.latex(f"target_{{{o}}}", f"out_{{{o}}}^{{+}}")
                            for o in OUTPUTS),
                 f"{_HALF_SSE.latex('#0', '#1')} + {_HALF_SSE.latex('#2', '#3')}",
                 ("target_o1", "out_o1_new", "target_o2", "out_o2_new"), OUTPUTS, (),
                 Message("step.error_new"))


def build_steps(scenario: Scenario, values: Mapping[str, float],
                order: Sequence[QName]) -> tuple[Formula, ...]:
    """Every step in the tutorial's notation, one for each typed name of ``order``: the steps
    of the one typed trace (bpcore.stepper_trace.trace_net of the scenario's NetSpec), in
    its order — forward, error, backward (outputs, then hidden), update, the forward pass
    again — so the worked example walks that trace rather than a walk of its own.
    ``values``: the trace's values under the tutorial's names."""
    walk = _Walk(scenario, values)
    for q in order:
        walk.write(q)
    return tuple(walk.steps)
