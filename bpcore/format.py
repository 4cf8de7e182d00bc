"""How numbers are written for learners: one rule shared by formulas, tables, diagrams and exports.

A number is written at the learner's precision ``decimals``: fixed (0.5933), or scientific
when fewer than two significant digits would survive (4.3857 × 10⁻⁴ rather than a misleading
0.0004) and from LARGE up (a loss of 5 × 10³⁰⁵ is not 306 digits wide). fmt() is the text form
(tables, diagrams, sidebars), fmt_latex() the same number for a formula; both come from
parts(), so they always agree. fmt_full() is the full-precision form of machine-readable files.

Operands of a substituted formula may need more digits than the result for the formula to work
out (0.0087714 · 0.05 = 4.3857 × 10⁻⁴, where 0.0088 · 0.05 would give 4.4 × 10⁻⁴):
operand_forms() lists the ways to write one, from the learner's precision up to the digits the
float holds, and fill() puts the chosen forms into a template.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from decimal import Decimal

_SLOT = re.compile(r"#(\d+)")
_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")
MAX_DIGITS = 17  # significant digits that pin down any float64

LARGE = 1e7

Number = float | Decimal
# A written number: its mantissa as text and its power of ten (None: fixed, no power).
Written = tuple[str, int | None]


def _finite(x: Number) -> bool:
    return x.is_finite() if isinstance(x, Decimal) else math.isfinite(x)


def _trim(mantissa: str, decimals: int) -> str:
    """Drop trailing zeros after the first ``decimals`` places (0.05000000 → 0.0500 at 4)."""
    if "." not in mantissa:
        return mantissa
    head, tail = mantissa.split(".")
    return f"{head}.{tail[:decimals]}{tail[decimals:].rstrip('0')}"


def parts(x: Number, decimals: int = 4, extra: int = 0) -> Written:
    """x written at ``decimals`` places (``extra`` more, trailing zeros beyond them dropped).

    Scientific (mantissa with ``decimals`` places and a power of ten) when fewer than two
    significant digits would survive and the value is not exact at this precision (0.05 at
    2 places stays 0.05), and from LARGE up; fixed otherwise. Returns (mantissa, exponent),
    exponent None for the fixed form; a value that is not finite is written as Python does.
    """
    if not _finite(x):
        return f"{float(x)}", None
    if x == 0:  # −0.0 (a product with a negative factor that underflowed) reads as 0
        x = Decimal(0) if isinstance(x, Decimal) else 0.0
    size: Number = -x if x < 0 else x
    small = size != 0 and size < 10.0 ** (1 - decimals) and round(x, decimals) != x
    if small or size >= LARGE:
        mantissa, exponent = f"{x:.{decimals + extra}e}".split("e")
        return _trim(mantissa, decimals), int(exponent)
    return _trim(f"{x:.{decimals + extra}f}", decimals), None


def value_of(written: Written) -> Decimal:
    """The exact decimal a written number stands for (what a learner reads)."""
    mantissa, exponent = written
    value = Decimal(mantissa)
    return value if exponent is None else value.scaleb(exponent)


def unit_of(written: Written) -> Decimal:
    """One unit in the last written digit: 0.7514 → 10⁻⁴; 4.3857 × 10⁻⁴ → 10⁻⁸."""
    mantissa, exponent = written
    places = len(mantissa.split(".")[1]) if "." in mantissa else 0
    return Decimal(1).scaleb((exponent or 0) - places)


def text_of(written: Written) -> str:
    """A written number as text: 4.3857 × 10⁻⁴ (Unicode superscripts)."""
    mantissa, exponent = written
    if exponent is None:
        return mantissa
    return f"{mantissa} × 10{str(exponent).translate(_SUPERSCRIPT)}"


def latex_of(written: Written, paren: bool = False) -> str:
    r"""A written number as LaTeX: 4.3857 \times 10^{-4}; in parentheses when ``paren``."""
    mantissa, exponent = written
    text = mantissa if exponent is None else rf"{mantissa} \times 10^{{{exponent}}}"
    return rf"\left({text}\right)" if paren else text


def fmt(x: Number, decimals: int = 4) -> str:
    """x as text at ``decimals`` places: 0.593269992 → "0.5933"; 0.000438568 → "4.3857 × 10⁻⁴".

    The rule is parts(): scientific when fewer than two significant digits would survive (and
    the value is not exact at this precision: 0.05 at 2 places is "0.05"), and from LARGE up.
    """
    return text_of(parts(x, decimals))


def fmt_latex(x: Number, decimals: int = 4, paren: bool = False) -> str:
    r"""fmt() as LaTeX (4.3857 \times 10^{-4}); negatives in parentheses when ``paren``."""
    written = parts(x, decimals)
    return latex_of(written, paren=paren and written[0].startswith("-"))


def fmt_full(x: float) -> str:
    """Full precision for machine-readable files: the shortest text that reads back as x."""
    return repr(float(x))


def fmt_count(n: int) -> str:
    """A whole number with thousands separated; from LARGE up, scientific (1.78e+17)."""
    return f"{n:,}" if abs(n) < LARGE else f"{n:.2e}"


def operand_forms(x: float, decimals: int) -> tuple[Written, ...]:
    """The ways to write an operand, shortest first: at the learner's precision, then one more
    digit at a time, until the written number reads back as x exactly or holds the 17
    significant digits that pin down any float (0.15 → just "0.1500" at 4 places)."""
    forms: list[Written] = []
    for extra in range(MAX_DIGITS + 1):
        written = parts(x, decimals, extra)
        if written not in forms:
            forms.append(written)
        digits = value_of(written).normalize().as_tuple().digits
        if not _finite(x) or float(value_of(written)) == x or len(digits) >= MAX_DIGITS:
            break
    return tuple(forms)


def fill(template: str, written: Sequence[Written]) -> str:
    """Put written operands into the slots #0, #1, … of a LaTeX template.

    A slot at the very start of the template, or right after an opening bracket, keeps a bare
    minus sign (σ(−0.92), not σ((−0.92))); every other negative operand is parenthesised, so
    0.0554 + (−0.0190) reads as the sum it is. A power of ten right before a bracket or a
    power is parenthesised too: (4.3857 × 10⁻⁴)(1 − …), not 10⁻⁴(1 − …).
    """

    def one(match: re.Match[str]) -> str:
        start, end = match.start(), match.end()
        form = written[int(match.group(1))]
        bare = start == 0 or template[start - 1] in "({"
        glued = end < len(template) and template[end] in "(^"
        paren = (form[0].startswith("-") and not bare) or (form[1] is not None and glued)
        return latex_of(form, paren=paren)

    return _SLOT.sub(one, template)

