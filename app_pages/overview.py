"""Overview: the 2-2-2 network with every weight, net and out, the error, and where to start."""

import streamlit as st

from bpcore import fmt
from tutor.figures.network import network_figure
from tutor.i18n import t
from tutor.stepping.stepper import WayOn, way_on_button
from tutor.ui.page import begin, phase_banner
from tutor.ui.plot import show_svg

ctx = begin("overview")
phase_banner("overview", ctx.lang)
# Where to start beside the diagram, so both are on the first screen at 1280×720.
diagram, start = st.columns([0.66, 0.34], gap="medium")
with diagram:
    # A still picture, drawn as SVG: a fresh browser needs no Plotly JavaScript for it.
    show_svg(network_figure(ctx.trace, view="overview", decimals=ctx.decimals, lang=ctx.lang,
                            presenting=ctx.presenting), "overview-diagram",
             t("overview.diagram_title", ctx.lang))
with start:
    st.markdown(t("overview.start", ctx.lang))
    st.caption(t("stepper.keys_help", ctx.lang))  # the keys that step every page's lesson
    way_on_button(WayOn("app_pages/forward.py", "page.forward"),
                  t("overview.go_forward", ctx.lang), "overview.go_forward")
    st.metric(t("overview.error", ctx.lang), fmt(ctx.trace["E_total"], ctx.decimals))
    st.metric(t("field.eta", ctx.lang), fmt(ctx.scenario.eta, ctx.decimals))
