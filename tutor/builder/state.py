"""The network builder's session state: its widgets' keys, the Recipe they show, its kept run.

The builder's widgets are kept widgets (see tutor.pages.defaults: PAGE_DEFAULTS, keep_widgets): each
widget's own key holds the value in use, so the recipe is read from the widgets
(``builder_recipe``) and a lesson link shows a recipe by setting them (``set_builder_recipe``)
before they are drawn. Every possible hidden layer has its two widgets' values kept, so a
layer removed and added again comes back as it was.

The learner's own points (data source "own") are no widget: they live under BUILDER_OWN as
bpcore.userdata.Points and change only by a checked upload, a click on the plane or *Clear*;
a refused change keeps them as they were and keeps why under BUILDER_DATA_REFUSAL.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Final

import numpy as np

from bpcore import features as feats
from bpcore import userdata
from bpcore.builder import Architecture, DataSpec
from bpcore.data import REGRESSION_SETS, toy
from bpcore.errors import CodedError
from bpcore.limits import HIDDEN_LAYERS
from bpcore.optimisers import OptimiserSpec
from bpcore.recipe import Recipe
from bpcore.regularisation import Regularisation
from tutor.serving import shared
from tutor.serving.kept import KeptResult
from tutor.session import SessionState

BUILDER_PAGE: Final = "network-builder"  # its url_path: a link to it carries the recipe
NEW_LAYER: Final = (8, "tanh")  # what a hidden layer starts as when the stack grows

# --- the recipe's widgets -------------------------------------------------------------------
BUILDER_SOURCE: Final = "builder.source"  # "toy" (a set bpcore makes) or "own" (BUILDER_OWN)
SOURCES: Final = ("toy", "own")
BUILDER_DATASET: Final = "builder.dataset"
BUILDER_POINTS: Final = "builder.points"
BUILDER_NOISE: Final = "builder.noise"
BUILDER_TEST_SHARE: Final = "builder.test_share"
BUILDER_DATA_SEED: Final = "builder.data_seed"
BUILDER_LAYERS: Final = "builder.layers"
BUILDER_OUTPUT: Final = "builder.output"
BUILDER_LOSS: Final = "builder.loss"
BUILDER_ETA: Final = "builder.eta"
BUILDER_EPOCHS: Final = "builder.epochs"
BUILDER_BATCH: Final = "builder.batch"
BUILDER_SEED: Final = "builder.seed"
BUILDER_PROBLEM: Final = "builder.problem"  # "classes" (BUILDER_DATASET) or "regression"
PROBLEMS: Final = ("classes", "regression")
BUILDER_SURFACE: Final = "builder.surface"  # the regression set, when the problem is one
BUILDER_FEATURES: Final = "builder.features"  # the input features chosen (a list of names)
BUILDER_REGULARISATION: Final = "builder.regularisation"  # none, l1, l2
BUILDER_REG_RATE: Final = "builder.reg_rate"  # λ
BUILDER_OPTIMISER: Final = "builder.optimiser"  # sgd, momentum, rmsprop, adam
BUILDER_BETA1: Final = "builder.beta1"  # momentum's μ, Adam's β₁
BUILDER_BETA2: Final = "builder.beta2"  # RMSProp's ρ, Adam's β₂


def builder_layer_key(k: int, what: str) -> str:
    """Width ("width") or activation ("activation") widget of hidden layer k (0-based)."""
    return f"builder.{what}.{k}"


def builder_widgets(recipe: Recipe) -> dict[str, Any]:
    """Every builder widget's value that shows ``recipe`` (all possible hidden layers; those
    past the recipe's stack show a new layer)."""
    d, arch = recipe.data, recipe.arch
    regression = d.name in REGRESSION_SETS
    values: dict[str, Any] = {
        BUILDER_SOURCE: "toy" if recipe.points is None else "own",
        BUILDER_PROBLEM: "regression" if regression else "classes",
        BUILDER_DATASET: DataSpec().name if regression else d.name,
        BUILDER_SURFACE: d.name if regression else REGRESSION_SETS[0],
        BUILDER_FEATURES: list(arch.features),
        BUILDER_REGULARISATION: recipe.regularisation.kind,
        BUILDER_REG_RATE: recipe.regularisation.rate,
        BUILDER_OPTIMISER: recipe.optimiser.name, BUILDER_BETA1: recipe.optimiser.beta1,
        BUILDER_BETA2: recipe.optimiser.beta2,
        BUILDER_POINTS: d.n, BUILDER_NOISE: d.noise,
        BUILDER_TEST_SHARE: d.test_fraction, BUILDER_DATA_SEED: d.seed,
        BUILDER_LAYERS: len(arch.hidden), BUILDER_OUTPUT: arch.output, BUILDER_LOSS: arch.loss,
        BUILDER_ETA: recipe.eta, BUILDER_EPOCHS: recipe.epochs, BUILDER_BATCH: recipe.batch,
        BUILDER_SEED: recipe.seed}
    layers = list(zip(arch.hidden, arch.activations, strict=True))
    for k in range(HIDDEN_LAYERS.hi):
        width, activation = layers[k] if k < len(layers) else NEW_LAYER
        values[builder_layer_key(k, "width")] = width
        values[builder_layer_key(k, "activation")] = activation
    return values


