"""bpcore.program: cells, finding the cell of a step, running a program and reading its prints."""

import pytest

from bpcore.formula import Formula, Message
from bpcore.program import Cell, code, for_step, parse_prints, run, text


def test_a_code_cell_is_stripped_of_blank_lines_around_it_only():
    cell = code("\n\nx = 1\n\ny = 2\n\n", step="s", prints=("x",), also=("t",))
    assert cell == Cell("code", "x = 1\n\ny = 2", step="s", prints=("x",), also=("t",))


def test_a_text_cell_is_a_message_with_its_formula():
    f = Formula("net_h1", "net_{h1}", "a", "#0", (1.0,), 1.0)
    cell = text("step.net", {"neuron": "h1"}, formula=f)
    assert cell.kind == "text" and cell.message == Message("step.net", {"neuron": "h1"})
    assert cell.formula is f and text("program.heading.forward").message.params == {}


def test_for_step_finds_the_cell_of_a_step_and_of_the_steps_it_also_computes():
    program = (text("k"), code("a = 1", step="net_h1", also=("net_h2",)),
               code("b = 2", step="out_h1"))
    assert for_step(program, "net_h1") == for_step(program, "net_h2") == (program[1],)
    assert for_step(program, "out_h1") == (program[2],)
    assert for_step(program, "delta_o1") == () and for_step(program, "") == ()


def test_run_executes_the_code_cells_in_one_namespace_and_returns_each_ones_output():
    program = (code("x = 2"), text("k"), code('print("x =", x * 3)'), code("pass"))
    assert run(program) == ("", "x = 6\n", "")


def test_run_raises_what_a_cell_raises():
    with pytest.raises(ZeroDivisionError):
        run((code("1 / 0"),))


def test_parse_prints_reads_name_value_lines_and_ignores_the_rest():
    output = ("net_h1 = 0.3775\nprice: 220.00000000000003\nX_train: (4000, 784) float32\n"
              "not a name = 1\nE_total = nan\nbad = value\n")
    found = parse_prints(output)
    assert found.pop("E_total") != found.get("E_total")  # nan, read as a float
    assert found == {"net_h1": 0.3775, "price": 220.00000000000003}
