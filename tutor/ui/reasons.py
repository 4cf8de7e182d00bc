"""The one translator of coded refusals: why something was refused, in the reader's language.

bpcore refuses with a coded error — a ``field``, a ``code`` and the ``params`` a sentence
needs — and speaks no language. :func:`reason` says it; every caller in the app uses it. The
key comes from the kind of refusal:

- ``bpcore.mnist.IdxError`` (an MNIST file or folder): ``mnist.reason.<code>``, prefixed by
  the file's name (``mnist.refused``) when the refusal names one;
- ``bpcore.builder.BuilderError`` (a network-builder choice): ``builder.reason.<code>``, a
  loss/output pairing ``builder.reason.pairing.<loss>``;
- anything else (``ScenarioError``, a typed field's ``bpcore.errors.parse_number``, the
  learning-rate list): ``reason.<field>.<code>`` where a field words it its own way, else
  ``reason.<code>``.

Every reason is shown as Markdown, so text that came from the user (what was typed, a file or
folder name) is escaped to show as it was typed. In the ``reason.*`` texts numbers are written
for people: 1,000,000 rather than 1e+06.
"""

from __future__ import annotations

import math
import re
from numbers import Integral, Real
from typing import Any, Protocol

from bpcore.builder import BuilderError
from bpcore.mnist import IdxError
from tutor.i18n import STRINGS, english_texts, plural_bases, t, tn

# Parameters that carry text the user typed or named (shown as plain text, never as Markdown).
USER_TEXT = ("value", "file", "files", "folder", "root", "at", "array")
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$])")
PLURALS = plural_bases(english_texts())  # the refusals said by count (key_one, key_other)
_LARGE = 1e15  # from here on a whole number is written as 1e+15, not with 16 digits


class Refusal(Protocol):
    """What every coded refusal carries (bpcore.errors.CodedError and its kinds)."""

    code: str
    params: dict[str, Any]


def plain(text: str) -> str:
    """User text (a file name, what was typed) escaped so that Markdown shows it as it is."""
    return _MARKDOWN.sub(r"\\\1", text)


def number_text(x: object) -> str:
    """A number as a reader writes it: 1000000 → "1,000,000", 0.0001 → "0.0001", nan → "nan"."""
    if isinstance(x, bool) or not isinstance(x, Real):
        return str(x)
    if isinstance(x, Integral):
        return f"{int(x):,}"
    value = float(x)
    if not math.isfinite(value):
        return str(value)
    if value.is_integer() and abs(value) < _LARGE:
        return f"{int(value):,}"
    return f"{value:g}"


def _user_text(params: dict[str, Any]) -> dict[str, Any]:
    return {k: plain(str(v)) if k in USER_TEXT and isinstance(v, str) else v
            for k, v in params.items()}


def _field_name(err: Refusal, field: str | None, lang: str) -> str:
    """The field as the reader knows it: ``field`` if given, else its label (field.<name>)."""
    if field is not None:
        return field
    name = str(getattr(err, "field", ""))
    return t(f"field.{name}", lang) if f"field.{name}" in STRINGS else plain(name)


def _mnist(err: Refusal, lang: str) -> str:
    params = {k: plain(str(v)) if k in USER_TEXT else v for k, v in err.params.items()}
    text = t(f"mnist.reason.{err.code}", lang, **params)
    if "file" in params:
        text = t("mnist.refused", lang, file=params["file"], reason=text)
    return text


def _say(key: str, lang: str, params: dict[str, Any], err: Refusal) -> str:
    """``t(key)``, or for a plural key (``key_one``/``key_other``) ``tn`` by the refusal's
    ``count`` parameter (the number of things the sentence counts)."""
    if key in PLURALS:
        return tn(key, err.params["count"], lang, **params)
    return t(key, lang, **params)


def _builder(err: Refusal, lang: str) -> str:
    if err.code == "pairing":
        return t(f"builder.reason.pairing.{err.params['loss']}", lang,
                 output=err.params["output"])
    return _say(f"builder.reason.{err.code}", lang, _user_text(err.params), err)


def _general(err: Refusal, field: str | None, lang: str) -> str:
    params = {k: number_text(v) for k, v in _user_text(err.params).items()}
    params["field"] = _field_name(err, field, lang)
    own = f"reason.{getattr(err, 'field', '')}.{err.code}"  # a field's own wording, if any
    if own in STRINGS or own in PLURALS:
        return _say(own, lang, params, err)
    return _say(f"reason.{err.code}", lang, params, err)


def reason(err: Refusal, lang: str, *, field: str | None = None) -> str:
    """Why ``err`` refused, in ``lang`` (Markdown-safe).

    ``field``: the refused field's name as the reader sees it beside the field (its widget
    label); by default the name its ``field.<name>`` key gives, or the error's own field.
    A code without a text of its own still gets a sentence (``reason.unknown``), never a crash.
    """
    try:
        if isinstance(err, IdxError):
            return _mnist(err, lang)
        if isinstance(err, BuilderError):
            return _builder(err, lang)
        return _general(err, field, lang)
    except KeyError:  # a code (or a parameter) this table does not know yet
        return t("reason.unknown", lang, field=_field_name(err, field, lang),
                 code=plain(str(err.code)))
