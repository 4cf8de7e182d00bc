"""Seed 003's MulLayer/AddLayer code for the shopping graphs prints bpcore.graph's numbers."""

from __future__ import annotations

import math

import pytest

from bpcore.graph import evaluate
from bpcore.graph_examples import apples_graph, apples_oranges_graph
from bpcore.program import parse_prints, run
from bpcore.program_apple import PRINTS, apple_program, literal

GRAPHS = {"apples": apples_graph, "apples_oranges": apples_oranges_graph}
EDITED = {"apples": {"apple": 120.5, "apple_num": 3.0, "tax": 1.08},
          "apples_oranges": {"apple": 99.0, "apple_num": 4.0, "orange": 0.35,
                             "orange_num": 7.0, "tax": 1.2}}


def printed(example: str, leaves: dict[str, float]) -> dict[str, float]:
    return parse_prints("".join(run(apple_program(example, leaves))))


@pytest.mark.parametrize("example", GRAPHS)
@pytest.mark.parametrize("edited", [False, True])
def test_the_printed_numbers_are_the_graphs(example: str, edited: bool) -> None:
    graph = GRAPHS[example]()
    leaves = EDITED[example] if edited else {leaf.name: leaf.value for leaf in graph.leaves}
    trace = evaluate(graph, leaves)
    got = printed(example, leaves)
    assert set(got) == set(PRINTS[example])
    for name, (kind, key) in PRINTS[example].items():
        expected = trace.values[key] if kind == "value" else trace.grads[key]
        assert math.isclose(got[name], expected, rel_tol=1e-12), name


def test_the_apple_example_prints_the_books_lines() -> None:
    out = "".join(run(apple_program("apples", {"apple": 100.0, "apple_num": 2.0,
                                                 "tax": 1.1})))
    assert out.splitlines() == ["price: 220.00000000000003", "dApple: 2.2",
                                "dApple_num: 110.00000000000001", "dTax: 200"]


def test_leaves_are_written_as_the_book_writes_them() -> None:
    assert (literal(100.0), literal(1.1), literal(-2.0)) == ("100", "1.1", "-2")
    source = apple_program("apples", {"apple": 100.0, "apple_num": 2.0, "tax": 1.1})[2].source
    assert source.startswith("apple = 100\napple_num = 2\ntax = 1.1\n")
    assert "class MulLayer" in apple_program("apples", {"apple": 1, "apple_num": 1,
                                                        "tax": 1})[1].source
