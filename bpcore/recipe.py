"""A network-builder run as plain data: the choices that decide it, checked both ways.

A Recipe is what the builder page shows and what a shared lesson link carries: the toy data,
the layer stack, the loss and the training settings. Equal recipes train the same network.
``to_dict`` gives JSON-ready plain values; ``from_dict`` accepts exactly those keys, types and
ranges (the ranges the page's controls allow) and raises BuilderError for anything else.

The data are a toy set (``data``, a DataSpec) or the learner's own points (``points``,
bpcore.userdata.Points, known by content): then the DataSpec's seed and test share split
them and its name, size and noise are not used. A link carries own points only when they are
few and exact at 3 decimals (userdata.linkable); otherwise ``to_dict`` leaves them out and
the link carries the network with the toy set.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from bpcore import features as feats
from bpcore.activations import ACTIVATIONS
from bpcore.builder import Architecture, BuilderError, DataSpec, Run, build
from bpcore.data import REGRESSION_SETS, TOY_SETS
from bpcore.errors import CodedError
from bpcore.limits import (
    BATCH,
    BUILDER_EPOCHS,
    DECAY,
    HIDDEN_LAYERS,
    MOMENTUM,
    NOISE,
    POINTS,
    REGULARISATION_RATE,
    SEED,
    SGD_ETA,
    TEST_SHARE,
    WIDTH,
    Range,
)
from bpcore.losses import LOSSES
from bpcore.optimisers import NAMES as OPTIMISERS
from bpcore.optimisers import SGD, OptimiserSpec
from bpcore.regularisation import KINDS, NONE, Regularisation
from bpcore.userdata import (
    Points,
    check_trainable,
    from_link,
    linkable,
    split_points,
    to_link,
)

# The ranges of every control are bpcore.limits', shared by the page's widgets and from_dict
# (own points: 0 … POINTS.hi, bpcore.userdata.MAX_POINTS).
DATA_KEYS = ("name", "n", "noise", "seed", "test_fraction")
POINTS_KEY = "points"  # optional in "data": the learner's own points (userdata.to_link)
KEYS = ("data", "hidden", "activations", "output", "loss", "eta", "epochs", "batch", "seed")
# Keys a link made before the features, optimisers and penalties existed leaves out (then
# x₁, x₂, plain SGD and no penalty): accepted with or without them.
OPTIONAL_KEYS = ("features", "optimiser", "regularisation")


@dataclass(frozen=True)
class Recipe:
    """Data, layers, loss and training settings of one builder run (defaults: the page's)."""

    arch: Architecture = field(default_factory=Architecture)
    data: DataSpec = field(default_factory=DataSpec)
    eta: float = 0.1
    epochs: int = 400
    batch: int = 32
    seed: int = 0
    points: Points | None = None  # the learner's own points instead of the toy set
    optimiser: OptimiserSpec = SGD
    regularisation: Regularisation = NONE

    def run(self, progress: Callable[[float], None] | None = None,
            partial: Callable[[Run], None] | None = None) -> Run:
        """Build and train the network this recipe describes (see bpcore.builder.build;
        ``partial`` is told the run so far at each kept epoch)."""
        data = self.data if self.points is None else OwnData(
            seed=self.data.seed, test_fraction=self.data.test_fraction, points=self.points)
        return build(self.arch, data, self.eta, self.epochs, self.batch, self.seed, progress,
                     optimiser=self.optimiser, regularisation=self.regularisation,
                     partial=partial)

    def to_dict(self) -> dict[str, Any]:
        """Plain, JSON-ready values (own points only when userdata.linkable)."""
        d = self.data
        data: dict[str, Any] = {"name": d.name, "n": d.n, "noise": d.noise, "seed": d.seed,
                                "test_fraction": d.test_fraction}
        if self.points is not None and linkable(self.points):
            data[POINTS_KEY] = to_link(self.points)
        return {"data": data,
                "hidden": list(self.arch.hidden), "activations": list(self.arch.activations),
                "output": self.arch.output, "loss": self.arch.loss, "eta": self.eta,
                "epochs": self.epochs, "batch": self.batch, "seed": self.seed,
                "features": list(self.arch.features),
                "optimiser": {"name": self.optimiser.name, "beta1": self.optimiser.beta1,
                              "beta2": self.optimiser.beta2},
                "regularisation": {"kind": self.regularisation.kind,
                                   "rate": self.regularisation.rate}}

    @classmethod
    def from_dict(cls, d: Any) -> Recipe:
        """The recipe in ``d`` (as to_dict writes it), or BuilderError saying what is wrong."""
        if not isinstance(d, Mapping) or not set(KEYS) <= set(d) <= {*KEYS, *OPTIONAL_KEYS}:
            raise BuilderError("recipe", "recipe", expected="keys", keys=", ".join(KEYS))
        data = d["data"]
        own = isinstance(data, Mapping) and POINTS_KEY in data
        _keys(data, (*DATA_KEYS, POINTS_KEY) if own else DATA_KEYS, "data")
        try:
            points = from_link(data[POINTS_KEY]) if own else None
        except ValueError as err:
            raise _bad("data.points", "points") from err
        hidden, acts = d["hidden"], d["activations"]
        if not (isinstance(hidden, list) and isinstance(acts, list)
                and len(hidden) == len(acts) and HIDDEN_LAYERS.contains(len(hidden))):
            raise BuilderError("hidden", "recipe", expected="layers", limit=HIDDEN_LAYERS.hi)
        elementwise = [name for name, act in ACTIVATIONS.items() if act.elementwise]
        features = d.get("features", list(feats.DEFAULT))
        if (not isinstance(features, list) or not features
                or any(not isinstance(f, str) for f in features)
                or tuple(features) != tuple(n for n in feats.NAMES if n in features)):
            raise _bad("features", "features")
        optimiser, regularisation = SGD, NONE
        if "optimiser" in d:
            o = d["optimiser"]
            _keys(o, ("name", "beta1", "beta2"), "optimiser")
            optimiser = OptimiserSpec(_choice("optimiser.name", o["name"], OPTIMISERS),
                                      _float("optimiser.beta1", o["beta1"], MOMENTUM),
                                      _float("optimiser.beta2", o["beta2"], DECAY))
        if "regularisation" in d:
            r = d["regularisation"]
            _keys(r, ("kind", "rate"), "regularisation")
            regularisation = Regularisation(
                _choice("regularisation.kind", r["kind"], KINDS),
                _float("regularisation.rate", r["rate"], REGULARISATION_RATE))
        return cls(
            Architecture(tuple(_int(f"hidden[{k}]", w, WIDTH) for k, w in enumerate(hidden)),
                         tuple(_choice(f"activations[{k}]", a, elementwise)
                               for k, a in enumerate(acts)),
                         _choice("output", d["output"], list(ACTIVATIONS)),
                         _choice("loss", d["loss"], list(LOSSES)), tuple(features)),
            DataSpec(_choice("data.name", data["name"], TOY_SETS + REGRESSION_SETS),
                     _int("data.n", data["n"], POINTS),
                     _float("data.noise", data["noise"], NOISE),
                     _int("data.seed", data["seed"], SEED),
                     _float("data.test_fraction", data["test_fraction"], TEST_SHARE)),
            _float("eta", d["eta"], SGD_ETA), _int("epochs", d["epochs"], BUILDER_EPOCHS),
            _int("batch", d["batch"], BATCH), _int("seed", d["seed"], SEED), points,
            optimiser, regularisation)


@dataclass(frozen=True)
class OwnData(DataSpec):
    """The learner's points as the builder's data: split by the seed and the test share."""

    points: Points | None = None

    def make(self) -> tuple[Any, Any, Any, Any]:
        """(X_train, y_train, X_test, y_test); BuilderError (field "data", the userdata code)
        when a classifier cannot be trained on the points."""
        if self.points is None:
            raise BuilderError("data", "data")
        try:
            check_trainable(self.points, "data")
        except CodedError as err:
            raise BuilderError("data", err.code, **err.params) from err
        return split_points(self.points, self.test_fraction, self.seed)


def _bad(field: str, expected: str) -> BuilderError:
    return BuilderError(field, "recipe", expected=expected)


def _keys(d: Any, keys: tuple[str, ...], what: str) -> None:
    if not isinstance(d, Mapping) or set(d) != set(keys):
        raise BuilderError(what, "recipe", expected="keys", keys=", ".join(keys))


def _int(name: str, value: Any, bounds: Range[int]) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not bounds.contains(value):
        raise BuilderError(name, "recipe", expected="whole", lo=bounds.lo, hi=bounds.hi,
                           value=repr(value))
    return value


def _float(name: str, value: Any, bounds: Range[float]) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not bounds.contains(
            value):  # NaN is in no range
        raise BuilderError(name, "recipe", expected="number", lo=bounds.lo, hi=bounds.hi,
                           value=repr(value))
    return float(value)


def _choice(name: str, value: Any, choices: Any) -> str:
    if not isinstance(value, str) or value not in choices:
        raise BuilderError(name, "recipe", expected="choice", choices=", ".join(choices),
                           value=repr(value))
    return value
