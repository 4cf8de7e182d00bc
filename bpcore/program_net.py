"""Any stepped network as a program: one training step in plain NumPy, in the page's notation.

net_program(trace, decimals) writes the lesson of a bpcore.stepper_trace.NetTrace (a preset or
the learner's own network) as code cells that reproduce every value of the trace. Arrays are
named as the page names the values (bpcore.qname's notation, layer l from 1): ``W{l}`` and
``b{l}`` the parameters, ``net{l}``, ``out{l}``, ``dE_dout{l}``, ``dout_dnet{l}``,
``delta{l}`` per sample, ``dE_dW{l}``, ``dE_db{l}`` the batch means, ``W{l}_new``… after the
update. Shapes (row convention, m samples): X (m, n_0), T (m, n_L), W{l} (n_{l−1}, n_l) with
w^l_jk = W{l}[k − 1, j − 1], b{l} (n_l,), net{l}/out{l}/delta{l} (m, n_l) with sample s in row
s − 1; paths{l} (m, n_l, n_{l+1}): the term δ^{l+1}_k · w^{l+1}_kj of sample s at
[s − 1, j − 1, k − 1]. Each activation's and loss's source is bpcore's own (Activation.code,
Loss.code).

Each value is printed by ``show("<code name>", …)`` (bpcore.qname.code_name: net^1_1 →
``net1_1``, w^2_11⁺ → ``w2_11_new``, δ^{1(2)}_1 → ``delta1_1_s2``), and each code cell is
tagged with the ids (QName.id) of the steps it computes, so the code view finds it;
step_source keeps of a cell only the show line of one step. The app never runs this code:
it shows the trace's value as the line prints it (printed); the tests run it.
"""

from __future__ import annotations

import re
from textwrap import indent

from bpcore.activations import ACTIVATIONS
from bpcore.losses import LOSSES
from bpcore.program import Cell, Program, code, text
from bpcore.qname import QName, code_name
from bpcore.stepper_trace import CANCELS, NetTrace

SHOW = '''
def show(name, value):
    """Print one value as `name = value`, every digit of the float."""
    print(f"{name} = {float(value)!r}")
'''
# ∂out/∂net of each element-wise activation, over ``net`` and ``out`` (the trace's slope)
SLOPES = {"sigmoid": "out * (1.0 - out)", "tanh": "1.0 - out * out",
          "relu": "(net > 0) * 1.0", "leaky_relu": "np.where(net > 0, 1.0, 0.01)",
          "linear": "np.ones_like(net)"}


def _over(source: str, **names: str) -> str:
    """bpcore's source over ``t``, ``out``, ``net`` renamed to this program's arrays."""
    for old, new in names.items():
        source = re.sub(rf"\b{old}\b", new, source)
    return source


def _rows(values: tuple[tuple[float, ...], ...]) -> str:
    return "[" + ", ".join("[" + ", ".join(repr(float(x)) for x in row) + "]"
                           for row in values) + "]"


def printed(q: QName, value: float, batch: int) -> str:
    """The line the program prints for ``q``: ``name = value`` (every digit)."""
    return f"{code_name(q, batch)} = {float(value)!r}"


def step_source(cell: Cell, q: QName, batch: int) -> str:
    """A cell's code with only the show line of ``q`` (the others print other steps)."""
    mine = f'show("{code_name(q, batch)}",'
    return "\n".join(line for line in cell.source.splitlines()
                     if not line.startswith("show(") or line.startswith(mine))


class _Writer:
    """Builds the program: for each code cell, the text of the steps it computes first."""

    def __init__(self, trace: NetTrace, decimals: int) -> None:
        self.trace, self.d = trace, decimals
        self.m = trace.spec.samples
        self.by_q = {s.qname: s for s in trace.steps if s.qname is not None}
        self.cells: list[Cell] = []

    def add(self, source: str, shows: list[tuple[QName, str]]) -> None:
        """Text for each traced step among ``shows``, then one code cell printing them."""
        present = [(q, e) for q, e in shows if q in self.by_q]
        for q, _ in present:
            step = self.by_q[q]
            if step.message is not None:
                self.cells.append(text(step.message.key, dict(step.message.params),
                                       formula=step))
        lines = [source.strip("\n"),
                 *(f'show("{code_name(q, self.m)}", {e})' for q, e in present)]
        ids = [q.id for q, _ in present]
        self.cells.append(code("\n".join(lines), step=ids[0] if ids else "",
                               prints=tuple(code_name(q, self.m) for q, _ in present),
                               also=tuple(ids[1:])))

    def each(self, kind: str, layer: int, array: str, new: bool = False
             ) -> list[tuple[QName, str]]:
        """(QName, array[s − 1, j − 1]) for every sample s and neuron j of ``layer``."""
        n = self.trace.spec.sizes[layer]
        return [(QName(kind, layer, j, sample=s), f"{array}[{s - 1}, {j - 1}]")
                for s in range(1, self.m + 1) for j in range(1, n + 1)]


