"""The network builder's controls: data, layers and training, with a message slot per field.

The widgets are kept widgets (tutor.builder_state): each one's key holds its value across
pages, a lesson link sets them, and the recipe in use is read from them.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from bpcore import ACTIVATIONS, LOSSES
from bpcore.builder import MAX_HIDDEN_LAYERS, BuilderError
from bpcore.data import TOY_SETS
from bpcore.recipe import BATCH, EPOCHS, ETA, NOISE, POINTS, SEEDS, TEST_SHARE, WIDTH, Recipe
from tutor import builder_state as state  # this page's part of the session state
from tutor.i18n import t

HIDDEN_CHOICES = tuple(name for name, act in ACTIVATIONS.items() if act.elementwise)


def loss_label(loss: str, lang: str) -> str:
    """The loss's name in the reader's language."""
    return t(f"builder.loss.{loss}", lang)


def _layers(lang: str) -> None:
    count = st.number_input(t("builder.layers", lang), 0, MAX_HIDDEN_LAYERS,
                            key=state.BUILDER_LAYERS)
    for k in range(int(count)):
        left, right = st.columns(2)
        left.number_input(t("builder.width", lang, k=k + 1), *WIDTH,
                          key=state.builder_layer_key(k, "width"))
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
        st.slider(t("builder.points", lang), *POINTS, step=10, key=state.BUILDER_POINTS)
        st.slider(t("builder.noise", lang), *NOISE, step=0.01, key=state.BUILDER_NOISE)
        st.slider(t("builder.test_share", lang), *TEST_SHARE, step=0.05,
                  key=state.BUILDER_TEST_SHARE)
        st.number_input(t("builder.data_seed", lang), *SEEDS, key=state.BUILDER_DATA_SEED)
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
        st.number_input(t("field.eta", lang), *ETA, step=0.05, format="%.4f",
                        key=state.BUILDER_ETA)
        st.number_input(t("builder.epochs", lang), *EPOCHS, key=state.BUILDER_EPOCHS)
        slots["epochs"] = st.empty()
        st.number_input(t("builder.batch", lang), *BATCH, key=state.BUILDER_BATCH)
        st.number_input(t("builder.seed", lang), *SEEDS, key=state.BUILDER_SEED)
    return state.builder_recipe(st.session_state), slots


def reason(err: BuilderError, lang: str) -> str:
    """Why a choice was rejected, in the reader's language."""
    if err.code == "pairing":
        return t(f"builder.reason.pairing.{err.params['loss']}", lang,
                 output=err.params["output"])
    if err.code == "slow":
        return t("builder.reason.slow", lang, **err.params)
    # Only reachable outside the widgets' bounds; bpcore's own words, still translated around.
    return t("builder.reason.other", lang, message=str(err))
