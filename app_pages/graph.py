"""Computational graph: values forward, gradients backward, and the chain rule's two cases."""

import streamlit as st

from bpcore.bughunt import GRAPH_HUNTS, graph_hunt
from bpcore.errors import CodedError
from bpcore.graph import Graph, chain_rule, evaluate
from bpcore.graph_examples import EXAMPLES
from bpcore.program_apple import EXAMPLES as CODED_EXAMPLES
from bpcore.program_apple import apple_program
from tutor.figures.graph import (
    REVERSE_ORDER,
    graph_figure,
    label,
    latex_names,
    reverse_formulas,
    reverse_network_figure,
    subscript,
)
from tutor.i18n import t
from tutor.lesson.codeview import program_view
from tutor.modes.bughunt import hunt_section
from tutor.pages import graph as graph_state
from tutor.stepping.stepper import step_controls
from tutor.stepping.stepview import DIAGRAM_SHARE, PANEL_KEY, PRESENT_SHARE
from tutor.ui.choices import choice_widget
from tutor.ui.fields import kept_number
from tutor.ui.formula import formula_latex, formula_panel, say
from tutor.ui.formula_width import formula_em
from tutor.ui.page import begin, phase_banner
from tutor.ui.plot import show_figure

LEAF_LIMIT = 1e6  # bounds the inputs; a node that would still overflow is refused

ctx = begin("graph")
phase_banner("graph", ctx.lang)


def build(key: str) -> Graph:
    """The example graph ``key`` (the o1 neuron's from the worked example's trace)."""
    return EXAMPLES[key](ctx.trace) if key == "neuron_o1" else EXAMPLES[key]()


# The example and its inputs in one row, so that the graph and its step's formula, side by
# side under the step controls, fit one 1280×720 screen; in presentation mode the row is
# folded (the projected page is the graph; the teacher opens the row to edit an input).
shown = st.session_state.get(graph_state.GRAPH_EXAMPLE) or graph_state.DEFAULTS[
    graph_state.GRAPH_EXAMPLE]
editable = [leaf for leaf in build(shown).leaves if not leaf.constant]
inputs = (st.expander(t("graph.leaves", ctx.lang)) if ctx.presenting else st.container())
with inputs:
    if not ctx.presenting:
        st.markdown(f"**{t('graph.leaves', ctx.lang)}**")
    example_column, *leaf_columns = st.columns([2] + [1] * len(editable),
                                               vertical_alignment="bottom")
    below = st.container()  # a refused leaf is explained here, under the whole row
example = choice_widget(
    example_column.selectbox, t("graph.example", ctx.lang), list(EXAMPLES),
    key=graph_state.GRAPH_EXAMPLE, format_func=lambda k: t(f"graph.example.{k}", ctx.lang))
graph = build(example)
chosen = {leaf.name: kept_number(label(graph, leaf.name, ctx.lang),
                                 graph_state.graph_leaf_key(example, leaf.name), -LEAF_LIMIT,
                                 LEAF_LIMIT, lang=ctx.lang, decimals=ctx.decimals,
                                 default=leaf.value, where=column, message_where=below)
          for column, leaf in zip(leaf_columns, editable, strict=True)}
words = latex_names(graph, ctx.lang)
try:
    trace = evaluate(graph, chosen, words)
except CodedError as err:
    st.error(t("graph.overflow", ctx.lang, name=label(graph, err.field, ctx.lang))
             if err.code == "overflow" else t("graph.bad_leaf", ctx.lang))
    trace = evaluate(graph, symbols=words)


def name(value: str) -> str:
    """A name a graph message mentions, as the page writes it (other parameters as they are)."""
    return label(graph, value, ctx.lang) if value in graph.names() else value


current = step_controls(graph_state.graph_step_key(example), len(trace.steps), ctx.lang)
share = PRESENT_SHARE if ctx.presenting else DIAGRAM_SHARE
diagram, panel = st.columns([share, 1 - share], gap="small")
with diagram:
    show_figure(graph_figure(trace, current, ctx.decimals, ctx.lang), f"graph.{example}")
    st.caption(t("graph.legend", ctx.lang))
with panel, st.container(key=PANEL_KEY):  # the stepping pages' formula sizing
    width = formula_em(formula_latex(trace.steps[current], ctx.decimals))
    st.html(f"<style>.st-key-{PANEL_KEY} {{ --formula-em: {width:.2f}; }}</style>")
    formula_panel(trace.steps[current], current, len(trace.steps), ctx.decimals, ctx.lang,
                  name=name)
if example in CODED_EXAMPLES:
    program_view(apple_program(example, trace.values), ctx.lang,
                 t("code.apple_note", ctx.lang), title="code.title_python")

st.subheader(t("graph.chain_title", ctx.lang))
constants = {leaf.name for leaf in graph.leaves if leaf.constant}
choices = [n for n in graph.names() if n != graph.output and n not in constants]
picked = choice_widget(
    st.selectbox, t("graph.chain_pick", ctx.lang), choices, key=graph_state.GRAPH_CHAIN_NAME,
    format_func=name)
rule = chain_rule(trace, picked, words)
st.markdown(say(rule.message, ctx.lang))
st.latex(formula_latex(rule, ctx.decimals))

st.subheader(t("graph.reverse_title", ctx.lang))
st.caption(t("graph.reverse_caption", ctx.lang))
k = step_controls(graph_state.GRAPH_REVERSE_STEP, len(REVERSE_ORDER), ctx.lang)
# The network and its step's words and formulas side by side, as above: the section (its
# title, caption, controls, network and formulas) fits one 1280×720 screen.
reverse, said = st.columns([share, 1 - share], gap="small")
with reverse:
    show_figure(reverse_network_figure(ctx.trace, ctx.decimals, ctx.lang, k), "graph.reverse")
neuron = REVERSE_ORDER[k]
with said:
    st.info(t("reverse.output" if neuron in ("o1", "o2") else "reverse.hidden", ctx.lang,
              neuron=neuron, sub=subscript(neuron)))
    for formula in reverse_formulas(ctx.trace, neuron):
        st.latex(formula_latex(formula, ctx.decimals))

st.subheader(t("bughunt.title", ctx.lang))
st.caption(t("bughunt.intro", ctx.lang))
for hunt_tab, hunt_key in zip(st.tabs([t(f"bughunt.tab.{h}", ctx.lang) for h in GRAPH_HUNTS]),
                              GRAPH_HUNTS, strict=True):
    with hunt_tab:
        hunt_section(graph_hunt(hunt_key), ctx.decimals, ctx.lang, ctx.presenting)
