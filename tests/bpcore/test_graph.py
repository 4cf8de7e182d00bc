"""The computational graph: published figures, finite differences, the o1 neuron, validation,
and steps that say what they do as message keys (bpcore speaks no language)."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bpcore import Scenario, trace_step
from bpcore.errors import CodedError
from bpcore.graph import OPS, Graph, Leaf, Node, chain_paths, chain_rule, evaluate
from bpcore.graph_examples import (
    EXAMPLES,
    apples_graph,
    apples_oranges_graph,
    neuron_o1_graph,
    sigmoid_neuron_graph,
)

TRACE = trace_step(Scenario.worked_example())


def close(a: float, b: float, tol: float = 1e-9) -> bool:
    return math.isclose(a, b, rel_tol=tol, abs_tol=tol)


def test_d_reaches_the_error_by_two_paths_whose_sum_is_its_gradient():
    t = evaluate(neuron_o1_graph(TRACE))
    paths = chain_paths(t, "d")
    assert len(paths) == 2  # chain rule case 2
    assert sum(p.product for p in paths) == pytest.approx(t.grads["d"], abs=1e-15)
    single = chain_paths(evaluate(apples_graph()), "apple")
    assert len(single) == 1 and single[0].factors == (2.0, 1.1)  # case 1
    assert single[0].product == pytest.approx(2.2)


def numeric(graph: Graph, leaf: str, h: float = 1e-6) -> float:
    base = evaluate(graph).values
    up = evaluate(graph, {leaf: base[leaf] + h}).values[graph.output]
    down = evaluate(graph, {leaf: base[leaf] - h}).values[graph.output]
    return (up - down) / (2 * h)


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_every_leaf_gradient_matches_a_finite_difference(name):
    build = EXAMPLES[name]
    graph = build(TRACE) if name == "neuron_o1" else build()
    t = evaluate(graph)
    for leaf in graph.leaves:
        assert math.isclose(t.grads[leaf.name], numeric(graph, leaf.name), rel_tol=1e-6,
                            abs_tol=1e-7), leaf.name


finite = st.floats(-20, 20, allow_nan=False)


@settings(max_examples=50, deadline=None, derandomize=True)
@given(st.lists(finite, min_size=5, max_size=5))
def test_gradients_match_finite_differences_for_random_leaves(xs):
    for graph in (apples_oranges_graph(*xs), sigmoid_neuron_graph(*xs)):
        t = evaluate(graph)
        for leaf in graph.leaves:
            assert math.isclose(t.grads[leaf.name], numeric(graph, leaf.name), rel_tol=1e-5,
                                abs_tol=1e-5), leaf.name


def test_steps_go_forward_left_to_right_then_backward_from_the_output():
    t = evaluate(apples_graph())
    assert [(s.phase, s.node, s.target) for s in t.steps] == [
        ("forward", "apple_price", "apple_price"), ("forward", "price", "price"),
        ("backward", "price", "apple_price"), ("backward", "price", "tax"),
        ("backward", "apple_price", "apple"), ("backward", "apple_price", "apple_num")]
    step = t.steps[4]
    assert (step.upstream, step.local, step.value) == (pytest.approx(1.1), 2.0,
                                                       pytest.approx(2.2))
    assert step.substituted(1) == r"1.1 \cdot 2.0"


@pytest.mark.parametrize(("values", "match"), [({"apple": math.nan}, "apple"),
                                               ({"apple": math.inf}, "apple"),
                                               ({"pear": 1.0}, "pear")])
def test_bad_leaf_values_name_the_leaf(values, match):
    with pytest.raises(ValueError, match=match):
        evaluate(apples_graph(), values)


def test_a_node_that_would_overflow_is_refused_not_clamped():
    # e^(2·10^12) is not a float: the exp node refuses instead of showing e^700 for it.
    with pytest.raises(CodedError) as refused:
        evaluate(sigmoid_neuron_graph(w0=1e6, x0=-1e6))
    assert (refused.value.field, refused.value.code) == ("v", "overflow")


def test_a_node_using_an_undefined_name_is_rejected():
    with pytest.raises(ValueError, match="banana"):
        Graph((Leaf("a", 1.0, "a", "a"),), (Node("b", "add", ("a", "banana"), "b", "b"),), "b")
    with pytest.raises(ValueError, match="unknown_operation"):
        Graph((Leaf("a", 1.0, "a", "a"),), (Node("b", "pow", ("a",), "b", "b"),), "b")


def test_names_are_symbols_or_words_for_the_tutor():
    graph = apples_oranges_graph()
    assert all(not graph.item(n).symbol for n in graph.names())  # apple, tax: said in words
    o1 = neuron_o1_graph(TRACE)
    assert (o1.item("out_h1").symbol, o1.item("out_h1").text) == ("out_{h1}", "out_h1")


def test_every_step_says_what_it_does_with_a_message_key_and_names():
    for name, build in EXAMPLES.items():
        graph = build(TRACE) if name == "neuron_o1" else build()
        trace = evaluate(graph)
        for step in trace.steps:
            key = step.message.key
            assert key in {f"graph.{phase}.{op}" for phase in ("forward", "backward")
                           for op in OPS} | {"graph.sum"}, key
            named = {v for k, v in step.message.params.items() if k != "count"}
            assert named <= set(graph.names()), (key, named)


def test_a_name_feeding_two_nodes_accumulates_its_shares_in_a_sum_step():
    t = evaluate(neuron_o1_graph(TRACE))
    sums = [s for s in t.steps if s.message.key == "graph.sum"]
    assert [s.target for s in sums] == ["d"]  # d·d: d feeds the square twice
    (total,) = sums
    shares = [s for s in t.steps if s.node == "dd" and s.target == "d"]
    assert total.operands == tuple(s.value for s in shares)
    assert total.value == pytest.approx(t.grads["d"], abs=1e-15)
    assert r"\mathrel" not in total.formula and "+=" not in total.formula


def test_constants_get_a_gradient_but_no_step():
    t = evaluate(sigmoid_neuron_graph())
    assert "one" in t.grads and not any(s.target == "one" for s in t.steps)


def test_the_chain_rule_is_one_formula_whose_value_is_the_gradient():
    t = evaluate(neuron_o1_graph(TRACE))
    rule = chain_rule(t, "d")
    assert rule.message.key == "graph.case2" and rule.value == t.grads["d"]
    assert rule.template == r"#0 \cdot #1 + #2 \cdot #3"  # d → d² → E, twice
    single = chain_rule(evaluate(apples_graph()), "apple")
    assert single.message.key == "graph.case1" and single.operands == (1.1, 2.0)  # output first


def test_words_for_names_come_from_the_caller():
    t = evaluate(apples_graph(), symbols={"apple": r"\text{A}", "price": r"\text{P}"})
    assert t.steps[0].formula == r"\text{A} \cdot \mathit{apple\_num}"
    assert t.steps[-2].symbol == r"\frac{\partial \text{P}}{\partial \text{A}}"
