"""The network builder's controls: data, layers and training, with a message slot per field.

The widgets show the session's canonical Recipe (tutor.state keeps it across pages, and a
lesson link sets it); every widget's on_change copies an edit back into it.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Any

import streamlit as st

from bpcore import ACTIVATIONS, LOSSES
from bpcore.builder import BuilderError
from bpcore.data import TOY_SETS
from bpcore.limits import BATCH, HIDDEN_LAYERS, NOISE, POINTS, TEST_SHARE, WIDTH
from bpcore.limits import BUILDER_EPOCHS as EPOCHS
from bpcore.limits import SEED as SEEDS
from bpcore.limits import SGD_ETA as ETA
from bpcore.recipe import Recipe
from tutor import state
from tutor.i18n import t

# Every widget's on_change: the edit becomes the canonical recipe before the page runs.
# st.session_state is Streamlit's per-session proxy: this read-only mapping holds no user data.
SYNC = MappingProxyType({"on_change": state.sync_builder, "args": (st.session_state,)})
HIDDEN_CHOICES = tuple(name for name, act in ACTIVATIONS.items() if act.elementwise)


def loss_label(loss: str, lang: str) -> str:
    """The loss's name in the reader's language."""
    return t(f"builder.loss.{loss}", lang)


def _layers(lang: str) -> None:
    count = st.number_input(t("builder.layers", lang), *HIDDEN_LAYERS.bounds,
                            key=state.BUILDER_LAYERS, **SYNC)
    for k in range(int(count)):
        left, right = st.columns(2)
        left.number_input(t("builder.width", lang, k=k + 1), *WIDTH.bounds,
                          key=state.builder_layer_key(k, "width"), **SYNC)
        right.selectbox(t("builder.activation", lang, k=k + 1), HIDDEN_CHOICES,
                        key=state.builder_layer_key(k, "activation"), **SYNC)


def builder_controls(lang: str) -> tuple[Recipe, dict[str, Any]]:
    """Draw the three columns of controls; return the recipe they show and, per field, an
    empty slot right under it where a rejection of that field is explained."""
    state.show_builder_recipe(st.session_state)
    data_col, net_col, train_col = st.columns(3, gap="large")
    slots: dict[str, Any] = {}
    with data_col:
        st.subheader(t("builder.data", lang))
        st.selectbox(t("builder.dataset", lang), TOY_SETS, key=state.BUILDER_DATASET,
                     format_func=lambda s: t(f"dataset.{s}", lang), **SYNC)
        st.slider(t("builder.points", lang), *POINTS.bounds, step=10, key=state.BUILDER_POINTS,
                  **SYNC)
        st.slider(t("builder.noise", lang), *NOISE.bounds, step=0.01, key=state.BUILDER_NOISE,
                  **SYNC)
        st.slider(t("builder.test_share", lang), *TEST_SHARE.bounds, step=0.05,
                  key=state.BUILDER_TEST_SHARE, **SYNC)
        st.number_input(t("builder.data_seed", lang), *SEEDS.bounds, key=state.BUILDER_DATA_SEED,
                        **SYNC)
        slots["data"] = st.empty()
    with net_col:
        st.subheader(t("builder.network", lang))
        _layers(lang)
        st.selectbox(t("builder.output", lang), tuple(ACTIVATIONS), key=state.BUILDER_OUTPUT,
                     **SYNC)
        st.selectbox(t("builder.loss", lang), tuple(LOSSES), key=state.BUILDER_LOSS,
                     format_func=lambda s: loss_label(s, lang), **SYNC)
        slots["loss"] = st.empty()
    with train_col:
        st.subheader(t("builder.training", lang))
        st.number_input(t("field.eta", lang), *ETA.bounds, step=0.05, format="%.4f",
                        key=state.BUILDER_ETA, **SYNC)
        st.number_input(t("builder.epochs", lang), *EPOCHS.bounds, key=state.BUILDER_EPOCHS, **SYNC)
        slots["epochs"] = st.empty()
        st.number_input(t("builder.batch", lang), *BATCH.bounds, key=state.BUILDER_BATCH, **SYNC)
        st.number_input(t("builder.seed", lang), *SEEDS.bounds, key=state.BUILDER_SEED, **SYNC)
    return st.session_state.get(state.BUILDER_RECIPE, Recipe()), slots


def reason(err: BuilderError, lang: str) -> str:
    """Why a choice was rejected, in the reader's language."""
    if err.code == "pairing":
        return t(f"builder.reason.pairing.{err.params['loss']}", lang,
                 output=err.params["output"])
    if err.code == "slow":
        return t("builder.reason.slow", lang, **err.params)
    # Only reachable outside the widgets' bounds; bpcore's own words, still translated around.
    return t("builder.reason.other", lang, message=str(err))
