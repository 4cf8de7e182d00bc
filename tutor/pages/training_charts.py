"""The training page's charts, made once per server for every session that shows the same run.

A lecture hall opening Training on the worked example sees one run (shared.TRAINING keeps one
History per (scenario, n) for the whole server), and each student's run of the page drew its
charts again: the figure dicts, their words for a screen reader, the error curve's table and
the final values' table, about 40 % of a first view's server time. Here they are made once:

- ``run_charts``: what depends on the run alone (the outputs and the weights over the
  iterations, the final values), per run, language and precision;
- ``moment_charts``: what the learner's two controls change (the error curve on a log or a
  linear scale with the replayed iteration marked, the network at that iteration), per run,
  scale, iteration, language and precision.

A run is named by the inputs it was made from (``Kept.inputs``: (scenario, n)); the History
rides along in the key, outside its comparison (``field(compare=False)``), for the maker to
draw from, so no session computes a run here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final, NamedTuple

import pyarrow as pa

from bpcore import trace_step
from bpcore.scenario import Scenario
from bpcore.training import History
from tutor.figures.network import network_figure
from tutor.figures.training import error_figure, final_rows, outputs_figure, weights_figure
from tutor.serving.kept import Progress, SharedCache
from tutor.serving.shared import TTL_SECONDS
from tutor.ui.plot import Still, still
from tutor.ui.table import arrow_rows

# A run's charts are ~0.2 MB (2,000 points a curve, eight weights); a moment's ~0.1 MB. A
# class looks at a few runs, and moves the replay slider through a few dozen iterations.
MAX_RUNS: Final = 16
MAX_MOMENTS: Final = 128


@dataclass(frozen=True)
class RunKey:
    """A run (``inputs``: the (scenario, n) it was made from) in ``lang`` at ``decimals``;
    ``history`` is the run itself, not compared: the inputs name it."""

    inputs: tuple[Scenario, int]
    lang: str
    decimals: int
    history: History = field(compare=False, repr=False)


@dataclass(frozen=True)
class MomentKey:
    """The run's error curve (``log``: on a log scale) with iteration ``replay`` marked, and
    the network as it was then, in ``lang`` at ``decimals``."""

    inputs: tuple[Scenario, int]
    log: bool
    replay: int
    lang: str
    decimals: int
    history: History = field(compare=False, repr=False)


class RunCharts(NamedTuple):
    """The outputs and the weights over the iterations, and the last state as a table."""

    outputs: Still
    weights: Still
    final: pa.Table


class MomentCharts(NamedTuple):
    """The error curve (with its table) and the replayed iteration's network."""

    error: Still
    network: Still


def _run(key: RunKey, _progress: Progress) -> RunCharts:
    history, lang, decimals = key.history, key.lang, key.decimals
    return RunCharts(still(outputs_figure(history, lang), decimals, lang),
                     still(weights_figure(history, lang), decimals, lang),
                     arrow_rows(final_rows(history, decimals, lang)))


def _moment(key: MomentKey, _progress: Progress) -> MomentCharts:
    history, lang, decimals = key.history, key.lang, key.decimals
    network = network_figure(trace_step(history.scenario_at(key.replay)), view="overview",
                             decimals=decimals, lang=lang)
    return MomentCharts(
        still(error_figure(history, key.log, key.replay, lang), decimals, lang, table=True),
        still(network, decimals, lang))


RUNS: SharedCache[RunKey, RunCharts] = SharedCache(
    "training_runs", _run, max_entries=MAX_RUNS, ttl_seconds=TTL_SECONDS)
MOMENTS: SharedCache[MomentKey, MomentCharts] = SharedCache(
    "training_moments", _moment, max_entries=MAX_MOMENTS, ttl_seconds=TTL_SECONDS)


def run_charts(inputs: tuple[Scenario, int], history: History, lang: str,
               decimals: int) -> RunCharts:
    """The run's outputs and weights charts and final values (made on the server's first ask)."""
    return RUNS.get(RunKey(inputs, lang, decimals, history))


def moment_charts(inputs: tuple[Scenario, int], history: History, log: bool, replay: int,
                  lang: str, decimals: int) -> MomentCharts:
    """The run's error curve at ``replay`` and its network then (made on the first ask)."""
    return MOMENTS.get(MomentKey(inputs, log, replay, lang, decimals, history))
