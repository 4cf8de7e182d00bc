"""The network builder's controls: data, layers and training, with a message slot per field.

They sit in one narrow column of three tabs (Data, Network, Training) of a fixed height, so
that at 1280×720 the controls, the network picture and the output plot share one screen
(TensorFlow Playground's three columns); a tab longer than the column scrolls inside it.

The widgets are kept widgets (tutor.builder.state): each one's key holds its value across
pages, a lesson link sets them, and the recipe in use is read from them. The numbers are
typed fields (tutor.ui.fields): a number outside its range, or no number, is refused beside the
field and the recipe keeps its last valid value.

The data column offers a toy set or the learner's own points: an uploaded CSV (x1, x2,
class; checked by bpcore.userdata before use), clicks on the decision-boundary plot
(``boundary_chart``: a click on a free position adds a point of the chosen class, a click
on a point removes it), *Clear* and a CSV download in the format the upload reads.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import streamlit as st

from bpcore import ACTIVATIONS, LOSSES, userdata
from bpcore import features as feats
from bpcore.builder import Run, decision_grid, neuron_grids
from bpcore.data import REGRESSION_SETS, TOY_SETS
from bpcore.limits import (
    BATCH,
    DECAY,
    HIDDEN_LAYERS,
    MOMENTUM,
    NOISE,
    POINTS,
    REGULARISATION_RATE,
    TEST_SHARE,
    WIDTH,
)
from bpcore.limits import BUILDER_EPOCHS as EPOCHS
from bpcore.limits import SEED as SEEDS
from bpcore.limits import SGD_ETA as ETA
from bpcore.network import Network
from bpcore.optimisers import NAMES as OPTIMISERS
from bpcore.program_batch import batch_program
from bpcore.recipe import Recipe
from bpcore.regularisation import KINDS
from tutor.builder import state  # this page's part of the session state
from tutor.figures.builder import OwnPlane, boundary_figure
from tutor.figures.builder_net import feature_label
from tutor.i18n import t, tn
from tutor.lesson.codeview import lesson_downloads, source_view
from tutor.serving.uploads import SMALL_UPLOAD_MB
from tutor.ui.a11y import sr_only
from tutor.ui.choices import choice_widget
from tutor.ui.fields import kept_number
from tutor.ui.frames import frame_figure
from tutor.ui.plot import PLOTLY_CONFIG, PrebuiltFigure, figure_words, scale_caption, show_figure
from tutor.ui.reasons import reason

HIDDEN_CHOICES = tuple(name for name, act in ACTIVATIONS.items() if act.elementwise)
CONTROLS_PX = 470  # the control column's height: below it, the column scrolls, not the page


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
        choice_widget(
            right.selectbox, t("builder.activation", lang, k=k + 1), HIDDEN_CHOICES,
            key=state.builder_layer_key(k, "activation"),
            format_func=lambda a: t(f"activation.name.{a}", lang))


def builder_controls(lang: str) -> tuple[Recipe, dict[str, Any]]:
    """Draw the controls as three tabs in a column of fixed height; return the recipe they
    show and, per field, an empty slot right under it where a rejection of that field is
    explained."""
    slots: dict[str, Any] = {}
    with st.container(height=CONTROLS_PX, border=False, key="builder_controls"):
        data_tab, net_tab, train_tab = st.tabs([t("builder.data", lang),
                                                t("builder.network", lang),
                                                t("builder.training", lang)])
    with data_tab:
        _data(lang)
        slots["data"] = st.empty()
    with net_tab:
        _features(lang)
        slots["features"] = st.empty()
        _layers(lang)
        regression = _regression()
        if regression:  # one linear unit and ½(t − out)², whatever is chosen for classes
            st.caption(t("builder.regression_output", lang))
        else:
            choice_widget(
                st.selectbox, t("builder.output", lang), tuple(ACTIVATIONS),
                key=state.BUILDER_OUTPUT, format_func=lambda a: t(f"activation.name.{a}", lang))
            choice_widget(
                st.selectbox, t("builder.loss", lang), tuple(LOSSES), key=state.BUILDER_LOSS,
                format_func=lambda s: loss_label(s, lang))
        slots["loss"] = st.empty()
    with train_tab:
        _number(t("field.eta", lang), state.BUILDER_ETA, ETA.bounds, lang, integer=False)
        _number(t("builder.epochs", lang), state.BUILDER_EPOCHS, EPOCHS.bounds, lang)
        slots["epochs"] = st.empty()
        _number(t("builder.batch", lang), state.BUILDER_BATCH, BATCH.bounds, lang)
        _optimiser(lang)
        _regularisation(lang)
        _number(t("builder.seed", lang), state.BUILDER_SEED, SEEDS.bounds, lang)
        slots["training"] = st.empty()
    return state.builder_recipe(st.session_state), slots


def _regression() -> bool:
    """True when the data are a regression set (a toy source with the regression problem)."""
    return (st.session_state.get(state.BUILDER_SOURCE) != "own"
            and st.session_state.get(state.BUILDER_PROBLEM) == "regression")


def _data(lang: str) -> None:
    """Where the data come from: a toy set (classes or regression) or the own points."""
    choice_widget(
        st.radio, t("builder.source", lang), state.SOURCES, key=state.BUILDER_SOURCE,
        horizontal=True, format_func=lambda s: t(f"builder.source.{s}", lang))
    if st.session_state[state.BUILDER_SOURCE] == "own":
        _own_data(lang)
    else:
        choice_widget(
            st.radio, t("builder.problem", lang), state.PROBLEMS, key=state.BUILDER_PROBLEM,
            horizontal=True, format_func=lambda p: t(f"builder.problem.{p}", lang))
        if _regression():
            choice_widget(
                st.selectbox, t("builder.dataset", lang), REGRESSION_SETS,
                key=state.BUILDER_SURFACE, format_func=lambda s: t(f"dataset.{s}", lang))
        else:
            choice_widget(
                st.selectbox, t("builder.dataset", lang), TOY_SETS, key=state.BUILDER_DATASET,
                format_func=lambda s: t(f"dataset.{s}", lang))
        st.slider(t("builder.points", lang), *POINTS.bounds, step=10, key=state.BUILDER_POINTS)
        st.slider(t("builder.noise", lang), *NOISE.bounds, step=0.01, key=state.BUILDER_NOISE)
    st.slider(t("builder.test_share", lang), *TEST_SHARE.bounds, step=0.05,
              key=state.BUILDER_TEST_SHARE)
    _number(t("builder.data_seed", lang), state.BUILDER_DATA_SEED, SEEDS.bounds, lang)


def _features(lang: str) -> None:
    """Playground's seven input features, each a toggle (at least one must stay on)."""
    choice_widget(
        st.pills, t("builder.features", lang), feats.NAMES, selection_mode="multi",
        key=state.BUILDER_FEATURES, format_func=lambda f: feature_label(f, lang))


