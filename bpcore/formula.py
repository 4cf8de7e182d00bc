"""One record for every formula a learner reads: a step of the worked example, a factor of the
1-1-1 chain rule, a step of a computational graph.

A Formula is ``symbol = formula = substituted = result``: what it computes (LaTeX), how
(LaTeX with symbols), the same with numbers (``template`` with slots #0, #1, … filled from
``operands``) and the value the engine computed. ``message`` says what it means as a message
key with parameters; the tutor says it in the reader's language (bpcore speaks none).

The numbers are checkable: display() writes each operand with the digits the formula needs
for a learner working it out from the shown numbers to get the shown result, to one unit in
its last shown digit, at any precision. It evaluates the template itself (evaluator(), with
50-digit decimals) from the operands as written, adding digits to an operand only while the
result does not come out.
"""

from __future__ import annotations

import decimal
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType

from bpcore.format import Written, fill, latex_of, operand_forms, parts, unit_of, value_of

_CTX = decimal.Context(prec=50, Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN)
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
    ``total`` (the target's gradient so far).
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


# --- evaluating a template -------------------------------------------------------------------
_TOKEN = re.compile(r"(#\d+|\\left\(|\\right\)|\\[a-zA-Z]+|\\[,;]|\d+(?:\.\d+)?|[-+()\[\]{}^])")
_OPEN = {"(": ")", "[": "]", "{": "}", r"\left(": r"\right)"}
_STARTS = {"(", "[", "{", r"\left(", r"\frac", r"\tfrac", "e", r"\sigma", r"\log"}
Evaluator = Callable[[Sequence[Decimal]], Decimal | None]


def _tokens(template: str) -> list[str]:
    out, pos = [], 0
    while pos < len(template):
        if template[pos].isspace():
            pos += 1
            continue
        match = _TOKEN.match(template, pos)
        if match is None:
            if template[pos] == "e":  # Euler's number, as in e^{-#0}
                out.append("e")
                pos += 1
                continue
            raise ValueError(f"template: cannot read {template[pos:]!r} in {template!r}")
        pos = match.end()
        if match.group(1) not in (r"\,", r"\;", r"\quad"):
            out.append(match.group(1))
    return out


_Node = Callable[[Sequence[Decimal]], Decimal]


def _binary(op: Callable[[Decimal, Decimal], Decimal], left: _Node, right: _Node) -> _Node:
    """The closure computing op(left, right) from the operands."""
    return lambda v: op(left(v), right(v))


class _Compiler:
    """Recursive descent over the template vocabulary, building one closure per node.

    expr := term (± term)*; term := factor ((\\cdot | \\times | juxtaposition) factor)*;
    factor := −factor | power; power := atom (^ atom)? | e^atom; atom := number | #k |
    (expr) | [expr] | {expr} | \\left( expr \\right) | \\frac atom atom | \\tfrac atom atom |
    \\sigma atom | \\log factor.
    """

    def __init__(self, template: str) -> None:
        self.toks, self.k, self.template = _tokens(template), 0, template

    def peek(self) -> str | None:
        return self.toks[self.k] if self.k < len(self.toks) else None

    def take(self, expected: str | None = None) -> str:
        tok = self.peek()
        if tok is None or (expected is not None and tok != expected):
            raise ValueError(f"template: expected {expected!r} at {tok!r} in {self.template!r}")
        self.k += 1
        return tok

    def compile(self) -> _Node:
        node = self.expr()
        if self.peek() is not None:
            raise ValueError(f"template: unexpected {self.peek()!r} in {self.template!r}")
        return node

    def expr(self) -> _Node:
        node = self.term()
        while self.peek() in ("+", "-"):
            op = self.take()
            node = _binary(_CTX.add if op == "+" else _CTX.subtract, node, self.term())
        return node

    def term(self) -> _Node:
        node = self.factor()
        while True:
            tok = self.peek()
            if tok in (r"\cdot", r"\times"):
                self.take()
            elif tok is None or not (tok in _STARTS or tok[0] in "#0123456789"):
                return node
            node = _binary(_CTX.multiply, node, self.factor())

    def factor(self) -> _Node:
        if self.peek() == "-":
            self.take()
            inner = self.factor()
            return lambda v: _CTX.minus(inner(v))
        return self.power()

    def power(self) -> _Node:
        if self.peek() == "e":
            self.take()
            self.take("^")
            exponent = self.atom()
            return lambda v: _CTX.exp(exponent(v))
        base = self.atom()
        if self.peek() != "^":
            return base
        self.take()
        exponent = self.atom()
        return lambda v: _CTX.power(base(v), exponent(v))

    def atom(self) -> _Node:
        tok = self.take()
        if tok.startswith("#"):
            k = int(tok[1:])
            return lambda v: v[k]
        if tok[0].isdigit():
            number = Decimal(tok)
            return lambda v: number
        if tok in _OPEN:
            inner = self.expr()
            self.take(_OPEN[tok])
            return inner
        if tok in (r"\frac", r"\tfrac"):
            top, bottom = self.atom(), self.atom()
            return lambda v: _CTX.divide(top(v), bottom(v))
        if tok == r"\sigma":
            arg = self.atom()
            return lambda v: _CTX.divide(1, _CTX.add(1, _CTX.exp(_CTX.minus(arg(v)))))
        if tok == r"\log":
            arg = self.factor()
            return lambda v: _CTX.ln(arg(v))
        raise ValueError(f"template: unknown {tok!r} in {self.template!r}")


def evaluator(template: str) -> Evaluator:
    """The template as a function of its operands (50-digit decimals); None where the
    arithmetic is not defined (a logarithm of 0, a division by 0)."""
    node = _Compiler(template).compile()

    def run(operands: Sequence[Decimal]) -> Decimal | None:
        try:
            return node(operands)
        except (ArithmeticError, decimal.InvalidOperation):
            return None

    return run
