"""The one keyed choice widget: whatever a browser sends, its value is one of its options.

Why: a choice widget (st.selectbox, st.radio, st.multiselect, st.select_slider,
st.segmented_control, st.pills) is sent back by the browser as its option's *label*; a label
that names no option (the old language's label after a language switch, or anything a hostile
browser sends) reaches the script as the raw text itself (Streamlit 1.67's Selectbox/Radio/
Multiselect serdes), first in the widget's on_change callback (before the script runs), then in
``st.session_state[key]``; once drawn, Streamlit resets a selectbox or radio so named to its
*default*. The network picker's callback then raised, and the app showed a redacted error on an
empty page; elsewhere the setting in use jumped back to its default.

``choice_widget`` draws the widget so that such a value changes nothing: the widget's callback
(one is always given) first checks the value and, if it is foreign, puts back the last value
the widget was drawn with and skips the page's own callback; before drawing, a foreign value
(written by any path) is put back the same way. The last value drawn is kept per key under
``CHOICES_SHOWN`` (tutor.ui.state). A choice the learner makes is never foreign, so nothing a
learner sees in normal use changes.

A select slider never hands on such a label (Streamlit falls back to its ``value``), so it is
drawn with the value in use as that fallback. Multi-select pills drop it, and with it the
options still chosen when the browser names fewer of them than were chosen (Streamlit's own
handling of a stale label); a click toggles one pill, so a change of more than one option at
once is put back the same way.

Foreign means: a text that is no option, or a list holding one (the raw-label path always
hands over text; an option of another type that the options no longer hold, say a layer
removed, is left to the page, as before).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, MutableMapping
from typing import Any

import streamlit as st

from tutor.ui import state as ui_state

Draw = Callable[..., Any]  # st.selectbox, st.radio, … or a container's / column's own


def foreign(value: Any, options: Collection[Any]) -> bool:
    """True when ``value`` is a text that is none of ``options`` (or a list or tuple holding
    one): a label the browser sent that names no option."""
    if isinstance(value, list | tuple):
        return any(foreign(v, options) for v in value)
    return isinstance(value, str) and value not in options


def _among(value: Any, options: Collection[Any]) -> bool:
    """True when ``value`` is one of ``options`` (or a tuple of them: a range)."""
    if isinstance(value, tuple):
        return bool(value) and all(v in options for v in value)
    return value is not None and value in options


def _shown(session: MutableMapping[Any, Any]) -> dict[str, Any]:
    shown: dict[str, Any] = session.setdefault(ui_state.CHOICES_SHOWN, {})
    return shown


def _put_back(session: MutableMapping[Any, Any], key: str, options: Collection[Any]) -> None:
    """Replace a foreign value under ``key`` by the last value drawn, or, if there is none
    that is still an option, drop it (the widget then starts from its own default)."""
    last = _shown(session).get(key)
    if last is not None and not foreign(last, options):
        session[key] = list(last) if isinstance(last, list) else last
    else:
        del session[key]


def _toggled(before: Any, after: Any, options: tuple[Any, ...]) -> int:
    """How many options are chosen in one of the lists ``before`` and ``after`` only."""
    return sum((o in (before or ())) != (o in (after or ())) for o in options)


def _checked(key: str, options: tuple[Any, ...], one_click: bool,
             on_change: Callable[..., None] | None, args: tuple[Any, ...],
             kwargs: dict[str, Any]) -> None:
    """Every choice widget's on_change: a foreign value (for multi-select pills, whose click
    toggles one option, also a change of several) is put back and changes nothing (the page's
    own callback is not called); any other value goes on to ``on_change``."""
    session = st.session_state
    value = session.get(key)
    if foreign(value, options) or (
            one_click and _toggled(_shown(session).get(key), value, options) > 1):
        _put_back(session, key, options)
        return
    if on_change is not None:
        on_change(*args, **kwargs)


def choice_widget(draw: Draw, label: str, options: Collection[Any], *, key: str,
                  on_change: Callable[..., None] | None = None, args: tuple[Any, ...] = (),
                  kwargs: dict[str, Any] | None = None, **rest: Any) -> Any:
    """Draw the keyed choice widget ``draw(label, options, key=key, **rest)`` (st.selectbox,
    st.radio, st.multiselect, st.select_slider, st.segmented_control, st.pills, or a column's
    own) and return its value, which is always one of ``options`` (or a list of them, or None
    where the widget may be empty).

    ``on_change(*args, **kwargs)`` is called as Streamlit would, but only for a value that is
    an option. A foreign value (see ``foreign``) is replaced by the last value drawn under
    ``key`` before anything reads it.
    """
    session = st.session_state
    kept = tuple(options)
    if key in session and foreign(session[key], kept):  # written by some path since
        _put_back(session, key, kept)
    kind = getattr(draw, "__name__", "")
    one_click = kind in ("pills", "segmented_control") and rest.get("selection_mode") == "multi"
    if kind == "select_slider" and "value" not in rest and _among(session.get(key), kept):
        # A select slider hands on no foreign label: it falls back to ``value`` (the first
        # option when not given), so the value in use is its fallback.
        rest["value"] = session[key]
    value = draw(label, options, key=key, on_change=_checked,
                 args=(key, kept, one_click, on_change, tuple(args), dict(kwargs or {})), **rest)
    _shown(session)[key] = list(value) if isinstance(value, list) else value
    return value
