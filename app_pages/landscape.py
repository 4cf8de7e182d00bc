"""Gradient descent landscape: the error over two weights with descent's path, and a 1-D slice."""

import streamlit as st

from bpcore import fmt
from bpcore.landscape import WEIGHT_INDEX, fit_span
from bpcore.limits import DESCENT_STEPS, LANDSCAPE_SPAN
from tutor.figures.landscape import contour_figure, slice_figure
from tutor.i18n import t, tn
from tutor.pages import landscape as landscape_state
from tutor.ui.choices import choice_widget
from tutor.ui.page import begin, phase_banner
from tutor.ui.plot import show_figure

STEPS = DESCENT_STEPS.hi
names = list(WEIGHT_INDEX)

ctx = begin("landscape")
phase_banner("landscape", ctx.lang)
first, second, span_col = st.columns(3)
p = choice_widget(
    first.selectbox, t("landscape.first", ctx.lang), names, key=landscape_state.LAND_P)
q = choice_widget(
    second.selectbox, t("landscape.second", ctx.lang), names, key=landscape_state.LAND_Q)
span = span_col.slider(t("landscape.span", ctx.lang), *LANDSCAPE_SPAN.bounds, step=0.5,
                       key=landscape_state.LAND_SPAN)
if p == q:
    st.error(t("landscape.same", ctx.lang))
else:
    path, grid = landscape_state.LAND_RESULT.keep(st.session_state,
                                        (ctx.scenario, p, q, float(span), STEPS)).result
    upto = st.slider(t("landscape.steps", ctx.lang, eta=fmt(ctx.scenario.eta, ctx.decimals)),
                     *DESCENT_STEPS.bounds, key=landscape_state.LAND_STEP)
    show_figure(contour_figure(grid, path, upto, ctx.lang), "landscape.contour")
    st.caption(tn("landscape.progress", upto, ctx.lang, step=upto,
                 start=fmt(float(path.errors[0]), ctx.decimals),
                 now=fmt(float(path.errors[upto]), ctx.decimals)))

st.subheader(t("landscape.slice_heading", ctx.lang))
pick, zoom = st.columns([1, 2], vertical_alignment="bottom")
one = choice_widget(
    pick.selectbox, t("landscape.one", ctx.lang), names, key=landscape_state.LAND_ONE)
fit = zoom.toggle(t("landscape.fit", ctx.lang), key=landscape_state.LAND_FIT)
view = fit_span(ctx.scenario, one) if fit else float(span)
cut = landscape_state.LAND_SLICE.keep(st.session_state, (ctx.scenario, one, view)).result
show_figure(slice_figure(cut, ctx.lang, ctx.decimals), "landscape.slice")
st.info(t("landscape.step_text", ctx.lang, name=one, w0=fmt(cut.w0, ctx.decimals),
          slope=fmt(cut.slope, ctx.decimals), eta=fmt(ctx.scenario.eta, ctx.decimals),
          w1=fmt(cut.w1, ctx.decimals), e0=fmt(cut.e0, ctx.decimals),
          e1=fmt(cut.e1, ctx.decimals)))
st.caption(t("landscape.fit_on" if fit else "landscape.fit_off", ctx.lang,
             w0=fmt(cut.w0, ctx.decimals), half=fmt(view, ctx.decimals)))
