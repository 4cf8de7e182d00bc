"""A faded worked example on the backward page: the chain to w5's update, worked in full, then
with its last step left blank, then the last two, … until the learner works a freshly seeded
network alone (bpcore.practice.FADE_CHAIN, fade_blanks, fade_alone).

One line per step of the chain. A worked line is symbol = formula = numbers = result; a blank
is symbol = formula = ? with the rule it needs in this step's symbols and where each value is
("∂E/∂w₅ = δ_o1 · out_h1 — you need δ_o1 (step 3) and out_h1 (…)"). Blanks are worked in
order: the first one not yet done has the answer box, Check and Show me; a wrong answer is
told its direction, size and mistake (tutor.modes.lens.feedback). Its substituted numbers are not
shown, since they would give the blank before it away: the learner carries their own. The
next stage opens once every blank of this one is done. Stage, blanks done and the fresh
network's number are in the session (tutor.modes.state) and the lesson link
(tutor.lesson.codec.Fade).
"""

from __future__ import annotations

import streamlit as st

from bpcore import Formula, Scenario, Trace, fmt, trace_step
from bpcore.errors import CodedError
from bpcore.limits import EXPR_FIELD_CHARS
from bpcore.practice import (
    FADE_CHAIN,
    FADE_STAGES,
    exercise,
    fade_alone,
    fade_blanks,
    is_right,
    named_value,
    next_seed,
    read_answer,
)
from tutor.i18n import t, tn
from tutor.modes import state as modes_state
from tutor.modes.hints import needs, rule
from tutor.modes.lens import feedback
from tutor.ui import notation
from tutor.ui import state as field_state
from tutor.ui.reasons import reason

GIVEN = ("target_o1", "out_o1", "out_h1", "w5", "eta")  # what the chain starts from
CHAIN_KEY = "fade-chain"
# The chain is five formulas high: its type is 1.05em of the page's (~18 px, ~24 px in
# presentation mode, where share.PRESENTATION_CSS would make it 33 px), so that the chain and
# the blank being worked fit one 1280×720 screen.
CHAIN_CSS = f"<style>.st-key-{CHAIN_KEY} .katex {{ font-size: 1.05em; }}</style>"


def _ensure() -> None:
    if modes_state.FADE_STAGE not in st.session_state:
        modes_state.fresh_fade(st.session_state)


def fade_trace(scenario: Scenario) -> Trace:
    """The trace the stage works on: the session's scenario, or the fresh exercise at the
    last stage (recomputed per run, like the pages' own trace: ~0.5 ms)."""
    ss = st.session_state
    stage, seed = ss[modes_state.FADE_STAGE], ss.get(modes_state.FADE_SEED)
    if fade_alone(stage) and seed is not None:
        return trace_step(exercise(seed))
    return trace_step(scenario)


def _step(trace: Trace, name: str) -> Formula:
    return next(s for s in trace.steps if s.name == name)


def chain_latex(trace: Trace, blanks: tuple[str, ...], done: dict[str, str],
                decimals: int, current: str | None) -> str:
    """The whole chain as one block aligned at its first "=": a worked row is symbol =
    formula = numbers = result, a blank symbol = formula = ? (the one being worked in
    colour); a blank answered right is ticked, one shown ticked in grey."""
    rows = []
    for name in FADE_CHAIN:
        step = _step(trace, name)
        if name in blanks and name not in done:
            mark = r"\color{#1f6feb}{?}" if name == current else "?"
            rows.append(rf"{step.symbol} &= {step.formula} = \;{mark}")
            continue
        substituted, result = step.display(decimals)
        tick = {"right": r"\;\color{#1a7f37}{\checkmark}",
                "shown": r"\;\color{#8c959f}{\checkmark}"}.get(done.get(name, ""), "")
        rows.append(rf"{step.symbol} &= {step.formula} = {substituted} = {result}{tick}")
    return r"\begin{aligned} " + r" \\[2pt] ".join(rows) + r" \end{aligned}"


def _go(stage: int) -> None:
    ss = st.session_state
    seed = ss.get(modes_state.FADE_SEED)
    if fade_alone(stage):
        seed = next_seed(seed)  # a fresh network each time the last stage is entered
    modes_state.fresh_fade(ss, stage, seed=seed)


