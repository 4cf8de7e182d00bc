"""Known slips on a general trace (bpcore.mistakes.net_diagnose), by typed names: every slip a
step of a preset can be is recognised from its number; a right answer never is; any network of
any allowed shape is read without an error, and the largest in well under a second."""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bpcore.mistakes import net_diagnose, net_slips
from bpcore.netspec import NetSpec
from bpcore.practice import tolerance
from bpcore.presets import PRESETS, preset
from bpcore.qname import QName
from bpcore.stepper_trace import trace_net
from tests.bpcore.netspec_strategies import netspecs

NETS = [n for n in PRESETS if n != "worked"]


@pytest.mark.parametrize("net", NETS)
def test_every_slip_of_a_preset_is_recognised_from_its_number(net):
    trace = trace_net(preset(net))
    recognised = 0
    for step in trace.steps:
        assert net_diagnose(trace, step.qname, step.value, 4) is None
        for slip, wrong in net_slips(trace, step.qname):
            assert slip.at == step.qname and slip.names["at"] == step.qname
            if abs(wrong[step.qname] - step.value) > 2 * tolerance(4):
                found = net_diagnose(trace, step.qname, wrong[step.qname], 4)
                assert found is not None, (net, step.name, slip.key)
                recognised += 1
    assert recognised >= 20


def test_a_slip_carried_from_an_earlier_step_is_named_where_it_was_made():
    trace = trace_net(preset("deep"))
    asked = QName("dE_dw", 1, 1, 1)
    found = net_diagnose(trace, asked, -trace[asked], 6)
    assert found is not None and found.key == "sign_target_out"
    assert found.at == QName("dE_dout", 4, 1, sample=1)


def test_the_mean_taken_in_a_batchs_delta_is_named_at_each_sample():
    trace = trace_net(preset("batch"))
    for s in (1, 2):
        q = QName("delta", 1, 2, sample=s)
        found = net_diagnose(trace, q, trace[q] / 2, 6)
        assert found is not None and found.key == "mean_in_delta"
        assert found.numbers == {"samples": "2"}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(spec=netspecs(), pick=st.integers(0, 10_000), answer=st.floats(-10.0, 10.0))
def test_any_network_is_read_without_an_error(spec: NetSpec, pick: int, answer: float):
    trace = trace_net(spec)
    step = trace.steps[pick % len(trace.steps)]
    assert net_diagnose(trace, step.qname, step.value, 4) is None
    found = net_diagnose(trace, step.qname, answer, 4)
    assert found is None or found.key


def test_the_largest_network_is_read_quickly():
    sizes = (4, 4, 4, 4, 4)
    weights = [[[0.1 * ((a + b + layer) % 5 - 2) for b in range(4)] for a in range(4)]
               for layer in range(4)]
    spec = NetSpec(sizes, ("sigmoid",) * 4, "half_sse", [[0.1 * k for k in range(4)]] * 4,
                   [[0.5] * 4] * 4, weights, [[0.1] * 4] * 4, 0.5, True)
    trace = trace_net(spec)
    asked = QName("dE_dw", 1, 1, 1)
    start = time.perf_counter()
    net_diagnose(trace, asked, trace[asked] + 0.37, 4)
    assert time.perf_counter() - start < 1.5  # measured 0.2–0.3 s on the 2-core machine
