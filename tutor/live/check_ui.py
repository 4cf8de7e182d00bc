"""The concept check in the live classroom on screen: the teacher opens it before the lesson
and after it (the sidebar's "Concept check" buttons), the students answer on their own
screens, and the teacher sees, in the page's place, each question's share right before and
after, the slips the class picked named, the class's mean scores and its normalised gain, and
downloads them as CSV.

tutor/live/ui.py calls ``sidebar_block`` (the teacher's buttons), ``teacher_showing`` /
``teacher_screen`` and ``student_screen`` from live_main; it passes in what only it knows (the
student's id and rate-limit caller, how to let go of a lost room), so this module never
imports it. Numbers come from bpcore (tutor.live.check); student text is never shown here.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from dataclasses import replace
from typing import Any, Final

import streamlit as st

from bpcore import fmt
from bpcore.concept import Graded, Question, revisit
from bpcore.errors import CodedError
from bpcore.practice import MAX_SEED, next_seed
from tutor.i18n import t, tn
from tutor.live import room as rules
from tutor.live import state as live_state
from tutor.live.check import (
    PHASE_NAMES,
    Results,
    check_of,
    gain_said,
    graded_once,
    picks_text,
    question_label,
    results,
    results_csv,
    slips_said,
)
from tutor.live.model import Question as RoomQuestion
from tutor.modes.concept import ask_text, given_text
from tutor.ui.choices import choice_widget
from tutor.ui.reasons import reason
from tutor.ui.table import static_table

GATHER_EVERY_S: Final = 1.5  # the teacher's count of the answers while a check is open
Lost = Callable[[CodedError], None]  # tutor.live.ui._lost: a refused teacher's room let go


def _ss() -> Any:
    return st.session_state


def _runs() -> dict[str, tuple[str, int]]:
    """The checks this teacher opened: phase → (question id, seed)."""
    runs: dict[str, tuple[str, int]] = _ss().setdefault(live_state.LIVE_CHECK_RUNS, {})
    return runs


# --- the teacher ----------------------------------------------------------------------------
def _open(phase: str, lost: Lost) -> None:
    """Open the check: "pre" with a fresh seed, "post" with the seed after the pre-test's
    (bpcore.practice.next_seed: the same questions, other numbers)."""
    ss, runs = _ss(), _runs()
    teacher = ss.get(live_state.LIVE_TEACHER)
    if teacher is None or (phase == "post" and "pre" not in runs):
        return
    seed = secrets.randbelow(MAX_SEED) + 1 if phase == "pre" else next_seed(runs["pre"][1])
    try:
        question = rules.ask_check(rules.open_store(), teacher, phase, seed, time.time())
    except CodedError as err:
        lost(err)
        return
    if phase == "pre":
        runs.clear()  # a new pre-test starts a new comparison
    runs[phase] = (question.id, seed)
    ss[live_state.LIVE_QUESTION] = question
    ss[live_state.LIVE_CHECK_SCREEN] = True
    ss[live_state.LIVE_JOIN_SCREEN] = False


def _show(shown: bool) -> None:
    _ss()[live_state.LIVE_CHECK_SCREEN] = shown


def sidebar_block(lost: Lost, lang: str) -> None:
    """In the teacher's live block: open the check before or after the lesson, see results."""
    runs = _runs()
    st.markdown(f"**{t('live.check.heading', lang)}**")
    before, after = st.columns(2)
    before.button(t("live.check.pre", lang), key="live.check.pre", width="stretch",
                  on_click=_open, args=("pre", lost))
    after.button(t("live.check.post", lang), key="live.check.post", width="stretch",
                 on_click=_open, args=("post", lost), disabled="pre" not in runs)
    st.button(t("live.check.results", lang), key="live.check.results", width="stretch",
              on_click=_show, args=(True,), disabled=not runs)


def _open_check() -> RoomQuestion | None:
    """The room's question when it is a check still taking answers."""
    question = _ss().get(live_state.LIVE_QUESTION)
    return question if rules.is_check(question) and not question.revealed else None


def teacher_showing() -> bool:
    """True when the teacher's page gives way to the check: it is open, or its results
    were asked for."""
    return bool(_ss().get(live_state.LIVE_CHECK_SCREEN)) or _open_check() is not None


def _close(teacher: rules.Teacher, back: bool) -> None:
    """Stop taking answers to the open check (the room's reveal); ``back``: and go back to
    the lesson."""
    ss = _ss()
    question = _open_check()
    if question is not None:
        try:
            rules.reveal(rules.open_store(), teacher, question.id, time.time())
        except CodedError as err:
            ss[live_state.LIVE_REFUSAL] = err
            return
        ss[live_state.LIVE_QUESTION] = replace(question, revealed=True)
        ss[live_state.LIVE_DISMISSED] = question.id
    if back:
        ss[live_state.LIVE_CHECK_SCREEN] = False


def teacher_screen(teacher: rules.Teacher, lang: str) -> None:
    """In the page's place: the check's state and buttons, then the class's results (live
    while a check is open)."""
    runs = _runs()
    question = _open_check()
    if question is not None and runs.get(question.kind, ("",))[0] != question.id:
        runs[question.kind] = (question.id, question.step)  # a resumed teacher's open check
    with st.container(horizontal=True, vertical_alignment="center", key="live-check-head"):
        st.subheader(t("live.check.heading", lang), anchor=False, width="content")
        if question is not None:
            st.button(t("live.check.close", lang), key="live.check.close",
                      on_click=_close, args=(teacher, False))
        st.button(t("live.check.back_closing" if question is not None else "live.back", lang),
                  key="live.check.back", type="primary", on_click=_close, args=(teacher, True))
    if question is not None:
        st.caption(t("live.check.open", lang, phase=t(PHASE_NAMES[question.kind], lang)))
    else:
        st.caption(t("live.check.closed_teacher", lang))
    st.fragment(_results, run_every=GATHER_EVERY_S if question is not None else None)(
        teacher.code, dict(runs), lang)


