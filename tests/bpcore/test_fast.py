"""The fast path (bpcore.fast): the NumPy engine's numbers from plain-Python float loops.

Two kinds of equality, and why:
- bit for bit, when the generated code is given NumPy's own exp and a fused multiply-add
  (what OpenBLAS's kernels compute): this shows that every other operation is the engine's,
  in the engine's order;
- within a few units in the last place otherwise: Python 3.11 has no math.fma, and math.exp
  (libm) differs from NumPy's SIMD exp in the last bit on ~5 % of arguments. A difference of
  one ulp in an exp moves what follows by an ulp or two. Over many updates of the worked
  example such differences stay at rounding level (its descent contracts); at a rate near the
  edge of stability they grow like any perturbation, so there each update is compared from
  the same state.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bpcore import Network, Scenario, fast, trace_step, train, train_rates, training
from bpcore.scenario import WEIGHT_INDEX


def exact_fma(a: float, b: float, s: float) -> float:
    """a·b + s rounded once (as an FMA instruction), computed exactly with fractions."""
    if not (math.isfinite(a) and math.isfinite(b) and math.isfinite(s)):
        return a * b + s
    return float(Fraction(a) * Fraction(b) + Fraction(s))


def kernel_ops() -> fast.Ops:
    """NumPy's exp and tanh, an exact FMA, and the order this CPU's OpenBLAS kernels sum in.

    OpenBLAS picks its kernels by CPU when NumPy loads: the AVX-512 ones (SkylakeX) fuse one
    sample's x·W in index order, the AVX2 ones (Haswell, Zen) round each product and add;
    both start δ·Wᵀ's fused sum from its last product. Random products ask the kernels in
    use which way they sum; a kernel that sums in neither way fails here, by name."""
    rng = np.random.default_rng(7)
    x, W = rng.random((64, 1, 2)), rng.random((64, 2, 2))
    row, transposed = x @ W, x @ W.mT

    def every(got: np.ndarray, first: int, second: int, fused: bool, w_t: bool) -> bool:
        for c in range(64):
            for j in range(2):
                w = W[c].T if w_t else W[c]
                a, b = (x[c, 0, first], w[first, j]), (x[c, 0, second], w[second, j])
                want = exact_fma(*b, a[0] * a[1]) if fused else a[0] * a[1] + b[0] * b[1]
                if got[c, 0, j] != want:
                    return False
        return True

    fused_row = every(row, 0, 1, fused=True, w_t=False)
    plain_row = every(row, 0, 1, fused=False, w_t=False)
    reverse = every(transposed, 1, 0, fused=True, w_t=True)
    in_order = every(transposed, 0, 1, fused=True, w_t=True)
    assert (fused_row or plain_row) and (reverse or in_order), (
        f"OpenBLAS ({np.show_config(mode='dicts')['Build Dependencies']['blas']}) sums a "
        "2-term product in an order the fast path's tests do not know")
    return fast.Ops(exp=lambda v: float(np.exp(v)), tanh=lambda v: float(np.tanh(v)),
                    fma=exact_fma, reverse_transposed=reverse, fused_row=fused_row)


NUMPY_OPS = kernel_ops()
RATES = [0.05, 0.1, 0.5, 1, 2, 5, 10, 50]


def stacked(scenario: Scenario, k: int) -> Network:
    return training._stacked(scenario, k)


@pytest.mark.parametrize("rates", [[0.5], RATES])
def test_with_numpys_exp_and_a_fused_add_the_worked_example_is_bit_for_bit(rates):
    s = Scenario(train_biases=True)
    X, T = s.batch()
    eta = np.array(rates, dtype=float)
    engine = training.fit_numpy(stacked(s, len(rates)), X, T, eta.copy(), 1_500)
    errors, outputs, params = fast.fit(stacked(s, len(rates)), X, T, eta.copy(), 1_500,
                                       ops=NUMPY_OPS)
    assert np.array_equal(errors, engine.errors)
    assert np.array_equal(outputs, engine.outputs)
    for (W, b), (W_fast, b_fast) in zip(engine.params, params, strict=True):
        assert np.array_equal(W, W_fast) and np.array_equal(b, b_fast)


def test_the_worked_example_is_fast_and_one_step_is_the_traced_step_to_an_ulp():
    s = Scenario.worked_example()
    assert fast.suits(s.network(), *s.batch(), copies=8)
    trace, one = trace_step(s), train(s, 1)
    new = [trace[f"{w}_new"] for w in WEIGHT_INDEX]
    np.testing.assert_array_max_ulp(one.weights[1], np.array(new), maxulp=2)
    np.testing.assert_array_max_ulp(one.errors[:1], np.array([trace["E_total"]]), maxulp=2)
    np.testing.assert_array_max_ulp(one.errors[1:], np.array([trace["E_total_new"]]), maxulp=2)


def test_the_training_pages_hundred_thousand_updates_draw_the_same_curve():
    # The engine's own 100,000 updates take 5–30 s here; it retraces ten stretches of the
    # curve instead, each of 1,000 updates from where the fast run had arrived.
    s = Scenario.worked_example()
    X, T = s.batch()
    curve = train(s, 100_000)
    assert curve.iterations == 100_000 and not curve.diverged
    for start in range(0, 100_000, 10_000):
        at = s.with_parameters(curve.weights[start], curve.biases[start])
        engine = training.fit_numpy(stacked(at, 1), X, T, np.array([s.eta]), 1_000,
                                    s.train_biases)
        np.testing.assert_allclose(curve.errors[start:start + 1_001], engine.errors[0],
                                   rtol=1e-9, atol=1e-20)


def test_the_learning_rate_pages_rates_match_the_engine():
    s = Scenario(train_biases=True)
    X, T = s.batch()
    runs = train_rates(s, RATES, 10_000)
    engine = training.fit_numpy(stacked(s, len(RATES)), X, T, np.array(RATES), 10_000)
    for c, run in enumerate(runs):
        # atol: an error of 1e-14 is ½(t − out)² of a difference that cancelled to 1e-7
        np.testing.assert_allclose(run.errors, engine.errors[c], rtol=1e-9, atol=1e-20)
        assert run.diverged == (engine.stopped[c] >= 0)


def test_big_batches_softmax_and_float32_stay_with_numpy():
    s = Scenario.worked_example()
    X, T = s.batch()
    assert not fast.suits(s.network(), np.repeat(X, 8, axis=0), np.repeat(T, 8, axis=0), 1)
    assert not fast.suits(s.network(), X.astype(np.float32), T.astype(np.float32), 1)
    soft = Network.random((2, 2, 2), ("sigmoid", "softmax"), "half_sse", seed=0)
    assert not fast.suits(soft, X, T, 1)
    wide = Network.random((2, 40, 2), ("sigmoid", "sigmoid"), "half_sse", seed=0)
    assert not fast.suits(wide, X, T, 1)


@st.composite
def small_nets(draw: st.DrawFn) -> tuple[Network, np.ndarray, np.ndarray, np.ndarray]:
    """A dense net of 1–3 inputs, 1–2 hidden layers of 1–3, 1–3 outputs, 1–2 samples, with the
    fast path's activations and losses; moderate numbers; 1–3 learning rates."""
    sizes = (draw(st.integers(1, 3)), *draw(st.lists(st.integers(1, 3), min_size=1,
                                                     max_size=2)), draw(st.integers(1, 3)))
    acts = tuple(draw(st.sampled_from(fast.ACTIVATIONS)) for _ in sizes[1:])
    loss = draw(st.sampled_from(fast.LOSSES))
    batch, k = draw(st.integers(1, 2)), draw(st.integers(1, 3))
    seed = draw(st.integers(0, 2**16))
    rng = np.random.default_rng(seed)
    net = Network.random(sizes, acts, loss, seed=seed)
    stacked_net = Network([np.repeat(w[None], k, axis=0) for w in net.weights],
                          [np.repeat(rng.standard_normal(b.shape)[None] * 0.1, k, axis=0)
                           for b in net.biases], acts, loss)
    X = rng.standard_normal((batch, sizes[0]))
    T = rng.uniform(-1, 1, (batch, sizes[-1]))
    eta = np.array(draw(st.lists(st.floats(0.01, 1.0), min_size=k, max_size=k)))
    return stacked_net, X, T, eta


