"""The network builder's session state: its widgets' keys, the Recipe they show, its kept run.

The builder's widgets are kept widgets (see tutor.state: PAGE_DEFAULTS and keep_widgets): each
widget's own key holds the value in use, so the recipe is read from the widgets
(``builder_recipe``) and a lesson link shows a recipe by setting them (``set_builder_recipe``)
before they are drawn. Every possible hidden layer has its two widgets' values kept, so a
layer removed and added again comes back as it was.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Any, Final

from bpcore.builder import Architecture, DataSpec
from bpcore.limits import HIDDEN_LAYERS
from bpcore.recipe import Recipe
from tutor import shared
from tutor.kept import KeptResult, SessionState

BUILDER_PAGE: Final = "network-builder"  # its url_path: a link to it carries the recipe
NEW_LAYER: Final = (8, "tanh")  # what a hidden layer starts as when the stack grows

# --- the recipe's widgets -------------------------------------------------------------------
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


def builder_layer_key(k: int, what: str) -> str:
    """Width ("width") or activation ("activation") widget of hidden layer k (0-based)."""
    return f"builder.{what}.{k}"


def builder_widgets(recipe: Recipe) -> dict[str, Any]:
    """Every builder widget's value that shows ``recipe`` (all possible hidden layers; those
    past the recipe's stack show a new layer)."""
    d, arch = recipe.data, recipe.arch
    values: dict[str, Any] = {
        BUILDER_DATASET: d.name, BUILDER_POINTS: d.n, BUILDER_NOISE: d.noise,
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


# The widgets' defaults: the default Recipe (tutor.state.PAGE_DEFAULTS includes them).
BUILDER_DEFAULTS: Final = MappingProxyType(builder_widgets(Recipe()))


def builder_recipe(session_state: SessionState) -> Recipe:
    """The recipe the builder's widgets hold now (a default where a widget has no value)."""
    v = {key: session_state.get(key, default) for key, default in BUILDER_DEFAULTS.items()}
    layers = range(int(v[BUILDER_LAYERS]))
    return Recipe(
        Architecture(tuple(int(v[builder_layer_key(k, "width")]) for k in layers),
                     tuple(v[builder_layer_key(k, "activation")] for k in layers),
                     v[BUILDER_OUTPUT], v[BUILDER_LOSS]),
        DataSpec(v[BUILDER_DATASET], int(v[BUILDER_POINTS]), float(v[BUILDER_NOISE]),
                 int(v[BUILDER_DATA_SEED]), float(v[BUILDER_TEST_SHARE])),
        float(v[BUILDER_ETA]), int(v[BUILDER_EPOCHS]), int(v[BUILDER_BATCH]),
        int(v[BUILDER_SEED]))


def set_builder_recipe(session_state: SessionState, recipe: Recipe) -> None:
    """Show ``recipe`` in every builder widget (a lesson link does this before they are drawn)."""
    for key, value in builder_widgets(recipe).items():
        session_state[key] = value


# --- the run, kept per session and shared by every session ----------------------------------
BUILDER_RESULT: Final = KeptResult("builder.result", shared.BUILDER_RUNS)  # Recipe → Run

# --- one batch under the microscope (not kept across pages) ---------------------------------
MICRO_WHEN: Final = "micro.when"
MICRO_BATCH: Final = "micro.batch"
MICRO_LAYER: Final = "micro.layer"


def micro_unit_key(what: str, layer: int, units: int) -> str:
    """The from-/to-unit choice of the followed weight; the key carries the layer and its
    size, so a choice never outlives the options it was made from."""
    return f"micro.{what}.{layer}.{units}"
