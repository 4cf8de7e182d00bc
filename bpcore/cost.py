"""What a mini-batch SGD run will cost, worked out before it starts: seconds and bytes.

One model for every long run a page starts (the network builder, the handwritten digits,
MNIST): ``sgd_cost`` from the layer sizes, the data's size and dtype and the settings, and
``check_budget`` refusing a run over its budget with a coded reason before any weight is
allocated. ``python -m bench`` prints the estimate beside measured runs.

Time, measured on this project's 2-core machine: each update costs about 30 µs + 15 µs per
layer of Python and NumPy overhead, and each epoch about ``SECONDS_PER_WORK[dtype]`` per
(sample × parameter) of arithmetic over the training and test sets (training, then the
loss and accuracy measured on both). Float64 at 1 ns was fitted on the builder's small
networks (where a matmul is mostly overhead); float32 at 0.05 ns on MNIST's 784-128-10 (one
60,000-image epoch, batch 64: 0.20 s with its measurement, README "Benchmarks"), where the
BLAS runs near its peak. A busy machine runs slower than either: the estimate is what a run
costs when it has a core to itself, which is what a budget compares.

Memory, in bytes of the data's dtype (``itemsize``), the largest that is live at once:

- the data: (train + test samples) × (inputs + classes), as the run holds it (X and one-hot T);
- the network three times: its weights and biases, the gradients of one step (same sizes),
  and one copy (the builder keeps the start; sgd's update makes temporaries of one layer);
- one batch: its gathered rows (batch × inputs) and each layer's net, out and δ (3 × batch ×
  units);
- measuring the loss: one forward pass over the larger set (samples × 2 × units: net and out
  of every layer), the largest single allocation of a run with many samples.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bpcore.errors import CodedError

OVERHEAD_SECONDS = 30e-6  # per update, plus LAYER_SECONDS per layer
LAYER_SECONDS = 15e-6
SECONDS_PER_WORK = {8: 1e-9, 4: 0.05e-9}  # per (sample × parameter) an epoch, by itemsize
NETWORK_COPIES = 3  # weights, one step's gradients, one copy


@dataclass(frozen=True)
class Cost:
    """What a run is estimated to take: ``seconds`` on a free core, ``bytes`` at its peak,
    ``updates`` (epochs × batches) and ``parameters`` (weights and biases)."""

    seconds: float
    bytes: int
    updates: int
    parameters: int


def parameters(sizes: Sequence[int]) -> int:
    """Weights and biases of a dense network with these layer sizes (inputs first)."""
    return sum(a * b + b for a, b in zip(sizes[:-1], sizes[1:], strict=False))


def estimated_seconds(updates: int, layers: int, work: int, itemsize: int = 8) -> float:
    """Training time on this project's machine: per-update overhead plus arithmetic, where
    work = epochs × samples × parameters (see the module docstring)."""
    per_work = SECONDS_PER_WORK.get(itemsize, SECONDS_PER_WORK[8])
    return updates * (OVERHEAD_SECONDS + LAYER_SECONDS * layers) + work * per_work


def sgd_cost(sizes: Sequence[int], samples: int, test_samples: int, epochs: int, batch: int,
             itemsize: int = 8) -> Cost:
    """The cost of bpcore.sgd training a network of ``sizes`` (inputs, hidden…, classes) for
    ``epochs`` on ``samples`` training and ``test_samples`` test rows, ``batch`` at a time,
    in a dtype of ``itemsize`` bytes (4: float32, 8: float64). Pure arithmetic on Python
    ints: nothing is allocated, however large the sizes."""
    count = parameters(sizes)
    layers = len(sizes) - 1
    units = sum(sizes[1:])
    updates = epochs * -(-samples // max(batch, 1))
    rows = min(batch, samples)
    data = (samples + test_samples) * (sizes[0] + sizes[-1])
    step = rows * (sizes[0] + 3 * units)
    measure = max(samples, test_samples) * 2 * units
    seconds = estimated_seconds(updates, layers, epochs * (samples + test_samples) * count,
                                itemsize)
    total = itemsize * (data + NETWORK_COPIES * count + step + measure)
    return Cost(seconds, total, updates, count)


def check_budget(cost: Cost, max_seconds: float, max_bytes: int, field: str = "training"
                 ) -> Cost:
    """``cost`` when it is within both budgets; else CodedError(field, "memory", need, limit)
    (megabytes, memory is checked first: it is what kills a worker) or (field, "slow",
    seconds, limit, updates)."""
    if cost.bytes > max_bytes:
        raise CodedError(field, "memory", need=_megabytes(cost.bytes),
                         limit=_megabytes(max_bytes), parameters=cost.parameters)
    if cost.seconds > max_seconds:
        raise CodedError(field, "slow", seconds=round(cost.seconds, 1), limit=max_seconds,
                         updates=cost.updates)
    return cost


def _megabytes(n: int) -> int:
    """Bytes as whole megabytes (10⁶), rounded up: a reason never understates a need."""
    return -(-n // 1_000_000)
