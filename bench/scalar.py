"""The interpreted floor: the worked example's updates as a plain-Python scalar loop.

It does the same work as bpcore.train: the error before every update and after the last,
both outputs and all eight weights recorded per iteration, so the ratio compares like with like.
"""

from __future__ import annotations

import math

Rows = list[tuple[float, ...]]


def scalar_train(iterations: int) -> tuple[list[float], Rows, Rows]:
    """Train the worked 2-2-2 example with floats only: (errors, outputs, weights) per iteration."""
    i1, i2, t1, t2, eta, b1, b2 = 0.05, 0.10, 0.01, 0.99, 0.5, 0.35, 0.60
    w1, w2, w3, w4, w5, w6, w7, w8 = 0.15, 0.20, 0.25, 0.30, 0.40, 0.45, 0.50, 0.55
    errors: list[float] = []
    outputs: list[tuple[float, ...]] = []
    weights: list[tuple[float, ...]] = []
    for i in range(iterations + 1):
        h1 = 1 / (1 + math.exp(-(w1 * i1 + w2 * i2 + b1)))
        h2 = 1 / (1 + math.exp(-(w3 * i1 + w4 * i2 + b1)))
        o1 = 1 / (1 + math.exp(-(w5 * h1 + w6 * h2 + b2)))
        o2 = 1 / (1 + math.exp(-(w7 * h1 + w8 * h2 + b2)))
        errors.append(0.5 * (t1 - o1) ** 2 + 0.5 * (t2 - o2) ** 2)
        outputs.append((o1, o2))
        weights.append((w1, w2, w3, w4, w5, w6, w7, w8))
        if i == iterations:
            break
        d1 = (o1 - t1) * o1 * (1 - o1)
        d2 = (o2 - t2) * o2 * (1 - o2)
        dh1 = (d1 * w5 + d2 * w7) * h1 * (1 - h1)
        dh2 = (d1 * w6 + d2 * w8) * h2 * (1 - h2)
        w5, w6, w7, w8 = (w5 - eta * d1 * h1, w6 - eta * d1 * h2,
                          w7 - eta * d2 * h1, w8 - eta * d2 * h2)
        w1, w2, w3, w4 = (w1 - eta * dh1 * i1, w2 - eta * dh1 * i2,
                          w3 - eta * dh2 * i1, w4 - eta * dh2 * i2)
    return errors, outputs, weights
