"""Watching the builder's network learn: Play, Pause, Step, the epoch counter and the replay.

The run is trained once, off the script thread (tutor.serving: the pool), and keeps its network
at up to bpcore.trainer.MAX_FRAMES epochs (``Run.frames``). Watching it draws those frames,
each a forward pass of the kept weights over the plane (the boundary and the units'
heatmaps), never a retraining. Play sends them in batches
(``_batch``): each rerun of an ``st.fragment`` (no run_every: the browser asks) sends the next
tutor.builder.playbatch.BATCH_FRAMES frames to one element (tutor.ui.player) that shows them
at 8 a second; Pause and Step take the epoch the browser says it shows (``_sync_shown``).
The recorded run's frames, toy set or own points, are made once per server
(tutor.builder.playframes). Step moves one kept epoch on, Back to the start goes to epoch 0,
and the replay slider goes anywhere in the finished run. A new run opens on its last epoch
(the trained network, as before); Play from there starts over.

Batch steps one update on from the epoch shown, and a click on a link of the network picture
opens a field with its weight: either makes the network shown the session's own copy (a
bpcore Trainer restored at that kept epoch, under WATCH_LIVE, going on bit for bit as the run
went on), which Batch and Step move on (Step: to the end of the epoch in progress) and the
field edits. Play then trains the own copy on, live, through the same player
(tutor.builder.liveplay: each batch trained ahead in the worker pool and its frames made once
by the session), up to the run's last epoch (or, past it, one run's length more), the
counter, the picture, the boundary and the curves (the own network's losses beside the
recorded run's, WATCH_LIVE_CURVE) in every frame; Pause stops on the frame on screen, the own
network then exactly as it was at that epoch. Epoch 0 and the slider go back to the recorded
run.

While a new run trains (in the pool), the page draws it as it goes (``TrainingView``): the
pool hands on the run so far at its newest kept epoch (tutor.serving.pool's partial
results, at most every PARTIAL_SECONDS), drawn under the progress bar as the watched area
draws a frame, and removed when the run is done.

While playing, the three charts are drawn by the player (tutor.ui.player: one chart redrawn
in place with Plotly.react), not st.plotly_chart, whose element id changes with every new
figure (a new Plotly div per frame: about one frame in five or ten blanked).
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import partial
from typing import Any

import numpy as np
import streamlit as st

from bpcore import fmt
from bpcore.builder import Run, neuron_grids
from bpcore.limits import MAGNITUDE
from bpcore.network import Network
from bpcore.recipe import Recipe
from bpcore.trainer import Trainer
from tutor.builder import liveplay, playbatch, state
from tutor.builder.controls import boundary_chart, loss_label
from tutor.builder.playframes import (
    PLAY_GRID,
    STILL_GRID,
    WATCH_PX,
    curves_spec,
    shared_frame,
    shared_still,
    still_frame,
)
from tutor.figures.builder import loss_curves_figure
from tutor.figures.builder_net import network_figure
from tutor.i18n import t
from tutor.serving.kept import Progress, exact_key
from tutor.serving.pool import PoolError
from tutor.session import PRECISION
from tutor.ui.choices import choice_widget
from tutor.ui.fields import number_field
from tutor.ui.frames import STACK_CSS, frame_figure, stack
from tutor.ui.player import Report, shown
from tutor.ui.player import play as play_frames
from tutor.ui.plot import (
    draw_table,
    show_still,
    table_markdown,
)
from tutor.ui.progress import BarProgress, ProgressBar
from tutor.ui.reasons import reason

PREVIEW_SECONDS = 0.25  # a run in training is drawn at most this often
WATCH_KEY = "builder_watch"
WATCHED_FRAGMENT = "builder-watched"  # the fragment of Play's controls and the watched area
NET_KEY = "builder.network_picture"
# While a batch is sent, Streamlit dims the elements it is about to replace (a third of their
# opacity): the player would flicker; it stays as it is until the next frame replaces it.
# A refused weight is said right under its field, over what is below it rather than pushing
# the picture and the output plot below the fold at 1280×720 (until the field is corrected).
LINK_MESSAGE_KEY = "builder_link_message"
WATCH_CSS = (f'<style>.st-key-{WATCH_KEY} [data-stale="true"] '
             "{ opacity: 1 !important; transition: none !important; }"
             ".st-key-builder_play { position: relative; }"
             ".st-key-builder_replay_playing { display: none; }"
             f".st-key-{LINK_MESSAGE_KEY} {{ position: absolute; top: 100%; right: 0;"
             " width: min(30rem, 100%); z-index: 5; }"
             f'.st-key-{LINK_MESSAGE_KEY}:has([data-testid="stAlert"]) {{'
             " background: var(--background-color, #fff); border-radius: 0.5rem;"
             " box-shadow: 0 2px 8px rgba(0, 0, 0, 0.25); }"
             "</style>")


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
        _leave_live()  # an own copy belongs to the run it came from


def live(run: Run) -> Trainer:
    """The session's own network, made when first needed: the run's trainer restored at the
    kept epoch shown (bit for bit the run's from there on, a copy of it)."""
    session = st.session_state
    trainer = session.get(state.WATCH_LIVE)
    if not isinstance(trainer, Trainer):
        kept = epochs(run)
        epoch = session.get(state.WATCH_EPOCH, kept[-1])
        trainer = run.trainer_at(run.frames[kept.index(epoch) if epoch in kept else -1])
        session[state.WATCH_LIVE] = trainer
        session[state.WATCH_LIVE_CURVE] = ()
        _own_row(trainer)  # where its curve starts
    return trainer


def _leave_live() -> None:
    """Back to the recorded run (Epoch 0, the slider, a new run)."""
    st.session_state[state.WATCH_LIVE] = None
    st.session_state[state.WATCH_LIVE_CURVE] = ()
    st.session_state[state.WATCH_LIVE_PLAY] = None


def _own_row(own: Trainer) -> tuple[float, float, float] | None:
    """The own network's (epochs done, train loss, test loss) now (bpcore measures them),
    noted as the last row of its curve (an edit in place replaces the row of its position);
    None when a weight or a loss is not a number."""
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        measured = own.measure()
    if measured is None:
        return None
    row = (own.epoch + own.done / own.batches, measured[0], measured[1])
    liveplay.add_rows((row,))
    return row


def _on_pick() -> None:
    """A click in the network picture: on a unit, its output becomes the output plot's
    background (a click on the same unit again, or beside every unit, gives the network's
    output back); on a link's point, that link's weight is offered for editing."""
    session = st.session_state
    chosen = session[NET_KEY].get("selection", {}).get("points", [])
    data = [p.get("customdata") for p in chosen if isinstance(p.get("customdata"), list)]
    picked = [int(v) for v in data[0]] if data and all(
        isinstance(v, (int, float)) for v in data[0]) else []
    if len(picked) == 3:  # a link: [layer, i, j]
        session[state.BUILDER_LINK] = tuple(picked)
        return
    unit = tuple(picked) if len(picked) == 2 else None
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
def _play(playing: bool, start: int | None, until: int | None) -> None:
    """Play or Pause. On the recorded run Play goes from epoch ``start`` when given (Play at
    the end starts over); on the own network (``until``: where it stops, live_until) it
    trains on from where it is."""
    session = st.session_state
    if playing:
        if isinstance(session.get(state.WATCH_LIVE), Trainer):
            session[state.WATCH_LIVE_UNTIL] = until
            liveplay.start()
        elif start is not None:
            session[state.WATCH_EPOCH] = start
        session[state.WATCH_AHEAD], session[state.WATCH_SENT] = None, ()  # a new batch first
    else:  # Pause: on the epoch the browser shows (it froze there and said so with the click)
        _sync_shown()
        liveplay.stop()
    session[state.WATCH_PLAYING] = playing


def _sync_shown() -> Report | None:
    """The epoch the browser's player says it shows (tutor.ui.player), made the epoch shown
    (WATCH_EPOCH) when it is one the server sent it; else None and nothing changes."""
    session = st.session_state
    seen = shown(state.WATCH_PLAYER)
    if seen is None or seen.at not in (session.get(state.WATCH_SENT) or ()) \
            or seen.seq > int(session.get(state.WATCH_SEQ) or 0):
        return None
    session[state.WATCH_EPOCH] = seen.at
    return seen


def _step(bound: int, kept: tuple[int, ...]) -> None:
    """Step on the recorded run: the kept epoch after the one shown (``bound``, when drawn;
    while playing, the one after the epoch the browser froze on: the same in both runs of a
    click's callback)."""
    seen = _sync_shown()
    _goto(kept[min(kept.index(seen.at) + 1, len(kept) - 1)] if seen else bound)


def _goto(epoch: int) -> None:
    """Show the recorded run's ``epoch`` (paused): Step's next kept epoch, or Epoch 0."""
    _leave_live()
    st.session_state[state.WATCH_EPOCH] = epoch
    st.session_state[state.WATCH_PLAYING] = False


# Step and Batch on the own network act on the position they were drawn at: a click whose
# callback runs twice (see above) still takes one step.
def _step_live(run: Run, at: tuple[int, int] | None, whole: bool) -> None:
    """One batch (or, ``whole``, the rest of the epoch in progress) on the own network, made
    from the kept epoch shown first; nothing when it has moved on since the button was drawn
    (at ``at``, or, None, not made yet). While Play trains it, from the frame on screen."""
    # While playing: from the frame on screen (this click's first run; the second finds Play
    # stopped and the network moved on from where the button was drawn).
    stopped = liveplay.stop()
    _sync_shown()  # the recorded run playing: the own copy is made from the epoch on screen
    st.session_state[state.WATCH_PLAYING] = False
    made = isinstance(st.session_state.get(state.WATCH_LIVE), Trainer)
    if at is None and made:  # drawn without an own copy: this click's first run made it
        return
    trainer = live(run)
    if at is not None and trainer.position != at and not stopped:
        return
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):  # said, not raised
        if whole:
            trainer.run_epoch()
        else:
            trainer.step_batch()


