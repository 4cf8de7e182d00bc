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
# The longest text read as one number: "-4.3857 × 10⁻⁴" is 14 characters, a float at full
# precision 24. Longer text is refused before any regex or parser sees it (a paste of
# 200,000 characters costs a length check, nothing else).
MAX_NUMBER_CHARS = 64


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
    value outside [lo, hi] (``out_of_range``); text longer than MAX_NUMBER_CHARS is refused
    first, before anything reads it (``too_long``, with the ``limit``). Full-width digits and
    signs typed with a Chinese input method are read as their ASCII forms; surrounding spaces
    are ignored. The app's own way of writing small numbers reads back: "4.3857 × 10⁻⁴"
    (also "× 10^-4").
    """
    if len(text) > MAX_NUMBER_CHARS:
        raise CodedError(field, "too_long", limit=MAX_NUMBER_CHARS)
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


# JSON a user sends (a lesson link, a scenario file) nests a few levels: a lesson's deepest
# value is 5 down (payload → recipe → data → points → coordinates). Deeper text is refused
# before json.loads, whose C decoder recurses once per level and raises RecursionError near
# Python's recursion limit (1,000) — less in a thread with a smaller stack.
MAX_JSON_DEPTH = 32


def check_json_depth(field: str, text: str | bytes, limit: int = MAX_JSON_DEPTH) -> None:
    """Nothing when the JSON ``text`` nests at most ``limit`` arrays and objects deep, else
    CodedError(field, "too_deep", limit). One pass over the text, brackets inside strings
    not counted; the text's validity is left to the parser."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    depth = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > limit:
                raise CodedError(field, "too_deep", limit=limit)
        elif char in "]}":
            depth -= 1


_SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺−", "0123456789-+-")
_TIMES = ("×", "*")
# The exponent after "× 10", its spaces removed: ^-4, ^{-4}, ⁻⁴. One quantifier per branch,
# nothing unbounded next to it: linear in the text (the text is MAX_NUMBER_CHARS at most).
_EXPONENT = re.compile(r"\^\{?([-+−]?[0-9]+)\}?|([⁻⁺]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+)")


def _scientific(text: str) -> str:
    """ "4.3857 × 10⁻⁴" → "4.3857e-4" (bpcore.format's style); any other text unchanged.

    Split at the first × (or *) by plain string search, not by one regex over the whole text:
    a pattern such as ``([^×]+?)\\s*×`` backtracks quadratically over a run of spaces.
    """
    at = min((i for i in (text.find(sign) for sign in _TIMES) if i >= 0), default=-1)
    if at < 0:
        return text
    mantissa, rest = text[:at].strip(), text[at + 1:].strip()
    if not mantissa or not rest.startswith("10"):
        return text
    match = _EXPONENT.fullmatch("".join(rest[2:].split()))
    if match is None:
        return text
    exponent = (match.group(1) or match.group(2)).translate(_SUPERSCRIPT)
    return f"{mantissa}e{exponent}"


# Full-width digits, signs, point and exponent (typed with a Chinese IME) → ASCII.
_FULL_WIDTH = str.maketrans("０１２３４５６７８９－＋．。ｅＥ", "0123456789-+..eE")
