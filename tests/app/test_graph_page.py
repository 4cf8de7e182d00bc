"""The computational-graph page under AppTest: examples, stepping, chain rule, both languages,
the learner's names, and the reverse network stepping with the backward pass."""

import re

import pytest
from streamlit.testing.v1 import AppTest

from bpcore import Scenario, fmt, fmt_latex, trace_step
from bpcore.bughunt import GRAPH_HUNTS, graph_hunt
from bpcore.graph import evaluate
from bpcore.graph_examples import EXAMPLES, apples_oranges_graph, neuron_o1_graph
from tests.app.apptest import field, figures, open_page, step_formulas
from tutor.figures.graph import (
    REVERSE_ORDER,
    label,
    latex_names,
    reverse_formulas,
    reverse_network_figure,
)
from tutor.i18n import LANGUAGES, t
from tutor.modes.bughunt import line_latex
from tutor.pages import graph as graph_state
from tutor.stepping import state as stepping_state
from tutor.ui.formula import formula_latex

IDENTIFIER = re.compile(r"(?<![\w\\])[A-Za-z][A-Za-z0-9]*_[A-Za-z0-9]+|\+=")
# The worked example's own names, written as every page writes them (tutor.ui.notation):
# net_o1, out_h1, E_o1, target_o1 are the tutorial's notation, not code identifiers.
TUTORIAL_NAME = re.compile(r"(?<![\w\\])(?:net|out|target|E)_[ho]\d\b")


def open_graph(lang: str = "en") -> AppTest:
    return open_page("graph", lang)


def chain_latex(at: AppTest) -> str:
    """The chain-rule section's formula (after the current step's breakings, before the
    reverse network's)."""
    return at.latex[len(step_formulas(at))].value


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("example", list(EXAMPLES))
def test_every_example_runs_in_both_languages(example, lang):
    at = open_graph(lang)
    at.selectbox(key=graph_state.GRAPH_EXAMPLE).set_value(example).run()
    assert not at.exception
    assert at.title[0].value == t("page.graph", lang)
    assert at.get("plotly_chart")  # the graph and the reverse network


def test_stepping_to_the_last_step_shows_the_apples_and_oranges_gradient():
    at = open_graph()
    at.selectbox(key=graph_state.GRAPH_EXAMPLE).set_value("apples_oranges").run()
    trace = evaluate(apples_oranges_graph())
    key = graph_state.graph_step_key("apples_oranges")
    at.slider(key=stepping_state.slider_key(key)).set_value(len(trace.steps)).run()
    last = trace.steps[-1]  # backward visits the nodes in reverse: apple_price comes last
    assert (last.node, last.target) == ("apple_price", "apple_num")
    assert fmt_latex(last.value, 4) in at.latex[0].value and "110.0000" in at.latex[0].value


def test_editing_a_leaf_recomputes_the_graph():
    at = open_graph()
    at.selectbox(key=graph_state.GRAPH_EXAMPLE).set_value("apples").run()
    field(at, graph_state.graph_leaf_key("apples", "apple_num")).input("3.0").run()
    at.selectbox(key=graph_state.GRAPH_CHAIN_NAME).set_value("tax").run()
    assert fmt_latex(300.0, 4) in chain_latex(at)  # d price / d tax = 100 · 3
    assert not at.exception


def test_the_o1_neuron_shows_case_two_with_the_traces_numbers():
    at = open_graph("zh")
    at.selectbox(key=graph_state.GRAPH_EXAMPLE).set_value("neuron_o1").run()
    at.selectbox(key=graph_state.GRAPH_CHAIN_NAME).set_value("net_o1").run()
    delta = trace_step(Scenario.worked_example())["delta_o1"]
    assert fmt_latex(delta, 4) in chain_latex(at)
    assert t("graph.case2", "zh", count=2) in [m.value for m in at.markdown]


