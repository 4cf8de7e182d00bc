"""The network builder's controls: data, layers and training, with a message slot per field.

The widgets are kept widgets (tutor.builder_state): each one's key holds its value across
pages, a lesson link sets them, and the recipe in use is read from them. The numbers are
typed fields (tutor.fields): a number outside its range, or no number, is refused beside the
field and the recipe keeps its last valid value.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from bpcore import ACTIVATIONS, LOSSES
from bpcore.data import TOY_SETS
from bpcore.limits import BATCH, HIDDEN_LAYERS, NOISE, POINTS, TEST_SHARE, WIDTH
from bpcore.limits import BUILDER_EPOCHS as EPOCHS
from bpcore.limits import SEED as SEEDS
from bpcore.limits import SGD_ETA as ETA
from bpcore.recipe import Recipe
from tutor import builder_state as state  # this page's part of the session state
from tutor.fields import kept_number
from tutor.i18n import t

HIDDEN_CHOICES = tuple(name for name, act in ACTIVATIONS.items() if act.elementwise)


def loss_label(loss: str, lang: str) -> str:
    """The loss's name in the reader's language."""
    return t(f"builder.loss.{loss}", lang)


def _number(label: str, key: str, bounds: tuple[float, float], lang: str, *,
            integer: bool = True, **where: Any) -> Any:
    """A typed builder number kept under ``key`` (part of the recipe)."""
    return kept_number(label, key, *bounds, lang=lang, integer=integer, **where)


def _layers(lang: str) -> None:
    count = _number(t("builder.layers", lang), state.BUILDER_LAYERS, HIDDEN_LAYERS.bounds,
                    lang)
    for k in range(int(count)):
        left, right = st.columns(2)
        below = st.container()
        _number(t("builder.width", lang, k=k + 1), state.builder_layer_key(k, "width"),
                WIDTH.bounds,
                lang, where=left, message_where=below)
        right.selectbox(t("builder.activation", lang, k=k + 1), HIDDEN_CHOICES,
                        key=state.builder_layer_key(k, "activation"))


def builder_controls(lang: str) -> tuple[Recipe, dict[str, Any]]:
    """Draw the three columns of controls; return the recipe they show and, per field, an
    empty slot right under it where a rejection of that field is explained."""
    data_col, net_col, train_col = st.columns(3, gap="large")
    slots: dict[str, Any] = {}
    with data_col:
        st.subheader(t("builder.data", lang))
        st.selectbox(t("builder.dataset", lang), TOY_SETS, key=state.BUILDER_DATASET,
                     format_func=lambda s: t(f"dataset.{s}", lang))
        st.slider(t("builder.points", lang), *POINTS.bounds, step=10, key=state.BUILDER_POINTS)
        st.slider(t("builder.noise", lang), *NOISE.bounds, step=0.01, key=state.BUILDER_NOISE)
        st.slider(t("builder.test_share", lang), *TEST_SHARE.bounds, step=0.05,
                  key=state.BUILDER_TEST_SHARE)
        _number(t("builder.data_seed", lang), state.BUILDER_DATA_SEED, SEEDS.bounds, lang)
        slots["data"] = st.empty()
    with net_col:
        st.subheader(t("builder.network", lang))
        _layers(lang)
        st.selectbox(t("builder.output", lang), tuple(ACTIVATIONS), key=state.BUILDER_OUTPUT)
        st.selectbox(t("builder.loss", lang), tuple(LOSSES), key=state.BUILDER_LOSS,
                     format_func=lambda s: loss_label(s, lang))
        slots["loss"] = st.empty()
    with train_col:
        st.subheader(t("builder.training", lang))
        _number(t("field.eta", lang), state.BUILDER_ETA, ETA.bounds, lang, integer=False)
        _number(t("builder.epochs", lang), state.BUILDER_EPOCHS, EPOCHS.bounds, lang)
        slots["epochs"] = st.empty()
        _number(t("builder.batch", lang), state.BUILDER_BATCH, BATCH.bounds, lang)
        _number(t("builder.seed", lang), state.BUILDER_SEED, SEEDS.bounds, lang)
    return state.builder_recipe(st.session_state), slots
