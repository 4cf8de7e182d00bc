"""The chain rule on a 1-1-1 network: every factor of ∂J/∂w1 and ∂J/∂w2 with its number."""

import streamlit as st

from bpcore import fmt
from bpcore.chain import CHAIN_LOSSES, chain_111
from bpcore.limits import CHAIN_TARGET, MAGNITUDE
from tutor.i18n import t
from tutor.pages import chain_rule as chain_state
from tutor.ui.choices import choice_widget
from tutor.ui.fields import kept_number
from tutor.ui.formula import COLUMN_EM, formula_latex
from tutor.ui.page import begin, phase_banner

ctx = begin("chain_rule")
phase_banner("chain_rule", ctx.lang)
columns = st.columns(5)
below = st.container()  # a refused input is explained here, under the whole row
values = {}
for column, name in zip(columns, ("x", "w1", "w2", "y"), strict=False):
    low, high = (CHAIN_TARGET if name == "y" else MAGNITUDE).bounds
    values[name] = kept_number(t(f"chain.field.{name}", ctx.lang),
                               f"{chain_state.CHAIN_PREFIX}{name}",
                               low, high, lang=ctx.lang, decimals=ctx.decimals, where=column,
                               message_where=below)
loss = choice_widget(
    columns[4].radio, t("chain.loss", ctx.lang), CHAIN_LOSSES, key=chain_state.CHAIN_LOSS,
    format_func=lambda k: t(f"loss.{k}", ctx.lang))
chain = chain_111(values["x"], values["w1"], values["w2"], values["y"], loss)

forward, backward = st.columns(2, gap="large")
with forward:
    st.subheader(t("phase.forward", ctx.lang))
    for line in chain.forward:
        st.latex(formula_latex(line, ctx.decimals, room=COLUMN_EM))
with backward:
    st.subheader(t("chain.factors", ctx.lang))
    for factor in chain.factors:
        st.latex(formula_latex(factor, ctx.decimals, room=COLUMN_EM))
st.subheader(t("chain.products", ctx.lang))
for weight, k in (("w2", 1), ("w1", 0)):
    st.latex(formula_latex(chain.product(weight), ctx.decimals))
    st.success(t("chain.check", ctx.lang, weight=weight,
                 analytic=fmt(chain.product(weight).value, ctx.decimals),
                 numeric=fmt(chain.numeric[k], ctx.decimals)))
