"""Scenario validation names the bad field, and the JSON form round-trips exactly."""

import json
import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from bpcore import Scenario, ScenarioError


def test_worked_example_defaults():
    s = Scenario.worked_example()
    assert s.inputs == (0.05, 0.10) and s.targets == (0.01, 0.99)
    assert s.weights == (0.15, 0.20, 0.25, 0.30, 0.40, 0.45, 0.50, 0.55)
    assert (s.get("b1"), s.get("b2"), s.eta, s.train_biases) == (0.35, 0.60, 0.5, False)


@pytest.mark.parametrize(("name", "value", "field"), [
    ("w5", math.nan, "w5"), ("i1", math.inf, "i1"), ("target_o2", -math.inf, "target_o2"),
    ("w1", 2e6, "w1"), ("b2", -1.5e6, "b2"), ("eta", 0.0, "eta"), ("eta", -0.1, "eta"),
    ("eta", 1000.5, "eta"), ("eta", math.nan, "eta"), ("w3", "0.3", "w3"), ("w3", True, "w3"),
])
def test_bad_value_raises_naming_the_field(name, value, field):
    with pytest.raises(ValueError, match=rf"^{field}:"):
        Scenario.worked_example().with_value(name, value)


def test_large_learning_rates_are_allowed_for_divergence_lessons():
    assert Scenario.worked_example().with_value("eta", 1000).eta == 1000.0


def test_wrong_count_names_the_group():
    with pytest.raises(ScenarioError, match=r"^weights:") as err:
        Scenario(weights=(0.1,) * 7)
    assert err.value.code == "count" and err.value.params == {"count": 8, "got": 7}
    with pytest.raises(ValueError, match=r"^inputs:"):
        Scenario(inputs="0.05")


def test_with_value_leaves_the_original_unchanged():
    s = Scenario.worked_example()
    t = s.with_value("w5", 0.9)
    assert s.get("w5") == 0.40 and t.get("w5") == 0.9 and t.weights[:4] == s.weights[:4]


def test_b1_edits_both_hidden_biases():
    s = Scenario.worked_example().with_value("b1", 0.1)
    assert s.biases == (0.1, 0.1, 0.6, 0.6) and s.shared_bias("b1")


def test_json_round_trip_is_lossless():
    s = Scenario(weights=(0.1 + 0.2, 1 / 3, -2e-17, 5e5, 0.4, 0.45, 0.5, 0.55), eta=7.25,
                 train_biases=True, biases=(0.1, 0.2, 0.3, 0.4))
    assert Scenario.from_json(s.to_json()) == s
    assert Scenario.from_dict(json.loads(json.dumps(s.to_dict()))) == s


def test_to_dict_carries_format_and_version():
    d = Scenario.worked_example().to_dict()
    assert d["format"] == "bpcore.scenario" and d["version"] == 1


@pytest.mark.parametrize(("mutate", "field"), [
    (lambda d: d.update(extra=1), "extra"),
    (lambda d: d.pop("weights"), "weights"),
    (lambda d: d.update(version=2), "version"),
    (lambda d: d.update(format="other"), "format"),
    (lambda d: d.update(eta="fast"), "eta"),
    (lambda d: d.update(train_biases="yes"), "train_biases"),
    (lambda d: d["weights"].__setitem__(4, None), "w5"),
    (lambda d: d.update(targets=[0.01]), "targets"),
])
def test_bad_dict_raises_naming_the_field(mutate, field):
    d = Scenario.worked_example().to_dict()
    mutate(d)
    with pytest.raises(ValueError, match=rf"^{field}:"):
        Scenario.from_dict(d)


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity"])
def test_json_nan_and_infinity_literals_are_rejected(literal):
    text = Scenario.worked_example().to_json().replace('"eta": 0.5', f'"eta": {literal}')
    with pytest.raises(ScenarioError) as err:
        Scenario.from_json(text)
    assert err.value.code == "json_constant" and err.value.params == {"value": literal}


def test_invalid_json_and_non_objects_are_rejected():
    with pytest.raises(ScenarioError) as err:
        Scenario.from_json("{")
    assert err.value.code == "not_json" and err.value.params == {"line": 1}
    with pytest.raises(ScenarioError) as err:
        Scenario.from_json("[1, 2]")
    assert err.value.code == "not_object"


