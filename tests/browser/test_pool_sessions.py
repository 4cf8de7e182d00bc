"""A run whose session has gone is cancelled, on a real server (issue 20).

One worker and no queue (``BPTUTOR_POOL_QUEUE=0``): while tab A's MNIST-subset run holds the
worker, tab B's training run is refused as busy. Tab A is closed; Streamlit stops its script,
the pool cancels the run nobody waits for, and tab B's Try again finds the worker free. A's
run (60 epochs) would otherwise hold it for minutes; B's retries give up well before that.
"""

import contextlib
import os
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from bpcore import fmt
from tutor.i18n import t

from .conftest import ROOT, SLOW_JOBS, assert_no_exception, open_page, serve_app, wait_for_app

RETRIES = 30  # Try again every 3 s: 90 s in all, far less than A's run would take


@pytest.fixture()  # a server per try: a rerun would find the first try's training kept
def one_worker_url() -> Iterator[str]:
    # The subset's run made to take 5 minutes (tests/browser/slow_jobs): with one BLAS thread
    # its 60 epochs take about 3 s, too short to hold the worker while the test looks.
    yield from serve_app("one-worker", {"BPTUTOR_POOL_WORKERS": "1", "BPTUTOR_POOL_QUEUE": "0",
                                        "PYTHONPATH": os.pathsep.join((str(SLOW_JOBS),
                                                                       str(ROOT))),
                                        "SLOW_JOBS": "subset_training=300"})


def test_closing_a_tab_frees_the_worker_its_run_held(one_worker_url: str, browser: Browser):
    a, b = open_page(browser, 1600, 1000), open_page(browser, 1600, 1000)
    try:
        _close_a_tab_and_retry(one_worker_url, a, b)
    finally:  # closed here, never left to the garbage collector (see conftest.sized_page)
        for page in (a, b):
            with contextlib.suppress(Exception):  # A's is closed by the test already
                page.context.close()


def _close_a_tab_and_retry(one_worker_url: str, a: Page, b: Page) -> None:
    a.goto(f"{one_worker_url}/digits?lang=en")
    wait_for_app(a)
    a.get_by_text(t("digits.source_subset", "en")).click()
    progress = a.get_by_test_id("stProgress")
    expect(progress).to_be_visible(timeout=60_000)  # the default run (20 epochs) started
    epochs = a.get_by_label(t("digits.epochs", "en"))
    epochs.fill("60")  # a longer one replaces it (the same session: the first is cancelled)
    epochs.press("Enter")
    a.wait_for_timeout(3000)
    expect(progress).to_be_visible(timeout=60_000)  # A's run holds the one worker
    b.goto(f"{one_worker_url}/training?lang=en")
    wait_for_app(b)
    assert_no_exception(b)
    expect(b.get_by_text(t("reason.pool.busy", "en", limit=0))).to_be_visible()
    a.context.close()  # the student leaves mid-run
    metric = b.get_by_test_id("stMetric").first
    retry = b.get_by_role("button", name=t("pool.retry", "en"))
    for _ in range(RETRIES):
        retry.click()
        wait_for_app(b)
        # A try the worker took shows its progress first and its result when done (the page
        # polls the run; its script run has ended meanwhile): wait for the one or the refusal
        # again, never for a Try again button a running try no longer shows (a full run's
        # flake: the next click waited 30 s for it).
        expect(metric.or_(retry)).to_be_visible(timeout=60_000)
        if metric.count():
            break
        b.wait_for_timeout(3000)
    assert_no_exception(b)
    expect(metric).to_contain_text(fmt(3.510187782979e-05, 4))
