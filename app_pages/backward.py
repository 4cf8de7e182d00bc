"""Backward pass: every factor, δ and gradient from the output back, checked numerically; or,
in the faded-example mode, the chain to w5's update worked and faded stage by stage. Another
network than the worked example is stepped by tutor.stepping.netview (its faded example, to
w^L_11's update, by tutor.modes.fading.net_fading_view)."""

import streamlit as st

from tutor.i18n import t
from tutor.lesson import state as lesson_state
from tutor.modes import state as modes_state
from tutor.modes.fading import fading_view, net_fading_view
from tutor.stepping import network
from tutor.stepping import state as stepping_state
from tutor.stepping.drawn import estimates_of
from tutor.stepping.netview import mazur_table, net_page
from tutor.stepping.stepper import WayOn, step_controls
from tutor.stepping.stepview import step_view
from tutor.ui.page import begin, phase_banner

ctx = begin("backward")
phase_banner("backward", ctx.lang)
if not network.is_worked(st.session_state) and modes_state.mode(st.session_state) == "fade":
    net_fading_view(network.net_id(st.session_state), network.spec_in_use(st.session_state),
                    ctx.decimals, ctx.lang)
elif not network.is_worked(st.session_state):
    net_page("backward", ctx.lang, ctx.decimals)
elif modes_state.mode(st.session_state) == "fade":
    fading_view(ctx.scenario, ctx.decimals, ctx.lang)
else:
    steps = ctx.trace.phase_steps("backward")
    current = step_controls(
        stepping_state.STEP_BACKWARD, len(steps), ctx.lang,
        way_on=WayOn("app_pages/update.py", "page.update"), play=True,
        way_back=WayOn("app_pages/forward.py", "page.forward", stepping_state.STEP_FORWARD,
                       len(ctx.trace.phase_steps("forward", "error")) - 1))
    offer_fd = not lesson_state.is_hidden(st.session_state, "finite_difference")
    show_fd = offer_fd and bool(st.session_state.get(stepping_state.SHOW_FD))
    estimates = estimates_of(ctx.scenario) if show_fd else None
    step_view("backward", ctx.trace, steps, current, ctx.decimals, ctx.lang,
              estimates=estimates,
              tools=(lambda: st.toggle(t("backward.finite_difference", ctx.lang),
                                       key=stepping_state.SHOW_FD)) if offer_fd else None)
    mazur_table(ctx.lang)
