"""bpcore.bughunt: the graph's backward with accumulate vs overwrite, backward twice, gradients read
before backward, the passed-down gradient averaged; each hunt's lines work out from their
numbers, and the right version agrees with the engine and with finite differences."""

from decimal import Decimal

import numpy as np
import pytest

from bpcore import Scenario, trace_step
from bpcore.bughunt import (
    ETA,
    GRAPH_HUNTS,
    averaged_hunt,
    backward,
    graph_hunt,
    twice_hunt,
    unrun_hunt,
    used_twice_graph,
    used_twice_hunt,
)
from bpcore.errors import CodedError
from bpcore.graph import evaluate
from bpcore.graph_examples import EXAMPLES, add_multiply_graph
from bpcore.latex import evaluator
from bpcore.microscope import averaged_twice, microscope
from bpcore.network import Network


def example_graphs():
    trace = trace_step(Scenario.worked_example())
    return [make(trace) if key == "neuron_o1" else make() for key, make in EXAMPLES.items()] + [
        used_twice_graph()]


def all_hunts():
    network, X, T = small_network()
    return [graph_hunt(k) for k in GRAPH_HUNTS] + [averaged_hunt(network, X, T, 1, 0, 1)]


def small_network(hidden=(3, 4), batch=5, seed=0):
    """A 2-3-4-2 network (tanh hidden, sigmoid out) on a random batch: X (batch, 2), one-hot T."""
    rng = np.random.default_rng(seed)
    sizes = (2, *hidden, 2)
    network = Network.random(sizes, ["tanh"] * len(hidden) + ["sigmoid"], "half_sse", seed)
    X = rng.normal(size=(batch, 2))
    T = np.eye(2)[rng.integers(0, 2, size=batch)]
    return network, X, T


@pytest.mark.parametrize("graph", example_graphs(), ids=lambda g: g.output)
def test_accumulating_backward_is_the_engines_backward(graph):
    trace = evaluate(graph)
    grads = backward(graph, trace.values).grads
    for name in graph.names():
        assert grads[name] == pytest.approx(trace.grads[name], rel=1e-12, abs=1e-12)


def test_overwriting_loses_a_share_of_a_node_used_twice():
    graph = used_twice_graph(3.0)
    values = evaluate(graph).values
    assert backward(graph, values).grads["a"] == 2.0
    assert backward(graph, values, accumulate=False).grads["a"] == 1.0
    h = 1e-6  # the truth: b = 2a
    b = (evaluate(graph, {"a": 3.0 + h}).values["b"]
         - evaluate(graph, {"a": 3.0 - h}).values["b"]) / (2 * h)
    assert b == pytest.approx(2.0)


def test_overwriting_the_o1_neurons_d_squared_gets_its_gradient_wrong():
    graph = EXAMPLES["neuron_o1"](trace_step(Scenario.worked_example()))
    values = evaluate(graph).values
    right = backward(graph, values).grads["d"]
    wrong = backward(graph, values, accumulate=False).grads["d"]
    assert wrong == pytest.approx(right / 2)  # d·d: one of the two shares kept


def test_backward_twice_doubles_a_leaf_under_the_output_and_more_further_back():
    graph = add_multiply_graph()
    values = evaluate(graph).values
    first = backward(graph, values)
    again = backward(graph, values, grads=first.grads)
    assert again.grads["z"] == 2 * first.grads["z"] == 6.0
    assert again.grads["q"] == 2 * first.grads["q"] == -8.0
    assert again.grads["x"] == first.grads["x"] + again.grads["q"] == -12.0  # 3×, not 2×
    assert again.grads["f"] == 1.0  # the output's gradient is set, not added


def checks(line):
    """The line's value from its shown template and operands (50-digit decimals)."""
    got = evaluator(line.template)([Decimal(repr(x)) for x in line.operands])
    return float(got)


@pytest.mark.parametrize("hunt", all_hunts(), ids=lambda h: h.key)
def test_every_line_works_out_from_its_own_numbers(hunt):
    for line in (*hunt.shown, *hunt.right):
        assert checks(line) == pytest.approx(line.value, rel=1e-12, abs=1e-15), line.name
        assert line.message is not None


