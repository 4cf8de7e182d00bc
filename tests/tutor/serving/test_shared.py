"""The server's shared results (tutor.serving.shared) that have no page of their own."""

from __future__ import annotations

import math

from bpcore import Scenario, trace_step
from tutor.serving.shared import TRACES, traced


def test_a_scenario_is_traced_once_per_server_and_compared_exactly():
    TRACES.clear()
    made = TRACES.computations
    s = Scenario.worked_example()
    first = traced(s)
    assert traced(Scenario.worked_example()) is first and TRACES.computations == made + 1
    assert dict(first.values) == dict(trace_step(s).values)
    nudged = traced(s.with_value("w1", math.nextafter(0.15, 1.0)))  # one float further
    assert nudged is not first and TRACES.computations == made + 2
    assert nudged.scenario.get("w1") == math.nextafter(0.15, 1.0)
