"""Loaded at start-up by the test server of tests/browser/test_shared_results.py (and by its
pool's spawned workers, which inherit PYTHONPATH): the training page's run takes at least
``SLOW_S`` seconds, reporting progress as it goes.

Why: with bpcore's fast path, 100,000 updates take a fraction of a second, so two learners
asking at once could no longer be relied on to overlap. The run itself is unchanged; it only
starts later. The wrapper keeps the original's module and name, so the pool pickles it by the
same reference in the server and finds it in the worker.
"""

from __future__ import annotations

import functools
import time
from typing import Any

from tutor.serving import jobs

SLOW_S = 8.0

_original = jobs.training_history


@functools.wraps(_original)
def training_history(key: Any, progress: Any) -> Any:
    """The original run, after ``SLOW_S`` seconds of progress."""
    steps = 40
    for k in range(steps):
        progress(k / steps / 2)  # the bar moves: half of it is the wait
        time.sleep(SLOW_S / steps)
    return _original(key, progress)


jobs.training_history = training_history
