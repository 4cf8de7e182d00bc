"""Watching the builder's network learn: Play, Pause, Step, the epoch counter and the replay.

The run is trained once, off the script thread (tutor.serving: the pool), and keeps its network
at up to bpcore.trainer.MAX_FRAMES epochs (``Run.frames``). Watching it draws those frames:
Play moves the epoch on every PLAY_TICK seconds inside an ``st.fragment(run_every=…)`` — only
the watched area reruns, and each frame is a forward pass of the kept weights over the plane
(the boundary and the units' heatmaps), never a retraining. Step moves one kept epoch on,
Back to the start goes to epoch 0, and the replay slider goes anywhere in the finished run. A
new run opens on its last epoch (the trained network, as before); Play from there starts over.
"""

from __future__ import annotations

import math
from typing import Any

import streamlit as st

from bpcore import fmt
from bpcore.builder import Run, neuron_grids
from bpcore.recipe import Recipe
from tutor.builder import state
from tutor.builder.controls import boundary_chart, loss_label
from tutor.figures.builder import loss_curves_figure
from tutor.figures.builder_net import network_figure
from tutor.i18n import t
from tutor.serving.kept import exact_key
from tutor.ui.plot import PLOTLY_CONFIG, PrebuiltFigure, scale_caption, show_figure

PLAY_TICK = 0.3  # seconds between two frames while playing
PLAY_SECONDS = 12.0  # about how long Play takes over a whole run
WATCH_PX = 340  # the network picture's and the output plot's height
PLAY_GRID = 48  # the output plot's grid while playing (90 when still): a quarter of the work
WATCH_KEY = "builder_watch"
NET_KEY = "builder.network_picture"
# While a frame is drawn, Streamlit dims the elements it is about to replace (a third of their
# opacity): at a frame every PLAY_TICK seconds the picture would flicker; it stays as it is
# until the next frame replaces it.
WATCH_CSS = (f'<style>.st-key-{WATCH_KEY} [data-stale="true"] '
             "{ opacity: 1 !important; transition: none !important; }</style>")


def epochs(run: Run) -> list[int]:
    """The epochs the run kept its network at, 0 first."""
    return [f.epoch for f in run.frames]


def sync(run: Run, recipe: Recipe) -> None:
    """A new run (another recipe) opens on its last kept epoch, paused."""
    session = st.session_state
    key = exact_key(recipe)
    kept = epochs(run)
    if session.get(state.WATCH_RUN) != key or session.get(state.WATCH_EPOCH) not in kept:
        session[state.WATCH_RUN] = key
        session[state.WATCH_EPOCH] = kept[-1] if kept else 0
        session[state.WATCH_PLAYING] = False


def _on_unit() -> None:
    """A click on a unit of the network picture: its output becomes the output plot's
    background; a click on the same unit again (or beside every unit) gives the network's
    output back."""
    session = st.session_state
    chosen = session[NET_KEY].get("selection", {}).get("points", [])
    data = [p.get("customdata") for p in chosen if isinstance(p.get("customdata"), list)]
    unit = (int(data[0][0]), int(data[0][1])) if data and len(data[0]) == 2 else None
    session[state.BUILDER_FOCUS] = None if unit == session.get(state.BUILDER_FOCUS) else unit


def _focus(run: Run) -> tuple[int, int] | None:
    """The unit chosen in the network picture, if this run's network has it."""
    unit = st.session_state.get(state.BUILDER_FOCUS)
    sizes = run.network.sizes
    if unit is None or not (0 <= unit[0] < len(sizes) and 0 <= unit[1] < sizes[unit[0]]):
        return None
    return (int(unit[0]), int(unit[1]))


# The buttons' callbacks set what the button showed, never toggle or count: a click that
# reaches the server while a frame is drawn can have its callback run twice (the
# interrupted run's and the new one's), and Pause must still pause, Step step once.
def _play(playing: bool, start: int | None) -> None:
    """Play (from epoch ``start`` when given: Play at the end starts over) or Pause."""
    if playing and start is not None:
        st.session_state[state.WATCH_EPOCH] = start
    st.session_state[state.WATCH_PLAYING] = playing


def _goto(epoch: int) -> None:
    """Show ``epoch`` (paused): Step's next kept epoch, or Epoch 0."""
    st.session_state[state.WATCH_EPOCH] = epoch
    st.session_state[state.WATCH_PLAYING] = False


