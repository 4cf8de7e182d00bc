"""Play on the learner's own network, live, in batches (the player of the recorded run's Play).

Once Batch, Step or an edited weight has made the network shown the session's own copy
(a bpcore Trainer under WATCH_LIVE), Play trains it on, live. A fragment rerun of Play (the
browser's player asks for it, as for the recorded run: tutor.ui.player) trains the next
batch of frames in the worker pool (tutor.serving.jobs.live_frames: ``stride`` epochs a
frame, BATCH_FRAMES frames, bit for bit the epochs bpcore.trainer.train takes; one run on
its way per session, and a rerun that stops the wait — Pause, an edit — leaves it to be
cancelled), makes each frame once (the network picture, the output plot and the loss curves
with the own losses so far: tutor.builder.playframes' builders, packed by own_packed_frame;
the curves in every frame since they grow, their words described once a batch) and sends
them as one payload (tutor.builder.playbatch) to the same player element, which shows them
at 8 frames a second while the next batch is made.

The session keeps, beside its own network (which stays where Play started until Play
stops), one frozen ``LivePlay`` under WATCH_LIVE_PLAY: the trainer's state at every frame
sent that the browser may still say it shows (bpcore.trainer.Frame, at the end of an
epoch), the trainer where the newest frame is (the next batch trains on from it), the epoch
shown and the newest payload. Pause, Step and Batch stop on the frame on screen (``stop``):
the own network is restored to that frame's state, so stepping on from there is bit for
bit going on from that epoch, and the own curve loses the rows trained ahead of it.

Pace: the own network goes on about as fast as the recorded run plays (its last epoch in
about PLAY_SECONDS at FRAME_SECONDS a frame), but a frame's training is estimated by
bpcore.cost at most LIVE_FRAME_SECONDS and a batch's at most LIVE_BATCH_SECONDS (a large
network: one epoch a frame, fewer frames a batch), and the states kept for the frames the
browser may hold at most LIVE_KEPT_BYTES a session (4 MB: the largest network plays a frame or
two a batch); at least one epoch and one frame.
"""

from __future__ import annotations

import dataclasses
import hashlib
import math
from dataclasses import dataclass
from typing import Any

import streamlit as st

from bpcore import fmt
from bpcore.builder import Run
from bpcore.cost import sgd_cost
from bpcore.recipe import Recipe
from bpcore.trainer import Frame, Trainer
from tutor.builder import playbatch, state
from tutor.builder.playframes import (
    RecordedFrame,
    curves_spec,
    network_spec,
    own_packed_frame,
    plane_spec,
)
from tutor.figures.words import describe
from tutor.i18n import t
from tutor.serving import jobs
from tutor.serving.jobs import LiveFrame, LiveRow
from tutor.serving.shared import pooled, session_id
from tutor.ui.player import AHEAD, Report, shown

# What a frame is drawn with: decimals, discretize, show test data, the unit chosen (or None).
Switches = tuple[int, bool, bool, tuple[int, int] | None]
LIVE_FRAME_SECONDS = 0.05  # a frame's training, estimated, at most (one epoch at least)
LIVE_BATCH_SECONDS = 0.5  # a batch's training, estimated, at most (one frame at least)
LIVE_KEPT_BYTES = 4_000_000  # the frames' states a playing session keeps, at most
LIVE_CURVE_ROWS = 2000  # the own curve's rows at most (thinned by half past it)


@dataclass(frozen=True)
class LivePlay:
    """Play on the own network so far (never changed: each batch is a new one). ``first``:
    the number of its first batch, ``seq`` its newest; ``sent``: (epoch, the trainer's state
    then) for each frame the browser may say it shows (the newest ``kept(count)``);
    ``batch``: the newest batch's epochs; ``ahead``: the trainer at its last frame (None
    before the first batch); ``shown``: the epoch on screen (the browser's word, or with no
    browser the newest batch's first); ``last``: the newest batch ends Play; ``payload``:
    the newest batch as sent."""

    first: int
    seq: int
    sent: tuple[LiveFrame, ...] = ()
    batch: tuple[int, ...] = ()
    ahead: Trainer | None = None
    shown: int | None = None
    last: bool = False
    payload: bytes = b""


