"""Small dense networks at the speed of Python itself: full-batch gradient descent as float loops.

NumPy pays about a microsecond per call whatever the array's size, and one update of the
2-2-2 worked example is some forty calls: 10,000 updates take 0.4 s, where a plain-Python
loop over the same floats takes 20 ms. For networks this small, ``fit`` writes the network's
forward, backward and update out as straight-line Python (one local variable per weight,
net, output and delta), compiles it once per architecture and runs the loop in it.

The generated code does the NumPy engine's operations (bpcore.network, bpcore.activations,
bpcore.losses) in the engine's order: every sum from its first term in index order, δ = ∂E/∂out
⊙ f' with the same parenthesisation, the batch mean divided before the product, W − η·dW.
Two things Python 3.11 cannot do as NumPy does them, so a result may differ in its last bit:
- NumPy's matmul goes through OpenBLAS, whose kernels fuse multiply-adds (s + a·b rounded
  once, an FMA) — which ones depends on the CPU (``Ops.fused_row``); Python rounds a·b and
  then the sum. (math.fma is Python 3.13.)
- NumPy's exp and tanh are its own SIMD routines; math.exp and math.tanh are libm's. They
  differ in the last bit on about 5 % (exp) and 25 % (tanh) of arguments.
``program(…, ops)`` takes those three operations as parameters: with NumPy's exp and tanh and
an exact FMA (tests/bpcore/test_fast.py), the same generated code gives NumPy's results bit
for bit wherever OpenBLAS sums in index order — which shows that nothing else differs.

Only what the generated code can do in the engine's order is taken (``suits``): float64
parameters, the element-wise activations, half-SSE or MSE, at most 7 outputs × samples (NumPy
sums more than 7 terms pairwise), and a size at which Python is the faster (``FAST_BUDGET``).
Everything else — batches, large layers, softmax, float32 — stays with the NumPy engine.

The generated source contains only identifiers built from integer indices and names from the
activation and loss registries; no text a user typed reaches it.
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from bpcore.network import Network

ACTIVATIONS = ("sigmoid", "tanh", "relu", "leaky_relu", "linear")
LOSSES = ("half_sse", "mse")
MAX_TERMS = 7  # samples × outputs: NumPy adds up to 7 terms in order, more pairwise
# Python's cost grows with copies × parameters × samples, NumPy's barely: up to this product
# the float loop is the faster: Python spends ~0.15 µs per parameter and sample, NumPy ~40 µs
# per update whatever the size (the 2-2-2's 12 parameters × 8 rates = 96 run 3× faster in
# Python; a 2-40-2, 202 parameters, would run about as fast as in NumPy).
FAST_BUDGET = 200


@dataclass(frozen=True)
class Ops:
    """The operations NumPy does its own way: exp, tanh, and (when given) a fused a·b + s."""

    exp: Callable[[float], float] = math.exp
    tanh: Callable[[float], float] = math.tanh
    fma: Callable[[float, float, float], float] | None = None
    # OpenBLAS's matrix-vector kernel for δ·Wᵀ of one sample (2-2-2: gemv on a transposed W)
    # starts its fused sum from the last product; without an FMA the order of two terms
    # cannot change a bit (a + b = b + a), so only the fused program needs to know.
    reverse_transposed: bool = False
    # Whether the kernel for one sample's x·W (a matrix-vector product) fuses its sum: the
    # AVX-512 kernels (SkylakeX) do, the AVX2 ones (Haswell, Zen) round each product first.
    # A product of two samples or more (a matrix product) is fused in index order on both.
    fused_row: bool = True


PLAIN = Ops()


def suits(network: Network, X: np.ndarray, T: np.ndarray, copies: int) -> bool:
    """True when ``fit`` can train these ``copies`` stacked copies faster than NumPy, in its order.

    X (batch, n_in) and T (batch, n_out), shared by every copy; float64 parameters.
    """
    X, T = np.asarray(X), np.asarray(T)
    if X.ndim != 2 or T.ndim != 2 or X.dtype != np.float64 or T.dtype != np.float64:
        return False
    if network.dtype != np.float64 or network.loss not in LOSSES:
        return False
    if any(a not in ACTIVATIONS for a in network.activations):
        return False
    batch = X.shape[0]
    parameters = sum((w.shape[-2] + 1) * w.shape[-1] for w in network.weights)
    return (T.shape[0] == batch and batch * T.shape[1] <= MAX_TERMS
            and copies * parameters * batch <= FAST_BUDGET)


def _activation(name: str, z: str) -> list[str]:
    """Lines computing out from net ``z`` (out's name is z with 'z' → 'a'), as NumPy does."""
    a = "a" + z[1:]
    if name == "sigmoid":  # e = exp(−|net|); where(net ≥ 0, 1/(1 + e), e/(1 + e))
        return [f"e = _exp(-abs({z}))",
                f"{a} = 1.0 / (1.0 + e) if {z} >= 0.0 else e / (1.0 + e)"]
    if name == "tanh":
        return [f"{a} = _tanh({z})"]
    if name == "relu":  # maximum(net, 0): NaN and −0.0 pass through as in NumPy
        return [f"{a} = 0.0 if {z} < 0.0 else {z}"]
    if name == "leaky_relu":
        return [f"{a} = {z} if {z} > 0.0 else 0.01 * {z}"]
    return [f"{a} = {z}"]


def _backward(name: str, g: str, z: str, a: str) -> str:
    """dE/dnet from dE/dout ``g``, net ``z`` and out ``a``: activation.backward's arithmetic."""
    if name == "sigmoid":
        return f"{g} * ({a} * (1.0 - {a}))"
    if name == "tanh":
        return f"{g} * (1.0 - {a} * {a})"
    if name == "relu":  # g·[net > 0], the bool taken as 1.0 or 0.0
        return f"{g} * (1.0 if {z} > 0.0 else 0.0)"
    if name == "leaky_relu":
        return f"{g} * (1.0 if {z} > 0.0 else 0.01)"
    return g


def _dot(pairs: list[tuple[str, str]], fused: bool, reverse: bool = False) -> str:
    """Σ a·b in index order as OpenBLAS sums it (s ← s + a·b from the first product)."""
    (a0, b0), *rest = pairs[::-1] if reverse else pairs
    s = f"{a0} * {b0}"
    for a, b in rest:
        s = f"_fma({a}, {b}, {s})" if fused else f"({s} + {a} * {b})"
    return s


def weight_name(layer: int, row: int, column: int) -> str:
    """The generated code's variable for W[layer][row, column] (for ``moving``)."""
    return f"W{layer}_{row}_{column}"


def source(sizes: tuple[int, ...], activations: tuple[str, ...], loss: str, batch: int,
           update_biases: bool, record: bool, fused: bool = False,
           reverse_transposed: bool = False, moving: tuple[str, ...] | None = None,
           fused_row: bool = True) -> str:
    """Python source of ``run(params, X, T, eta, n, errors, outputs, history)``.

    params: every W (row-major) then b, layer by layer, flat; X (batch·n_in,), T
    (batch·n_out,) flat. Runs n updates; appends E before each update and after the last to
    ``errors``, the outputs (batch·n_out) to ``outputs`` and, when ``record``, the parameters
    to ``history``; returns the parameters after the last update, flat.
    """
    L = len(activations)
    W = [[[weight_name(k, i, j) for j in range(sizes[k + 1])] for i in range(sizes[k])]
         for k in range(L)]
    B = [[f"B{k}_{j}" for j in range(sizes[k + 1])] for k in range(L)]
    every = [w for k in range(L) for row in W[k] for w in row]
    updated = set(moving) if moving is not None else set(
        every + ([b for k in range(L) for b in B[k]] if update_biases else []))
    flat: list[str] = []
    for k in range(L):
        flat += [v for row in W[k] for v in row] + B[k]
    xs = [f"a0_{s}_{i}" for s in range(batch) for i in range(sizes[0])]
    n_out = sizes[-1]
    ts = [f"t_{s}_{j}" for s in range(batch) for j in range(n_out)]
    body: list[str] = []
    # forward: net = X·W + b (the product's sum, then the bias), out = f(net)
    for k in range(L):
        for s in range(batch):
            for j in range(sizes[k + 1]):
                dot = _dot([(f"a{k}_{s}_{i}", W[k][i][j]) for i in range(sizes[k])],
                           fused and (fused_row or batch > 1))
                body.append(f"z{k + 1}_{s}_{j} = {dot} + {B[k][j]}")
                body += _activation(activations[k], f"z{k + 1}_{s}_{j}")
    outs = [f"a{L}_{s}_{j}" for s in range(batch) for j in range(n_out)]
    # E: every term ½(t − out)² or (t − out)²/n, summed in order, over the batch
    terms = []
    for s in range(batch):
        for j in range(n_out):
            body.append(f"d = t_{s}_{j} - a{L}_{s}_{j}")
            body.append(f"e_{s}_{j} = 0.5 * (d * d)" if loss == "half_sse"
                        else f"e_{s}_{j} = (d * d) / {float(n_out)!r}")
            terms.append(f"e_{s}_{j}")
    body.append(f"append(({' + '.join(terms)}) / {float(batch)!r})")
    body.append(f"extend(({', '.join(outs)},))")
    if record:
        body.append(f"keep(({', '.join(flat)},))")
    body += ["if step == n:", "    break"]
    # the output layer's δ = ∂E/∂out ⊙ f'(net)
    for s in range(batch):
        for j in range(n_out):
            g = (f"(a{L}_{s}_{j} - t_{s}_{j})" if loss == "half_sse"
                 else f"(2.0 * (a{L}_{s}_{j} - t_{s}_{j}) / {float(n_out)!r})")
            body.append(f"d{L}_{s}_{j} = "
                        + _backward(activations[-1], g, f"z{L}_{s}_{j}", f"a{L}_{s}_{j}"))
    # every layer's gradients, from the last layer to the first, before any update
    for k in range(L, 0, -1):
        n_in, n_o = sizes[k - 1], sizes[k]
        if k > 1:  # δ_(k−1) = (δ_l·W_lᵀ) ⊙ f'(net_(k−1))
            for s in range(batch):
                for i in range(n_in):
                    g = _dot([(f"d{k}_{s}_{j}", W[k - 1][i][j]) for j in range(n_o)], fused,
                             reverse_transposed)
                    body.append(f"d{k - 1}_{s}_{i} = " + _backward(
                        activations[k - 2], f"({g})", f"z{k - 1}_{s}_{i}", f"a{k - 1}_{s}_{i}"))
        share = [[f"d{k}_{s}_{j}" for j in range(n_o)] for s in range(batch)]
        if batch > 1:  # the batch mean divides δ before the product
            for s in range(batch):
                for j in range(n_o):
                    body.append(f"h{k}_{s}_{j} = d{k}_{s}_{j} / {float(batch)!r}")
            share = [[f"h{k}_{s}_{j}" for j in range(n_o)] for s in range(batch)]
        for i in range(n_in):
            for j in range(n_o):
                if W[k - 1][i][j] in updated:
                    dot = _dot([(f"a{k - 1}_{s}_{i}", share[s][j]) for s in range(batch)],
                               fused)
                    body.append(f"g{W[k - 1][i][j]} = {dot}")
        for j in range(n_o):
            if B[k - 1][j] in updated:
                body.append(f"g{B[k - 1][j]} = " + " + ".join(share[s][j] for s in range(batch)))
    # the update, W ← W − η·dW (and b ← b − η·db), of what moves
    for k in range(L):
        for v in [w for row in W[k] for w in row] + B[k]:
            if v in updated:
                body.append(f"{v} = {v} - eta * g{v}")
    lines = ["def run(params, X, T, eta, n, errors, outputs, history):",
             f"    ({', '.join(flat)},) = params",
             f"    ({', '.join(xs)},) = X",
             f"    ({', '.join(ts)},) = T",
             "    append, extend, keep = errors.append, outputs.extend, history.extend",
             "    for step in range(n + 1):"]
    lines += [f"        {line}" for line in body]
    lines.append(f"    return ({', '.join(flat)},)")
    return "\n".join(lines) + "\n"


Run = Callable[..., tuple[float, ...]]


@lru_cache(maxsize=64)
def program(sizes: tuple[int, ...], activations: tuple[str, ...], loss: str, batch: int,
            update_biases: bool, record: bool, ops: Ops = PLAIN,
            moving: tuple[str, ...] | None = None) -> Run:
    """``source(…)`` compiled, with ``ops`` as its exp, tanh and (when fused) FMA; cached."""
    code = source(sizes, activations, loss, batch, update_biases, record, ops.fma is not None,
                  ops.reverse_transposed, moving, ops.fused_row)
    namespace: dict[str, object] = {"_exp": ops.exp, "_tanh": ops.tanh, "_fma": ops.fma}
    exec(compile(code, f"<bpcore.fast {sizes} {activations} {loss}>", "exec"), namespace)
    run = namespace["run"]
    assert callable(run)
    return run


def fit(network: Network, X: np.ndarray, T: np.ndarray, eta: np.ndarray, iterations: int,
        update_biases: bool = True, record_params: bool = True, ops: Ops = PLAIN,
        moving: tuple[str, ...] | None = None
        ) -> tuple[np.ndarray, np.ndarray, tuple[tuple[np.ndarray, np.ndarray], ...]]:
    """bpcore.training.fit's loop for K stacked copies (W (K, n_in, n_out)), one copy at a time.

    ``moving`` (weight_name of each): only those weights move, as bpcore.landscape's descent
    moves two of them; None: every weight, and the biases with ``update_biases``.

    Returns errors (K, n + 1), outputs (K, n + 1, batch, n_out) and the per-layer parameter
    histories (K, n + 1, n_in, n_out), (K, n + 1, n_out) (or () unless ``record_params``);
    the network is left as after the last update, as the NumPy loop leaves it.
    """
    X, T = np.asarray(X, dtype=np.float64), np.asarray(T, dtype=np.float64)
    k, n, batch = int(eta.size), int(iterations), X.shape[0]
    run = program(network.sizes, network.activations, network.loss, batch, update_biases,
                  record_params, ops, moving)
    shapes = [(w.shape[-2:], b.shape[-1:]) for w, b in zip(network.weights, network.biases,
                                                             strict=True)]
    width = sum(math.prod(ws) + bs[0] for ws, bs in shapes)
    stacked = [(w.reshape(k, -1), b.reshape(k, -1))
               for w, b in zip(network.weights, network.biases, strict=True)]
    errors = np.empty((k, n + 1))
    outputs = np.empty((k, n + 1, *T.shape))
    history = np.empty((k, n + 1, width)) if record_params else None
    x, t = tuple(X.ravel().tolist()), tuple(T.ravel().tolist())
    for c in range(k):
        start = tuple(v for w, b in stacked for v in (*w[c].tolist(), *b[c].tolist()))
        errs, outs, hist = array("d"), array("d"), array("d")
        end = run(start, x, t, float(eta[c]), n, errs, outs, hist)
        errors[c] = np.frombuffer(errs, dtype=np.float64)
        outputs[c] = np.frombuffer(outs, dtype=np.float64).reshape(n + 1, *T.shape)
        if history is not None:
            history[c] = np.frombuffer(hist, dtype=np.float64).reshape(n + 1, width)
        at = 0
        for (w, b), (ws, bs) in zip(stacked, shapes, strict=True):
            w[c] = end[at:at + math.prod(ws)]
            at += math.prod(ws)
            b[c] = end[at:at + bs[0]]
            at += bs[0]
    for layer, (w, b) in enumerate(stacked):  # the reshaped views may be copies: write back
        network.weights[layer][...] = w.reshape(network.weights[layer].shape)
        network.biases[layer][...] = b.reshape(network.biases[layer].shape)
    params: tuple[tuple[np.ndarray, np.ndarray], ...] = ()
    if history is not None:
        cut, at = [], 0
        for ws, bs in shapes:
            hw = history[:, :, at:at + math.prod(ws)].reshape(k, n + 1, *ws)
            at += math.prod(ws)
            cut.append((hw, history[:, :, at:at + bs[0]].copy()))
            at += bs[0]
        params = tuple((hw.copy(), hb) for hw, hb in cut)
    return errors, outputs, params
