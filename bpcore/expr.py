"""A safe reader of worked arithmetic: the number a learner's answer stands for.

``read(field, text)`` turns "0.7514*(1-0.7514)", "0.5*(0.01-0.75)**2", "-(0.01 − 0.7514)",
"4.3857 × 10⁻⁴" or "exp(-0.3775)" into a float, with a small tokenizer and a recursive-descent
parser — never ``eval`` and never Python's own parser. What it reads:

- numbers: 12, 0.5, .5, 1e-3, 7.514E-1 (full-width digits and signs typed with a Chinese input
  method read as ASCII);
- + and −, ×, ·, * and ÷, /; ** or ^ for a power, and superscript exponents (10⁻⁴, 2²);
- parentheses (or braces), unary + and −; a bracket after a number multiplies (0.75(1 − 0.75));
- the functions exp, ln and σ (or sigma), each applied to a bracket.

Grammar (a power binds tighter than a sign, as in Python: −2**2 = −4; powers group from the
right: 2**3**2 = 2**9)::

    expr  := term (("+" | "-") term)*
    term  := unary (("*" | "/" | <a bracket or function next>) unary)*
    unary := ("+" | "-") unary | power
    power := atom ("^" unary | <superscript exponent>)?
    atom  := number | "(" expr ")" | name "(" expr ")"

Bounds, each refused with a CodedError before it costs anything: the text's length first
(bpcore.limits.EXPR_CHARS, ``too_long``), nesting (EXPR_DEPTH, ``expr_too_deep``), the size of
an exponent (EXPR_EXPONENT, ``exponent_too_large``: 9**9**9 is refused, not computed). Other
refusals: ``empty``, ``not_a_number`` (text that is not arithmetic), ``unknown_name`` (a name
other than exp, ln, σ), ``undefined`` (division by zero, ln of a number ≤ 0, a negative
number to a fractional power), ``not_finite`` (a result too large for a float). Arithmetic is
in floats throughout, so no intermediate integer can grow without bound.

``Reading.places`` is how precisely the learner wrote: the most decimal places of any number in
the text (None when every number is a whole one; the shorter numbers of "0.5*(0.01 − 0.7514)"
are exact constants, the longest one the rounded value), which bpcore.mistakes uses to
recognise a slip worked with rounded numbers.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass

from bpcore.errors import MAX_TEXT, CodedError
from bpcore.limits import EXPR_CHARS, EXPR_DEPTH, EXPR_EXPONENT

# Every way of writing an operator a learner may type, to one ASCII character.
_SYMBOLS = str.maketrans({
    "×": "*", "·": "*", "⋅": "*", "∙": "*", "＊": "*", "÷": "/", "／": "/", "−": "-", "–": "-",
    "—": "-", "－": "-", "＋": "+", "＾": "^", "（": "(", "）": ")", "{": "(", "}": ")",
    "０": "0", "１": "1", "２": "2", "３": "3", "４": "4", "５": "5", "６": "6", "７": "7",
    "８": "8", "９": "9", "．": ".", "。": ".", "ｅ": "e", "Ｅ": "E",
})
_SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺", "0123456789-+")
# One number; each part a single bounded run, linear in the text.
_NUMBER = re.compile(r"(\d+\.?\d*|\.\d+)(?:[eE]([+-]?\d+))?")
_SUPER_RUN = re.compile(r"[⁻⁺]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+")
_NAME = re.compile(r"[A-Za-zσ]+")


def _sigma(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x)) if x >= 0 else math.exp(x) / (1.0 + math.exp(x))


def _ln(x: float) -> float:
    if x <= 0:
        raise ValueError("ln of a number ≤ 0")
    return math.log(x)


FUNCTIONS: dict[str, Callable[[float], float]] = {
    "exp": math.exp, "ln": _ln, "σ": _sigma, "sigma": _sigma}


@dataclass(frozen=True)
class Token:
    """One piece of the text: kind "num", "sup" (a superscript exponent), "name" or "op"."""

    kind: str
    text: str
    value: float = 0.0
    places: int | None = None


@dataclass(frozen=True)
class Reading:
    """What an answer's text stands for: its value, and the most decimal places any of its
    numbers is written with (None: only whole numbers)."""

    value: float
    places: int | None


def _places(mantissa: str, exponent: str | None) -> int | None:
    """Decimal places a number is written to: "0.7514" → 4, "7.514e-1" → 4, "12" → None."""
    if "." not in mantissa and exponent is None:
        return None
    after = len(mantissa.split(".")[1]) if "." in mantissa else 0
    return max(after - int(exponent or 0), 0)


def tokens(field: str, text: str) -> list[Token]:
    """The text as tokens (its length already checked); ``not_a_number`` for a character
    that belongs to no token."""
    shown = text.strip()[:MAX_TEXT]
    out: list[Token] = []
    k = 0
    while k < len(text):
        ch = text[k]
        if ch.isspace():
            k += 1
        elif number := _NUMBER.match(text, k):
            out.append(Token("num", number.group(0), float(number.group(0)),
                             _places(number.group(1), number.group(2))))
            k = number.end()
        elif sup := _SUPER_RUN.match(text, k):
            exponent = sup.group(0).translate(_SUPERSCRIPT)
            out.append(Token("sup", exponent, float(int(exponent))))
            k = sup.end()
        elif name := _NAME.match(text, k):
            out.append(Token("name", name.group(0)))
            k = name.end()
        elif text.startswith("**", k):
            out.append(Token("op", "^"))
            k += 2
        elif ch in "+-*/^()":
            out.append(Token("op", ch))
            k += 1
        else:
            raise CodedError(field, "not_a_number", value=shown)
    return out


class _Parser:
    """Recursive descent over the tokens; ``depth`` counts what is nested (EXPR_DEPTH)."""

    def __init__(self, field: str, toks: list[Token], shown: str) -> None:
        self.field, self.toks, self.shown, self.at = field, toks, shown, 0

    def _peek(self) -> Token | None:
        return self.toks[self.at] if self.at < len(self.toks) else None

    def _is(self, kind: str, text: str | None = None) -> bool:
        tok = self._peek()
        return tok is not None and tok.kind == kind and (text is None or tok.text == text)

    def _refuse(self, code: str, **params: object) -> CodedError:
        return CodedError(self.field, code, **params)

    def _syntax(self) -> CodedError:
        return self._refuse("not_a_number", value=self.shown)

    def _deeper(self, depth: int) -> int:
        if depth >= EXPR_DEPTH:
            raise self._refuse("expr_too_deep", limit=EXPR_DEPTH)
        return depth + 1

    def _finite(self, x: float) -> float:
        if not math.isfinite(x):
            raise self._refuse("not_finite", value=self.shown)
        return x

    def whole(self) -> float:
        if not self.toks:
            raise self._refuse("empty")
        value = self.expr(0)
        if self.at != len(self.toks):
            raise self._syntax()
        return value

    def expr(self, depth: int) -> float:
        value = self.term(depth)
        while self._is("op", "+") or self._is("op", "-"):
            sign = self.toks[self.at].text
            self.at += 1
            right = self.term(depth)
            value = self._finite(value + right if sign == "+" else value - right)
        return value

    def term(self, depth: int) -> float:
        value = self.unary(depth)
        while True:
            if self._is("op", "*") or self._is("op", "/"):
                op = self.toks[self.at].text
                self.at += 1
            elif self._is("op", "(") or self._is("name"):
                op = "*"  # 0.75(1 − 0.75): a bracket after a value multiplies it
            else:
                return value
            right = self.unary(depth)
            if op == "/" and right == 0:
                raise self._refuse("undefined", value=self.shown)
            value = self._finite(value * right if op == "*" else value / right)

    def unary(self, depth: int) -> float:
        if self._is("op", "-") or self._is("op", "+"):
            sign = self.toks[self.at].text
            self.at += 1
            inner = self.unary(self._deeper(depth))
            return -inner if sign == "-" else inner
        return self.power(depth)

    def power(self, depth: int) -> float:
        base = self.atom(depth)
        if self._is("op", "^"):
            self.at += 1
            exponent = self.unary(self._deeper(depth))
        elif self._is("sup"):
            exponent = self.toks[self.at].value
            self.at += 1
        else:
            return base
        if abs(exponent) > EXPR_EXPONENT:
            raise self._refuse("exponent_too_large", limit=EXPR_EXPONENT)
        try:
            return self._finite(math.pow(base, exponent))
        except OverflowError:
            raise self._refuse("not_finite", value=self.shown) from None
        except ValueError:  # 0 to a negative power, a negative number to a fractional one
            raise self._refuse("undefined", value=self.shown) from None

    def atom(self, depth: int) -> float:
        tok = self._peek()
        if tok is None:
            raise self._syntax()
        if tok.kind == "num":
            self.at += 1
            return self._finite(tok.value)
        if tok.kind == "name":
            function = FUNCTIONS.get(tok.text)
            if function is None:
                raise self._refuse("unknown_name", value=tok.text[:MAX_TEXT])
            self.at += 1
            if not self._is("op", "("):
                raise self._syntax()
            argument = self.atom(depth)
            try:
                return self._finite(function(argument))
            except OverflowError:
                raise self._refuse("not_finite", value=self.shown) from None
            except ValueError:
                raise self._refuse("undefined", value=self.shown) from None
        if tok.kind == "op" and tok.text == "(":
            self.at += 1
            value = self.expr(self._deeper(depth))
            if not self._is("op", ")"):
                raise self._syntax()
            self.at += 1
            return value
        raise self._syntax()


def read(field: str, text: str) -> Reading:
    """The value of the arithmetic in ``text`` and the places it was written to, or a
    CodedError naming ``field`` (codes in the module doc). Never raises anything else."""
    if len(text) > EXPR_CHARS:
        raise CodedError(field, "too_long", limit=EXPR_CHARS)
    plain = text.translate(_SYMBOLS)
    shown = plain.strip()[:MAX_TEXT]
    toks = tokens(field, plain)
    value = _Parser(field, toks, shown).whole()
    known = [tok.places for tok in toks if tok.kind == "num" and tok.places is not None]
    return Reading(0.0 if value == 0 else value, max(known) if known else None)


def evaluate(field: str, text: str) -> float:
    """The value of the arithmetic in ``text`` (see read)."""
    return read(field, text).value
