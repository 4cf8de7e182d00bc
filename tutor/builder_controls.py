"""The network builder's controls: data, layers and training, with a message slot per field."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import streamlit as st

from bpcore import ACTIVATIONS, LOSSES
from bpcore.builder import MAX_HIDDEN_LAYERS, MAX_WIDTH, Architecture, BuilderError, DataSpec
from bpcore.data import TOY_SETS
from tutor import state
from tutor.i18n import t

HIDDEN_CHOICES = tuple(name for name, act in ACTIVATIONS.items() if act.elementwise)


@dataclass(frozen=True)
class Settings:
    """Every choice that decides a run; equal settings give the same run."""

    arch: Architecture
    data: DataSpec
    eta: float
    epochs: int
    batch: int
    seed: int


# Two tanh layers of 8 separate the moons smoothly at this rate and batch (98 % on test).
DEFAULT = Settings(Architecture(), DataSpec(), eta=0.1, epochs=200, batch=32, seed=0)


def loss_label(loss: str, lang: str) -> str:
    """The loss's name in the reader's language."""
    return t(f"builder.loss.{loss}", lang)


def _layers(lang: str) -> tuple[tuple[int, ...], tuple[str, ...]]:
    count = st.number_input(t("builder.layers", lang), 0, MAX_HIDDEN_LAYERS,
                            len(DEFAULT.arch.hidden), key=state.BUILDER_LAYERS)
    widths, acts = [], []
    for k in range(int(count)):
        left, right = st.columns(2)
        widths.append(int(left.number_input(
            t("builder.width", lang, k=k + 1), 1, MAX_WIDTH, 8,
            key=state.builder_layer_key(k, "width"))))
        acts.append(right.selectbox(
            t("builder.activation", lang, k=k + 1), HIDDEN_CHOICES,
            index=HIDDEN_CHOICES.index("tanh"), key=state.builder_layer_key(k, "activation")))
    return tuple(widths), tuple(acts)


def builder_controls(lang: str) -> tuple[Settings, dict[str, Any]]:
    """Draw the three columns of controls; return the settings and, per field, an empty slot
    right under it where a rejection of that field is explained."""
    data_col, net_col, train_col = st.columns(3, gap="large")
    slots: dict[str, Any] = {}
    with data_col:
        st.subheader(t("builder.data", lang))
        name = st.selectbox(t("builder.dataset", lang), TOY_SETS, index=TOY_SETS.index("moons"),
                            format_func=lambda s: t(f"dataset.{s}", lang),
                            key=state.BUILDER_DATASET)
        points = st.slider(t("builder.points", lang), 20, 1000, 200, 10,
                           key=state.BUILDER_POINTS)
        noise = st.slider(t("builder.noise", lang), 0.0, 0.5, 0.1, 0.01,
                          key=state.BUILDER_NOISE)
        share = st.slider(t("builder.test_share", lang), 0.1, 0.5, 0.25, 0.05,
                          key=state.BUILDER_TEST_SHARE)
        data_seed = st.number_input(t("builder.data_seed", lang), 0, 2**31 - 1, 0,
                                    key=state.BUILDER_DATA_SEED)
        slots["data"] = st.empty()
    with net_col:
        st.subheader(t("builder.network", lang))
        widths, acts = _layers(lang)
        outputs = tuple(ACTIVATIONS)
        output = st.selectbox(t("builder.output", lang), outputs,
                              index=outputs.index("softmax"), key=state.BUILDER_OUTPUT)
        losses = tuple(LOSSES)
        loss = st.selectbox(t("builder.loss", lang), losses,
                            index=losses.index("cross_entropy"),
                            format_func=lambda s: loss_label(s, lang), key=state.BUILDER_LOSS)
        slots["loss"] = st.empty()
    with train_col:
        st.subheader(t("builder.training", lang))
        eta = st.number_input(t("field.eta", lang), 0.0001, 10.0, DEFAULT.eta, 0.05,
                              format="%.4f", key=state.BUILDER_ETA)
        epochs = st.number_input(t("builder.epochs", lang), 1, 5000, DEFAULT.epochs,
                                 key=state.BUILDER_EPOCHS)
        slots["epochs"] = st.empty()
        batch = st.number_input(t("builder.batch", lang), 1, 1000, DEFAULT.batch,
                                key=state.BUILDER_BATCH)
        seed = st.number_input(t("builder.seed", lang), 0, 2**31 - 1, DEFAULT.seed,
                               key=state.BUILDER_SEED)
    settings = Settings(Architecture(widths, acts, output, loss),
                        DataSpec(name, int(points), float(noise), int(data_seed), float(share)),
                        float(eta), int(epochs), int(batch), int(seed))
    return settings, slots


def reason(err: BuilderError, lang: str) -> str:
    """Why a choice was rejected, in the reader's language."""
    if err.code == "pairing":
        return t("builder.reason.pairing", lang, loss=loss_label(err.params["loss"], lang),
                 output=err.params["output"])
    if err.code == "steps":
        return t("builder.reason.steps", lang, **err.params)
    # Only reachable outside the widgets' bounds; bpcore's own words, still translated around.
    return t("builder.reason.other", lang, message=str(err))
