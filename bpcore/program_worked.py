"""The worked 2-2-2 example as a program: one training step in plain NumPy, seed 000's way.

worked_program(trace, decimals) writes the lesson the forward, backward and update pages step
through as code cells that reproduce every value of the trace. Seed 000's layer, written in
the worked example's names (net, out, δ as ``delta``): each layer computes ``net = x @ W + b``
and ``out = f(net)``; backward ``delta = dE_dout * f'(net)``, ``dE_dW = x.T @ delta``,
``dE_db = delta`` and passes ``dE_dx = delta @ W.T`` down; the update is
``W - eta * dE_dW``. Shapes (row convention, one sample): x (1, 2); W (2, 2), column j feeding
neuron j; b (1, 2); net, out and every delta (1, 2). The sigmoid and the error are bpcore's
own source (``Activation.code``, ``Loss.code``).

Each code cell is tagged with the step (Formula.name) it computes, the further steps of the
same matrix line in ``also``, and prints ``name = value`` for each value the trace names (the
tests run the cells and compare). Comments give the live shapes and values at ``decimals``
places. A text cell before each code cell carries each step's Formula and Message; the last
cells run seed 000's Layer class on the same numbers and print the new weights again.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from textwrap import indent

import numpy as np

from bpcore.activations import ACTIVATIONS
from bpcore.format import parts
from bpcore.losses import LOSSES
from bpcore.program import Cell, Program, code, text
from bpcore.scenario import BIAS_INDEX, HIDDEN, OUTPUTS, WEIGHT_INDEX
from bpcore.trace import Trace

SETUP = '''
import numpy as np


def sigmoid(net):
    """out = 1 / (1 + e^(-net)), element by element."""
''' + indent(ACTIVATIONS["sigmoid"].code[0], "    ") + '''


def show(name, value):
    """Print one value as `name = value`, every digit of the float."""
    print(f"{name} = {float(value)!r}")
'''

LAYER = '''
class Layer:
    """One layer: out = f(x @ W + b)."""

    def __init__(self, W, b):
        self.W, self.b = W, b            # W: (n_in, n_out), b: (1, n_out)

    def forward(self, x):
        self.x = x                       # (batch, n_in)
        self.net = x @ self.W + self.b   # (batch, n_out)
        self.out = sigmoid(self.net)
        return self.out

    def backward(self, dE_dout):
        # f'(net) = sigmoid(net) * (1 - sigmoid(net)) = out * (1 - out)
        self.delta = dE_dout * self.out * (1 - self.out)
        self.dE_dW = self.x.T @ self.delta
        self.dE_db = self.delta
        return self.delta @ self.W.T     # dE_dx, the gradient passed down

    def update(self, eta, train_bias):
        self.W = self.W - eta * self.dE_dW
        if train_bias:
            self.b = self.b - eta * self.dE_db
'''


def _half_sse(part: int, out: str) -> str:
    """bpcore's half squared error, part 0 the terms or 1 dE/dout, over ``t`` and ``out``."""
    return re.sub(r"\bout\b", out, LOSSES["half_sse"].code[part])


def _num(x: float, decimals: int) -> str:
    """x at ``decimals`` places for a comment, as Python would read it (4.3857e-04)."""
    mantissa, exponent = parts(float(x), decimals)
    return mantissa if exponent is None else f"{mantissa}e{exponent:+03d}"


def _rows(a: np.ndarray, decimals: int | None = None) -> str:
    """A 2-D array as a Python literal: every digit (repr) or ``decimals`` places."""
    def one(x: float) -> str:
        return repr(float(x)) if decimals is None else _num(x, decimals)
    return "[" + ", ".join("[" + ", ".join(one(x) for x in row) + "]" for row in a) + "]"


def _shape(name: str, a: np.ndarray, decimals: int) -> str:
    """A comment: ``# name: (r, c) = [[…]]`` with the live values, one row a line."""
    head = f"# {name}: {tuple(a.shape)} = ["
    rows = [_rows(row[None], decimals)[1:-1] for row in a]
    indent = "#" + " " * (len(head) - 1)
    return "\n".join(f"{head if k == 0 else indent}{row}{',' if k < len(rows) - 1 else ']'}"
                     for k, row in enumerate(rows))


