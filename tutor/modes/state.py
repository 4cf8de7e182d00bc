"""The learning modes' session keys: practice, predict, the faded example and the bug hunts,
and the one mode on at a time (a small state machine: mode, set_mode, MODE_PENDING)."""

from __future__ import annotations

import zlib
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Final

from streamlit.errors import StreamlitAPIException

from bpcore.netspec import NetSpec
from tutor.session import SessionState

# --- practice mode ----------------------------------------------------------------------------
PRACTICE: Final = "practice.on"
PRACTICE_FEEDBACK: Final = "practice.feedback"  # "page:index" → right | wrong | shown | empty
PRACTICE_SCORE: Final = "practice.score"  # phase → (right, answered)
EXERCISE_SEED: Final = "practice.seed"  # int | None: the exercise the scenario came from
EXERCISE_SEED_WIDGET: Final = "practice.seed_widget"


def practice_answer_key(page: str, index: int, scope: str = "") -> str:
    """The answer box of one step of one page (``scope``: another network's than the worked
    example's, tutor.modes.lens.place)."""
    return f"practice.answer.{page}.{index}" + (f".{scope}" if scope else "")


# --- learning by predicting: modes, predictions, feedback, the faded example (predict.py,
# fading.py, practice.py) --------------------------------------------------------------------
PREDICT: Final = "predict.on"  # toggle: predict each value before it is shown
FADE: Final = "fade.on"  # toggle: the faded worked example on the backward page
MODE_KEYS: Final = MappingProxyType({"practice": PRACTICE, "predict": PREDICT, "fade": FADE})
PRACTICE_SHOWN: Final = "practice.shown"  # phase → steps revealed by "Show me"
PRACTICE_ANSWERS: Final = "practice.answers"  # "page:index" → the last answer (bpcore.expr.Reading)
PREDICTIONS: Final = "predict.made"  # "page:index" → Prediction (tutor.modes.predict)
FADE_STAGE: Final = "fade.stage"  # int: 0 (all worked) … bpcore.practice.FADE_STAGES − 1
FADE_DONE: Final = "fade.done"  # dict: blank name → "right" | "shown", this stage
FADE_SEED: Final = "fade.seed"  # int | None: the fresh network of the last stage
FADE_ANSWERS: Final = "fade.answers"  # blank name → the last wrong answer (bpcore.expr.Reading)
# Another network's faded example: its scope (net_scope below) → {"stage": int,
# "done": {blank key: "right" | "shown"}, "seed": int | None, "answers": {blank key: Reading}}
NET_FADE: Final = "fade.net"


def net_scope(net_id: str, spec: NetSpec) -> str:
    """The scope of a network's answers and faded example: its id and a digest of its numbers
    (an edited own network is a new one: its earlier answers no longer apply)."""
    return f"{net_id}.{zlib.crc32(repr(spec).encode()):08x}"


def fresh_net_fade(session_state: SessionState, scope: str, stage: int = 0,
                   done: tuple[str, ...] = (), seed: int | None = None) -> None:
    """Put another network's faded example (``scope``) at ``stage`` with the blanks ``done``
    (each counted right), as fresh_fade does the worked example's."""
    if NET_FADE not in session_state:
        session_state[NET_FADE] = {}
    session_state[NET_FADE][scope] = {
        "stage": stage, "done": dict.fromkeys(done, "right"), "seed": seed, "answers": {}}


# A mode a Back / Forward brings after the toggles were drawn (Streamlit refuses to change a
# drawn widget's value): the sidebar turns it on before drawing them in the rerun that follows.
MODE_PENDING: Final = "mode.pending"


def mode(session_state: SessionState | Mapping[str, Any]) -> str:
    """The learning mode on: "practice", "predict", "fade", or "" (watching)."""
    if MODE_PENDING in session_state:
        return str(session_state[MODE_PENDING])
    return next((m for m, key in MODE_KEYS.items() if session_state.get(key)), "")


def set_mode(session_state: SessionState, chosen: str) -> None:
    """Turn ``chosen`` on and the other modes off ("" turns every mode off); a toggle already
    drawn in this run leaves the change pending for the next run (MODE_PENDING)."""
    for m, key in MODE_KEYS.items():
        if bool(session_state.get(key, False)) == (m == chosen):
            continue
        try:
            session_state[key] = m == chosen
        except StreamlitAPIException:
            session_state[MODE_PENDING] = chosen
            return


def hides_answers(session_state: SessionState | Mapping[str, Any]) -> bool:
    """True in a mode where a stepping page's result waits for the learner: practice or
    predict (Play is off then; the faded example has no steps to play)."""
    return mode(session_state) in ("practice", "predict")


def fade_key(name: str) -> str:
    """The answer box of one blank of the faded example."""
    return f"fade.answer.{name}"


def fresh_fade(session_state: SessionState, stage: int = 0, done: tuple[str, ...] = (),
               seed: int | None = None) -> None:
    """Put the faded example at ``stage`` with the blanks ``done`` (each counted right)."""
    session_state[FADE_STAGE] = stage
    session_state[FADE_DONE] = dict.fromkeys(done, "right")
    session_state[FADE_SEED] = seed
    session_state[FADE_ANSWERS] = {}


# --- the concept check (concept.py; bpcore.concept) --------------------------------------------
CONCEPT_SEED: Final = "concept.seed"  # int: the check drawn (its exercise's seed)
CONCEPT_DONE: Final = "concept.done"  # bool: submitted, the score shown
CONCEPT_OPEN: Final = "concept.open"  # bool: its expander open (the expander's own state)


def concept_pick_key(index: int) -> str:
    """The choice of one question of the concept check."""
    return f"concept.pick.{index}"


# --- bug hunts (the graph page and the builder's microscope tab; bughunt.py) ----------------
BUGHUNT_TRIED: Final = "bughunt.tried"  # hunt key → tuple of the lines picked (0-based), in order
BUGHUNT_SHOWN: Final = "bughunt.shown"  # tuple of the hunt keys whose bug "Show me" revealed


def bughunt_line_key(hunt: str, line: int) -> str:
    """The button that picks one line of one hunt as the one with the bug."""
    return f"bughunt.{hunt}.line.{line}"


def bughunt_show_key(hunt: str) -> str:
    """The "Show me" button of one hunt."""
    return f"bughunt.{hunt}.show"