def _optimiser(lang: str) -> None:
    """The optimiser and, for those that have them, its β₁ (μ) and β₂ (ρ)."""
    name = choice_widget(
        st.selectbox, t("builder.optimiser", lang), OPTIMISERS, key=state.BUILDER_OPTIMISER,
        format_func=lambda o: t(f"builder.optimiser.{o}", lang))
    if name in ("momentum", "adam"):
        _number(t(f"builder.beta1.{name}", lang), state.BUILDER_BETA1, MOMENTUM.bounds, lang,
                integer=False)
    if name in ("rmsprop", "adam"):
        _number(t(f"builder.beta2.{name}", lang), state.BUILDER_BETA2, DECAY.bounds, lang,
                integer=False)


def _regularisation(lang: str) -> None:
    """None, L1 or L2, and its rate λ when there is a penalty."""
    kind = choice_widget(
        st.selectbox, t("builder.regularisation", lang), KINDS, key=state.BUILDER_REGULARISATION,
        format_func=lambda k: t(f"builder.regularisation.{k}", lang))
    if kind != "none":
        _number(t("builder.reg_rate", lang), state.BUILDER_REG_RATE,
                REGULARISATION_RATE.bounds, lang, integer=False)


# --- the learner's own points --------------------------------------------------------------
def _on_upload() -> None:
    """The uploader's on_change: read the new file (nothing when the file was removed)."""
    upload = st.session_state.get(state.BUILDER_UPLOAD)
    if upload is not None:
        state.upload_points(st.session_state, upload.getvalue())


