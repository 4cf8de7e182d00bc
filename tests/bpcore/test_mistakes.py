"""Feedback that teaches: the direction and size of a wrong answer, and each common mistake
recognised from its number, on the worked example and on seeded exercises."""

import math

import numpy as np
import pytest

from bpcore import Network, Scenario, fmt, trace_step
from bpcore.microscope import microscope
from bpcore.mistakes import batch_mistake, diagnose, direction
from bpcore.practice import exercise

SCENARIOS = [Scenario.worked_example(), exercise(1), exercise(2), exercise(31)]
IDS = ["worked", "ex1", "ex2", "ex31"]


def sigma(x: float) -> float:
    return 1 / (1 + math.exp(-x))


def key(trace, name, answer, decimals=4):
    found = diagnose(trace, name, answer, decimals)
    return None if found is None else found.key


@pytest.mark.parametrize("scenario", SCENARIOS, ids=IDS)
def test_the_sign_of_target_minus_out_flipped(scenario):
    tr = trace_step(scenario)
    flipped = scenario.get("target_o1") - tr["out_o1"]
    assert key(tr, "dE_dout_o1", flipped) == "mistake.sign_target_out"
    # carried on: δ_o1 and ∂E/∂w5 come out with the opposite sign
    assert key(tr, "delta_o1", -tr["delta_o1"]) == "mistake.sign_target_out"
    found = diagnose(tr, "dE_dw5", -tr["dE_dw5"], 4)
    assert found is not None and found.key == "mistake.sign_target_out"
    assert found.params["at"] == "dE_dout_o1"


@pytest.mark.parametrize("scenario", SCENARIOS, ids=IDS)
def test_sigma_instead_of_its_derivative(scenario):
    tr = trace_step(scenario)
    assert key(tr, "dout_o1_dnet_o1", tr["out_o1"]) == "mistake.sigma_for_slope"
    assert key(tr, "delta_o1", tr["dE_dout_o1"] * tr["out_o1"]) == "mistake.sigma_for_slope"


@pytest.mark.parametrize("scenario", SCENARIOS, ids=IDS)
def test_net_where_out_was_needed_and_out_where_net_was_needed(scenario):
    tr = trace_step(scenario)
    net = tr["net_o1"]
    assert key(tr, "dout_o1_dnet_o1", net * (1 - net)) == "mistake.net_for_out"
    assert key(tr, "dE_dw5", tr["delta_o1"] * tr["net_h1"]) == "mistake.net_for_out"
    s = sigma(tr["out_o1"])
    assert key(tr, "dout_o1_dnet_o1", s * (1 - s)) == "mistake.out_for_net"
    wrong_net = (scenario.get("w5") * tr["net_h1"] + scenario.get("w6") * tr["net_h2"]
                 + scenario.get("b_o1"))
    assert key(tr, "net_o1", wrong_net) == "mistake.net_for_out"
    assert key(tr, "out_h1", tr["net_h1"]) == "mistake.no_sigmoid"


@pytest.mark.parametrize("scenario", SCENARIOS, ids=IDS)
def test_the_updated_weight_instead_of_the_original(scenario):
    tr = trace_step(scenario)
    wrong = tr["delta_o1"] * tr["w5_new"]
    assert key(tr, "dEo1_dout_h1", wrong, 6) == "mistake.updated_weight"
    if abs(wrong - tr["dEo1_dout_h1"]) <= 1e-4:  # also right at 4 decimals: never said then
        assert key(tr, "dEo1_dout_h1", wrong, 4) is None


@pytest.mark.parametrize("scenario", SCENARIOS, ids=IDS)
def test_forgetting_the_second_path_into_a_hidden_neuron(scenario):
    tr = trace_step(scenario)
    found = diagnose(tr, "dE_dout_h1", tr["dEo1_dout_h1"], 4)
    assert found is not None and found.key == "mistake.one_path"
    assert found.params["missing"] == "o2"
    assert key(tr, "dE_dout_h1", tr["dEo2_dout_h1"]) == "mistake.one_path"
    assert key(tr, "delta_h1", tr["dEo1_dout_h1"] * tr["dout_h1_dnet_h1"]) == "mistake.one_path"


