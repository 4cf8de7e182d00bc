"""The editable state of the worked 2-2-2 example, validated, with a lossless JSON form.

w1, w2 feed h1; w3, w4 feed h2; w5, w6 feed o1; w7, w8 feed o2. Each neuron has its own bias
(b_h1, b_h2, b_o1, b_o2); the tutorial's b1 is the shared value of the hidden ones and b2 of
the output ones, which is what they stay at unless biases train.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields, replace
from types import MappingProxyType
from typing import Any

import numpy as np

from bpcore.errors import MAX_TEXT, CodedError, check_json_depth
from bpcore.limits import ETA, MAX_MAGNITUDE
from bpcore.network import Network

FORMAT = "bpcore.scenario"
VERSION = 1

INPUTS = ("i1", "i2")
HIDDEN = ("h1", "h2")
OUTPUTS = ("o1", "o2")
# Weight name → (from node, to node): W1[s, j] is w(2j + s + 1), W2[s, k] is w(2k + s + 5).
# Each bias is an edge from its bias node (b1 feeds the hidden layer, b2 the outputs).
EDGES: Mapping[str, tuple[str, str]] = MappingProxyType({
    "w1": ("i1", "h1"), "w2": ("i2", "h1"), "w3": ("i1", "h2"), "w4": ("i2", "h2"),
    "w5": ("h1", "o1"), "w6": ("h2", "o1"), "w7": ("h1", "o2"), "w8": ("h2", "o2"),
    "b_h1": ("b1", "h1"), "b_h2": ("b1", "h2"), "b_o1": ("b2", "o1"), "b_o2": ("b2", "o2"),
})
# The one home of the weight-index convention. Weight name → (layer, row, col) of the
# row-convention matrices: W1[s, j] is w(2j + s + 1), W2[s, k] is w(2k + s + 5), so row s is
# the input the weight leaves and column j the neuron it feeds (as EDGES says).
WEIGHT_INDEX: Mapping[str, tuple[int, int, int]] = MappingProxyType({
    f"w{4 * layer + 2 * col + row + 1}": (layer, row, col)
    for layer in range(2) for col in range(2) for row in range(2)
})
# Bias name → (layer, neuron): b_h1, b_h2 in layer 0, b_o1, b_o2 in layer 1.
BIAS_INDEX: Mapping[str, tuple[int, int]] = MappingProxyType({
    f"b_{n}": (layer, j) for layer, names in enumerate((HIDDEN, OUTPUTS))
    for j, n in enumerate(names)
})


def weight_vector(weights: Sequence[np.ndarray]) -> np.ndarray:
    """w1…w8 from the two weight matrices W1, W2 (…, 2, 2), any leading axes: shape (…, 8)."""
    return np.stack([weights[layer][..., row, col]
                     for layer, row, col in WEIGHT_INDEX.values()], axis=-1)


def bias_vector(biases: Sequence[np.ndarray]) -> np.ndarray:
    """b_h1, b_h2, b_o1, b_o2 from the two bias vectors b1, b2 (…, 2): shape (…, 4)."""
    return np.stack([biases[layer][..., j] for layer, j in BIAS_INDEX.values()], axis=-1)


def weight_matrices(weights: Sequence[float]) -> list[np.ndarray]:
    """W1, W2 (2, 2) each from w1…w8: the inverse of weight_vector."""
    matrices = [np.zeros((2, 2)), np.zeros((2, 2))]
    for value, (layer, row, col) in zip(weights, WEIGHT_INDEX.values(), strict=True):
        matrices[layer][row, col] = value
    return matrices


_GROUPS = {  # JSON field → the tutorial's names of its entries
    "inputs": ("i1", "i2"),
    "targets": ("target_o1", "target_o2"),
    "weights": tuple(WEIGHT_INDEX),
    "biases": tuple(BIAS_INDEX),
}
# Editing b1 sets both hidden biases, b2 both output biases, as in the tutorial.
_SHARED = {"b1": ("b_h1", "b_h2"), "b2": ("b_o1", "b_o2")}


class ScenarioError(CodedError):
    """A rejected value: ``field`` names it, ``code`` (one of CODES) and ``params`` say why,
    for a UI to put in its own language.
    """

    CODES = ("not_a_number", "not_finite", "too_large", "eta_range", "count", "not_a_list",
             "not_bool", "not_object", "unknown_field", "missing_field", "format", "version",
             "json_constant", "not_json", "too_big", "not_text", "too_deep")


def _number(field: str, value: Any) -> float:
    """value as a float, or ScenarioError naming the field."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.floating, np.integer)):
        raise ScenarioError(field, "not_a_number", value=repr(value)[:MAX_TEXT])
    try:
        x = float(value)
    except OverflowError:  # an int past 1.8e308, e.g. 10**400 written out in a link or file
        raise ScenarioError(field, "not_finite", value="∞") from None
    if not math.isfinite(x):
        raise ScenarioError(field, "not_finite", value=x)
    return x


