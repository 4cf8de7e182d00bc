"""Overview: the 2-2-2 network with every weight, net and out, the error, and where to start."""

import streamlit as st

from bpcore import fmt
from tutor.diagram import network_figure
from tutor.i18n import t
from tutor.page import begin, phase_banner
from tutor.plot import show_figure

ctx = begin("overview")
phase_banner("overview", ctx.lang)
show_figure(network_figure(ctx.trace, view="overview", decimals=ctx.decimals, lang=ctx.lang),
            "overview.diagram")
error, eta = st.columns(2)
error.metric(t("overview.error", ctx.lang), fmt(ctx.trace["E_total"], ctx.decimals))
eta.metric(t("field.eta", ctx.lang), fmt(ctx.scenario.eta, ctx.decimals))
st.markdown(t("overview.start", ctx.lang))
st.page_link("app_pages/forward.py", label=t("overview.go_forward", ctx.lang), icon="➡️")
