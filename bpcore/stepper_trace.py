"""One traced step of any small network: every value under a typed name, and the walk.

``trace_net(spec)`` runs the engine (bpcore.network) once on a bpcore.netspec.NetSpec and
keeps what it computed, addressed by bpcore.qname.QName:

- forward, per sample s: net^l_j = Σ_k w^l_jk · out^{l−1}_k + b^l_j · 1 and out^l_j = f(net^l_j)
  (out^0 = x); the error terms E^L_j, each sample's E (batches) and E, the mean over samples;
- backward, per sample: ∂E/∂out^L_j, ∂out/∂net, δ^L_j (for sigmoid with binary cross-entropy
  and softmax with categorical cross-entropy δ = out − t directly: the σ′ or the Jacobian
  cancels); for a hidden neuron each path's term δ^{l+1}_k · w^{l+1}_kj and their sum
  ∂E/∂out^l_j (= row j of δ^{l+1} · W_{l+1}ᵀ, never averaged), then δ^l_j = ∂E/∂out · f′;
  ∂E/∂w^l_jk = (1/m) Σ_s δ^l_j · out^{l−1}_k and ∂E/∂b^l_j = (1/m) Σ_s δ^l_j, the batch means;
- update: w⁺ = w − η·∂E/∂w (and b⁺ when biases train), the forward pass again with them, and
  E⁺.

The ordered ``steps`` are :class:`NetStep` records (bpcore.formula.Formula with the typed
names of the value and its operands), each ``symbol = formula = substituted = value`` with a
template a learner can work out from the shown numbers (Formula.display). Shapes as in
bpcore.network: X (m, n_in), W_l (n_{l−1}, n_l), b_l (n_l,), net/out/δ of layer l (m, n_l).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import SupportsFloat

import numpy as np

from bpcore.activations import ACTIVATIONS
from bpcore.formula import Formula, Message
from bpcore.losses import LOSSES
from bpcore.netspec import NetSpec
from bpcore.network import LayerGradient, LayerRecord, Network, output_delta
from bpcore.qname import QName

PHASES = ("forward", "error", "backward", "update")
# Above this |net|, e^{net} of a template would leave the decimals that check it: tanh and
# softmax are then written in an equal form whose exponents cannot overflow.
PLAIN_LIMIT = 1e15
_SIGMOID = r"\frac{1}{1 + e^{-#0}}"
# Every message key a step may carry, lower case as every locale key is (params: layer,
# neuron, and where they apply source, sample, activation, loss, samples, paths — all plain
# numbers or registry names); the tutor says them in the reader's language.
MESSAGE_KEYS = tuple(f"step.gen.{k}" for k in (
    "net", "out", "error_term", "error", "error_sample", "error_batch", "de_dout", "dout_dnet",
    "delta", "delta_cancels", "delta_softmax_ce", "delta_softmax", "path", "path_sum",
    "weight_gradient", "bias_gradient", "update", "net_new", "out_new", "error_new",
    "error_new_batch"))
# (activation, loss) pairs whose output δ is out − t, the derivative cancelling
CANCELS = {("sigmoid", "binary_cross_entropy"), ("softmax", "cross_entropy")}


@dataclass(frozen=True)
class Node:
    """A unit of the diagram: neuron ``index`` (from 1) of ``layer`` (0 = inputs), or with
    index 0 the bias unit feeding ``layer``."""

    layer: int
    index: int

    @property
    def id(self) -> str:
        """A stable text key for a diagram (written, never read back)."""
        return f"bias{self.layer}" if self.index == 0 else f"n{self.layer}.{self.index}"


@dataclass(frozen=True)
class NetStep(Formula):
    """A Formula of the general stepper with typed names: ``qname`` (what it computes) and
    ``operand_qnames`` (slot by slot), as every step of a stepped network has them, and
    ``node_refs`` and ``edge_refs`` (the diagram's units and the parameters w, b involved).
    ``name``, ``operand_names``, ``nodes``, ``edges`` hold their ids, for code that reads any
    Formula."""

    node_refs: tuple[Node, ...] = ()
    edge_refs: tuple[QName, ...] = ()


@dataclass(frozen=True)
class NetTrace:
    """Every value of one step of a NetSpec by QName, in teaching order, and the steps.

    ``records`` and ``gradients`` are the engine's arrays (forward records; (dW, db) batch
    means per layer, first layer first), ``after`` the network after the update.
    """

    spec: NetSpec
    values: Mapping[QName, float]
    steps: tuple[NetStep, ...]
    records: tuple[LayerRecord, ...]
    gradients: tuple[tuple[np.ndarray, np.ndarray], ...]
    after: Network

    def __getitem__(self, name: QName) -> float:
        return self.values[name]

    def __contains__(self, name: object) -> bool:
        return name in self.values

    def __iter__(self) -> Iterator[QName]:
        return iter(self.values)

    def value(self, name: QName) -> float:
        """A value of the trace, or a given one of its spec: x, t, w^l_jk, b^l_j, η."""
        if name in self.values:
            return self.values[name]
        spec, s = self.spec, (name.sample or 1) - 1
        given = {"x": lambda: spec.X[s][name.index - 1], "t": lambda: spec.T[s][name.index - 1],
                 "w": lambda: spec.weights[name.layer - 1][name.source - 1][name.index - 1],
                 "b": lambda: spec.biases[name.layer - 1][name.index - 1],
                 "eta": lambda: spec.eta}
        if name.kind not in given:
            raise KeyError(name)
        return float(given[name.kind]())

    def change(self, gradient: QName) -> float:
        """η·∂E/∂w^l_jk (or η·∂E/∂b^l_j) for a ``dE_dw`` or ``dE_db`` name: what the update
        subtracts from the parameter, the product the engine takes (w⁺ = w − η·∂E/∂w)."""
        if gradient.kind not in ("dE_dw", "dE_db"):
            raise KeyError(gradient)
        return float(np.float64(self.spec.eta) * np.float64(self.values[gradient]))

    def symbol(self, name: QName) -> str:
        """The LaTeX symbol of a value (the sample written only in a batch)."""
        return name.latex(self.spec.samples)

    def phase_steps(self, *phases: str) -> tuple[NetStep, ...]:
        """The steps of the given phases, in order."""
        return tuple(s for s in self.steps if s.phase in phases)

    def step(self, name: QName) -> NetStep:
        """The step computing ``name``."""
        return next(s for s in self.steps if s.qname == name)

    def next_spec(self) -> NetSpec:
        """The spec after this update: new weights (and biases, when they train).

        CodedError (``too_large``, ``not_finite``) when the update left bpcore.limits'
        bounds (a huge η): the learner keeps the spec in use and reads why.
        """
        return self.spec.with_parameters(self.after.weights, self.after.biases)


# --- the numbers ------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Numbers:
    """The engine's arrays for one step."""

    records: tuple[LayerRecord, ...]
    grads: tuple[LayerGradient, ...]
    dE_dout_L: np.ndarray  # (m, n_L) ∂E/∂out of the output layer, per sample
    after: Network
    records_new: tuple[LayerRecord, ...]