def class_results(code: str, runs: dict[str, tuple[str, int]],
                  now: float) -> tuple[Results, dict[str, int]]:
    """The class's results from the store (each answer graded once per server) and how
    many students sent each test."""
    store = rules.open_store()
    tests: dict[str, tuple[tuple[Question, ...], list[Graded]]] = {}
    for phase, (question_id, seed) in runs.items():
        graded = [g for a in rules.tally(store, code, question_id, now)
                  if (g := graded_once(seed, a.text)) is not None]
        tests[phase] = (check_of(seed), graded)
    found = results(tests.get("pre"), tests.get("post"))
    return found, {phase: len(graded) for phase, (_, graded) in tests.items()}


def _percent(share: float | None) -> str:
    """A share as a whole percentage, as the live tally shows one ("–": not taken)."""
    return "–" if share is None else f"{round(100 * share)} %"


def _results(code: str, runs: dict[str, tuple[str, int]], lang: str) -> None:
    """Body of the teacher's fragment: the metrics, the table, the CSV."""
    try:
        found, sent = class_results(code, runs, time.time())
        joined = rules.seats(rules.open_store(), code, time.time())
    except CodedError as err:
        st.warning(reason(err, lang))
        return
    pre_col, post_col, gain_col = st.columns(3)
    for col, phase, mean in ((pre_col, "pre", found.pre_mean), (post_col, "post", found.post_mean)):
        col.metric(t(PHASE_NAMES[phase], lang), _percent(mean))
        col.caption(tn("live.check.sent_count", sent.get(phase, 0), lang, of=joined)
                    if phase in runs else t("live.check.not_yet", lang))
    said = gain_said(found, lang)
    # A metric's value is one line in large type: "no room to gain" goes beneath it.
    gain_col.metric(t("live.check.gain", lang), said if found.gain is not None else "–")
    if found.gain is None and said != "–":
        gain_col.caption(said)
    gain_col.caption(t("live.check.gain_about", lang))
    asked = found.pre or found.post or ()
    if not any(sent.values()):
        st.caption(t("live.check.nobody", lang))
    columns = [t(key, lang) for key in ("live.check.col.number", "live.check.col.question",
                                        "live.check.col.pre", "live.check.col.post",
                                        "live.check.col.slips_pre", "live.check.col.slips_post")]
    rows = []
    for k, q in enumerate(asked):
        before = found.pre[k] if found.pre else None
        after = found.post[k] if found.post else None
        cells = (str(k + 1), question_label(q.topic, q.step, lang),
                 _percent(before.share_right if before else None),
                 _percent(after.share_right if after else None),
                 slips_said(before, lang), slips_said(after, lang))
        rows.append(dict(zip(columns, cells, strict=True)))
    if asked:
        st.download_button(t("live.check.download", lang), results_csv(found, lang),
                           file_name=f"concept-check-{code}.csv", mime="text/csv",
                           on_click="ignore", key="live.check.csv")
        # A static table: its cells wrap, so every named slip is read on a projector
        # (a data grid cuts a long cell and scrolls its columns sideways).
        static_table(rows)


# --- a student ------------------------------------------------------------------------------
def _send(question: RoomQuestion, student: str, caller: rules.Caller) -> None:
    ss = _ss()
    check = check_of(question.step)
    picks = [ss.get(live_state.live_check_pick_key(question.id, k)) for k in range(len(check))]
    text = picks_text(picks)
    try:
        rules.submit(rules.open_store(), ss[live_state.LIVE_CODE], student, question.id, text,
                     str(ss.get(live_state.LIVE_NICKNAME) or ""), time.time(), caller)
    except CodedError as err:
        ss[live_state.LIVE_REFUSAL] = err
        return
    ss.setdefault(live_state.LIVE_SENT, {})[question.id] = text


def _dismiss(question: RoomQuestion) -> None:
    _ss()[live_state.LIVE_DISMISSED] = question.id


def student_screen(question: RoomQuestion, student: str, caller: rules.Caller,
                   lang: str) -> None:
    """In the page's place: the check to answer and send (again until the teacher closes
    it); once closed, the student's own score and what to revisit."""
    ss = _ss()
    check = check_of(question.step)
    sent = ss.get(live_state.LIVE_SENT, {}).get(question.id)
    st.subheader(t(PHASE_NAMES[question.kind], lang), anchor=False)
    if question.revealed:
        st.info(t("live.check.closed_student", lang))
        graded = None if sent is None else graded_once(question.step, sent)
        if graded is not None:
            said = t("concept.score", lang, right=sum(graded.right), total=len(check))
            topics = revisit(check, graded.picks)
            if topics:
                said += " " + t("concept.revisit", lang, topics=t("hint.join", lang).join(
                    t(f"concept.topic.{x}", lang) for x in topics))
            st.markdown(said)
        st.button(t("live.back", lang), key="live.back", type="primary", on_click=_dismiss,
                  args=(question,))
        return
    st.caption(t("concept.intro", lang, seed=question.step, given=given_text(question.step)))
    for k, q in enumerate(check):
        shown = [fmt(c, 4) for c in q.choices]
        choice_widget(
            st.radio, ask_text(q, k + 1, lang), range(len(shown)), index=None, horizontal=True,
            key=live_state.live_check_pick_key(question.id, k), format_func=shown.__getitem__)
    st.button(t("live.check.send", lang), key=f"live.check.send.{question.id}", type="primary",
              width="stretch", on_click=_send, args=(question, student, caller))
    if sent is not None:
        st.caption(t("live.check.sent", lang))
