"""Step controls shared by the stepping pages: Play/Pause and its speed, Restart, Previous, one
slider, Next, and at the last step the way on to the next page.

One position per page: it lives in session state under the page's step key, and the controls,
the diagram, the formula and the values table all read it in the same script run. A move
(Next, Previous, Restart, the slider, Play, Pause) changes only the step, which the page and
the sidebar's lesson link show: for a learner on their own its callback reruns those two
fragments alone (``rerun_step_parts``; tutor.live.ui.pushed_part draws them), not the
navigation and the sidebar's editor and panels, most of a full run's CPU; for a teacher, a
follower (or under AppTest) the click's run is the whole app, as before. Play is a clock run by
the server: while playing, a fragment with ``run_every`` reruns every few seconds; each of its
runs moves the position one step and then reruns the whole app, so every element on the page
— and the lesson link, which carries the step — shows the new position. Any other control
pauses Play; Play stops at the last step; in practice mode it is off, since it would show every
answer.
"""

from __future__ import annotations

import math
import re
import time
import unicodedata
from collections.abc import MutableMapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import streamlit as st
from streamlit.errors import StreamlitAPIException

from tutor import session
from tutor.i18n import t
from tutor.lesson import state as lesson_state
from tutor.lesson.url_state import address
from tutor.modes import state as modes_state
from tutor.stepping import state as stepping_state
from tutor.ui.choices import choice_widget

# st.session_state (a MutableMapping keyed by str | int) or a plain dict in tests.
SessionState = MutableMapping[Any, Any]
SPEEDS: tuple[float, ...] = (0.5, 1.0, 2.0, 3.0, 5.0)  # seconds per step
DEFAULT_SPEED = 2.0
# A tick that comes sooner than this share of the interval after the last move is a late
# tick of a clock the page has already restarted; it is skipped rather than doubling a step.
EARLY_TICK = 0.6
FOCUS_KEY = "stepper-focus"  # the hidden container of the focus script (FRAME_CSS hides it)


@dataclass(frozen=True)
class WayOn:
    """Where the page leads once its last step is reached (or, back, from its first): a page
    script and its title key, and where that page's stepper lands (``step`` of ``step_key``;
    no key: where it was)."""

    script: str  # e.g. "app_pages/backward.py"
    title_key: str  # e.g. "page.backward"
    step_key: str = ""  # e.g. stepping_state.STEP_FORWARD
    step: int = 0  # 0-based: the forward pass's last step, going back


def playing(session_state: SessionState, key: str) -> bool:
    """True while Play advances the stepper ``key`` on the page this run shows."""
    return session_state.get(stepping_state.PLAYING) == (session_state.get(session.PAGE_NOW), key)


def stop_playing(session_state: SessionState) -> None:
    """Pause: the position stays where Play left it."""
    session_state[stepping_state.PLAYING] = None


def stop_elsewhere(session_state: SessionState, page: str) -> None:
    """Record the page this run shows; Play started on another page stops (no ticks there)."""
    session_state[session.PAGE_NOW] = page
    now_playing = session_state.get(stepping_state.PLAYING)
    if now_playing is not None and now_playing[0] != page:
        stop_playing(session_state)


def speed(session_state: SessionState) -> float:
    """Seconds per step while playing (the teacher's choice, kept across pages)."""
    return float(session_state.get(stepping_state.PLAY_SPEED, DEFAULT_SPEED))


def start_playing(session_state: SessionState, key: str, count: int,
                  now: float) -> None:
    """Play: move one step at once (from the last step, start over at the first) and go on."""
    current = session_state.get(key, 0)
    session_state[key] = 0 if current >= count - 1 else current + 1
    session_state[stepping_state.PLAY_LAST] = now
    session_state[stepping_state.PLAYING] = (session_state.get(session.PAGE_NOW), key)
    if session_state[key] >= count - 1:
        stop_playing(session_state)


def tick(session_state: SessionState, key: str, count: int, now: float) -> bool:
    """One tick of Play's clock: the next step, stopping at the last; True if it moved.

    A tick is skipped when nothing plays this stepper, when practice mode is on (Play would
    show the answers; it stops), or when it comes too soon after the last move.
    """
    if not playing(session_state, key):
        return False
    if modes_state.hides_answers(session_state):
        stop_playing(session_state)
        return False
    if now - float(session_state.get(stepping_state.PLAY_LAST,
                                     0.0)) < EARLY_TICK * speed(session_state):
        return False
    session_state[key] = min(session_state.get(key, 0) + 1, count - 1)
    session_state[stepping_state.PLAY_LAST] = now
    if session_state[key] >= count - 1:
        stop_playing(session_state)
    return True


