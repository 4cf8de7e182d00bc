"""The handwritten-digits page's two sources: the bundled 8×8 digits and MNIST from IDX files.

``bundled`` trains automatically (well under a second); ``mnist`` loads the user's files
(folder or upload, refusals explained beside the field) and trains on the Train button. Both
draw the same result through ``show_result``. All arithmetic is bpcore's.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any

import numpy as np
import streamlit as st

from bpcore import Network
from bpcore.data import load_digits, one_hot, split
from bpcore.limits import BATCH, DIGITS_EPOCHS, MNIST_HIDDEN, SEED, SGD_ETA, UCI_HIDDEN, Range
from bpcore.mnist import (
    IdxError,
    Mnist,
    load_mnist_folder,
    load_mnist_uploads,
    mnist_folder_signature,
)
from bpcore.sgd import (
    MAX_STEPS,
    Curves,
    confusion,
    misclassified,
    output_delta_of,
    sgd,
    steps_needed,
)
from tutor import state
from tutor.digits_charts import confusion_figure, curves_figure, mosaic_figure, outputs_figure
from tutor.i18n import t
from tutor.plot import show_figure

MAX_WEIGHT_IMAGES = 64  # hidden units drawn as images: more is unreadable on a projector
USER_TEXT = ("file", "files", "folder", "root")  # paths and names: shown as plain text
# MNIST folders are read only inside this root, so a visitor cannot probe the whole disk.
DATA_ROOT_ENV = "BPTUTOR_DATA_ROOT"
UCI_KEYS = state.UCI_KEYS
MNIST_KEYS = state.MNIST_KEYS


def plain(text: str) -> str:
    """User text (a file name) escaped so that Markdown shows it as it is."""
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|<>~$])", r"\\\1", text)


def refusal_text(err: IdxError, lang: str) -> str:
    """Why a file or folder was refused, in the reader's language, naming the file."""
    params = {k: plain(str(v)) if k in USER_TEXT else v for k, v in err.params.items()}
    reason = t(f"mnist.reason.{err.code}", lang, **params)
    if "file" in params:
        reason = t("mnist.refused", lang, file=params["file"], reason=reason)
    kept = state.MNIST_DATA in st.session_state
    return t("mnist.kept" if kept else "mnist.not_loaded", lang, reason=reason)


def settings_row(keys: tuple[str, str, str, str, str], hidden_range: Range[int],
                 lang: str) -> tuple[int, float, int, int, int]:
    """Hidden units, η, epochs, batch and seed inputs in one row; their defaults are
    state.PAGE_DEFAULTS (kept across pages, so no value= here)."""
    cols = st.columns(5)
    hidden = cols[0].number_input(t("digits.hidden", lang), *hidden_range.bounds, key=keys[0])
    eta = cols[1].number_input(t("field.eta", lang), *SGD_ETA.bounds, step=0.05, format="%.3f",
                               key=keys[1])
    epochs = cols[2].number_input(t("digits.epochs", lang), *DIGITS_EPOCHS.bounds, key=keys[2])
    batch = cols[3].number_input(t("digits.batch", lang), *BATCH.bounds, key=keys[3])
    seed = cols[4].number_input(t("digits.seed", lang), *SEED.bounds, key=keys[4])
    return int(hidden), float(eta), int(epochs), int(batch), int(seed)


def too_many_steps(samples: int, epochs: int, batch: int, lang: str) -> bool:
    """Say so (and return True) when the run would exceed bpcore's update budget."""
    steps = steps_needed(samples, epochs, batch)
    if steps <= MAX_STEPS:
        return False
    st.error(t("digits.too_many_steps", lang, epochs=epochs, batches=steps // epochs,
               steps=steps, limit=MAX_STEPS))
    return True


