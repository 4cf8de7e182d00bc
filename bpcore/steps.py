"""The walk through one step of the worked example: each formula, its numbers and its meaning.

build_steps(scenario, values) turns the named values of bpcore.trace into the ordered steps a
learner follows: forward (each net, each out), error, backward (each factor, each δ, each
gradient; the two paths into a hidden neuron and their sum) and update. The symbols follow
the tutorial (net_{h1}, out_{o1}, δ_{o1}, w_5^+); every explanation exists in English and 中文.
"""

from __future__ import annotations

from dataclasses import dataclass

from bpcore.format import substitute
from bpcore.scenario import EDGES, HIDDEN, INPUTS, OUTPUTS, Scenario

PHASES = ("forward", "error", "backward", "update")
_PD = r"\frac{\partial %s}{\partial %s}"


@dataclass(frozen=True)
class Step:
    """One thing a learner computes: ``symbol = formula = substituted = value``.

    ``template`` is the formula with slots #0, #1, … where ``operands`` go, so a page can show
    the numbers at any precision; ``nodes`` and ``edges`` name the diagram parts involved
    (nodes i1, i2, h1, h2, o1, o2, b1, b2; edges w1…w8 and b_h1…b_o2, see scenario.EDGES).
    """

    phase: str
    name: str
    symbol: str
    formula: str
    template: str
    operands: tuple[float, ...]
    value: float
    nodes: tuple[str, ...]
    edges: tuple[str, ...]
    explain_en: str
    explain_zh: str

    def substituted(self, decimals: int = 4) -> str:
        """The formula with its numbers filled in at ``decimals`` places."""
        return substitute(self.template, self.operands, decimals)

    def explain(self, lang: str) -> str:
        """The one-sentence explanation in "en" or "zh"."""
        return self.explain_zh if lang == "zh" else self.explain_en


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
    """Builds the steps in order; holds the scenario and the named values it reads."""

    def __init__(self, scenario: Scenario, values: dict[str, float]) -> None:
        self.s, self.v, self.steps = scenario, values, []

    def val(self, name: str) -> float:
        """A named value: a computed one, or an input, target or parameter of the scenario."""
        return self.v[name] if name in self.v else self.s.get(name)

    def bias_symbol(self, neuron: str) -> str:
        layer = "1" if neuron in HIDDEN else "2"
        return f"b_{{{neuron}}}" if self.s.train_biases else f"b_{layer}"

    def add(self, phase: str, name: str, symbol: str, formula: str, template: str,
            operands: tuple[str, ...], nodes: tuple[str, ...], edges: tuple[str, ...],
            en: str, zh: str) -> None:
        self.steps.append(Step(phase, name, symbol, formula, template,
                               tuple(self.val(o) for o in operands), self.v[name],
                               nodes, edges, en, zh))

    # --- forward and error -----------------------------------------------------------------
    def forward(self, n: str) -> None:
        edges = _into(n)
        src_sym = {s: (f"i_{s[1]}" if s in INPUTS else f"out_{{{s}}}") for _, s in edges}
        src_val = {s: (s if s in INPUTS else f"out_{s}") for _, s in edges}
        b = self.bias_symbol(n)
        formula = " + ".join(rf"{_w(int(w[1]))} \cdot {src_sym[s]}" for w, s in edges)
        template = " + ".join(rf"#{2 * i} \cdot #{2 * i + 1}" for i in range(len(edges)))
        operands = tuple(x for w, s in edges for x in (w, src_val[s]))
        bias_node = "b1" if n in HIDDEN else "b2"
        self.add("forward", f"net_{n}", _sub(f"net_{n}"), rf"{formula} + {b} \cdot 1",
                 rf"{template} + #4 \cdot 1", (*operands, f"b_{n}"),
                 (*[s for _, s in edges], bias_node, n), (*[w for w, _ in edges], f"b_{n}"),
                 f"The net input of {n} is the weighted sum of its inputs plus its bias.",
                 f"{n} 的净输入 net 是各输入的加权和再加上偏置。")
        self.add("forward", f"out_{n}", _sub(f"out_{n}"), rf"\frac{{1}}{{1 + e^{{-net_{{{n}}}}}}}",
                 r"\frac{1}{1 + e^{-#0}}", (f"net_{n}",), (n,), (),
                 f"{n} squashes its net input into (0, 1) with the sigmoid activation function.",
                 f"{n} 用 sigmoid 激活函数把净输入压缩到 0 和 1 之间，得到输出 out。")

    def error(self) -> None:
        for o in OUTPUTS:
            self.add("error", f"E_{o}", _sub(f"E_{o}"),
                     rf"\tfrac{{1}}{{2}}(target_{{{o}}} - out_{{{o}}})^2",
                     r"\tfrac{1}{2}(#0 - #1)^2",
                     (f"target_{o}", f"out_{o}"), (o,), (),
                     f"The error of {o} is half the square of how far its output is from the "
                     "target.",
                     f"{o} 的误差是目标值与输出之差的平方的一半。")
        self.add("error", "E_total", "E_{total}", "E_{o1} + E_{o2}", "#0 + #1", ("E_o1", "E_o2"),
                 OUTPUTS, (), "The total error is the sum of the errors of both outputs.",
                 "总误差是两个输出神经元的误差之和。")

    # --- backward ------------------------------------------------------------------------------
    def output_delta(self, o: str) -> None:
        out = f"out_{{{o}}}"
        self.add("backward", f"dE_dout_{o}", _PD % ("E_{total}", out),
                 rf"-(target_{{{o}}} - {out})",
                 "-(#0 - #1)", (f"target_{o}", f"out_{o}"), (o,), (),
                 f"How fast the total error changes with out_{o}: the output minus the target.",
                 f"总误差对 out_{o} 的偏导数：输出减去目标值。")
        self.slope_and_delta(o)

    def slope_and_delta(self, n: str) -> None:
        """∂out/∂net of neuron n, then δ_n = ∂E/∂out_n · ∂out_n/∂net_n (the chain rule)."""
        out, net = f"out_{{{n}}}", f"net_{{{n}}}"
        self.add("backward", f"dout_{n}_dnet_{n}", _PD % (out, net), rf"{out}(1 - {out})",
                 "#0(1 - #0)", (f"out_{n}",), (n,), (),
                 f"The slope of the sigmoid at {n}, written with its output: out·(1 − out).",
                 f"sigmoid 在 {n} 处的导数，用输出表示为 out·(1 − out)。")
        self.add("backward", f"delta_{n}", rf"\delta_{{{n}}}",
                 rf"{_PD % ('E_{total}', out)} \cdot {_PD % (out, net)}", r"#0 \cdot #1",
                 (f"dE_dout_{n}", f"dout_{n}_dnet_{n}"), (n,), (),
                 f"The chain rule multiplies the two factors: δ_{n} is how fast the error "
                 f"changes with net_{n}.",
                 f"按链式法则把两个因子相乘：δ_{n} 表示误差随 net_{n} 变化的快慢。")

    def weight_gradients(self, n: str) -> None:
        delta = rf"\delta_{{{n}}}"
        for w, src in _into(n):
            src_sym = f"i_{src[1]}" if src in INPUTS else f"out_{{{src}}}"
            src_name = src if src in INPUTS else f"out_{src}"
            chain = (rf"{_PD % ('E_{total}', f'out_{{{n}}}')} \cdot "
                     rf"{_PD % (f'out_{{{n}}}', f'net_{{{n}}}')} \cdot "
                     rf"{_PD % (f'net_{{{n}}}', _w(int(w[1])))}")
            self.add("backward", f"dE_d{w}", _PD % ("E_{total}", _w(int(w[1]))),
                     rf"{chain} = {delta} \cdot {src_sym}", r"#0 \cdot #1",
                     (f"delta_{n}", src_name), (src, n), (w,),
                     f"∂net_{n}/∂{w} is the input on that edge, {src_name}, so the gradient of "
                     f"{w} is δ_{n} times {src_name}.",
                     f"∂net_{n}/∂{w} 就是这条边上的输入 {src_name}，所以 {w} 的梯度等于 "
                     f"δ_{n} 乘以 {src_name}。")
        if self.s.train_biases:
            bias_node = "b1" if n in HIDDEN else "b2"
            self.add("backward", f"dE_db_{n}", _PD % ("E_{total}", f"b_{{{n}}}"),
                     rf"{delta} \cdot 1", r"#0 \cdot 1", (f"delta_{n}",), (bias_node, n),
                     (f"b_{n}",),
                     f"A bias's input is the constant 1, so its gradient is δ_{n} itself.",
                     f"偏置的输入恒为 1，所以它的梯度就是 δ_{n}。")

    def hidden_delta(self, h: str) -> None:
        out = f"out_{{{h}}}"
        paths = [(w, o) for w, (src, o) in EDGES.items() if src == h]
        for w, o in paths:
            self.add("backward", f"dE{o}_dout_{h}", _PD % (f"E_{{{o}}}", out),
                     rf"\delta_{{{o}}} \cdot {_w(int(w[1]))}", r"#0 \cdot #1",
                     (f"delta_{o}", w), (o, h), (w,),
                     f"The path through {o}: its error reaches out_{h} through {w}, so it is "
                     f"δ_{o} times {w}.",
                     f"经过 {o} 的路径：{o} 的误差沿 {w} 传回 out_{h}，等于 δ_{o} 乘以 {w}。")
        self.add("backward", f"dE_dout_{h}", _PD % ("E_{total}", out),
                 " + ".join(_PD % (f"E_{{{o}}}", out) for _, o in paths), "#0 + #1",
                 tuple(f"dE{o}_dout_{h}" for _, o in paths), (*[o for _, o in paths], h),
                 tuple(w for w, _ in paths),
                 f"{h} feeds both outputs, so the gradient reaching out_{h} is the sum of its "
                 "two paths.",
                 f"{h} 同时连到两个输出，所以传回 out_{h} 的梯度是两条路径之和。")
        self.slope_and_delta(h)

    # --- update --------------------------------------------------------------------------------
    def update(self, param: str, symbol: str, grad: str) -> None:
        src, dst = EDGES[param]
        self.add("update", f"{param}_new", f"{symbol}^{{+}}",
                 rf"{symbol} - \eta \cdot {_PD % ('E_{total}', symbol)}", r"#0 - #1 \cdot #2",
                 (param, "eta", grad), (src, dst), (param,),
                 f"Gradient descent moves {param} against its gradient by η times the gradient; "
                 "every gradient was computed with the original weights.",
                 f"梯度下降：{param} 沿梯度的反方向移动 η 乘以梯度；"
                 "所有梯度都是用原来的权重算出的。")

    def after(self) -> None:
        for o in OUTPUTS:
            self.add("update", f"out_{o}_new", f"out_{{{o}}}^{{+}}",
                     rf"\sigma(net_{{{o}}}^{{+}})", "#0", (f"out_{o}_new",), (o,), (),
                     f"The forward pass runs again with the updated weights: the new out_{o}.",
                     f"用更新后的权重重新做一次前向传播：新的 out_{o}。")
        self.add("update", "E_total_new", "E_{total}^{+}",
                 r"\tfrac{1}{2}(target_{o1} - out_{o1}^{+})^2 + \tfrac{1}{2}(target_{o2} - "
                 r"out_{o2}^{+})^2", r"\tfrac{1}{2}(#0 - #1)^2 + \tfrac{1}{2}(#2 - #3)^2",
                 ("target_o1", "out_o1_new", "target_o2", "out_o2_new"), OUTPUTS, (),
                 "The total error after one update; compare it with E_total before the update.",
                 "更新一次之后的总误差；与更新前的总误差比较。")


def build_steps(scenario: Scenario, values: dict[str, float]) -> tuple[Step, ...]:
    """Every step in teaching order: forward, error, backward (outputs, then hidden), update."""
    walk = _Walk(scenario, values)
    for n in HIDDEN + OUTPUTS:
        walk.forward(n)
    walk.error()
    for o in OUTPUTS:
        walk.output_delta(o)
        walk.weight_gradients(o)
    for h in HIDDEN:
        walk.hidden_delta(h)
        walk.weight_gradients(h)
    for w in ("w5", "w6", "w7", "w8", "w1", "w2", "w3", "w4"):
        walk.update(w, _w(int(w[1])), f"dE_d{w}")
    if scenario.train_biases:
        for n in HIDDEN + OUTPUTS:
            walk.update(f"b_{n}", f"b_{{{n}}}", f"dE_db_{n}")
    walk.after()
    return tuple(walk.steps)
