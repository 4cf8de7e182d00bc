"""Learning rate: several η trained side by side in one batched run, each with a verdict."""

import streamlit as st

from bpcore import fmt
from bpcore.descent import verdict
from bpcore.errors import CodedError
from tutor import state
from tutor.busy import REFUSALS, pool_refusal
from tutor.i18n import t
from tutor.kept import spinner
from tutor.page import begin, phase_banner
from tutor.plot import show_figure
from tutor.rates import parse_rates
from tutor.reasons import reason
from tutor.training_charts import rates_figure

ctx = begin("learning_rate")
phase_banner("learning_rate", ctx.lang)
text = st.text_input(t("rates.input", ctx.lang), key=state.RATES_TEXT)
try:
    rates = parse_rates(text)
except CodedError as err:
    st.error(t("rates.rejected", ctx.lang, reason=reason(err, ctx.lang)), icon="⚠️")
    rates = st.session_state.get(state.RATES_VALID, (0.05, 0.5, 5.0, 50.0))
st.session_state[state.RATES_VALID] = rates
n = st.session_state[state.RATES_ITERATIONS]
outcome = state.RATES_RESULT.keep(
    st.session_state, (ctx.scenario, rates, n),
    spinner(t("rates.running", ctx.lang, k=len(rates), n=f"{n:,}"), ctx.lang),
    refusals=REFUSALS)
pool_refusal(outcome, ctx.lang)  # the server's workers were all busy: the last runs stay
histories = outcome.result
verdicts = [verdict(h.errors, h.diverged) for h in histories]
for h, v in zip(histories, verdicts, strict=True):
    if h.diverged:  # stopped at a non-finite error: the curve ends where it stopped
        st.error(t("training.diverged", ctx.lang, stopped=h.stopped_at,
                   eta=fmt(h.eta, ctx.decimals)))
    elif v == "diverged":
        st.warning(t("rates.diverged", ctx.lang, eta=f"{h.eta:g}",
                     start=fmt(float(h.errors[0]), ctx.decimals),
                     end=fmt(float(h.errors[-1]), ctx.decimals)))
show_figure(rates_figure(histories, ctx.lang), "rates.curves")
st.table([{"η": f"{h.eta:g}",
           t("rates.final", ctx.lang, n=f"{h.iterations:,}"): fmt(float(h.errors[-1]),
                                                                  ctx.decimals),
           t("rates.verdict", ctx.lang): t(f"verdict.{v}", ctx.lang)}
          for h, v in zip(histories, verdicts, strict=True)])
st.caption(t("rates.note", ctx.lang))
