"""The handwritten-digits page's three sources: the bundled 8×8 digits, the bundled MNIST
subset and MNIST from the user's IDX files.

``bundled`` and ``subset`` train automatically (well under a second, and about half a second
for the subset's 20 epochs); ``mnist`` loads the user's files (folder or upload, refusals
explained beside the field) and trains on the Train button. All draw the same result through
``show_result``, then ``draw_panel`` (a digit drawn by hand through the trained network) and
``code_panel`` (seed 004's training step as code, and the lesson as a notebook or script).
All arithmetic is bpcore's.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any

import numpy as np
import streamlit as st

from bpcore import Network
from bpcore.drawing import MAX_SIDE, drawn_digit
from bpcore.errors import CodedError
from bpcore.limits import (
    BATCH,
    DIGITS_EPOCHS,
    MNIST_HIDDEN,
    PATH_CHARS,
    SEED,
    SGD_ETA,
    UCI_HIDDEN,
    Range,
)
from bpcore.mnist import SUBSET_SIZES, IdxError, mnist_folder_signature
from bpcore.program_digits import DigitsRecipe, program_digits
from bpcore.reports import best_epoch, confusion, forward_view, misclassified, output_delta_of
from bpcore.sgd import MAX_STEPS, Curves, steps_needed
from tutor.digits import state as digits_state
from tutor.figures.digits import (
    MISTAKE_COLUMNS,
    MISTAKES_SHOWN,
    WEIGHT_COLUMNS,
    WEIGHT_IMAGE_PX,
    accuracy_figure,
    confusion_figure,
    curves_figure,
    hidden_figure,
    mosaic_figure,
    outputs_figure,
    top_units,
)
from tutor.i18n import t
from tutor.lesson import state as lesson_state
from tutor.lesson.notebook import NOTEBOOK_MIME, SCRIPT_MIME, notebook_bytes, script_text
from tutor.serving import jobs, shared, uploads
from tutor.serving.busy import REFUSALS, pool_refusal
from tutor.serving.kept import exact_key
from tutor.ui.choices import choice_widget
from tutor.ui.fields import kept_number
from tutor.ui.panel import opened_panel
from tutor.ui.plot import show_figure
from tutor.ui.progress import bar, spinner
from tutor.ui.reasons import reason

MAX_WEIGHT_IMAGES = 64  # hidden units drawn as images: more is unreadable on a projector
# MNIST folders are read only inside this root, so a visitor cannot probe the whole disk.
DATA_ROOT_ENV = "BPTUTOR_DATA_ROOT"
UCI_KEYS = digits_state.UCI_KEYS
MNIST_KEYS = digits_state.MNIST_KEYS


def refusal_text(err: IdxError, lang: str) -> str:
    """Why a file or folder was refused (tutor.ui.reasons), and whether earlier data is kept."""
    kept = digits_state.MNIST_DATA.get(st.session_state) is not None
    return t("mnist.kept" if kept else "mnist.not_loaded", lang, reason=reason(err, lang))


def settings_row(keys: tuple[str, str, str, str, str], hidden_range: Range[int],
                 lang: str) -> tuple[int, float, int, int, int]:
    """Hidden units, η, epochs, batch and seed as typed fields in one row, a refusal of any
    said under the row; their defaults are page_defaults.PAGE_DEFAULTS (kept across pages)."""
    cols = st.columns(5)
    below = st.container()
    fields: tuple[tuple[str, Range[Any], bool], ...] = (
        ("digits.hidden", hidden_range, True), ("field.eta", SGD_ETA, False),
              ("digits.epochs", DIGITS_EPOCHS, True), ("digits.batch", BATCH, True),
              ("digits.seed", SEED, True))
    hidden, eta, epochs, batch, seed = (
        kept_number(t(label, lang), key, *bounds.bounds, lang=lang, integer=integer,
                    where=col, message_where=below)
        for (label, bounds, integer), key, col in zip(fields, keys, cols, strict=True))
    return int(hidden), float(eta), int(epochs), int(batch), int(seed)


def too_many_steps(samples: int, epochs: int, batch: int, lang: str) -> bool:
    """Say so (and return True) when the run would exceed bpcore's update budget."""
    steps = steps_needed(samples, epochs, batch)
    if steps <= MAX_STEPS:
        return False
    st.error(t("digits.too_many_steps", lang, epochs=epochs, batches=steps // epochs,
               steps=steps, limit=MAX_STEPS))
    return True