def play_controls(run: Run, lang: str) -> None:
    """Play/Pause, Step, Back to the start, and the output plot's two switches, in one row."""
    kept = epochs(run)
    playing = bool(st.session_state.get(state.WATCH_PLAYING))
    at = kept.index(st.session_state.get(state.WATCH_EPOCH, kept[-1]))
    start = kept[0] if at == len(kept) - 1 else None
    own = st.session_state.get(state.WATCH_LIVE)
    position = own.position if isinstance(own, Trainer) else None
    until = liveplay.live_until(run, own) if isinstance(own, Trainer) else None
    with st.container(horizontal=True, vertical_alignment="center", key="builder_play"):
        st.button(t("builder.pause" if playing else "builder.play", lang),
                  icon=":material/pause:" if playing else ":material/play_arrow:",
                  on_click=_play, args=(not playing, start, until), type="primary",
                  key="builder_play_button")
        if position is None:  # the recorded run: its next kept epoch
            st.button(t("builder.step", lang), icon=":material/skip_next:", on_click=_step,
                      args=(kept[min(at + 1, len(kept) - 1)], tuple(kept)),
                      key="builder_step_button",
                      help=t("builder.step_help", lang))
        else:  # the own network: to the end of the epoch in progress
            st.button(t("builder.step", lang), icon=":material/skip_next:",
                      on_click=_step_live, args=(run, position, True),
                      key="builder_step_button", help=t("builder.step_help", lang))
        st.button(t("builder.step_batch", lang), icon=":material/redo:", on_click=_step_live,
                  args=(run, position, False), key="builder_batch_button",
                  help=t("builder.step_batch_help", lang))
        st.button(t("builder.restart", lang), icon=":material/replay:", on_click=_goto,
                  args=(kept[0],), key="builder_restart_button")
        st.toggle(t("builder.show_test", lang), key=state.BUILDER_SHOW_TEST)
        st.toggle(t("builder.discretize", lang), key=state.BUILDER_DISCRETIZE)
        if not playing:  # no edits while the frames change
            link_field(run, lang)


