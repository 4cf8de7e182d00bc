"""The ordered walk: phases, formulas with their numbers, diagram parts, both languages."""

import pytest

from bpcore import EDGES, PHASES, Scenario, fmt, fmt_latex, trace_step
from bpcore.format import fmt_count, substitute


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


def test_every_step_explains_itself_in_english_and_chinese(trace):
    for step in trace.steps:
        assert step.explain("en") and step.explain("zh")
        assert step.explain("en") != step.explain("zh")
        assert any("\u4e00" <= ch <= "\u9fff" for ch in step.explain("zh")), step.name


def test_every_template_slot_has_an_operand(trace):
    for step in trace.steps:
        assert "#" not in step.substituted(4), step.name


@pytest.mark.parametrize(("x", "decimals", "text"), [
    (0.593269992107187, 4, "0.5933"), (0.000438567734474347, 4, "4.3857e-04"),
    (0.000438567734474347, 9, "0.000438568"), (0.0, 4, "0.0000"), (-0.19049, 2, "-0.19"),
    (-0.019049, 2, "-1.90e-02"),
    (3.510187782979e-05, 6, "0.000035"), (9999999.0, 2, "9999999.00"),
    (5.2e305, 4, "5.2000e+305"), (-12345678.9, 1, "-1.2e+07"),
])
def test_fmt_keeps_at_least_two_significant_digits(x, decimals, text):
    assert fmt(x, decimals) == text


def test_fmt_latex_writes_powers_of_ten_and_parenthesises_negatives():
    assert fmt_latex(0.000438567734474347, 4) == r"4.3857 \times 10^{-4}"
    assert fmt_latex(-0.5, 2, paren=True) == r"\left(-0.50\right)"
    assert substitute("#0 - #1", (-1.0, -2.0), 1) == r"-1.0 - \left(-2.0\right)"


def test_a_slot_right_after_an_opening_bracket_keeps_a_bare_minus():
    assert substitute(r"\sigma(#0)", (-0.9222,), 4) == r"\sigma(-0.9222)"
    assert substitute(r"e^{-#0}", (-0.5,), 1) == r"e^{-\left(-0.5\right)}"
    assert substitute(r"\frac{1}{#0}", (-2.0,), 1) == r"\frac{1}{-2.0}"


@pytest.mark.parametrize(("n", "text"), [(1024, "1,024"), (9_999_999, "9,999,999"),
                                         (177_978_515_625_000_000, "1.78e+17")])
def test_fmt_count_separates_thousands_and_goes_scientific_when_huge(n, text):
    assert fmt_count(n) == text
