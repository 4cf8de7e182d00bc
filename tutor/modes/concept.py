"""The concept check a learner takes alone: eleven questions from bpcore.concept on a seeded
exercise (its numbers shown), one choice each, then the score and the topics to revisit; a new
check draws other numbers, the same questions (bpcore.practice.next_seed)."""

from __future__ import annotations

import streamlit as st

from bpcore import fmt
from bpcore.concept import Question, revisit, score
from bpcore.practice import exercise, next_seed
from tutor.i18n import t
from tutor.live.check import check_of
from tutor.modes import state as modes_state
from tutor.ui import notation
from tutor.ui.choices import choice_widget

FIRST_SEED = 1


def ask_text(question: Question, n: int, lang: str) -> str:
    """The question in words: what is asked, with the numbers it states."""
    name = notation.text(question.step)
    if question.topic == "learning_rate":
        return t("concept.ask_eta", lang, n=n, name=name, eta=fmt(question.eta, 4))
    if question.topic == "batches":
        g1, g2 = question.given
        return t("concept.ask_batch", lang, n=n, name=name, g1=fmt(g1, 4), g2=fmt(g2, 4))
    return t("concept.ask", lang, n=n, name=name)


def given_text(seed: int) -> str:
    """The exercise's numbers in one line: inputs, targets, weights, biases, η."""
    s = exercise(seed)
    names = ("i1", "i2", "target_o1", "target_o2", *(f"w{k}" for k in range(1, 9)),
             "b_h1", "b_o1", "eta")
    return ", ".join(f"{notation.text(n)} = {fmt(s.get(n), 4)}" for n in names)


def _new() -> None:
    ss = st.session_state
    ss[modes_state.CONCEPT_SEED] = next_seed(ss.get(modes_state.CONCEPT_SEED, FIRST_SEED))
    ss[modes_state.CONCEPT_DONE] = False
    for k in range(len(check_of(FIRST_SEED))):
        ss.pop(modes_state.concept_pick_key(k), None)


def _submit() -> None:
    st.session_state[modes_state.CONCEPT_DONE] = True


def concept_panel(lang: str) -> None:
    """The check in an expander: the exercise's numbers, the questions, Submit; then the
    score and what to revisit, and a new check.

    A fragment, drawn only while open: its eleven choices were a fifth of every rerun of the
    update page (each keyed widget copies the session state), on every Next of every
    learner, for a check most of them leave closed. Opening it, picking and submitting rerun
    the panel alone: nothing else on the page depends on it.
    """
    st.fragment(_panel)(lang)


def _panel(lang: str) -> None:
    ss = st.session_state
    seed = int(ss.setdefault(modes_state.CONCEPT_SEED, FIRST_SEED))
    check = check_of(seed)  # made once per server and seed (the live class's check too)
    with st.expander(t("concept.title", lang), key=modes_state.CONCEPT_OPEN,
                     on_change="rerun") as box:
        if not box.open:
            # The choices are not drawn: keep the picks made, for when it opens again.
            for k in range(len(check)):
                if modes_state.concept_pick_key(k) in ss:
                    ss[modes_state.concept_pick_key(k)] = ss[modes_state.concept_pick_key(k)]
            return
        st.caption(t("concept.intro", lang, seed=seed, given=given_text(seed)))
        for k, question in enumerate(check):
            shown = [fmt(c, 4) for c in question.choices]
            choice_widget(
                st.radio, ask_text(question, k + 1, lang), range(len(shown)), index=None,
                horizontal=True, key=modes_state.concept_pick_key(k), format_func=shown.__getitem__)
        picked = [ss.get(modes_state.concept_pick_key(k)) for k in range(len(check))]
        submit, again = st.columns(2)
        submit.button(t("concept.submit", lang), key="concept.submit", type="primary",
                      on_click=_submit, width="stretch")
        again.button(t("concept.new", lang), key="concept.new", on_click=_new, width="stretch")
        if ss.get(modes_state.CONCEPT_DONE):
            right = round(score(check, picked) * len(check))
            topics = revisit(check, picked)
            said = t("concept.score", lang, right=right, total=len(check))
            if topics:
                st.warning(said + " " + t("concept.revisit", lang, topics=t(
                    "hint.join", lang).join(t(f"concept.topic.{x}", lang) for x in topics)))
            else:
                st.success(said + " " + t("concept.all_right", lang))