def _backward(net: Network, records: Sequence[LayerRecord], T: np.ndarray
              ) -> tuple[LayerGradient, ...]:
    """network.backward's arithmetic, step for step, with δ_L = out − t where the
    derivative cancels (the engine's output_delta would take BCE through σ′, which loses
    the gradient of a saturated sigmoid). dE_dinput of layer l is ∂E/∂out of layer l − 1."""
    last = records[-1]
    pair = (net.activations[-1], net.loss)
    delta = last.out - T if pair in CANCELS else output_delta(*pair, last.net, last.out, T)
    grads: list[LayerGradient] = []
    for i in range(len(records) - 1, -1, -1):
        rec, W = records[i], net.weights[i]
        batch = rec.input.shape[-2]
        dE_dinput = delta @ W.mT if i else None
        share = delta / batch if batch > 1 else delta
        grads.append(LayerGradient(rec.input.mT @ share, np.add.reduce(share, axis=-2),
                                   delta, dE_dinput))
        if dE_dinput is not None:
            below = records[i - 1]
            delta = ACTIVATIONS[net.activations[i - 1]].backward(below.net, below.out,
                                                                 dE_dinput)
    return tuple(reversed(grads))


def _numbers(spec: NetSpec) -> _Numbers:
    net = spec.network()
    X, T = spec.batch()
    with np.errstate(all="ignore"):  # the pass after a huge update may overflow: shown as inf
        records = net.forward(X)
        grads = _backward(net, records, T)
        after = net.copy()
        after.apply(grads, spec.eta, update_biases=spec.train_biases)
        records_new = after.forward(X)
        dE_dout = LOSSES[spec.loss].grad(records[-1].out, T)
    return _Numbers(records, grads, dE_dout, after, records_new)


