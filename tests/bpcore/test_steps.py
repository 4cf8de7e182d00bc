"""The ordered walk: phases, formulas with their numbers, diagram parts, message keys; and
the one number style (fmt, fmt_latex) shared by every page."""

import math
import re
from pathlib import Path

import pytest

from bpcore import EDGES, PHASES, Formula, Scenario, Step, fmt, trace_step
from bpcore.chain import chain_111
from bpcore.graph import evaluate
from bpcore.graph_examples import apples_graph

BPCORE = Path(__file__).resolve().parents[2] / "bpcore"


@pytest.fixture(scope="module")
def trace():
    return trace_step(Scenario.worked_example())


def test_every_named_value_has_exactly_one_step(trace):
    assert [s.name for s in trace.steps] == list(trace.names())


def test_phases_come_in_teaching_order(trace):
    order = [PHASES.index(s.phase) for s in trace.steps]
    assert order == sorted(order)
    assert {s.phase for s in trace.steps} == set(PHASES)


def test_forward_steps_are_net_then_out_for_each_neuron(trace):
    names = [s.name for s in trace.phase_steps("forward")]
    assert names == ["net_h1", "out_h1", "net_h2", "out_h2",
                     "net_o1", "out_o1", "net_o2", "out_o2"]


def test_step_value_equals_the_trace(trace):
    for step in trace.steps:
        assert step.value == trace[step.name]


def test_net_h1_substitutes_w1_i1_w2_i2_b1(trace):
    step = trace.steps[0]
    assert step.formula == r"w_1 \cdot i_1 + w_2 \cdot i_2 + b_1 \cdot 1"
    assert step.substituted(2) == r"0.15 \cdot 0.05 + 0.20 \cdot 0.10 + 0.35 \cdot 1"
    assert step.nodes == ("i1", "i2", "b1", "h1")
    assert step.edges == ("w1", "w2", "b_h1")


def test_gradient_into_out_h1_shows_both_paths_and_their_sum(trace):
    step = next(s for s in trace.steps if s.name == "dE_dout_h1")
    assert step.operands == (trace["dEo1_dout_h1"], trace["dEo2_dout_h1"])
    assert step.substituted(4) == r"0.0554 + \left(-0.0190\right)"
    assert fmt(step.value, 4) == "0.0364"
    assert set(step.edges) == {"w5", "w7"}


def test_weight_gradient_formula_is_a_product_not_a_sum(trace):
    step = next(s for s in trace.steps if s.name == "dE_dw5")
    chain = step.formula.split("=")[0]
    assert chain.count(r"\cdot") == 2 and "+" not in chain
    assert step.operands == (trace["delta_o1"], trace["out_h1"])


def test_update_steps_use_the_learning_rate_and_the_gradient(trace):
    step = next(s for s in trace.steps if s.name == "w5_new")
    assert step.operands == (0.40, 0.5, trace["dE_dw5"])
    assert step.value == pytest.approx(0.40 - 0.5 * trace["dE_dw5"], abs=1e-15)


def test_every_step_names_known_diagram_parts(trace):
    nodes = {n for pair in EDGES.values() for n in pair}
    for step in trace.steps:
        assert set(step.nodes) <= nodes, step.name
        assert set(step.edges) <= set(EDGES), step.name


def test_every_step_says_what_it_means_as_a_message_key_with_names(trace):
    for step in trace_step(Scenario(train_biases=True)).steps:
        assert step.message is not None and step.message.key.startswith("step."), step.name
        for value in step.message.params.values():
            assert re.fullmatch(r"[a-z]+\d?(_[a-z]+\d?)?", value), (step.name, value)


def test_bpcore_speaks_no_language():
    """No Chinese or English sentence in the engine: no CJK character (ideograph) anywhere in
    its source, and no explain_en / explain_zh (the app has one translation system,
    tutor.i18n). Full-width digits that bpcore.errors reads as ASCII are not text."""
    for path in sorted(BPCORE.glob("*.py")):
        source = path.read_text(encoding="utf-8")
        assert not re.search(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]", source), path.name
        assert "explain_en" not in source and "explain_zh" not in source, path.name


def test_one_record_for_every_formula():
    chain = chain_111(1.5, 0.8, -1.2, 0.3)
    graph_step = evaluate(apples_graph()).steps[0]
    assert Step is Formula
    for record in (trace_step(Scenario()).steps[0], chain.factors[0], chain.product("w1"),
                   graph_step):
        assert type(record) is Formula


