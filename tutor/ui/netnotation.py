"""The general notation of bpcore.qname as plain Unicode text, for tables and diagram labels.

QName.latex writes w^{2}_{11}, \\delta^{1}_{2}, net^{1(2)}_{1}; where LaTeX cannot go (a table
cell, a Plotly label) the same symbol is written here with Unicode super- and subscripts:
w²₁₁, δ¹₂, net¹⁽²⁾₁, ∂E/∂w²₁₁, w²₁₁⁺. Written only, never parsed back.
"""

from __future__ import annotations

from collections.abc import Callable

from bpcore.activations import ACTIVATIONS
from bpcore.netspec import STEP_LOSSES
from bpcore.qname import QName
from tutor.i18n import t

_SUP = str.maketrans("0123456789()+", "⁰¹²³⁴⁵⁶⁷⁸⁹⁽⁾⁺")
_SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
_BASE = {"net": "net", "out": "out", "delta": "δ", "net_new": "net", "out_new": "out",
         "E_term": "E"}


def _sup(text: str) -> str:
    return text.translate(_SUP)


def _sub(text: str) -> str:
    return text.translate(_SUB)


def qtext(q: QName, batch: int = 1) -> str:
    """The symbol of ``q`` in Unicode; the sample is written only when ``batch`` > 1."""
    s = f"({q.sample})" if q.sample is not None and batch > 1 else ""
    plus = "⁺" if q.kind.endswith("_new") else ""
    lj = _sup(f"{q.layer}{s}") + _sub(str(q.index))
    if q.kind in ("x", "t"):
        return f"{q.kind}{_sup(s)}{_sub(str(q.index))}"
    if q.kind == "eta":
        return "η"
    if q.kind in ("w", "w_new"):
        return f"w{_sup(str(q.layer))}{_sub(f'{q.index}{q.source}')}{plus}"
    if q.kind in ("b", "b_new"):
        return f"b{_sup(str(q.layer))}{_sub(str(q.index))}{plus}"
    if q.kind in ("E", "E_new"):
        return f"E{_sup(s)}{plus}"
    if q.kind in _BASE:
        return f"{_BASE[q.kind]}{lj}{plus}"
    if q.kind == "dE_dout":
        return f"∂E/∂out{lj}"
    if q.kind == "path":
        return f"∂E/∂out{lj} ← {_sup(str(q.layer + 1))}{_sub(str(q.source))}"
    if q.kind == "dout_dnet":
        return f"∂out{lj}/∂net{lj}"
    if q.kind == "dE_dw":
        return f"∂E/∂w{_sup(str(q.layer))}{_sub(f'{q.index}{q.source}')}"
    return f"∂E/∂b{_sup(str(q.layer))}{_sub(str(q.index))}"  # dE_db


def name_in(lang: str) -> Callable[[str], str]:
    """How a message's parameter is written: registry names (an activation, a loss) in the
    reader's language; layer, neuron and sample numbers as they are."""
    def name(value: str) -> str:
        if value in ACTIVATIONS:
            return t(f"activation.name.{value}", lang)
        if value in STEP_LOSSES:
            return t(f"builder.loss.{value}", lang)
        return value
    return name
