"""What is truly app-wide in a session: its language, its precision, the page it shows, and
the SessionState protocol every feature's state module types its functions with.

Each feature keeps its own session keys, types and defaults next to its code (tutor/stepping/
state.py, tutor/modes/state.py, tutor/lesson/state.py, tutor/builder/state.py,
tutor/digits/state.py, tutor/live/state.py, tutor/ui/state.py, tutor/pages/*.py). Keys are
module-level constants; no per-user value lives at module level (Streamlit imports a module
once for every session). A computed result is a typed slot (tutor.serving.kept.KeptResult:
``slot.key`` is its session key, and its inputs and result types are the slot's type
parameters), computed once per server for everyone who asks for the same inputs
(tutor.serving.shared). This module imports no feature, so reading the language loads no
worker pool.

How a value outlives a page switch (Streamlit drops the value of a widget that a run does not
draw), in one of two ways:

1. A kept widget (tutor.pages.defaults: PAGE_DEFAULTS and keep_widgets, called by app.py on
   every run): the widget's own key holds the value in use; keep_widgets gives it its default
   once, then assigns it to itself on every run. Code that sets such a value (a lesson link)
   writes the widget's key before the widget is drawn. Every page setting is one: the
   training, learning-rate, landscape, activation, chain-rule, graph, builder and digits
   settings.
2. A mirrored widget: the value in use lives under a plain key and the widget, under a key of
   its own, is set from it on every run before it is drawn; the widget's on_change copies
   (``copy_widget``) or validates an edit back. Needed only where the widget's value and the
   value in use can differ. Every typed number field is one (tutor.ui.fields: the text box
   ``field_text_key(key)`` over the number under ``key``, which for page settings is itself
   a kept value of PAGE_DEFAULTS): a refused text stays on show beside its message while the
   last valid number stays in use; the sidebar editor's fields mirror the scenario the same
   way (Reset, a loaded file or *Apply* change it from elsewhere). The language, the
   precision and the lesson's panels are mirrored too (app.py, tutor/stepping/editor.py,
   tutor/lesson/share.py); nothing refuses them, so they could become kept widgets.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final, Protocol, overload

from tutor.i18n import LANGUAGES


class SessionState(Protocol):
    """The methods of a session's state the app uses: ``st.session_state`` (Streamlit's
    SessionStateProxy, whose keys may also be ints, so it is no ``MutableMapping[str, Any]``),
    AppTest's ``at.session_state`` and a plain ``dict[str, Any]`` all fit."""

    def __contains__(self, key: object, /) -> bool: ...

    def __getitem__(self, key: str, /) -> Any: ...

    def __setitem__(self, key: str, value: Any, /) -> None: ...

    def __delitem__(self, key: str, /) -> None: ...

    @overload
    def get(self, key: str, /) -> Any: ...

    @overload
    def get(self, key: str, default: Any, /) -> Any: ...



def copy_widget(session_state: SessionState, widget_key: str, key: str) -> None:
    """on_change of a mirrored widget: copy the widget's value to the value in use."""
    session_state[key] = session_state[widget_key]


# A value a widget's browser-side state holds as its shown text (a choice: its label in the
# reader's language) and that the script may write back: plain numbers, texts and lists of them.
# Not bool: a button's value cannot be written (and no choice is a bool).
_RESENDABLE = (str, int, float)


def resend_choices(session_state: SessionState, keys: list[str]) -> None:
    """Write each of ``keys``' plain value (text, number, or a list or tuple of them) back to
    itself, so that the widget under that key is sent its value again on the next run.

    Why: a choice widget (selectbox, radio, select_slider, multiselect) keeps in the browser
    the *label* of its choice, and its key keeps its identity when the labels change: after a
    language switch the browser still holds the old language's label, sends it with the next
    change of anything (a page switch), and Streamlit, finding no option of that label, hands
    the script the label itself (the network picker then named no network: a redacted error
    on an empty page). A value written by the script is sent with its widget and replaces the
    browser's (Streamlit's set_value), in the new language. Called by app.py's language
    change callback, before any widget of the run is drawn."""
    def plain(v: Any) -> bool:
        return isinstance(v, _RESENDABLE) and not isinstance(v, bool)

    for key in keys:
        value = session_state.get(key)
        if plain(value) or (isinstance(value, list | tuple) and all(map(plain, value))):
            session_state[key] = value


# --- language and precision (every page) ------------------------------------------------------
LANG: Final = "lang"
LANG_WIDGET: Final = "lang_widget"  # mirrors LANG
PRECISION: Final = "precision"  # decimals shown, 2…10
PRECISION_WIDGET: Final = "precision_widget"  # mirrors PRECISION
DEFAULT_LANG: Final = "en"
DEFAULT_PRECISION: Final = 4

# --- the page this run shows ------------------------------------------------------------------
PAGE_NOW: Final = "page.now"  # url_path of the page this run shows; app.py sets it


def lang_from_query(query_params: Mapping[str, Any]) -> str:
    """The language requested by ``?lang=``, or the default if absent/unknown."""
    value = query_params.get(LANG)
    return value if value in LANGUAGES else DEFAULT_LANG


def init_state(session_state: SessionState, query_params: Mapping[str, Any]) -> None:
    """Fill in defaults without overwriting anything already in ``session_state``."""
    if LANG not in session_state:
        session_state[LANG] = lang_from_query(query_params)
    if PRECISION not in session_state:
        session_state[PRECISION] = DEFAULT_PRECISION