def over_budget(n_in: int, samples: int, test_samples: int, settings: tuple[int, float, int,
                int, int], itemsize: int, max_seconds: float, lang: str) -> bool:
    """Say why (and return True) when the run's estimated time or memory is over its budget
    (tutor.serving.jobs.digits_cost, bpcore.cost): refused before it is sent to a worker."""
    try:
        jobs.digits_cost(n_in, samples, test_samples, settings, itemsize, max_seconds)
    except CodedError as err:
        st.error(reason(err, lang))
        return True
    return False


def show_result(network: Network, curves: Curves, X_test: np.ndarray, y_test: np.ndarray,
                shape: tuple[int, int], eta: float, pick_key: str, lang: str) -> None:
    """Curves, confusion matrix, mistakes, weights and one image; or why training diverged."""
    if curves.diverged_at is not None:
        st.error(t("digits.diverged", lang, epoch=curves.diverged_at, eta=f"{eta:g}"))
        if len(curves.train_loss) > 1:  # the epochs before it are finite: show them
            show_figure(curves_figure(curves, lang), "digits.curves", table=True)
        return
    rows, cols = shape
    st.metric(t("digits.test_accuracy", lang, n=len(y_test)),
              f"{100 * curves.test_accuracy[-1]:.1f} %")
    show_figure(curves_figure(curves, lang), "digits.curves", table=True)
    left, right = st.columns(2)
    with left:
        show_figure(confusion_figure(confusion(network, X_test, y_test, 10), lang),
                    "digits.confusion")
    with right:
        wrong, predicted = misclassified(network, X_test, y_test)
        shown = wrong[:MISTAKES_SHOWN]
        captions = [f"{y_test[i]}→{p}" for i, p in zip(shown, predicted, strict=False)]
        title = (t("digits.wrong_title", lang, n=len(wrong)) if len(shown) == len(wrong)
                 else t("digits.wrong_some", lang, n=len(wrong), shown=len(shown)))
        if len(shown):
            show_figure(mosaic_figure(X_test[shown].reshape(-1, rows, cols), captions, title,
                                      MISTAKE_COLUMNS, lang=lang), "digits.wrong")
        else:
            st.success(t("digits.none_wrong", lang))
    units = network.weights[0].shape[1]
    weights = network.weights[0].T[:MAX_WEIGHT_IMAGES].reshape(-1, rows, cols)
    title = (t("digits.weights_title", lang, rows=rows, cols=cols) if units == len(weights)
             else t("digits.weights_some", lang, shown=len(weights), n=units, rows=rows,
                    cols=cols))
    show_figure(mosaic_figure(weights, [str(k + 1) for k in range(len(weights))], title,
                              WEIGHT_COLUMNS, diverging=True, image_height=WEIGHT_IMAGE_PX,
                              lang=lang),
                "digits.weights")
    st.subheader(t("digits.one_title", lang))
    index = (st.slider(t("digits.pick", lang), 0, len(y_test) - 1, 0, key=pick_key)
             if len(y_test) > 1 else 0)  # a slider needs two ends
    image, bars = st.columns([1, 3])
    with image:
        show_figure(mosaic_figure(X_test[[index]].reshape(-1, rows, cols), [str(y_test[index])],
                                  t("digits.image", lang), 1, image_height=220, lang=lang),
                    "digits.image")
    with bars:
        probabilities, delta = output_delta_of(network, X_test[index], int(y_test[index]), 10)
        show_figure(outputs_figure(probabilities, delta, int(y_test[index]), lang),
                    "digits.outputs")


def bundled(lang: str) -> None:
    """The 1,797 UCI digits: trained automatically (well under a second), kept until a change."""
    settings = settings_row(UCI_KEYS, UCI_HIDDEN, lang)
    _, eta, epochs, batch, seed = settings
    X_train, _, X_test, _ = shared.uci_digits(seed)
    if (too_many_steps(len(X_train), epochs, batch, lang)
            or over_budget(X_train.shape[1], len(X_train), len(X_test), settings,
                           X_train.dtype.itemsize, jobs.AUTO_SECONDS, lang)):
        return
    with st.container():  # the bar comes and goes inside: what follows keeps its place
        outcome = digits_state.DIGITS_RESULT.keep(st.session_state, settings,
                                           bar(t("digits.training", lang), lang),
                                           refusals=REFUSALS)
    pool_refusal(outcome, lang)  # the server's workers were all busy: the last run stays
    run = outcome.result
    show_result(run.network, run.curves, run.X_test, run.y_test, (8, 8), eta,
                digits_state.DIGITS_PICK, lang)
    if run.curves.diverged_at is None:
        draw_panel(run.network, (8, 8), lang)
        code_panel(DigitsRecipe("uci", *settings), lang)