def _clock(key: str, count: int) -> None:
    """Body of Play's clock fragment: on a timed rerun, one tick, then the whole page anew."""
    ss = st.session_state
    if ss.pop(stepping_state.PLAY_DRAWN, False):
        return  # this is the page's own run drawing the clock, not a tick
    moved = tick(ss, key, count, time.monotonic())
    if moved or not playing(ss, key):
        st.rerun()  # the whole app: every control, the diagram and the formula move together


def rerun_step_parts() -> None:
    """In a step move's callback: when the page and the lesson link are drawn as fragments
    (a learner on their own: STEP_PARTS), rerun those two alone; else nothing (the click's
    run, the whole app).

    Why: a move changes only the step, which the page and the lesson link show; the rest of
    a full run (the navigation, the sidebar's editor, panels and exports) is most of a
    Next click's CPU, and a lecture hall clicks Next all at once."""
    ss = st.session_state
    parts = tuple(ss.get(stepping_state.STEP_PARTS) or ())
    if parts:
        ss[stepping_state.STEP_RUNS] = parts
        try:
            st.rerun(scope=list(parts))
        except StreamlitAPIException:  # a part the last full run did not draw: the whole app
            ss[stepping_state.STEP_RUNS] = ()


def _move(key: str, to: int, count: int) -> None:
    stop_playing(st.session_state)
    st.session_state[key] = min(max(to, 0), count - 1)
    rerun_step_parts()


def _from_slider(key: str, count: int) -> None:
    _move(key, st.session_state[stepping_state.slider_key(key)] - 1, count)


def _play(key: str, count: int) -> None:
    start_playing(st.session_state, key, count, time.monotonic())
    rerun_step_parts()


def _pause() -> None:
    stop_playing(st.session_state)
    rerun_step_parts()


def _want_way(way_on: WayOn, primary: bool) -> None:
    """The way-on (or way-back) button's callback: where the page goes, taken by the run
    that draws the button (``way_on_button``). A callback, not the button's value: a click
    inside a learner's own page fragment reruns the whole app (tutor.live.ui._own_part),
    and a button's value lives only in the run it was clicked for."""
    ss = st.session_state
    stop_playing(ss)
    if way_on.step_key:
        ss[way_on.step_key] = way_on.step
    ss[stepping_state.FOCUS_STEPPER] = "next" if primary else "previous"
    ss[stepping_state.WAY_WANTED] = way_on.script


def way_on_button(way_on: WayOn, label: str, key: str, primary: bool = True) -> None:
    """A button that opens the next (or, not primary, the previous) page of the lesson, at
    its stepper's ``way_on.step`` when it names one; the opened page's stepper then takes the
    keyboard focus (its Next, or going back its Previous), not the page's body."""
    st.button(label, key=key, type="primary" if primary else "secondary", on_click=_want_way,
              args=(way_on, primary))
    if st.session_state.get(stepping_state.WAY_WANTED) == way_on.script:
        del st.session_state[stepping_state.WAY_WANTED]
        page = Path(way_on.script).stem.replace("_", "-")
        st.switch_page(way_on.script, query_params=address(st.session_state, page))


# Streamlit gives a keyed element the class st-key-<key> with each character outside
# [a-zA-Z0-9_-] as "-". The script is the app's own (no user text in it); it waits for the
# button to be drawn (at most ~2 s) and focuses it once.
_FOCUS_JS = """<script>
(function () {
  var tries = 0;
  function focus() {
    var button = document.querySelector(".st-key-%s button");
    if (button && !button.disabled) { button.focus(); return; }
    if (++tries < 40) { setTimeout(focus, 50); }
  }
  focus();
})();
</script>"""


def _focus_on(key: str, which: str) -> None:
    """Move the keyboard focus to this stepper's ``which`` button (next | previous) or, at
    the end of the lesson's way, to the button that takes its place."""
    css = re.sub(r"[^a-zA-Z0-9_-]", "-", f"{key}.{which}")
    # In the page, not the sidebar: a following student's page is a fragment
    # (tutor.live.ui.pushed_part), which writes only inside itself. The container is
    # hidden by the frame's style sheet (tutor.ui.page.FRAME_CSS): no gap in the page.
    with st.container(key=FOCUS_KEY):
        st.html(_FOCUS_JS % css, unsafe_allow_javascript=True)


def _speed_label(seconds: float, lang: str) -> str:
    return t("stepper.speed_value", lang, seconds=f"{seconds:g}")