def epoch_seconds(run: Run) -> float:
    """One epoch of the run's network on its data, as bpcore.cost estimates it (training and
    the losses measured on both sets)."""
    return sgd_cost(run.network.sizes, len(run.X_train), len(run.X_test), 1, run.batch,
                    run.X_train.dtype.itemsize).seconds


def live_pace(run: Run, own: Trainer) -> tuple[int, int]:
    """(stride, frames): the epochs one frame of Play moves the own network on, and the
    frames one batch holds. As many epochs a frame as the recorded run moves on (its last
    epoch in about PLAY_SECONDS), within LIVE_FRAME_SECONDS of estimated training a frame;
    BATCH_FRAMES frames within LIVE_BATCH_SECONDS a batch, and few enough that the states
    kept for the frames the browser may hold (``kept``) stay within LIVE_KEPT_BYTES. At least
    one of each."""
    end = max(run.frames[-1].epoch, 1)
    stride = max(1, math.ceil(end * playbatch.FRAME_SECONDS / playbatch.PLAY_SECONDS))
    count = playbatch.BATCH_FRAMES
    cost = epoch_seconds(run)
    if cost > 0:
        stride = max(1, min(stride, int(LIVE_FRAME_SECONDS // cost)))
        count = min(count, int(LIVE_BATCH_SECONDS // (stride * cost)))
    state_bytes = own.state_floats() * own.network.weights[0].itemsize
    count = min(count, LIVE_KEPT_BYTES // ((AHEAD + 2) * state_bytes))
    return stride, max(1, count)


def kept(count: int) -> int:
    """The frames' states a session keeps while its own network plays ``count`` frames a
    batch: every frame the browser can hold (AHEAD batches past the one it shows), one batch
    more, and the one it showed before them (as playbatch.SENT_KEPT)."""
    return (AHEAD + 2) * count + 1


def live_until(run: Run, own: Trainer) -> int:
    """Where Play on the own network stops: the run's last epoch, or, from there on, one
    run's length further."""
    end = max(run.frames[-1].epoch, 1)
    return end if own.epoch < end else own.epoch + end


def add_rows(rows: tuple[LiveRow, ...]) -> None:
    """Rows appended to the own curve (one at the last row's position replaces it); past
    LIVE_CURVE_ROWS every other row is dropped, the last kept."""
    session = st.session_state
    curve = list(session.get(state.WATCH_LIVE_CURVE) or ())
    for row in rows:
        if curve and curve[-1][0] == row[0]:
            curve[-1] = row
        else:
            curve.append(row)
    if len(curve) > LIVE_CURVE_ROWS:
        curve = [*curve[:-1:2], curve[-1]]
    session[state.WATCH_LIVE_CURVE] = tuple(curve)


def own_counter(epoch: int, done: int, batches: int, row: LiveRow | None, lang: str) -> str:
    """The epoch counter of the own network: its epoch, batch and losses (``row``), or that
    the loss is no longer a number (``row`` None)."""
    where = {"epoch": epoch, "batch": done, "batches": batches}
    if row is None:
        return t("builder.epoch_batch_nan", lang, **where)
    return t("builder.epoch_batch_of", lang, train=fmt(row[1], 3), test=fmt(row[2], 3),
             **where)


def _reported(play: LivePlay) -> Report | None:
    """What the browser's player says it shows, when it is a frame of this Play it was sent."""
    seen = shown(state.WATCH_PLAYER)
    if seen is None or not play.first <= seen.seq <= play.seq \
            or seen.at not in {epoch for epoch, _ in play.sent}:
        return None
    return seen


def start() -> None:
    """Play pressed on the own network: a fresh LivePlay, its batches numbered on from the
    session's last (the player ignores a batch not newer than the one it has)."""
    seq = int(st.session_state.get(state.WATCH_SEQ) or 0)
    st.session_state[state.WATCH_LIVE_PLAY] = LivePlay(seq + 1, seq)


def stop() -> bool:
    """Play on the own network stops on the frame on screen (the browser's word with the
    click, else the one shown last): the own network restored to that frame's state, the own
    curve cut there. False (and nothing changed) when no frame of it was on screen."""
    session = st.session_state
    play = session.get(state.WATCH_LIVE_PLAY)
    session[state.WATCH_LIVE_PLAY] = None
    own = session.get(state.WATCH_LIVE)
    if not isinstance(play, LivePlay) or not isinstance(own, Trainer):
        return False
    seen = _reported(play)
    at = seen.at if seen is not None else play.shown
    frame = dict(play.sent).get(at) if at is not None else None
    if frame is None:
        return False
    own.restore(frame)
    curve = session.get(state.WATCH_LIVE_CURVE) or ()
    session[state.WATCH_LIVE_CURVE] = tuple(row for row in curve if row[0] <= frame.epoch)
    return True


class _Waiting:
    """The pool's progress callback while a batch trains: it only reads the session, which
    lets Streamlit stop the wait there when Pause or an edit asks for a rerun (the run is then
    cancelled: tutor.serving.pool)."""

    def __call__(self, _fraction: float) -> None:
        st.session_state.get(state.WATCH_PLAYING)

    def queued(self, _ahead: int) -> None:
        st.session_state.get(state.WATCH_PLAYING)


def _digest(trainer: Trainer) -> str:
    """The trainer's weights and biases, as a short name for its pool run."""
    digest = hashlib.sha256()
    for a in (*trainer.network.weights, *trainer.network.biases):
        digest.update(a.tobytes())
    return digest.hexdigest()[:16]


def next_batch(run: Run, recipe: Recipe, play: LivePlay, own: Trainer, lang: str,
               switches: Switches, seen: Report | None) -> LivePlay | None:
    """The next batch of Play on the own network, trained (in the pool) and made: the new
    LivePlay, or None when there is nothing left to train (the end). With no word from a
    browser (``seen`` None) its first frame is taken as shown. PoolError when the pool
    refuses."""
    session = st.session_state
    begin = play.ahead or own
    until = int(session.get(state.WATCH_LIVE_UNTIL) or live_until(run, own))
    if begin.epoch >= until:
        return None
    stride, count = live_pace(run, own)
    trainer, frames, rows = pooled(
        "builder-live", jobs.live_frames, (begin, stride, count, until),
        (session_id(), begin.position, _digest(begin), stride, count, until), _Waiting())
    if not frames:
        return None
    add_rows(rows)
    seq = play.seq + 1
    session[state.WATCH_SEQ] = seq
    epochs = tuple(epoch for epoch, _ in frames)
    by_epoch = {row[0]: row for row in rows}
    diverged = frames[-1][0] not in by_epoch
    # The curves' words once a batch (as at its last frame): describing the curves is
    # the most of a frame's making, and the words are read, not watched.
    words = describe(_curves(run, lang, epochs[-1]), switches[0], lang)
    made = [own_frame(run, recipe, frame, lang, switches, words, k == 0)
            for k, (_, frame) in enumerate(frames)]
    counters = [own_counter(epoch, 0, own.batches, by_epoch.get(epoch), lang)
                for epoch in epochs]
    last = diverged or trainer.epoch >= until
    payload = playbatch.batch_payload(seq, epochs, made, counters, last)
    return dataclasses.replace(
        play, seq=seq, sent=(*play.sent, *frames)[-kept(count):], batch=epochs,
        ahead=trainer, shown=epochs[0] if seen is None else play.shown, last=last,
        payload=payload)


def own_frame(run: Run, recipe: Recipe, frame: Frame, lang: str, switches: Switches,
              curves_words: str, first: bool) -> RecordedFrame:
    """One frame of Play on the own network at a bpcore.trainer.Frame: its network picture,
    its output plot and the loss curves with the own losses up to it (from the session's
    own curve; their words ``curves_words``, the batch's), made once and packed
    (tutor.builder.playframes.own_packed_frame)."""
    decimals, discretize, show_test, focus = switches
    network = run.network_at(frame)
    return own_packed_frame(network_spec(run, network, lang),
                            plane_spec(run, recipe, network, lang, focus, discretize,
                                       show_test),
                            _curves(run, lang, frame.epoch), curves_words, decimals, lang,
                            first)


def _curves(run: Run, lang: str, epoch: int) -> dict[str, Any]:
    """The loss curves with the own losses up to ``epoch`` and the marker there."""
    curve = st.session_state.get(state.WATCH_LIVE_CURVE) or ()
    mine = tuple(row for row in curve if row[0] <= epoch)
    return curves_spec(run, lang, epoch, own=mine or None)


def sync(play: LivePlay) -> tuple[LivePlay, Report | None]:
    """The browser's word on the frame it shows, noted in ``play``."""
    seen = _reported(play)
    return (play if seen is None else dataclasses.replace(play, shown=seen.at)), seen
