"""The computational-graph page under AppTest: examples, stepping, chain rule, both languages."""


import pytest
from streamlit.testing.v1 import AppTest

from bpcore import Scenario, fmt, fmt_latex, trace_step
from bpcore.graph import evaluate
from bpcore.graph_examples import EXAMPLES, apples_oranges_graph, neuron_o1_graph
from tests.app.apptest import field, open_page
from tutor import state
from tutor.i18n import t


def open_graph(lang: str = "en") -> AppTest:
    return open_page("graph", lang)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("example", list(EXAMPLES))
def test_every_example_runs_in_both_languages(example, lang):
    at = open_graph(lang)
    at.selectbox(key=state.GRAPH_EXAMPLE).set_value(example).run()
    assert not at.exception
    assert at.title[0].value == t("page.graph", lang)
    assert at.get("plotly_chart")  # the graph and the reverse network


def test_stepping_to_the_last_step_shows_the_apples_and_oranges_gradient():
    at = open_graph()
    at.selectbox(key=state.GRAPH_EXAMPLE).set_value("apples_oranges").run()
    trace = evaluate(apples_oranges_graph())
    key = state.graph_step_key("apples_oranges")
    at.slider(key=state.slider_key(key)).set_value(len(trace.steps)).run()
    last = trace.steps[-1]  # backward visits the nodes in reverse: apple_price comes last
    assert (last.node, last.target) == ("apple_price", "apple_num")
    assert fmt_latex(last.value, 4) in at.latex[0].value and "110.0000" in at.latex[0].value


def test_editing_a_leaf_recomputes_the_graph():
    at = open_graph()
    at.selectbox(key=state.GRAPH_EXAMPLE).set_value("apples").run()
    field(at, state.graph_leaf_key("apples", "apple_num")).input("3.0").run()
    at.selectbox(key=state.GRAPH_CHAIN_NAME).set_value("tax").run()
    assert fmt_latex(300.0, 4) in at.latex[-1].value  # d price / d tax = 100 · 3
    assert not at.exception


def test_the_o1_neuron_shows_case_two_with_the_traces_numbers():
    at = open_graph("zh")
    at.selectbox(key=state.GRAPH_EXAMPLE).set_value("neuron_o1").run()
    at.selectbox(key=state.GRAPH_CHAIN_NAME).set_value("net_o1").run()
    delta = trace_step(Scenario.worked_example())["delta_o1"]
    assert fmt_latex(delta, 4) in at.latex[-1].value
    assert t("graph.case2", "zh", count=2) in [m.value for m in at.markdown]


def test_the_o1_neuron_follows_the_edited_scenario():
    at = open_graph()
    at.sidebar.text_input(key="edit.w5").input("0.9").run()
    at.selectbox(key=state.GRAPH_EXAMPLE).set_value("neuron_o1").run()
    graph = neuron_o1_graph(trace_step(Scenario.worked_example().with_value("w5", 0.9)))
    assert float(field(at, state.graph_leaf_key("neuron_o1", "w5")).value) == 0.9
    assert evaluate(graph).grads["w5"] != 0


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("example", list(EXAMPLES))
def test_graph_figures_are_valid_plotly_at_every_step(example, lang):
    import plotly.graph_objects as go

    from tutor.graph_figure import graph_figure, reverse_network_figure

    base = trace_step(Scenario.worked_example())
    trace = evaluate(EXAMPLES[example](base) if example == "neuron_o1" else EXAMPLES[example]())
    for k in range(len(trace.steps)):
        go.Figure(graph_figure(trace, k, 4, lang))
    go.Figure(reverse_network_figure(base, 4, lang))


def test_gradients_appear_on_edges_only_once_the_backward_pass_reaches_them():
    from tutor.graph_figure import graph_figure

    trace = evaluate(apples_oranges_graph())
    forward_end = sum(1 for s in trace.steps if s.phase == "forward") - 1
    text = " ".join(a["text"] for a in graph_figure(trace, forward_end, 4, "en")["layout"][
        "annotations"])
    assert "∂" not in text and "715.0000" in text
    last = graph_figure(trace, len(trace.steps) - 1, 4, "en")
    text = " ".join(a["text"] for a in last["layout"]["annotations"])
    assert "∂ 650.0000" in text and "∂ 165.0000" in text


def test_the_reverse_network_shows_the_traces_gains_and_deltas():
    from tutor.graph_figure import reverse_network_figure

    base = trace_step(Scenario.worked_example())
    text = " ".join(a["text"] for a in reverse_network_figure(base, 4, "en")["layout"][
        "annotations"])
    for n in ("o1", "o2", "h1", "h2"):
        assert f"σ′ = {fmt(base[f'dout_{n}_dnet_{n}'], 4)}" in text
        assert f"δ {fmt(base[f'delta_{n}'], 4)}" in text
    assert f"× w5 → {fmt(base['dEo1_dout_h1'], 4)}" in text