def _text_units(text: str) -> int:
    """Width of ``text`` in narrow-character units (a CJK character counts two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _speed_width(lang: str, presenting: bool) -> int:
    """Pixels the speed choice needs to show its longest label whole (at least the width the
    English and Chinese labels were laid out for): a language with longer words gets more."""
    base, per_unit, frame = (170, 9.5, 55) if presenting else (125, 7.0, 40)
    longest = max(_text_units(_speed_label(s, lang)) for s in SPEEDS)
    return max(base, math.ceil(longest * per_unit) + frame)


def _play_controls(key: str, count: int, lang: str, is_playing: bool, practising: bool
                   ) -> None:
    """Play, or Pause while playing, and the speed beside it."""
    ss = st.session_state
    if is_playing:
        st.button(t("stepper.pause", lang), key=f"{key}.pause", on_click=_pause,
                  help=t("stepper.pause_help", lang))
    else:
        st.button(t("stepper.play", lang), key=f"{key}.play", on_click=_play, args=(key, count),
                  disabled=practising,
                  help=t("stepper.play_off_practice" if practising else "stepper.play_help", lang))
    choice_widget(
        st.selectbox, t("stepper.speed", lang), SPEEDS, key=stepping_state.PLAY_SPEED_WIDGET,
        format_func=lambda s: _speed_label(s, lang), label_visibility="collapsed",
        on_change=session.copy_widget,
        width=_speed_width(lang, bool(ss.get(lesson_state.PRESENTATION))),
        args=(ss, stepping_state.PLAY_SPEED_WIDGET, stepping_state.PLAY_SPEED))


def step_controls(key: str, count: int, lang: str, way_on: WayOn | None = None,
                  play: bool = False, way_back: WayOn | None = None) -> int:
    """Render the controls for ``count`` steps and return the current index (0-based).

    One row: with ``play``, Play (or Pause) and its speed; then Step 1, Previous, the slider,
    Next; at the last step Next gives way to a button that opens ``way_on``, the next page of
    the lesson, and at the first Previous to one that goes back to ``way_back`` (the previous
    page, at its last step). (Play is asked for by the worked example's pages; the graph
    page, which has its own stepper, keeps the controls it had.)
    """
    ss = st.session_state
    current = min(ss.get(key, 0), count - 1)
    ss[key] = current
    ss[stepping_state.slider_key(key)] = current + 1
    ss[stepping_state.PLAY_SPEED_WIDGET] = speed(ss)
    practising = modes_state.hides_answers(ss)
    if (practising or not play) and playing(ss, key):
        stop_playing(ss)
    is_playing = playing(ss, key)
    with st.container(horizontal=True, vertical_alignment="center", gap="small",
                      key=f"{key}.controls"):
        if play:
            _play_controls(key, count, lang, is_playing, practising)
        st.button(t("stepper.restart", lang), key=f"{key}.restart", on_click=_move,
                  args=(key, 0, count), help=t("stepper.restart_help", lang))
        if current == 0 and way_back is not None:
            way_on_button(way_back, t("stepper.way_back", lang, page=t(way_back.title_key, lang)),
                          f"{key}.way_back", primary=False)
        else:
            st.button(t("stepper.previous", lang), key=f"{key}.previous", on_click=_move,
                      args=(key, current - 1, count), disabled=current == 0)
        st.slider(t("stepper.step", lang, count=count), 1, count,
                  key=stepping_state.slider_key(key),
                  on_change=_from_slider, args=(key, count), width="stretch",
                  label_visibility="collapsed" if play else "visible")
        if current == count - 1 and way_on is not None:
            way_on_button(way_on, t("stepper.way_on", lang, page=t(way_on.title_key, lang)),
                          f"{key}.way_on")
        else:
            st.button(t("stepper.next", lang), key=f"{key}.next", on_click=_move,
                      args=(key, current + 1, count), disabled=current == count - 1,
                      type="primary", help=t("stepper.keys_help", lang))
        if is_playing:
            ss[stepping_state.PLAY_DRAWN] = True
            st.fragment(_clock, run_every=speed(ss))(key, count)
    ss.pop(stepping_state.WAY_WANTED, None)  # a way asked for that this run did not draw
    focus = ss.pop(stepping_state.FOCUS_STEPPER, None)
    if focus is not None:
        first, last = current == 0, current == count - 1
        _focus_on(key, {("next", True): "way_on", ("previous", True): "way_back"}.get(
            (focus, last if focus == "next" else first), focus))
    return current
