"""The one typed number field: what a learner types is checked before anything uses it.

A field is an ``st.text_input`` over a number kept elsewhere (the canonical value). Pressing
Enter (or leaving the field) with a number in range hands it to the field's ``on_valid``,
which makes it the value in use. Anything else — an empty field, ``abc``, ``nan``, ``inf``,
``1e400``, a value out of range, or a value ``on_valid`` refuses — changes nothing: the
refusal is kept under ``FIELD_ERRORS[key]`` (tutor.ui.state) and said next to the field, full
width, until the field is corrected. Full-width digits typed with a Chinese input method count
(bpcore.errors.parse_number reads them).

What the field shows: what the learner typed, while it is valid and still the value in use;
otherwise the value in use in the app's number style (bpcore.fmt at ``decimals`` places, or
its shortest exact form). A field that only *shows* a rounded value never writes it back —
only an edit calls ``on_valid`` — so the full-precision value stays in use.
"""

from __future__ import annotations

import math
from collections.abc import Callable, MutableMapping
from typing import Any, Literal

import streamlit as st

from bpcore import fmt
from bpcore.errors import CodedError, parse_number
from bpcore.limits import NUMBER_FIELD_CHARS
from tutor.i18n import t
from tutor.ui import state as field_state
from tutor.ui.reasons import reason

Where = Any  # st or a container/column (Streamlit's DeltaGenerator)


def shown_text(value: float, *, integer: bool = False, decimals: int | None = None) -> str:
    """The text a field shows for a value it did not get from the learner.

    Whole numbers without a point ("400"), ``decimals`` places through bpcore.fmt when given
    ("0.4000"), else the shortest text that reads back exactly ("0.1", "1e-05").
    """
    if integer:
        return str(int(value))
    if decimals is not None:
        return fmt(float(value), decimals)
    x = float(value)
    return str(int(x)) if x.is_integer() and abs(x) < 1e15 else repr(x)


def _reads_as(text: Any, value: float) -> bool:
    """True when ``text`` is a number equal to ``value`` (then the field may keep it)."""
    if not isinstance(text, str):
        return False
    try:
        return parse_number("", text, -math.inf, math.inf) == value
    except CodedError:
        return False


def _refusals(session: MutableMapping[Any, Any]) -> dict[str, Any]:
    refusals: dict[str, Any] = session.setdefault(field_state.FIELD_ERRORS, {})
    return refusals


def _typed(session: MutableMapping[Any, Any]) -> dict[str, str]:
    typed: dict[str, str] = session.setdefault(field_state.FIELD_TYPED, {})
    return typed


def _on_edit(key: str, name: str, lo: float, hi: float, integer: bool,
             on_valid: Callable[[float], None]) -> None:
    """The field's callback: hand a valid number on, or keep why it was refused."""
    refusals = _refusals(st.session_state)
    text = st.session_state[key]
    try:
        number = parse_number(name, text, lo, hi, integer=integer)
        on_valid(int(number) if integer else number)
    except CodedError as err:  # what on_valid raises to refuse a number, too
        refusals[key] = err  # language-free; said in the reader's language when drawn
        return
    refusals.pop(key, None)
    _typed(st.session_state)[key] = text


def number_field(label: str, key: str, value: float, lo: float, hi: float,
                 on_valid: Callable[[float], None], *, lang: str, name: str | None = None,
                 integer: bool = False, decimals: int | None = None, where: Where = None,
                 message_where: Where = None, width: int | str = "stretch",
                 label_visibility: Literal["visible", "hidden", "collapsed"] = "visible"
                 ) -> None:
    """A text box for one number, with its refusal said under it (or in ``message_where``).

    ``key``: the text box's session key; ``value``: the number in use now; ``lo``/``hi``: the
    accepted range (inclusive); ``on_valid(number)``: makes a typed number the one in use (an
    int when ``integer``), and may raise a CodedError to refuse it. ``name`` is the field's
    name in the refusal (default: ``key``). ``where``: the container to draw in (a column);
    ``message_where``: where the refusal goes, e.g. a full-width container under a row of
    fields (default: under the field). ``width``: the box's width in pixels (a lone field
    need not span the page), or "stretch". ``label_visibility``: "collapsed" where the label
    is written beside the box (it still names the box for a screen reader and in the refusal).
    """
    session = st.session_state
    refusals, typed = _refusals(session), _typed(session)
    if key in refusals and key not in session:  # the text was dropped with its page
        refusals.pop(key)
    text = session.get(key)
    if key not in refusals and not (text == typed.get(key) and _reads_as(text, value)):
        session[key] = shown_text(value, integer=integer, decimals=decimals)
        typed.pop(key, None)
    (where or st).text_input(label, key=key, on_change=_on_edit, max_chars=NUMBER_FIELD_CHARS,
                             args=(key, name or key, lo, hi, integer, on_valid), width=width,
                             label_visibility=label_visibility)
    refusal = refusals.get(key)
    if refusal is not None:
        (message_where or where or st).error(
            t("editor.rejected", lang, reason=reason(refusal, lang, field=label)), icon="⚠️")


def kept_number(label: str, canonical_key: str, lo: float, hi: float, *, lang: str,
                integer: bool = False, decimals: int | None = None,
                default: float | None = None, then: Callable[[], None] | None = None,
                where: Where = None, message_where: Where = None,
                width: int | str = "stretch") -> Any:
    """number_field for a number kept in ``st.session_state[canonical_key]``; returns it.

    The text box is ``field_state.field_text_key(canonical_key)``. ``default``: the value before
    any edit; when it changes (the o1 neuron's leaves follow the sidebar's example), the field
    follows it and drops what was typed. ``then()`` runs after a valid edit is stored (the
    builder rebuilds its recipe).
    """
    session = st.session_state
    key = field_state.field_text_key(canonical_key)
    if default is not None:
        remembered = field_state.field_default_key(canonical_key)
        if canonical_key not in session or session.get(remembered) != default:
            session[remembered] = default
            session[canonical_key] = default
            _refusals(session).pop(key, None)

    def store(number: float) -> None:
        session[canonical_key] = number
        if then is not None:
            then()

    number_field(label, key, session[canonical_key], lo, hi, store, lang=lang,
                 name=canonical_key, integer=integer, decimals=decimals, where=where,
                 message_where=message_where, width=width)
    return session[canonical_key]
