"""Play's frames of a recorded run, made once per server and shared by every session.

A class pressing Play on the same recipe watches the same frames: epoch e of recipe r in one
language, at one precision, with the output plot's two switches and the chosen unit, is one
``RecordedFrame`` (the network picture, the output plot and the loss curves, each a
tutor.ui.frames.Drawn ready to send, and the curves' table). A frame is made the first time
a session needs it, from the recipe's shared run (tutor.serving.shared.BUILDER_RUNS), and
every other session's batch only sends it: the forward passes over the plane, the figure
dicts, their words and their JSON are done once per frame per server, not once per player.

The own network (Batch, an edited weight) is the session's alone: its frames are made by the
session (tutor.builder.liveplay), with the same builders (``network_spec``, ``plane_spec``,
``curves_spec``), packed for one session (``own_packed_frame``). The learner's own points are in the
recipe: their recorded run's frames are shared like a toy set's.
Bounded: a RecordedFrame is about 125 kB for the default network (its three charts' JSON and
words, and the same compressed for Play's batches); MAX_FRAMES of them, five play-throughs
of a run (Play shows 80 frames of one).
"""

from __future__ import annotations

import zlib
from typing import Any, NamedTuple

from bpcore.builder import Run, neuron_grids
from bpcore.network import Network
from bpcore.recipe import Recipe
from tutor.builder.controls import loss_label, own_plane_figure, toy_plane_figure
from tutor.figures.builder import loss_curves_figure
from tutor.figures.builder_net import network_figure
from tutor.serving.kept import Progress, SharedCache
from tutor.serving.shared import BUILDER_RUNS, TTL_SECONDS
from tutor.ui.frames import Drawn, prepared
from tutor.ui.plot import Still, still, table_markdown

WATCH_PX = 340  # the network picture's and the output plot's height
PLAY_GRID = 48  # the output plot's grid while playing (STILL_GRID paused): a quarter of the work
STILL_GRID = 90  # the output plot's grid when paused
MAX_STILLS = 64  # paused frames kept per server (~0.2 MB each): the epochs a class looks at
MARKER = "#7b2cbf"  # the epoch shown, a line across the loss curves
MAX_FRAMES = 400  # recorded frames kept per server: ~50 MB at most for the default network
PACK_LEVEL = 6  # zlib's level for a batch's frames: ~4 ms a frame, once per server
LIVE_PACK_LEVEL = 1  # the own network's frames, made and sent once: fast over small


class RecordedFrame(NamedTuple):
    """One frame of Play on a recorded run, ready to send: the network picture, the output
    plot (None when the run diverged: nothing is coloured), the loss curves and their table
    (Markdown, "" when none)."""

    network: Drawn
    plane: Drawn | None
    curves: Drawn
    table: str
    # For Play in batches (tutor.builder.playbatch), compressed once here for every session:
    # zlib of {"network": …, "plane": …} and of the curves (about a quarter of the bytes).
    packed: bytes = b""
    packed_curves: bytes = b""


class StillFrame(NamedTuple):
    """The builder's paused view of one network, each chart a tutor.ui.plot.Still ready to
    draw: the network picture, a toy set's output plot (None when the run diverged, or for
    the learner's own points, whose plot the page draws itself: it takes clicks) and the loss
    curves with their table."""

    network: Still
    plane: Still | None
    curves: Still


# (recipe, epoch, language, decimals, discretize, show test data, the chosen unit or None)
FrameKey = tuple[Recipe, int, str, int, bool, bool, "tuple[int, int] | None"]


def network_spec(run: Run, network: Network, lang: str) -> dict[str, Any]:
    """The network picture of ``network`` (its units' heatmaps over the run's plane)."""
    grids = neuron_grids(network, run.X_train, run.features)
    return network_figure(network, grids, run.features, lang, WATCH_PX)


def plane_spec(run: Run, recipe: Recipe, network: Network, lang: str,
               unit: tuple[int, int] | None, discretize: bool, show_test: bool
               ) -> dict[str, Any] | None:
    """The output plot while playing (PLAY_GRID): a toy set's (None when the run diverged:
    nothing is coloured), or the learner's own points on their plane (not clickable while
    playing: no class to add is offered but the first)."""
    if recipe.points is not None:
        return own_plane_figure(run, recipe, lang, network, WATCH_PX, PLAY_GRID, discretize,
                                show_test, 0)
    if run.curves.diverged_at is not None:
        return None
    return toy_plane_figure(run, network, lang, WATCH_PX, PLAY_GRID, unit, discretize,
                            show_test)


def curves_spec(run: Run, lang: str, marker: float,
                own: tuple[tuple[float, float, float], ...] | None = None) -> dict[str, Any]:
    """The loss curves (with the own network's, ``own``) and a line at epoch ``marker``."""
    figure = loss_curves_figure(run.curves, loss_label(run.network.loss, lang), lang, own=own)
    figure["layout"]["shapes"] = [{"type": "line", "xref": "x", "yref": "paper", "x0": marker,
                                   "x1": marker, "y0": 0, "y1": 1,
                                   "line": {"color": MARKER, "width": 2}}]
    return figure


