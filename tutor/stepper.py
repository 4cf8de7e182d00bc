"""Step controls shared by the forward and backward pages: Restart, Previous, a slider, Next.

The position lives in session state under the page's own key, so each page remembers where
the learner is. Play is not here: it is the diagram's in-browser animation (Plotly frames).
"""

from __future__ import annotations

import streamlit as st

from tutor import state
from tutor.i18n import t


def _move(key: str, to: int, count: int) -> None:
    st.session_state[key] = min(max(to, 0), count - 1)


def _from_slider(key: str, count: int) -> None:
    _move(key, st.session_state[state.slider_key(key)] - 1, count)


def step_controls(key: str, count: int, lang: str) -> int:
    """Render the controls for ``count`` steps and return the current index (0-based)."""
    current = min(st.session_state.get(key, 0), count - 1)
    st.session_state[key] = current
    st.session_state[state.slider_key(key)] = current + 1
    restart, back, slider, forward = st.columns([1.2, 1.2, 5, 1.2], vertical_alignment="bottom")
    restart.button(t("stepper.restart", lang), key=f"{key}.restart", on_click=_move,
                   args=(key, 0, count), width="stretch")
    back.button(t("stepper.previous", lang), key=f"{key}.previous", on_click=_move,
                args=(key, current - 1, count), disabled=current == 0, width="stretch")
    slider.slider(t("stepper.step", lang, count=count), 1, count, key=state.slider_key(key),
                  on_change=_from_slider, args=(key, count))
    forward.button(t("stepper.next", lang), key=f"{key}.next", on_click=_move,
                   args=(key, current + 1, count), disabled=current == count - 1,
                   width="stretch", type="primary")
    return current