def watched(run: Run, recipe: Recipe, lang: str) -> None:
    """Play's controls and the watched area (``play_controls``, ``watch``) as one fragment: a
    click on Play, Pause, Step, Batch, Back to the start, a switch, the replay slider, or a
    unit or a link of the network picture reruns them alone, not the page (the recipe's
    controls, the microscope, the sidebar: a full builder rerun is ~45 ms of CPU, and a class
    pressing Play at once pressed it 40 times). A click that changes the recipe (an own point
    added or removed: tutor.builder.controls._on_click) reruns the page."""
    st.fragment(_watched, key=WATCHED_FRAGMENT)(run, recipe, lang)


def _watched(run: Run, recipe: Recipe, lang: str) -> None:
    play_controls(run, lang)
    watch(run, recipe, lang)


def watch(run: Run, recipe: Recipe, lang: str) -> None:
    """The watched area: the epoch counter and replay slider, the network picture beside the
    output plot, the loss curves below; while playing, a fragment the browser's player reruns
    for its next batch of frames (tutor.ui.player)."""
    st.html(WATCH_CSS)
    if st.session_state.get(state.WATCH_PLAYING) \
            and st.session_state.get(state.WATCH_RUN) != exact_key(recipe):
        # An edit of the recipe while playing that was refused (a valid one made a new run,
        # which opens paused: ``sync``): Play stops on the frame on screen, the run kept.
        _sync_shown()
        liveplay.stop()
        st.session_state[state.WATCH_PLAYING] = False
    if st.session_state.get(state.WATCH_PLAYING):
        st.fragment(_area)(run, recipe, lang, True)
    else:
        _area(run, recipe, lang, False)


