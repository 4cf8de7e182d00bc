"""Hypothesis strategies for bpcore.netspec: valid networks of every allowed shape,
activation, loss and batch (shared by the stepper's tests)."""

from __future__ import annotations

from hypothesis import strategies as st

from bpcore.limits import ETA, MAX_MAGNITUDE
from bpcore.netspec import NetSpec

HIDDEN = ("sigmoid", "tanh", "relu", "leaky_relu", "linear")
# The outputs each loss may have (the builder's pairing rule: categorical CE needs softmax,
# BCE a probability).
OUTPUTS = {"half_sse": ("sigmoid", "tanh", "relu", "leaky_relu", "linear", "softmax"),
           "binary_cross_entropy": ("sigmoid", "softmax"),
           "cross_entropy": ("softmax",)}

moderate = st.floats(-3.0, 3.0)
magnitude = st.one_of(
    moderate, moderate, moderate,
    st.floats(-MAX_MAGNITUDE, MAX_MAGNITUDE),
    st.sampled_from([0.0, 1e-300, -1e-300, 5e-324, 1e-8, -3e-5, MAX_MAGNITUDE, -MAX_MAGNITUDE,
                     123456.789, 0.05, 0.35]),
)


@st.composite
def netspecs(draw: st.DrawFn, numbers: st.SearchStrategy[float] = magnitude) -> NetSpec:
    """Any valid NetSpec: 1–4 inputs, 1–3 hidden layers of 1–4, 1–4 outputs, 1–4 samples."""
    loss = draw(st.sampled_from(sorted(OUTPUTS)))
    output = draw(st.sampled_from(OUTPUTS[loss]))
    n_out = draw(st.integers(2 if output == "softmax" else 1, 4))
    hidden = draw(st.lists(st.integers(1, 4), min_size=1, max_size=3))
    sizes = (draw(st.integers(1, 4)), *hidden, n_out)
    acts = (*draw(st.lists(st.sampled_from(HIDDEN), min_size=len(hidden),
                           max_size=len(hidden))), output)
    m = draw(st.integers(1, 4))

    def matrix(rows: int, cols: int, values: st.SearchStrategy[float]) -> list[list[float]]:
        return draw(st.lists(st.lists(values, min_size=cols, max_size=cols), min_size=rows,
                             max_size=rows))

    if loss == "half_sse":
        T = matrix(m, n_out, numbers)
    elif loss == "binary_cross_entropy":
        T = matrix(m, n_out, st.one_of(st.sampled_from([0.0, 1.0]), st.floats(0.0, 1.0)))
    else:
        T = [[1.0 if j == c else 0.0 for j in range(n_out)]
             for c in draw(st.lists(st.integers(0, n_out - 1), min_size=m, max_size=m))]
    weights = [matrix(a, b, numbers) for a, b in zip(sizes[:-1], sizes[1:], strict=False)]
    biases = [draw(st.lists(numbers, min_size=b, max_size=b)) for b in sizes[1:]]
    eta = draw(st.one_of(st.floats(1e-6, ETA.hi), st.sampled_from([0.5, 0.1, ETA.hi, 1e-3])))
    return NetSpec(sizes, acts, loss, matrix(m, sizes[0], numbers), T, weights, biases, eta,
                   draw(st.booleans()))
