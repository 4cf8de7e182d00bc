"""Practice mode: the learner computes each step; the app checks, hints and keeps score.

The formula shows its numbers but not the result; an answer is checked by bpcore.practice at
the display precision. A wrong answer is told its direction and size and, when its number is
one, the known mistake it matches (bpcore.mistakes); the hint names the step's rule with its
own symbols and where each value it needs was found. "Show me" reveals the result on this
step (a separate Next moves on) and is counted apart from the answers tried. "New exercise"
draws a new exercise number on every press (bpcore.practice.next_seed); a typed number is
taken as it is. It draws new numbers for the network in use: the worked example's 2-2-2, or
another network's shape (which then becomes the learner's own). Scores are kept per phase:
(right, tried) and shown.

The panel works on any network through a tutor.modes.lens.Lens: a preset's or the learner's
own steps are asked the same way, their answers kept apart by the network's scope, their slips
named by bpcore.mistakes.net_diagnose; a step with nothing to work out (a given value) is
shown as it is.
"""

from __future__ import annotations

import streamlit as st

from bpcore import Formula, Scenario, Trace, fmt
from bpcore.errors import CodedError
from bpcore.limits import EXPR_FIELD_CHARS, SEED
from bpcore.practice import exercise, fresh_net, is_right, next_seed, read_answer
from tutor.i18n import t
from tutor.modes import state as modes_state
from tutor.modes.lens import Lens, as_lens, feedback, place
from tutor.stepping import network
from tutor.stepping import state as stepping_state
from tutor.ui import state as field_state
from tutor.ui.fields import kept_number
from tutor.ui.formula import show_fitted, step_header
from tutor.ui.reasons import reason


def answered(page: str, index: int, lens: Lens | None = None) -> bool:
    """True once this step was answered right or shown: its result may then be seen (of the
    worked example unless ``lens`` says which network)."""
    where = place(lens, page, index) if lens is not None else f"{page}:{index}"
    feedback_now = st.session_state[modes_state.PRACTICE_FEEDBACK].get(where)
    return feedback_now in ("right", "shown")


def _score(phase: str, right: bool) -> None:
    scores = st.session_state[modes_state.PRACTICE_SCORE]
    done, total = scores.get(phase, (0, 0))
    scores[phase] = (done + int(right), total + 1)


def _check(lens: Lens, page: str, index: int, step: Formula, decimals: int) -> None:
    answer_key = modes_state.practice_answer_key(page, index, lens.scope)
    where = place(lens, page, index)
    try:  # an answer that is not a number is said so, never counted as wrong
        reading = read_answer(str(st.session_state.get(answer_key) or ""))
    except CodedError as err:
        st.session_state[field_state.FIELD_ERRORS][answer_key] = err
        st.session_state[modes_state.PRACTICE_FEEDBACK][where] = (
            "empty" if err.code == "empty" else "format")
        return
    st.session_state[field_state.FIELD_ERRORS].pop(answer_key, None)
    right = is_right(reading.value, step.value, decimals)
    _score(step.phase, right)
    st.session_state[modes_state.PRACTICE_FEEDBACK][where] = "right" if right else "wrong"
    st.session_state.setdefault(modes_state.PRACTICE_ANSWERS, {})[where] = reading


def _show(lens: Lens, page: str, index: int, step: Formula) -> None:
    """Reveal this step's result here; counted as shown, not as an answer tried."""
    shown = st.session_state.setdefault(modes_state.PRACTICE_SHOWN, {})
    shown[step.phase] = shown.get(step.phase, 0) + 1
    st.session_state[modes_state.PRACTICE_FEEDBACK][place(lens, page, index)] = "shown"


def _next(step_key: str, index: int, count: int) -> None:
    st.session_state[step_key] = min(index + 1, count - 1)


def _feedback(page: str, lens: Lens, step: Formula, index: int, decimals: int,
              lang: str) -> None:
    """What the last Check found: right, the named slip and the size of a wrong answer, a
    refusal of text that is no number, or the answer shown."""
    where = place(lens, page, index)
    feedback_now = st.session_state[modes_state.PRACTICE_FEEDBACK].get(where)
    refusal = st.session_state[field_state.FIELD_ERRORS].get(
        modes_state.practice_answer_key(page, index, lens.scope))
    value = fmt(step.value, decimals)
    if feedback_now == "format" and refusal is not None:
        st.warning(t("practice.format", lang, reason=reason(
            refusal, lang, field=t("practice.answer", lang))))
    elif feedback_now == "wrong":
        answer = st.session_state.get(modes_state.PRACTICE_ANSWERS, {}).get(where)
        lines = [t("practice.wrong", lang)]
        if answer is not None:
            lines = feedback(lens, step, answer.value, decimals, lang, answer.places)
            if len(lines) == 1:  # no slip named: the size alone, and what to do next
                lines.append(t("practice.try_again", lang))
        st.error("  \n".join(lines))
    elif feedback_now == "right":
        st.success(t("practice.right", lang, value=value))
    elif feedback_now == "shown":
        st.info(t("practice.shown", lang, value=value))
    elif feedback_now == "empty":
        st.warning(t("practice.empty", lang))


