"""Activation functions with their derivatives, and the vanishing gradient in a deep stack."""

import streamlit as st

from bpcore import ACTIVATIONS
from bpcore.deep import gradient_norms
from bpcore.limits import VANISHING_DEPTH
from tutor.figures.activations import (
    activation_figure,
    activation_name,
    formulas_latex,
    gradient_norms_figure,
)
from tutor.i18n import t
from tutor.pages import activations as activations_state
from tutor.ui.choices import choice_widget
from tutor.ui.page import begin, phase_banner
from tutor.ui.plot import show_figure

ctx = begin("activations")
phase_banner("activations", ctx.lang)
# The choices come from the registry; softmax has a Jacobian, not a curve of f'(net).
names = [name for name, act in ACTIVATIONS.items() if act.elementwise]
# Two per row: three would squeeze each chart and cut the longer formulas on a laptop screen.
columns = st.columns(2, gap="large")
for k, name in enumerate(names):
    with columns[k % 2]:
        show_figure(activation_figure(name, ctx.lang), f"activations.{name}")
        st.latex(formulas_latex(name))

st.subheader(t("activations.vanishing_title", ctx.lang))
st.markdown(t("activations.vanishing_intro", ctx.lang))
left, right = st.columns(2)
depth = left.slider(t("activations.depth", ctx.lang), *VANISHING_DEPTH.bounds,
                    key=activations_state.VANISHING_DEPTH)
compare = choice_widget(
    right.multiselect, t("activations.compare", ctx.lang), names,
    format_func=lambda n: activation_name(n, ctx.lang), key=activations_state.VANISHING_ACTIVATIONS,
    placeholder=t("activations.compare_none", ctx.lang))
if compare:
    norms = {name: gradient_norms(name, depth=depth, seed=0) for name in compare}
    show_figure(gradient_norms_figure(norms, ctx.lang), "activations.norms")
else:
    st.info(t("activations.pick_one", ctx.lang))
