"""bpcore.trace: one step of the worked 2-2-2 example, every figure of the reference
(reference/worked_example.md) to 1e-12, named in teaching order."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bpcore import Scenario, trace_step
from bpcore.activations import ACTIVATIONS
from bpcore.losses import LOSSES
from bpcore.presets import from_scenario
from bpcore.qname import MAZUR, from_mazur

# Every named value of the reference file, float64, textbook order.
REFERENCE = {
    "net_h1": 0.3775, "net_h2": 0.3925,
    "out_h1": 0.593269992107187, "out_h2": 0.596884378259767,
    "net_o1": 1.10590596705977, "net_o2": 1.22492140409647,
    "out_o1": 0.751365069552316, "out_o2": 0.772928465321463,
    "E_o1": 0.274811083176155, "E_o2": 0.0235600255838477, "E_total": 0.298371108760003,
    "dE_dout_o1": 0.741365069552316, "dE_dout_o2": -0.217071534678537,
    "dout_o1_dnet_o1": 0.186815601808959, "dout_o2_dnet_o2": 0.175510052817271,
    "delta_o1": 0.138498561628557, "delta_o2": -0.0380982365165562,
    "dE_dw5": 0.0821670405642308, "dE_dw6": 0.0826676278475332,
    "dE_dw7": -0.0226025404774751, "dE_dw8": -0.0227402422159782,
    "dEo1_dout_h1": 0.0553994246514228, "dEo2_dout_h1": -0.0190491182582781,
    "dEo1_dout_h2": 0.0623243527328506, "dEo2_dout_h2": -0.0209540300841059,
    "dE_dout_h1": 0.0363503063931447, "dE_dout_h2": 0.0413703226487447,
    "dout_h1_dnet_h1": 0.241300708572325, "dout_h2_dnet_h2": 0.240613417249218,
    "delta_h1": 0.00877135468948693, "delta_h2": 0.0099542547052172,
    "dE_dw1": 0.000438567734474347, "dE_dw2": 0.000877135468948693,
    "dE_dw3": 0.00049771273526086, "dE_dw4": 0.00099542547052172,
    "w1_new": 0.149780716132763, "w2_new": 0.199561432265526,
    "w3_new": 0.24975114363237, "w4_new": 0.299502287264739,
    "w5_new": 0.358916479717885, "w6_new": 0.408666186076233,
    "w7_new": 0.511301270238738, "w8_new": 0.561370121107989,
    "E_total_new": 0.291027773693599,
}

BIAS_REFERENCE = {
    "dE_db_h1": 0.00877135468948693, "dE_db_h2": 0.0099542547052172,
    "dE_db_o1": 0.138498561628557, "dE_db_o2": -0.0380982365165562,
    "b_h1_new": 0.345614322655256, "b_h2_new": 0.345022872647391,
    "b_o1_new": 0.530750719185721, "b_o2_new": 0.619049118258278,
    "E_total_new": 0.28047144679143,
}


@pytest.fixture(scope="module")
def trace():
    return trace_step(Scenario.worked_example())


@pytest.mark.parametrize("name", sorted(REFERENCE))
def test_every_reference_value_to_1e_12(trace, name):
    assert trace[name] == pytest.approx(REFERENCE[name], abs=1e-12, rel=0)


@pytest.mark.parametrize("name", sorted(BIAS_REFERENCE))
def test_bias_training_reference_values_to_1e_12(name):
    trace = trace_step(Scenario(train_biases=True))
    assert trace[name] == pytest.approx(BIAS_REFERENCE[name], abs=1e-12, rel=0)


def test_error_after_one_update_is_the_textbook_order_not_the_sequential_one(trace):
    # The sequential order (w5..w8 updated before the hidden deltas) gives 0.29102792391
    # and w1_new = 0.14981764; the textbook order computes every gradient first.
    assert trace["E_total_new"] == pytest.approx(0.291027773693599, abs=1e-12)
    assert abs(trace["E_total_new"] - 0.29102792391) > 1e-7
    assert abs(trace["w1_new"] - 0.14981764) > 1e-6


def test_values_are_plain_floats(trace):
    assert all(type(trace[name]) is float for name in trace.names())


def test_names_cover_the_contract_in_teaching_order(trace):
    names = trace.names()
    assert set(REFERENCE) <= set(names)
    assert names.index("net_h1") < names.index("E_total") < names.index("delta_o1")
    assert names.index("delta_o1") < names.index("delta_h1") < names.index("w5_new")
    assert names[-1] == "E_total_new"
    assert not any(n.startswith(("dE_db", "b_h1_new")) for n in names)


def test_bias_names_appear_only_with_bias_training():
    names = trace_step(Scenario(train_biases=True)).names()
    for extra in BIAS_REFERENCE:
        assert extra in names


def test_next_scenario_carries_the_new_weights(trace):
    nxt = trace.next_scenario()
    assert nxt.weights == tuple(trace[f"w{k}_new"] for k in range(1, 9))
    assert nxt.biases == Scenario.worked_example().biases
    assert trace_step(nxt)["E_total"] == pytest.approx(trace["E_total_new"], abs=1e-15)


def test_next_scenario_with_bias_training_carries_the_new_biases():
    trace = trace_step(Scenario(train_biases=True))
    nxt = trace.next_scenario()
    assert nxt.biases == tuple(trace[f"b_{n}_new"] for n in ("h1", "h2", "o1", "o2"))


def test_updates_list_old_change_and_new_for_every_weight(trace):
    rows = {u.param: u for u in trace.updates()}
    assert list(rows) == ["w5", "w6", "w7", "w8", "w1", "w2", "w3", "w4"]
    w5 = rows["w5"]
    assert (w5.old, w5.gradient, w5.new) == (0.40, trace["dE_dw5"], trace["w5_new"])
    assert w5.change == pytest.approx(0.5 * REFERENCE["dE_dw5"], abs=1e-15)
    assert w5.old - w5.change == pytest.approx(w5.new, abs=1e-15)


def test_updates_include_biases_when_they_train():
    rows = {u.param for u in trace_step(Scenario(train_biases=True)).updates()}
    assert {"b_h1", "b_h2", "b_o1", "b_o2"} <= rows


def independent_forward(trace) -> dict[str, float]:
    """The forward pass by hand (math, no bpcore engine) with the trace's w*_new weights and
    the biases after the update (the new ones when they train), named as the trace names it."""
    s = trace.scenario
    w = {k: trace[f"w{k}_new"] for k in range(1, 9)}
    b = {n: trace[f"b_{n}_new"] if s.train_biases else s.get(f"b_{n}")
         for n in ("h1", "h2", "o1", "o2")}
    i1, i2 = s.inputs

    def sigmoid(x: float) -> float:
        return 1 / (1 + math.exp(-x))

    v = {"net_h1_new": w[1] * i1 + w[2] * i2 + b["h1"], "net_h2_new": w[3] * i1 + w[4] * i2
         + b["h2"]}
    v["out_h1_new"], v["out_h2_new"] = sigmoid(v["net_h1_new"]), sigmoid(v["net_h2_new"])
    v["net_o1_new"] = w[5] * v["out_h1_new"] + w[6] * v["out_h2_new"] + b["o1"]
    v["net_o2_new"] = w[7] * v["out_h1_new"] + w[8] * v["out_h2_new"] + b["o2"]
    v["out_o1_new"], v["out_o2_new"] = sigmoid(v["net_o1_new"]), sigmoid(v["net_o2_new"])
    t1, t2 = s.targets
    v["E_total_new"] = 0.5 * (t1 - v["out_o1_new"]) ** 2 + 0.5 * (t2 - v["out_o2_new"]) ** 2
    return v


AFTER_SCENARIOS = [
    Scenario.worked_example(), Scenario(train_biases=True),
    Scenario(inputs=(1.5, -0.7), targets=(0.2, 0.8), weights=(0.3, -1.1, 0.8, 0.05, -0.6, 1.4,
             0.9, -0.25), biases=(0.1, -0.2, 0.3, -0.4), eta=2.0),
    Scenario(inputs=(-2.0, 3.0), targets=(0.9, 0.1), weights=(-0.5, 0.25, 1.0, -1.5, 0.75,
             -0.3, 0.2, 0.6), biases=(-0.3, 0.4, 0.05, 0.7), eta=0.1, train_biases=True),
]


@pytest.mark.parametrize("scenario", AFTER_SCENARIOS, ids=["worked", "trained-biases",
                                                           "other", "other-trained"])
def test_the_forward_pass_after_the_update_is_an_independent_forward_pass_with_the_new_weights(
        scenario):
    trace = trace_step(scenario)
    for name, value in independent_forward(trace).items():
        assert trace[name] == pytest.approx(value, abs=1e-13, rel=1e-13), name


def test_the_outputs_after_one_update_are_the_references():
    # reference/worked_example.md, "Many updates": after 1 update, 0.742088111 and 0.775284968
    trace = trace_step(Scenario.worked_example())
    assert trace["out_o1_new"] == pytest.approx(0.742088111, abs=5e-10)
    assert trace["out_o2_new"] == pytest.approx(0.775284968, abs=5e-10)


def test_the_trace_reads_like_a_mapping_of_its_names(trace):
    assert "net_h1" in trace and "net_x9" not in trace
    assert list(trace) == list(trace.names()) == list(trace.values)
    assert trace["net_h1"] == trace.values["net_h1"]


def test_the_phase_steps_are_the_steps_of_those_phases_in_order(trace):
    backward = trace.phase_steps("backward")
    assert backward and all(s.phase == "backward" for s in backward)
    both = trace.phase_steps("forward", "error")
    assert [s.name for s in both] == [s.name for s in trace.steps
                                      if s.phase in ("forward", "error")]
    assert trace.phase_steps() == ()


# --- one trace: the worked example's values are the general stepper's, under Mazur's names ------
_NUMBER = st.one_of(st.floats(-5, 5), st.floats(-1e6, 1e6), st.sampled_from([0.0, -0.0, 1.0]))
SCENARIOS = st.builds(
    Scenario,
    inputs=st.tuples(_NUMBER, _NUMBER), targets=st.tuples(_NUMBER, _NUMBER),
    weights=st.tuples(*[_NUMBER] * 8), biases=st.tuples(*[_NUMBER] * 4),
    eta=st.one_of(st.floats(1e-6, 5), st.floats(5, 1000)), train_biases=st.booleans())


def _engine(scenario):
    """The engine run directly on the scenario's network (bpcore.network), no trace between."""
    network = scenario.network()
    X, T = scenario.batch()
    with np.errstate(all="ignore"):  # a huge update may overflow; the trace shows the inf too
        records = network.forward(X)
        grads = network.backward(records, T)
        after = network.copy()
        after.apply(grads, scenario.eta, update_biases=scenario.train_biases)
        records_new = after.forward(X)
    return network, T, records, grads, after, records_new


