"""bpcore.losses: each loss's terms, its gradient, its LaTeX for any names and the NumPy source
the lesson programs print, all from the one registry."""

from decimal import Decimal

import numpy as np
import pytest

from bpcore.latex import evaluator
from bpcore.losses import LOSSES

OUT = np.array([[0.2, 0.7, 0.1], [0.05, 0.15, 0.8]])
TARGET = np.array([[0.0, 1.0, 0.0], [0.1, 0.2, 0.7]])


@pytest.mark.parametrize("name", list(LOSSES))
def test_the_gradient_is_the_slope_of_each_samples_loss(name):
    loss, h = LOSSES[name], 1e-7
    grad = loss.grad(OUT, TARGET)
    for idx in np.ndindex(OUT.shape):
        up, down = OUT.copy(), OUT.copy()
        up[idx] += h
        down[idx] -= h
        slope = (loss.per_sample(up, TARGET) - loss.per_sample(down, TARGET))[idx[0]] / (2 * h)
        assert grad[idx] == pytest.approx(slope, rel=1e-6, abs=1e-8), idx


@pytest.mark.parametrize("name", list(LOSSES))
def test_the_batch_loss_is_the_mean_of_the_samples_sums(name):
    loss = LOSSES[name]
    per_sample = loss.terms(OUT, TARGET).sum(axis=-1)
    np.testing.assert_allclose(loss.per_sample(OUT, TARGET), per_sample, rtol=1e-15)
    assert float(loss.value(OUT, TARGET)) == pytest.approx(per_sample.mean(), rel=1e-15)


def test_the_worked_examples_error_is_half_the_squared_error():
    out, target = np.array([[0.75136507, 0.772928465]]), np.array([[0.01, 0.99]])
    terms = LOSSES["half_sse"].terms(out, target)
    np.testing.assert_allclose(terms, [[0.274811083, 0.023560026]], rtol=1e-7)  # Mazur's
    np.testing.assert_allclose(LOSSES["half_sse"].grad(out, target), out - target, rtol=0)


@pytest.mark.parametrize("name", ["cross_entropy", "binary_cross_entropy"])
def test_the_logarithmic_losses_stay_finite_at_zero_and_one(name):
    out, target = np.array([[0.0, 1.0]]), np.array([[1.0, 0.0]])
    assert np.isfinite(LOSSES[name].terms(out, target)).all()
    assert np.isfinite(LOSSES[name].grad(out, target)).all()


@pytest.mark.parametrize("name", list(LOSSES))
def test_the_programs_source_computes_the_terms_and_the_gradient(name):
    loss = LOSSES[name]
    terms, grad = loss.code
    space = {"np": np, "TINY": np.finfo(float).tiny, "t": TARGET, "out": OUT}
    np.testing.assert_allclose(eval(terms, space), loss.terms(OUT, TARGET), rtol=1e-15)  # noqa: S307
    np.testing.assert_allclose(eval(grad, space), loss.grad(OUT, TARGET), rtol=1e-15)  # noqa: S307


@pytest.mark.parametrize("name", list(LOSSES))
@pytest.mark.parametrize(("target", "out"), [(0.01, 0.75), (0.99, 0.3), (0.5, 0.5)])
def test_the_latex_works_out_to_the_terms_and_the_gradient(name, target, out):
    loss = LOSSES[name]
    n = 2  # the number of outputs the mse's 1/n divides by
    t_arr, o_arr = np.array([[target, 0.5]]), np.array([[out, 0.5]])

    def worked(latex: str) -> float:
        value = evaluator(latex.replace("{n}", f"{{{n}}}"))([Decimal(out), Decimal(target)])
        assert value is not None
        return float(value)

    assert worked(loss.latex("#1", "#0")) == pytest.approx(loss.terms(o_arr, t_arr)[0, 0],
                                                          rel=1e-12)
    assert worked(loss.grad_latex("#1", "#0")) == pytest.approx(loss.grad(o_arr, t_arr)[0, 0],
                                                               rel=1e-12, abs=1e-15)


def test_the_latex_writes_the_names_it_is_given():
    half = LOSSES["half_sse"]
    assert half.latex("target_{o1}", "out_{o1}") == r"\tfrac{1}{2}(target_{o1} - out_{o1})^2"
    assert half.grad_latex("target_{o1}", "out_{o1}") == "-(target_{o1} - out_{o1})"
    for loss in LOSSES.values():
        assert loss.formula.startswith(r"E = \sum_k") and r"\mathrm{target}_k" in loss.formula