def train(data: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray], hidden: int, eta: float,
          epochs: int, batch: int, seed: int, scale: float | None, lang: str
          ) -> tuple[Network, Curves]:
    """A fresh n_in-hidden-10 relu/softmax network trained by bpcore.sgd with a progress bar."""
    X_train, y_train, X_test, y_test = data
    network = Network.random((X_train.shape[1], hidden, 10), ("relu", "softmax"),
                             "cross_entropy", seed=seed, scale=scale)
    bar = st.progress(0.0, text=t("digits.training", lang))
    curves = sgd(network, X_train, one_hot(y_train, 10), X_test, one_hot(y_test, 10), eta,
                 epochs, batch, seed,
                 progress=lambda f: bar.progress(f, text=t("digits.training", lang)))
    bar.empty()
    return network, curves


def show_result(network: Network, curves: Curves, X_test: np.ndarray, y_test: np.ndarray,
                shape: tuple[int, int], eta: float, pick_key: str, lang: str) -> None:
    """Curves, confusion matrix, mistakes, weights and one image; or why training diverged."""
    if curves.diverged_at is not None:
        st.error(t("digits.diverged", lang, epoch=curves.diverged_at, eta=f"{eta:g}"))
        if len(curves.train_loss) > 1:  # the epochs before it are finite: show them
            show_figure(curves_figure(curves, lang), "digits.curves")
        return
    rows, cols = shape
    st.metric(t("digits.test_accuracy", lang, n=len(y_test)),
              f"{100 * curves.test_accuracy[-1]:.1f} %")
    show_figure(curves_figure(curves, lang), "digits.curves")
    left, right = st.columns(2)
    with left:
        show_figure(confusion_figure(confusion(network, X_test, y_test, 10), lang),
                    "digits.confusion")
    with right:
        wrong, predicted = misclassified(network, X_test, y_test)
        shown = wrong[:24]
        captions = [f"{y_test[i]}→{p}" for i, p in zip(shown, predicted, strict=False)]
        if len(shown):
            show_figure(mosaic_figure(X_test[shown].reshape(-1, rows, cols), captions,
                                      t("digits.wrong_title", lang, n=len(wrong)), 6),
                        "digits.wrong")
        else:
            st.success(t("digits.none_wrong", lang))
    units = network.weights[0].shape[1]
    weights = network.weights[0].T[:MAX_WEIGHT_IMAGES].reshape(-1, rows, cols)
    title = (t("digits.weights_title", lang, rows=rows, cols=cols) if units == len(weights)
             else t("digits.weights_some", lang, shown=len(weights), n=units, rows=rows,
                    cols=cols))
    show_figure(mosaic_figure(weights, [str(k + 1) for k in range(len(weights))], title, 16,
                              diverging=True), "digits.weights")
    st.subheader(t("digits.one_title", lang))
    index = (st.slider(t("digits.pick", lang), 0, len(y_test) - 1, 0, key=pick_key)
             if len(y_test) > 1 else 0)  # a slider needs two ends
    image, bars = st.columns([1, 3])
    with image:
        show_figure(mosaic_figure(X_test[[index]].reshape(-1, rows, cols), [str(y_test[index])],
                                  t("digits.image", lang), 1, image_height=220),
                    "digits.image")
    with bars:
        probabilities, delta = output_delta_of(network, X_test[index], int(y_test[index]), 10)
        show_figure(outputs_figure(probabilities, delta, int(y_test[index]), lang),
                    "digits.outputs")


def bundled(lang: str) -> None:
    """The 1,797 UCI digits: trained automatically (well under a second), kept until a change."""
    settings = settings_row(UCI_KEYS, UCI_HIDDEN, lang)
    hidden, eta, epochs, batch, seed = settings
    X, y = load_digits()
    data = split(X, y, 0.2, seed=seed)
    if too_many_steps(len(data[0]), epochs, batch, lang):
        return
    kept = st.session_state.get(state.DIGITS_RESULT)
    if kept is None or kept[0] != settings:
        network, curves = train(data, hidden, eta, epochs, batch, seed, None, lang)
        st.session_state[state.DIGITS_RESULT] = (settings, (network, curves, data[2], data[3]))
    network, curves, X_test, y_test = st.session_state[state.DIGITS_RESULT][1]
    show_result(network, curves, X_test, y_test, (8, 8), eta, state.DIGITS_PICK, lang)


