"""Weight update: old → new for every weight, the error before and after, and iterating."""

import streamlit as st

from bpcore import fmt
from tutor import state
from tutor.charts import error_history_figure
from tutor.formula import updates_table
from tutor.i18n import t
from tutor.page import begin, phase_banner
from tutor.plot import show_figure
from tutor.stepper import step_controls
from tutor.stepview import step_view

ctx = begin("update")
phase_banner("update", ctx.lang)
steps = ctx.trace.phase_steps("update")
current = step_controls(state.STEP_UPDATE, len(steps), ctx.lang)
# While practising, the old → new table would give every answer away.
practising = bool(st.session_state.get(state.PRACTICE))
step_view("update", ctx.trace, steps, current, ctx.decimals, ctx.lang,
          beside=None if practising else lambda: updates_table(ctx.trace, ctx.decimals, ctx.lang))
before, after, iteration = st.columns(3)
before.metric(t("update.error_before", ctx.lang), fmt(ctx.trace["E_total"], ctx.decimals))
after.metric(t("update.error_after", ctx.lang), fmt(ctx.trace["E_total_new"], ctx.decimals))
iteration.metric(t("update.iteration", ctx.lang), st.session_state[state.ITERATION])
st.caption(t("update.order_note", ctx.lang))
apply, start = st.columns(2)
apply.button(t("update.apply", ctx.lang), key="update.apply", type="primary",
             width="stretch",
             on_click=state.apply_update, args=(st.session_state, ctx.trace))
start.button(t("update.back_to_start", ctx.lang), key="update.back_to_start",
             width="stretch",
             on_click=state.back_to_start, args=(st.session_state,))
errors = [*st.session_state[state.ERROR_HISTORY], ctx.trace["E_total"]]
show_figure(error_history_figure(errors, ctx.lang), "update.history")
