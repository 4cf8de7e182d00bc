"""Loaded at start-up by a test server started with this folder on PYTHONPATH (and by its
pool's spawned workers, which inherit PYTHONPATH): the jobs named in ``SLOW_JOBS``
(``name=seconds,…`` of tutor.serving.jobs; ``training_history=8`` when unset) take at least
that long, reporting progress as they go.

Why: with bpcore's fast path and one BLAS thread, 100,000 updates take a fraction of a second
and the MNIST subset's 60 epochs about 3 s, so two learners asking at once, or one run holding
the only worker while a tab closes, could no longer be relied on. The run itself is unchanged;
it only starts later. A progress report is where the pool stops a run nobody waits for, so a
slowed run is still cancelled within a tick. The wrapper keeps the original's module and name,
so the pool pickles it by the same reference in the server and finds it in the worker.
"""

from __future__ import annotations

import functools
import os
import time
from collections.abc import Callable
from typing import Any

from tutor.serving import jobs

TICK_S = 0.2


def slowed(original: Callable[[Any, Any], Any], seconds: float) -> Callable[[Any, Any], Any]:
    """``original`` after ``seconds`` of progress reports (the first half of the bar)."""

    @functools.wraps(original)
    def run(arg: Any, progress: Any) -> Any:
        ticks = max(1, round(seconds / TICK_S))
        for k in range(ticks):
            progress(k / ticks / 2)
            time.sleep(TICK_S)
        return original(arg, progress)

    return run


for item in os.environ.get("SLOW_JOBS", "training_history=8").split(","):
    name, _, seconds = item.partition("=")
    setattr(jobs, name.strip(), slowed(getattr(jobs, name.strip()), float(seconds)))
