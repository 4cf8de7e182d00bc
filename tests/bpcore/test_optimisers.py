"""Each optimiser's step against its published update rule, worked by hand for one number."""

import math

import numpy as np
import pytest

from bpcore.errors import CodedError
from bpcore.format import fmt_latex
from bpcore.optimisers import EPS, OptimiserSpec, make, update_latex


def steps(name, grads, eta=0.1, beta1=0.9, beta2=0.999, p0=1.0):
    p = np.array([p0])
    opt = make(OptimiserSpec(name, beta1, beta2), eta, [p])
    trail = []
    for g in grads:
        opt.update([p], [np.array([g])])
        trail.append(float(p[0]))
    return trail


def test_sgd_moves_by_eta_times_the_gradient():
    assert steps("sgd", [2.0, -1.0]) == pytest.approx([0.8, 0.9], abs=1e-15)


def test_momentum_accumulates_a_velocity():
    # v1 = 2, p = 1 − 0.1·2 = 0.8; v2 = 0.9·2 + 2 = 3.8, p = 0.8 − 0.38 = 0.42
    assert steps("momentum", [2.0, 2.0]) == pytest.approx([0.8, 0.42], abs=1e-15)


def test_rmsprop_divides_by_the_root_mean_square():
    # s1 = 0.1·4 = 0.4, p = 1 − 0.1·2/(√0.4 + ε); s2 = 0.9·0.4 + 0.1·1 = 0.46
    rho = 0.9
    p1 = 1 - 0.1 * 2 / (math.sqrt(0.4) + EPS)
    p2 = p1 - 0.1 * 1 / (math.sqrt(0.46) + EPS)
    assert steps("rmsprop", [2.0, 1.0], beta2=rho) == pytest.approx([p1, p2], abs=1e-15)


def test_adam_corrects_its_moments_bias_at_step_t():
    b1, b2, eta = 0.9, 0.999, 0.1
    m = v = 0.0
    p = 1.0
    expected = []
    for t, g in enumerate([2.0, -0.5, 1.0], start=1):
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        p -= eta * (m / (1 - b1 ** t)) / (math.sqrt(v / (1 - b2 ** t)) + EPS)
        expected.append(p)
    assert steps("adam", [2.0, -0.5, 1.0]) == pytest.approx(expected, abs=1e-15)
    # The first step is ±η whatever the gradient's size: m̂/√v̂ = g/|g|.
    assert steps("adam", [1e-3])[0] == pytest.approx(0.9, abs=1e-6)


def test_a_float32_parameter_stays_float32():
    p = np.ones(3, dtype=np.float32)
    make(OptimiserSpec("adam"), 0.1, [p]).update([p], [np.ones(3, dtype=np.float32)])
    assert p.dtype == np.float32


@pytest.mark.parametrize("spec", [OptimiserSpec("nesterov"), OptimiserSpec("adam", beta1=1.0),
                                  OptimiserSpec("rmsprop", beta2=-0.1)])
def test_unknown_rules_and_betas_out_of_range_are_refused(spec):
    with pytest.raises(CodedError):
        make(spec, 0.1, [np.zeros(1)])


def test_matches_torch_optim_when_torch_is_there():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(0)
    grads = rng.normal(size=(5, 4))
    for name, make_torch in (
            ("momentum", lambda p: torch.optim.SGD([p], lr=0.1, momentum=0.9)),
            ("rmsprop", lambda p: torch.optim.RMSprop([p], lr=0.1, alpha=0.99, eps=EPS)),
            ("adam", lambda p: torch.optim.Adam([p], lr=0.1, eps=EPS))):
        beta2 = 0.99 if name == "rmsprop" else 0.999
        p = np.ones(4)
        ours = make(OptimiserSpec(name, 0.9, beta2), 0.1, [p])
        tp = torch.ones(4, dtype=torch.float64, requires_grad=True)
        theirs = make_torch(tp)
        for g in grads:
            ours.update([p], [g])
            tp.grad = torch.tensor(g)
            theirs.step()
        np.testing.assert_allclose(p, tp.detach().numpy(), rtol=1e-12)


@pytest.mark.parametrize("name", ["sgd", "momentum", "rmsprop", "adam"])
def test_explain_is_the_next_update_of_one_element_bit_for_bit(name):
    rng = np.random.default_rng(1)
    params = [rng.normal(size=(3, 2)), rng.normal(size=2)]
    opt = make(OptimiserSpec(name, 0.8, 0.95), 0.05, params)
    for _ in range(3):  # some state to explain
        opt.update(params, [rng.normal(size=(3, 2)), rng.normal(size=2)])
    grads = [rng.normal(size=(3, 2)), rng.normal(size=2)]
    before = float(params[0][2, 1])
    state = [a[0][2, 1] for a in (opt.first, opt.second) if a]
    step = opt.explain(0, (2, 1), before, float(grads[0][2, 1]))
    assert [a[0][2, 1] for a in (opt.first, opt.second) if a] == state  # only read
    opt.update(params, grads)
    assert step.t == opt.t == 4 and step.p == before
    assert step.p_new == params[0][2, 1]
    if opt.first:
        assert step.first == opt.first[0][2, 1]
    if opt.second:
        assert step.second == opt.second[0][2, 1]


def test_explain_gives_adam_s_moments_and_their_bias_correction_by_hand():
    p = np.array([1.0])
    opt = make(OptimiserSpec("adam", 0.9, 0.999), 0.1, [p])
    opt.update([p], [np.array([2.0])])
    step = opt.explain(0, (0,), float(p[0]), -0.5)
    m = 0.9 * 0.2 + 0.1 * -0.5  # m₁ = 0.1·2 = 0.2
    v = 0.999 * 0.004 + 0.001 * 0.25  # v₁ = 0.001·4
    assert (step.t, step.first_before, step.second_before) == (2, pytest.approx(0.2),
                                                               pytest.approx(0.004))
    assert step.first == pytest.approx(m) and step.second == pytest.approx(v)
    assert step.m_hat == pytest.approx(m / (1 - 0.9 ** 2))
    assert step.v_hat == pytest.approx(v / (1 - 0.999 ** 2))
    assert step.p_new == pytest.approx(
        step.p - 0.1 * step.m_hat / (math.sqrt(step.v_hat) + EPS), abs=1e-15)


@pytest.mark.parametrize(("name", "lines"), [("sgd", 1), ("momentum", 2), ("rmsprop", 2),
                                             ("adam", 5)])
def test_update_latex_substitutes_every_state_value(name, lines):
    p = np.array([0.5])
    opt = make(OptimiserSpec(name, 0.9, 0.99), 0.1, [p])
    opt.update([p], [np.array([0.3])])
    step = opt.explain(0, (0,), float(p[0]), 0.2)
    written = update_latex(step, "w", 4)
    assert len(written) == lines
    for line in written:  # well-formed: every brace closed where it was opened
        depth = 0
        for char in line:
            depth += {"{": 1, "}": -1}.get(char, 0)
            assert depth >= 0, line
        assert depth == 0, line
    assert written[-1].startswith(r"w \leftarrow w - ")
    assert written[-1].endswith(fmt_latex(step.p_new))
    assert fmt_latex(step.p, 4, paren=True) in written[-1]
    if name == "adam":
        assert r"1 - 0.9^{2}" in written[2] and written[2].endswith(fmt_latex(step.m_hat))
        assert written[3].endswith(fmt_latex(step.v_hat))
    if step.first is not None:
        assert written[0].endswith(fmt_latex(step.first))
