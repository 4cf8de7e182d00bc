"""One traced step of the worked example: every value under the tutorial's name, and the walk.

trace_step(scenario) runs the general stepper once on the scenario as a NetSpec
(bpcore.presets.from_scenario → bpcore.stepper_trace.trace_net, one engine and one trace for
every network) and reads its typed values under the tutorial's names (net_h1, out_o1,
delta_o1, dE_dw5, w5_new, … by bpcore.qname.to_mazur). The ordered ``steps`` are what a
learner steps through; their text comes from bpcore.steps, so no page types a formula.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from bpcore.presets import from_scenario
from bpcore.qname import QName, before_update, to_mazur
from bpcore.scenario import BIAS_INDEX, WEIGHT_INDEX, Scenario
from bpcore.stepper_trace import NetTrace, trace_net
from bpcore.steps import PHASES, Step, build_steps

__all__ = ["PHASES", "Step", "Trace", "Update", "compute_values", "mazur_values", "trace_step"]

@dataclass(frozen=True)
class Update:
    """One parameter's update: new = old − η·gradient, with η·gradient given as ``change``."""

    param: str
    old: float
    gradient: float
    change: float
    new: float


@dataclass(frozen=True)
class Trace:
    """Every named value of one step of the worked example, and the ordered steps.

    ``net`` is the typed trace the values are read from (bpcore.stepper_trace.NetTrace of
    presets.from_scenario(scenario)): the same numbers under their QNames. It is left out of
    equality and of shared keys: the values and steps are the trace's identity.
    """

    scenario: Scenario
    values: Mapping[str, float]
    steps: tuple[Step, ...]
    net: NetTrace | None = field(default=None, compare=False, repr=False)

    def __getitem__(self, name: str) -> float:
        return self.values[name]

    def __contains__(self, name: object) -> bool:
        return name in self.values

    def __iter__(self) -> Iterator[str]:
        return iter(self.values)

    def at(self, q: QName) -> float:
        """The value of a typed name (bpcore.qname): the typed trace's own float, the very
        one its tutorial name reads (δ^2_1 is delta_o1)."""
        return self.net[q] if self.net is not None else self.values[to_mazur(q)]

    def names(self) -> tuple[str, ...]:
        """Every name, in teaching order."""
        return tuple(self.values)

    def phase_steps(self, *phases: str) -> tuple[Step, ...]:
        """The steps of the given phases, in order."""
        return tuple(s for s in self.steps if s.phase in phases)

    def updates(self) -> tuple[Update, ...]:
        """Every parameter the update changes, in the order of the update steps.

        Each row reads its numbers from the step that computed the new value (operands are
        old, η, gradient), so the table and the formula panel cannot disagree.
        """
        rows = []
        for step in self.phase_steps("update"):
            if step.qname is not None and step.qname.kind in ("w_new", "b_new"):
                old, eta, grad = step.operands
                rows.append(Update(to_mazur(before_update(step.qname)), old, grad, eta * grad,
                                   step.value))
        return tuple(rows)

    def next_scenario(self) -> Scenario:
        """The scenario after this update: new weights (and biases, when they train)."""
        s = self.scenario
        weights = [self[f"{w}_new"] for w in WEIGHT_INDEX]
        biases = [self[f"{b}_new"] for b in BIAS_INDEX] if s.train_biases else s.biases
        return s.with_parameters(weights, biases)


def mazur_values(net: NetTrace) -> dict[str, float]:
    """The worked preset's trace (bpcore.stepper_trace) under the tutorial's names: each
    value's QName written by bpcore.qname.to_mazur (net^1_1 → net_h1, w^2_11⁺ → w5_new),
    in the trace's order. CodedError when the trace is not of the 2-2-2 one-sample example."""
    return {to_mazur(q): v for q, v in net.values.items()}


def compute_values(scenario: Scenario) -> dict[str, float]:
    """Every value of one step of the scenario, by tutorial name: the one typed trace of the
    general stepper, trace_net(from_scenario(scenario)), seen through the tutorial's names."""
    return mazur_values(trace_net(from_scenario(scenario)))


def trace_step(scenario: Scenario) -> Trace:
    """One forward pass, the error, the backward pass and the update, fully named and stepped."""
    net = trace_net(from_scenario(scenario))
    values = mazur_values(net)
    steps = build_steps(scenario, values, [s.qname for s in net.steps if s.qname is not None])
    order = {s.name: i for i, s in enumerate(steps)}
    ordered = dict(sorted(values.items(), key=lambda kv: order.get(kv[0], len(order))))
    return Trace(scenario, MappingProxyType(ordered), steps, net)
