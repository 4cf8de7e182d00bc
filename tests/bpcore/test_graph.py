"""The computational graph: published figures, finite differences, the o1 neuron, validation."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bpcore import Scenario, trace_step
from bpcore.graph import Graph, Leaf, Node, chain_paths, evaluate
from bpcore.graph_examples import (
    EXAMPLES,
    add_multiply_graph,
    apples_graph,
    apples_oranges_graph,
    neuron_o1_graph,
    sigmoid_neuron_graph,
)

TRACE = trace_step(Scenario.worked_example())


def close(a: float, b: float, tol: float = 1e-9) -> bool:
    return math.isclose(a, b, rel_tol=tol, abs_tol=tol)


def test_two_apples_with_tax():
    t = evaluate(apples_graph())
    assert t.values["price"] == pytest.approx(220, abs=1e-9)  # 220.00000000000003: never int()
    expected = {"apple": 2.2, "apple_num": 110, "tax": 200}
    assert all(close(t.grads[k], v) for k, v in expected.items())


def test_apples_and_oranges_with_tax():
    t = evaluate(apples_oranges_graph())
    for name, value in {"apple_price": 200, "orange_price": 450, "sum": 650,
                        "price": 715}.items():
        assert close(t.values[name], value), name
    grads = {"sum": 1.1, "apple_price": 1.1, "orange_price": 1.1, "apple": 2.2,
             "apple_num": 110, "orange": 3.3, "orange_num": 165, "tax": 650}
    for name, value in grads.items():
        assert close(t.grads[name], value), name


def test_add_then_multiply():
    t = evaluate(add_multiply_graph())
    assert t.values["f"] == -12
    assert (t.grads["x"], t.grads["y"], t.grads["z"]) == (-4, -4, 3)


def test_sigmoid_neuron_from_primitive_operations():
    t = evaluate(sigmoid_neuron_graph())
    assert t.values["f"] == pytest.approx(0.7310586, abs=1e-7)
    assert [t.grads["x0"], t.grads["x1"]] == pytest.approx([0.3932, -0.5898], abs=1e-4)
    assert [t.grads[w] for w in ("w0", "w1", "w2")] == pytest.approx(
        [-0.1966, -0.3932, 0.1966], abs=1e-4)


def test_the_o1_neuron_graph_agrees_with_the_trace():
    t = evaluate(neuron_o1_graph(TRACE))
    assert t.values["out_o1"] == pytest.approx(0.751365069552316, abs=1e-12)
    assert t.values["E_o1"] == pytest.approx(0.274811083176155, abs=1e-12)
    assert t.grads["net_o1"] == pytest.approx(TRACE["delta_o1"], abs=1e-12)
    assert t.grads["w5"] == pytest.approx(TRACE["dE_dw5"], abs=1e-12)
    assert t.grads["w6"] == pytest.approx(TRACE["dE_dw6"], abs=1e-12)
    assert t.grads["out_o1"] == pytest.approx(TRACE["dE_dout_o1"], abs=1e-12)


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


def test_a_node_using_an_undefined_name_is_rejected():
    with pytest.raises(ValueError, match="banana"):
        Graph((Leaf("a", 1.0, "a", "a"),), (Node("b", "add", ("a", "banana"), "b", "b"),), "b")
    with pytest.raises(ValueError, match="unknown operation"):
        Graph((Leaf("a", 1.0, "a", "a"),), (Node("b", "pow", ("a",), "b", "b"),), "b")


def test_labels_exist_in_both_languages():
    graph = apples_oranges_graph()
    assert graph.label("orange_num", "zh") == "橘子个数"
    assert graph.label("orange_num", "en") == "oranges"


def test_every_step_explains_itself_in_both_languages_without_english_operation_names():
    from bpcore.graph import OPS

    for name, build in EXAMPLES.items():
        trace = evaluate(build(TRACE) if name == "neuron_o1" else build())
        for step in trace.steps:
            zh = step.explain("zh")
            assert any("\u4e00" <= ch <= "\u9fff" for ch in zh)
            assert not any(op in zh for op in OPS if op != "sigmoid"), zh
