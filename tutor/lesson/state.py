"""A lesson link in the session: applying ?lesson= once (all of it or, if it is bad, none of it),
the panels it hides, presentation mode, and what a link to the page shown now reproduces.
A link sets values of several features (the scenario and steps, the precision, the mode, the
faded example, the builder's recipe), so this module imports their state modules; none of
them imports it."""

from __future__ import annotations

from types import MappingProxyType
from typing import Final

from tutor.builder import state as builder_state
from tutor.lesson.codec import Fade, Lesson, LessonError, decode
from tutor.modes.state import (
    EXERCISE_SEED,
    EXERCISE_SEED_WIDGET,
    FADE_DONE,
    FADE_SEED,
    FADE_STAGE,
    NET_FADE,
    fresh_fade,
    fresh_net_fade,
    mode,
    net_scope,
    set_mode,
)
from tutor.session import PRECISION, SessionState
from tutor.stepping import network
from tutor.stepping.state import (
    SCENARIO,
    STEP_BACKWARD,
    STEP_FORWARD,
    STEP_KEYS,
    STEP_UPDATE,
    set_scenario,
)
from tutor.ui.state import FIELD_ERRORS

# --- lessons shared by link (they set values of several features) ------------------------------
LESSON_PARAM: Final = "lesson"  # the URL parameter
LESSON_APPLIED: Final = "lesson.applied"  # the link already applied in this session
LESSON_ERROR: Final = "lesson.error"  # LessonError | None: why the link was refused
# url_state: the values it wrote to ?lesson= (and the link applied before): never re-applied
LESSON_WRITTEN: Final = "lesson.written"
HIDDEN: Final = "lesson.hidden"  # panels the lesson hides
PRESENTATION: Final = "lesson.presentation"
HIDDEN_WIDGET: Final = "lesson.hidden_widget"  # mirrors HIDDEN
PRESENTATION_WIDGET: Final = "lesson.presentation_widget"  # mirrors PRESENTATION
SHARE_OPEN: Final = "lesson.share_open"  # bool: the sidebar's "Share this lesson" is open

# The step a link records is the one of the page it points at.
PAGE_STEP_KEYS: Final = MappingProxyType({"forward": STEP_FORWARD, "backward": STEP_BACKWARD,
                                          "update": STEP_UPDATE})


def code_open_key(view: str) -> str:
    """The session key under which a closed code panel (tutor.lesson.codeview's program and
    source views, the digits page's code) keeps whether it is open; ``view`` tells apart
    the panels of the app."""
    return f"lesson.code_open.{view}"


def apply_lesson(session_state: SessionState, param: str | None) -> None:
    """Apply a ?lesson= link once per session: all of it, or (if it is bad) none of it.

    A bad link changes nothing (a fresh session keeps the worked example, a session its own
    numbers) and keeps the reason for the page to show.
    """
    if (not param or session_state.get(LESSON_APPLIED) == param
            or param in session_state.get(LESSON_WRITTEN, ())):
        return
    session_state[LESSON_APPLIED] = param
    session_state[FIELD_ERRORS] = {}
    try:
        lesson = decode(param)
    except LessonError as err:
        session_state[LESSON_ERROR] = err
        return
    session_state[LESSON_ERROR] = None
    set_scenario(session_state, lesson.scenario, restart=True)
    network.set_net(session_state, lesson.net)  # before the steps: a new network resets them
    if lesson.own is not None:
        network.set_own(session_state, lesson.own)
    for key in STEP_KEYS:
        session_state[key] = lesson.step
    session_state[PRECISION] = lesson.precision
    session_state[HIDDEN] = lesson.hidden
    session_state[PRESENTATION] = lesson.presentation
    session_state[EXERCISE_SEED] = lesson.seed
    if lesson.seed is not None:  # the seed box shows it, and New exercise goes on from it
        session_state[EXERCISE_SEED_WIDGET] = lesson.seed
    set_mode(session_state, lesson.mode)
    if network.is_worked(session_state):
        fresh_fade(session_state, lesson.fade.stage, lesson.fade.done, lesson.fade.seed)
    else:  # the faded example of the network the link steps, kept under its scope
        fresh_fade(session_state)
        fresh_net_fade(session_state, _scope(session_state), lesson.fade.stage,
                       lesson.fade.done, lesson.fade.seed)
    if lesson.builder is not None:
        builder_state.set_builder_recipe(session_state, lesson.builder)


def _scope(session_state: SessionState) -> str:
    """The scope of the network in use's answers and faded example (modes.state.net_scope)."""
    return net_scope(network.net_id(session_state), network.spec_in_use(session_state))


def _fade(session_state: SessionState) -> Fade:
    """Where the learner is in the faded example of the network in use."""
    if network.is_worked(session_state):
        return Fade(int(session_state.get(FADE_STAGE, 0)),
                    tuple(session_state.get(FADE_DONE, {})), session_state.get(FADE_SEED))
    kept = session_state.get(NET_FADE, {}).get(_scope(session_state))
    if not kept:
        return Fade()
    return Fade(int(kept["stage"]), tuple(kept["done"]), kept["seed"])


def is_hidden(session_state: SessionState, panel: str) -> bool:
    """True when the lesson hides this panel (table, formula, editor, finite_difference)."""
    return panel in session_state.get(HIDDEN, ())


def current_lesson(session_state: SessionState, page: str) -> Lesson:
    """What a link to this page, now, should reproduce."""
    step_key = PAGE_STEP_KEYS.get(page)
    return Lesson(session_state[SCENARIO], session_state.get(step_key, 0) if step_key else 0,
                  session_state[PRECISION], tuple(session_state.get(HIDDEN, ())),
                  bool(session_state.get(PRESENTATION, False)),
                  session_state.get(EXERCISE_SEED),
                  builder_state.builder_recipe(session_state)
                  if page == builder_state.BUILDER_PAGE else None,
                  mode(session_state),
                  _fade(session_state),
                  network.net_id(session_state),
                  network.spec_in_use(session_state)
                  if network.net_id(session_state) == network.OWN else None)
