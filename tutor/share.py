"""The sidebar's "Share this lesson" block: what to hide, presentation mode, and the link."""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

import streamlit as st

from tutor import state
from tutor.i18n import t
from tutor.lesson import PANELS, encode
from tutor.reasons import reason

# Larger type for a projector. A fixed style sheet of ours: no user text goes through it.
PRESENTATION_CSS = "<style>:root { font-size: 22px; } .katex { font-size: 1.5em; }</style>"


def lesson_link(page: str, lang: str) -> str:
    """A link that reopens this page, in this language, with this lesson."""
    query = urlencode({"lang": lang, state.LESSON_PARAM: encode(
        state.current_lesson(st.session_state, page))})
    parts = urlsplit(st.context.url or "")
    origin = f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""
    return f"{origin}/{page if page != 'overview' else ''}?{query}"


def share_panel(page: str, lang: str) -> None:
    """Choose hidden panels and presentation mode; show the link to copy."""
    st.session_state[state.HIDDEN_WIDGET] = list(st.session_state.get(state.HIDDEN, ()))
    st.session_state[state.PRESENTATION_WIDGET] = st.session_state.get(state.PRESENTATION, False)
    with st.expander(t("share.heading", lang)):
        st.multiselect(t("share.hide", lang), PANELS, key=state.HIDDEN_WIDGET,
                       format_func=lambda p: t(f"share.panel.{p}", lang),
                       on_change=state.copy_widget,
                       args=(st.session_state, state.HIDDEN_WIDGET, state.HIDDEN))
        st.toggle(t("share.presentation", lang), key=state.PRESENTATION_WIDGET,
                  on_change=state.copy_widget,
                  args=(st.session_state, state.PRESENTATION_WIDGET, state.PRESENTATION))
        st.caption(t("share.copy", lang))
        st.code(lesson_link(page, lang), language=None, wrap_lines=True)


def lesson_notice(lang: str) -> None:
    """Say once, at the top of the page, why a shared link could not be opened."""
    err = st.session_state.get(state.LESSON_ERROR)
    if err is None:
        return
    st.session_state[state.LESSON_ERROR] = None
    why = t(f"lesson.error.{err.code}", lang)
    if err.scenario_error is not None:
        why = f"{why} ({reason(err.scenario_error, lang)})"
    st.error(t("lesson.rejected", lang, reason=why))