@pytest.mark.parametrize("hunt", all_hunts(), ids=lambda h: h.key)
def test_every_hunt_has_one_bug_a_reason_per_line_and_a_different_result(hunt):
    assert len(hunt.why) == len(hunt.shown) and 0 <= hunt.bug < len(hunt.shown)
    assert hunt.why[hunt.bug].key == f"bughunt.{hunt.key}.why.{hunt.bug}"
    bug, fixed = hunt.shown[hunt.bug], hunt.right[hunt.bug]
    assert bug.value != pytest.approx(fixed.value)  # the bug shows in its own line's number
    assert hunt.shown[-1].value != pytest.approx(hunt.right[-1].value) or hunt.key == "averaged"


def test_used_twice_shows_one_where_two_is_right():
    hunt = used_twice_hunt(3.0)
    assert hunt.shown[hunt.bug].value == 1.0 and hunt.right[hunt.bug].value == 2.0
    assert hunt.shown[-1].value == 1.0
    assert hunt.right[-1].value == evaluate(used_twice_graph(3.0)).grads["a"] == 2.0
    assert hunt.numbers["wrong"] == 1.0 and hunt.numbers["right"] == 2.0


def test_twice_doubles_z_and_the_step_it_takes():
    hunt = twice_hunt()
    right_z = evaluate(add_multiply_graph()).grads["z"]
    assert hunt.shown[hunt.bug].value == 2 * right_z
    assert hunt.right[hunt.bug].value == right_z
    assert hunt.shown[-1].value == pytest.approx(-4.0 - ETA * 2 * right_z)
    assert hunt.right[-1].value == pytest.approx(-4.0 - ETA * right_z)
    assert hunt.numbers["x_twice"] == -12.0


def test_unrun_reads_the_starting_zero_and_the_right_order_reads_the_gradient():
    hunt = unrun_hunt()
    assert hunt.shown[hunt.bug].value == 0.0
    assert hunt.shown[2].value == -2.0  # x does not move
    engine = evaluate(add_multiply_graph()).grads["x"]
    assert hunt.right[2].value == engine == -4.0
    assert hunt.right[-1].value == pytest.approx(-2.0 - ETA * engine)
    assert hunt.numbers["flat"] == 0.0  # z = 0: computed, and zero
    assert evaluate(add_multiply_graph(z=0.0)).grads["x"] == 0.0


@pytest.mark.parametrize("layer", [1, 2])
def test_averaged_is_too_small_by_b_per_layer_above_and_the_right_one_matches_fd(layer):
    network, X, T = small_network()
    hunt = averaged_hunt(network, X, T, layer, 1, 2)
    m = microscope(network, X, T, layer, 1, 2)
    B = len(X)
    assert hunt.counts["factor"] == B ** (3 - layer)
    assert hunt.right[2].value == m.batch_gradient
    assert hunt.right[2].value == pytest.approx(hunt.right[3].value, rel=1e-5)  # the FD check
    assert hunt.shown[2].value == averaged_twice(network, network.forward(X), T)[layer - 1][1, 2]
    assert hunt.shown[2].value * B ** (3 - layer) == pytest.approx(hunt.right[2].value)
    assert hunt.shown[1].value == pytest.approx(hunt.right[1].value / B)
    grads = network.backward(network.forward(X), T, per_sample=True)
    assert hunt.right[1].value == grads[-1].dE_dinput[0, 0]


def test_averaged_refuses_a_network_with_nothing_passed_down_and_the_output_layer():
    network, X, T = small_network(hidden=())
    with pytest.raises(CodedError) as err:
        averaged_hunt(network, X, T, 1, 0, 0)
    assert (err.value.field, err.value.code) == ("network", "no_hidden")
    network, X, T = small_network()
    with pytest.raises(CodedError) as err:
        averaged_hunt(network, X, T, 3, 0, 0)
    assert err.value.code == "out_of_range"
