"""One traced step of the worked example: every value under the tutorial's name, and the walk.

trace_step(scenario) turns the scenario into a Network, runs the general engine's forward,
backward and update once, and names what it computed (net_h1, out_o1, delta_o1, dE_dw5,
w5_new, …). The ordered ``steps`` are what a learner steps through; their text comes from
bpcore.steps, so no page types a formula.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from bpcore.activations import ACTIVATIONS
from bpcore.losses import LOSSES
from bpcore.scenario import BIAS_INDEX, HIDDEN, OUTPUTS, WEIGHT_INDEX, Scenario
from bpcore.steps import PHASES, Step, build_steps

__all__ = ["PHASES", "Step", "Trace", "Update", "compute_values", "trace_step"]

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
    """Every named value of one step of the worked example, and the ordered steps."""

    scenario: Scenario
    values: Mapping[str, float]
    steps: tuple[Step, ...]

    def __getitem__(self, name: str) -> float:
        return self.values[name]

    def __contains__(self, name: object) -> bool:
        return name in self.values

    def __iter__(self) -> Iterator[str]:
        return iter(self.values)

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
            if step.name.endswith("_new") and len(step.operands) == 3:
                old, eta, grad = step.operands
                rows.append(Update(step.name[: -len("_new")], old, grad, eta * grad, step.value))
        return tuple(rows)

    def next_scenario(self) -> Scenario:
        """The scenario after this update: new weights (and biases, when they train)."""
        s = self.scenario
        weights = [self[f"{w}_new"] for w in WEIGHT_INDEX]
        biases = [self[f"{b}_new"] for b in BIAS_INDEX] if s.train_biases else s.biases
        return s.with_parameters(weights, biases)


def compute_values(scenario: Scenario) -> dict[str, float]:
    """Run the engine once and name every value it computed, in teaching order."""
    network = scenario.network()
    X, T = scenario.batch()
    records = network.forward(X)
    grads = network.backward(records, T)
    after = network.copy()
    after.apply(grads, scenario.eta, update_biases=scenario.train_biases)
    hidden, output = records
    sigmoid, loss = ACTIVATIONS["sigmoid"], LOSSES["half_sse"]
    v: dict[str, float] = {}
    for record, names in ((hidden, HIDDEN), (output, OUTPUTS)):
        for j, n in enumerate(names):
            v[f"net_{n}"], v[f"out_{n}"] = float(record.net[0, j]), float(record.out[0, j])
    terms = loss.terms(output.out, T)[0]
    v["E_o1"], v["E_o2"] = float(terms[0]), float(terms[1])
    v["E_total"] = float(loss.value(output.out, T))
    dE_dout = loss.grad(output.out, T)[0]
    dout_dnet = sigmoid.derivative(output.net, output.out)[0]
    for k, o in enumerate(OUTPUTS):
        v[f"dE_dout_{o}"], v[f"dout_{o}_dnet_{o}"] = float(dE_dout[k]), float(dout_dnet[k])
        v[f"delta_{o}"] = float(grads[1].delta[0, k])
    for w, (layer, row, col) in WEIGHT_INDEX.items():
        if layer == 1:
            v[f"dE_d{w}"] = float(grads[1].dW[row, col])
    dout_dnet_h = sigmoid.derivative(hidden.net, hidden.out)[0]
    passed = grads[1].dE_dinput  # ∂E/∂out_h, passed down by the output layer (never None)
    assert passed is not None
    for j, h in enumerate(HIDDEN):
        for k, o in enumerate(OUTPUTS):  # each output's path back to out_h: δ_o · w
            v[f"dE{o}_dout_{h}"] = float(grads[1].delta[0, k] * network.weights[1][j, k])
    for j, h in enumerate(HIDDEN):
        v[f"dE_dout_{h}"] = float(passed[0, j])
        v[f"dout_{h}_dnet_{h}"] = float(dout_dnet_h[j])
        v[f"delta_{h}"] = float(grads[0].delta[0, j])
    for w, (layer, row, col) in WEIGHT_INDEX.items():
        if layer == 0:
            v[f"dE_d{w}"] = float(grads[0].dW[row, col])
    if scenario.train_biases:
        for layer, names in ((0, HIDDEN), (1, OUTPUTS)):
            for j, n in enumerate(names):
                v[f"dE_db_{n}"] = float(grads[layer].db[j])
    for w, (layer, row, col) in WEIGHT_INDEX.items():
        v[f"{w}_new"] = float(after.weights[layer][row, col])
    if scenario.train_biases:
        for layer, names in ((0, HIDDEN), (1, OUTPUTS)):
            for j, n in enumerate(names):
                v[f"b_{n}_new"] = float(after.biases[layer][j])
    # The forward pass again, with the updated parameters: one run of the engine, named as
    # the first one is (net_h1_new, out_h1_new, …, out_o2_new), then the error it leaves.
    hidden_new, output_new = after.forward(X)
    for record, names in ((hidden_new, HIDDEN), (output_new, OUTPUTS)):
        for j, n in enumerate(names):
            v[f"net_{n}_new"] = float(record.net[0, j])
            v[f"out_{n}_new"] = float(record.out[0, j])
    v["E_total_new"] = float(loss.value(output_new.out, T))
    return v


def trace_step(scenario: Scenario) -> Trace:
    """One forward pass, the error, the backward pass and the update, fully named and stepped."""
    values = compute_values(scenario)
    steps = build_steps(scenario, values)
    order = {s.name: i for i, s in enumerate(steps)}
    ordered = dict(sorted(values.items(), key=lambda kv: order.get(kv[0], len(order))))
    return Trace(scenario, MappingProxyType(ordered), steps)
