"""tutor.ui.notation writes every bpcore name in the tutorial's notation, never as code."""

from __future__ import annotations

import re

import pytest

from bpcore import Scenario, trace_step
from tutor.ui.notation import text


@pytest.mark.parametrize(("name", "shown"), [
    ("delta_o1", "δ_o1"), ("dE_dw5", "∂E/∂w₅"), ("dEo1_dout_h1", "∂E_o1/∂out_h1"),
    ("w5_new", "w₅⁺"), ("dE_dout_o2", "∂E/∂out_o2"), ("dout_h1_dnet_h1", "∂out_h1/∂net_h1"),
    ("dE_db_h2", "∂E/∂b_h2"), ("b_o1_new", "b_o1⁺"), ("E_total_new", "E_total⁺"),
    ("eta", "η"), ("i1", "i₁"), ("net_h1", "net_h1"), ("out_o1_new", "out_o1⁺"),
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
