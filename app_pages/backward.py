"""Backward pass: every factor, δ and gradient from the output back, checked numerically."""

import streamlit as st

from bpcore import scenario_estimates
from tutor import state
from tutor.diagram import network_figure
from tutor.formula import estimate_note, formula_panel, values_table
from tutor.i18n import t
from tutor.page import begin, phase_banner
from tutor.plot import show_figure
from tutor.stepper import step_controls

ctx = begin("backward")
phase_banner("backward", ctx.lang)
steps = ctx.trace.phase_steps("backward")
current = step_controls(state.STEP_BACKWARD, len(steps), ctx.lang)
show_fd = not state.is_hidden(st.session_state, "finite_difference") and st.toggle(
    t("backward.finite_difference", ctx.lang), key=state.SHOW_FD)
estimates = scenario_estimates(ctx.scenario) if show_fd else None
show_figure(network_figure(ctx.trace, view="backward", decimals=ctx.decimals, lang=ctx.lang,
                           current=current, steps=steps, animate=True), "backward.diagram")
formula, table = st.columns(2, gap="large")
with formula:
    if not state.is_hidden(st.session_state, "formula"):
        formula_panel(steps[current], current, len(steps), ctx.decimals, ctx.lang)
    if estimates is not None:
        estimate_note(steps[current], estimates, ctx.decimals, ctx.lang)
with table:
    if not state.is_hidden(st.session_state, "table"):
        values_table(steps, current, ctx.decimals, ctx.lang, estimates)