def _check(name: str, value: float, decimals: int) -> None:
    ss = st.session_state
    box = modes_state.fade_key(name)
    try:
        answer = read_answer(str(ss.get(box) or ""))
    except CodedError as err:
        ss[field_state.FIELD_ERRORS][box] = err
        return
    ss[field_state.FIELD_ERRORS].pop(box, None)
    if is_right(answer.value, value, decimals):
        ss[modes_state.FADE_DONE][name] = "right"
        ss[modes_state.FADE_ANSWERS].pop(name, None)
    else:
        ss[modes_state.FADE_ANSWERS][name] = answer


def _show(name: str) -> None:
    st.session_state[modes_state.FADE_DONE][name] = "shown"


def stage_label(stage: int, lang: str) -> str:
    """"Stage 3 of 7: the last 2 steps are yours" (worked, k blanks, or alone)."""
    if stage == 0:
        what = t("fade.what.worked", lang)
    elif fade_alone(stage):
        what = t("fade.what.alone", lang)
    else:
        what = tn("fade.what.blanks", stage, lang)
    return t("fade.stage", lang, n=stage + 1, count=FADE_STAGES, what=what)


def _blank(trace: Trace, step: Formula, decimals: int, lang: str) -> None:
    """The answer row of the blank being worked, and what the last wrong answer was."""
    name = step.name
    box, check, show = st.columns([2.2, 1, 1], vertical_alignment="bottom")
    label = t("fade.answer", lang, name=notation.text(name))
    box.text_input(label, key=modes_state.fade_key(name), placeholder=label,
                   max_chars=EXPR_FIELD_CHARS,
                   label_visibility="collapsed")
    check.button(t("practice.check", lang), key=f"fade.check.{name}", type="primary",
                 width="stretch", on_click=_check, args=(name, step.value, decimals))
    show.button(t("practice.show", lang), key=f"fade.show.{name}", width="stretch",
                on_click=_show, args=(name,))
    refusal = st.session_state[field_state.FIELD_ERRORS].get(modes_state.fade_key(name))
    wrong = st.session_state[modes_state.FADE_ANSWERS].get(name)
    if refusal is not None:
        st.warning(t("practice.format", lang, reason=reason(refusal, lang,
                                                              field=t("practice.answer", lang))))
    elif wrong is not None:
        st.error("  \n".join([*feedback(trace, step, wrong.value, decimals, lang, wrong.places),
                              t("practice.try_again", lang)]))


def fading_view(scenario: Scenario, decimals: int, lang: str) -> None:
    """The faded worked example at its stage: the stage's controls, what is given, the chain."""
    _ensure()
    ss = st.session_state
    stage = ss[modes_state.FADE_STAGE]
    trace = fade_trace(scenario)
    blanks = fade_blanks(stage)
    done = ss[modes_state.FADE_DONE]
    open_blanks = [n for n in blanks if n not in done]
    with st.container(horizontal=True, vertical_alignment="center", key="fade.controls"):
        st.markdown(f"**{stage_label(stage, lang)}**")
        st.button(t("fade.previous", lang), key="fade.previous", on_click=_go,
                  args=(stage - 1,), disabled=stage == 0)
        if fade_alone(stage):
            st.button(t("fade.another", lang), key="fade.another", on_click=_go, args=(stage,))
        else:
            st.button(t("fade.next", lang), key="fade.next", type="primary", on_click=_go,
                      args=(stage + 1,), disabled=bool(open_blanks))
    if fade_alone(stage):
        st.caption(t("fade.alone_note", lang, seed=ss[modes_state.FADE_SEED]))
    if blanks:
        given = ", ".join(f"{notation.text(n)} = {fmt(named_value(trace, n), decimals)}"
                          for n in GIVEN)
        st.caption(t("fade.given", lang, given=given))
    else:
        st.caption(t("fade.worked_note", lang))
    current = open_blanks[0] if open_blanks else None
    with st.container(key=CHAIN_KEY):
        st.html(CHAIN_CSS)
        st.latex(chain_latex(trace, blanks, done, decimals, current))
    if current is not None:
        step = _step(trace, current)
        st.caption(f"{rule(step, lang)} — {needs(trace, step, 'backward', decimals, lang)}")
        _blank(trace, step, decimals, lang)
    elif blanks and not fade_alone(stage):
        st.success(t("fade.stage_done", lang))
    elif blanks:
        st.success(t("fade.all_done", lang))
