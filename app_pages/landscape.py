"""Gradient descent landscape: the error over two weights with descent's path, and a 1-D slice."""

import streamlit as st

from bpcore import fmt
from bpcore.landscape import WEIGHT_INDEX, descent_path, error_grid, error_slice
from bpcore.limits import DESCENT_STEPS, LANDSCAPE_SPAN
from tutor import state
from tutor.i18n import t
from tutor.landscape_charts import contour_figure, slice_figure
from tutor.page import begin, phase_banner
from tutor.plot import show_figure

STEPS = DESCENT_STEPS.hi
names = list(WEIGHT_INDEX)

ctx = begin("landscape")
phase_banner("landscape", ctx.lang)
first, second, span_col = st.columns(3)
p = first.selectbox(t("landscape.first", ctx.lang), names, key=state.LAND_P)
q = second.selectbox(t("landscape.second", ctx.lang), names, key=state.LAND_Q)
span = span_col.slider(t("landscape.span", ctx.lang), *LANDSCAPE_SPAN.bounds, step=0.5,
                       key=state.LAND_SPAN)
if p == q:
    st.error(t("landscape.same", ctx.lang))
else:
    path = descent_path(ctx.scenario, p, q, STEPS)
    # The rectangle is centred on the start and widened to hold the whole path.
    p_range = (min(path.p.min(), path.p[0] - span), max(path.p.max(), path.p[0] + span))
    q_range = (min(path.q.min(), path.q[0] - span), max(path.q.max(), path.q[0] + span))
    grid = error_grid(ctx.scenario, p, q, p_range, q_range)
    upto = st.slider(t("landscape.steps", ctx.lang, eta=fmt(ctx.scenario.eta, ctx.decimals)),
                     *DESCENT_STEPS.bounds, key=state.LAND_STEP)
    show_figure(contour_figure(grid, path, upto, ctx.lang), "landscape.contour")
    st.caption(t("landscape.progress", ctx.lang, step=upto,
                 start=fmt(float(path.errors[0]), ctx.decimals),
                 now=fmt(float(path.errors[upto]), ctx.decimals)))

st.subheader(t("landscape.slice_heading", ctx.lang))
one = st.selectbox(t("landscape.one", ctx.lang), names, key=state.LAND_ONE)
cut = error_slice(ctx.scenario, one, span)
show_figure(slice_figure(cut, ctx.lang, ctx.decimals), "landscape.slice")
st.info(t("landscape.step_text", ctx.lang, name=one, w0=fmt(cut.w0, ctx.decimals),
          slope=fmt(cut.slope, ctx.decimals), eta=fmt(ctx.scenario.eta, ctx.decimals),
          w1=fmt(cut.w1, ctx.decimals), e0=fmt(cut.e0, ctx.decimals),
          e1=fmt(cut.e1, ctx.decimals)))
