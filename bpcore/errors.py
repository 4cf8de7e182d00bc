"""Why bpcore refused something, as data: the field, a message code and its parameters.

bpcore speaks no language: a refusal names the field concerned, a ``code`` and the
``params`` a sentence needs, and the tutor says it in the reader's language
(``tutor.ui.reasons.reason``, key ``reason.<code>``). ``str(err)`` is for logs and tracebacks.
"""

from __future__ import annotations

import math
import re
from typing import Any

MAX_TEXT = 40  # characters of a refused entry that a reason repeats back


class CodedError(ValueError):
    """A refusal: ``field`` names what was refused, ``code`` and ``params`` say why."""

    def __init__(self, field: str, code: str, **params: Any) -> None:
        details = ", ".join(f"{k}={v!r}" for k, v in params.items())
        super().__init__(f"{field}: {code}" + (f" ({details})" if details else ""))
        self.field, self.code, self.params = field, code, params

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, CodedError) and type(other) is type(self)
                and (self.field, self.code, self.params) == (other.field, other.code,
                                                             other.params))

    def __hash__(self) -> int:
        return hash((type(self), self.field, self.code))


def parse_number(field: str, text: str, lo: float, hi: float, *,
                 integer: bool = False) -> float:
    """The number typed in ``text``, if it is one and lo ≤ it ≤ hi; else a CodedError.

    Refuses, each with its own code: an empty field (``empty``), a non-number
    (``not_a_number``: "abc", "1,5"), ``nan``/``inf`` and overflow such as ``1e400``
    (``not_finite``), a fraction where a whole number is needed (``not_whole``), and a
    value outside [lo, hi] (``out_of_range``). Full-width digits and signs typed with a
    Chinese input method are read as their ASCII forms; surrounding spaces are ignored. The
    app's own way of writing small numbers reads back: "4.3857 × 10⁻⁴" (also "× 10^-4").
    """
    raw = text.strip()
    shown = raw[:MAX_TEXT]
    if not raw:
        raise CodedError(field, "empty")
    try:
        x = float(_scientific(raw.translate(_FULL_WIDTH)))
    except ValueError:
        raise CodedError(field, "not_a_number", value=shown) from None
    if not math.isfinite(x):
        raise CodedError(field, "not_finite", value=shown)
    if integer and x != int(x):
        raise CodedError(field, "not_whole", value=shown)
    if not lo <= x <= hi:
        raise CodedError(field, "out_of_range", value=shown, lo=lo, hi=hi)
    return float(int(x)) if integer else x


_SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺−", "0123456789-+-")
_TIMES_TEN = re.compile(r"^([^×*]+?)\s*[×*]\s*10\s*"  # mantissa × 10, then the exponent:
                        r"(?:\^\s*\{?\s*([-+−]?\d+)\s*\}?"  # ^-4, ^{-4}
                        r"|([⁻⁺]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+))$")  # ⁻⁴


def _scientific(text: str) -> str:
    """ "4.3857 × 10⁻⁴" → "4.3857e-4" (bpcore.format's style); any other text unchanged."""
    match = _TIMES_TEN.match(text)
    if match is None:
        return text
    exponent = (match.group(2) or match.group(3)).translate(_SUPERSCRIPT)
    return f"{match.group(1).strip()}e{exponent}"


# Full-width digits, signs, point and exponent (typed with a Chinese IME) → ASCII.
_FULL_WIDTH = str.maketrans("０１２３４５６７８９－＋．。ｅＥ", "0123456789-+..eE")