def _area(run: Run, recipe: Recipe, lang: str, playing: bool) -> None:
    with st.container(key=WATCH_KEY):
        if not playing:
            _frame(run, recipe, lang)
        elif isinstance(st.session_state.get(state.WATCH_LIVE), Trainer):
            _live_batch(run, recipe, lang)
        else:
            _batch(run, recipe, lang)


def _frame(run: Run, recipe: Recipe, lang: str) -> None:
    """The epoch shown, paused: the recorded run's kept epoch, or the own network now."""
    session = st.session_state
    kept = epochs(run)
    own = session.get(state.WATCH_LIVE)
    own = own if isinstance(own, Trainer) else None
    epoch = session[state.WATCH_EPOCH]
    network = run.network_at_epoch(epoch) if own is None else own.network
    row = _own_row(own) if own is not None else None
    counter, slider = st.columns([1.6, 1], gap="small", vertical_alignment="center")
    counter.markdown(_counter(run, epoch, own, row, lang))
    if len(kept) > 1:
        choice_widget(
            slider.select_slider, t("builder.replay", lang), kept, key=state.WATCH_EPOCH,
            label_visibility="collapsed", on_change=_leave_live)
    decimals, discretize, show_test, focus = _switches(run, recipe)
    # The recorded run's epoch is drawn once per server for every session pausing on it; the
    # own copy is the session's alone, and so is the run kept beside a refused recipe.
    if own is None and session.get(state.WATCH_RUN) == exact_key(recipe):
        frame = shared_still(recipe, epoch, lang, decimals, discretize, show_test, focus)
    elif own is None:
        frame = still_frame(run, recipe, network, epoch, lang, decimals, discretize, show_test,
                            focus)
    else:  # the own copy: its losses so far beside the run's, marked where it is
        frame = still_frame(run, recipe, network, own.epoch + own.done / own.batches, lang,
                            decimals, discretize, show_test, focus,
                            session.get(state.WATCH_LIVE_CURVE) or None)
    left, right = st.columns([1.2, 1], gap="small")
    with left:
        show_still(frame.network, NET_KEY, lang, on_select=_on_pick, selection_mode="points")
        _live_note(lang)
    with right:
        if frame.plane is not None:
            show_still(frame.plane, state.BUILDER_PLANE, lang)
        elif recipe.points is not None:  # the own points: a plot that takes clicks
            boundary_chart(run, recipe, lang, network, WATCH_PX, size=STILL_GRID)
        if focus is not None:
            st.caption(t("builder.focus_help", lang))
    show_still(frame.curves, "builder.curves", lang)


def _switches(run: Run, recipe: Recipe) -> liveplay.Switches:
    """What Play's frames are drawn with: the precision, the output plot's two switches and
    the unit chosen in the network picture (toy sets)."""
    session = st.session_state
    return (int(session.get(PRECISION, 4)), bool(session.get(state.BUILDER_DISCRETIZE, False)),
            bool(session.get(state.BUILDER_SHOW_TEST, True)),
            _focus(run) if recipe.points is None else None)


