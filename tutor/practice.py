"""Practice mode: the learner computes each step; the app checks, hints and keeps score.

The formula shows its numbers but not the result; an answer is checked by bpcore.practice at
the display precision; "Show me" reveals the result and moves on. Scores are kept per phase.
"""

from __future__ import annotations

import math

import streamlit as st

from bpcore import Scenario, Step, fmt
from bpcore.errors import CodedError, parse_number
from bpcore.limits import SEED
from bpcore.practice import exercise, is_right
from tutor import state
from tutor.fields import kept_number
from tutor.formula import formula_latex, say, step_header
from tutor.i18n import t
from tutor.reasons import reason


def _key(page: str, index: int) -> str:
    return f"{page}:{index}"


def answered(page: str, index: int) -> bool:
    """True once this step was answered right or shown: its result may then be seen."""
    return st.session_state[state.PRACTICE_FEEDBACK].get(_key(page, index)) in ("right", "shown")


def _score(phase: str, right: bool) -> None:
    scores = st.session_state[state.PRACTICE_SCORE]
    done, total = scores.get(phase, (0, 0))
    scores[phase] = (done + int(right), total + 1)


def _check(page: str, index: int, step: Step, decimals: int) -> None:
    answer_key = state.practice_answer_key(page, index)
    try:  # an answer that is not a number is said so, never counted as wrong
        value = parse_number("answer", st.session_state.get(answer_key) or "", -math.inf,
                             math.inf)
    except CodedError as err:
        st.session_state[state.FIELD_ERRORS][answer_key] = err
        st.session_state[state.PRACTICE_FEEDBACK][_key(page, index)] = (
            "empty" if err.code == "empty" else "format")
        return
    right = is_right(value, step.value, decimals)
    _score(step.phase, right)
    st.session_state[state.PRACTICE_FEEDBACK][_key(page, index)] = "right" if right else "wrong"


def _show(page: str, index: int, step: Step, step_key: str, count: int) -> None:
    _score(step.phase, False)
    st.session_state[state.PRACTICE_FEEDBACK][_key(page, index)] = "shown"
    st.session_state[step_key] = min(index + 1, count - 1)


def practice_panel(page: str, step_key: str, step: Step, index: int, count: int,
                   decimals: int, lang: str) -> None:
    """The step to compute: formula with numbers, an answer box, Check, Hint, Show me."""
    step_header(step, index, count, lang)
    done = answered(page, index)
    st.latex(formula_latex(step, decimals, reveal=done))
    feedback = st.session_state[state.PRACTICE_FEEDBACK].get(_key(page, index))
    if not done:
        st.text_input(t("practice.answer", lang), key=state.practice_answer_key(page, index))
        check, hint, show = st.columns(3)
        check.button(t("practice.check", lang), type="primary", width="stretch",
                     key=f"practice.check.{page}.{index}", on_click=_check,
                     args=(page, index, step, decimals))
        hint.toggle(t("practice.hint", lang), key=f"practice.hint.{page}.{index}")
        show.button(t("practice.show", lang), width="stretch", key=f"practice.show.{page}.{index}",
                    on_click=_show, args=(page, index, step, step_key, count))
        if st.session_state.get(f"practice.hint.{page}.{index}"):
            st.info(say(step.message, lang))
    messages = {"right": st.success, "wrong": st.error, "shown": st.info, "empty": st.warning}
    refusal = st.session_state[state.FIELD_ERRORS].get(state.practice_answer_key(page, index))
    if feedback == "format" and refusal is not None:
        st.warning(t("practice.format", lang, reason=reason(
            refusal, lang, field=t("practice.answer", lang))))
    elif feedback in messages:
        messages[feedback](t(f"practice.{feedback}", lang, value=fmt(step.value, decimals)))


def _new_exercise() -> None:
    seed = int(st.session_state[state.EXERCISE_SEED_WIDGET])
    st.session_state[state.FIELD_ERRORS].clear()
    state.set_scenario(st.session_state, exercise(seed), restart=True)
    st.session_state[state.EXERCISE_SEED] = seed


def practice_sidebar(lang: str) -> None:
    """Practice on or off, a new exercise from a seed, and the score per phase."""
    with st.expander(t("practice.heading", lang)):
        st.toggle(t("practice.mode", lang), key=state.PRACTICE)
        kept_number(t("practice.seed", lang), state.EXERCISE_SEED_WIDGET, *SEED.bounds,
                    lang=lang, integer=True, default=1)
        st.button(t("practice.new", lang), on_click=_new_exercise, width="stretch")
        seed = st.session_state.get(state.EXERCISE_SEED)
        if is_exercise(st.session_state[state.SCENARIO], seed):
            st.caption(t("practice.current_seed", lang, seed=seed))
        for phase, (right, total) in st.session_state[state.PRACTICE_SCORE].items():
            st.markdown(t("practice.score", lang, phase=t(f"phase.{phase}", lang), right=right,
                          total=total))


def is_exercise(scenario: Scenario, seed: int | None) -> bool:
    """True when the scenario is still the exercise of ``seed`` (not edited since)."""
    return seed is not None and scenario == exercise(seed)
