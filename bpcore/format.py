"""How numbers are written for learners: one rule shared by formulas, tables and exports."""

from __future__ import annotations

import math
import re

_SLOT = re.compile(r"#(\d+)")


LARGE = 1e7


def fmt(x: float, decimals: int = 4) -> str:
    """x rounded to ``decimals`` places; scientific when fewer than two digits would survive.

    0.593269992 → "0.5933"; 0.000438568 → "4.3857e-04" (rather than a misleading "0.0004");
    a value that is exact at this precision stays fixed (0.05 at 2 places is "0.05"); from
    LARGE up, scientific too (a loss of 5e305 is not 306 digits wide).
    """
    small = x != 0 and math.isfinite(x) and abs(x) < 10.0 ** (1 - decimals)
    if (small and round(x, decimals) != x) or (math.isfinite(x) and abs(x) >= LARGE):
        return f"{x:.{decimals}e}"
    return f"{x:.{decimals}f}"


def fmt_count(n: int) -> str:
    """A whole number with thousands separated; from LARGE up, scientific (1.78e+17)."""
    return f"{n:,}" if abs(n) < LARGE else f"{n:.2e}"


def fmt_latex(x: float, decimals: int = 4, paren: bool = False) -> str:
    """fmt() as LaTeX (× 10^k instead of e-k); negatives in parentheses when ``paren``."""
    text = fmt(x, decimals)
    if "e" in text:
        mantissa, exponent = text.split("e")
        text = rf"{mantissa} \times 10^{{{int(exponent)}}}"
    if paren and text.startswith("-"):
        text = rf"\left({text}\right)"
    return text


def substitute(template: str, operands: tuple[float, ...], decimals: int = 4) -> str:
    """Fill the slots #0, #1, … of a LaTeX template with formatted operands.

    A slot at the very start of the template, or right after an opening bracket, keeps a bare
    minus sign (σ(−0.92), not σ((−0.92))); every other negative operand is parenthesised, so
    0.0554 + (−0.0190) reads as the sum it is.
    """

    def one(match: re.Match[str]) -> str:
        start = match.start()
        bare = start == 0 or template[start - 1] in "({"
        return fmt_latex(operands[int(match.group(1))], decimals, paren=not bare)

    return _SLOT.sub(one, template)
