"""AppTest page tests run long work in-process: tutor.serving.pool's documented switch.

``BPTUTOR_POOL_WORKERS=0`` makes tutor.serving.pool.POOL run every job in the calling thread, so a
page test spawns no worker processes and stays fast; tests/app/test_pool.py turns the real
pool back on for its end-to-end test, and the browser and deploy tests (their own server
processes) always use the real pool.
"""

from __future__ import annotations

import pytest

from tutor.serving.pool import WORKERS_ENV


@pytest.fixture(autouse=True)
def _jobs_in_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(WORKERS_ENV, "0")