# --- the walk ---------------------------------------------------------------------------------
def _msg(key: str, q: QName, **extra: str) -> Message:
    """A message about the quantity q: its layer, neuron, source and sample as plain numbers."""
    params = {"layer": str(q.layer), "neuron": str(q.index)}
    if q.source:
        params["source"] = str(q.source)
    if q.sample is not None:
        params["sample"] = str(q.sample)
    return Message(key, {**params, **extra})


def _plus(template_terms: Sequence[str]) -> str:
    return " + ".join(template_terms)


class _Walk:
    """Builds the steps in teaching order from the spec and the engine's numbers."""

    def __init__(self, spec: NetSpec, n: _Numbers) -> None:
        self.s, self.n = spec, n
        self.m, self.L = spec.samples, spec.layers
        self.values: dict[QName, float] = {}
        self.steps: list[NetStep] = []
        X, T = spec.batch()
        self.given: dict[QName, float] = {QName("eta"): spec.eta}
        for s in range(self.m):
            for k in range(X.shape[1]):
                self.given[QName("x", 0, k + 1, sample=s + 1)] = float(X[s, k])
            for j in range(T.shape[1]):
                self.given[QName("t", self.L, j + 1, sample=s + 1)] = float(T[s, j])
        for layer, (W, b) in enumerate(zip(spec.weights, spec.biases, strict=True), 1):
            for k, row in enumerate(W):
                for j, x in enumerate(row):
                    self.given[QName("w", layer, j + 1, k + 1)] = x
            for j, x in enumerate(b):
                self.given[QName("b", layer, j + 1)] = x

    def clamped(self, q: QName, operands: Sequence[QName]) -> bool:
        """True when a cross-entropy formula meets an output of exactly 0 (or 1, for BCE's
        log(1 − out) and 1/(out(1 − out))): its exact value is infinite or undefined, and
        the engine's value is the clamped one (bpcore.losses), so the step shows the value
        as given rather than numbers that cannot give it."""
        if self.s.loss == "half_sse" or q.kind not in ("E_term", "E_new", "dE_dout"):
            return False  # δ = out − t and the rest never take a log or divide by out
        edges = (0.0, 1.0) if self.s.loss == "binary_cross_entropy" else (0.0,)
        return any(o.kind in ("out", "out_new") and o.layer == self.L
                   and self.val(o) in edges for o in operands)

    def sym(self, q: QName) -> str:
        return q.latex(self.m)

    def val(self, q: QName) -> float:
        return self.values[q] if q in self.values else self.given[q]

    def add(self, phase: str, q: QName, value: SupportsFloat, formula: str, template: str,
            operands: Sequence[QName], message: Message, nodes: Sequence[Node] = (),
            edges: Sequence[QName] = ()) -> None:
        self.values[q] = float(value)
        if self.clamped(q, operands):  # log 0 or x/0 in exact arithmetic: the engine's clamp
            self.given[q] = float(value)
            template, operands = "#0", [q]
        self.steps.append(NetStep(
            name=q.id, symbol=self.sym(q), formula=formula, template=template,
            operands=tuple(self.val(o) for o in operands),
            operand_names=tuple(o.id for o in operands), value=float(value), message=message,
            phase=phase, nodes=tuple(n.id for n in nodes), edges=tuple(e.id for e in edges),
            qname=q, operand_qnames=tuple(operands), node_refs=tuple(nodes),
            edge_refs=tuple(edges)))

    # --- forward -------------------------------------------------------------------------------
    def source(self, layer: int, k: int, s: int, new: bool) -> QName:
        """out^{layer−1}_k of sample s (x_k below the first layer)."""
        if layer == 1:
            return QName("x", 0, k, sample=s)
        return QName("out_new" if new else "out", layer - 1, k, sample=s)

    def forward_layer(self, layer: int, s: int, new: bool = False) -> None:
        """net and out of every neuron of a layer for sample s (``new``: after the update)."""
        rec = (self.n.records_new if new else self.n.records)[layer - 1]
        act = self.s.activations[layer - 1]
        n_in, n_out = self.s.sizes[layer - 1], self.s.sizes[layer]
        trained = new and self.s.train_biases
        kind_net, kind_out = ("net_new", "out_new") if new else ("net", "out")
        phase = "update" if new else "forward"
        nets = []
        for j in range(1, n_out + 1):
            ws = [QName("w_new" if new else "w", layer, j, k) for k in range(1, n_in + 1)]
            srcs = [self.source(layer, k, s, new) for k in range(1, n_in + 1)]
            bias = QName("b_new" if trained else "b", layer, j)
            formula = _plus([rf"{self.sym(w)} \cdot {self.sym(x)}" for w, x in zip(
                ws, srcs, strict=True)] + [rf"{self.sym(bias)} \cdot 1"])
            template = _plus([rf"#{2 * i} \cdot #{2 * i + 1}" for i in range(n_in)]
                             + [rf"#{2 * n_in} \cdot 1"])
            q = QName(kind_net, layer, j, sample=s)
            nets.append(q)
            edges = [QName("w", layer, j, k) for k in range(1, n_in + 1)] + [QName("b", layer, j)]
            self.add(phase, q, rec.net[s - 1, j - 1], formula, template,
                     [x for pair in zip(ws, srcs, strict=True) for x in pair] + [bias],
                     _msg("step.gen.net_new" if new else "step.gen.net", q),
                     [Node(layer - 1, k) for k in range(1, n_in + 1)]
                     + [Node(layer, 0), Node(layer, j)], edges)
            if act != "softmax":
                self.out(layer, j, s, act, q, QName(kind_out, layer, j, sample=s), rec, phase,
                         new)
        if act == "softmax":
            for j in range(1, n_out + 1):
                self.softmax_out(layer, j, s, nets, QName(kind_out, layer, j, sample=s), rec,
                                 phase, new)

    def out(self, layer: int, j: int, s: int, act: str, net: QName, q: QName,
            rec: LayerRecord, phase: str, new: bool) -> None:
        """out = f(net) of an element-wise activation, as a checkable template."""
        z = self.sym(net)
        x = float(rec.net[s - 1, j - 1])
        if act == "sigmoid":
            formula, template = rf"\sigma({z}) = \frac{{1}}{{1 + e^{{-{z}}}}}", _SIGMOID
        elif act == "tanh":
            formula = rf"\tanh({z}) = \frac{{e^{{{z}}} - e^{{-{z}}}}}{{e^{{{z}}} + e^{{-{z}}}}}"
            template = (r"\frac{e^{#0} - e^{-#0}}{e^{#0} + e^{-#0}}" if abs(x) <= PLAIN_LIMIT
                        else r"1 - \frac{2}{e^{2 \cdot #0} + 1}")
        elif act == "relu":
            formula = rf"\max(0, {z}) = {z} \cdot [{z} > 0]"
            template = r"#0 \cdot 1" if x > 0 else r"#0 \cdot 0"
        elif act == "leaky_relu":
            formula = rf"\max(0.01\,{z}, {z})"
            template = r"#0 \cdot 1" if x > 0 else r"#0 \cdot 0.01"
        else:  # linear
            formula, template = z, "#0"
        self.add(phase, q, rec.out[s - 1, j - 1], formula, template, [net],
                 _msg("step.gen.out_new" if new else "step.gen.out", q, activation=act),
                 [Node(layer, j)])

    def softmax_out(self, layer: int, j: int, s: int, nets: Sequence[QName], q: QName,
                    rec: LayerRecord, phase: str, new: bool) -> None:
        """out_j = e^{net_j} / Σ_i e^{net_i}; shifted by the largest net when the nets are
        beyond PLAIN_LIMIT (the same value, no overflowing exponent)."""
        row = rec.net[s - 1]
        terms = " + ".join(f"e^{{{self.sym(n)}}}" for n in nets)
        formula = rf"\frac{{e^{{{self.sym(nets[j - 1])}}}}}{{{terms}}}"
        if float(np.max(np.abs(row))) <= PLAIN_LIMIT:
            top = f"e^{{#{j - 1}}}"
            bottom = " + ".join(f"e^{{#{i}}}" for i in range(len(nets)))
        else:
            big = int(np.argmax(row))
            top = f"e^{{#{j - 1} - #{big}}}"
            bottom = " + ".join(f"e^{{#{i} - #{big}}}" for i in range(len(nets)))
        self.add(phase, q, rec.out[s - 1, j - 1], formula, rf"\frac{{{top}}}{{{bottom}}}",
                 nets, _msg("step.gen.out_new" if new else "step.gen.out", q,
                            activation="softmax"), [Node(layer, i) for i in range(1, len(nets)
                                                                                   + 1)])

    # --- error ---------------------------------------------------------------------------------
    def term(self, q_t: QName, q_out: QName, slot: int) -> tuple[str, str]:
        """(formula, template) of one output's error term, its slots from ``slot`` on."""
        t, o, a, b = self.sym(q_t), self.sym(q_out), f"#{slot}", f"#{slot + 1}"
        if self.s.loss == "half_sse":
            return rf"\tfrac{{1}}{{2}}({t} - {o})^2", rf"\tfrac{{1}}{{2}}({a} - {b})^2"
        if self.s.loss == "binary_cross_entropy":
            return (rf"-({t} \cdot \log({o}) + (1 - {t}) \cdot \log(1 - {o}))",
                    rf"-({a} \cdot \log({b}) + (1 - {a}) \cdot \log(1 - {b}))")
        return rf"-{t} \cdot \log({o})", rf"-{a} \cdot \log({b})"

    def error(self) -> None:
        """Each sample's terms and E (a batch: each sample's E, then their mean)."""
        L, loss = self.L, LOSSES[self.s.loss]
        _, T = self.s.batch()
        out = self.n.records[-1].out
        terms, per_sample = loss.terms(out, T), loss.per_sample(out, T)
        outputs = range(1, self.s.sizes[-1] + 1)
        for s in range(1, self.m + 1):
            qs = []
            for j in outputs:
                q = QName("E_term", L, j, sample=s)
                qt, qo = QName("t", L, j, sample=s), QName("out", L, j, sample=s)
                self.add("error", q, terms[s - 1, j - 1], *self.term(qt, qo, 0), [qt, qo],
                         _msg("step.gen.error_term", q, loss=self.s.loss), [Node(L, j)])
                qs.append(q)
            q = QName("E", sample=s) if self.m > 1 else QName("E")
            value = per_sample[s - 1] if self.m > 1 else loss.value(out, T)
            self.add("error", q, value, _plus([self.sym(x) for x in qs]),
                     _plus([f"#{i}" for i in range(len(qs))]), qs,
                     _msg("step.gen.error_sample" if self.m > 1 else "step.gen.error", q),
                     [Node(L, j) for j in outputs])
        if self.m > 1:
            self.mean("error", QName("E"), loss.value(out, T),
                      [QName("E", sample=s) for s in range(1, self.m + 1)],
                      _msg("step.gen.error_batch", QName("E"), samples=str(self.m)))

    def mean(self, phase: str, q: QName, value: SupportsFloat, parts: Sequence[QName],
             message: Message, nodes: Sequence[Node] = (), edges: Sequence[QName] = ()) -> None:
        """q = (1/m)(part_1 + … + part_m)."""
        m = len(parts)
        self.add(phase, q, value,
                 rf"\tfrac{{1}}{{{m}}}({_plus([self.sym(p) for p in parts])})",
                 rf"\tfrac{{1}}{{{m}}}({_plus([f'#{i}' for i in range(m)])})", parts, message,
                 nodes, edges)

    # --- backward ------------------------------------------------------------------------------
    def output_slope(self, j: int, s: int) -> None:
        """∂E/∂out^L_j of sample s, from the loss."""
        L, loss = self.L, self.s.loss
        qt, qo = QName("t", L, j, sample=s), QName("out", L, j, sample=s)
        t, o = self.sym(qt), self.sym(qo)
        g = QName("dE_dout", L, j, sample=s)
        if loss == "half_sse":
            formula, template, ops = rf"-({t} - {o})", "-(#0 - #1)", [qt, qo]
        elif loss == "binary_cross_entropy":
            formula = rf"\frac{{{o} - {t}}}{{{o}(1 - {o})}}"
            template, ops = r"\frac{#0 - #1}{#0(1 - #0)}", [qo, qt]
        else:
            formula, template, ops = rf"-\frac{{{t}}}{{{o}}}", r"-\frac{#0}{#1}", [qt, qo]
        self.add("backward", g, self.n.dE_dout_L[s - 1, j - 1], formula, template, ops,
                 _msg("step.gen.de_dout", g, loss=loss), [Node(L, j)])

    def output_delta(self, j: int, s: int) -> None:
        """δ^L_j of sample s: out − t where the derivative cancels, the softmax Jacobian's
        product out_j (g_j − Σ_i g_i out_i) for softmax with another loss, else ∂E/∂out · f′
        (after the ∂out/∂net step)."""
        L, act, loss = self.L, self.s.activations[-1], self.s.loss
        value = self.n.grads[-1].delta[s - 1, j - 1]
        qt, qo = QName("t", L, j, sample=s), QName("out", L, j, sample=s)
        t, o = self.sym(qt), self.sym(qo)
        g, d = QName("dE_dout", L, j, sample=s), QName("delta", L, j, sample=s)
        slope = QName("dout_dnet", L, j, sample=s)
        if act == "softmax" and loss == "cross_entropy":
            self.add("backward", d, value, rf"{o} - {t}", "#0 - #1", [qo, qt],
                     _msg("step.gen.delta_softmax_ce", d), [Node(L, j)])
        elif act == "softmax":
            n = self.s.sizes[-1]
            gs = [QName("dE_dout", L, i, sample=s) for i in range(1, n + 1)]
            outs = [QName("out", L, i, sample=s) for i in range(1, n + 1)]
            inner = _plus([rf"{self.sym(a)} \cdot {self.sym(b)}"
                           for a, b in zip(gs, outs, strict=True)])
            slots = _plus([rf"#{2 + 2 * i} \cdot #{3 + 2 * i}" for i in range(n)])
            self.add("backward", d, value, rf"{o} \cdot ({self.sym(g)} - ({inner}))",
                     rf"#0 \cdot (#1 - ({slots}))",
                     [qo, g, *[x for pair in zip(gs, outs, strict=True) for x in pair]],
                     _msg("step.gen.delta_softmax", d), [Node(L, i) for i in range(1, n + 1)])
        else:
            self.slope(L, j, s)
            if (act, loss) in CANCELS:  # BCE with sigmoid: σ′ cancels the denominator
                self.add("backward", d, value,
                         rf"{self.sym(g)} \cdot {self.sym(slope)} = {o} - {t}", "#0 - #1",
                         [qo, qt], _msg("step.gen.delta_cancels", d), [Node(L, j)])
            else:
                self.delta(L, j, s, g)

    def slope(self, layer: int, j: int, s: int) -> None:
        """∂out/∂net of an element-wise activation."""
        act = self.s.activations[layer - 1]
        rec = self.n.records[layer - 1]
        qo, qn = QName("out", layer, j, sample=s), QName("net", layer, j, sample=s)
        q = QName("dout_dnet", layer, j, sample=s)
        o, z = self.sym(qo), self.sym(qn)
        value = float(ACTIVATIONS[act].derivative(rec.net[s - 1:s, j - 1:j],
                                                  rec.out[s - 1:s, j - 1:j])[0, 0])
        if act == "sigmoid":
            formula, template, ops = rf"{o}(1 - {o})", "#0(1 - #0)", [qo]
        elif act == "tanh":
            formula, template, ops = rf"1 - {o}^2", "1 - #0^2", [qo]
        else:  # a derivative that is a constant on each side of 0: given
            formula = {"relu": rf"[{z} > 0]", "leaky_relu": rf"[{z} > 0] + 0.01\,[{z} \le 0]",
                       "linear": "1"}[act]
            self.given[q] = value
            template, ops = "#0", [q]
        self.add("backward", q, value, formula, template, ops,
                 _msg("step.gen.dout_dnet", q, activation=act), [Node(layer, j)])

    def delta(self, layer: int, j: int, s: int, g: QName) -> None:
        """δ = ∂E/∂out · ∂out/∂net."""
        q, slope = QName("delta", layer, j, sample=s), QName("dout_dnet", layer, j, sample=s)
        self.add("backward", q, self.n.grads[layer - 1].delta[s - 1, j - 1],
                 rf"{self.sym(g)} \cdot {self.sym(slope)}", r"#0 \cdot #1", [g, slope],
                 _msg("step.gen.delta", q), [Node(layer, j)])

    def hidden(self, layer: int, j: int) -> None:
        """For each sample: each path's term, their sum ∂E/∂out, ∂out/∂net and δ."""
        above = self.n.grads[layer]  # the layer above: its δ, and dE_dinput = δ·Wᵀ
        W = self.s.weights[layer]
        n_above = self.s.sizes[layer + 1]
        assert above.dE_dinput is not None
        for s in range(1, self.m + 1):
            paths = []
            for k in range(1, n_above + 1):
                p = QName("path", layer, j, k, sample=s)
                d, w = QName("delta", layer + 1, k, sample=s), QName("w", layer + 1, k, j)
                self.add("backward", p, above.delta[s - 1, k - 1] * W[j - 1][k - 1],
                         rf"{self.sym(d)} \cdot {self.sym(w)}", r"#0 \cdot #1", [d, w],
                         _msg("step.gen.path", p), [Node(layer + 1, k), Node(layer, j)], [w])
                paths.append(p)
            g = QName("dE_dout", layer, j, sample=s)
            self.add("backward", g, above.dE_dinput[s - 1, j - 1],
                     _plus([rf"{self.sym(QName('delta', layer + 1, k, sample=s))} \cdot "
                            rf"{self.sym(QName('w', layer + 1, k, j))}"
                            for k in range(1, n_above + 1)]),
                     _plus([f"#{i}" for i in range(n_above)]), paths,
                     _msg("step.gen.path_sum", g, paths=str(n_above)),
                     [*(Node(layer + 1, k) for k in range(1, n_above + 1)), Node(layer, j)],
                     [QName("w", layer + 1, k, j) for k in range(1, n_above + 1)])
            self.slope(layer, j, s)
            self.delta(layer, j, s, g)

    def gradients(self, layer: int, j: int) -> None:
        """∂E/∂w^l_jk for every source k (and ∂E/∂b^l_j when biases train): batch means."""
        dW, db = self.n.grads[layer - 1].dW, self.n.grads[layer - 1].db
        samples = range(1, self.m + 1)
        deltas = [QName("delta", layer, j, sample=s) for s in samples]
        for k in range(1, self.s.sizes[layer - 1] + 1):
            q, w = QName("dE_dw", layer, j, k), QName("w", layer, j, k)
            srcs = [self.source(layer, k, s, False) for s in samples]
            products = [rf"{self.sym(d)} \cdot {self.sym(x)}" for d, x in zip(
                deltas, srcs, strict=True)]
            slots = [rf"#{2 * i} \cdot #{2 * i + 1}" for i in range(self.m)]
            formula, template = (products[0], slots[0]) if self.m == 1 else (
                rf"\tfrac{{1}}{{{self.m}}}({_plus(products)})",
                rf"\tfrac{{1}}{{{self.m}}}({_plus(slots)})")
            self.add("backward", q, dW[k - 1, j - 1], formula, template,
                     [x for pair in zip(deltas, srcs, strict=True) for x in pair],
                     _msg("step.gen.weight_gradient", q), [Node(layer - 1, k), Node(layer, j)],
                     [w])
        if self.s.train_biases:
            q = QName("dE_db", layer, j)
            if self.m == 1:
                self.add("backward", q, db[j - 1], rf"{self.sym(deltas[0])} \cdot 1",
                         r"#0 \cdot 1", deltas, _msg("step.gen.bias_gradient", q),
                         [Node(layer, 0), Node(layer, j)], [QName("b", layer, j)])
            else:
                self.mean("backward", q, db[j - 1], deltas, _msg("step.gen.bias_gradient", q),
                          [Node(layer, 0), Node(layer, j)], [QName("b", layer, j)])

    # --- update --------------------------------------------------------------------------------
    def update(self, q_new: QName, q_old: QName, q_grad: QName, value: float) -> None:
        self.add("update", q_new, value,
                 rf"{self.sym(q_old)} - \eta \cdot {self.sym(q_grad)}", r"#0 - #1 \cdot #2",
                 [q_old, QName("eta"), q_grad], _msg("step.gen.update", q_new),
                 [Node(q_old.layer - 1, q_old.source) if q_old.source else
                  Node(q_old.layer, 0), Node(q_old.layer, q_old.index)], [q_old])

    def error_new(self) -> None:
        """E⁺: each sample's terms in one formula (a batch: then their mean)."""
        L, loss = self.L, LOSSES[self.s.loss]
        _, T = self.s.batch()
        out = self.n.records_new[-1].out
        with np.errstate(all="ignore"):
            per_sample, total = loss.per_sample(out, T), loss.value(out, T)
        outputs = range(1, self.s.sizes[-1] + 1)
        for s in range(1, self.m + 1):
            formulas, templates, ops = [], [], []
            for j in outputs:
                qt, qo = QName("t", L, j, sample=s), QName("out_new", L, j, sample=s)
                f, t = self.term(qt, qo, 2 * (j - 1))
                formulas.append(f)
                templates.append(t)
                ops += [qt, qo]
            q = QName("E_new", sample=s) if self.m > 1 else QName("E_new")
            self.add("update", q, per_sample[s - 1] if self.m > 1 else total,
                     _plus(formulas), _plus(templates), ops,
                     _msg("step.gen.error_new", q), [Node(L, j) for j in outputs])
        if self.m > 1:
            self.mean("update", QName("E_new"), total,
                      [QName("E_new", sample=s) for s in range(1, self.m + 1)],
                      _msg("step.gen.error_new_batch", QName("E_new"), samples=str(self.m)))