@settings(max_examples=60, deadline=None)
@given(small_nets(), st.booleans())
def test_small_nets_take_each_update_as_the_numpy_engine_does(case, update_biases):
    # Each update is compared from the same state: a rate near the edge of stability (the
    # error rising and falling) amplifies a last-bit difference like any other perturbation,
    # so whole trajectories agree only where descent contracts (the worked example, above).
    net, X, T, eta = case  # fast.fit itself takes any size (suits only says when it pays)
    copy = net.copy()
    errors, outputs, params = fast.fit(copy, X, T, eta.copy(), 40, update_biases)
    for W, W_end in zip(copy.weights, params, strict=True):  # left as after the last update
        assert np.array_equal(W, W_end[0][:, -1], equal_nan=True)
    for i in (0, 1, 20, 39):
        at = Network([W[:, i] for W, _ in params], [b[:, i] for _, b in params],
                     net.activations, net.loss)
        engine = training.fit_numpy(at, X, T, eta.copy(), 1, update_biases)
        close = {"rtol": 1e-10, "atol": 1e-13}
        np.testing.assert_allclose(errors[:, i:i + 2], engine.errors, **close)
        np.testing.assert_allclose(outputs[:, i:i + 2], engine.outputs, **close)
        for (W, b), (W_fast, b_fast) in zip(engine.params, params, strict=True):
            np.testing.assert_allclose(W_fast[:, i:i + 2], W, **close)
            np.testing.assert_allclose(b_fast[:, i:i + 2], b, **close)


def test_a_diverging_copy_stops_on_the_fast_path_too():
    net = Network([np.full((2, 2, 1), 1.0)], [np.zeros((2, 1))], ("linear",), "half_sse")
    X, T = np.array([[300.0, 300.0]]), np.array([[1.0]])
    assert fast.suits(net, X, T, 2)
    run = training.fit(net, X, T, np.array([1e-6, 900.0]), 400)
    engine = training.fit_numpy(
        Network([np.full((2, 2, 1), 1.0)], [np.zeros((2, 1))], ("linear",), "half_sse"),
        X, T, np.array([1e-6, 900.0]), 400)
    assert run.stopped[0] == -1 and run.stopped[1] == engine.stopped[1] > 0


@pytest.mark.parametrize(("p", "q", "eta"), [("w5", "w1", 0.5), ("w2", "w8", 7.0),
                                             ("w3", "w4", 0.05)])
def test_the_landscapes_descent_moves_only_its_two_weights_as_the_engine_does(p, q, eta):
    from bpcore.landscape import descent_path, descent_path_numpy

    s = Scenario(eta=eta, train_biases=True)  # the biases stay: only p and q move
    fast_path, engine = descent_path(s, p, q, 200), descent_path_numpy(s, p, q, 200)
    for field in ("p", "q", "errors"):
        np.testing.assert_allclose(getattr(fast_path, field), getattr(engine, field),
                                   rtol=1e-12, atol=1e-300)
    assert fast_path.p[0] == s.get(p) and fast_path.q[0] == s.get(q)