def _setup(trace: NetTrace) -> str:
    spec = trace.spec
    functions = []
    for name in dict.fromkeys(spec.activations):
        functions.append(f"def {name}(net):\n{indent(ACTIVATIONS[name].code[0], '    ')}")
    return "\n\n\n".join([
        "import numpy as np\n\nTINY = np.finfo(float).tiny  # keeps log(0) and t/0 finite",
        *functions, SHOW.strip("\n")])


def _given(trace: NetTrace) -> str:
    spec = trace.spec
    lines = [f"# {'-'.join(map(str, spec.sizes))}: {', '.join(spec.activations)}; "
             f"loss {spec.loss}; {spec.samples} sample(s), one a row",
             f"X = np.array({_rows(spec.X)})  # x_k of sample s: X[s - 1, k - 1]",
             f"T = np.array({_rows(spec.T)})  # t_j of sample s: T[s - 1, j - 1]",
             "# W{l}[k - 1, j - 1] is w^l_jk: from neuron k of layer l - 1 to neuron j of l"]
    for layer, (W, b) in enumerate(zip(spec.weights, spec.biases, strict=True), 1):
        lines.append(f"W{layer} = np.array({_rows(W)})  # {len(W)}×{len(W[0])}")
        lines.append(f"b{layer} = np.array({_rows((b,))[1:-1]})  # b^{layer}_j: b{layer}[j - 1]")
    lines += [f"eta = {float(spec.eta)!r}", f"m = {spec.samples}  # samples"]
    return "\n".join(lines)


def _forward(w: _Writer, new: bool = False) -> None:
    spec, nw = w.trace.spec, "_new" if new else ""
    for layer in range(1, spec.layers + 1):
        src = "X" if layer == 1 else f"out{layer - 1}{nw}"
        b = f"b{layer}_new" if new and spec.train_biases else f"b{layer}"
        act = spec.activations[layer - 1]
        w.add(f"# layer {layer}: net = x @ W + b, one row per sample\n"
              f"net{layer}{nw} = {src} @ W{layer}{nw} + {b}",
              w.each("net_new" if new else "net", layer, f"net{layer}{nw}"))
        w.add(f"out{layer}{nw} = {act}(net{layer}{nw})",
              w.each("out_new" if new else "out", layer, f"out{layer}{nw}"))


def _error(w: _Writer, new: bool = False) -> None:
    spec, L, nw = w.trace.spec, w.trace.spec.layers, "_new" if new else ""
    terms = _over(LOSSES[spec.loss].code[0], t="T", out=f"out{L}{nw}")
    batch = w.m > 1
    each_e = [(QName("E_new" if new else "E", sample=s), f"E{nw}_samples[{s - 1}]")
              for s in range(1, w.m + 1)] if batch else []
    if not new:
        w.add(f"# each output's error term: {spec.loss}\nE_terms = {terms}",
              w.each("E_term", L, "E_terms"))
        w.add("E_samples = E_terms.sum(axis=1)  # the error of each sample", each_e)
    else:
        w.add(f"E_new_samples = ({terms}).sum(axis=1)", each_e)
    w.add(f"E{nw} = E{nw}_samples.mean()  # the mean over the batch",
          [(QName("E_new" if new else "E"), f"E{nw}")])


