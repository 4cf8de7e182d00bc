"""Repeated updates of the worked example: the whole history, for curves and for replay.

train(scenario, n) runs n updates; train_rates(scenario, etas, n) runs the same scenario at
several learning rates at once, as K stacked copies of one network in a single NumPy loop.
Training stops a copy at the first non-finite error and says so; it never returns NaN.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from bpcore import fast
from bpcore.errors import CodedError
from bpcore.limits import ETA, ITERATIONS
from bpcore.losses import LOSSES
from bpcore.network import Network
from bpcore.scenario import Scenario, bias_vector, weight_vector


@dataclass(frozen=True)
class History:
    """What n updates at one learning rate did; row i is the state after i updates.

    errors (m + 1,) E_total; outputs (m + 1, 2) out_o1, out_o2; weights (m + 1, 8) w1…w8;
    biases (m + 1, 4) b_h1, b_h2, b_o1, b_o2, where m = ``iterations`` is the number of
    updates completed. When the error became non-finite at update ``stopped_at``, the rows
    end at the last finite state and ``reason`` is the code "diverged" (a UI says it, with
    ``stopped_at`` and ``eta``, in its own language).
    """

    scenario: Scenario
    eta: float
    errors: np.ndarray
    outputs: np.ndarray
    weights: np.ndarray
    biases: np.ndarray
    iterations: int
    stopped_at: int | None = None
    reason: str | None = None

    @property
    def diverged(self) -> bool:
        """True when training stopped because the error stopped being a finite number."""
        return self.stopped_at is not None

    def scenario_at(self, i: int) -> Scenario:
        """The scenario as it was after i updates (for replaying a point of the curve)."""
        return self.scenario.with_parameters(self.weights[i], self.biases[i], eta=self.eta)


def _check(iterations: int, etas: Sequence[float]) -> np.ndarray:
    """The rates as an array (K,), once the count and every rate are in their ranges.

    iterations: 0 (the initial state alone) or a count in limits.ITERATIONS; each η in
    limits.ETA. Refusals are CodedErrors: not_whole, out_of_range (with value, lo, hi), empty.
    """
    if isinstance(iterations, bool) or not isinstance(iterations, (int, np.integer)):
        raise CodedError("iterations", "not_whole", value=repr(iterations))
    if iterations != 0:
        ITERATIONS.check("iterations", int(iterations))
    rates = np.array([float(e) for e in etas], dtype=float)
    if rates.size == 0:
        raise CodedError("eta", "empty")
    for eta in rates:
        if not ETA.contains(float(eta)):  # NaN and ±inf are outside too
            raise CodedError("eta", "out_of_range", value=float(eta), lo=ETA.lo, hi=ETA.hi)
    return rates


def _stacked(scenario: Scenario, k: int) -> Network:
    """K copies of the scenario's network: W (K, n_in, n_out), b (K, n_out)."""
    net = scenario.network()
    return Network([np.repeat(w[None], k, axis=0) for w in net.weights],
                   [np.repeat(b[None], k, axis=0) for b in net.biases],
                   net.activations, net.loss)


@dataclass(frozen=True)
class Fit:
    """Raw record of K copies trained together; row i is the state after i updates.

    errors (K, n + 1); outputs (K, n + 1, batch, n_out); params: per layer (W, b) histories
    (K, n + 1, n_in, n_out) and (K, n + 1, n_out), or () when not recorded; stopped (K,) the
    update after which a copy's error was first non-finite, −1 for none.
    """

    errors: np.ndarray
    outputs: np.ndarray
    params: tuple[tuple[np.ndarray, np.ndarray], ...]
    stopped: np.ndarray


def fit(network: Network, X: np.ndarray, T: np.ndarray, eta: np.ndarray, iterations: int,
        update_biases: bool = True, record_params: bool = True) -> Fit:
    """Full-batch gradient descent of K stacked copies at rates eta (K,); W is (K, n_in, n_out).

    A copy whose error turns non-finite is reported in ``stopped``; the others are unaffected.
    Networks small enough (bpcore.fast.suits: the worked example, its learning rates) run as
    plain-Python float loops, the same arithmetic in the same order at 20× the speed.
    """
    if fast.suits(network, X, T, int(eta.size)):
        errors, outputs, params = fast.fit(network, X, T, eta, iterations, update_biases,
                                           record_params)
        return Fit(errors, outputs, params, _stopped(errors))
    return fit_numpy(network, X, T, eta, iterations, update_biases, record_params)


def _stopped(errors: np.ndarray) -> np.ndarray:
    """(K,): the row of each copy's first non-finite error, −1 for none."""
    bad = ~np.isfinite(errors)
    return np.where(bad.any(axis=1), bad.argmax(axis=1), -1)


