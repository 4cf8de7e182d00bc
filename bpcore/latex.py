"""A formula's template as arithmetic: the LaTeX a learner reads, evaluated exactly.

A template is the formula with slots #0, #1, … for its operands (``\\tfrac{1}{2}(#0 - #1)^2``).
evaluator(template) compiles it once, by recursive descent over the small LaTeX vocabulary the
formulas use, into a function of the operands computed with 50-digit decimals: Formula.display
uses it to choose the digits that make the shown numbers work out, and bpcore.mistakes to
carry a wrong number through the later steps.
"""

from __future__ import annotations

import decimal
import re
from collections.abc import Callable, Sequence
from decimal import Decimal

_CTX = decimal.Context(prec=50, Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN)
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
    arithmetic is not defined (a division by 0, a logarithm of a negative number, 0 · ∞ as
    in −0 · log 0). A logarithm of 0 alone is −Infinity, a Decimal like any other."""
    node = _Compiler(template).compile()

    def run(operands: Sequence[Decimal]) -> Decimal | None:
        try:
            return node(operands)
        except (ArithmeticError, decimal.InvalidOperation):
            return None

    return run