def _hidden_slider(run: Run, lang: str) -> None:
    """The replay slider while playing, hidden (the player shows the counter): drawn so that
    its key, the epoch shown, is kept."""
    with st.container(key="builder_replay_playing"):
        choice_widget(
            st.select_slider, t("builder.replay", lang), epochs(run), key=state.WATCH_EPOCH,
            label_visibility="collapsed", disabled=True)


def _under_player(recipe: Recipe, focus: tuple[int, int] | None, table: str, lang: str) -> None:
    """What goes under the player: that the own points are clicked once paused, the chosen
    unit's note, the curves' table."""
    if recipe.points is not None:
        st.caption(t("builder.click_paused", lang))
    if focus is not None:
        st.caption(t("builder.focus_help", lang))
    draw_table(table, lang)


def _live_batch(run: Run, recipe: Recipe, lang: str) -> None:
    """A rerun of Play on the own network (tutor.builder.liveplay): the next batch of frames
    trained and sent to the browser's player, or, when the browser has not shown the newest
    batch yet, that batch again (it ignores one it has). Play stops on the last frame once
    it is shown (or sent, with no browser to say), or where it is when the pool refuses
    (said in a toast)."""
    session = st.session_state
    if not session.get(state.WATCH_PLAYING):  # paused meanwhile (Pause, or a click elsewhere)
        st.rerun(scope="app")
    own = session[state.WATCH_LIVE]
    play = session.get(state.WATCH_LIVE_PLAY)
    if not isinstance(play, liveplay.LivePlay):  # no Play pressed on it (a stale session)
        liveplay.start()
        play = session[state.WATCH_LIVE_PLAY]
    play, seen = liveplay.sync(play)
    session[state.WATCH_LIVE_PLAY] = play
    switches = _switches(run, recipe)
    if play.batch and play.last and seen is not None and seen.at != play.batch[-1]:
        pass  # all sent, not all shown yet: the last batch again
    elif not play.batch or seen is None or seen.seq >= play.seq:  # the next batch
        try:
            following = None if play.last else liveplay.next_batch(
                run, recipe, play, own, lang, switches, seen)
        except PoolError as err:
            st.toast(reason(err, lang), icon=":material/hourglass_top:")
            following = None
        if following is None:  # the end is shown (or sent, with no browser to say)
            if play.batch and play.last and seen is None:
                session[state.WATCH_LIVE_PLAY] = replace(play, shown=play.batch[-1])
            liveplay.stop()
            session[state.WATCH_PLAYING] = False
            st.rerun(scope="app")
        play = following
        session[state.WATCH_LIVE_PLAY] = play
    _hidden_slider(run, lang)
    play_frames(play.payload, state.WATCH_PLAYER, _on_shown)
    _under_player(recipe, switches[3], _live_table(run, lang, play), lang)


def _live_table(run: Run, lang: str, play: liveplay.LivePlay) -> str:
    """The loss curves' table while the own network plays: as at the newest frame sent."""
    curve = st.session_state.get(state.WATCH_LIVE_CURVE) or ()
    figure = curves_spec(run, lang, play.batch[-1], own=curve or None)
    return table_markdown(figure, int(st.session_state.get(PRECISION, 4)))


