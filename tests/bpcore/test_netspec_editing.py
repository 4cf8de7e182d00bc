"""Making a learner's own network: random with seed over every shape (its gradients are the
finite differences), a new shape keeping what fits, edited cells whatever a browser sends,
NumPy text written and pasted back exactly, and every paste refusal with its code."""

from __future__ import annotations

import ast
import math

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from bpcore.builder import BuilderError
from bpcore.errors import MAX_NUMBER_CHARS, CodedError
from bpcore.limits import MAX_MAGNITUDE, PASTE_CHARS
from bpcore.netspec import NetSpec, cell_number
from bpcore.presets import PRESETS, worked, xor
from bpcore.stepper_trace import trace_net
from tests.bpcore.netspec_strategies import HIDDEN, OUTPUTS, netspecs
from tests.bpcore.test_stepper_trace import FD_TOLERANCE, fd_error


@st.composite
def random_specs(draw: st.DrawFn) -> NetSpec:
    """NetSpec.random over every allowed shape, activation, loss, batch and seed."""
    loss = draw(st.sampled_from(sorted(OUTPUTS)))
    output = draw(st.sampled_from(OUTPUTS[loss]))
    hidden = draw(st.lists(st.integers(1, 4), min_size=1, max_size=3))
    sizes = (draw(st.integers(1, 4)), *hidden,
             draw(st.integers(2 if output == "softmax" else 1, 4)))
    acts = (*(draw(st.sampled_from(HIDDEN)) for _ in hidden), output)
    return NetSpec.random(sizes, acts, loss, draw(st.integers(0, 2**31 - 1)),
                          draw(st.integers(1, 4)), eta=draw(st.sampled_from([0.5, 0.1, 3.0])))


# --- random with seed ---------------------------------------------------------------------------
@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(random_specs())
def test_any_random_network_traces_and_its_gradients_are_the_finite_differences(spec):
    trace = trace_net(spec)
    for record, act in zip(trace.records, spec.activations, strict=True):
        if act in ("relu", "leaky_relu"):  # a kink within the difference step
            assume(float(np.min(np.abs(record.net))) > 1e-3)
    assert all(math.isfinite(x) for pair in trace.gradients for g in pair for x in g.flat)
    assert fd_error(spec) < FD_TOLERANCE


def test_random_with_seed_draws_lecun_normal_weights_and_small_biases():
    spec = NetSpec.random((4, 4, 4, 4, 4), ("tanh",) * 3 + ("linear",), "half_sse", seed=11,
                          samples=4)
    weights = np.concatenate([np.ravel(W) * math.sqrt(4) for W in spec.weights])
    assert 0.6 < float(np.std(weights)) < 1.4  # N(0, 1)/√n_in, rounded to 2 decimals
    assert all(abs(b) <= 0.5 for bs in spec.biases for b in bs)
    assert spec == NetSpec.random((4, 4, 4, 4, 4), ("tanh",) * 3 + ("linear",), "half_sse",
                                  seed=11, samples=4)


# --- a new shape ---------------------------------------------------------------------------------
def test_a_new_shape_keeps_every_number_whose_place_still_exists():
    old = worked()
    new = old.reshaped((2, 3, 2), ("sigmoid", "sigmoid"), "half_sse", 2, seed=3)
    fresh = NetSpec.random((2, 3, 2), ("sigmoid", "sigmoid"), "half_sse", 3, 2)
    assert new.sizes == (2, 3, 2) and new.samples == 2 and new.eta == old.eta
    assert tuple(r[:2] for r in new.weights[0]) == old.weights[0]
    assert tuple(r[2] for r in new.weights[0]) == tuple(r[2] for r in fresh.weights[0])
    assert new.weights[1][:2] == old.weights[1] and new.weights[1][2] == fresh.weights[1][2]
    assert new.X[0] == old.X[0] and new.X[1] == fresh.X[1]
    assert new.T[0] == old.T[0]
    # the same change with the same seed gives the same network
    assert new == old.reshaped((2, 3, 2), ("sigmoid", "sigmoid"), "half_sse", 2, seed=3)
    smaller = new.reshaped((1, 1, 1), ("tanh", "linear"), "half_sse", 1, seed=3)
    assert smaller.weights == (((0.15,),), ((0.4,),)) and smaller.X == ((0.05,),)


