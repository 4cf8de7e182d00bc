"""The stepper's named networks, by ID, with exactly the numbers of issue 22 (for handouts).

``worked`` is the worked example (bpcore.scenario's default, Mazur's 2-2-2, biases fixed);
``xor`` a 2-2-1 sigmoid with squared error; ``bce`` the same with binary cross-entropy;
``softmax`` a 2-3-3 ReLU network with a softmax output and categorical cross-entropy (h3 is
off); ``deep`` a 1-1-1-1-1 sigmoid chain (the vanishing gradient in numbers); ``batch`` the
worked example with two samples. Matrices in the row convention of bpcore.netspec: W_l[k][j]
is the weight from neuron k of layer l−1 to neuron j of layer l.

Biases train in xor, bce, softmax and deep (the issue gives their biases as parameters of the
lesson); they stay fixed in worked and batch, as in Mazur's example.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType

from bpcore.errors import CodedError
from bpcore.netspec import NetSpec
from bpcore.scenario import Scenario


def from_scenario(scenario: Scenario) -> NetSpec:
    """The worked example's scenario as a NetSpec: the same numbers, one sample."""
    network = scenario.network()
    X, T = scenario.batch()
    return NetSpec((2, 2, 2), ("sigmoid", "sigmoid"), "half_sse", X.tolist(), T.tolist(),
                   tuple(W.tolist() for W in network.weights),
                   tuple(b.tolist() for b in network.biases), scenario.eta,
                   scenario.train_biases)


def worked() -> NetSpec:
    """Mazur's 2-2-2: i 0.05/0.10, w 0.15…0.55, b 0.35/0.60, t 0.01/0.99, η 0.5."""
    return from_scenario(Scenario())


def xor(loss: str = "half_sse") -> NetSpec:
    """2-2-1 sigmoid, x = (1, 0), t = 1, η 0.5 (issue 22's numbers)."""
    return NetSpec(
        (2, 2, 1), ("sigmoid", "sigmoid"), loss, ((1.0, 0.0),), ((1.0,),),
        (((0.5, -0.6), (0.4, 0.9)),  # x1→(h1, h2), x2→(h1, h2)
         ((0.7,), (-0.3,))),  # h1→o, h2→o
        ((0.1, -0.2), (0.05,)), 0.5, True)


def bce() -> NetSpec:
    """xor's network and numbers with binary cross-entropy (δ_o = out − t: σ′ cancels)."""
    return xor("binary_cross_entropy")


def softmax() -> NetSpec:
    """2-3-3, ReLU hidden, softmax output, categorical CE; x = (0.5, −1.0), t = (0, 1, 0), η 0.1."""
    return NetSpec(
        (2, 3, 3), ("relu", "softmax"), "cross_entropy", ((0.5, -1.0),), ((0.0, 1.0, 0.0),),
        (((0.2, 0.8, -0.4), (-0.5, 0.1, -0.3)),  # x1→(h1, h2, h3), x2→(h1, h2, h3)
         ((0.3, 0.6, -0.7), (-0.2, 0.4, 0.2), (0.5, -0.1, 0.3))),  # h1→(o1…o3), h2→, h3→
        ((0.1, 0.0, -0.5), (0.0, 0.1, -0.1)), 0.1, True)


def deep() -> NetSpec:
    """1-1-1-1-1 sigmoid, x = 1, t = 1, every weight 0.8, every bias 0, squared error, η 0.5."""
    return NetSpec((1, 1, 1, 1, 1), ("sigmoid",) * 4, "half_sse", ((1.0,),), ((1.0,),),
                   (((0.8,),),) * 4, ((0.0,),) * 4, 0.5, True)


def batch() -> NetSpec:
    """The worked example with two samples: (0.05, 0.10 → 0.01, 0.99), (0.10, 0.05 → 0.99, 0.01)."""
    spec = worked()
    return NetSpec(spec.sizes, spec.activations, spec.loss, ((0.05, 0.10), (0.10, 0.05)),
                   ((0.01, 0.99), (0.99, 0.01)), spec.weights, spec.biases, 0.5, False)


PRESETS: Mapping[str, Callable[[], NetSpec]] = MappingProxyType({
    "worked": worked, "xor": xor, "bce": bce, "softmax": softmax, "deep": deep, "batch": batch,
})
DEFAULT = "worked"
OWN = "own"  # the id a learner's own network goes by beside the presets (not one of them)


def preset(preset_id: str) -> NetSpec:
    """The preset named ``preset_id`` (e.g. from ``?net=ID``); CodedError("net", "unknown")."""
    if not isinstance(preset_id, str) or preset_id not in PRESETS:
        raise CodedError("net", "unknown", name=str(preset_id)[:40], choices=", ".join(PRESETS))
    return PRESETS[preset_id]()
