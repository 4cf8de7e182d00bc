"""Forward pass: step through every net, out and error of the trace, on the diagram (the worked
example's own page, or the network chosen in the sidebar)."""

import streamlit as st

from tutor.stepping import network
from tutor.stepping import state as stepping_state
from tutor.stepping.netview import mazur_table, net_page
from tutor.stepping.stepper import WayOn, step_controls
from tutor.stepping.stepview import step_view
from tutor.ui.page import begin, phase_banner

ctx = begin("forward")
phase_banner("forward", ctx.lang)
if network.is_worked(st.session_state):
    steps = ctx.trace.phase_steps("forward", "error")
    current = step_controls(stepping_state.STEP_FORWARD, len(steps), ctx.lang,
                            way_on=WayOn("app_pages/backward.py", "page.backward"), play=True)
    step_view("forward", ctx.trace, steps, current, ctx.decimals, ctx.lang)
    mazur_table(ctx.lang)
else:
    net_page("forward", ctx.lang, ctx.decimals)
