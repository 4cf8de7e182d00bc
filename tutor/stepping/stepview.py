"""The body shared by the forward, backward and update pages: the diagram and, beside it, the
step's panel (formula, or the practice question); the values so far below them.

Side by side so that at 1280×720 the controls, the diagram and the current step's explanation
and formula with its result are all on one screen; the values table may run below the fold.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import streamlit as st

from bpcore import Step, Trace, fmt
from bpcore.program_worked import worked_program
from tutor.figures.history import error_history_figure
from tutor.figures.network import network_figure
from tutor.i18n import t
from tutor.lesson import state as lesson_state
from tutor.lesson.codeview import code_toggle, code_view, showing_code
from tutor.modes import state as modes_state
from tutor.modes.lens import question_latex
from tutor.modes.practice import answered, practice_panel
from tutor.modes.predict import PAGES as PREDICTED_PAGES
from tutor.modes.predict import made, prediction_form, prediction_result
from tutor.stepping import state as stepping_state
from tutor.stepping.drawn import PHASES, StepKey, drawn
from tutor.ui.formula import (
    estimate_note,
    formula_latex,
    formula_panel,
    show_panel,
    shown_values_table,
    step_header,
    values_table,
)
from tutor.ui.formula_width import formula_em
from tutor.ui.plot import show_figure, show_picture, show_svg

# The diagram's share of the page width: the formula beside it gets the rest. At 1280 px the
# diagram then has ~520 px with the sidebar open, ~750 px in presentation mode (sidebar
# closed): the least widths diagram.PAGE_LOOK and PRESENT_LOOK are laid out for.
DIAGRAM_SHARE = 0.58
PRESENT_SHARE = 0.63
PANEL_KEY = "step-panel"  # the formula column; the frame's style sheet sizes its formulas


def step_view(page: str, trace: Trace, steps: Sequence[Step], current: int, decimals: int,
              lang: str, beside: Callable[[], None] | None = None,
              estimates: Mapping[str, float] | None = None,
              tools: Callable[[], object] | None = None) -> None:
    """Draw the step view; ``beside`` replaces the values table (the update page's table),
    ``tools`` adds controls under the formula (the backward page's finite-difference switch)."""
    mode = modes_state.mode(st.session_state)
    practising = mode == "practice"
    predicting = mode == "predict" and page in PREDICTED_PAGES
    prediction = made(page, current) if predicting else None
    reveal = ((not practising or answered(page, current))
              and (not predicting or prediction is not None))
    presenting = bool(st.session_state.get(lesson_state.PRESENTATION))
    share = PRESENT_SHARE if presenting else DIAGRAM_SHARE
    # The step's code may take the diagram's place, only once its value is shown.
    code_ok = reveal and not lesson_state.is_hidden(st.session_state, "formula")
    # The diagram, the formula's texts and the values table, drawn once per server for
    # every session showing this step (tutor.stepping.drawn): a class following a teacher
    # redraws nothing but the page's own elements.
    asked = predicting and prediction is None
    drawing = drawn(StepKey(trace.scenario, page, current, decimals, lang, reveal, asked,
                            presenting, estimates is not None)) if _shared(
        page, trace, steps) else None
    diagram, panel = st.columns([share, 1 - share], gap="small")
    with diagram:
        if code_ok and showing_code():
            code_view(worked_program(trace, decimals), steps[current].name, lang)
        elif drawing is not None:
            show_picture(drawing.picture, f"{page}.diagram")
        else:
            # A still picture per step (each step is a rerun; no hover, no clicks), drawn as
            # SVG: a fresh browser shows it without Plotly's JavaScript.
            show_svg(network_figure(trace, view=page, decimals=decimals, lang=lang,
                                    current=current, steps=steps, reveal_current=reveal,
                                    presenting=presenting), f"{page}.diagram")
    with panel, st.container(key=PANEL_KEY):
        # How wide this step's formula is, for the style sheet to fit it to the column (a
        # prediction not yet made shows only its question: its width gives nothing away).
        width = drawing.width_em if drawing is not None else formula_em(
            question_latex(steps[current]) if asked
            else formula_latex(steps[current], decimals, reveal))
        st.html(f"<style>.st-key-{PANEL_KEY} {{ --formula-em: {width:.2f}; }}</style>")
        if practising:
            practice_panel(page, lesson_state.PAGE_STEP_KEYS[page], trace, steps[current], current,
                           len(steps), decimals, lang)
        elif predicting and prediction is None:
            prediction_form(page, trace, steps[current], current, len(steps), decimals, lang)
        elif predicting and prediction is not None:
            # The formula, then the verdict with its reasons right under it (on screen at
            # 1280×720): the reasons say what the step's explanation would.
            step_header(steps[current], current, len(steps), lang)
            st.latex(formula_latex(steps[current], decimals))
            prediction_result(trace, steps[current], prediction, decimals, lang)
        elif not lesson_state.is_hidden(st.session_state, "formula"):
            if drawing is not None:
                st.markdown(drawing.header)
                show_panel(drawing.explanation, drawing.fits, drawing.live_words)
            else:
                formula_panel(steps[current], current, len(steps), decimals, lang)
            if estimates is not None:
                estimate_note(steps[current], estimates, decimals, lang)
        if tools is not None:
            tools()
        if code_ok:
            code_toggle(lang)
    if beside is not None:
        beside()
    elif not lesson_state.is_hidden(st.session_state, "table"):
        if drawing is not None:
            shown_values_table(drawing.table, lang)
        else:
            values_table(steps, current if reveal else current - 1, decimals, lang, estimates)


def _shared(page: str, trace: Trace, steps: Sequence[Step]) -> bool:
    """True when the page steps through its own phases of the trace (the drawings are
    keyed by the page: tutor.stepping.drawn.PHASES)."""
    return page in PHASES and tuple(steps) == trace.phase_steps(*PHASES[page])


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