def try_load(field: str, key: Hashable | None, files: Callable[[], shared.MnistFiles],
             lang: str) -> None:
    """Load MNIST once per new source key; on success it becomes the data in use.

    ``files()`` names the files by their content (one shared copy per content for the whole
    server). A refusal is kept for the field to show; the last data that loaded stays in use.
    """
    attempts: dict[str, Any] = st.session_state.get(digits_state.MNIST_ATTEMPTS) or {}
    st.session_state[digits_state.MNIST_ATTEMPTS] = attempts
    if key is None or (field in attempts and attempts[field][0] == key):
        return
    try:
        with st.spinner(t("mnist.loading", lang)):
            source = files()
    except IdxError as err:
        attempts[field] = (key, err)
        return
    outcome = digits_state.MNIST_DATA.keep(st.session_state, source,
                                    spinner(t("mnist.loading", lang), lang), refusals=(IdxError,))
    attempts[field] = (key, outcome.refusal)


def field_error(field: str, lang: str) -> None:
    """The translated reason the field's last source was refused, if it was."""
    attempt = st.session_state.get(digits_state.MNIST_ATTEMPTS, {}).get(field)
    if attempt is not None and attempt[1] is not None:
        st.error(refusal_text(attempt[1], lang))


def mnist(lang: str) -> None:
    """MNIST from a server folder or uploads; the seed's recipe, trained on the Train button."""
    st.caption(t("mnist.about", lang))
    left, right = st.columns(2)
    with left:
        folder = st.text_input(t("mnist.folder", lang), key=digits_state.MNIST_FOLDER,
                               max_chars=PATH_CHARS,
                               help=t("mnist.folder_help", lang)).strip()
        folder_key = ("folder", folder, mnist_folder_signature(folder)) if folder else None
        root = Path(os.environ.get(DATA_ROOT_ENV) or Path.home())
        try_load("folder", folder_key, lambda: shared.folder_files(folder, root), lang)
        field_error("folder", lang)
    with right:
        given = st.file_uploader(t("mnist.upload", lang), accept_multiple_files=True,
                                 key=digits_state.MNIST_UPLOAD,
                                 max_upload_size=uploads.MNIST_UPLOAD_MB)
        kept, refused = uploads.bounded(given or [], st.session_state,
                                        digits_state.MNIST_UPLOAD_IDS)
        if refused is not None:  # let go already; said beside the field until the next files
            attempts = st.session_state.get(digits_state.MNIST_ATTEMPTS) or {}
            attempts["upload"] = (("refused", tuple(f.file_id for f in given or [])), refused)
            st.session_state[digits_state.MNIST_ATTEMPTS] = attempts
        upload_key = (("upload", tuple((f.file_id, f.name, f.size) for f in kept))
                      if kept else None)
        try_load("upload", upload_key, lambda: shared.upload_files(kept), lang)
        field_error("upload", lang)
    loaded = digits_state.MNIST_DATA.get(st.session_state)
    if loaded is None:
        st.info(t("mnist.need_data", lang))
        return
    files, data = loaded
    trained = digits_state.MNIST_RESULT.get(st.session_state)
    if trained is not None and exact_key(trained.inputs.files) != exact_key(files):
        # another set is in use: let go of the old set's run, and with it the last hold on
        # the old upload's bytes (the server's cache keeps the run, should they come back)
        st.session_state[digits_state.MNIST_RESULT.key] = None
    rows, cols = data.shape
    source = t("mnist.from_folder" if files.kind == "folder" else "mnist.from_upload", lang)
    st.caption(t("mnist.loaded", lang, train=len(data.y_train), test=len(data.y_test),
                 rows=rows, cols=cols, source=source))
    settings = settings_row(MNIST_KEYS, MNIST_HIDDEN, lang)
    _, eta, epochs, batch, _ = settings
    if (too_many_steps(len(data.y_train), epochs, batch, lang)
            or over_budget(data.X_train.shape[1], len(data.y_train), len(data.y_test),
                           settings, data.X_train.dtype.itemsize, jobs.TRAIN_SECONDS, lang)):
        return
    inputs = shared.MnistRun(files, settings, data)
    pressed = st.button(t("mnist.train", lang), type="primary", key=digits_state.MNIST_TRAIN)
    with st.container():  # the bar comes and goes inside: a drawing below keeps its place
        if pressed:  # a refusal from the worker (its budget, the mapped copy gone) is said
            outcome = digits_state.MNIST_RESULT.keep(st.session_state, inputs,
                                              bar(t("digits.training", lang), lang),
                                              refusals=(*REFUSALS, CodedError))
            pool_refusal(outcome, lang)
            if isinstance(outcome.refusal, CodedError) and not isinstance(outcome.refusal,
                                                                          REFUSALS):
                st.error(reason(outcome.refusal, lang))
    run = digits_state.MNIST_RESULT.matching(st.session_state, inputs)
    if digits_state.MNIST_RESULT.get(st.session_state) is None:
        st.info(t("mnist.press_train", lang))
    elif run is None:
        st.info(t("mnist.stale", lang))
    else:
        show_result(run.network, run.curves, run.X_test, run.y_test, data.shape, eta,
                    digits_state.MNIST_PICK, lang)
        if run.curves.diverged_at is None:
            draw_panel(run.network, data.shape, lang)


