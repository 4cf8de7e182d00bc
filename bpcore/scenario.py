"""The editable state of the worked 2-2-2 example, validated, with a lossless JSON form.

w1, w2 feed h1; w3, w4 feed h2; w5, w6 feed o1; w7, w8 feed o2. Each neuron has its own bias
(b_h1, b_h2, b_o1, b_o2); the tutorial's b1 is the shared value of the hidden ones and b2 of
the output ones, which is what they stay at unless biases train.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from types import MappingProxyType
from typing import Any

import numpy as np

from bpcore.network import Network

FORMAT = "bpcore.scenario"
VERSION = 1
MAX_MAGNITUDE = 1e6
MAX_ETA = 1000.0

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

_GROUPS = {  # JSON field → the tutorial's names of its entries
    "inputs": ("i1", "i2"),
    "targets": ("target_o1", "target_o2"),
    "weights": tuple(f"w{k}" for k in range(1, 9)),
    "biases": ("b_h1", "b_h2", "b_o1", "b_o2"),
}
# Editing b1 sets both hidden biases, b2 both output biases, as in the tutorial.
_SHARED = {"b1": ("b_h1", "b_h2"), "b2": ("b_o1", "b_o2")}


class ScenarioError(ValueError):
    """A rejected value: the message names the field; ``code`` and ``params`` let a UI say why
    in its own language (every code is listed in CODES).
    """

    CODES = ("not_a_number", "not_finite", "too_large", "eta_range", "count", "not_a_list",
             "not_bool", "not_object", "unknown_field", "missing_field", "format", "version",
             "json_constant", "not_json", "too_big", "not_text")

    def __init__(self, field: str, code: str, message: str, **params: Any) -> None:
        super().__init__(f"{field}: {message}")
        self.field, self.code, self.params = field, code, params


def _number(field: str, value: Any) -> float:
    """value as a float, or ValueError naming the field."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.floating, np.integer)):
        raise ScenarioError(field, "not_a_number", f"expected a number, got {value!r}",
                            value=repr(value))
    x = float(value)
    if not math.isfinite(x):
        raise ScenarioError(field, "not_finite", f"must be a finite number, got {x}", value=x)
    return x


def _bounded(field: str, value: Any, limit: float = MAX_MAGNITUDE) -> float:
    x = _number(field, value)
    if abs(x) > limit:
        raise ScenarioError(field, "too_large", f"{x:g} is too large (at most {limit:g} in "
                            "magnitude)", value=x, limit=limit)
    return x


@dataclass(frozen=True)
class Scenario:
    """Inputs (2), targets (2), weights w1..w8, biases (b_h1, b_h2, b_o1, b_o2), η, train_biases.

    Construction validates every field and raises ValueError naming the first bad one.
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
                raise ScenarioError(group, "not_a_list", f"expected a list of {len(names)} "
                                    "numbers", count=len(names))
            if len(values) != len(names):
                raise ScenarioError(group, "count", f"expected {len(names)} numbers, got "
                                    f"{len(values)}", count=len(names), got=len(values))
            clean = tuple(_bounded(n, v) for n, v in zip(names, values, strict=True))
            object.__setattr__(self, group, clean)
        eta = _number("eta", self.eta)
        if not 0 < eta <= MAX_ETA:
            raise ScenarioError("eta", "eta_range", f"the learning rate must be > 0 and ≤ "
                                f"{MAX_ETA:g}, got {eta:g}", value=eta, limit=MAX_ETA)
        object.__setattr__(self, "eta", eta)
        if not isinstance(self.train_biases, bool):
            raise ScenarioError("train_biases", "not_bool", "expected true or false, got "
                                f"{self.train_biases!r}", value=repr(self.train_biases))

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
        return replace(self, **{g: tuple(v) for g, v in changes.items()})

    # --- the network it describes -----------------------------------------------------------
    def network(self) -> Network:
        """The 2-2-2 sigmoid network with half-SSE loss that this scenario describes.

        Row convention: W1[0] = (w1, w3) are i1's weights into (h1, h2), W1[1] = (w2, w4);
        W2[0] = (w5, w7), W2[1] = (w6, w8).
        """
        w1, w2, w3, w4, w5, w6, w7, w8 = self.weights
        return Network(
            [np.array([[w1, w3], [w2, w4]]), np.array([[w5, w7], [w6, w8]])],
            [np.array(self.biases[:2]), np.array(self.biases[2:])],
            ("sigmoid", "sigmoid"),
            "half_sse",
        )

    def batch(self) -> tuple[np.ndarray, np.ndarray]:
        """The one training sample as arrays: X (1, 2), T (1, 2)."""
        return np.array([self.inputs]), np.array([self.targets])

    def with_network(self, network: Network) -> Scenario:
        """This scenario with the parameters of a 2-2-2 network (for example after an update)."""
        (W1, W2), (b1, b2) = network.weights, network.biases
        weights = (W1[0, 0], W1[1, 0], W1[0, 1], W1[1, 1], W2[0, 0], W2[1, 0], W2[0, 1], W2[1, 1])
        return replace(self, weights=weights, biases=(*b1, *b2))

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
        """Validate and build a scenario from to_dict()'s form; ValueError names the bad field."""
        if not isinstance(data, dict):
            raise ScenarioError("scenario", "not_object", "expected a JSON object")
        known = {f.name for f in fields(cls)} | {"format", "version"}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ScenarioError(unknown[0], "unknown_field", "unknown field")
        if data.get("format") != FORMAT:
            raise ScenarioError("format", "format", f"expected {FORMAT!r}, got "
                                f"{data.get('format')!r}", expected=FORMAT)
        if data.get("version") != VERSION:
            raise ScenarioError("version", "version", f"this app reads version {VERSION}, got "
                                f"{data.get('version')!r}", expected=VERSION)
        missing = [f.name for f in fields(cls) if f.name not in data]
        if missing:
            raise ScenarioError(missing[0], "missing_field", "missing field")
        return cls(**{f.name: data[f.name] for f in fields(cls)})

    def to_json(self) -> str:
        """to_dict() as JSON text (repr-exact floats, so the round trip is lossless)."""
        return json.dumps(self.to_dict(), indent=2)

    @classmethod
    def from_json(cls, text: str | bytes) -> Scenario:
        """Parse JSON text strictly (NaN and Infinity literals are rejected) and validate."""

        def reject(literal: str) -> float:
            raise ScenarioError("scenario", "json_constant",
                                f"{literal} is not a number JSON allows", value=literal)

        try:
            data = json.loads(text, parse_constant=reject)
        except json.JSONDecodeError as err:
            raise ScenarioError("scenario", "not_json", f"not valid JSON ({err.msg}, line "
                                f"{err.lineno})", line=err.lineno) from err
        return cls.from_dict(data)