def packed_frame(network: dict[str, Any], plane: dict[str, Any] | None, curves: dict[str, Any],
                 decimals: int, lang: str) -> RecordedFrame:
    """Three figure dicts as one frame of Play on a recorded run, ready to send (pure: the
    same inputs, the same bytes): each prepared, and compressed for a batch
    (tutor.builder.playbatch) once per server; the curves apart (sent once a batch: only
    their marker moves)."""
    drawn_net = prepared(network, decimals, lang)
    drawn_plane = None if plane is None else prepared(plane, decimals, lang)
    drawn_curves = prepared(curves, decimals, lang)
    pair = (b'{"network":' + drawn_net.payload + b',"plane":'
            + (b"null" if drawn_plane is None else drawn_plane.payload) + b"}")
    return RecordedFrame(drawn_net, drawn_plane, drawn_curves, table_markdown(curves, decimals),
                         zlib.compress(pair, PACK_LEVEL),
                         zlib.compress(drawn_curves.payload, PACK_LEVEL))


def own_packed_frame(network: dict[str, Any], plane: dict[str, Any] | None,
                     curves: dict[str, Any], curves_words: str, decimals: int, lang: str,
                     first: bool) -> RecordedFrame:
    """One frame of Play on the own network, ready to send: as ``packed_frame``, but made
    for one session and sent once, so compressed fast (LIVE_PACK_LEVEL), the curves in the
    frame's own part (its curve grows frame by frame) with ``curves_words`` (the batch's,
    described once), apart only for the batch's ``first`` frame, and no table."""
    drawn_net = prepared(network, decimals, lang)
    drawn_plane = None if plane is None else prepared(plane, decimals, lang)
    drawn_curves = prepared(curves, decimals, lang, words=curves_words)
    part = (b'{"network":' + drawn_net.payload + b',"plane":'
            + (b"null" if drawn_plane is None else drawn_plane.payload)
            + b',"curves":' + drawn_curves.payload + b"}")
    return RecordedFrame(drawn_net, drawn_plane, drawn_curves, "",
                         zlib.compress(part, LIVE_PACK_LEVEL),
                         zlib.compress(drawn_curves.payload, LIVE_PACK_LEVEL) if first else b"")


def recorded_frame(run: Run, recipe: Recipe, epoch: int, lang: str, decimals: int,
                   discretize: bool, show_test: bool, unit: tuple[int, int] | None
                   ) -> RecordedFrame:
    """The frame of the run's kept ``epoch``, made (pure: the same inputs, the same bytes)."""
    network = run.network_at_epoch(epoch)
    return packed_frame(network_spec(run, network, lang),
                        plane_spec(run, recipe, network, lang, unit, discretize, show_test),
                        curves_spec(run, lang, epoch), decimals, lang)


def still_frame(run: Run, recipe: Recipe, network: Network, marker: float, lang: str,
                decimals: int, discretize: bool, show_test: bool,
                unit: tuple[int, int] | None,
                own: tuple[tuple[float, float, float], ...] | None = None) -> StillFrame:
    """The paused view of ``network`` (the run's at a kept epoch, or the learner's own copy,
    whose losses so far are ``own``), the loss curves marked at ``marker`` (pure: made once
    per server for the recorded run, ``shared_still``)."""
    plane = None
    if recipe.points is None and run.curves.diverged_at is None:
        plane = still(toy_plane_figure(run, network, lang, WATCH_PX, STILL_GRID, unit,
                                       discretize, show_test), decimals, lang)
    return StillFrame(still(network_spec(run, network, lang), decimals, lang), plane,
                      still(curves_spec(run, lang, marker, own=own), decimals, lang, table=True))


def _make_still(key: FrameKey, _progress: Progress) -> StillFrame:
    recipe, epoch, lang, decimals, discretize, show_test, unit = key
    run = BUILDER_RUNS.get(recipe)
    return still_frame(run, recipe, run.network_at_epoch(epoch), epoch, lang, decimals,
                       discretize, show_test, unit)


STILLS: SharedCache[FrameKey, StillFrame] = SharedCache(
    "still_frames", _make_still, max_entries=MAX_STILLS, ttl_seconds=TTL_SECONDS)


def shared_still(recipe: Recipe, epoch: int, lang: str, decimals: int, discretize: bool,
                 show_test: bool, unit: tuple[int, int] | None) -> StillFrame:
    """The recorded run's paused view at kept ``epoch`` from the server's cache (made on a
    miss): a class pausing on the same epoch draws it once, not once a student a rerun."""
    return STILLS.get((recipe, epoch, lang, decimals, discretize, show_test, unit))


def _make(key: FrameKey, _progress: Progress) -> RecordedFrame:
    recipe, epoch, lang, decimals, discretize, show_test, unit = key
    return recorded_frame(BUILDER_RUNS.get(recipe), recipe, epoch, lang, decimals, discretize,
                          show_test, unit)


FRAMES: SharedCache[FrameKey, RecordedFrame] = SharedCache(
    "play_frames", _make, max_entries=MAX_FRAMES, ttl_seconds=TTL_SECONDS)


def shared_frame(recipe: Recipe, epoch: int, lang: str, decimals: int, discretize: bool,
                 show_test: bool, unit: tuple[int, int] | None) -> RecordedFrame:
    """The recorded run's frame at ``epoch`` from the server's cache (made on a miss)."""
    return FRAMES.get((recipe, epoch, lang, decimals, discretize, show_test, unit))