finite = st.floats(-1e6, 1e6, allow_nan=False)


@given(st.lists(finite, min_size=8, max_size=8), st.floats(1e-6, 1000), st.booleans())
def test_round_trip_property(weights, eta, train_biases):
    s = Scenario(weights=tuple(weights), eta=eta, train_biases=train_biases)
    assert Scenario.from_json(s.to_json()) == s


def test_network_layout_matches_the_tutorial():
    net = Scenario.worked_example().network()
    w1, w2, w3, w4, w5, w6, w7, w8 = Scenario.worked_example().weights
    assert net.weights[0].tolist() == [[w1, w3], [w2, w4]]
    assert net.weights[1].tolist() == [[w5, w7], [w6, w8]]
    assert Scenario.worked_example().with_network(net) == Scenario.worked_example()


@pytest.mark.parametrize(("change", "code", "params"), [
    (("w5", math.nan), "not_finite", {"value": math.nan}),
    (("w5", 2e6), "too_large", {"value": 2e6, "limit": 1e6}),
    (("eta", 0.0), "eta_range", {"value": 0.0, "limit": 1000.0}),
    (("i1", "x"), "not_a_number", {"value": "'x'"}),
])
def test_rejections_carry_a_code_a_ui_can_translate(change, code, params):
    from bpcore import ScenarioError

    with pytest.raises(ScenarioError) as info:
        Scenario.worked_example().with_value(*change)
    assert info.value.code == code and info.value.field == change[0]
    for key, value in params.items():
        got = info.value.params[key]
        assert (math.isnan(got) and math.isnan(value)) if isinstance(value, float) and \
            math.isnan(value) else got == value


def test_the_weight_index_is_the_edges_in_matrix_form():
    from bpcore.scenario import EDGES, HIDDEN, INPUTS, OUTPUTS, WEIGHT_INDEX

    assert list(WEIGHT_INDEX) == [f"w{k}" for k in range(1, 9)]
    for name, (layer, row, col) in WEIGHT_INDEX.items():
        sources, targets = (INPUTS, HIDDEN) if layer == 0 else (HIDDEN, OUTPUTS)
        assert EDGES[name] == (sources[row], targets[col])


def test_weight_vector_and_weight_matrices_are_inverse_and_take_leading_axes():
    from bpcore.scenario import weight_matrices, weight_vector

    w = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8)
    W1, W2 = weight_matrices(w)
    assert W1.tolist() == [[0.1, 0.3], [0.2, 0.4]] and W2.tolist() == [[0.5, 0.7], [0.6, 0.8]]
    assert weight_vector((W1, W2)).tolist() == list(w)
    stacked = weight_vector((np.stack([W1, 2 * W1]), np.stack([W2, 2 * W2])))
    assert stacked.shape == (2, 8) and stacked[1].tolist() == [2 * x for x in w]


def test_every_later_state_is_made_by_one_validating_constructor():
    from bpcore import trace_step, train

    s = Scenario.worked_example()
    trace = trace_step(s)
    after = trace.next_scenario()
    assert after == s.with_network(_updated(s)) == s.with_parameters(
        [trace[f"w{k}_new"] for k in range(1, 9)], s.biases)
    history = train(s, 3)
    assert history.scenario_at(1) == after
    assert train(s, 1).scenario_at(1) == after
    with pytest.raises(ScenarioError) as err:
        s.with_parameters([math.nan] + list(s.weights[1:]), s.biases)
    assert (err.value.field, err.value.code) == ("w1", "not_finite")


def _updated(s: Scenario):
    net = s.network()
    X, T = s.batch()
    net.step(X, T, s.eta, update_biases=s.train_biases)
    return net


def test_refusals_are_codes_and_params_not_sentences():
    from bpcore.errors import CodedError

    with pytest.raises(ScenarioError) as err:
        Scenario.worked_example().with_value("eta", 0.0)
    assert isinstance(err.value, CodedError)
    assert str(err.value) == "eta: eta_range (value=0.0, limit=1000.0)"
    assert err.value == ScenarioError("eta", "eta_range", value=0.0, limit=1000.0)