def _shows(names: Sequence[tuple[str, str]]) -> str:
    return "\n".join(f'show("{n}", {expr})' for n, expr in names)


class _Writer:
    """Builds the program cell by cell, each code cell after the text of the steps it computes."""

    def __init__(self, trace: Trace, decimals: int) -> None:
        self.trace, self.d = trace, decimals
        self.steps = {s.name: s for s in trace.steps}
        self.cells: list[Cell] = []
        s = trace.scenario
        self.x, self.t = s.batch()
        W1, W2 = (np.zeros((2, 2)), np.zeros((2, 2)))
        for w, (layer, row, col) in WEIGHT_INDEX.items():
            (W1, W2)[layer][row, col] = s.get(w)
        self.W = {"hidden": W1, "output": W2}
        self.b = {"hidden": np.array([s.biases[:2]]), "output": np.array([s.biases[2:]])}

    def val(self, name: str) -> float:
        return self.trace[name]

    def matrix(self, names: Sequence[Sequence[str]]) -> np.ndarray:
        return np.array([[self.val(n) for n in row] for row in names])

    def add(self, source: str, names: Sequence[tuple[str, str]], extra: str = "") -> None:
        """Text for every traced step among ``names``, then one code cell computing them."""
        present = [(n, e) for n, e in names if n in self.trace]
        for n, _ in present:
            step = self.steps.get(n)
            if step is not None and step.message is not None:
                self.cells.append(text(step.message.key, dict(step.message.params),
                                       formula=step))
        body = source.strip("\n") + ("\n" + extra.strip("\n") if extra else "")
        body += "\n" + _shows(present) if present else ""
        first = next((n for n, _ in present if n in self.steps), "")
        self.cells.append(code(body, step=first, prints=tuple(n for n, _ in present),
                               also=tuple(n for n, _ in present if n in self.steps
                                          and n != first)))

    def heading(self, key: str) -> None:
        self.cells.append(text(key))


def _setup(w: _Writer) -> str:
    s = w.trace.scenario
    return "\n".join([
        "# The example: one sample, one row",
        f"x = np.array({_rows(w.x)})    # i1, i2: (1, 2)",
        f"t = np.array({_rows(w.t)})    # target_o1, target_o2: (1, 2)",
        "# W[s, j]: the weight from input s to neuron j",
        f"W_hidden = np.array({_rows(w.W['hidden'])})  # [[w1, w3], [w2, w4]]",
        f"b_hidden = np.array({_rows(w.b['hidden'])})  # b_h1, b_h2",
        f"W_output = np.array({_rows(w.W['output'])})  # [[w5, w7], [w6, w8]]",
        f"b_output = np.array({_rows(w.b['output'])})  # b_o1, b_o2",
        f"eta = {float(s.eta)!r}",
        f"train_bias = {s.train_biases!r}",
    ])


def _forward(w: _Writer, after: bool = False) -> None:
    """The forward pass (``after``: again with the updated parameters, names ending _new)."""
    new = "_new" if after else ""
    d = w.d
    x_shape = _shape("x", w.x, d)
    for layer, names, src in (("hidden", HIDDEN, "x"), ("output", OUTPUTS, f"out_hidden{new}")):
        W_name = f"W_{layer}{new}"
        b_name = f"b_{layer}{new}"
        if after:
            W = w.matrix([[f"w{4 * (layer == 'output') + 2 * c + r + 1}_new" for c in range(2)]
                          for r in range(2)])
            bias_names = [f"b_{n}_new" if w.trace.scenario.train_biases else f"b_{n}"
                          for n in names]
            b = np.array([[w.val(n) if n in w.trace else w.trace.scenario.get(n)
                           for n in bias_names]])
        else:
            W, b = w.W[layer], w.b[layer]
        inputs = x_shape if layer == "hidden" else _shape(
            src, w.matrix([[f"out_{n}{new}" for n in HIDDEN]]), d)
        net = w.matrix([[f"net_{n}{new}" for n in names]])
        w.add("\n".join([
            f"# {layer} layer, forward: net = x @ W + b",
            inputs, _shape(W_name, W, d), _shape(b_name, b, d),
            f"net_{layer}{new} = {src} @ {W_name} + {b_name}",
            f"# net_{layer}{new}: (1, 2) = {_rows(net, d)}",
        ]), [(f"net_{n}{new}", f"net_{layer}{new}[0, {j}]") for j, n in enumerate(names)])
        out = w.matrix([[f"out_{n}{new}" for n in names]])
        w.add("\n".join([
            f"# {layer} layer, forward: out = f(net)",
            f"out_{layer}{new} = sigmoid(net_{layer}{new})",
            f"# out_{layer}{new}: (1, 2) = {_rows(out, d)}",
        ]), [(f"out_{n}{new}", f"out_{layer}{new}[0, {j}]") for j, n in enumerate(names)])


