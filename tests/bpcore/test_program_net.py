"""bpcore.program_net: the program of any stepped network prints every value of its trace
(rel. 1e-12) under the page's names (bpcore.qname.code_name), for every preset and for
random networks of every activation and loss; the code view's cell for a step keeps only its
own show line."""

from __future__ import annotations

import math

import pytest

from bpcore.netspec import NetSpec
from bpcore.presets import PRESETS, preset
from bpcore.program import for_step, parse_prints, run
from bpcore.program_net import net_program, printed, step_source
from bpcore.qname import QName, code_name
from bpcore.stepper_trace import trace_net

RANDOM = {
    "tanh-leaky-linear-softmax-sse": NetSpec.random(
        (3, 4, 2, 4, 3), ("tanh", "leaky_relu", "linear", "softmax"), "half_sse", seed=5,
        samples=3, train_biases=True),
    "relu-sigmoid-bce-batch": NetSpec.random((2, 3, 2), ("relu", "sigmoid"),
                                             "binary_cross_entropy", seed=1, samples=4),
    "sigmoid-softmax-ce": NetSpec.random((4, 4, 4), ("sigmoid", "softmax"), "cross_entropy",
                                         seed=2, samples=2, train_biases=True),
}


@pytest.mark.parametrize("name", [*PRESETS, *RANDOM])
def test_the_program_prints_every_value_of_the_trace(name: str) -> None:
    spec = RANDOM.get(name) or preset(name)
    trace = trace_net(spec)
    found = parse_prints("".join(run(net_program(trace))))
    assert len(found) == len(trace.values)
    for q, value in trace.values.items():
        assert math.isclose(found[code_name(q, spec.samples)], value, rel_tol=1e-12,
                            abs_tol=1e-300), q


def test_names_read_as_the_symbols_and_are_identifiers() -> None:
    assert code_name(QName("w", 2, 1, 1)) == "w2_11"
    assert code_name(QName("w_new", 2, 1, 2)) == "w2_12_new"
    assert code_name(QName("net", 1, 2, sample=2), batch=2) == "net1_2_s2"
    assert code_name(QName("net", 1, 2, sample=1)) == "net1_2"
    assert code_name(QName("path", 1, 2, 3, sample=1)) == "dE_dout1_2_via2_3"
    assert code_name(QName("E_new", sample=2), batch=2) == "E_new_s2"
    trace = trace_net(RANDOM["relu-sigmoid-bce-batch"])
    names = [code_name(q, 4) for q in trace.values]
    assert all(n.isidentifier() for n in names) and len(set(names)) == len(names)


def test_a_steps_cell_keeps_only_its_own_show_line() -> None:
    trace = trace_net(preset("softmax"))
    program = net_program(trace)
    step = trace.step(QName("delta", 2, 2, sample=1))
    [cell] = for_step(program, step.name)
    source = step_source(cell, QName("delta", 2, 2, sample=1), 1)
    assert source.splitlines()[-1] == 'show("delta2_2", delta2[0, 1])'
    assert source.count("show(") == 1 and "delta2 = out2 - T" in source
    assert printed(QName("delta", 2, 2, sample=1), step.value, 1) == f"delta2_2 = {step.value!r}"
