"""bpcore.graph_examples: each ready-made graph gives its published numbers, and the o1 neuron
follows the worked example's trace, edited or not."""

import math

import numpy as np
import pytest

from bpcore import Scenario, trace_step
from bpcore.activations import sigmoid
from bpcore.graph import evaluate
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
    for name, value in {"apple_price": 200, "orange_price": 450, "all_price": 650,
                        "price": 715}.items():
        assert close(t.values[name], value), name
    grads = {"all_price": 1.1, "apple_price": 1.1, "orange_price": 1.1, "apple": 2.2,
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


def test_the_o1_neuron_follows_an_edited_scenario():
    edited = (Scenario.worked_example().with_value("w5", -0.3).with_value("w6", 0.9)
              .with_value("target_o1", 0.5))
    trace = trace_step(edited)
    t = evaluate(neuron_o1_graph(trace))
    assert t.values["E_o1"] == pytest.approx(trace["E_o1"], rel=1e-12)
    assert t.grads["w5"] == pytest.approx(trace["dE_dw5"], rel=1e-12)
    assert t.grads["out_h1"] == pytest.approx(trace["dEo1_dout_h1"], rel=1e-12)


@pytest.mark.parametrize(("w0", "x0", "w1", "x1", "w2"), [(2, -1, -3, -2, -3), (0.5, 4, 1, -1, 2)])
def test_the_sigmoid_neuron_built_from_primitives_is_the_sigmoid(w0, x0, w1, x1, w2):
    t = evaluate(sigmoid_neuron_graph(w0, x0, w1, x1, w2))
    net = w0 * x0 + w1 * x1 + w2
    assert t.values["f"] == pytest.approx(float(sigmoid(np.array(net))), rel=1e-12)
    assert t.grads["w2"] == pytest.approx(t.values["f"] * (1 - t.values["f"]), rel=1e-12)


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_every_example_ends_at_its_output_and_only_constants_are_fixed(name):
    graph = EXAMPLES[name](TRACE) if name == "neuron_o1" else EXAMPLES[name]()
    t = evaluate(graph)
    assert graph.output == graph.nodes[-1].name and graph.output in t.values
    assert t.grads[graph.output] == 1.0
    constants = {leaf.name for leaf in graph.leaves if leaf.constant}
    assert constants == {"sigmoid_neuron": {"one"}, "neuron_o1": {"half"}}.get(name, set())