def _error(w: _Writer) -> None:
    d = w.d
    w.add("\n".join([
        "# the error of each output: E = 1/2 (target - out)^2",
        _shape("t", w.t, d), _shape("out_output", w.matrix([["out_o1", "out_o2"]]), d),
        f"E = {_half_sse(0, 'out_output')}",
    ]), [("E_o1", "E[0, 0]"), ("E_o2", "E[0, 1]")])
    w.add("E_total = E.sum()", [("E_total", "E_total")])


def _backward(w: _Writer) -> None:
    d = w.d
    out = w.matrix([["out_o1", "out_o2"]])
    w.add("\n".join([
        "# dE/dout = -(target - out), arriving at the outputs",
        _shape("out_output", out, d), _shape("t", w.t, d),
        f"dE_dout_output = {_half_sse(1, 'out_output')}",
    ]), [(f"dE_dout_{o}", f"dE_dout_output[0, {k}]") for k, o in enumerate(OUTPUTS)])
    w.add("\n".join([
        "# f'(net) of the sigmoid: out * (1 - out)",
        "f_prime_output = out_output * (1 - out_output)",
    ]), [(f"dout_{o}_dnet_{o}", f"f_prime_output[0, {k}]") for k, o in enumerate(OUTPUTS)])
    w.add("\n".join([
        "# output layer, backward: delta = dE_dout * f'(net)",
        "delta_output = dE_dout_output * f_prime_output",
        f"# delta_output: (1, 2) = {_rows(w.matrix([['delta_o1', 'delta_o2']]), d)}",
    ]), [(f"delta_{o}", f"delta_output[0, {k}]") for k, o in enumerate(OUTPUTS)])
    _weight_grads(w, "output", "out_hidden", w.matrix([["out_h1", "out_h2"]]))
    w.add("\n".join([
        "# each path back into a hidden neuron: delta_o * w",
        "# (row: the hidden neuron, column: the output)",
        "paths = delta_output * W_output",
    ]), [(f"dE{o}_dout_{h}", f"paths[{j}, {k}]") for j, h in enumerate(HIDDEN)
         for k, o in enumerate(OUTPUTS)])
    w.add("\n".join([
        "# the output layer passes dE_dx = delta @ W.T down:",
        "# both paths summed, (1, 2) @ (2, 2)",
        "dE_dout_hidden = delta_output @ W_output.T",
    ]), [(f"dE_dout_{h}", f"dE_dout_hidden[0, {j}]") for j, h in enumerate(HIDDEN)])
    w.add("\n".join([
        "# f'(net) of the hidden sigmoids: out * (1 - out)",
        "f_prime_hidden = out_hidden * (1 - out_hidden)",
    ]), [(f"dout_{h}_dnet_{h}", f"f_prime_hidden[0, {j}]") for j, h in enumerate(HIDDEN)])
    w.add("\n".join([
        "# hidden layer, backward: delta = dE_dout * f'(net)",
        "delta_hidden = dE_dout_hidden * f_prime_hidden",
        f"# delta_hidden: (1, 2) = {_rows(w.matrix([['delta_h1', 'delta_h2']]), d)}",
    ]), [(f"delta_{h}", f"delta_hidden[0, {j}]") for j, h in enumerate(HIDDEN)])
    _weight_grads(w, "hidden", "x", w.x)


