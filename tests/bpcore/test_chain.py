"""The 1-1-1 chain rule: each factor, both products, the engine and finite differences agree."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bpcore.chain import CHAIN_LOSSES, chain_111


@pytest.mark.parametrize("loss", CHAIN_LOSSES)
def test_products_equal_the_engine_and_finite_differences(loss):
    c = chain_111(1.5, 0.8, -1.2, 0.3, loss)
    assert c.dJ_dw1 == pytest.approx(c.engine[0], rel=1e-12)
    assert c.dJ_dw2 == pytest.approx(c.engine[1], rel=1e-12)
    assert c.dJ_dw1 == pytest.approx(c.numeric[0], rel=1e-6)
    assert c.dJ_dw2 == pytest.approx(c.numeric[1], rel=1e-6)


def test_factors_are_the_textbook_derivatives():
    x, w1, w2, y = 0.7, -0.4, 1.3, 0.9
    c = chain_111(x, w1, w2, y)
    h = 1 / (1 + math.exp(-w1 * x))
    yhat = 1 / (1 + math.exp(-w2 * h))
    expected = {"dJ_dyhat": yhat - y, "dyhat_dz2": yhat * (1 - yhat), "dz2_dw2": h,
                "dz2_dh": w2, "dh_dz1": h * (1 - h), "dz1_dw1": x}
    for name, value in expected.items():
        assert c.factor(name).value == pytest.approx(value, rel=1e-12), name
    assert c.values["J"] == pytest.approx(0.5 * (y - yhat) ** 2, rel=1e-12)


def test_binary_cross_entropy_factor():
    c = chain_111(0.7, -0.4, 1.3, 0.9, "binary_cross_entropy")
    yhat = c.values["yhat"]
    assert c.factor("dJ_dyhat").value == pytest.approx((yhat - 0.9) / (yhat * (1 - yhat)))


def test_every_factor_substitutes_its_numbers():
    for loss in CHAIN_LOSSES:
        for f in chain_111(1.0, 0.5, 0.5, 0.0, loss).factors:
            assert "#" not in f.substituted(4), f.name


@settings(max_examples=60, deadline=None, derandomize=True)
@given(st.floats(-3, 3), st.floats(-3, 3), st.floats(-3, 3), st.floats(0.05, 0.95),
       st.sampled_from(CHAIN_LOSSES))
def test_products_match_finite_differences_property(x, w1, w2, y, loss):
    c = chain_111(x, w1, w2, y, loss)
    for analytic, numeric in ((c.dJ_dw1, c.numeric[0]), (c.dJ_dw2, c.numeric[1])):
        assert math.isclose(analytic, numeric, rel_tol=1e-5, abs_tol=1e-8)


@pytest.mark.parametrize(("args", "match"), [((math.nan, 1, 1, 0), "x"),
                                             ((1, math.inf, 1, 0), "w1"),
                                             ((1, 1, 2e6, 0), "w2")])
def test_bad_values_name_the_field(args, match):
    with pytest.raises(ValueError, match=match):
        chain_111(*args)