def _bounded(field: str, value: Any, limit: float = MAX_MAGNITUDE) -> float:
    x = _number(field, value)
    if abs(x) > limit:
        raise ScenarioError(field, "too_large", value=x, limit=limit)
    return x


@dataclass(frozen=True)
class Scenario:
    """Inputs (2), targets (2), weights w1..w8, biases (b_h1, b_h2, b_o1, b_o2), η, train_biases.

    Construction validates every field and raises ScenarioError naming the first bad one.
    """

    inputs: tuple[float, ...] = (0.05, 0.10)
    targets: tuple[float, ...] = (0.01, 0.99)
    weights: tuple[float, ...] = (0.15, 0.20, 0.25, 0.30, 0.40, 0.45, 0.50, 0.55)
    biases: tuple[float, ...] = (0.35, 0.35, 0.60, 0.60)
    eta: float = 0.5
    train_biases: bool = False

    def __post_init__(self) -> None:
        for group, names in _GROUPS.items():
            values = getattr(self, group)
            if isinstance(values, (str, bytes)) or not hasattr(values, "__len__"):
                raise ScenarioError(group, "not_a_list", count=len(names))
            if len(values) != len(names):
                raise ScenarioError(group, "count", count=len(names), got=len(values))
            clean = tuple(_bounded(n, v) for n, v in zip(names, values, strict=True))
            object.__setattr__(self, group, clean)
        eta = _number("eta", self.eta)
        if not ETA.contains(eta):
            raise ScenarioError("eta", "eta_range", value=eta, limit=ETA.hi)
        object.__setattr__(self, "eta", eta)
        if not isinstance(self.train_biases, bool):
            raise ScenarioError("train_biases", "not_bool", value=repr(self.train_biases))

    @classmethod
    def worked_example(cls) -> Scenario:
        """The classic example: i 0.05/0.10, w 0.15…0.55, b1 0.35, b2 0.60, t 0.01/0.99, η 0.5."""
        return cls()

    # --- the tutorial's names -------------------------------------------------------------
    @staticmethod
    def field_names() -> tuple[str, ...]:
        """Every editable number by its tutorial name, in the editor's order."""
        return _GROUPS["inputs"] + _GROUPS["targets"] + _GROUPS["weights"] + ("b1", "b2", "eta")

    def get(self, name: str) -> float:
        """The value of a tutorial name (b1 and b2 read the first neuron of their layer)."""
        name = _SHARED.get(name, (name,))[0]
        if name == "eta":
            return self.eta
        for group, names in _GROUPS.items():
            if name in names:
                return getattr(self, group)[names.index(name)]
        raise KeyError(name)

    def shared_bias(self, name: str) -> bool:
        """True while b1 (or b2) is one value shared by both neurons of its layer."""
        a, b = _SHARED[name]
        return self.get(a) == self.get(b)

    def with_value(self, name: str, value: Any) -> Scenario:
        """A new scenario with one tutorial-named value changed (validated; self unchanged)."""
        if name == "eta":
            return replace(self, eta=value)
        if name == "train_biases":
            return replace(self, train_biases=value)
        changes: dict[str, list[Any]] = {}
        for target in _SHARED.get(name, (name,)):
            group = next((g for g, names in _GROUPS.items() if target in names), None)
            if group is None:
                raise KeyError(name)
            values = changes.setdefault(group, list(getattr(self, group)))
            values[_GROUPS[group].index(target)] = _bounded(name, value)
        updates: dict[str, Any] = {g: tuple(v) for g, v in changes.items()}
        return replace(self, **updates)

    # --- the network it describes -----------------------------------------------------------
    def network(self) -> Network:
        """The 2-2-2 sigmoid network with half-SSE loss that this scenario describes.

        Row convention: W1[0] = (w1, w3) are i1's weights into (h1, h2), W1[1] = (w2, w4);
        W2[0] = (w5, w7), W2[1] = (w6, w8).
        """
        return Network(
            weight_matrices(self.weights),
            [np.array(self.biases[:2]), np.array(self.biases[2:])],
            ("sigmoid", "sigmoid"),
            "half_sse",
        )

    def batch(self) -> tuple[np.ndarray, np.ndarray]:
        """The one training sample as arrays: X (1, 2), T (1, 2)."""
        return np.array([self.inputs]), np.array([self.targets])

    def with_network(self, network: Network) -> Scenario:
        """This scenario with the parameters of a 2-2-2 network (for example after an update)."""
        return self.with_parameters(weight_vector(network.weights),
                                    bias_vector(network.biases))

    def with_parameters(self, weights: Sequence[float] | np.ndarray,
                        biases: Sequence[float] | np.ndarray,
                        eta: float | None = None) -> Scenario:
        """This scenario with new w1…w8 (8,) and b_h1…b_o2 (4,), and η when given (validated).

        The one way a later state of the same example is made: after an update (Trace), at
        a point of a training history (History), from a network (with_network).
        """
        return replace(self, weights=tuple(weights), biases=tuple(biases),
                       eta=self.eta if eta is None else eta)

    # --- JSON ---------------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict with the format name and version; floats round-trip exactly."""
        data: dict[str, Any] = {"format": FORMAT, "version": VERSION}
        for f in fields(self):
            value = getattr(self, f.name)
            data[f.name] = list(value) if isinstance(value, tuple) else value
        return data

    @classmethod
    def from_dict(cls, data: Any) -> Scenario:
        """Validate and build a scenario from to_dict()'s form; ScenarioError names the field."""
        if not isinstance(data, dict):
            raise ScenarioError("scenario", "not_object")
        known = {f.name for f in fields(cls)} | {"format", "version"}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ScenarioError(unknown[0], "unknown_field")
        if data.get("format") != FORMAT:
            raise ScenarioError("format", "format", expected=FORMAT)
        if data.get("version") != VERSION:
            raise ScenarioError("version", "version", expected=VERSION)
        missing = [f.name for f in fields(cls) if f.name not in data]
        if missing:
            raise ScenarioError(missing[0], "missing_field")
        return cls(**{f.name: data[f.name] for f in fields(cls)})

    def to_json(self) -> str:
        """to_dict() as JSON text (repr-exact floats, so the round trip is lossless)."""
        return json.dumps(self.to_dict(), indent=2)

    @classmethod
    def from_json(cls, text: str | bytes) -> Scenario:
        """Parse JSON text strictly (NaN and Infinity literals are rejected) and validate."""

        def reject(literal: str) -> float:
            raise ScenarioError("scenario", "json_constant", value=literal)

        try:
            check_json_depth("scenario", text)
        except CodedError as err:
            raise ScenarioError("scenario", "too_deep", **err.params) from None
        try:
            data = json.loads(text, parse_constant=reject)
        except ScenarioError:
            raise
        except json.JSONDecodeError as err:
            raise ScenarioError("scenario", "not_json", line=err.lineno) from err
        except ValueError:  # e.g. an integer of more than 4,300 digits
            raise ScenarioError("scenario", "not_json", line=1) from None
        return cls.from_dict(data)
