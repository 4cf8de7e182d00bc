"""Forward pass: step through every net, out and error of the trace, on the diagram."""

import streamlit as st

from tutor import state
from tutor.diagram import network_figure
from tutor.formula import formula_panel, values_table
from tutor.page import begin, phase_banner
from tutor.plot import show_figure
from tutor.stepper import step_controls

ctx = begin("forward")
phase_banner("forward", ctx.lang)
steps = ctx.trace.phase_steps("forward", "error")
current = step_controls(state.STEP_FORWARD, len(steps), ctx.lang)
show_figure(network_figure(ctx.trace, view="forward", decimals=ctx.decimals, lang=ctx.lang,
                           current=current, steps=steps, animate=True), "forward.diagram")
formula, table = st.columns(2, gap="large")
with formula:
    if not state.is_hidden(st.session_state, "formula"):
        formula_panel(steps[current], current, len(steps), ctx.decimals, ctx.lang)
with table:
    if not state.is_hidden(st.session_state, "table"):
        values_table(steps, current, ctx.decimals, ctx.lang)
