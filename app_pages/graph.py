"""Computational graph: values forward, gradients backward, and the chain rule's two cases."""

import streamlit as st

from bpcore import fmt_latex
from bpcore.graph import chain_paths, chain_rule_latex, evaluate
from bpcore.graph_examples import EXAMPLES
from tutor import state
from tutor.fields import kept_number
from tutor.formula import graph_step_latex
from tutor.graph_figure import graph_figure, reverse_network_figure
from tutor.i18n import t
from tutor.page import begin, phase_banner
from tutor.plot import show_figure
from tutor.stepper import step_controls

LEAF_LIMIT = 1e6  # bounds the inputs so no product overflows to infinity

ctx = begin("graph")
phase_banner("graph", ctx.lang)
example = st.selectbox(t("graph.example", ctx.lang), list(EXAMPLES), key=state.GRAPH_EXAMPLE,
                       format_func=lambda k: t(f"graph.example.{k}", ctx.lang))
graph = EXAMPLES[example](ctx.trace) if example == "neuron_o1" else EXAMPLES[example]()
editable = [leaf for leaf in graph.leaves if not leaf.constant]
st.markdown(f"**{t('graph.leaves', ctx.lang)}**")
leaf_columns = st.columns(len(editable))
below = st.container()  # a refused leaf is explained here, under the whole row
chosen = {leaf.name: kept_number(graph.label(leaf.name, ctx.lang),
                                 state.graph_leaf_key(example, leaf.name), -LEAF_LIMIT,
                                 LEAF_LIMIT, lang=ctx.lang, decimals=ctx.decimals,
                                 default=leaf.value, where=column, message_where=below)
          for column, leaf in zip(leaf_columns, editable, strict=True)}
try:
    trace = evaluate(graph, chosen)
except ValueError:
    st.error(t("graph.bad_leaf", ctx.lang))
    trace = evaluate(graph)
current = step_controls(state.graph_step_key(example), len(trace.steps), ctx.lang)
show_figure(graph_figure(trace, current, ctx.decimals, ctx.lang), f"graph.{example}")
st.caption(t("graph.legend", ctx.lang))
step = trace.steps[current]
st.markdown(f"**{t('formula.step_of', ctx.lang, index=current + 1, count=len(trace.steps))}**"
            f" · {t(f'phase.{step.phase}', ctx.lang)}")
st.info(step.explain(ctx.lang))
st.latex(graph_step_latex(step, graph.output, ctx.decimals))

st.subheader(t("graph.chain_title", ctx.lang))
names = [n for n in trace.values if n != graph.output]
name = st.selectbox(t("graph.chain_pick", ctx.lang), names, key=state.GRAPH_CHAIN_NAME)
paths = chain_paths(trace, name)
st.markdown(t("graph.case1", ctx.lang) if len(paths) == 1
            else t("graph.case2", ctx.lang, count=len(paths)))
symbolic, numbers = chain_rule_latex(paths, name, graph.output, ctx.decimals)
st.latex(symbolic)
st.latex(rf"= {numbers} = {fmt_latex(trace.grads[name], ctx.decimals)}")

st.subheader(t("graph.reverse_title", ctx.lang))
st.caption(t("graph.reverse_caption", ctx.lang))
show_figure(reverse_network_figure(ctx.trace, ctx.decimals, ctx.lang), "graph.reverse")