# --- the learner's own points (not widgets) -----------------------------------------------
BUILDER_OWN: Final = "builder.own_points"  # userdata.Points in use when the source is "own"
BUILDER_DATA_REFUSAL: Final = "builder.data_refusal"  # CodedError | None: the last refused edit
BUILDER_ADD_CLASS: Final = "builder.add_class"  # kept widget: the class a click adds
BUILDER_UPLOAD: Final = "builder.upload"  # the CSV uploader (its file is read on change)
BUILDER_PLANE: Final = "builder.boundary"  # the boundary chart, clickable with own points

# --- what the output plot shows (kept widgets, not part of the recipe) ------------------------
BUILDER_DISCRETIZE: Final = "builder.discretize"  # the plane in class colours (or the sign)
BUILDER_SHOW_TEST: Final = "builder.show_test"  # the test points drawn (ringed)

# The widgets' defaults: the default Recipe (tutor.pages.defaults.PAGE_DEFAULTS includes them),
# the class a click adds and the output plot's two switches.
BUILDER_DEFAULTS: Final = MappingProxyType({**builder_widgets(Recipe()), BUILDER_ADD_CLASS: 0,
                                            BUILDER_DISCRETIZE: False,
                                            BUILDER_SHOW_TEST: True})


def builder_recipe(session_state: SessionState) -> Recipe:
    """The recipe the builder's widgets hold now (a default where a widget has no value)."""
    v = {key: session_state.get(key, default) for key, default in BUILDER_DEFAULTS.items()}
    layers = range(int(v[BUILDER_LAYERS]))
    points = own_points(session_state) if v[BUILDER_SOURCE] == "own" else None
    # The features in FEATURES' order, however they were toggled (none: refused by bpcore).
    chosen = tuple(name for name in feats.NAMES if name in (v[BUILDER_FEATURES] or ()))
    regression = v[BUILDER_PROBLEM] == "regression" and points is None  # own: classes
    name = v[BUILDER_SURFACE] if regression else v[BUILDER_DATASET]
    return Recipe(
        Architecture(tuple(int(v[builder_layer_key(k, "width")]) for k in layers),
                     tuple(v[builder_layer_key(k, "activation")] for k in layers),
                     v[BUILDER_OUTPUT], v[BUILDER_LOSS], chosen),
        DataSpec(name, int(v[BUILDER_POINTS]), float(v[BUILDER_NOISE]),
                 int(v[BUILDER_DATA_SEED]), float(v[BUILDER_TEST_SHARE])),
        float(v[BUILDER_ETA]), int(v[BUILDER_EPOCHS]), int(v[BUILDER_BATCH]),
        int(v[BUILDER_SEED]), points,
        OptimiserSpec(v[BUILDER_OPTIMISER], float(v[BUILDER_BETA1]), float(v[BUILDER_BETA2])),
        Regularisation(v[BUILDER_REGULARISATION], float(v[BUILDER_REG_RATE])))


def set_builder_recipe(session_state: SessionState, recipe: Recipe) -> None:
    """Show ``recipe`` in every builder widget (a lesson link does this before they are drawn);
    its own points, if it has them, become the points in use."""
    for key, value in builder_widgets(recipe).items():
        session_state[key] = value
    if recipe.points is not None:
        session_state[BUILDER_OWN] = recipe.points
        session_state[BUILDER_DATA_REFUSAL] = None


# --- editing the own points -----------------------------------------------------------------
def own_points(session_state: SessionState) -> userdata.Points:
    """The own points in use; the first time, a copy of the toy set the widgets show (every
    point, coordinates at 3 decimals), so there is something to edit."""
    points = session_state.get(BUILDER_OWN)
    if points is None:
        v = {key: session_state.get(key, BUILDER_DEFAULTS[key])
             for key in (BUILDER_DATASET, BUILDER_POINTS, BUILDER_NOISE, BUILDER_DATA_SEED)}
        X, y = toy(v[BUILDER_DATASET], int(v[BUILDER_POINTS]), float(v[BUILDER_NOISE]),
                   int(v[BUILDER_DATA_SEED]))
        points = userdata.make_points(np.round(X, userdata.LINK_DECIMALS), y)
        session_state[BUILDER_OWN] = points
    assert isinstance(points, userdata.Points)
    return points


def _change(session_state: SessionState, make: Any) -> None:
    """Make ``make()`` the own points in use, or keep them and the refusal (a CodedError)."""
    try:
        points = make()
    except CodedError as err:
        session_state[BUILDER_DATA_REFUSAL] = err
        return
    session_state[BUILDER_OWN] = points
    session_state[BUILDER_DATA_REFUSAL] = None