# --- the bundled MNIST subset, a drawn digit, the recipe as code (owner: digits) --------------
CANVAS_PX = 280  # the drawing box: 10 screen pixels per MNIST pixel
STROKE_PX = 22  # a pen as wide as an MNIST stroke (about 2 of its 28 pixels)
MAX_PNG_BYTES = 4_000_000  # what a 280×280 canvas can send, many times over


def subset(lang: str) -> None:
    """The 5,000 bundled MNIST digits (4,000/1,000): seed 004's recipe, trained automatically,
    the test accuracy per epoch with its best epoch, then the usual result."""
    st.caption(t("subset.about", lang))
    settings = settings_row(digits_state.SUBSET_KEYS, MNIST_HIDDEN, lang)
    _, eta, epochs, batch, _ = settings
    train, test = SUBSET_SIZES
    if (too_many_steps(train, epochs, batch, lang)
            or over_budget(28 * 28, train, test, settings, 4, jobs.AUTO_SECONDS, lang)):
        return
    with st.container():  # the bar comes and goes inside: what follows keeps its place
        outcome = digits_state.SUBSET_RESULT.keep(st.session_state, settings,
                                           bar(t("digits.training", lang), lang),
                                           refusals=REFUSALS)
    pool_refusal(outcome, lang)
    run = outcome.result
    if run.curves.diverged_at is None:
        epoch, accuracy = best_epoch(run.curves)
        last = float(run.curves.test_accuracy[-1])
        left, right = st.columns(2)
        left.metric(t("subset.best_metric", lang, epoch=epoch), f"{100 * accuracy:.1f} %")
        right.metric(t("subset.last_metric", lang, epoch=len(run.curves.test_accuracy) - 1),
                     f"{100 * last:.1f} %")
        st.info(t("subset.expect", lang))
        show_figure(accuracy_figure(run.curves, (epoch, accuracy), lang), "subset.accuracy",
                    table=True)
    show_result(run.network, run.curves, run.X_test, run.y_test, (28, 28), eta,
                digits_state.SUBSET_PICK, lang)
    if run.curves.diverged_at is None:
        draw_panel(run.network, (28, 28), lang)
        code_panel(DigitsRecipe("subset", *settings), lang)