def _batch(run: Run, recipe: Recipe, lang: str) -> None:
    """A rerun of Play on the recorded run: the next batch of frames (tutor.builder.playbatch)
    sent to the browser's player, or, when the browser has not shown the newest batch yet,
    that batch again (it ignores one it has). Play stops once the run's last epoch is shown
    (or sent, with no browser to say what it shows)."""
    session = st.session_state
    if not session.get(state.WATCH_PLAYING):  # paused meanwhile (Pause, or a click elsewhere)
        st.rerun(scope="app")
    kept = epochs(run)
    seen = _sync_shown()
    ahead, seq = session.get(state.WATCH_AHEAD), int(session.get(state.WATCH_SEQ) or 0)
    batch = tuple(session.get(state.WATCH_BATCH) or ())
    if ahead == kept[-1] and seen is not None and seen.at != kept[-1]:
        pass  # all sent, not all shown yet: the last batch again
    elif ahead not in kept or seen is None or seen.seq >= seq:  # the next batch
        start = session[state.WATCH_EPOCH] if ahead not in kept else ahead
        following = playbatch.next_epochs(kept, start) if start in kept else []
        if not following:  # the end is shown (or sent, with no browser to say)
            session[state.WATCH_EPOCH] = kept[-1]
            session[state.WATCH_PLAYING] = False
            st.rerun(scope="app")
        seq += 1
        sent = (session.get(state.WATCH_SENT) or ()) if ahead in kept else (start,)
        session[state.WATCH_SENT] = (*sent, *following)[-playbatch.SENT_KEPT:]
        batch = tuple(following)
        session[state.WATCH_SEQ], session[state.WATCH_BATCH] = seq, batch
        session[state.WATCH_AHEAD] = batch[-1]
        if seen is None:  # no browser has said yet: the batch's first frame is on screen
            session[state.WATCH_EPOCH] = batch[0]
    switches = _switches(run, recipe)
    frames = [shared_frame(recipe, e, lang, *switches) for e in batch]
    counters = [_counter(run, e, None, None, lang) for e in batch]
    _hidden_slider(run, lang)
    play_frames(playbatch.batch_payload(seq, batch, frames, counters, batch[-1] == kept[-1]),
                state.WATCH_PLAYER, partial(_on_shown, kept[-1]))
    _under_player(recipe, switches[3], frames[0].table, lang)


def _on_shown(last: int | None = None) -> None:
    """The browser's player said which epoch it shows (see _sync_shown). On the recorded run
    (``last``: its last kept epoch), when that is the last epoch of the last batch sent, Play
    stops there and only the watched fragment reruns, drawing it paused (in the fragment's
    body, ``_batch``, the end could only rerun the whole page: Streamlit lets a callback alone
    rerun a fragment by its key)."""
    seen = _sync_shown()
    session = st.session_state
    if last is None or seen is None or not session.get(state.WATCH_PLAYING):
        return
    if seen.at == last and session.get(state.WATCH_AHEAD) == last \
            and seen.seq >= int(session.get(state.WATCH_SEQ) or 0):
        session[state.WATCH_PLAYING] = False
        st.rerun(scope=WATCHED_FRAGMENT)


def _counter(run: Run, epoch: int, own: Trainer | None,
             row: tuple[float, float, float] | None, lang: str) -> str:
    """The epoch counter: the recorded run's epoch and losses, or the own network's epoch,
    batch and losses now (``row``, _own_row's)."""
    if own is None:
        curves = run.curves
        return t("builder.epoch_of", lang, epoch=epoch, epochs=epochs(run)[-1],
                 train=fmt(curves.train_loss[epoch], 3), test=fmt(curves.test_loss[epoch], 3))
    return liveplay.own_counter(own.epoch, own.done, own.batches, row, lang)


def shown_network(run: Run) -> Network:
    """The network the watched area shows when paused: the own one, else the kept epoch's."""
    own = st.session_state.get(state.WATCH_LIVE)
    if isinstance(own, Trainer):
        return own.network
    return run.network_at_epoch(st.session_state.get(state.WATCH_EPOCH, epochs(run)[-1]))


def link_field(run: Run, lang: str) -> None:
    """The clicked link's weight in a field, its label beside it (in the row of Play: at
    1280×720 it never pushes the picture down): a number in range becomes that weight of the
    own network (made from the epoch shown if need be); anything else is refused beside the
    field and the weight kept. Nothing when no link of this network is picked."""
    link = st.session_state.get(state.BUILDER_LINK)
    network = shown_network(run)
    sizes = network.sizes
    if link is None or not (0 <= link[0] < len(sizes) - 1 and 0 <= link[1] < sizes[link[0]]
                            and 0 <= link[2] < sizes[link[0] + 1]):
        return
    c, i, j = link
    label = t("builder.link_weight", lang, name=f"W{c + 1}[{i + 1},{j + 1}]")

    def use(w: float) -> None:
        st.session_state[state.WATCH_PLAYING] = False
        live(run).network.weights[c][i, j] = w

    row = st.container(horizontal=True, vertical_alignment="center", gap="small",
                       width="content", key="builder_link")
    message = st.container(key=LINK_MESSAGE_KEY)  # the refusal: under the field (WATCH_CSS)
    with row:
        st.markdown(f"{label} =", width="content")
        number_field(label, state.link_field_key(c, i, j), float(network.weights[c][i, j]),
                     *MAGNITUDE.bounds, use, lang=lang, name="weight", decimals=3, width=110,
                     label_visibility="collapsed", message_where=message)


