"""Presentation mode (its switch at the top of the sidebar, its style sheet) and the sidebar's
"Share this lesson" block: what to hide, and the link."""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

import streamlit as st

from tutor import session
from tutor.i18n import t
from tutor.lesson import state as lesson_state
from tutor.lesson.codec import PANELS, encode
from tutor.ui.choices import choice_widget
from tutor.ui.panel import opened_panel
from tutor.ui.reasons import reason

# Larger type for a projector: the page's type (rem) and the formulas grow ~1.3×, the gaps
# between blocks shrink so a stepping page stays on one 1280×720 screen; the diagram grows
# with them (diagram.PRESENT_LOOK); on a phone the diagram keeps the 740 px that look is laid
# out for and scrolls sideways, as the page's 620 px one does (tutor.ui.page.FRAME_CSS). A
# fixed style sheet of ours: no user text goes through it.
PRESENTATION_CSS = """<style>
:root { font-size: 22px; }
.katex { font-size: 1.5em; }
.st-key-step-panel { --formula-max: 1.5em; }
[data-testid="stMainBlockContainer"] { padding-top: 4rem; }
section[data-testid="stSidebar"] {
  position: fixed !important; top: 0; bottom: 0; left: 0; z-index: 1000001;
  height: 100vh !important; box-shadow: 0 0 24px rgba(0, 0, 0, 0.25);
}
[data-testid="stMainBlockContainer"] h1 { padding-bottom: 0.45rem; }
[data-testid="stMainBlockContainer"] [data-testid="stVerticalBlock"] { gap: 0.55rem; }
@media (max-width: 640px) {
  .st-key-overview-diagram, .st-key-forward-diagram, .st-key-backward-diagram,
  .st-key-update-diagram { min-width: 760px; }
}
</style>"""


def lesson_link(page: str, lang: str) -> str:
    """A link that reopens this page, in this language, with this lesson."""
    query = urlencode({"lang": lang, lesson_state.LESSON_PARAM: encode(
        lesson_state.current_lesson(st.session_state, page))})
    parts = urlsplit(st.context.url or "")
    origin = f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""
    return f"{origin}/{page if page != 'overview' else ''}?{query}"


def presenting() -> bool:
    """True in presentation mode: larger type and diagram, for a projector."""
    return bool(st.session_state.get(lesson_state.PRESENTATION))


def presentation_toggle(lang: str) -> None:
    """The presentation-mode switch, where a teacher looks first: the top of the sidebar."""
    st.session_state[lesson_state.PRESENTATION_WIDGET] = presenting()
    st.toggle(t("share.presentation", lang), key=lesson_state.PRESENTATION_WIDGET,
              help=t("share.presentation_help", lang), on_change=session.copy_widget,
              args=(st.session_state, lesson_state.PRESENTATION_WIDGET, lesson_state.PRESENTATION))


def share_panel(page: str, lang: str) -> None:
    """Choose hidden panels; show the link to copy (it carries presentation mode too). Drawn
    only while the panel is open (tutor.ui.panel): the link's code block would load the syntax
    highlighter on every page of every learner who never shares."""
    with opened_panel(t("share.heading", lang), lesson_state.SHARE_OPEN) as is_open:
        if not is_open:
            return
        st.session_state[lesson_state.HIDDEN_WIDGET] = list(
            st.session_state.get(lesson_state.HIDDEN, ()))
        choice_widget(
            st.multiselect, t("share.hide", lang), PANELS, key=lesson_state.HIDDEN_WIDGET,
            format_func=lambda p: t(f"share.panel.{p}", lang), on_change=session.copy_widget,
            placeholder=t("share.hide_none", lang),
            args=(st.session_state, lesson_state.HIDDEN_WIDGET, lesson_state.HIDDEN))
        st.caption(t("share.copy", lang))
        st.code(lesson_link(page, lang), language=None, wrap_lines=True)


def lesson_notice(lang: str) -> None:
    """Say once, at the top of the page, why a shared link could not be opened."""
    err = st.session_state.get(lesson_state.LESSON_ERROR)
    if err is None:
        return
    st.session_state[lesson_state.LESSON_ERROR] = None
    why = t(f"lesson.error.{err.code}", lang)
    if err.scenario_error is not None:
        why = f"{why} ({reason(err.scenario_error, lang)})"
    st.error(t("lesson.rejected", lang, reason=why))
