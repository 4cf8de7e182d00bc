"""NetSpec: every refusal has its code, hostile JSON and pasted text give a value or a
CodedError only, and a spec round-trips through JSON, a seed and NumPy text."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bpcore.errors import CodedError
from bpcore.netspec import MAX_PASTE, NetSpec, parse_numpy
from bpcore.presets import PRESETS, xor
from tests.bpcore.netspec_strategies import netspecs

BASE = xor().to_dict()


def refused(change: dict) -> CodedError:
    data = {**BASE, **change}
    with pytest.raises(CodedError) as err:
        NetSpec.from_dict(data)
    return err.value


@pytest.mark.parametrize(("change", "field", "code"), [
    ({"sizes": [2, 1]}, "hidden_layers", "out_of_range"),
    ({"sizes": [2, 2, 2, 2, 2, 1]}, "hidden_layers", "out_of_range"),
    ({"sizes": [5, 2, 1]}, "inputs", "out_of_range"),
    ({"sizes": [0, 2, 1]}, "inputs", "out_of_range"),
    ({"sizes": [2, 5, 1]}, "width", "out_of_range"),
    ({"sizes": [2, 2, 5]}, "outputs", "out_of_range"),
    ({"sizes": [2, 2.0, 1]}, "width", "not_whole"),
    ({"sizes": [2, True, 1]}, "width", "not_whole"),
    ({"sizes": "2-2-1"}, "sizes", "not_a_list"),
    ({"activations": ["sigmoid"]}, "activations", "count"),
    ({"activations": ["softmax", "sigmoid"]}, "activation.0", "activation"),
    ({"activations": ["sigmoid", "swish"]}, "output", "activation"),
    ({"activations": ["sigmoid", 3]}, "activations", "not_a_list"),
    ({"loss": "hinge"}, "loss", "loss"),
    ({"loss": "mse"}, "loss", "unknown"),
    ({"loss": "cross_entropy"}, "loss", "pairing"),  # categorical CE without softmax
    ({"activations": ["sigmoid", "tanh"], "loss": "binary_cross_entropy"}, "loss", "pairing"),
    ({"X": [[1.0, 0.0]] * 5, "T": [[1.0]] * 5}, "samples", "out_of_range"),
    ({"X": [], "T": []}, "samples", "out_of_range"),
    ({"X": [[1.0]]}, "X", "count"),
    ({"X": [[1.0, "0"]]}, "X", "not_a_number"),
    ({"X": [[1.0, None]]}, "X", "not_a_number"),
    ({"X": [[1.0, 2e6]]}, "X", "too_large"),
    ({"X": [[1.0, 10 ** 400]]}, "X", "too_large"),
    ({"X": [[1.0, math.inf]]}, "X", "not_finite"),
    ({"X": [[1.0, math.nan]]}, "X", "not_finite"),
    ({"T": [[1.0, 0.0]]}, "T", "count"),
    ({"T": [1.0]}, "T", "not_a_list"),
    ({"weights": [[[0.5, -0.6], [0.4, 0.9]]]}, "weights", "count"),
    ({"weights": [[[0.5, -0.6]], [[0.7], [-0.3]]]}, "W1", "count"),
    ({"weights": [[[0.5, -0.6], [0.4, 0.9]], [[0.7, 0.1], [-0.3, 0.1]]]}, "W2", "count"),
    ({"biases": [[0.1, -0.2], [0.05, 0.0]]}, "b2", "count"),
    ({"biases": [[0.1, True], [0.05]]}, "b1", "not_a_number"),
    ({"eta": 0}, "eta", "eta_range"),
    ({"eta": 1001}, "eta", "eta_range"),
    ({"eta": 10 ** 400}, "eta", "eta_range"),
    ({"eta": "0.5"}, "eta", "not_a_number"),
    ({"train_biases": 1}, "train_biases", "not_bool"),
    ({"format": "bpcore.scenario"}, "format", "format"),
    ({"version": 2}, "version", "version"),
    ({"version": True}, "version", "version"),
])
def test_each_bad_field_is_refused_with_its_code(change, field, code):
    err = refused(change)
    assert (err.field, err.code) == (field, code), err


def test_softmax_on_one_output_is_refused():
    err = refused({"activations": ["sigmoid", "softmax"]})
    assert (err.field, err.code) == ("output", "softmax_single")


def test_cross_entropy_targets_must_be_probabilities():
    bce = {"loss": "binary_cross_entropy"}
    assert refused({**bce, "T": [[1.5]]}).code == "target_probability"
    assert refused({**bce, "T": [[-0.1]]}).code == "target_probability"
    NetSpec.from_dict({**BASE, **bce, "T": [[0.3]]})  # a soft target is a probability
    soft = PRESETS["softmax"]().to_dict()
    for T in ([[0.0, 0.5, 0.4]], [[0.0, 1.5, -0.5]], [[1.0, 1.0, 0.0]]):
        err = refused({**soft, "T": T})
        assert (err.field, err.code) == ("T", "target_distribution")
    NetSpec.from_dict({**soft, "T": [[0.2, 0.3, 0.5]]})  # a distribution summing to 1


def test_unknown_and_missing_keys_are_refused():
    assert refused({"extra": 1}).code == "unknown_field"
    data = dict(BASE)
    del data["eta"]
    with pytest.raises(CodedError) as err:
        NetSpec.from_dict(data)
    assert (err.value.field, err.value.code) == ("eta", "missing_field")
    with pytest.raises(CodedError) as err:
        NetSpec.from_dict([BASE])
    assert err.value.code == "not_object"


@pytest.mark.parametrize("name", sorted(PRESETS))
def test_every_preset_round_trips_through_json_exactly(name):
    spec = PRESETS[name]()
    assert NetSpec.from_json(spec.to_json()) == spec
    assert json.loads(spec.to_json()) == spec.to_dict()


@settings(max_examples=150, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(netspecs())
def test_any_valid_spec_round_trips(spec):
    again = NetSpec.from_dict(json.loads(spec.to_json()))
    assert again == spec and hash(again) == hash(spec)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=6) | st.dictionaries(st.text(max_size=8), inner,
                                                                max_size=6),
    max_leaves=40)


@settings(max_examples=200, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(json_values)
def test_arbitrary_json_gives_a_spec_or_a_coded_error(data):
    try:
        spec = NetSpec.from_dict(data)
    except CodedError as err:
        assert err.field and err.code
        return
    assert NetSpec.from_dict(spec.to_dict()) == spec


@settings(max_examples=200, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(sorted(BASE)), json_values)
def test_any_field_replaced_by_arbitrary_json_gives_a_spec_or_a_coded_error(key, value):
    try:
        spec = NetSpec.from_dict({**BASE, key: value})
    except CodedError:
        return
    assert NetSpec.from_dict(spec.to_dict()) == spec  # what was accepted is a valid spec


def test_hostile_json_text_is_refused_before_it_costs_anything():
    for text, code in (("[" * 100_000 + "]" * 100_000, "too_big"),
                       ("[" * 9_000 + "]" * 9_000, "not_json"),  # the decoder's recursion
                       ("[" * 10 + "]" * 10, "not_object"),
                       ('{"eta": NaN}', "json_constant"), ("{", "not_json")):
        with pytest.raises(CodedError) as err:
            NetSpec.from_json(text)
        assert err.value.code == code


def test_random_with_seed_is_reproducible_and_valid():
    a = NetSpec.random((3, 4, 2, 2), ("tanh", "relu", "softmax"), "cross_entropy", seed=7,
                       samples=3)
    assert a == NetSpec.random((3, 4, 2, 2), ("tanh", "relu", "softmax"), "cross_entropy",
                               seed=7, samples=3)
    assert a != NetSpec.random((3, 4, 2, 2), ("tanh", "relu", "softmax"), "cross_entropy",
                               seed=8, samples=3)
    assert a.samples == 3 and a.sizes == (3, 4, 2, 2)
    assert all(sum(row) == 1.0 and set(row) <= {0.0, 1.0} for row in a.T)  # one-hot
    assert all(round(x, 2) == x for W in a.weights for row in W for x in row)
    b = NetSpec.random((1, 1, 1), ("sigmoid", "sigmoid"), "binary_cross_entropy", seed=0)
    assert set(b.T[0]) <= {0.0, 1.0}
    for bad, code in (({"seed": -1}, "out_of_range"), ({"seed": 2 ** 31}, "out_of_range"),
                      ({"samples": 5}, "out_of_range"), ({"sizes": (2, 9, 1)}, "out_of_range")):
        kw = {"sizes": (2, 2, 1), "activations": ("sigmoid", "sigmoid"), "loss": "half_sse",
              "seed": 0, **bad}
        with pytest.raises(CodedError) as err:
            NetSpec.random(**kw)
        assert err.value.code == code


# --- paste from NumPy ---------------------------------------------------------------------------
def test_pasted_numpy_text_in_the_usual_forms():
    text = """
    W1 = np.array([[0.15, 0.25],
                   [0.2 , 0.3 ]])   # i1's and i2's weights
    b1 = [0.35, 0.35]; eta = 1e-1
    W2 = array([[ 0.4 ,  0.5 ],
           [ 0.45,  0.55]])
    X = [[0.05 0.1]]
    """
    assert parse_numpy(text) == {"W1": [[0.15, 0.25], [0.2, 0.3]], "b1": [0.35, 0.35],
                                 "eta": 0.1, "W2": [[0.4, 0.5], [0.45, 0.55]],
                                 "X": [[0.05, 0.1]]}
    worked = PRESETS["worked"]()
    spec = worked.with_pasted("W2 = [[0.5, 0.5], [0.5, 0.5]]\nb2 = [0.1, -0.1]\neta = 2")
    assert spec.weights[1] == ((0.5, 0.5), (0.5, 0.5)) and spec.biases[1] == (0.1, -0.1)
    assert spec.eta == 2.0 and spec.weights[0] == worked.weights[0]


@pytest.mark.parametrize(("text", "code"), [
    ("W1 = " + "[" * 100_000, "too_long"),
    ("x" * (MAX_PASTE + 1), "too_long"),
    ("W1 = [[[1]]]", "too_deep"),
    ("W1 = " + "[" * 50 + "1" + "]" * 50, "too_deep"),
    ("W1 = [[1e999]]", "not_finite"),
    ("W1 = [[-1e999, 2]]", "not_finite"),
    ("W1 = [[nan]]", "not_a_number"),
    ("W1 = [[inf]]", "not_a_number"),
    ("W1 = [[1,,2]]", "not_a_number"),
    ("W1 = [[1" + "0" * 40 + "]]", "not_a_number"),
    ("W1 = [[1-2]]", "not_a_number"),
    ("W1 = __import__('os')", "not_a_number"),
    ("W1 = [[1, 2]", "syntax"),
    ("W1 = [[1, 2]] junk", "syntax"),
    ("W1 == [[1]]", "not_a_number"),
    ("1W = [1]", "syntax"),
    ("averyverylongname = [1]", "syntax"),
    ("W1 [1]", "syntax"),
    ("W1 = np.array([1]", "syntax"),
    ("W1 = [1]\nW1 = [2]", "duplicate"),
    ("# only a comment\n\n", "empty"),
    ("", "empty"),
    ("Ｗ1 = [1]", "syntax"),
])
def test_hostile_pasted_text_is_refused_with_a_code(text, code):
    with pytest.raises(CodedError) as err:
        parse_numpy(text)
    assert err.value.code == code
    assert len(str(err.value)) < 400  # a refusal repeats at most a short piece of the text


def test_pasted_names_and_shapes_are_checked_against_the_network():
    spec = xor()
    for text, field, code in (("W3 = [[1]]", "W3", "unknown_field"),
                              ("os = [1]", "os", "unknown_field"),
                              ("W1 = [[1, 2, 3], [4, 5, 6]]", "W1", "count"),
                              ("W2 = [0.1, 0.2]", "W2", "not_a_list"),
                              ("b1 = [2e6, 0]", "b1", "too_large"),
                              ("eta = [1]", "eta", "not_a_number"),
                              ("T = [[1, 2]]", "T", "count")):
        with pytest.raises(CodedError) as err:
            spec.with_pasted(text)
        assert (err.value.field, err.value.code) == (field, code), text
    assert xor() == spec  # nothing changed


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.text(max_size=300))
def test_any_pasted_text_gives_arrays_or_a_coded_error(text):
    try:
        result = parse_numpy(text)
    except CodedError:
        return
    assert result and all(isinstance(k, str) for k in result)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.text(alphabet="W1b=[],. -+e0123456789\n#;()np.array", max_size=200))
def test_paste_like_text_gives_arrays_or_a_coded_error(text):
    try:
        result = parse_numpy(text)
    except CodedError:
        return
    for value in result.values():
        flat = value if isinstance(value, list) else [value]
        for x in flat:
            for y in (x if isinstance(x, list) else [x]):
                assert isinstance(y, float) and math.isfinite(y)


def test_a_spec_builds_the_engines_network():
    spec = PRESETS["softmax"]()
    net = spec.network()
    assert net.sizes == (2, 3, 3) and net.activations == ("relu", "softmax")
    assert net.weights[0][0, 2] == -0.4  # x1 → h3: W1[k − 1, j − 1] is w^1_jk
    X, T = spec.batch()
    assert X.shape == (1, 2) and T.shape == (1, 3) and X.dtype == np.float64