def fit_numpy(network: Network, X: np.ndarray, T: np.ndarray, eta: np.ndarray, iterations: int,
              update_biases: bool = True, record_params: bool = True) -> Fit:
    """fit() with the NumPy engine, for any size: K copies stacked along W's first axis."""
    k, n = eta.size, iterations
    loss = LOSSES[network.loss]
    errors = np.empty((k, n + 1))
    outputs = np.empty((k, n + 1, *np.shape(T)))
    params = tuple((np.empty((k, n + 1, *W.shape[1:])), np.empty((k, n + 1, *b.shape[1:])))
                   for W, b in zip(network.weights, network.biases, strict=True)
                   ) if record_params else ()
    # Copies never mix (no reduction runs across the K axis), so a copy that diverges cannot
    # spoil another: it is found after the loop, at its first non-finite error, instead of
    # paying for a check on every iteration.
    with np.errstate(all="ignore"):
        for i in range(n + 1):
            records = network.forward(X)
            out = records[-1].out
            errors[:, i], outputs[:, i] = loss.value(out, T), out
            for (hW, hb), W, b in zip(params, network.weights, network.biases, strict=False):
                hW[:, i], hb[:, i] = W, b
            if i < n:
                network.apply(network.backward(records, T), eta, update_biases)
    return Fit(errors, outputs, params, _stopped(errors))


def _chunked(network: Network, X: np.ndarray, T: np.ndarray, eta: np.ndarray, n: int,
             update_biases: bool, progress: Callable[[float], None] | None) -> Fit:
    """fit() in up to 20 pieces with a progress call after each; the same result as one run.

    Each piece continues from where the last one left the (in-place updated) network, and
    drops its first row, which is the last row of the piece before.
    """
    pieces = 1 if progress is None else max(1, min(20, n // 500))
    bounds = np.linspace(0, n, pieces + 1).astype(int)
    runs = []
    for p, (start, stop) in enumerate(zip(bounds[:-1], bounds[1:], strict=True)):
        run = fit(network, X, T, eta, int(stop - start), update_biases)
        runs.append(run if p == 0 else Fit(run.errors[:, 1:], run.outputs[:, 1:],
                                           tuple((W[:, 1:], b[:, 1:]) for W, b in run.params),
                                           run.stopped))
        if progress is not None:
            progress(stop / max(n, 1))
    errors = np.concatenate([r.errors for r in runs], axis=1)
    bad = ~np.isfinite(errors)
    return Fit(errors, np.concatenate([r.outputs for r in runs], axis=1),
               tuple((np.concatenate([r.params[i][0] for r in runs], axis=1),
                      np.concatenate([r.params[i][1] for r in runs], axis=1))
                     for i in range(len(runs[0].params))),
               np.where(bad.any(axis=1), bad.argmax(axis=1), -1))


def train_rates(scenario: Scenario, etas: Sequence[float], iterations: int,
                progress: Callable[[float], None] | None = None) -> list[History]:
    """Train the scenario at every rate in ``etas`` for ``iterations`` updates, in one run.

    The K rates are K stacked copies of the 2-2-2 network trained by one loop (shapes
    (K, 1, 2)), so 8 rates cost little more than one. ``progress(fraction)`` is called as
    training advances (for a progress bar); the result does not depend on it.
    """
    rates = _check(iterations, etas)
    k, n = rates.size, iterations
    X, T = scenario.batch()
    run = _chunked(_stacked(scenario, k), X, T, rates.copy(), n, scenario.train_biases, progress)
    (W1, b1), (W2, b2) = run.params
    weights, biases = weight_vector((W1, W2)), bias_vector((b1, b2))  # (K, n + 1, 8), (…, 4)
    return [_history(scenario, float(rates[c]), int(run.stopped[c]), run.errors[c],
                     run.outputs[c, :, 0], weights[c], biases[c], n) for c in range(k)]


def _history(scenario: Scenario, eta: float, stop: int, errors: np.ndarray,
             outputs: np.ndarray, weights: np.ndarray, biases: np.ndarray, n: int) -> History:
    """One copy's History, cut at its last finite row when it diverged."""
    if stop < 0:
        return History(scenario, eta, errors, outputs, weights, biases, n)
    keep = stop  # rows 0 … stop − 1 are finite; update `stop` produced the first bad error
    return History(scenario, eta, errors[:keep], outputs[:keep], weights[:keep],
                   biases[:keep], max(keep - 1, 0), stop, "diverged")


def train(scenario: Scenario, iterations: int,
          progress: Callable[[float], None] | None = None) -> History:
    """n updates of the scenario at its own learning rate: error before each and after the last."""
    return train_rates(scenario, [scenario.eta], iterations, progress)[0]