def _live_note(lang: str) -> None:
    """What the own network is and how to leave it, when there is one; else how to edit a
    weight, once a link is picked."""
    if isinstance(st.session_state.get(state.WATCH_LIVE), Trainer):
        st.caption(t("builder.live_note", lang))
    elif st.session_state.get(state.BUILDER_LINK) is not None:
        st.caption(t("builder.link_help", lang))


# --- the run while it trains ----------------------------------------------------------------
class _PreviewProgress(BarProgress):
    """The progress bar's callback, and ``partial(run)``: the run so far drawn under the bar
    (at most every PREVIEW_SECONDS; ``preview``). Each drawing has keys of its own (one
    script run draws many)."""

    def __init__(self, bar: Any, text: str, lang: str, slots: tuple[Any, ...],
                 recipe: Recipe) -> None:
        super().__init__(bar, text, lang)
        self._slots, self._recipe = slots, recipe
        self._drawn, self._count = -math.inf, 0

    def partial(self, run: Run) -> None:
        now = time.monotonic()
        if now - self._drawn < PREVIEW_SECONDS or not run.frames:
            return
        self._drawn, self._count = now, self._count + 1
        preview(run, self._recipe, self._lang, self._count, self._slots)


@dataclass(frozen=True)
class TrainingView(ProgressBar):
    """The builder's View of a run being made: the progress bar, and under it the run so
    far as it trains (``preview``); both gone when it is done."""

    recipe: Recipe = Recipe()

    @contextmanager
    def computing(self) -> Iterator[Progress]:
        bar = st.progress(0.0, text=self.text)
        holder = st.empty()
        with holder.container():
            st.html(STACK_CSS)
            counter = st.empty()
            left, right = st.columns([1.2, 1], gap="small")
            with left:
                picture = stack("builder_picture")
            with right:
                plane = stack("builder_plane")
            slots = (counter, picture, plane, stack("builder_curves"))
        try:
            yield _PreviewProgress(bar, self.text, self.lang, slots, self.recipe)
        finally:
            bar.empty()
            holder.empty()


def training_view(recipe: Recipe, lang: str) -> TrainingView:
    """The View the builder's run is made with (tutor.serving.kept)."""
    return TrainingView(t("builder.training_now", lang), t("shared.waiting", lang), lang,
                        recipe)


def preview(run: Run, recipe: Recipe, lang: str, n: int, slots: tuple[Any, ...]) -> None:
    """A run in training at its newest kept epoch (``run.frames[-1]``; its curves so far)
    drawn into ``slots``: the counter, then the network picture, the output plot and the
    loss curves each laid over its drawing before (tutor.ui.frames.stack), under keys of
    drawing ``n``."""
    counter, picture, plane, below = slots
    epoch, curves = run.frames[-1].epoch, run.curves
    counter.markdown(t("builder.epoch_of", lang, epoch=epoch, epochs=recipe.epochs,
                       train=fmt(curves.train_loss[-1], 3), test=fmt(curves.test_loss[-1], 3)))
    with picture, st.container():  # laid over the drawing before (tutor.ui.frames.stack)
        grids = neuron_grids(run.network, run.X_train, run.features)
        frame_figure(network_figure(run.network, grids, run.features, lang, WATCH_PX),
                     f"builder.preview.{n}.network")
    with plane, st.container():
        boundary_chart(run, recipe, lang, run.network, WATCH_PX,
                       key=f"builder.preview.{n}.plane", size=PLAY_GRID, frame=True)
    with below, st.container():
        frame_figure(loss_curves_figure(curves, loss_label(run.network.loss, lang), lang),
                     f"builder.preview.{n}.curves")
