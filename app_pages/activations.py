"""Activation functions with their derivatives, and the vanishing gradient in a deep stack."""

import streamlit as st

from bpcore import ACTIVATIONS
from bpcore.deep import gradient_norms
from bpcore.limits import VANISHING_DEPTH
from tutor import state
from tutor.activation_charts import activation_figure, gradient_norms_figure
from tutor.i18n import t
from tutor.page import begin, phase_banner
from tutor.plot import show_figure

ctx = begin("activations")
phase_banner("activations", ctx.lang)
# The choices come from the registry; softmax has a Jacobian, not a curve of f'(z).
names = [name for name, act in ACTIVATIONS.items() if act.elementwise]
columns = st.columns(3)
for k, name in enumerate(names):
    with columns[k % 3]:
        show_figure(activation_figure(name, ctx.lang), f"activations.{name}")
        st.latex(rf"\begin{{aligned}} &{ACTIVATIONS[name].formula} \\ "
                 rf"&{ACTIVATIONS[name].prime_formula} \end{{aligned}}")

st.subheader(t("activations.vanishing_title", ctx.lang))
st.markdown(t("activations.vanishing_intro", ctx.lang))
left, right = st.columns(2)
depth = left.slider(t("activations.depth", ctx.lang), *VANISHING_DEPTH.bounds,
                    key=state.VANISHING_DEPTH)
compare = right.multiselect(t("activations.compare", ctx.lang), names,
                            key=state.VANISHING_ACTIVATIONS)
if compare:
    norms = {name: gradient_norms(name, depth=depth, seed=0) for name in compare}
    show_figure(gradient_norms_figure(norms, ctx.lang), "activations.norms")
else:
    st.info(t("activations.pick_one", ctx.lang))
