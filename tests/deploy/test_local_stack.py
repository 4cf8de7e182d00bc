"""Nothing lost when a server goes: through deploy/local.sh (two replicas behind HAProxy) a
browser steps through the forward pass, the replica serving it is killed, and a reload finds
the same page, step and weights on the other replica."""

from __future__ import annotations

import os
import re
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.servers import Server, alive, free_port, stack
from tests.browser.conftest import (
    _require_chromium,
    assert_no_exception,
    open_page,
    screenshot,
    wait_for_app,
)
from tutor.i18n import t

from .test_configs import require_haproxy

pytestmark = pytest.mark.browser
WEIGHTS = [f"w{k}" for k in range(1, 9)]


@pytest.fixture()
def two_replicas(tmp_path: Path) -> Iterator[Server]:
    require_haproxy()
    _require_chromium()
    with stack(free_port(), 2, tmp_path / "run") as server:
        yield server


def place(page) -> dict[str, object]:
    """What the learner sees: the page's title, the step line and the eight weights."""
    from playwright.sync_api import expect

    sidebar = page.get_by_test_id("stSidebar")
    fields = [sidebar.get_by_label(t(f"field.{w}", "en"), exact=True) for w in WEIGHTS]
    # A field's value is drawn a moment after the run that sent it has finished (the first
    # text field of a fresh page was seen empty for ~0.7 s after wait_for_app): read each once
    # it is drawn, and the step line once it says its step.
    for field in fields:
        expect(field).to_have_value(re.compile(r"\S"))
    step = page.get_by_text(re.compile(r"^Step \d+ of \d+")).first
    expect(step).to_be_visible()
    return {
        "title": page.get_by_role("heading", level=1).first.inner_text(),
        "step": step.inner_text(),
        "weights": [field.input_value() for field in fields],
    }


def test_a_reload_after_the_replica_dies_finds_the_same_place(two_replicas: Server, browser):
    from playwright.sync_api import expect

    page = open_page(browser, 1600, 1000)
    context = page.context
    try:
        page.goto(f"{two_replicas.url}/forward?lang=en")
        wait_for_app(page)
        next_button = page.get_by_role("button", name=t("stepper.next", "en"))
        for _ in range(3):
            next_button.click()
            wait_for_app(page)
        expect(page.get_by_text(t("formula.step_of", "en", index=4, count=11))
               ).to_be_visible()
        expect(page).to_have_url(re.compile(r"/forward\?.*lesson="))
        before = place(page)
        assert before["title"] == t("page.forward", "en")

        serving = {c["name"]: c["value"] for c in context.cookies()}["SERVERID"]
        replicas = two_replicas.replicas()
        pid = replicas[serving][1]
        os.kill(pid, signal.SIGKILL)  # the replica that serves this browser goes
        deadline = time.monotonic() + 10
        while alive(pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not alive(pid)

        page.reload()
        wait_for_app(page)
        assert_no_exception(page)
        expect(page.get_by_text(t("formula.step_of", "en", index=4, count=11))
               ).to_be_visible()
        after = place(page)
        now = {c["name"]: c["value"] for c in context.cookies()}["SERVERID"]
        screenshot(page, "stack_reload_after_replica_died")
    finally:
        context.close()
    assert now in replicas and now != serving
    assert after == before
