"""How wide a formula renders, estimated from its LaTeX, so a narrow column can size it to fit.

KaTeX lays a formula out in em of its own font size; this walks the LaTeX the formula panel
writes (``\\large``, ``aligned`` with ``&`` and ``\\\\``, ``\\frac``, sub- and superscripts,
``\\cdot``, ``\\times``, Greek letters, digits and italic letters) and adds up widths taken from
KaTeX's fonts; a subscript and a superscript on one symbol (out_{h1}^{+}) stack, so the pair
is as wide as the wider one. Checked against the widths Chromium measures as the stepping page
draws them (tests/tutor/ui/test_formula_width.py, re-measured for the formulas as they are written
now: operands with the digits their result needs, broken lines, the forward pass after the
update; each stepping page's widest formulas, and every formula of that forward pass at 2, 4,
6, 7 and 10 decimals, with and without trained biases): the raw estimate is never short, and
with ``SAFETY`` it is 3–9 % long. The step
panel's style sheet then sets the formula's font size to min(its usual size, column width ÷
estimate), so a long formula shrinks to fit its column instead of being cut off — a last
resort: the step panel holds the formula broken for each width it may have and shows the one
that fits at the words' type (tutor.ui.formula.fitted, by this estimate).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from types import MappingProxyType

SAFETY = 1.03
SCRIPT = 0.7  # sub- and superscripts, and \tfrac's parts, are drawn at this size
# Widths in em of KaTeX's math italic letters; capitals and anything unknown count as 0.74.
_ITALIC = MappingProxyType(dict(zip("abcdefghijklmnopqrstuvwxyz", (
    0.53, 0.43, 0.43, 0.52, 0.47, 0.49, 0.48, 0.58, 0.35, 0.41, 0.52, 0.30, 0.88, 0.60, 0.49,
    0.50, 0.46, 0.45, 0.47, 0.36, 0.57, 0.49, 0.72, 0.57, 0.49, 0.47), strict=True)))
# Commands, with the space KaTeX puts around binary operators and relations.
_COMMANDS = MappingProxyType({
    "cdot": 0.72, "times": 1.22, "partial": 0.57, "delta": 0.44, "eta": 0.5, "sigma": 0.57,
    "left": 0.0, "right": 0.0, "mathrel": 0.0, "textrm": 0.0, ",": 0.17, ";": 0.28, "quad": 1.0,
    "Rightarrow": 1.56})
_TOKEN = re.compile(r"\\[A-Za-z]+|\\.|[{}^_&]|\s+|.")


def _atom(token: str) -> float:
    if token.startswith("\\"):
        return _COMMANDS.get(token[1:], 0.6)
    if token.isdigit():
        return 0.5
    if token in ".,":
        return 0.28
    if token in "+-−":
        return 1.22
    if token == "=":
        return 1.33
    if token in "()[]|":
        return 0.39
    if "\u3000" <= token <= "\u9fff" or "\uff00" <= token <= "\uffef":
        return 1.0  # a CJK character (a Chinese name in \text{…}) is a full em wide
    return _ITALIC.get(token, 0.74) if token.isalpha() else 0.6


def _script(tokens: Sequence[str], i: int, scale: float) -> tuple[float, int]:
    """Width of the sub- or superscript starting at ``i`` (a {group} or one token), and the
    index past it."""
    if i < len(tokens) and tokens[i] == "{":
        return _width(tokens, i + 1, scale * SCRIPT, True)
    if i < len(tokens):
        return _atom(tokens[i]) * scale * SCRIPT, i + 1
    return 0.0, i


def _width(tokens: Sequence[str], i: int, scale: float, group: bool) -> tuple[float, int]:
    """Width of the tokens from ``i`` to the end (or, in a group, its closing brace)."""
    total = 0.0
    while i < len(tokens):
        token = tokens[i]
        i += 1
        if group and token == "}":
            return total, i
        if token.isspace() or token == "&":
            continue
        if token == "{":
            part, i = _width(tokens, i, scale, True)
        elif token in "^_":
            part, i = _script(tokens, i, scale)
            if i < len(tokens) and tokens[i] in "^_" and tokens[i] != token:
                # a subscript and a superscript together stack: as wide as the wider one
                other, i = _script(tokens, i + 1, scale)
                part = max(part, other)
        elif token in ("\\frac", "\\tfrac") and i < len(tokens) and tokens[i] == "{":
            size = scale if token == "\\frac" else scale * SCRIPT
            top, i = _width(tokens, i + 1, size, True)
            bottom = 0.0
            if i < len(tokens) and tokens[i] == "{":
                bottom, i = _width(tokens, i + 1, size, True)
            part = max(top, bottom) + 0.24 * scale
        elif token in ("\\begin", "\\end"):
            _, i = _width(tokens, i + 1, scale, True) if i < len(tokens) else (0.0, i)
            part = 0.0
        else:
            part = _atom(token) * scale
        total += part
    return total, i


def formula_em(latex: str) -> float:
    """Estimated width of a displayed formula, in em of its font size.

    An ``aligned`` block is as wide as its widest left side plus its widest right side;
    ``\\large`` scales everything by 1.2.
    """
    scale = 1.2 if r"\large" in latex else 1.0
    body = latex.replace(r"\large", "").replace(r"\begin{aligned}", "")
    body = body.replace(r"\end{aligned}", "")
    rows = [row.split("&", 1) for row in body.split(r"\\")]

    def side(text: str) -> float:
        return _width(_TOKEN.findall(text), 0, scale, False)[0]

    left = max(side(row[0]) for row in rows)
    right = max((side(row[1]) for row in rows if len(row) > 1), default=0.0)
    return (left + right) * SAFETY