def _refusal(field: str, lang: str) -> None:
    """The last refused edit of the own points, if it came from ``field`` (data_file, click)."""
    err = st.session_state.get(state.BUILDER_DATA_REFUSAL)
    if err is not None and err.field == field:
        st.error(reason(err, lang), icon="⚠️")


def _own_data(lang: str) -> None:
    """Upload, the class a click adds, the count, Clear and Download."""
    points = state.own_points(st.session_state)
    st.file_uploader(t("builder.upload", lang), type=["csv", "txt"], key=state.BUILDER_UPLOAD,
                     on_change=_on_upload, max_upload_size=SMALL_UPLOAD_MB,
                     help=t("builder.upload_help", lang, limit=userdata.MAX_POINTS,
                            classes=userdata.MAX_CLASSES))
    _refusal(userdata.FIELD, lang)
    choice_widget(
        st.selectbox, t("builder.add_class", lang), range(userdata.MAX_CLASSES),
        key=state.BUILDER_ADD_CLASS, format_func=lambda c: t("builder.class", lang, k=c))
    st.caption(tn("builder.own_count", points.n, lang, classes=points.classes))
    left, right = st.columns(2)
    left.download_button(t("builder.download", lang), userdata.to_csv(points),
                         file_name="points.csv", mime="text/csv", on_click="ignore",
                         icon=":material/download:", width="stretch")
    right.button(t("builder.clear", lang), on_click=state.clear_points,
                 args=(st.session_state,), width="stretch")
    if not userdata.linkable(points):
        st.caption(t("builder.link_without_points", lang, limit=userdata.LINK_POINTS))


def _on_click() -> None:
    """The plane's on_select: add or remove the clicked point."""
    st.session_state[state.WATCH_PLAYING] = False  # the points change: a new run to watch
    state.click_points(st.session_state, st.session_state[state.BUILDER_PLANE])
    # The plane is drawn in the watched fragment (tutor.builder.watch.watched), whose rerun
    # alone would keep the recipe of the points before: the page reruns (Streamlit 1.67 lets
    # a callback ask for it).
    st.rerun(scope="app")


def toy_plane_figure(run: Run, network: Network, lang: str, height: int | None, size: int,
                     unit: tuple[int, int] | None, discretize: bool,
                     show_test: bool) -> dict[str, Any]:
    """The output plot of ``network`` on a toy set's plane (``size``×``size`` grid): coloured
    by the network's output, or by ``unit``'s (column, index) when one is chosen."""
    focus = None
    if unit is not None:
        c, k = unit
        outputs = neuron_grids(network, run.X_train, run.features, size)[c][k]
        focus = (t("builder.focus_title", lang, layer=c, k=k + 1), outputs)
    return boundary_figure(
        decision_grid(network, run.X_train, size, features=run.features,
                      regression=run.regression), run, lang, discretize=discretize,
        show_test=show_test, height=height, unit=focus)


