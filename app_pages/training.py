"""Training: many updates of the current scenario, their curves, and a replay of any iteration."""

import streamlit as st

from bpcore import fmt, trace_step
from bpcore.descent import rise_share, verdict
from bpcore.limits import ITERATIONS
from tutor.figures.network import network_figure
from tutor.figures.training import error_figure, final_rows, outputs_figure, weights_figure
from tutor.i18n import t, tn
from tutor.pages import training as training_state
from tutor.serving.busy import REFUSALS, pool_refusal
from tutor.ui.fields import kept_number
from tutor.ui.page import begin, phase_banner
from tutor.ui.plot import show_figure
from tutor.ui.progress import bar
from tutor.ui.table import static_table

ctx = begin("training")
phase_banner("training", ctx.lang)
n = kept_number(t("training.iterations", ctx.lang), training_state.TRAIN_ITERATIONS,
                *ITERATIONS.bounds,
                lang=ctx.lang, integer=True, width=320)
# Kept per (scenario, n), so a display option never retrains; made once for the whole server.
outcome = training_state.TRAIN_RESULT.keep(st.session_state, (ctx.scenario, int(n)),
                                  bar(tn("training.running", n, ctx.lang, n=f"{n:,}"), ctx.lang),
                                  refusals=REFUSALS)
pool_refusal(outcome, ctx.lang)  # the server's workers were all busy: the last run stays
history = outcome.result
if outcome.fresh:  # a new run: the replay starts at its end
    st.session_state[training_state.TRAIN_REPLAY] = history.iterations
verdict_now = verdict(history.errors, history.diverged)
if history.diverged:
    st.error(t("training.diverged", ctx.lang, stopped=history.stopped_at,
               eta=fmt(history.eta, ctx.decimals)))
elif verdict_now == "diverged":  # finite, but it ended above where it started
    st.warning(t("training.ended_higher", ctx.lang, eta=fmt(history.eta, ctx.decimals),
                 start=fmt(float(history.errors[0]), ctx.decimals),
                 end=fmt(float(history.errors[-1]), ctx.decimals)))
elif verdict_now == "oscillating":
    st.warning(t("training.oscillating", ctx.lang, eta=fmt(history.eta, ctx.decimals),
                 share=f"{rise_share(history.errors):.1%}"))
error, out1, out2 = st.columns(3)
error.metric(tn("training.final_error", history.iterations, ctx.lang,
                n=f"{history.iterations:,}"),
             fmt(float(history.errors[-1]), ctx.decimals))
out1.metric("out_o1", fmt(float(history.outputs[-1, 0]), ctx.decimals))
out2.metric("out_o2", fmt(float(history.outputs[-1, 1]), ctx.decimals))
log = st.toggle(t("training.log_scale", ctx.lang), key=training_state.TRAIN_LOG)
replay = min(st.session_state.get(training_state.TRAIN_REPLAY, history.iterations),
             history.iterations)
show_figure(error_figure(history, log, replay, ctx.lang), "training.error", table=True)
left, right = st.columns(2)
with left:
    show_figure(outputs_figure(history, ctx.lang), "training.outputs")
with right:
    show_figure(weights_figure(history, ctx.lang), "training.weights")
st.subheader(t("training.replay_title", ctx.lang))
if history.iterations > 0:
    st.session_state[training_state.TRAIN_REPLAY] = replay
    replay = st.slider(t("training.replay", ctx.lang), 0, history.iterations,
                       key=training_state.TRAIN_REPLAY)
show_figure(network_figure(trace_step(history.scenario_at(replay)), view="overview",
                           decimals=ctx.decimals, lang=ctx.lang), "training.replay")
st.markdown(f"**{t('training.final_title', ctx.lang)}**")
static_table(final_rows(history, ctx.decimals, ctx.lang))