def _backward(w: _Writer) -> None:
    spec, L = w.trace.spec, w.trace.spec.layers
    act, loss = spec.activations[-1], spec.loss
    w.add(f"# dE/dout at the outputs ({loss})\n"
          f"dE_dout{L} = {_over(LOSSES[loss].code[1], t='T', out=f'out{L}')}",
          w.each("dE_dout", L, f"dE_dout{L}"))
    if act == "softmax" and loss == "cross_entropy":
        w.add(f"# softmax with cross-entropy: the Jacobian cancels, delta = out - t\n"
              f"delta{L} = out{L} - T", w.each("delta", L, f"delta{L}"))
    elif act == "softmax":
        w.add(f"# softmax: the Jacobian's product\ndelta{L} = "
              + _over(ACTIVATIONS["softmax"].code[1].split("  #")[0], out=f"out{L}",
                      dE_dout=f"dE_dout{L}"), w.each("delta", L, f"delta{L}"))
    else:
        _slope(w, L)
        if (act, loss) in CANCELS:
            w.add(f"# sigmoid with binary cross-entropy: the slope cancels, delta = out - t\n"
                  f"delta{L} = out{L} - T", w.each("delta", L, f"delta{L}"))
        else:
            w.add(f"delta{L} = dE_dout{L} * dout_dnet{L}", w.each("delta", L, f"delta{L}"))
    _gradients(w, L)
    for layer in range(L - 1, 0, -1):
        above, n, n_above = layer + 1, spec.sizes[layer], spec.sizes[layer + 1]
        w.add(f"# each path back into layer {layer}: delta^{above}_k * w^{above}_kj\n"
              f"paths{layer} = delta{above}[:, None, :] * W{above}[None, :, :]",
              [(QName("path", layer, j, k, sample=s), f"paths{layer}[{s - 1}, {j - 1}, {k - 1}]")
               for s in range(1, w.m + 1) for j in range(1, n + 1)
               for k in range(1, n_above + 1)])
        w.add(f"# their sum: dE/dout = delta @ W.T (per sample, never averaged)\n"
              f"dE_dout{layer} = delta{above} @ W{above}.T",
              w.each("dE_dout", layer, f"dE_dout{layer}"))
        _slope(w, layer)
        w.add(f"delta{layer} = dE_dout{layer} * dout_dnet{layer}",
              w.each("delta", layer, f"delta{layer}"))
        _gradients(w, layer)


def _slope(w: _Writer, layer: int) -> None:
    act = w.trace.spec.activations[layer - 1]
    w.add(f"# {act}'(net)\ndout_dnet{layer} = "
          + _over(SLOPES[act], out=f"out{layer}", net=f"net{layer}"),
          w.each("dout_dnet", layer, f"dout_dnet{layer}"))


def _gradients(w: _Writer, layer: int) -> None:
    spec = w.trace.spec
    src = "X" if layer == 1 else f"out{layer - 1}"
    share = f"(delta{layer} / m)" if w.m > 1 else f"delta{layer}"
    note = "  # the mean over the batch" if w.m > 1 else ""
    w.add(f"dE_dW{layer} = {src}.T @ {share}{note}",
          [(QName("dE_dw", layer, j, k), f"dE_dW{layer}[{k - 1}, {j - 1}]")
           for j in range(1, spec.sizes[layer] + 1)
           for k in range(1, spec.sizes[layer - 1] + 1)])
    if spec.train_biases:
        w.add(f"dE_db{layer} = {share}.sum(axis=0)",
              [(QName("dE_db", layer, j), f"dE_db{layer}[{j - 1}]")
               for j in range(1, spec.sizes[layer] + 1)])


def _update(w: _Writer) -> None:
    spec = w.trace.spec
    for layer in range(spec.layers, 0, -1):
        w.add(f"W{layer}_new = W{layer} - eta * dE_dW{layer}",
              [(QName("w_new", layer, j, k), f"W{layer}_new[{k - 1}, {j - 1}]")
               for j in range(1, spec.sizes[layer] + 1)
               for k in range(1, spec.sizes[layer - 1] + 1)])
    if spec.train_biases:
        for layer in range(1, spec.layers + 1):
            w.add(f"b{layer}_new = b{layer} - eta * dE_db{layer}",
                  [(QName("b_new", layer, j), f"b{layer}_new[{j - 1}]")
                   for j in range(1, spec.sizes[layer] + 1)])


def net_program(trace: NetTrace, decimals: int = 4) -> Program:
    """The lesson of one training step of ``trace``'s network, reproducing every traced
    value (each printed with every digit)."""
    w = _Writer(trace, decimals)
    w.cells.append(text("program.net.intro"))
    w.cells.append(code(_setup(trace)))
    w.cells.append(code(_given(trace)))
    w.cells.append(text("program.heading.forward"))
    _forward(w)
    w.cells.append(text("program.heading.error"))
    _error(w)
    w.cells.append(text("program.heading.backward"))
    _backward(w)
    w.cells.append(text("program.heading.update"))
    _update(w)
    w.cells.append(text("program.heading.after"))
    _forward(w, new=True)
    _error(w, new=True)
    return tuple(w.cells)
