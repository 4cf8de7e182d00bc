"""tutor.ui.notation writes every bpcore name in the tutorial's notation, never as code."""

from __future__ import annotations

import re

import pytest

from bpcore import Scenario, trace_step
from bpcore.qname import MAZUR, QName
from tutor.ui.notation import step_text, text, worked_text


@pytest.mark.parametrize(("name", "shown"), [
    ("delta_o1", "δ_o1"), ("dE_dw5", "∂E/∂w5"), ("dEo1_dout_h1", "∂E_o1/∂out_h1"),
    ("w5_new", "w5⁺"), ("dE_dout_o2", "∂E/∂out_o2"), ("dout_h1_dnet_h1", "∂out_h1/∂net_h1"),
    ("dE_db_h2", "∂E/∂b_h2"), ("b_o1_new", "b_o1⁺"), ("E_total_new", "E_total⁺"),
    ("eta", "η"), ("i1", "i1"), ("net_h1", "net_h1"), ("out_o1_new", "out_o1⁺"),
])
def test_names_read_as_notation(name, shown):
    assert text(name) == shown


@pytest.mark.parametrize("train_biases", [False, True])
def test_no_traced_name_is_shown_as_code(train_biases):
    trace = trace_step(Scenario(train_biases=train_biases))
    for name in trace.names():
        shown = text(name)
        # code style: a d-prefixed derivative name, or the words delta / _new
        assert not re.search(r"\bd[A-Za-z]+_d|delta|_new", shown), (name, shown)


@pytest.mark.parametrize(("latex", "shown"), [
    ("net_{h1}", r"\textrm{net}_{h1}"),
    (r"\sigma(net_{o1}) = \frac{1}{1 + e^{-net_{o1}}}",
     r"\sigma(\textrm{net}_{o1}) = \frac{1}{1 + e^{-\textrm{net}_{o1}}}"),
    (r"\frac{\partial E_{total}}{\partial out_{o1}}",
     r"\frac{\partial E_{\textrm{total}}}{\partial \textrm{out}_{o1}}"),
    ("target_{o1} - out_{o1}", r"\textrm{target}_{o1} - \textrm{out}_{o1}"),
    (r"\mathrm{out}_k \text{output} w_5", r"\mathrm{out}_k \text{output} w_5"),  # left alone
])
def test_multi_letter_names_are_typeset_upright_so_they_read_as_words(latex, shown):
    from tutor.ui.notation import upright

    assert upright(latex) == shown


def test_a_formula_is_spoken_as_words_with_its_numbers():
    from tutor.ui.notation import spoken

    assert spoken(r"w_1 \cdot i_1 + b_1 \cdot 1") == "w1 × i1 + b1 × 1"
    assert spoken(r"\frac{\partial E_{total}}{\partial out_{o1}}") == "(∂E total) / (∂out o1)"
    assert spoken(r"\sigma(\mathrm{net}_{o1})") == "σ(net o1)"
    assert spoken(r"w_5^{+}") == "w5⁺"


def test_a_typed_name_of_the_worked_example_is_written_as_its_tutorial_name_is():
    """worked_text writes from the QName what text writes from the tutorial's name, for
    every value the worked example names (δ^2_1 → δ_o1, ∂E/∂w^2_11 → ∂E/∂w5, …)."""
    for name, q in MAZUR.items():
        assert worked_text(q) == text(name), name
    assert worked_text(QName("path", 1, 2, 1, sample=1)) == "∂E_o1/∂out_h2"
    assert worked_text(QName("w_new", 2, 1, 1)) == "w5⁺"


def test_every_step_of_the_worked_example_is_named_from_its_typed_name():
    for step in trace_step(Scenario(train_biases=True)).steps:
        assert step.qname is not None and step_text(step) == text(step.name), step.name