def _engine_value(q, network, T, records, grads, after, records_new):
    """The number the engine computed for the typed name q (layer l, neuron j, source k)."""
    sigmoid, loss = ACTIVATIONS["sigmoid"], LOSSES["half_sse"]
    i, j, k = q.layer - 1, q.index - 1, q.source - 1
    with np.errstate(all="ignore"):
        direct = {
            "net": lambda: records[i].net[0, j], "out": lambda: records[i].out[0, j],
            "net_new": lambda: records_new[i].net[0, j],
            "out_new": lambda: records_new[i].out[0, j],
            "E_term": lambda: loss.terms(records[-1].out, T)[0, j],
            "E": lambda: loss.value(records[-1].out, T),
            "E_new": lambda: loss.value(records_new[-1].out, T),
            "dE_dout": lambda: (loss.grad(records[-1].out, T)[0, j] if q.layer == 2
                                else grads[i + 1].dE_dinput[0, j]),
            "dout_dnet": lambda: sigmoid.derivative(records[i].net, records[i].out)[0, j],
            "delta": lambda: grads[i].delta[0, j],
            "path": lambda: grads[i + 1].delta[0, k] * network.weights[i + 1][j, k],
            "dE_dw": lambda: grads[i].dW[k, j], "dE_db": lambda: grads[i].db[j],
            "w_new": lambda: after.weights[i][k, j], "b_new": lambda: after.biases[i][j],
        }
        return float(direct[q.kind]())


