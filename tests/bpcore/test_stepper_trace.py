"""The general stepper: its gradients are the derivatives (finite differences), the worked
preset is the worked example bit for bit, the presets show what they are for, and every
formula it shows works out from its shown numbers."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from bpcore.gradcheck import numeric_gradients, relative_error
from bpcore.netspec import NetSpec
from bpcore.presets import PRESETS, from_scenario, preset
from bpcore.qname import QName, from_mazur
from bpcore.scenario import Scenario
from bpcore.stepper_trace import MESSAGE_KEYS, NetStep, trace_net
from bpcore.trace import trace_step
from tests.bpcore.netspec_strategies import netspecs
from tests.bpcore.test_checkable_numbers import check, shown_lines
from tutor.ui.formula import formula_latex

FD_TOLERANCE = 1e-6  # max relative error (floor 1e-4 × the largest gradient) against
# central differences with h = 1e-5 in float64: truncation ~h², rounding ~ε·E/h


def q(kind: str, layer: int = 0, index: int = 0, source: int = 0, sample: int | None = None):
    return QName(kind, layer, index, source, sample)


def fd_error(spec: NetSpec) -> float:
    """Largest relative difference between the trace's gradients and central differences."""
    trace = trace_net(spec)
    X, T = spec.batch()
    numeric = numeric_gradients(spec.network(), X, T)
    scale = max(1.0, *(float(np.max(np.abs(g))) for pair in trace.gradients for g in pair))
    return max(relative_error(a, n, floor=1e-4 * scale)
               for pa, pn in zip(trace.gradients, numeric, strict=True)
               for a, n in zip(pa, pn, strict=True))


@pytest.mark.parametrize("name", sorted(PRESETS))
def test_every_presets_gradients_are_the_finite_differences(name):
    assert fd_error(PRESETS[name]()) < FD_TOLERANCE