def canvas_pixels(result: Any) -> np.ndarray | None:
    """The canvas's drawing as pixels (H, W, 4) uint8, or None before anything is drawn.

    The component sends a PNG; bytes that are too many, not a PNG, or an image larger than
    bpcore.drawing.MAX_SIDE are refused (CodedError "drawing": "not_an_image", "too_large")
    before they are decoded in full.
    """
    try:
        data = result.image_bytes
    except (AttributeError, TypeError, ValueError, RuntimeError) as err:
        raise CodedError("drawing", "not_an_image") from err
    if data is None:
        return None
    if not isinstance(data, bytes) or len(data) > MAX_PNG_BYTES:
        raise CodedError("drawing", "not_an_image")
    from PIL import Image  # Streamlit's own dependency

    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format != "PNG":
                raise CodedError("drawing", "not_an_image")
            if max(image.size) > MAX_SIDE:
                raise CodedError("drawing", "too_large", limit=MAX_SIDE)
            return np.asarray(image.convert("RGBA"))
    except CodedError:
        raise
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as err:
        raise CodedError("drawing", "not_an_image") from err


def draw_panel(network: Network, shape: tuple[int, int], lang: str) -> None:
    """Draw a digit: the canvas, what the network sees (centred as its data was), the hidden
    layer's outputs, the probabilities and δ = out − target for the label the learner picks
    (the network's guess until one is picked). Bad input says why and draws nothing."""
    from streamlit_drawable_canvas import st_canvas  # type: ignore[import-untyped]

    st.subheader(t("draw.title", lang))
    st.caption(t("draw.about_mnist" if shape == (28, 28) else "draw.about_uci", lang))
    st.space("small")  # room for the box's toolbar, which sits above it
    pad, seen = st.columns([1, 1])
    with pad:
        result = st_canvas(stroke_width=STROKE_PX, stroke_color="#ffffff",
                           background_color="#000000", height=CANVAS_PX, width=CANVAS_PX,
                           drawing_mode="freedraw", key=digits_state.DRAW_CANVAS,
                           return_image_data=True)
    label = choice_widget(
        st.segmented_control, t("draw.label", lang), list(range(10)), key=digits_state.DRAW_LABEL)
    try:
        pixels = canvas_pixels(result)
        if pixels is None:
            raise CodedError("drawing", "empty")
        digit, x = drawn_digit(pixels, shape)
    except CodedError as err:
        with seen:
            (st.caption if err.code == "empty" else st.warning)(reason(err, lang))
        return
    guess = forward_view(network, x, 0, 10).predicted
    target = guess if label is None else int(label)
    view = forward_view(network, x, target, 10)
    with seen:
        show_figure(mosaic_figure(digit[None], [t("draw.guess", lang, digit=view.predicted)],
                                  t("draw.seen", lang, rows=shape[0], cols=shape[1]), 1,
                                  image_height=150, lang=lang), "draw.seen")
        st.markdown(t("draw.verdict", lang, digit=view.predicted,
                      p=f"{100 * view.probabilities[view.predicted]:.1f}", target=target,
                      chosen=t("draw.picked" if label is not None else "draw.guessed", lang)))
    hidden, outputs = st.columns([1, 1])
    with hidden:
        show_figure(hidden_figure(view.hidden, lang), "draw.hidden")
        active = top_units(view.hidden)
        if active:
            st.caption(t("draw.hidden_top", lang, units=active))
    with outputs:
        show_figure(outputs_figure(view.probabilities, view.delta, target, lang),
                    "draw.outputs")


def code_panel(recipe: DigitsRecipe, lang: str) -> None:
    """Seed 004's training step as the NumPy it is, with this run's shapes, and the whole
    recipe to take away as a Jupyter notebook or a .py script (bpcore.program_digits)."""
    with opened_panel(t("digits.code_title", lang),
                      lesson_state.code_open_key(f"digits-{recipe.source}")) as is_open:
        if not is_open:
            return  # drawn (and its notebook made) only while open (tutor.ui.panel)
        program = program_digits(recipe)
        st.caption(t("digits.code_about", lang, m=recipe.batch, h=recipe.hidden, n=recipe.n_in))
        for cell in program:
            if cell.kind == "code" and cell.step in ("forward", "train_step"):
                st.code(cell.source, language="python")
        left, right = st.columns(2)
        name = f"backprop-digits-{recipe.source}-{lang}"
        left.download_button(t("digits.code_notebook", lang), notebook_bytes(program, lang, 4),
                             f"{name}.ipynb", NOTEBOOK_MIME, key="digits.notebook")
        right.download_button(t("digits.code_script", lang), script_text(program, lang, 4),
                              f"{name}.py", SCRIPT_MIME, key="digits.script")
        st.caption(t("digits.code_runs", lang))