def practice_panel(page: str, step_key: str, lens: Lens | Trace, step: Formula, index: int,
                   count: int, decimals: int, lang: str) -> None:
    """The step to compute: formula with numbers, then one row of the answer box, Check and
    Show me, the feedback right under it (on screen at 1280×720 beside the diagram), and the
    Hint switch; once answered or shown, the result here and Next. A step with nothing to
    work out (a given value: a ReLU's slope, a sum of one path) is shown as it is."""
    lens = as_lens(lens)
    tail = f".{lens.scope}" if lens.scope else ""  # another network's buttons are its own
    step_header(step, index, count, lang)
    done = answered(page, index, lens) or step.given
    # broken for the panel's width, as the step's formula is (never shrunk below the words)
    show_fitted(lens.fits(step, decimals, reveal=done))
    if not done:
        label = t("practice.answer", lang)
        box, check, show = st.columns([1.8, 1, 1], vertical_alignment="bottom")
        box.text_input(label, key=modes_state.practice_answer_key(page, index, lens.scope),
                       max_chars=EXPR_FIELD_CHARS, placeholder=label,
                       label_visibility="collapsed")
        check.button(t("practice.check", lang), type="primary", width="stretch",
                     key=f"practice.check.{page}.{index}{tail}", on_click=_check,
                     args=(lens, page, index, step, decimals))
        show.button(t("practice.show", lang), width="stretch",
                    key=f"practice.show.{page}.{index}{tail}", on_click=_show,
                    args=(lens, page, index, step))
    _feedback(page, lens, step, index, decimals, lang)
    if not done:
        st.toggle(t("practice.hint", lang), key=f"practice.hint.{page}.{index}{tail}")
        if st.session_state.get(f"practice.hint.{page}.{index}{tail}"):
            st.info(lens.hint(step, page, decimals, lang))
    if done and index < count - 1:
        st.button(t("practice.next", lang), key=f"practice.next.{page}.{index}{tail}",
                  type="primary", on_click=_next, args=(step_key, index, count))


def _new_exercise() -> None:
    """A new exercise: the typed number if the learner typed one, else the next number. On
    the worked example, its 2-2-2 with numbers drawn from it (bpcore.practice.exercise); on
    any other network, a network of its shape, activations, loss, batch and η drawn from it
    (bpcore.practice.fresh_net), which becomes the learner's own, stepped from its start."""
    ss = st.session_state
    typed = int(ss[modes_state.EXERCISE_SEED_WIDGET])
    current = ss.get(modes_state.EXERCISE_SEED)
    if current is not None and not on_exercise(current):
        current = None  # edited since: the typed number starts anew
    seed = next_seed(current) if current is not None and typed == current else typed
    ss[field_state.FIELD_ERRORS].clear()
    if network.is_worked(ss):
        stepping_state.set_scenario(ss, exercise(seed), restart=True)
    else:
        network.set_own(ss, fresh_net(network.spec_in_use(ss), seed))
        for key in stepping_state.STEP_KEYS:
            ss[key] = 0
        ss[stepping_state.PLAYING] = None
    ss[modes_state.EXERCISE_SEED] = seed
    ss[modes_state.EXERCISE_SEED_WIDGET] = seed  # the box shows the new number (tutor.ui.fields)


MODE_LABELS = {"practice": "practice.mode", "predict": "predict.mode", "fade": "fade.mode"}


def _mode_toggle(mode: str, lang: str) -> None:
    key = modes_state.MODE_KEYS[mode]
    st.toggle(t(MODE_LABELS[mode], lang), key=key, on_change=lambda: modes_state.set_mode(
        st.session_state, mode if st.session_state[key] else ""))


def score_line(phase: str, lang: str) -> str:
    """"Backward pass: 2 right of 3 tried, 1 shown" for one phase."""
    right, total = st.session_state[modes_state.PRACTICE_SCORE].get(phase, (0, 0))
    shown = st.session_state.get(modes_state.PRACTICE_SHOWN, {}).get(phase, 0)
    return t("practice.score", lang, phase=t(f"phase.{phase}", lang), right=right, total=total,
             shown=shown)


def practice_sidebar(lang: str) -> None:
    """The learning modes (practice, predict, faded example), a new exercise from a seed, and
    the score per phase."""
    if modes_state.MODE_PENDING in st.session_state:  # a Back / Forward's mode, before the toggles
        modes_state.set_mode(st.session_state, st.session_state.pop(modes_state.MODE_PENDING))
    with st.expander(t("practice.heading", lang)):
        for mode in modes_state.MODE_KEYS:
            _mode_toggle(mode, lang)
        if modes_state.EXERCISE_SEED_WIDGET not in st.session_state:  # a lesson link may set it
            st.session_state[modes_state.EXERCISE_SEED_WIDGET] = 1
        kept_number(t("practice.seed", lang), modes_state.EXERCISE_SEED_WIDGET, *SEED.bounds,
                    lang=lang, integer=True)
        st.button(t("practice.new", lang), key="practice.new", on_click=_new_exercise,
                  width="stretch")
        seed = st.session_state.get(modes_state.EXERCISE_SEED)
        if seed is not None and on_exercise(seed):
            st.caption(t("practice.current_seed", lang, seed=seed))
        phases = dict.fromkeys([*st.session_state[modes_state.PRACTICE_SCORE],
                                *st.session_state.get(modes_state.PRACTICE_SHOWN, {})])
        for phase in phases:
            st.markdown(score_line(phase, lang))


def is_exercise(scenario: Scenario, seed: int | None) -> bool:
    """True when the scenario is still the exercise of ``seed`` (not edited since)."""
    return seed is not None and scenario == exercise(seed)


def on_exercise(seed: int) -> bool:
    """True when the network in use is still the exercise of ``seed``, not edited since: the
    worked example's scenario, or the learner's own network drawn from it in its shape."""
    ss = st.session_state
    if network.is_worked(ss):
        return is_exercise(ss[stepping_state.SCENARIO], seed)
    spec = network.spec_in_use(ss)
    return network.net_id(ss) == network.OWN and spec == fresh_net(spec, seed)
