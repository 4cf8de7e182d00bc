"""Weight update: old → new for every weight, the error before and after, and iterating (the
worked example); for another network, its update step by step (tutor.stepping.netview)."""

import streamlit as st

from tutor.modes import state as modes_state
from tutor.modes.concept import concept_panel
from tutor.stepping import network
from tutor.stepping import state as stepping_state
from tutor.stepping.netview import mazur_table, net_page
from tutor.stepping.stepper import WayOn, step_controls
from tutor.stepping.stepview import iteration_panel, step_view
from tutor.ui.formula import updates_table
from tutor.ui.page import begin, phase_banner

ctx = begin("update")
phase_banner("update", ctx.lang)
if network.is_worked(st.session_state):
    steps = ctx.trace.phase_steps("update")
    current = step_controls(
        stepping_state.STEP_UPDATE, len(steps), ctx.lang,
        way_on=WayOn("app_pages/training.py", "page.training"), play=True,
        way_back=WayOn("app_pages/backward.py", "page.backward", stepping_state.STEP_BACKWARD,
                       len(ctx.trace.phase_steps("backward")) - 1))
    # While practising, the old → new table would give every answer away.
    practising = bool(st.session_state.get(modes_state.PRACTICE))
    step_view("update", ctx.trace, steps, current, ctx.decimals, ctx.lang,
              beside=None if practising else lambda: updates_table(ctx.trace, ctx.decimals,
                                                                   ctx.lang))
    iteration_panel(ctx.trace, ctx.decimals, ctx.lang)
    concept_panel(ctx.lang)
    mazur_table(ctx.lang)
else:
    net_page("update", ctx.lang, ctx.decimals)