def upload_points(session_state: SessionState, data: bytes) -> None:
    """A CSV file's points become the ones in use, if userdata.parse_csv accepts them."""
    _change(session_state, lambda: userdata.parse_csv(data))


def clear_points(session_state: SessionState) -> None:
    """No own points at all: a plane to click a data set onto from scratch."""
    _change(session_state, lambda: userdata.EMPTY)


def click_points(session_state: SessionState, selection: Mapping[str, Any]) -> None:
    """A click on the plane (st.plotly_chart's selection state): a selected own point
    (customdata its index) is removed, a selected free position (customdata −1) gets a point
    of the class BUILDER_ADD_CLASS names. Past a limit nothing changes (the refusal is kept)."""
    chosen = selection.get("selection", {}).get("points", [])
    points = own_points(session_state)
    remove = sorted({_index(p) for p in chosen if 0 <= _index(p) < points.n}, reverse=True)
    add = [(float(p["x"]), float(p["y"])) for p in chosen if _index(p) == FREE]
    if not remove and not add:
        return
    cls = int(session_state.get(BUILDER_ADD_CLASS, 0))

    def edited() -> userdata.Points:
        result = points
        for k in remove:
            result = userdata.remove_point(result, k)
        for x1, x2 in add:
            result = userdata.add_point(result, round(x1, userdata.LINK_DECIMALS),
                                        round(x2, userdata.LINK_DECIMALS), cls)
        return result

    _change(session_state, edited)


FREE: Final = -1  # the customdata of a free position on the plane


def _index(point: Mapping[str, Any]) -> int:
    """The own point a selected chart point is (≥ 0), FREE for a free position, −2 for
    anything else."""
    data = point.get("customdata")
    if isinstance(data, list):
        data = data[0] if data else None
    return int(data) if isinstance(data, (int, float)) else -2


# --- the run, kept per session and shared by every session ----------------------------------
BUILDER_RESULT: Final = KeptResult("builder.result", shared.BUILDER_RUNS)  # Recipe → Run

# --- one batch under the microscope (not kept across pages) ---------------------------------
MICRO_WHEN: Final = "micro.when"
MICRO_BATCH: Final = "micro.batch"
MICRO_LAYER: Final = "micro.layer"

# --- watching it learn (not kept across pages) ----------------------------------------------
WATCH_EPOCH: Final = "builder.watch_epoch"  # the replay slider: the epoch drawn
WATCH_PLAYING: Final = "builder.watch_playing"  # True while Play moves the epoch on
WATCH_RUN: Final = "builder.watch_run"  # the recipe the epoch above belongs to
# Play on the recorded run, a batch of frames a rerun (tutor.builder.playbatch): the newest
# batch's number, its epochs, the epochs the browser may say it shows (that batch's and the
# one before), and the last epoch sent (None: Play pressed, nothing sent yet).
WATCH_SEQ: Final = "builder.watch_seq"
WATCH_BATCH: Final = "builder.watch_batch"
WATCH_SENT: Final = "builder.watch_sent"
WATCH_AHEAD: Final = "builder.watch_ahead"
WATCH_PLAYER: Final = "builder.watch_player"  # the player element (tutor.ui.player): its report
BUILDER_FOCUS: Final = "builder.focus"  # (column, unit) clicked in the network picture, or None
# The network stepped by batches or edited from a kept epoch: a bpcore Trainer of this
# session's own (a copy: the kept run never changes), or None while the recorded run is shown.
WATCH_LIVE: Final = "builder.watch_live"
# The own network's losses as it went on: ((epochs done, train loss, test loss), …) from the
# position it was made at (the loss curves draw them beside the recorded run's).
WATCH_LIVE_CURVE: Final = "builder.watch_live_curve"
WATCH_LIVE_UNTIL: Final = "builder.watch_live_until"  # the epoch Play on the own network stops at
# Play on the own network (tutor.builder.liveplay.LivePlay, frozen; None when not playing it):
# the trainer's state at each frame sent that the browser may show, the trainer at the newest
# frame (the next batch trains on from it), the epoch on screen and the newest batch sent.
WATCH_LIVE_PLAY: Final = "builder.watch_live_play"
BUILDER_LINK: Final = "builder.link"  # (layer 0-based, i, j) of the link clicked, or None


def link_field_key(layer: int, i: int, j: int) -> str:
    """The text field of the clicked link's weight; one per link, so what was typed (or
    refused) for one link is never shown for another."""
    return f"builder.link_weight.{layer}.{i}.{j}"


def micro_unit_key(what: str, layer: int, units: int) -> str:
    """The from-/to-unit choice of the followed weight; the key carries the layer and its
    size, so a choice never outlives the options it was made from."""
    return f"micro.{what}.{layer}.{units}"