def try_load(field: str, key: Hashable | None, load: Callable[[], Mnist], lang: str) -> None:
    """Load MNIST once per new source key; on success it becomes the data in use.

    A refusal is kept for the field to show; the last data that loaded stays in use.
    """
    attempts: dict[str, Any] = st.session_state.setdefault(state.MNIST_ATTEMPTS, {})
    if key is None or (field in attempts and attempts[field][0] == key):
        return
    try:
        with st.spinner(t("mnist.loading", lang)):
            data = load()
    except IdxError as err:
        attempts[field] = (key, err)
        return
    attempts[field] = (key, None)
    st.session_state[state.MNIST_DATA] = (key, data)


def field_error(field: str, lang: str) -> None:
    """The translated reason the field's last source was refused, if it was."""
    attempt = st.session_state.get(state.MNIST_ATTEMPTS, {}).get(field)
    if attempt is not None and attempt[1] is not None:
        st.error(refusal_text(attempt[1], lang))


def mnist(lang: str) -> None:
    """MNIST from a server folder or uploads; the seed's recipe, trained on the Train button."""
    st.caption(t("mnist.about", lang))
    left, right = st.columns(2)
    with left:
        folder = st.text_input(t("mnist.folder", lang), key=state.MNIST_FOLDER,
                               help=t("mnist.folder_help", lang)).strip()
        folder_key = ("folder", folder, mnist_folder_signature(folder)) if folder else None
        root = Path(os.environ.get(DATA_ROOT_ENV) or Path.home())
        try_load("folder", folder_key, lambda: load_mnist_folder(folder, root=root), lang)
        field_error("folder", lang)
    with right:
        uploads = st.file_uploader(t("mnist.upload", lang), accept_multiple_files=True,
                                   key=state.MNIST_UPLOAD)
        upload_key = (("upload", tuple((f.file_id, f.name, f.size) for f in uploads))
                      if uploads else None)
        try_load("upload", upload_key,
                 lambda: load_mnist_uploads([(f.name, f.getvalue()) for f in uploads or ()]),
                 lang)
        field_error("upload", lang)
    loaded = st.session_state.get(state.MNIST_DATA)
    if loaded is None:
        st.info(t("mnist.need_data", lang))
        return
    source_key, data = loaded
    rows, cols = data.shape
    source = t("mnist.from_folder" if source_key[0] == "folder" else "mnist.from_upload", lang)
    st.caption(t("mnist.loaded", lang, train=len(data.y_train), test=len(data.y_test),
                 rows=rows, cols=cols, source=source))
    hidden, eta, epochs, batch, seed = settings_row(MNIST_KEYS, MNIST_HIDDEN, lang)
    settings = (source_key, hidden, eta, epochs, batch, seed)
    if too_many_steps(len(data.y_train), epochs, batch, lang):
        return
    if st.button(t("mnist.train", lang), type="primary", key=state.MNIST_TRAIN):
        arrays = (data.X_train, data.y_train, data.X_test, data.y_test)
        st.session_state[state.MNIST_RESULT] = (
            settings, train(arrays, hidden, eta, epochs, batch, seed, 0.01, lang))
    kept = st.session_state.get(state.MNIST_RESULT)
    if kept is None:
        st.info(t("mnist.press_train", lang))
    elif kept[0] != settings:
        st.info(t("mnist.stale", lang))
    else:
        network, curves = kept[1]
        show_result(network, curves, data.X_test, data.y_test, data.shape, eta,
                    state.MNIST_PICK, lang)