@pytest.mark.parametrize("scenario", SCENARIOS, ids=IDS)
def test_adding_eta_times_the_gradient_and_forgetting_eta(scenario):
    tr = trace_step(scenario)
    w5, eta, g = scenario.get("w5"), scenario.eta, tr["dE_dw5"]
    assert key(tr, "w5_new", w5 + eta * g) == "mistake.added_step"
    if eta != 1.0:  # with η = 1 forgetting it gives the right answer
        assert key(tr, "w5_new", w5 - g) == "mistake.no_eta"


def test_a_right_answer_and_an_unrelated_one_match_no_mistake():
    tr = trace_step(Scenario.worked_example())
    assert diagnose(tr, "delta_o1", tr["delta_o1"], 4) is None
    assert diagnose(tr, "delta_o1", 12.345, 4) is None
    assert diagnose(tr, "delta_o1", float("nan"), 4) is None


def test_the_worked_example_numbers_of_the_tutorial():
    tr = trace_step(Scenario.worked_example())
    assert key(tr, "dE_dout_o1", -0.7414) == "mistake.sign_target_out"  # 0.01 − 0.7514
    assert key(tr, "dout_o1_dnet_o1", 0.7514) == "mistake.sigma_for_slope"
    assert key(tr, "dE_dout_h1", 0.0554) == "mistake.one_path"  # 0.055399… without o2's path
    assert key(tr, "w5_new", 0.4411) == "mistake.added_step"  # 0.4 + 0.5 · 0.0822


def test_the_passed_down_gradient_averaged_twice_on_a_batch():
    rng = np.random.default_rng(0)
    net = Network.random((2, 3, 3, 2), ("sigmoid", "sigmoid", "sigmoid"), "half_sse", seed=0)
    X, T = rng.normal(size=(4, 2)), rng.uniform(size=(4, 2))
    scope = microscope(net, X, T, 1, 0, 0)
    found = batch_mistake(scope.averaged_twice, scope.batch_gradient, 4, 2, 10)
    assert found is not None and found.key == "mistake.averaged_twice"
    assert found.params["factor"] == str(scope.twice_factor) == "16"
    assert batch_mistake(scope.batch_gradient, scope.batch_gradient, 4, 2, 10) is None
    assert batch_mistake(scope.averaged_twice, scope.batch_gradient, 1, 2, 10) is None


@pytest.mark.parametrize(("answer", "value", "message", "params"), [
    (-0.25, 0.25, "feedback.sign_only", {}),
    (-0.5, 0.25, "feedback.sign_big", {"percent": "100"}),
    (0.5, 0.25, "feedback.factor_big", {"factor": "2"}),
    (0.1, 0.3, "feedback.factor_small", {"factor": "3"}),
    (0.28, 0.25, "feedback.too_big", {"percent": "12"}),
    (0.24, 0.25, "feedback.too_small", {"percent": "4.0"}),
    (0.2502, 0.25, "feedback.near_big", {"diff": fmt(0.0002, 4)}),
    (0.1, 0.0, "feedback.near_big", {"diff": fmt(0.1, 4)}),
])
def test_a_wrong_answer_is_told_its_direction_and_size(answer, value, message, params):
    said = direction(answer, value, 4)
    assert said.key == message and dict(said.params) == params


# --- the slips of every step of the worked example (issue 26) ----------------------------------
WORKED = trace_step(Scenario.worked_example())


