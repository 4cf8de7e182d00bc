"""One record for every formula a learner reads: a step of the worked example, a factor of the
1-1-1 chain rule, a step of a computational graph.

A Formula is ``symbol = formula = substituted = result``: what it computes (LaTeX), how
(LaTeX with symbols), the same with numbers (``template`` with slots #0, #1, … filled from
``operands``) and the value the engine computed. ``message`` says what it means as a message
key with parameters; the tutor says it in the reader's language (bpcore speaks none).

The numbers are checkable: display() writes each operand with the digits the formula needs
for a learner working it out from the shown numbers to get the shown result, to one unit in
its last shown digit, at any precision. It evaluates the template itself (bpcore.latex's
evaluator(), with 50-digit decimals) from the operands as written, adding digits to an operand
only while the result does not come out.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType

from bpcore.format import Written, fill, latex_of, operand_forms, parts, unit_of, value_of
from bpcore.latex import evaluator
from bpcore.qname import QName

_SAFETY = Decimal("0.999")  # stay a hair inside one unit, whatever evaluates the shown text


@dataclass(frozen=True)
class Message:
    """What a formula means, for the tutor to say: a message key and its parameters.

    Parameters are names of quantities (neurons, weights, graph names), never sentences:
    ``Message("step.net", {"neuron": "h1"})``.
    """

    key: str
    params: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "params", MappingProxyType(dict(self.params)))


@dataclass(frozen=True)
class Formula:
    """``symbol = formula = substituted = value``, with what the formula means.

    Per-use extras, empty where they do not apply: ``phase`` (forward, error, backward,
    update), ``nodes`` and ``edges`` (the 2-2-2 diagram parts involved: nodes i1…o2, b1, b2;
    edges w1…w8, b_h1…b_o2); for a computational graph, ``node`` (the node computing, or
    sending a gradient), ``target`` (the name receiving it), ``upstream`` × ``local`` and
    ``total`` (the target's gradient so far). ``qname`` and ``operand_qnames`` are the typed
    names (bpcore.qname.QName) of the value and of its operands, slot by slot, for a step of
    a stepped network (the worked example's and the general stepper's): code finds a step's
    quantity by them, never by parsing ``name`` or ``operand_names`` back.
    """

    name: str
    symbol: str
    formula: str
    template: str
    operands: tuple[float, ...]
    value: float
    message: Message | None = None
    # the trace's names of the operands, slot by slot (worked-example steps; () elsewhere)
    operand_names: tuple[str, ...] = ()
    phase: str = ""
    nodes: tuple[str, ...] = ()
    edges: tuple[str, ...] = ()
    node: str = ""
    target: str = ""
    upstream: float | None = None
    local: float | None = None
    total: float | None = None
    qname: QName | None = None
    operand_qnames: tuple[QName, ...] = ()

    @property
    def given(self) -> bool:
        """True when the formula has no arithmetic of its own (template "#0"): it is shown as
        ``symbol = formula = value``, never as a line repeating the value."""
        return self.template.strip() == "#0"

    def display(self, decimals: int = 4) -> tuple[str, str]:
        """(substituted, result) as LaTeX: the formula with its numbers and the shown value.

        The result is the value at the learner's precision. Operands start at that precision
        and gain digits (all together, then each dropped back as far as it can go) until the
        template worked out from them lands within one unit of the result's last digit.
        Where even the float's own digits cannot reproduce the engine's rounded value (its
        float arithmetic lost more than that unit, as in a sum that cancels), the result
        shown is the formula's exact value from those operands.
        """
        result = parts(self.value, decimals)
        forms = [operand_forms(x, decimals) for x in self.operands]
        base = [f[0] for f in forms]
        evaluate = evaluator(self.template)
        if self.given or not all(math.isfinite(v) for v in (self.value, *self.operands)):
            return fill(self.template, base), latex_of(result)

        def worked(choice: Sequence[int]) -> Decimal | None:
            return evaluate([value_of(forms[k][c]) for k, c in enumerate(choice)])

        def fits(choice: Sequence[int], target: Written) -> bool:
            y = worked(choice)
            return y is not None and abs(y - value_of(target)) <= unit_of(target) * _SAFETY

        most = [len(f) - 1 for f in forms]
        if worked(most) is None:  # not defined in exact arithmetic (log 0): show as computed
            return fill(self.template, base), latex_of(result)
        if not fits(most, result):
            exact = worked(most)
            assert exact is not None
            result = parts(exact, decimals)
        choice = most  # fits by now; the fewest extra digits that also fit, all together:
        for extra in range(max(most, default=0)):
            if fits(fewer := [min(extra, m) for m in most], result):
                choice = fewer
                break
        for k in range(len(choice)):  # then each operand back as far as it can go
            while choice[k] > 0 and fits([*choice[:k], choice[k] - 1, *choice[k + 1:]],
                                          result):
                choice[k] -= 1
        return fill(self.template, [forms[k][c] for k, c in enumerate(choice)]), \
            latex_of(result)

    def substituted(self, decimals: int = 4) -> str:
        """The formula with its numbers, written so that it works out (see display())."""
        return self.display(decimals)[0]

    def result(self, decimals: int = 4) -> str:
        """The value as the formula shows it, at ``decimals`` places (see display())."""
        return self.display(decimals)[1]