def test_the_o1_neuron_follows_the_edited_scenario():
    at = open_graph()
    at.sidebar.text_input(key="edit.w5").input("0.9").run()
    at.selectbox(key=graph_state.GRAPH_EXAMPLE).set_value("neuron_o1").run()
    graph = neuron_o1_graph(trace_step(Scenario.worked_example().with_value("w5", 0.9)))
    assert float(field(at, graph_state.graph_leaf_key("neuron_o1", "w5")).value) == 0.9
    assert evaluate(graph).grads["w5"] != 0


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("example", list(EXAMPLES))
def test_graph_figures_are_valid_plotly_at_every_step(example, lang):
    import plotly.graph_objects as go

    from tutor.figures.graph import graph_figure

    base = trace_step(Scenario.worked_example())
    trace = evaluate(EXAMPLES[example](base) if example == "neuron_o1" else EXAMPLES[example]())
    for k in range(len(trace.steps)):
        go.Figure(graph_figure(trace, k, 4, lang))
    for k in (None, *range(len(REVERSE_ORDER))):
        go.Figure(reverse_network_figure(base, 4, lang, k))


def test_gradients_appear_on_edges_only_once_the_backward_pass_reaches_them():
    from tutor.figures.graph import graph_figure

    trace = evaluate(apples_oranges_graph())
    forward_end = sum(1 for s in trace.steps if s.phase == "forward") - 1
    text = " ".join(a["text"] for a in graph_figure(trace, forward_end, 4, "en")["layout"][
        "annotations"])
    assert "∂" not in text and "715.0000" in text
    last = graph_figure(trace, len(trace.steps) - 1, 4, "en")
    text = " ".join(a["text"] for a in last["layout"]["annotations"])
    assert "∂ 650.0000" in text and "∂ 165.0000" in text


def test_each_operation_node_shows_its_operation():
    from tutor.figures.graph import graph_figure

    trace = evaluate(apples_oranges_graph())
    markers = graph_figure(trace, 0, 4, "en")["data"][-1]
    signs = dict(zip(trace.graph.names(), markers["text"], strict=True))
    assert signs["apple_price"] == signs["price"] == "×" and signs["all_price"] == "+"
    assert signs["apple"] == ""  # a leaf is a value, not an operation


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_shopping_graph_speaks_the_books_names_everywhere(lang):
    """The same names in the diagram, the explanation, the formula and the pickers: 苹果的价格,
    苹果的个数, 消费税 in Chinese (Saito's 鱼书), apple, number of apples, tax in English."""
    at = open_graph(lang)
    names = {n: t(f"graph.name.{n}", lang) for n in ("apple", "apple_num", "tax")}
    key = graph_state.graph_step_key("apples")
    at.slider(key=stepping_state.slider_key(key)).set_value(6).run()  # apple_price → apple_num
    fig = figures(at)[0]
    drawn = " ".join(a["text"] for a in fig["layout"]["annotations"])
    assert all(word in drawn for word in names.values())
    assert [n.label for n in at.main.text_input] == list(names.values())
    info = at.info[0].value
    assert names["apple_num"] in info and "apple_num" not in info
    assert rf"\text{{{names['apple_num']}}}" in at.latex[0].value
    picker = at.selectbox(key=graph_state.GRAPH_CHAIN_NAME)
    assert [picker.format_func(o) for o in picker.options][:3] == list(names.values())


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("example", list(EXAMPLES))
def test_no_code_identifier_or_plus_equals_in_the_page_text(example, lang):
    at = open_graph(lang)
    at.selectbox(key=graph_state.GRAPH_EXAMPLE).set_value(example).run()
    trace = evaluate(EXAMPLES[example](trace_step(Scenario())) if example == "neuron_o1"
                     else EXAMPLES[example]())
    key = graph_state.graph_step_key(example)
    # Every step in Chinese (where the browser test reads only a few: tests/browser/
    # test_graph_page.py), every third in English.
    for k in range(1, len(trace.steps) + 1, 1 if lang == "zh" else 3):
        at.slider(key=stepping_state.slider_key(key)).set_value(k).run()
        texts = [m.value for m in (*at.main.markdown, *at.main.info, *at.main.caption,
                                      *at.main.error)]
        texts += [a["text"] for fig in figures(at) for a in fig["layout"]["annotations"]]
        texts += [n.label for n in at.main.text_input]
        picker = at.selectbox(key=graph_state.GRAPH_CHAIN_NAME)
        texts += [picker.format_func(o) for o in picker.options]
        for text in texts:  # $…$ is typeset: w_0 reads w₀ there
            plain = TUTORIAL_NAME.sub(" ", re.sub(r"\$[^$]*\$", " ", text))
            assert not IDENTIFIER.search(plain), text
        for formula in [x.value for x in at.latex] + [m.value for m in at.main.markdown]:
            assert r"\_" not in formula and "+=" not in formula, formula  # no typeset a_b