def _slips(tr):
    """(step, the number the slip gives, the mistake it is, where it was made) for every step
    rule of the 2-2-2, computed here from the trace's own values."""
    s = tr.scenario
    return [
        ("net_h1", tr["net_h1"] - s.get("b_h1"), "no_bias", "net_h1"),
        ("out_h1", tr["net_h1"], "no_sigmoid", "out_h1"),
        ("E_o1", (s.get("target_o1") - tr["out_o1"]) ** 2, "no_half", "E_o1"),
        ("dE_dout_o1", s.get("target_o1") - tr["out_o1"], "sign_target_out", "dE_dout_o1"),
        ("dE_dout_o1", 2 * (tr["out_o1"] - s.get("target_o1")), "double_slope", "dE_dout_o1"),
        ("dout_o1_dnet_o1", tr["out_o1"], "sigma_for_slope", "dout_o1_dnet_o1"),
        ("dout_o1_dnet_o1", sigma(tr["out_o1"]) * (1 - sigma(tr["out_o1"])), "out_for_net",
         "dout_o1_dnet_o1"),
        ("delta_o1", tr["dE_dout_o1"], "no_slope", "delta_o1"),
        ("dE_dw5", tr["delta_o1"] * s.get("w5"), "weight_for_source", "dE_dw5"),
        ("dE_dw5", tr["delta_o2"] * tr["out_h1"], "wrong_path", "dE_dw5"),
        ("dE_dw5", tr["delta_o1"] * tr["out_h2"], "wrong_path", "dE_dw5"),
        ("dEo1_dout_h1", tr["delta_o1"] * s.get("w7"), "wrong_path", "dEo1_dout_h1"),
        ("dE_dout_h1", tr["dEo1_dout_h1"], "one_path", "dE_dout_h1"),
        ("delta_h1", -tr["delta_h1"], "sign_flipped", "delta_h1"),
        ("dE_dw1", -tr["dE_dw1"], "sign_flipped", "dE_dw1"),
        ("w5_new", s.get("w5") - tr["dE_dw5"], "no_eta", "w5_new"),
        ("w5_new", s.get("w5") + s.eta * tr["dE_dw5"], "added_step", "w5_new"),
    ]


@pytest.mark.parametrize(("name", "wrong", "slip", "at"), _slips(WORKED),
                         ids=[f"{n}-{k}" for n, _, k, _ in _slips(WORKED)])
def test_each_slip_of_the_worked_example_is_named_at_its_step(name, wrong, slip, at):
    found = diagnose(WORKED, name, wrong, 6)
    assert found is not None and (found.key, found.params["at"]) == (f"mistake.{slip}", at)


@pytest.mark.parametrize("scenario", SCENARIOS[1:], ids=IDS[1:])
def test_the_slips_are_named_on_seeded_exercises_too(scenario):
    tr = trace_step(scenario)
    named = 0
    for name, wrong, slip, _ in _slips(tr):
        found = diagnose(tr, name, wrong, 6)
        if abs(wrong - tr[name]) > 1e-5:  # a slip that is not also the right number
            named += found is not None and found.key == f"mistake.{slip}"
    assert named >= len(_slips(tr)) - 3  # a seeded number may coincide with another slip


def test_a_slip_worked_with_rounded_numbers_is_named_at_the_precision_typed():
    # out_o1 = 0.751365… typed as 0.75 for σ′ (the "Too big by a factor of 4" alone)
    assert diagnose(WORKED, "dout_o1_dnet_o1", 0.75, 4) is None  # 0.0014 off at 4 places
    found = diagnose(WORKED, "dout_o1_dnet_o1", 0.75, 4, places=2)
    assert found is not None and found.key == "mistake.sigma_for_slope"
    # an answer right to the places typed is never called a slip
    assert diagnose(WORKED, "dout_o1_dnet_o1", 0.19, 4, places=2) is None


def test_the_slips_follow_the_steps_rules_not_the_names_of_the_2_2_2():
    """A step found by its rule and operands: the same slip is named under any name."""
    from dataclasses import replace

    from bpcore.trace import Trace
    steps = tuple(replace(s, name="slope_of_o1") if s.name == "dout_o1_dnet_o1" else s
                  for s in WORKED.steps)
    values = {("slope_of_o1" if k == "dout_o1_dnet_o1" else k): v
              for k, v in WORKED.values.items()}
    renamed = Trace(scenario=WORKED.scenario, steps=steps, values=values)
    found = diagnose(renamed, "slope_of_o1", WORKED["out_o1"], 4)
    assert found is not None and found.key == "mistake.sigma_for_slope"
