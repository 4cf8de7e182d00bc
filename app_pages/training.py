"""Training: many updates of the current scenario, their curves, and a replay of any iteration."""

import streamlit as st

from bpcore import History, Scenario, fmt
from bpcore.descent import rise_share, verdict
from bpcore.limits import ITERATIONS
from tutor.i18n import t, tn
from tutor.pages import training as training_state
from tutor.pages.training_charts import moment_charts, run_charts
from tutor.serving.busy import REFUSALS, pool_refusal
from tutor.ui.fields import kept_number
from tutor.ui.page import begin, phase_banner
from tutor.ui.plot import show_still
from tutor.ui.progress import bar
from tutor.ui.table import show_arrow


def charts(history: History, inputs: tuple[Scenario, int], lang: str, decimals: int) -> None:
    """The run's charts, the scale switch and the replay: a fragment, so a switch or a replay
    reruns only this part of the page; each chart is made once per server (training_charts)."""
    log = st.toggle(t("training.log_scale", lang), key=training_state.TRAIN_LOG)
    replay = min(st.session_state.get(training_state.TRAIN_REPLAY, history.iterations),
                 history.iterations)
    moment = moment_charts(inputs, history, log, replay, lang, decimals)
    run = run_charts(inputs, history, lang, decimals)
    show_still(moment.error, "training.error", lang)
    left, right = st.columns(2)
    with left:
        show_still(run.outputs, "training.outputs", lang)
    with right:
        show_still(run.weights, "training.weights", lang)
    st.subheader(t("training.replay_title", lang))
    if history.iterations > 0:
        st.session_state[training_state.TRAIN_REPLAY] = replay
        st.slider(t("training.replay", lang), 0, history.iterations,
                  key=training_state.TRAIN_REPLAY)
    show_still(moment.network, "training.replay", lang)
    st.markdown(f"**{t('training.final_title', lang)}**")
    show_arrow(run.final)


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
st.fragment(charts)(history, outcome.kept.inputs, ctx.lang, ctx.decimals)