def own_plane_figure(run: Run | None, recipe: Recipe, lang: str, network: Network | None,
                     height: int | None, size: int, discretize: bool, show_test: bool,
                     add: int) -> dict[str, Any]:
    """The output plot of the learner's own points (``recipe.points``): coloured by
    ``network``'s output on a ``size``×``size`` grid over the points' plane (nothing coloured
    when there is no run or it diverged), the points on it, a click on a free position adding
    one of class ``add``."""
    points = recipe.points
    assert points is not None
    low, high = userdata.plane(points.X)
    train, test = userdata.split_indices(points.n, recipe.data.test_fraction,
                                         recipe.data.seed)
    own = OwnPlane(points, train, test, userdata.click_positions(points), add, low, high)
    diverged = run is None or run.curves.diverged_at is not None
    grid = None if run is None or network is None or diverged else decision_grid(
        network, np.array([low, high]), size, margin=0, features=run.features)
    return boundary_figure(grid, run, lang, own, discretize=discretize, show_test=show_test,
                           height=height)


def boundary_chart(run: Run | None, recipe: Recipe, lang: str, network: Network | None = None,
                   height: int | None = None, key: str = state.BUILDER_PLANE,
                   size: int = 90, unit: tuple[int, int] | None = None,
                   frame: bool = False) -> None:
    """The decision boundary of ``network`` (default: the run's trained one); with own
    points the plane is editable by clicks (see the module docstring) and shows the points as
    they are now. A diverged run colours nothing; ``run`` None (own points that cannot be
    trained on: cleared, one class) draws the points alone, never the boundary of points that
    are gone. The plot's switches (discretize, show test data) are read from their widgets;
    the plane is coloured on a ``size``×``size`` grid; by the output of ``unit`` (column,
    index in it, as the network picture numbers them) when one is chosen (toy sets).
    ``frame``: one frame of Play, redrawn in place (tutor.ui.frames), not clickable."""
    diverged = run is None or run.curves.diverged_at is not None
    discretize = bool(st.session_state.get(state.BUILDER_DISCRETIZE, False))
    show_test = bool(st.session_state.get(state.BUILDER_SHOW_TEST, True))
    shown = None if run is None else network or run.network
    if recipe.points is None:
        assert run is not None and shown is not None  # a toy set always trains
        if not diverged:
            figure = toy_plane_figure(run, shown, lang, height, size, unit, discretize,
                                      show_test)
            if frame:
                frame_figure(figure, f"{key}_frame")
            else:
                show_figure(figure, key)
        return
    add = int(st.session_state.get(state.BUILDER_ADD_CLASS, 0))
    plane = own_plane_figure(run, recipe, lang, shown, height, size, discretize, show_test, add)
    if frame:  # one frame of Play, redrawn in place: clickable again once paused
        if key == state.BUILDER_PLANE:  # (not the run in training: a page of its own)
            st.caption(t("builder.click_paused", lang))
        frame_figure(plane, f"{key}_frame")
        return
    st.caption(t("builder.click_help", lang, k=add))
    sr_only(figure_words(plane))
    st.plotly_chart(PrebuiltFigure(plane), config=PLOTLY_CONFIG, key=key, width="stretch",
                    on_select=_on_click,
                    selection_mode="points")
    scale_caption(plane)
    _refusal("click", lang)


# --- the recipe as code ----------------------------------------------------------------------
def recipe_code(recipe: Recipe, lang: str, decimals: int) -> None:
    """The recipe as seed 000's batch code (its layer, the start, the training loop) in a
    closed Code expander, and the whole recipe as a notebook or a script."""
    if (recipe.arch.features != feats.DEFAULT or recipe.optimiser.name != "sgd"
            or recipe.regularisation.active or recipe.data.regression):
        st.caption(t("builder.code_plain", lang))
    program = batch_program(recipe, with_data=False)
    source_view([c for c in program if c.step in ("layer", "start", "train")], lang,
                t("code.batch_note", lang, b=recipe.batch))
    with st.container(horizontal=True):
        lesson_downloads(lambda: batch_program(recipe), "builder-recipe", lang, decimals)


def batch_layer_code(recipe: Recipe, batch: int, lang: str) -> None:
    """Seed 000's batch layer, where the mean is taken, for the microscope's batch of
    ``batch`` rows."""
    program = batch_program(recipe, with_data=False)
    source_view([c for c in program if c.step == "layer"], lang,
                t("code.micro_note", lang, b=batch), key="micro")