def _weight_grads(w: _Writer, layer: str, src: str, source: np.ndarray) -> None:
    """dE_dW = x.T @ delta (one product per weight) and dE_db = delta."""
    d = w.d
    names = OUTPUTS if layer == "output" else HIDDEN
    weights = [(name, row, col) for name, (lay, row, col) in WEIGHT_INDEX.items()
               if lay == (1 if layer == "output" else 0)]
    weights.sort(key=lambda r: (r[2], r[1]))  # the steps' order: w5, w6 (into o1), w7, w8
    w.add("\n".join([
        f"# {layer} layer: dE_dW = x.T @ delta, (2,1) @ (1,2)",
        _shape(src, source, d),
        f"dE_dW_{layer} = {src}.T @ delta_{layer}",
    ]), [(f"dE_d{name}", f"dE_dW_{layer}[{row}, {col}]") for name, row, col in weights])
    w.add("\n".join([
        f"# {layer} layer, backward: dE_db = delta",
        f"dE_db_{layer} = delta_{layer}",
    ]), [(f"dE_db_{n}", f"dE_db_{layer}[0, {j}]") for j, n in enumerate(names)])


def _update(w: _Writer) -> None:
    for layer in ("output", "hidden"):
        weights = sorted(((name, row, col) for name, (lay, row, col) in WEIGHT_INDEX.items()
                          if lay == (1 if layer == "output" else 0)),
                         key=lambda r: (r[2], r[1]))
        new = np.zeros((2, 2))
        for name, row, col in weights:
            new[row, col] = w.val(f"{name}_new")
        w.add("\n".join([
            f"# {layer} layer, update: W - eta * dE_dW (eta = {_num(w.trace.scenario.eta, w.d)})",
            f"W_{layer}_new = W_{layer} - eta * dE_dW_{layer}",
            _shape(f"W_{layer}_new", new, w.d),
        ]), [(f"{name}_new", f"W_{layer}_new[{row}, {col}]") for name, row, col in weights])
    for layer in ("hidden", "output"):
        names = [b for b, (lay, _) in BIAS_INDEX.items()
                 if lay == (1 if layer == "output" else 0)]
        w.add("\n".join([
            "# the biases move only when they train",
            "if train_bias:",
            f"    b_{layer}_new = b_{layer} - eta * dE_db_{layer}",
            "else:",
            f"    b_{layer}_new = b_{layer}",
        ]), [(f"{n}_new", f"b_{layer}_new[0, {j}]") for j, n in enumerate(names)])


def worked_program(trace: Trace, decimals: int = 4) -> Program:
    """The lesson of one training step of the worked example, reproducing every traced value.

    Comments show values at ``decimals`` places; the cells print every digit.
    """
    w = _Writer(trace, decimals)
    w.heading("program.worked.intro")
    w.cells.append(code(SETUP))
    w.cells.append(code(_setup(w)))
    w.heading("program.heading.forward")
    _forward(w)
    w.heading("program.heading.error")
    _error(w)
    w.heading("program.heading.backward")
    _backward(w)
    w.heading("program.heading.update")
    _update(w)
    w.heading("program.heading.after")
    _forward(w, after=True)
    w.add("\n".join([
        f"E_new = {_half_sse(0, 'out_output_new')}",
        "E_total_new = E_new.sum()",
    ]), [("E_total_new", "E_total_new")])
    w.heading("program.heading.layer")
    w.cells.append(code(LAYER))
    names = [(f"{n}_new", f"{layer}.W[{row}, {col}]") for n, (lay, row, col)
             in WEIGHT_INDEX.items() for layer in (("hidden", "output")[lay],)]
    w.cells.append(code("\n".join([
        "hidden, output = Layer(W_hidden, b_hidden), Layer(W_output, b_output)",
        "output.forward(hidden.forward(x))",
        f"hidden.backward(output.backward({_half_sse(1, 'output.out')}))",
        "hidden.update(eta, train_bias)",
        "output.update(eta, train_bias)",
        _shows(names),
    ]), prints=tuple(n for n, _ in names)))
    return tuple(w.cells)