@settings(max_examples=300, deadline=None, derandomize=True)
@given(SCENARIOS)
def test_every_value_is_the_engines_bit_for_bit_under_its_tutorial_name(scenario):
    """trace_step reads the one typed trace (trace_net of the scenario's NetSpec); each value,
    found by its tutorial name's QName, is the float the engine computes run directly."""
    trace = trace_step(scenario)
    run = _engine(scenario)
    for name, value in trace.values.items():
        expected = _engine_value(from_mazur(name), *run)
        assert value == expected or (math.isnan(value) and math.isnan(expected)), name
        assert type(value) is float, name
    # every value the engine computes for the 2-2-2, and no other: all of Mazur's names but the
    # given ones (inputs, targets, parameters, η) and the bias ones while biases are fixed
    given_kinds = ("x", "t", "w", "b", "eta")
    bias_kinds = () if scenario.train_biases else ("dE_db", "b_new")
    assert set(trace.values) == {n for n, q in MAZUR.items()
                                 if q.kind not in given_kinds + bias_kinds}


def test_the_trace_carries_the_typed_trace_its_values_come_from(trace):
    assert trace.net is not None and trace.net.spec == from_scenario(trace.scenario)
    assert {name: trace.net[from_mazur(name)] for name in trace} == dict(trace.values)


@pytest.mark.parametrize("scenario", [Scenario(), Scenario(train_biases=True)],
                         ids=["shared-biases", "trained-biases"])
def test_every_step_carries_the_typed_names_of_its_value_and_operands(scenario):
    """Each step of the worked example has its QName and its operands' QNames, the very names
    the general stepper's step of the same quantity has, and their values are the trace's."""
    trace = trace_step(scenario)
    assert trace.net is not None
    general = {s.qname: s for s in trace.net.steps}
    for step in trace.steps:
        assert step.qname == from_mazur(step.name) and step.qname in general, step.name
        assert step.operand_qnames == tuple(map(from_mazur, step.operand_names)), step.name
        assert trace.net[step.qname] == step.value, step.name
        assert tuple(trace.net.value(q) for q in step.operand_qnames) == step.operands
    # one step per quantity of the general stepper's trace, in its order and phase
    assert [s.qname for s in trace.steps] == [s.qname for s in trace.net.steps]
    assert {s.qname: s.phase for s in trace.steps} == {q: s.phase for q, s in general.items()}


def test_a_value_is_read_by_its_typed_name_as_by_its_tutorial_name():
    trace = trace_step(Scenario(train_biases=True))
    for name in trace:
        assert trace.at(from_mazur(name)) == trace[name], name
