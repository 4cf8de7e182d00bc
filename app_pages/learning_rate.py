"""Learning rate: several η trained side by side, each with a verdict from its curve.

Two problems: a quadratic bowl (the default: there a too-small η crawls, a good one converges
and a too-large one oscillates or diverges, at thresholds bpcore.bowl computes) and the worked
example's 2-2-2, which no η up to 1000 makes diverge (the page says why).
"""

import streamlit as st

from bpcore import fmt
from bpcore.bowl import MAX_CURVATURE, MIN_CURVATURE, Bowl
from bpcore.descent import verdict
from bpcore.limits import VALLEY_ETA
from bpcore.valley import RACERS, VALLEYS, floor_factor, race, stable_below
from tutor.figures.training import bowl_figure, curves_figure, rates_figure, valley_figure
from tutor.i18n import t, tn
from tutor.pages import learning_rate as rates_state
from tutor.pages.learning_rate import rates_field
from tutor.serving.busy import REFUSALS, pool_refusal
from tutor.ui.choices import choice_widget
from tutor.ui.fields import kept_number
from tutor.ui.page import begin, phase_banner
from tutor.ui.plot import show_figure
from tutor.ui.progress import spinner
from tutor.ui.table import static_table

PROBLEMS = ("bowl", "optimisers", "worked")


ctx = begin("learning_rate")
phase_banner("learning_rate", ctx.lang)
problem = choice_widget(
    st.radio, t("rates.problem", ctx.lang), PROBLEMS, key=rates_state.RATES_PROBLEM,
    horizontal=True, format_func=lambda p: t(f"rates.problem.{p}", ctx.lang))
if problem == "bowl":
    left, right = st.columns([1, 2])
    with left:
        a = kept_number(t("bowl.a", ctx.lang), rates_state.BOWL_A, MIN_CURVATURE, MAX_CURVATURE,
                        lang=ctx.lang, decimals=ctx.decimals)
    with right:
        rates = rates_field(rates_state.BOWL_TEXT, rates_state.BOWL_VALID, ctx.lang)
    bowl = Bowl(a=float(a))
    st.markdown(t("bowl.thresholds", ctx.lang, w_star=fmt(bowl.w_star, ctx.decimals),
                  a=fmt(bowl.a, ctx.decimals), one=fmt(bowl.one_step, ctx.decimals),
                  two=fmt(bowl.diverges_above, ctx.decimals)))
    n = st.session_state[rates_state.BOWL_ITERATIONS]
    runs = rates_state.BOWL_RESULT.keep(st.session_state, (bowl, rates, n)).result
    verdicts = [verdict(r.errors, r.diverged, r.steps) for r in runs]
    for r in runs:
        if r.diverged:
            st.error(tn("bowl.overflowed", r.stopped_at, ctx.lang, eta=f"{r.eta:g}",
                        stopped=r.stopped_at))
    shape, curves = st.columns(2)
    with shape:
        show_figure(bowl_figure(bowl, runs, ctx.lang), "rates.bowl")
    with curves:
        show_figure(curves_figure([(r.eta, r.errors) for r in runs], "J",
                                  t("bowl.chart_title", ctx.lang), ctx.lang, "lines+markers"),
                    "rates.bowl_curves", table=True)
    static_table([{"η": f"{r.eta:g}",
               t("bowl.factor", ctx.lang): fmt(bowl.factor(r.eta), ctx.decimals),
               tn("bowl.final", r.iterations, ctx.lang, n=f"{r.iterations:,}"):
                   fmt(float(r.errors[-1]), ctx.decimals),
               t("rates.verdict", ctx.lang): t(f"verdict.{v}", ctx.lang)}
              for r, v in zip(runs, verdicts, strict=True)])
    st.caption(t("bowl.note", ctx.lang))
elif problem == "optimisers":
    where = choice_widget(
        st.radio, t("valley.where", ctx.lang), list(VALLEYS), key=rates_state.VALLEY,
        horizontal=True, format_func=lambda v: t(f"valley.place.{v}", ctx.lang))
    valley = VALLEYS[where]
    sgd_eta = float(st.session_state[rates_state.valley_eta_key("sgd")])
    st.markdown(t("valley.about", ctx.lang, a1=fmt(valley.a1, 2), a2=fmt(valley.a2, 2),
                  stable=fmt(stable_below(valley), ctx.decimals), eta=f"{sgd_eta:g}",
                  factor=fmt(floor_factor(valley, sgd_eta), ctx.decimals)))
    racers = []
    for column, (spec, _) in zip(st.columns(len(RACERS)), RACERS, strict=True):
        with column:
            eta = kept_number(t("valley.eta", ctx.lang, name=t(f"builder.optimiser.{spec.name}",
                                                                ctx.lang)),
                              rates_state.valley_eta_key(spec.name), VALLEY_ETA.lo,
                              VALLEY_ETA.hi, lang=ctx.lang, decimals=ctx.decimals)
        racers.append((spec, float(eta)))
    n = int(st.session_state[rates_state.VALLEY_ITERATIONS])
    runs = race(valley, racers, n)
    names = [t(f"builder.optimiser.{r.spec.name}", ctx.lang) for r in runs]
    paths, curves = st.columns(2)
    with paths:
        show_figure(valley_figure(valley, runs, names, ctx.lang), "rates.valley_paths")
    with curves:
        show_figure(curves_figure(list(zip(names, [r.errors for r in runs], strict=True)), "J",
                                  t("valley.chart_title", ctx.lang), ctx.lang),
                    "rates.valley_curves", table=True)
    static_table([{t("builder.optimiser", ctx.lang): name, "η": f"{r.eta:g}",
                   tn("bowl.final", n, ctx.lang, n=f"{n:,}"): fmt(float(r.errors[-1]),
                                                                  ctx.decimals),
                   t("valley.reached", ctx.lang): "–" if r.reached is None else str(r.reached),
                   t("rates.verdict", ctx.lang): t(f"verdict.{r.verdict}", ctx.lang)}
                  for name, r in zip(names, runs, strict=True)])
    st.caption(t("valley.note", ctx.lang))
else:
    st.info(t("rates.no_divergence", ctx.lang))
    rates = rates_field(rates_state.RATES_TEXT, rates_state.RATES_VALID, ctx.lang)
    n = st.session_state[rates_state.RATES_ITERATIONS]
    outcome = rates_state.RATES_RESULT.keep(
        st.session_state, (ctx.scenario, rates, n),
        spinner(tn("rates.running", n, ctx.lang, k=len(rates), n=f"{n:,}"), ctx.lang),
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
    show_figure(rates_figure(histories, ctx.lang), "rates.curves", table=True)
    static_table([{"η": f"{h.eta:g}",
               tn("rates.final", h.iterations, ctx.lang, n=f"{h.iterations:,}"):
                   fmt(float(h.errors[-1]), ctx.decimals),
               t("rates.verdict", ctx.lang): t(f"verdict.{v}", ctx.lang)}
              for h, v in zip(histories, verdicts, strict=True)])
    st.caption(t("rates.note", ctx.lang))