@settings(max_examples=75, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(netspecs(numbers=st.floats(-1.0, 1.0)))
def test_random_networks_gradients_are_the_finite_differences(spec):
    trace = trace_net(spec)
    # a kink within reach of the difference step, or an output the cross-entropy clamps,
    # is where a finite difference is not the derivative
    for record, act in zip(trace.records, spec.activations, strict=True):
        if act in ("relu", "leaky_relu"):
            assume(float(np.min(np.abs(record.net))) > 1e-3)
    if spec.loss != "half_sse":
        out = trace.records[-1].out
        assume(float(np.min(out)) > 1e-9 and float(np.max(out)) < 1 - 1e-9)
    assert fd_error(spec) < FD_TOLERANCE


# --- the worked example --------------------------------------------------------------------------
# The worked example's values are this trace's, read under Mazur's names (bpcore.trace): that
# they are the engine's floats bit for bit is tests/bpcore/test_trace.py's
# test_every_value_is_the_engines_bit_for_bit_under_its_tutorial_name, against the engine run
# directly (a comparison with trace_step here would compare the trace with itself).


def test_the_worked_preset_is_the_scenarios_default():
    spec = PRESETS["worked"]()
    assert spec == from_scenario(Scenario.worked_example())
    assert spec.weights == (((0.15, 0.25), (0.20, 0.30)), ((0.40, 0.50), (0.45, 0.55)))
    assert spec.biases == ((0.35, 0.35), (0.60, 0.60)) and spec.eta == 0.5
    assert not spec.train_biases and spec.X == ((0.05, 0.10),) and spec.T == ((0.01, 0.99),)
    trace = trace_net(spec)
    assert trace[q("E_new")] == pytest.approx(0.291027773693599, abs=1e-15)
    assert trace[q("w_new", 1, 1, 1)] == pytest.approx(0.149780716132763, abs=1e-15)  # w1


# --- the presets' numbers ------------------------------------------------------------------------
def test_the_presets_carry_the_issues_numbers():
    x = PRESETS["xor"]()
    assert (x.sizes, x.activations, x.loss, x.X, x.T, x.eta) == (
        (2, 2, 1), ("sigmoid", "sigmoid"), "half_sse", ((1.0, 0.0),), ((1.0,),), 0.5)
    assert x.weights == (((0.5, -0.6), (0.4, 0.9)), ((0.7,), (-0.3,)))
    assert x.biases == ((0.1, -0.2), (0.05,))
    b = PRESETS["bce"]()
    assert b.loss == "binary_cross_entropy" and b.weights == x.weights and b.X == x.X
    s = PRESETS["softmax"]()
    assert (s.sizes, s.activations, s.loss, s.X, s.T, s.eta) == (
        (2, 3, 3), ("relu", "softmax"), "cross_entropy", ((0.5, -1.0),), ((0.0, 1.0, 0.0),),
        0.1)
    w = {(layer, j, k): s.weights[layer - 1][k - 1][j - 1]
         for layer, n_in, n_out in ((1, 2, 3), (2, 3, 3))
         for j in range(1, n_out + 1) for k in range(1, n_in + 1)}
    assert [w[1, j, k] for j in (1, 2, 3) for k in (1, 2)] == [0.2, -0.5, 0.8, 0.1, -0.4, -0.3]
    assert [w[2, j, k] for j in (1, 2, 3) for k in (1, 2, 3)] == [
        0.3, -0.2, 0.5, 0.6, 0.4, -0.1, -0.7, 0.2, 0.3]
    assert s.biases == ((0.1, 0.0, -0.5), (0.0, 0.1, -0.1))
    d = PRESETS["deep"]()
    assert d.sizes == (1, 1, 1, 1, 1) and d.activations == ("sigmoid",) * 4
    assert d.weights == (((0.8,),),) * 4 and d.biases == ((0.0,),) * 4 and d.eta == 0.5
    bt = PRESETS["batch"]()
    assert bt.X == ((0.05, 0.10), (0.10, 0.05)) and bt.T == ((0.01, 0.99), (0.99, 0.01))
    assert bt.weights == PRESETS["worked"]().weights and bt.eta == 0.5


def test_softmax_preset_h3_is_off_and_passes_no_gradient():
    trace = trace_net(PRESETS["softmax"]())
    # by hand: net^1 = (0.5·0.2 − 1·(−0.5) + 0.1, 0.5·0.8 − 0.1 + 0, 0.5·(−0.4) + 0.3 − 0.5)
    nets = [trace[q("net", 1, j, sample=1)] for j in (1, 2, 3)]
    assert nets == pytest.approx([0.7, 0.3, -0.4], abs=1e-15)
    assert trace[q("out", 1, 3, sample=1)] == 0.0
    assert trace[q("dout_dnet", 1, 3, sample=1)] == 0.0
    assert trace[q("delta", 1, 3, sample=1)] == 0.0
    for k in (1, 2):  # h3's own weights get no gradient and do not move
        assert trace[q("dE_dw", 1, 3, k)] == 0.0
        assert trace[q("w_new", 1, 3, k)] == trace.spec.weights[0][k - 1][2]
    assert trace[q("dE_db", 1, 3)] == 0.0
    for j in (1, 2, 3):  # and the weights leaving it (out = 0) get none either
        assert trace[q("dE_dw", 2, j, 3)] == 0.0
    # the outputs, by hand: net^2 = (0.15, 0.64, −0.53); softmax; δ = out − t
    z = [0.15, 0.64, -0.53]
    e = [math.exp(v) for v in z]
    outs = [v / sum(e) for v in e]
    for j in (1, 2, 3):
        assert trace[q("out", 2, j, sample=1)] == pytest.approx(outs[j - 1], rel=1e-14)
        assert trace[q("delta", 2, j, sample=1)] == pytest.approx(
            outs[j - 1] - (j == 2), rel=1e-14)
    assert trace[q("E")] == pytest.approx(-math.log(outs[1]), rel=1e-14)
    delta_step = trace.step(q("delta", 2, 2, sample=1))
    assert delta_step.template == "#0 - #1" and delta_step.message is not None
    assert delta_step.message.key == "step.gen.delta_softmax_ce"
    assert not any(s.qname is not None and s.qname.kind == "dout_dnet" and s.qname.layer == 2
                   for s in trace.steps)  # no Jacobian factor on the output


def sigmoid(z: float) -> float:
    return 1 / (1 + math.exp(-z))


def test_deep_preset_the_gradient_shrinks_layer_by_layer():
    trace = trace_net(PRESETS["deep"]())
    # a scalar reimplementation: a_l = σ(0.8·a_{l−1}), δ_4 = (a_4 − 1)·a_4(1 − a_4),
    # δ_l = δ_{l+1}·0.8·a_l(1 − a_l), ∂E/∂w_l = δ_l·a_{l−1}
    a = [1.0]
    for _ in range(4):
        a.append(sigmoid(0.8 * a[-1]))
    deltas = {4: (a[4] - 1.0) * a[4] * (1 - a[4])}
    for layer in (3, 2, 1):
        deltas[layer] = deltas[layer + 1] * 0.8 * a[layer] * (1 - a[layer])
    grads = {layer: deltas[layer] * a[layer - 1] for layer in (1, 2, 3, 4)}
    for layer in (1, 2, 3, 4):
        assert trace[q("delta", layer, 1, sample=1)] == pytest.approx(deltas[layer], rel=1e-13)
        assert trace[q("dE_dw", layer, 1, 1)] == pytest.approx(grads[layer], rel=1e-13)
    sizes = [abs(trace[q("dE_dw", layer, 1, 1)]) for layer in (4, 3, 2, 1)]
    assert sizes == sorted(sizes, reverse=True) and sizes[0] / sizes[-1] > 100
    # the handout's numbers, to 4 significant digits
    assert [f"{g:.4g}" for g in sizes] == ["0.05542", "0.01057", "0.002132", "0.0005288"]


def test_batch_preset_delta_per_sample_mean_only_in_the_gradients():
    trace = trace_net(PRESETS["batch"]())
    one = trace_step(Scenario())
    two = trace_step(Scenario(inputs=(0.10, 0.05), targets=(0.99, 0.01)))
    for s, ref in ((1, one), (2, two)):
        for name in ("delta_o1", "delta_o2", "delta_h1", "delta_h2", "dE_dout_h1", "out_o2"):
            qn = from_mazur(name)
            # the same per-sample numbers (a batched matrix product may round the last bit
            # differently from a one-row one)
            assert trace[QName(qn.kind, qn.layer, qn.index, qn.source, s)] == pytest.approx(
                ref[name], rel=1e-14, abs=1e-17)
    for w in ("w1", "w4", "w5", "w8"):
        qn = from_mazur(f"dE_d{w}")
        assert trace[qn] == pytest.approx((one[f"dE_d{w}"] + two[f"dE_d{w}"]) / 2, rel=1e-14)
    assert trace[q("E")] == pytest.approx((one["E_total"] + two["E_total"]) / 2, rel=1e-15)
    step = trace.step(from_mazur("dE_dw5"))
    assert step.template == r"\tfrac{1}{2}(#0 \cdot #1 + #2 \cdot #3)"
    assert [o.sample for o in step.operand_qnames] == [1, 1, 2, 2]
    # the gradient passed down is per sample, never averaged
    passed = trace.step(q("dE_dout", 1, 1, sample=2))
    assert passed.template == "#0 + #1" and all(o.sample == 2 for o in passed.operand_qnames)


def test_bce_preset_delta_is_out_minus_target_the_sigma_prime_cancels():
    trace = trace_net(PRESETS["bce"]())
    out, t = trace[q("out", 2, 1, sample=1)], 1.0
    assert trace[q("delta", 2, 1, sample=1)] == out - t
    step = trace.step(q("delta", 2, 1, sample=1))
    assert step.template == "#0 - #1" and step.message.key == "step.gen.delta_cancels"
    # the factors are shown too, and their product is the same δ
    product = trace[q("dE_dout", 2, 1, sample=1)] * trace[q("dout_dnet", 2, 1, sample=1)]
    assert product == pytest.approx(out - t, rel=1e-14)
    # where the sigmoid saturates, out − t keeps the gradient the product would lose
    spec = NetSpec((1, 1, 1), ("sigmoid", "sigmoid"), "binary_cross_entropy", ((1.0,),),
                   ((0.0,),), (((1.0,),), ((100.0,),)), ((0.0,), (0.0,)))
    saturated = trace_net(spec)
    assert saturated[q("out", 2, 1, sample=1)] == 1.0
    assert saturated[q("delta", 2, 1, sample=1)] == 1.0
    assert spec.network().gradients(*spec.batch())[1][1][0] == 0.0  # the engine's σ′ route


def test_hidden_gradient_is_the_sum_over_its_paths():
    trace = trace_net(PRESETS["softmax"]())
    for j in (1, 2, 3):
        paths = [trace[q("path", 1, j, k, sample=1)] for k in (1, 2, 3)]
        for k in (1, 2, 3):
            assert paths[k - 1] == trace[q("delta", 2, k, sample=1)] * \
                trace.spec.weights[1][j - 1][k - 1]
        assert trace[q("dE_dout", 1, j, sample=1)] == pytest.approx(sum(paths), abs=1e-16)
        step = trace.step(q("dE_dout", 1, j, sample=1))
        assert step.operand_qnames == tuple(q("path", 1, j, k, sample=1) for k in (1, 2, 3))


def test_steps_are_typed_and_ordered_by_phase():
    trace = trace_net(PRESETS["xor"]())
    assert all(isinstance(s, NetStep) and s.qname is not None for s in trace.steps)
    phases = [s.phase for s in trace.steps]
    order = ["forward", "error", "backward", "update"]
    assert phases == sorted(phases, key=order.index)
    assert {s.qname for s in trace.steps} == set(trace.values)
    for s in trace.steps:
        assert s.name == s.qname.id and s.operand_names == tuple(o.id for o in s.operand_qnames)
    # every message key is declared, and each is used by a preset or a softmax with SSE
    used = {s.message.key for name in PRESETS for s in trace_net(PRESETS[name]()).steps
            if s.message is not None}
    softmax_sse = NetSpec.random((2, 2, 3), ("tanh", "softmax"), "half_sse", seed=1, samples=2)
    used |= {s.message.key for s in trace_net(softmax_sse).steps if s.message is not None}
    assert used == set(MESSAGE_KEYS)
    nxt = trace.next_spec()
    assert nxt.weights[1][0][0] == trace[q("w_new", 2, 1, 1)]
    assert nxt.biases[0][1] == trace[q("b_new", 1, 2)]


# --- every formula works out from its shown numbers ----------------------------------------------
def works_out(step: NetStep, decimals: int) -> bool:
    """The panel's substituted numbers give its shown result to one unit in the last digit
    (the worked example's own check); False for a given value (nothing to work out)."""
    return check(formula_latex(step, decimals), f"{step.name} at {decimals}")


def test_a_cross_entropy_at_a_clamped_output_shows_the_engines_value_as_given():
    # out = σ(100) is exactly 1.0: BCE's log(1 − out) is −∞ in exact arithmetic, the engine
    # clamps it (bpcore.losses), and the step shows that value with no numbers to work out
    spec = NetSpec((1, 1, 1), ("sigmoid", "sigmoid"), "binary_cross_entropy", ((1.0,),),
                   ((0.0,),), (((1.0,),), ((100.0,),)), ((0.0,), (0.0,)))
    trace = trace_net(spec)
    for name in (q("E_term", 2, 1, sample=1), q("dE_dout", 2, 1, sample=1)):
        step = trace.step(name)
        assert step.given and step.operand_qnames == (name,)
        assert step.operands == (trace[name],) and math.isfinite(trace[name])
        assert len(shown_lines(formula_latex(step, 4))) == 2
    assert not trace.step(q("delta", 2, 1, sample=1)).given  # out − t: 1 − 0 works out


@settings(max_examples=40, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(netspecs(), st.integers(2, 10))
def test_every_formula_of_any_network_gives_its_shown_result(spec, decimals):
    trace = trace_net(spec)
    for step in trace.steps:
        if step.qname is not None and not math.isfinite(trace[step.qname]):
            # an overflow (E after an update by huge weights and η): shown as infinite, with
            # nothing a learner could work out to it
            assert "inf" in formula_latex(step, decimals)
            continue
        works_out(step, decimals)


@pytest.mark.parametrize("name", sorted(PRESETS))
def test_every_presets_formulas_work_out_at_every_precision(name):
    spec = PRESETS[name]()
    trace = trace_net(spec)
    for decimals in range(2, 11):
        worked = {s.qname for s in trace.steps if works_out(s, decimals)}
        given_ = {s.qname for s in trace.steps if s.given}
        assert worked | given_ == set(trace.values)  # none undefined in a preset


@pytest.mark.parametrize("net", list(PRESETS))
def test_the_change_is_what_the_update_subtracts(net: str) -> None:
    """η·∂E/∂w (the update page's column) comes from the trace: w⁺ = w − change, exactly."""
    trace = trace_net(preset(net))
    changed = 0
    for step in trace.phase_steps("update"):
        q = step.qname
        if q is None or q.kind not in ("w_new", "b_new"):
            continue
        old = QName(q.kind[:1], q.layer, q.index, q.source)
        grad = QName(f"dE_d{old.kind}", q.layer, q.index, q.source)
        assert trace.change(grad) == trace.spec.eta * trace[grad]
        assert step.value == trace.value(old) - trace.change(grad)
        changed += 1
    assert changed
    with pytest.raises(KeyError):
        trace.change(QName("w", 1, 1, 1))
