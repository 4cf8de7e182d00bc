"""bpcore.formula: a Formula shows numbers a learner can work out, and says what it means."""

import math
from types import MappingProxyType

import pytest

from bpcore import Scenario, trace_step
from bpcore.formula import Formula, Message


def test_an_operand_gets_the_digits_its_result_needs():
    """Step 16 of the backward pass: δ_h1 · i1 = 4.3857 × 10⁻⁴ needs δ_h1 to 5 digits
    (0.0088 · 0.05 would give 4.4 × 10⁻⁴); i1 stays as the learner's precision writes it."""
    step = next(s for s in trace_step(Scenario.worked_example()).steps if s.name == "dE_dw1")
    assert step.display(4) == (r"0.0087714 \cdot 0.0500", r"4.3857 \times 10^{-4}")
    assert step.display(2) == (r"8.77 \times 10^{-3} \cdot 0.05", r"4.39 \times 10^{-4}")


def test_a_formula_without_arithmetic_of_its_own_is_given_not_repeated():
    given = Formula("x", "x", "a", "#0", (1.5,), 1.5)
    assert given.given and given.display(2) == ("1.50", "1.50")
    assert not Formula("x", "x", "a + b", "#0 + #1", (1.0, 0.5), 1.5).given


def test_a_result_is_the_value_at_the_learners_precision():
    f = Formula("p", "p", r"a \cdot b", r"#0 \cdot #1", (0.5, 0.3), 0.15)
    assert f.display(4) == (r"0.5000 \cdot 0.3000", "0.1500")
    assert f.substituted(2) == r"0.50 \cdot 0.30" and f.result(2) == "0.15"


def test_negative_operands_are_parenthesised_where_a_sign_would_clash():
    f = Formula("d", "d", "a - b", "#0 - #1", (-1.0, -2.0), 1.0)
    assert f.display(1) == (r"-1.0 - \left(-2.0\right)", "1.0")


def test_an_undefined_or_infinite_formula_is_shown_as_computed():
    log0 = Formula("J", "J", r"-\log o", r"-\log #0", (0.0,), math.inf)
    assert log0.display(2) == (r"-\log 0.00", "inf")
    inf = Formula("x", "x", "a + b", "#0 + #1", (math.inf, 1.0), math.inf)
    assert inf.display(2) == ("inf + 1.00", "inf")


def test_a_message_keeps_its_key_and_frozen_names():
    m = Message("step.net", {"neuron": "h1"})
    assert m.key == "step.net" and dict(m.params) == {"neuron": "h1"}
    assert isinstance(m.params, MappingProxyType)
    with pytest.raises(TypeError):
        m.params["neuron"] = "h2"  # type: ignore[index]
    assert Message("step.error_total").params == {}