def test_a_name_fed_to_two_nodes_is_summed_in_words_not_plus_equals():
    at = open_graph()
    at.selectbox(key=graph_state.GRAPH_EXAMPLE).set_value("neuron_o1").run()
    trace = evaluate(neuron_o1_graph(trace_step(Scenario())), symbols={})
    k = next(i for i, s in enumerate(trace.steps) if s.message.key == "graph.sum")
    at.slider(
        key=stepping_state.slider_key(
            graph_state.graph_step_key("neuron_o1"))).set_value(k + 1).run()
    assert at.info[0].value == t("graph.sum", "en", target="d", count=2)
    assert "+=" not in at.latex[0].value and r"\mathrel" not in at.latex[0].value


def test_a_leaf_that_makes_a_node_overflow_is_refused_with_a_message():
    at = open_graph("zh")
    at.selectbox(key=graph_state.GRAPH_EXAMPLE).set_value("sigmoid_neuron").run()
    field(at, graph_state.graph_leaf_key("sigmoid_neuron", "w0")).input("1e6").run()
    field(at, graph_state.graph_leaf_key("sigmoid_neuron", "x0")).input("-1e6").run()
    assert not at.exception
    assert [e.value for e in at.error] == [t("graph.overflow", "zh", name="v")]


def test_the_reverse_network_steps_one_delta_at_a_time_from_the_output_back():
    at = open_graph()
    base = trace_step(Scenario.worked_example())
    for k, neuron in enumerate(REVERSE_ORDER):
        at.slider(
            key=stepping_state.slider_key(graph_state.GRAPH_REVERSE_STEP)).set_value(k + 1).run()
        fig = figures(at)[-1]
        assert fig == reverse_network_figure(base, 4, "en", k)
        text = " ".join(a["text"] for a in fig["layout"]["annotations"])
        assert fmt(base[f"delta_{neuron}"], 4) in text
        for later in REVERSE_ORDER[k + 1:]:
            assert fmt(base[f"delta_{later}"], 4) not in text
        shown = [x.value.strip("$\n") for x in at.latex[len(step_formulas(at)) + 1:]]
        # the neuron's formulas, then the bug hunts below them (tests/app/test_bughunt.py)
        hunts = [line_latex(line, 4) for key in GRAPH_HUNTS
                 for line in graph_hunt(key).shown]
        assert shown == [formula_latex(f, 4) for f in reverse_formulas(base, neuron)] + hunts


def test_the_reverse_network_shows_the_traces_gains_and_deltas():
    base = trace_step(Scenario.worked_example())
    text = " ".join(a["text"] for a in reverse_network_figure(base, 4, "en")["layout"][
        "annotations"])
    for n in ("o1", "o2", "h1", "h2"):
        assert f"σ′ = {fmt(base[f'dout_{n}_dnet_{n}'], 4)}" in text
        assert f"δ = {fmt(base[f'delta_{n}'], 4)}" in text
    assert f"× w5 → {fmt(base['dEo1_dout_h1'], 4)}" in text


def test_labels_are_the_symbols_text_or_the_word_in_the_language():
    graph = apples_oranges_graph()
    assert label(graph, "orange_num", "zh") == "橘子的个数"
    assert label(graph, "orange_num", "en") == "number of oranges"
    o1 = neuron_o1_graph(trace_step(Scenario()))
    assert label(o1, "out_h1", "zh") == "out_h1" and "out_h1" not in latex_names(o1, "zh")
    assert latex_names(graph, "zh")["tax"] == r"\text{消费税}"