def test_the_update_substitutes_the_new_net_into_the_sigmoid(trace):
    step = next(s for s in trace.steps if s.name == "out_o1_new")
    assert step.operands == (trace["net_o1_new"],)
    assert step.substituted(4) == r"\frac{1}{1 + e^{-1.0568}}" and step.result(4) == "0.7421"
    # the reference's out_o1 after one update, 0.742088111, is σ of this net: its logit
    assert trace["net_o1_new"] == pytest.approx(math.log(0.742088111 / (1 - 0.742088111)),
                                                abs=1e-8)


@pytest.mark.parametrize("trains", [False, True], ids=["shared-biases", "trained-biases"])
def test_every_step_of_the_worked_example_substitutes_its_numbers(trains):
    """No step is merely given: every formula has arithmetic a learner can redo."""
    assert not [s.name for s in trace_step(Scenario(train_biases=trains)).steps if s.given]


AFTER = ["net_h1_new", "out_h1_new", "net_h2_new", "out_h2_new",
         "net_o1_new", "out_o1_new", "net_o2_new", "out_o2_new", "E_total_new"]


@pytest.mark.parametrize("trains", [False, True], ids=["shared-biases", "trained-biases"])
def test_the_update_ends_with_a_whole_forward_pass_with_the_new_parameters(trains):
    trace = trace_step(Scenario(train_biases=trains))
    names = [s.name for s in trace.phase_steps("update")]
    updated = 12 if trains else 8  # every weight, and every bias when biases train
    assert len(names) == updated + len(AFTER)
    assert all(n.endswith("_new") and n[0] in "wb" for n in names[:updated])
    assert names[updated:] == AFTER


def test_the_new_hidden_net_substitutes_the_new_weights_the_inputs_and_the_bias(trace):
    step = next(s for s in trace.steps if s.name == "net_h1_new")
    assert step.symbol == "net_{h1}^{+}"
    assert step.formula == r"w_1^{+} \cdot i_1 + w_2^{+} \cdot i_2 + b_1 \cdot 1"
    assert step.operands == (trace["w1_new"], 0.05, trace["w2_new"], 0.10, 0.35)
    assert step.display(4) == (r"0.1498 \cdot 0.0500 + 0.1996 \cdot 0.1000 + 0.3500 \cdot 1",
                               "0.3774")
    assert step.nodes == ("i1", "i2", "b1", "h1") and step.edges == ("w1", "w2", "b_h1")
    assert step.message is not None and step.message.key == "step.net_new_hidden"
    out = next(s for s in trace.steps if s.name == "out_h1_new")
    assert out.operands == (trace["net_h1_new"],) and out.nodes == ("h1",)
    assert out.substituted(4) == r"\frac{1}{1 + e^{-0.3774}}"


def test_the_new_output_net_substitutes_the_new_hidden_outputs(trace):
    step = next(s for s in trace.steps if s.name == "net_o1_new")
    assert step.formula == (r"w_5^{+} \cdot out_{h1}^{+} + w_6^{+} \cdot out_{h2}^{+} + "
                            r"b_2 \cdot 1")
    assert step.operands == (trace["w5_new"], trace["out_h1_new"], trace["w6_new"],
                             trace["out_h2_new"], 0.60)
    assert step.display(4) == (r"0.3589 \cdot 0.5933 + 0.4087 \cdot 0.5969 + 0.6000 \cdot 1",
                               "1.0568")
    assert step.nodes == ("h1", "h2", "b2", "o1") and step.edges == ("w5", "w6", "b_o1")


def test_trained_biases_enter_the_new_forward_pass_as_their_new_values():
    trace = trace_step(Scenario(train_biases=True))
    for n in ("h1", "h2", "o1", "o2"):
        step = next(s for s in trace.steps if s.name == f"net_{n}_new")
        assert step.formula.endswith(rf"b_{{{n}}}^{{+}} \cdot 1")
        assert step.operands[-1] == trace[f"b_{n}_new"] != trace.scenario.get(f"b_{n}")


def test_every_template_slot_has_an_operand(trace):
    for step in trace.steps:
        assert "#" not in step.substituted(4), step.name