def test_a_new_loss_draws_targets_it_takes_when_the_old_ones_do_not_fit():
    old = worked().with_arrays({"T": [[0.3, 0.4]]})
    spec = old.reshaped((2, 2, 2), ("sigmoid", "softmax"), "cross_entropy", 1, seed=0)
    assert sorted(spec.T[0]) == [0.0, 1.0]  # one-hot: (0.3, 0.4) is no distribution
    assert spec.weights == worked().weights
    kept = worked().reshaped((2, 2, 2), ("sigmoid", "softmax"), "cross_entropy", 1, seed=0)
    assert kept.T == worked().T  # 0.01 + 0.99 is exactly 1: a distribution, kept


@pytest.mark.parametrize(("shape", "field", "code"), [
    (((2, 2, 2), ("sigmoid", "sigmoid"), "cross_entropy", 1), "loss", "pairing"),
    (((2, 2, 2), ("sigmoid", "relu"), "binary_cross_entropy", 1), "loss", "pairing"),
    (((2, 2, 2), ("softmax", "softmax"), "half_sse", 1), "activation.0", "activation"),
    (((2, 2, 1), ("sigmoid", "softmax"), "half_sse", 1), "output", "softmax_single"),
    (((2, 5, 2), ("sigmoid", "sigmoid"), "half_sse", 1), "width", "out_of_range"),
    (((5, 2, 2), ("sigmoid", "sigmoid"), "half_sse", 1), "inputs", "out_of_range"),
    (((2, 2, 2), ("sigmoid", "sigmoid"), "half_sse", 5), "samples", "out_of_range"),
    (((2, 2, 2, 2, 2, 2), ("sigmoid",) * 5, "half_sse", 1), "hidden_layers", "out_of_range"),
    (((2, 2, 2), ("sigmoid", "sigmoid"), "mse", 1), "loss", "unknown"),
    # what a control the browser left empty gives (a selectbox's None)
    (((None, 2, 2), ("sigmoid", "sigmoid"), "half_sse", 1), "inputs", "not_whole"),
    (((2, 2, 2), ("sigmoid", "sigmoid"), "half_sse", None), "samples", "not_whole"),
    (((2, 2, 2), (None, "sigmoid"), "half_sse", 1), "activations", "not_a_list"),
    (((2, 2, 2), ("sigmoid", "sigmoid"), None, 1), "activations", "not_a_list"),
])
def test_a_shape_the_builder_or_the_stepper_refuses_is_refused_here(shape, field, code):
    with pytest.raises(CodedError) as err:
        worked().reshaped(*shape, seed=0)
    assert (err.value.field, err.value.code) == (field, code)
    if code == "pairing":
        assert isinstance(err.value, BuilderError)  # the builder's own rule and wording


# --- edited cells --------------------------------------------------------------------------------
def test_an_edited_cell_changes_that_number_only():
    spec = xor()
    edited = spec.with_cells("W1", {(2, 1): 0.25, (1, 2): "-0.5"})
    assert edited.weights[0] == ((0.5, -0.5), (0.25, 0.9)) and edited.weights[1] == spec.weights[1]
    assert spec.with_cells("b2", {(1, 1): "１.5"}).biases[1] == (1.5,)  # full-width digits
    assert spec.with_cells("X", {(1, 2): 3}).X == ((1.0, 3.0),)
    assert spec.with_cells("T", {}).T == spec.T


@pytest.mark.parametrize(("name", "cells", "code"), [
    ("W1", {(1, 1): "abc"}, "not_a_number"),
    ("W1", {(1, 1): "nan"}, "not_finite"),
    ("W1", {(1, 1): "inf"}, "not_finite"),
    ("W1", {(1, 1): "1e400"}, "not_finite"),
    ("W1", {(1, 1): float("nan")}, "not_finite"),
    ("W1", {(1, 1): float("inf")}, "not_finite"),
    ("W1", {(1, 1): 10**400}, "too_large"),
    ("W1", {(1, 1): 2e6}, "too_large"),
    ("W1", {(1, 1): "2e6"}, "out_of_range"),
    ("W1", {(1, 1): "1" * 200_000}, "too_long"),
    ("W1", {(1, 1): None}, "empty"),
    ("W1", {(1, 1): ""}, "empty"),
    ("W1", {(1, 1): True}, "not_a_number"),
    ("W1", {(1, 1): [1.0]}, "not_a_number"),
    ("W1", {(1, 1): {"a": 1}}, "not_a_number"),
    ("W1", {(3, 1): 1.0}, "cell"),
    ("W1", {(0, 1): 1.0}, "cell"),
    ("b1", {(2, 1): 1.0}, "cell"),
    ("W1", {("1", 1): 1.0}, "cell"),
    ("W3", {(1, 1): 1.0}, "unknown_field"),
    ("T", {(1, 1): 2.0}, "target_probability"),
])
def test_whatever_a_cell_sends_gives_a_spec_or_a_coded_error_naming_it(name, cells, code):
    spec = PRESETS["bce"]()
    with pytest.raises(CodedError) as err:
        spec.with_cells(name, cells)
    assert err.value.code == code
    assert len(str(err.value)) < 400
    assert spec == PRESETS["bce"]()


