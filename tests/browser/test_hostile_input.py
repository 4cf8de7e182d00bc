"""A hostile paste does not slow anyone else down, and a crash shows no traceback (issue 20).

The paste: a student's client sends "1", 200,000 spaces, "1" as η's text in the sidebar
editor, again and again, while another session on the same server clicks Next on the forward
pass. A browser cannot send it: Streamlit's text box drops any change longer than its
max_chars (NUMBER_FIELD_CHARS = 65) whole — a paste of 66 characters or more leaves the box
as it was, and no rerun is sent — so a hostile student bypasses the page and writes the
websocket frame itself. The test does that with the real browser: it types a recognisable
number into η and presses Enter, and on the way to /_stcore/stream the frame (a BackMsg, read
and rewritten with Streamlit's own protobuf) gets the 200,002 characters in place of it.
Before the fix the parse took seconds with the GIL held (16.7 s per click in the issue).
The server-side bound without a browser is tests/app/test_text_limits.py's.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, WebSocketRoute, expect
from streamlit.proto.BackMsg_pb2 import BackMsg

from bpcore.errors import MAX_NUMBER_CHARS, CodedError
from bpcore.limits import NUMBER_FIELD_CHARS
from tutor.i18n import t
from tutor.ui.reasons import reason

from .conftest import (
    APP_TIMEOUT_MS,
    ROOT,
    _free_port,
    _healthy,
    assert_no_exception,
    screenshot,
    serve_app,
    sized_page,
    wait_for_app,
)

SPACES = 200_000
ROUNDS = 9  # timed rounds, after one to warm up
LATENCY_S = 0.300  # the bound for the other session's click
SLACK_S = 0.100  # over the baseline, on a loaded machine (CI: xdist on 2 cores) …
SLACK_SHARE = 0.5  # … or this share of the baseline, when more (medians of 9 vary so)
HEALTH_S = 1.0
STEPS = 11  # the forward pass's steps


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    yield from serve_app("hostile")


@pytest.fixture()
def two_pages(browser: Browser) -> Iterator[tuple[Page, Page]]:
    pages = sized_page(browser, 1600, 1000), sized_page(browser, 1600, 1000)
    try:
        yield next(pages[0]), next(pages[1])
    finally:
        for gen in pages:
            gen.close()


class Clicker:
    """The other session: clicks Next on the forward pass and times it (back to step 1,
    untimed, after the last step)."""

    def __init__(self, page: Page, url: str) -> None:
        self.page, self.url, self.step = page, url, 1
        self.page.goto(f"{self.url}/forward?lang=en")
        wait_for_app(self.page)

    def restart(self) -> None:
        """Back to step 1 by the stepper's own button, in the same session (a rerun: loading
        the page again cost ~2.5 s of CPU for the same step 1)."""
        self.page.get_by_role("button", name=t("stepper.restart", "en")).click()
        expect(self.page.get_by_text(t("formula.step_of", "en", index=1, count=STEPS))
               ).to_be_visible()
        wait_for_app(self.page)
        self.step = 1

    def click_next(self) -> float:
        """Seconds from the click on Next until the next step is shown and the run is over."""
        if self.step == STEPS:
            self.restart()
        self.step += 1
        page = self.page
        start = time.perf_counter()
        page.get_by_role("button", name=t("stepper.next", "en")).click()
        expect(page.get_by_text(t("formula.step_of", "en", index=self.step, count=STEPS))
               ).to_be_visible()
        page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]').wait_for(
            state="attached")
        return time.perf_counter() - start


def swap_typed_text(frame: bytes, swaps: dict[str, str]) -> tuple[bytes, bool, int]:
    """The BackMsg ``frame`` with every text widget state equal to a key of ``swaps``
    replaced by its value; whether it asks for a rerun; how many texts were replaced."""
    message = BackMsg()
    message.ParseFromString(frame)
    if message.WhichOneof("type") != "rerun_script":
        return frame, False, 0
    swapped = 0
    for widget in message.rerun_script.widget_states.widgets:
        if widget.WhichOneof("value") == "string_value" and widget.string_value in swaps:
            widget.string_value = swaps[widget.string_value]
            swapped += 1
    return (message.SerializeToString() if swapped else frame), True, swapped


class HostileStream:
    """A route for a page's /_stcore/stream: every frame of the page goes on to the server,
    with the typed texts in ``swaps`` replaced; the server's frames pass unchanged. Counts the
    reruns sent and the texts replaced."""

    def __init__(self, swaps: dict[str, str]) -> None:
        self.swaps, self.reruns, self.swapped = swaps, 0, 0

    def __call__(self, ws: WebSocketRoute) -> None:
        server = ws.connect_to_server()

        def forward(frame: str | bytes) -> None:
            if isinstance(frame, bytes):
                frame, rerun, swapped = swap_typed_text(frame, self.swaps)
                self.swapped += swapped
                server.send(frame)
                self.reruns += rerun  # counted once the server has it
            else:
                server.send(frame)

        ws.on_message(forward)


class HealthPoller(threading.Thread):
    """Polls /_stcore/health every 0.1 s and keeps the slowest answer (or the failure)."""

    def __init__(self, url: str) -> None:
        super().__init__(daemon=True)
        self.url, self.slowest, self.failed = f"{url}/_stcore/health", 0.0, ""
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            start = time.perf_counter()
            try:
                with urllib.request.urlopen(self.url, timeout=5) as response:
                    response.read()
            except OSError as exc:
                self.failed = repr(exc)
            self.slowest = max(self.slowest, time.perf_counter() - start)
            self.done.wait(0.1)


def test_a_200000_character_paste_does_not_slow_another_session(server, two_pages):
    """The other session's Next stays fast and /_stcore/health answers while one session
    sends η = "k", 200,000 spaces, "1" ten times; the paster is refused (too long) and keeps
    η = 0.5.

    Latency: click → the next step shown and no script running. Three kinds of click,
    interleaved round by round so that all meet the same machine load: with the paster idle;
    right after the paster sends an ordinary short refused text ("x0"…, the baseline: any
    rerun of another session shares the CPU and the GIL, so this is what a paste must not
    exceed); and right after the paster's hostile frame. Passes when the median of the
    hostile clicks is under 300 ms (the issue's bound), or — CI runs the browser tests beside
    others under pytest-xdist on 2 cores, where one ordinary rerun of this app alone can take
    longer — when it is at most 100 ms or 50 % (whichever is more) over the baseline's
    median. The 50 %: on this project's 2-core machine at load 5-12, the two medians (9
    clicks each) differed by -280 … +510 ms from run to run, around +20 ms typically, so
    +100 ms alone flakes; the failure this guards against (the old parser) stalled the other
    session for more than 5 s. All three medians are printed.
    """
    paster, other = two_pages
    # "0.70" … "0.79" typed, "0" … "9", 200,000 spaces, "1" sent: each differs from the
    # last (the browser sends only a changed text, the server calls on_change only then)
    swaps = {f"0.7{k}": f"{k}" + " " * SPACES + "1" for k in range(ROUNDS + 1)}
    stream = HostileStream(swaps)
    paster.route_web_socket("**/_stcore/stream", stream)
    paster.goto(f"{server}/forward?lang=en")
    wait_for_app(paster)
    clicker = Clicker(other, server)
    eta_box = paster.get_by_test_id("stSidebar").get_by_label(t("field.eta", "en"), exact=True)
    # drawn: on a loaded machine the sidebar can come seconds after wait_for_app returns
    expect(eta_box).not_to_have_value("", timeout=APP_TIMEOUT_MS)
    old_eta = eta_box.input_value()
    assert float(old_eta) == 0.5

    def rerun_then_click(text: str) -> float:
        """Time the other session's click made as the server gets the paster's ``text``."""
        reruns = stream.reruns
        eta_box.fill(text)
        eta_box.press("Enter")
        # the click starts once the frame is on its way to the server: the test's own work
        # on it (decode, swap, encode, Playwright's relay) is not the server's, and not timed
        deadline = time.monotonic() + 10
        while stream.reruns == reruns:
            assert time.monotonic() < deadline, f"no rerun was sent for {text!r}"
            paster.wait_for_timeout(5)
        seconds = clicker.click_next()
        wait_for_app(paster)
        return seconds

    health = HealthPoller(server)
    health.start()
    idle: list[float] = []
    baseline: list[float] = []
    during: list[float] = []
    try:
        for k, typed in enumerate(swaps):  # round 0 warms up (first runs are slower)
            times = (clicker.click_next(), rerun_then_click(f"x{k}"))
            swapped = stream.swapped
            times += (rerun_then_click(typed),)
            assert stream.swapped > swapped, "the hostile text was not sent"
            if k:
                for kind, seconds in zip((idle, baseline, during), times, strict=True):
                    kind.append(seconds)
    finally:
        health.done.set()
        health.join()
    medians = {name: statistics.median(times) for name, times in
               (("idle", idle), ("baseline", baseline), ("during", during))}
    print(f"\nNext click latency, median of {ROUNDS} [each, ms]: " + "; ".join(
        f"{name} {medians[name] * 1e3:.0f} ms {[round(x * 1e3) for x in times]}"
        for name, times in (("idle", idle), ("baseline", baseline), ("during", during)))
        + f"; slowest /_stcore/health {health.slowest * 1e3:.0f} ms")
    # the server got the long text: only it can be too long (each typed text is 4 characters,
    # and had one arrived it would be a valid η and in use); the paster is told so, beside η
    why = reason(CodedError("eta", "too_long", limit=MAX_NUMBER_CHARS), "en",
                 field=t("field.eta", "en"))
    refusal = paster.get_by_test_id("stSidebar").get_by_test_id("stAlert").filter(
        has_text=t("editor.rejected", "en", reason=why).replace("\\", ""))
    expect(refusal).to_be_visible()
    refusal.scroll_into_view_if_needed()
    assert_no_exception(paster)
    screenshot(paster, "hostile_paste_refused_en")
    paster.reload()
    wait_for_app(paster)
    expect(eta_box).to_have_value(old_eta)  # the η in use (the URL keeps it) is still 0.5
    assert not health.failed, health.failed
    assert health.slowest < HEALTH_S, health.slowest
    slack = max(SLACK_S, SLACK_SHARE * medians["baseline"])
    assert medians["during"] < LATENCY_S or medians["during"] <= medians["baseline"] + slack, (
        medians)


def test_a_learner_cannot_paste_past_the_box_and_typing_past_it_is_refused(server, page):
    """What a learner's browser does with an over-long η (why the paste test above writes its
    own frame): a paste longer than max_chars (65) is dropped whole by Streamlit's box — the
    box keeps its text and nothing is sent; typing stops at 65 characters, and Enter then
    shows the too_long refusal beside η, which stays 0.5."""
    page.goto(f"{server}/forward?lang=en")
    wait_for_app(page)
    box = page.get_by_test_id("stSidebar").get_by_label(t("field.eta", "en"), exact=True)
    # drawn: on a loaded machine the sidebar can come seconds after wait_for_app returns
    expect(box).not_to_have_value("", timeout=APP_TIMEOUT_MS)
    old = box.input_value()
    assert float(old) == 0.5
    why = reason(CodedError("eta", "too_long", limit=MAX_NUMBER_CHARS), "en",
                 field=t("field.eta", "en"))
    refusal = page.get_by_test_id("stSidebar").get_by_test_id("stAlert").filter(
        has_text=t("editor.rejected", "en", reason=why).replace("\\", ""))
    for text in ("1" + " " * SPACES + "1", "1" * (NUMBER_FIELD_CHARS + 1)):
        box.click()
        page.keyboard.press("Control+A")
        page.keyboard.insert_text(text)  # what a paste does to the box
        expect(box).to_have_value(old)
        box.press("Enter")
        wait_for_app(page)
        expect(refusal).to_have_count(0)
    box.click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.type("1" * (NUMBER_FIELD_CHARS + 5))
    expect(box).to_have_value("1" * NUMBER_FIELD_CHARS)
    box.press("Enter")
    wait_for_app(page)
    expect(refusal).to_be_visible()
    assert_no_exception(page)
    page.reload()
    wait_for_app(page)
    expect(box).to_have_value(old)


BOOM = '''import streamlit as st
st.error("the app's own message")
if st.button("callback", on_click=lambda: 1 / 0):
    pass
raise RuntimeError("/srv/secret/path.py: boom")
'''


def test_an_uncaught_exception_shows_no_details(browser: Browser, tmp_path):
    """With the project's config.toml, Streamlit's own exception box shows no type, message,
    traceback, server path or "Ask Google / ChatGPT" links; the app's st.error still shows."""
    (tmp_path / ".streamlit").mkdir()
    shutil.copy(ROOT / ".streamlit" / "config.toml", tmp_path / ".streamlit" / "config.toml")
    (tmp_path / "boom.py").write_text(BOOM, encoding="utf-8")
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "boom.py",
                             "--server.port", str(port), "--server.address", "127.0.0.1"],
                            cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    pages = sized_page(browser, 1280, 720)
    try:
        deadline = time.monotonic() + 60
        while not _healthy(f"http://127.0.0.1:{port}/_stcore/health"):
            assert time.monotonic() < deadline and proc.poll() is None
            time.sleep(0.2)
        page = next(pages)
        page.goto(f"http://127.0.0.1:{port}/")
        wait_for_app(page)
        expect(page.get_by_text("the app's own message")).to_be_visible()  # st.error shows
        for clicked in (False, True):  # the script's own exception, then a callback's
            if clicked:
                page.get_by_role("button", name="callback").click()
                wait_for_app(page)
            body = page.locator("body").inner_text()
            assert page.locator('[data-testid="stException"]').count() >= 1
            for leak in ("secret", "boom", "RuntimeError", "ZeroDivisionError", "Traceback",
                         "File ", str(tmp_path), "Ask Google", "ChatGPT", "line "):
                assert leak not in body, (leak, body)
            screenshot(page, f"hostile_uncaught_exception_{int(clicked)}")
    finally:
        pages.close()
        proc.terminate()
        proc.wait(timeout=10)