def play_controls(run: Run, lang: str) -> None:
    """Play/Pause, Step, Back to the start, and the output plot's two switches, in one row."""
    kept = epochs(run)
    playing = bool(st.session_state.get(state.WATCH_PLAYING))
    at = kept.index(st.session_state.get(state.WATCH_EPOCH, kept[-1]))
    start = kept[0] if at == len(kept) - 1 else None
    with st.container(horizontal=True, vertical_alignment="center", key="builder_play"):
        st.button(t("builder.pause" if playing else "builder.play", lang),
                  icon=":material/pause:" if playing else ":material/play_arrow:",
                  on_click=_play, args=(not playing, start), type="primary",
                  key="builder_play_button")
        st.button(t("builder.step", lang), icon=":material/skip_next:", on_click=_goto,
                  args=(kept[min(at + 1, len(kept) - 1)],), key="builder_step_button",
                  help=t("builder.step_help", lang))
        st.button(t("builder.restart", lang), icon=":material/replay:", on_click=_goto,
                  args=(kept[0],), key="builder_restart_button")
        st.toggle(t("builder.show_test", lang), key=state.BUILDER_SHOW_TEST)
        st.toggle(t("builder.discretize", lang), key=state.BUILDER_DISCRETIZE)


def watch(run: Run, recipe: Recipe, lang: str) -> None:
    """The watched area: the epoch counter and replay slider, the network picture beside the
    output plot, the loss curves below; ticking inside a fragment while playing."""
    st.html(WATCH_CSS)
    if st.session_state.get(state.WATCH_PLAYING):
        st.fragment(run_every=PLAY_TICK)(_area)(run, recipe, lang, True)
    else:
        _area(run, recipe, lang, False)


def _area(run: Run, recipe: Recipe, lang: str, ticking: bool) -> None:
    with st.container(key=WATCH_KEY):
        _frame(run, recipe, lang, ticking)


def _frame(run: Run, recipe: Recipe, lang: str, ticking: bool) -> None:
    """One frame: on a tick, the epoch moved on first (and Play stopped at the end)."""
    session = st.session_state
    kept = epochs(run)
    if ticking:
        if not session.get(state.WATCH_PLAYING):  # paused from inside (a click on the plane)
            st.rerun(scope="app")
        at = kept.index(session.get(state.WATCH_EPOCH, kept[0]))
        stride = max(1, math.ceil(len(kept) * PLAY_TICK / PLAY_SECONDS))
        if at == len(kept) - 1:  # the end: stop, and let the whole page say Play again
            session[state.WATCH_PLAYING] = False
            st.rerun(scope="app")
        session[state.WATCH_EPOCH] = kept[min(at + stride, len(kept) - 1)]
    epoch = session[state.WATCH_EPOCH]
    frame = run.frames[kept.index(epoch)]
    network = run.network_at(frame)
    curves = run.curves
    header: dict[str, Any] = {"epoch": epoch, "epochs": kept[-1],
                              "train": fmt(curves.train_loss[epoch], 3),
                              "test": fmt(curves.test_loss[epoch], 3)}
    counter, slider = st.columns([1.15, 1], gap="small", vertical_alignment="center")
    counter.markdown(t("builder.epoch_of", lang, **header))
    if len(kept) > 1:
        slider.select_slider(t("builder.replay", lang), kept, key=state.WATCH_EPOCH,
                             label_visibility="collapsed", disabled=ticking)
    left, right = st.columns([1.2, 1], gap="small")
    focus = _focus(run) if recipe.points is None else None
    with left:
        grids = neuron_grids(network, run.X_train, run.features)
        figure = network_figure(network, grids, run.features, lang, WATCH_PX)
        if ticking:  # no selection while the frames change under it
            show_figure(figure, NET_KEY)
        else:
            st.plotly_chart(PrebuiltFigure(figure), config=PLOTLY_CONFIG, key=NET_KEY,
                            width="stretch", on_select=_on_unit, selection_mode="points")
            scale_caption(figure)
    with right:
        boundary_chart(run, recipe, lang, network, WATCH_PX, size=PLAY_GRID if ticking else 90,
                       unit=focus)
        if focus is not None:
            st.caption(t("builder.focus_help", lang))
    figure = loss_curves_figure(curves, loss_label(run.network.loss, lang), lang)
    figure["layout"]["shapes"] = [{"type": "line", "xref": "x", "yref": "paper", "x0": epoch,
                                   "x1": epoch, "y0": 0, "y1": 1,
                                   "line": {"color": "#7b2cbf", "width": 2}}]
    show_figure(figure, "builder.curves", table=True)
