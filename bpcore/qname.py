"""Typed names of the values of a stepped network: (kind, layer, index, source, sample).

A value of the general stepper (bpcore.stepper_trace) is addressed by a :class:`QName`, never by
a string parsed back. The notation is the one general networks are taught in (Nielsen, Li
Hongyi): layer 0 is the input, layers 1 … L compute; ``w^l_{jk}`` is the weight from neuron k
of layer l−1 to neuron j of layer l, ``b^l_j`` the bias of neuron j of layer l, and
``net^l_j``, ``out^l_j``, ``δ^l_j`` belong to neuron j of layer l. Layers, neurons and
samples are numbered from 1, as written (w^2_{11} is ``QName("w", 2, 1, 1)``); in the engine's
row-convention matrices W_l[k − 1, j − 1] holds w^l_{jk}. When a batch has more than one
sample, a per-sample symbol carries the sample in parentheses: net^{1(2)}_1.

For the worked 2-2-2 example, :func:`to_mazur` and :func:`from_mazur` translate to and from the
tutorial's names (w5 ↔ w^2_{11}, net_h1 ↔ net^1_1, dEo1_dout_h1 ↔ the path from o1 to h1, …):
every name bpcore.trace gives a value, and the scenario's inputs, targets, parameters and η.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from bpcore.errors import CodedError

# kind → what it is; "layer-level" kinds have no sample (sample None), the rest one per sample.
KINDS: Mapping[str, str] = MappingProxyType({
    "x": "input x_k of a sample (layer 0)",
    "t": "target t_j of output j of a sample (layer L)",
    "w": "weight w^l_jk (index j, source k)",
    "b": "bias b^l_j",
    "eta": "learning rate η",
    "net": "net^l_j of a sample",
    "out": "out^l_j of a sample",
    "E_term": "one output's error term of a sample (Mazur's E_o1)",
    "E": "the error: of a sample (sample s, batches only) or of the batch (sample None)",
    "dE_dout": "∂E/∂out^l_j of a sample (hidden: the sum over its paths)",
    "path": "∂E/∂out^l_j through neuron k (source) of layer l+1: δ^{l+1}_k · w^{l+1}_kj",
    "dout_dnet": "∂out^l_j/∂net^l_j of a sample (element-wise activations)",
    "delta": "δ^l_j = ∂E/∂net^l_j of a sample",
    "dE_dw": "∂E/∂w^l_jk, the batch mean",
    "dE_db": "∂E/∂b^l_j, the batch mean",
    "w_new": "w^l_jk after the update",
    "b_new": "b^l_j after the update",
    "net_new": "net^l_j of a sample, forward again after the update",
    "out_new": "out^l_j of a sample, forward again after the update",
    "E_new": "the error after the update: of a sample (batches only) or of the batch (None)",
})
PER_LAYER = ("w", "b", "dE_dw", "dE_db", "w_new", "b_new")  # no sample
WITH_SOURCE = ("w", "dE_dw", "w_new", "path")  # the only kinds with a source index


@dataclass(frozen=True, order=True)
class QName:
    """One value: ``kind`` (a key of KINDS), ``layer`` (0 = inputs), ``index`` j (from 1),
    ``source`` k (from 1; weights and paths only, else 0) and ``sample`` (from 1; None for
    parameters, their gradients and the batch error).

    ``layer`` and ``index`` are 0 for η and the errors E, E_new.
    """

    kind: str
    layer: int = 0
    index: int = 0
    source: int = 0
    sample: int | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise CodedError("name", "unknown", name=self.kind, choices=", ".join(KINDS))
        if (self.source != 0) != (self.kind in WITH_SOURCE):
            raise CodedError("name", "source", name=self.kind)

    @property
    def id(self) -> str:
        """A stable text key (for a Formula's ``name``, a widget key, a CSV column). It is
        only ever written, never read back: look a value up by the QName itself."""
        sample = "" if self.sample is None else f"@{self.sample}"
        return f"{self.kind}[{self.layer},{self.index},{self.source}]{sample}"

    def latex(self, batch: int = 1) -> str:
        """The symbol in the general notation: w^{2}_{11}, \\delta^{1}_{2}, net^{1(2)}_{1}.

        ``batch``: how many samples the trace has; with one, no sample is written.
        """
        s = f"({self.sample})" if self.sample is not None and batch > 1 else ""
        lj = f"^{{{self.layer}{s}}}_{{{self.index}}}"
        base = {"net": "net", "out": "out", "delta": r"\delta", "net_new": "net",
                "out_new": "out"}
        plus = "^{+}" if self.kind.endswith("_new") else ""
        if self.kind == "x":
            return f"x^{{{s}}}_{{{self.index}}}" if s else f"x_{{{self.index}}}"
        if self.kind == "t":
            return f"t^{{{s}}}_{{{self.index}}}" if s else f"t_{{{self.index}}}"
        if self.kind == "eta":
            return r"\eta"
        if self.kind in ("w", "w_new"):
            sym = f"w^{{{self.layer}}}_{{{self.index}{self.source}}}"
            return f"{{{sym}}}^{{+}}" if plus else sym  # braced: no double superscript
        if self.kind in ("b", "b_new"):
            sym = f"b^{{{self.layer}}}_{{{self.index}}}"
            return f"{{{sym}}}^{{+}}" if plus else sym
        if self.kind in base:
            sym = f"{base[self.kind]}{lj}"
            return f"{{{sym}}}^{{+}}" if plus else sym
        if self.kind in ("E", "E_new"):
            e = f"E^{{{s}}}" if s else "E"
            return f"{{{e}}}^{{+}}" if plus else e
        if self.kind == "E_term":
            return f"E{lj}"
        out = f"out{lj}"
        net = f"net{lj}"
        if self.kind == "dE_dout":
            return rf"\frac{{\partial E}}{{\partial {out}}}"
        if self.kind == "path":
            return rf"\frac{{\partial E}}{{\partial {out}}}\Big|_{{{self.layer + 1},{self.source}}}"
        if self.kind == "dout_dnet":
            return rf"\frac{{\partial {out}}}{{\partial {net}}}"
        w = f"w^{{{self.layer}}}_{{{self.index}{self.source}}}"
        if self.kind == "dE_dw":
            return rf"\frac{{\partial E}}{{\partial {w}}}"
        return rf"\frac{{\partial E}}{{\partial b^{{{self.layer}}}_{{{self.index}}}}}"  # dE_db


def code_name(q: QName, batch: int = 1) -> str:
    """The name of ``q`` in generated code and exports, a Python identifier written as the
    symbol reads: net^1_1 → net1_1, w^2_11 → w2_11, w^2_11⁺ → w2_11_new, δ^1_2 → delta1_2,
    ∂E/∂w^2_11 → dE_dw2_11, ∂out/∂net → dout_dnet1_1, the path from neuron k of layer l+1
    → dE_dout1_1_via2_k, η → eta, E → E; in a batch (``batch`` > 1) a per-sample value ends
    in _s<sample> (net^{1(2)}_1 → net1_1_s2). Written only, never parsed back."""
    s = f"_s{q.sample}" if q.sample is not None and batch > 1 else ""
    kind, new = (q.kind[:-4], "_new") if q.kind.endswith("_new") else (q.kind, "")
    if kind in ("eta", "E"):
        return f"{kind}{new}{s}"
    if kind in ("x", "t"):
        return f"{kind}{q.index}{s}"
    if kind in ("w", "dE_dw"):
        return f"{kind}{q.layer}_{q.index}{q.source}{new}"
    if kind == "path":
        return f"dE_dout{q.layer}_{q.index}_via{q.layer + 1}_{q.source}{s}"
    return f"{kind}{q.layer}_{q.index}{new}{s}"


def w(layer: int, j: int, k: int) -> QName:
    """w^l_{jk}: from neuron k of layer l−1 to neuron j of layer l."""
    return QName("w", layer, j, k)


def b(layer: int, j: int) -> QName:
    """b^l_j."""
    return QName("b", layer, j)


def gradient(q: QName) -> QName:
    """∂E/∂ of a parameter: w^l_jk → ∂E/∂w^l_jk, b^l_j → ∂E/∂b^l_j (kind w or b)."""
    return QName(f"dE_d{q.kind}", q.layer, q.index, q.source)


def updated(q: QName) -> QName:
    """A parameter after the update: w^l_jk → w^l_jk⁺, b^l_j → b^l_j⁺ (kind w or b)."""
    return QName(f"{q.kind}_new", q.layer, q.index, q.source)


def before_update(q: QName) -> QName:
    """The parameter an update step gives anew: w^l_jk⁺ → w^l_jk (kind w_new or b_new)."""
    return QName(q.kind.removesuffix("_new"), q.layer, q.index, q.source)


# --- the worked example's names (Mazur) --------------------------------------------------------
_NEURON = {(1, 1): "h1", (1, 2): "h2", (2, 1): "o1", (2, 2): "o2"}
_INPUT = {1: "i1", 2: "i2"}


def _mazur_table() -> dict[str, QName]:
    """Every tutorial name of the 2-2-2 and its QName (one sample)."""
    table: dict[str, QName] = {"eta": QName("eta"), "E_total": QName("E"),
                               "E_total_new": QName("E_new")}
    for k, i in _INPUT.items():
        table[i] = QName("x", 0, k, sample=1)
    for (layer, j), n in _NEURON.items():
        table[f"b_{n}"] = QName("b", layer, j)
        table[f"b_{n}_new"] = QName("b_new", layer, j)
        table[f"dE_db_{n}"] = QName("dE_db", layer, j)
        for kind in ("net", "out", "dE_dout", "delta", "net_new", "out_new"):
            name = f"{kind[:-4]}_{n}_new" if kind.endswith("_new") else f"{kind}_{n}"
            table[name] = QName(kind, layer, j, sample=1)
        table[f"dout_{n}_dnet_{n}"] = QName("dout_dnet", layer, j, sample=1)
        for k in (1, 2):
            number = 4 * (layer - 1) + 2 * (j - 1) + (k - 1) + 1  # W_l[k−1, j−1] is w(…)
            table[f"w{number}"] = QName("w", layer, j, k)
            table[f"dE_dw{number}"] = QName("dE_dw", layer, j, k)
            table[f"w{number}_new"] = QName("w_new", layer, j, k)
        if layer == 2:
            table[f"target_{n}"] = QName("t", 2, j, sample=1)
            table[f"E_{n}"] = QName("E_term", 2, j, sample=1)
        else:
            for o in (1, 2):  # the path from output o back to hidden neuron j: δ_o · w
                table[f"dE{_NEURON[(2, o)]}_dout_{n}"] = QName("path", 1, j, o, sample=1)
    return table


MAZUR: Mapping[str, QName] = MappingProxyType(_mazur_table())
_FROM_QNAME: Mapping[QName, str] = MappingProxyType({q: n for n, q in MAZUR.items()})


NEURONS: Mapping[str, tuple[int, int]] = MappingProxyType({n: q for q, n in _NEURON.items()})


def mazur_neuron(layer: int, index: int) -> str:
    """The tutorial's name of neuron ``index`` of ``layer`` of the 2-2-2 (1, 1 → "h1";
    layer 0: the inputs i1, i2); CodedError when the worked example has no such neuron.
    ``NEURONS`` maps back: "o2" → (2, 2)."""
    name = _INPUT.get(index) if layer == 0 else _NEURON.get((layer, index))
    if name is None:
        raise CodedError("name", "unknown", name=f"{layer},{index}",
                         choices="the worked example's neurons")
    return name


def from_mazur(name: str) -> QName:
    """The QName of a tutorial name of the worked example (w5 → w^2_{11}); CodedError if none."""
    if name not in MAZUR:
        raise CodedError("name", "unknown", name=name[:40], choices="the worked example's names")
    return MAZUR[name]


def to_mazur(q: QName) -> str:
    """The tutorial's name of a value of the worked example (w^2_{11} → w5); CodedError when
    the 2-2-2 one-sample example has no such value."""
    if q not in _FROM_QNAME:
        raise CodedError("name", "unknown", name=q.id, choices="the worked example's names")
    return _FROM_QNAME[q]