def trace_net(spec: NetSpec) -> NetTrace:
    """One forward pass, the error, the backward pass and the update of ``spec``, every value
    named and every step a checkable formula.

    Order: forward (each sample, layer by layer: each net, each out); error; backward (the
    output layer, then each hidden layer down: per neuron, per sample its factors and δ, then
    the neuron's weight gradients); update (top layer first: every w⁺, then every b⁺ when
    biases train, bottom layer first), then the forward pass again and E⁺.
    """
    n = _numbers(spec)
    walk = _Walk(spec, n)
    L, m = spec.layers, spec.samples
    for s in range(1, m + 1):
        for layer in range(1, L + 1):
            walk.forward_layer(layer, s)
    walk.error()
    outputs = range(1, spec.sizes[-1] + 1)
    if spec.activations[-1] == "softmax":  # δ_j needs every output's ∂E/∂out first
        for j in outputs:
            for s in range(1, m + 1):
                walk.output_slope(j, s)
        for j in outputs:
            for s in range(1, m + 1):
                walk.output_delta(j, s)
        for j in outputs:
            walk.gradients(L, j)
    else:
        for j in outputs:
            for s in range(1, m + 1):
                walk.output_slope(j, s)
                walk.output_delta(j, s)
            walk.gradients(L, j)
    for layer in range(L - 1, 0, -1):
        for j in range(1, spec.sizes[layer] + 1):
            walk.hidden(layer, j)
            walk.gradients(layer, j)
    for layer in range(L, 0, -1):
        for j in range(1, spec.sizes[layer] + 1):
            for k in range(1, spec.sizes[layer - 1] + 1):
                walk.update(QName("w_new", layer, j, k), QName("w", layer, j, k),
                            QName("dE_dw", layer, j, k),
                            n.after.weights[layer - 1][k - 1, j - 1])
    if spec.train_biases:
        for layer in range(1, L + 1):
            for j in range(1, spec.sizes[layer] + 1):
                walk.update(QName("b_new", layer, j), QName("b", layer, j),
                            QName("dE_db", layer, j), n.after.biases[layer - 1][j - 1])
    for s in range(1, m + 1):
        for layer in range(1, L + 1):
            walk.forward_layer(layer, s, new=True)
    walk.error_new()
    grads = tuple((g.dW, g.db) for g in n.grads)
    return NetTrace(spec, MappingProxyType(walk.values), tuple(walk.steps), n.records, grads,
                    n.after)