def test_a_refused_cell_names_its_row_and_column():
    with pytest.raises(CodedError) as err:
        xor().with_cells("W2", {(2, 1): "x"})
    assert (err.value.field, err.value.params["row"], err.value.params["col"]) == ("W2", 2, 1)
    assert cell_number("W1", " 0.5 ", row=1, col=1) == 0.5
    assert cell_number("W1", "4.3857 × 10⁻⁴", row=1, col=1) == 4.3857e-4
    assert len("1" * (MAX_NUMBER_CHARS + 1)) > MAX_NUMBER_CHARS


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=80),
                 st.lists(st.floats(), max_size=3)))
def test_any_json_scalar_in_a_cell_gives_a_spec_or_a_coded_error(raw):
    try:
        spec = xor().with_cells("W1", {(1, 1): raw})
    except CodedError:
        return
    x = spec.weights[0][0][0]
    assert math.isfinite(x) and abs(x) <= MAX_MAGNITUDE


# --- NumPy text ----------------------------------------------------------------------------------
@pytest.mark.parametrize("name", sorted(PRESETS))
def test_every_preset_written_as_numpy_pastes_back_exactly(name):
    spec = PRESETS[name]()
    text = spec.to_numpy()
    assert spec.with_pasted(text) == spec
    # it is Python a learner can run: every assignment a literal with the spec's numbers
    values = {node.targets[0].id: ast.literal_eval(node.value)
              for node in ast.parse(text).body if isinstance(node, ast.Assign)}
    assert np.array_equal(values["W1"], spec.weights[0]) and values["eta"] == spec.eta
    assert set(values) == {*spec.array_names(), "eta"}


@settings(max_examples=150, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(netspecs())
def test_any_spec_written_as_numpy_pastes_back_exactly(spec):
    assert spec.with_pasted(spec.to_numpy()) == spec


def test_the_largest_network_at_full_precision_fits_the_paste_box():
    spec = NetSpec.random((4, 4, 4, 4, 4), ("tanh",) * 4, "half_sse", seed=1, samples=4)
    longest = -1.2345678901234567e-300  # 24 characters: no float repr is longer
    full = spec.with_arrays({name: np.full(np.shape(spec.array(name)), longest).tolist()
                             if name[0] != "b" else [longest] * 4
                             for name in spec.array_names()})
    text = full.to_numpy()
    assert len(text) <= PASTE_CHARS and full.with_pasted(text) == full


def test_a_preset_edited_as_text_pastes_into_the_same_shape():
    text = xor().to_numpy().replace("W2 = [[0.7]", "W2 = [[0.75]")
    assert PRESETS["bce"]().with_pasted(text).weights[1] == ((0.75,), (-0.3,))


@pytest.mark.parametrize(("text", "field", "code"), [
    ("x" * (PASTE_CHARS + 1), "paste", "too_long"),
    ("W1 = [[1, 2]", "W1", "syntax"),
    ("W1 = [[[1]]]", "W1", "too_deep"),
    ("W1 = [[1, abc]]", "W1", "not_a_number"),
    ("W1 = [[1, 1e999]]", "W1", "not_finite"),
    ("b1 = [0, 0]\nb1 = [1, 1]", "b1", "duplicate"),
    ("# nothing\n", "paste", "empty"),
    ("W9 = [[1]]", "W9", "unknown_field"),
    ("W1 = [[1, 2], [3]]", "W1", "count"),  # ragged
    ("W1 = [[1, 2, 3], [4, 5, 6]]", "W1", "count"),  # the wrong shape
    ("W1 = [1, 2]", "W1", "not_a_list"),
    ("b1 = [3e6, 0]", "b1", "too_large"),
    ("T = [[2.0]]", "T", "target_probability"),
    ("eta = 0", "eta", "eta_range"),
])
def test_each_paste_refusal_has_its_field_and_code(text, field, code):
    spec = PRESETS["bce"]()
    with pytest.raises(CodedError) as err:
        spec.with_pasted(text)
    assert (err.value.field, err.value.code) == (field, code)
    assert spec == PRESETS["bce"]()


def test_pasted_text_that_is_not_text_is_refused():
    with pytest.raises(CodedError) as err:
        xor().with_pasted(b"W1 = [[1]]")  # type: ignore[arg-type]
    assert err.value.code == "not_text"
