"""The stepping pages' session keys: the worked example's scenario in use, the iterations applied
to it and where the learner is on each stepper; Play; the sidebar editor's mirrored fields and
its file import. The scenario's lifecycle (set, update, back to the start) is here too:
changing the numbers clears the answers the learning modes kept for the old ones."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Final

from bpcore import Scenario, Trace
from tutor.modes.state import (
    PRACTICE_ANSWERS,
    PRACTICE_FEEDBACK,
    PRACTICE_SCORE,
    PRACTICE_SHOWN,
    PREDICTIONS,
)
from tutor.session import SessionState
from tutor.ui.state import FIELD_ERRORS

# --- the worked example's scenario and where the learner is ----------------------------------
SCENARIO: Final = "scenario"  # Scenario: the one every page shows
START_SCENARIO: Final = "start_scenario"  # Scenario the iterations started from
ITERATION: Final = "iteration"  # int: updates applied since START_SCENARIO
ERROR_HISTORY: Final = "error_history"  # list[float]: E_total before each applied update
EDIT_PREFIX: Final = "edit."  # + field name: the editor's mirrored number inputs
TRAIN_BIASES_WIDGET: Final = "train_biases_widget"  # mirrors the scenario's train_biases
STEP_FORWARD: Final = "step.forward"
STEP_BACKWARD: Final = "step.backward"
STEP_UPDATE: Final = "step.update"
STEP_KEYS: Final = (STEP_FORWARD, STEP_BACKWARD, STEP_UPDATE)
SHOW_FD: Final = "show_finite_difference"
# the step's NumPy in place of the diagram (tutor/lesson/codeview.py)
SHOW_CODE: Final = "show_code"

# --- Play (stepper.py; the page this run shows is tutor.session.PAGE_NOW) ----------------------
PLAYING: Final = "play.on"  # (url_path, step key) that Play is advancing, or None
PLAY_SPEED: Final = "play.speed"  # seconds per step while playing
PLAY_SPEED_WIDGET: Final = "play.speed_widget"
PLAY_DRAWN: Final = "play.drawn"  # set by a full run just before it draws Play's clock
PLAY_LAST: Final = "play.last"  # time.monotonic() of Play's last move
UPDATE_APPLIED: Final = "update.applied"  # set by Apply, shown once by the update page
# A learner stepping on their own (no live class): the page and the sidebar's lesson link are
# fragments (tutor.live.ui.pushed_part), and a move of the stepper reruns those two alone,
# not the sidebar's editor and panels (tutor.stepping.stepper.rerun_step_parts).
STEP_PARTS: Final = "step.parts"  # the fragments' keys, as the last full run drew them, or ()
STEP_RUNS: Final = "step.runs"  # the fragments a step move's rerun has still to draw
# the page script a way-on (or way-back) button asked for, opened by the run that draws it
WAY_WANTED: Final = "stepper.way_wanted"
# "next" | "previous": the button of the stepper that takes keyboard focus on the page a way-on
# (or way-back) button opened, once (tutor/stepping/stepper.py)
FOCUS_STEPPER: Final = "stepper.focus"


def slider_key(step_key: str) -> str:
    """Key of the step slider that mirrors a stepper's position (1-based)."""
    return f"{step_key}.slider"


def set_scenario(session_state: SessionState, scenario: Scenario, restart: bool = False) -> None:
    """Make ``scenario`` the one every page shows; it becomes the start of the iterations.

    ``restart`` also sends every stepper back to its first step (Reset does that; an edit
    keeps the learner's place so the effect of the edit shows where they are).
    """
    session_state[SCENARIO] = scenario
    session_state[START_SCENARIO] = scenario
    session_state[ITERATION] = 0
    session_state[ERROR_HISTORY] = []
    session_state[PRACTICE_FEEDBACK] = {}  # new numbers: earlier answers no longer apply
    session_state[PRACTICE_ANSWERS] = {}
    session_state[PREDICTIONS] = {}
    if restart:
        session_state[PRACTICE_SCORE] = {}
        session_state[PRACTICE_SHOWN] = {}
        for key in STEP_KEYS:
            session_state[key] = 0


def init_scenario(session_state: SessionState) -> None:
    """The worked example, iteration 0 and no rejected fields, unless already set."""
    if SCENARIO not in session_state:
        session_state[FIELD_ERRORS] = {}
        set_scenario(session_state, Scenario.worked_example(), restart=True)


def apply_update(session_state: SessionState, trace: Trace) -> None:
    """Take the traced update: the next scenario, one more iteration, its error recorded."""
    session_state[ERROR_HISTORY] = [*session_state[ERROR_HISTORY], trace["E_total"]]
    session_state[SCENARIO] = trace.next_scenario()
    session_state[PRACTICE_FEEDBACK] = {}
    session_state[PRACTICE_ANSWERS] = {}
    session_state[PREDICTIONS] = {}
    session_state[ITERATION] += 1


def back_to_start(session_state: SessionState) -> None:
    """Return to the scenario the iterations started from."""
    set_scenario(session_state, session_state[START_SCENARIO])


# --- import and export ------------------------------------------------------------------------
UPLOAD_WIDGET: Final = "upload.widget"
UPLOAD_OUTCOME: Final = "upload.outcome"  # ("loaded" | "rejected", ScenarioError | None, name)


# --- kept widgets of the stepping pages (tutor.pages.defaults) ------------------------------
DEFAULTS: Final[Mapping[str, Any]] = MappingProxyType({
    SHOW_CODE: False,  # the forward, backward and update pages share it
})
