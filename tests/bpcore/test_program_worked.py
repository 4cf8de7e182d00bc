"""The worked example's program runs and prints every value of the trace (rel. 1e-12)."""

from __future__ import annotations

import math
import re

import pytest

from bpcore import Scenario, trace_step
from bpcore.activations import ACTIVATIONS
from bpcore.program import Program, for_step, parse_prints, run
from bpcore.program_worked import worked_program

SCENARIOS = {
    "worked": Scenario(),
    "other_weights": Scenario(weights=(0.3, -0.2, 0.1, 0.9, -1.5, 0.45, 2.0, 0.55),
                              targets=(0.7, 0.05), eta=1.5),
    "train_biases": Scenario(train_biases=True, biases=(0.35, -0.1, 0.6, 0.2)),
}


def close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-300)


def printed(program: Program) -> list[dict[str, float]]:
    """What each code cell printed, parsed, cell by cell."""
    return [parse_prints(out) for out in run(program)]


@pytest.mark.parametrize("name", SCENARIOS)
def test_every_traced_value_is_printed_and_matches(name: str) -> None:
    trace = trace_step(SCENARIOS[name])
    program = worked_program(trace)
    seen: dict[str, float] = {}
    for values in printed(program):
        for key, value in values.items():
            assert key in trace, key
            assert close(value, trace[key]), (key, value, trace[key])
            seen[key] = value
    assert set(trace.names()) <= set(seen)


@pytest.mark.parametrize("name", SCENARIOS)
def test_each_cell_prints_what_it_says(name: str) -> None:
    """A code cell's ``prints`` are exactly the names it prints, in order."""
    program = worked_program(trace_step(SCENARIOS[name]))
    cells = [c for c in program if c.kind == "code"]
    for cell, out in zip(cells, run(program), strict=True):
        names = [line.partition(" = ")[0] for line in out.splitlines()]
        assert tuple(names) == cell.prints


@pytest.mark.parametrize("name", SCENARIOS)
def test_every_step_has_its_code(name: str) -> None:
    """The code view finds, for every step of the pages, the one cell that prints it."""
    trace = trace_step(SCENARIOS[name])
    program = worked_program(trace)
    for step in trace.steps:
        cells = for_step(program, step.name)
        assert len(cells) == 1, step.name
        assert step.name in cells[0].prints


def test_the_code_is_seed_000s_layer_in_the_worked_examples_names() -> None:
    program = worked_program(trace_step(Scenario()))
    source = "\n".join(c.source for c in program if c.kind == "code")
    for line in ("net_hidden = x @ W_hidden + b_hidden", "out_output = sigmoid(net_output)",
                 "delta_output = dE_dout_output * f_prime_output",
                 "dE_dW_output = out_hidden.T @ delta_output",
                 "dE_db_output = delta_output", "dE_dout_hidden = delta_output @ W_output.T",
                 "self.net = x @ self.W + self.b", "return self.delta @ self.W.T"):
        assert line in source
    words = set(re.findall(r"[A-Za-z_][A-Za-z_0-9]*", source))
    assert not words & {"a_hidden", "a_output", "h_hidden", "h_output", "a_output_grad",
                        "W_output_grad", "input_grad"}


def test_the_sigmoid_and_the_error_are_bpcores_own_source() -> None:
    program = worked_program(trace_step(Scenario()))
    source = "\n".join(c.source for c in program if c.kind == "code")
    assert ACTIVATIONS["sigmoid"].code[0].splitlines()[0] in source
    assert "E = 0.5 * (t - out_output) ** 2" in source
    assert "dE_dout_output = -(t - out_output)" in source


def test_comments_carry_the_live_shapes_and_values() -> None:
    program = worked_program(trace_step(Scenario()), decimals=2)
    (cell,) = for_step(program, "net_h1")
    assert "# x: (1, 2) = [[0.05, 0.10]]" in cell.source
    assert "# net_hidden: (1, 2) = [[0.38, 0.39]]" in cell.source
    edited = worked_program(trace_step(SCENARIOS["other_weights"]), decimals=2)
    (cell,) = for_step(edited, "net_h1")
    assert ("# W_hidden: (2, 2) = [[0.30, 0.10],\n"
            "#                     [-0.20, 0.90]]") in cell.source


def test_the_text_cells_carry_each_steps_formula() -> None:
    trace = trace_step(Scenario())
    program = worked_program(trace)
    formulas = [c.formula.name for c in program if c.kind == "text" and c.formula]
    # once each, layer by layer (net_h1 and net_h2 come from one product, before out_h1)
    assert sorted(formulas) == sorted(s.name for s in trace.steps)
    assert formulas.index("net_h2") < formulas.index("out_h1")


def test_parse_prints_reads_both_forms() -> None:
    assert parse_prints("price: 220.00000000000003\nnet_h1 = 0.3775\nnoise\n") == {
        "price": 220.00000000000003, "net_h1": 0.3775}
