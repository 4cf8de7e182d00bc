"""The worked example as the stepping pages show it (tutor/stepping/stepview.py's StepSource):
its trace read under Mazur's names (its diagram tutor/figures/network.py),
its own NumPy (bpcore.program_worked), old → new for w1…w8, Apply and the error after each
update, the concept check, the table of its names in the general notation, and its faded
example.

What differs from any other network is here, as one strategy object; the page's layout is
stepview's, the same for every network.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import streamlit as st

from bpcore import Formula, Scenario, Step, Trace, fmt
from bpcore.program_worked import worked_program
from bpcore.qname import MAZUR
from tutor.figures.history import error_history_figure
from tutor.figures.network import network_figure
from tutor.i18n import t
from tutor.lesson import state as lesson_state
from tutor.lesson.codeview import code_view
from tutor.modes.concept import concept_panel
from tutor.modes.fading import fading_view
from tutor.modes.lens import Column, WorkedLens
from tutor.stepping import state as stepping_state
from tutor.stepping.drawn import PHASES, estimates_of
from tutor.ui import notation
from tutor.ui.formula import updates_table
from tutor.ui.plot import show_figure

# The worked example's names shown beside the general notation (inputs, parameters, a few
# values): w5 ↔ w²₁₁.
MAZUR_SHOWN = ("i1", "i2", "w1", "w2", "w3", "w4", "w5", "w6", "w7", "w8", "b_h1", "b_h2",
               "b_o1", "b_o2", "net_h1", "out_h1", "net_o1", "out_o1", "delta_o1", "delta_h1",
               "target_o1", "target_o2")


@dataclass(frozen=True)
class WorkedSource:
    """The worked example (the session's editable Scenario and its trace) for the one page
    body: Mazur's names, notation and numbers, exactly as its pages always showed them."""

    scenario: Scenario
    trace: Trace
    crowded: bool = False  # its 2-2-2 diagram leaves the formula its usual column
    fade_note: bool = False  # its forward and update pages say nothing of the faded example

    @property
    def lens(self) -> WorkedLens:
        return WorkedLens(self.trace)

    def column(self) -> Column | None:
        return None  # its formulas keep the frame's own sizing

    def steps(self, page: str) -> Sequence[Step]:
        return self.trace.phase_steps(*PHASES[page])

    @property
    def network(self) -> Scenario:
        return self.scenario

    def figure(self, page: str, current: int, decimals: int, lang: str, reveal: bool,
               presenting: bool) -> dict[str, Any]:
        return network_figure(self.trace, view=page, decimals=decimals, lang=lang,
                              current=current, steps=self.steps(page), reveal_current=reveal,
                              presenting=presenting)

    def namer(self, lang: str) -> Callable[[str], str]:
        return notation.text  # Mazur's names (w5, δ_o1, ∂E/∂w5) in every language

    def row_name(self, step: Formula) -> str:
        return notation.step_text(step)

    def estimates(self) -> Mapping[str, float]:
        return estimates_of(self.scenario)

    def code_view(self, step: Formula, decimals: int, lang: str) -> None:
        code_view(worked_program(self.trace, decimals), step.name, lang)

    def notes(self, step: Formula, reveal: bool, lang: str) -> None:
        """Nothing under the worked example's formula (one sample, no ReLU)."""

    def note_texts(self, step: Formula, reveal: bool, lang: str) -> tuple[tuple[str, str], ...]:
        """notes' texts: none."""
        return ()

    def update_panel(self, decimals: int, lang: str) -> None:
        updates_table(self.trace, decimals, lang)

    def extras(self, page: str, decimals: int, lang: str) -> None:
        if page == "update":
            iteration_panel(self.trace, decimals, lang)
            concept_panel(lang)
        mazur_table(lang)

    def faded(self, decimals: int, lang: str) -> None:
        fading_view(self.scenario, decimals, lang)


def _apply(trace: Trace) -> None:
    stepping_state.apply_update(st.session_state, trace)
    st.session_state[stepping_state.UPDATE_APPLIED] = True


def iteration_panel(trace: Trace, decimals: int, lang: str) -> None:
    """Apply the update to the example (or go back to the starting weights), the error before
    and after, and the error after each update applied so far.

    Kept apart from the step controls, and saying so: those step through the update's
    formulas and change nothing; Apply changes the example every page shows.
    """
    ss = st.session_state
    st.subheader(t("update.apply_heading", lang))
    st.caption(f"{t('update.steps_note', lang)} {t('update.apply_note', lang)}")
    before, after, iteration = st.columns(3)
    before.metric(t("update.error_before", lang), fmt(trace["E_total"], decimals))
    after.metric(t("update.error_after", lang), fmt(trace["E_total_new"], decimals))
    iteration.metric(t("update.iteration", lang), ss[stepping_state.ITERATION])
    with st.container(horizontal=True):
        st.button(t("update.apply", lang), key="update.apply", type="primary",
                  on_click=_apply, args=(trace,))
        st.button(t("update.back_to_start", lang), key="update.back_to_start",
                  on_click=stepping_state.back_to_start, args=(
                      ss,), disabled=ss[stepping_state.ITERATION] == 0)
    count = ss[stepping_state.ITERATION]
    if count > 0:
        moved = t("update.applied", lang, count=count,
                  before=fmt(ss[stepping_state.ERROR_HISTORY][-1], decimals),
                  after=fmt(trace["E_total"], decimals))
        st.success(moved)
        if ss.pop(stepping_state.UPDATE_APPLIED, False):
            st.toast(moved, icon=":material/check_circle:")
    st.caption(t("update.order_note", lang))
    errors = [*ss[stepping_state.ERROR_HISTORY], trace["E_total"]]
    if len(errors) < 2:  # one point says nothing about a trend: say how to get a second
        st.caption(t("update.history_note", lang))
    else:
        show_figure(error_history_figure(errors, lang), "update.history", table=True)


def mazur_table(lang: str) -> None:
    """The worked example's names beside the general notation (w5 ↔ w²₁₁), in an expander:
    additive to the worked pages, folded so their layout stays as it was; hidden with the
    other tables when a lesson hides the table panel. A Markdown table of typeset names, not
    an st.table: the page's own tables stay the only ones (tests and lessons find them)."""
    if lesson_state.is_hidden(st.session_state, "table"):
        return
    with st.expander(t("net.mazur.title", lang)):
        st.markdown(t("net.mazur.intro", lang))
        st.markdown(mazur_markdown(lang))


def tutorial_latex(name: str) -> str:
    """A tutorial name as LaTeX: w5 → w_{5}, net_h1 → net_{h1}, delta_o1 → \\delta_{o1}."""
    match = re.fullmatch(r"([a-z])(\d)", name)
    if match:
        return f"{match.group(1)}_{{{match.group(2)}}}"
    base, sub = name.rsplit("_", 1)
    return f"{chr(92) + base if base == 'delta' else base}_{{{sub}}}"


def mazur_markdown(lang: str) -> str:
    """The worked example's tutorial names and their general notation, a Markdown table."""
    rows = [f"| ${tutorial_latex(n)}$ | ${MAZUR[n].latex()}$ |" for n in MAZUR_SHOWN]
    return "\n".join([f"| {t('net.mazur.tutorial', lang)} | {t('net.mazur.general', lang)} |",
                      "| --- | --- |", *rows])
