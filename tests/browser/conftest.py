"""Real-browser fixtures: a Streamlit server on a free loopback port and Debian's Chromium.

No browser is downloaded: Playwright drives /usr/bin/chromium. Without it the tests are
skipped locally and fail in CI (env CI set), so CI can never pass by skipping them.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts"
CHROMIUM = Path("/usr/bin/chromium")
# Playwright's own --disable-features list (playwright-core's chromiumSwitches.ts): Chromium
# keeps only the last --disable-features switch, so ours repeats theirs before adding to it
# (tests/browser/test_chromium_args.py checks the browser really runs with all of them).
PLAYWRIGHT_DISABLED_FEATURES = (
    "AvoidUnnecessaryBeforeUnloadCheckSync", "DestroyProfileOnBrowserClose", "HttpsUpgrades",
    "HttpsFirstBalancedModeAutoEnable", "LensOverlay", "MediaRouter", "PaintHolding",
    "ThirdPartyStoragePartitioning", "AvoidCorsURLLoaderRestartOnRedirect",
    "TcpPortRandomizationWin", "OptimizationHints", "NetworkTimeServiceQuerying", "AimEnabled",
    "PreconnectToSearch", "msForceBrowserSignIn", "msEdgeUpdateLaunchServicesPreferredVersion")
# Chromium (new headless) gives every page's window an address-bar popup drawn as a web page of
# its own, in a renderer of its own: ~0.7 s of CPU per page a test opens, for a popup no test
# ever shows (measured: 5 pages, 5 such renderers, 3.5 s; with these off, none).
NO_ADDRESS_BAR_POPUP = ("WebUIOmniboxPopup", "WebUIOmniboxAimPopup")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-features=" + ",".join(PLAYWRIGHT_DISABLED_FEATURES + NO_ADDRESS_BAR_POPUP),
]
# The test browser asks for reduced motion (prefers-reduced-motion: reduce), as a learner may.
# The app has no animation of its own; Streamlit's (a skeleton's pulse, a tab's sliding
# underline, a dialog sliding in, a spinner's speed) then stand still. Measured on 8 Next
# clicks on /forward: Chromium's CPU 3.4-3.7 s -> 3.1 s. Every layout a test measures is
# the one the motion ends in.
REDUCED_MOTION = "reduce"
SERVER_TIMEOUT_S = 60.0
APP_TIMEOUT_MS = 30_000
# How often a page.wait_for_function checks, in ms. Playwright's default, "raf", checks every
# animation frame: each check a frame drawn and a round trip through the browser process, for
# the whole wait. Measured on a page load (load, then wait_for_app): Chromium's CPU 4.9 s ->
# 4.4 s and the load 3.1 s -> 2.8 s with 50 ms; the browser process's share halved.
POLL_MS = 50
_HERE = Path(__file__).resolve().parent
# A folder to put on a test server's PYTHONPATH: its sitecustomize slows the jobs named in
# SLOW_JOBS (tests/browser/slow_jobs/sitecustomize.py).
SLOW_JOBS = _HERE / "slow_jobs"


def pytest_configure(config: pytest.Config) -> None:
    """Playwright's expect() waits as long as the app may take (APP_TIMEOUT_MS), not its 5 s
    default: on a busy 2-core machine a page's rerun can take longer than 5 s to show, and a
    check that waits longer still fails when the app never shows what it must."""
    try:
        from playwright.sync_api import expect
    except ImportError:  # no Playwright: the browser tests skip or fail on their own
        return
    expect.set_options(timeout=APP_TIMEOUT_MS)


# A browser test that fails is run once more (pytest-rerunfailures) before it counts: on a
# 2-core machine Chromium's rendering can starve a page past a 30 s wait that takes 2 s when
# quiet. A real failure fails twice, and the report names every rerun.
BROWSER_RERUNS = int(os.environ.get("BROWSER_RERUNS", "1"))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # This hook sees every collected item of the session, not only this folder's.
    for item in items:
        if _HERE in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.flaky(reruns=BROWSER_RERUNS, reruns_delay=2))


def _require_chromium() -> None:
    if CHROMIUM.exists():
        return
    if os.environ.get("CI"):
        pytest.fail(
            f"Chromium is required in CI for the browser tests: {CHROMIUM} is missing "
            "(.ci/run installs it with: apt-get install -y chromium fonts-noto-cjk)",
            pytrace=False,
        )
    pytest.skip(f"browser tests need Debian's chromium at {CHROMIUM} (apt-get install -y chromium)")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    except OSError as exc:
        return f"<no log: {exc}>"


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200 and response.read().strip() == b"ok"
    except (urllib.error.URLError, OSError):
        return False


def serve_app(name: str, env: dict[str, str] | None = None,
              script: str = "serve.py") -> Iterator[str]:
    """Run ``streamlit run serve.py`` as the README does (or another ``script`` of the
    repository, e.g. a test's page of its own; the repository root is then on its import
    path) on a free loopback port
    with its own data folder
    (BPTUTOR_DATA_DIR: the live classroom's rooms, the mapped MNIST arrays) and no Redis;
    yield its base URL; stop it when the caller's fixture ends (``yield from serve_app(…)``).
    The log goes to artifacts/streamlit-<name>-<port>.log."""
    _require_chromium()
    port = _free_port()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    log_path = ARTIFACTS / f"streamlit-{name}-{port}.log"
    data = tempfile.TemporaryDirectory(prefix=f"bptutor-{name}.")
    run_env = {**os.environ, "BPTUTOR_DATA_DIR": data.name, **(env or {})}
    # streamlit puts only the script's own folder on sys.path
    if script not in ("app.py", "serve.py"):
        run_env["PYTHONPATH"] = os.pathsep.join(
            p for p in (str(ROOT), run_env.get("PYTHONPATH", "")) if p)
    run_env.pop("BPTUTOR_REDIS_URL", None)
    cmd = [
        sys.executable, "-m", "streamlit", "run", script,
        "--server.port", str(port),
        "--server.address", "127.0.0.1",
        "--server.headless", "true",
    ]  # fmt: skip
    with log_path.open("w", encoding="utf-8") as log:
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, env=run_env)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + SERVER_TIMEOUT_S
        while not _healthy(f"{base}/_stcore/health"):
            if proc.poll() is not None:
                pytest.fail(
                    f"streamlit exited with code {proc.returncode} before answering; "
                    f"{log_path}:\n{_tail(log_path)}",
                    pytrace=False,
                )
            if time.monotonic() > deadline:
                pytest.fail(
                    f"streamlit did not answer /_stcore/health within {SERVER_TIMEOUT_S:.0f} s; "
                    f"{log_path}:\n{_tail(log_path)}",
                    pytrace=False,
                )
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
        data.cleanup()


@pytest.fixture(scope="session")
def app_url() -> Iterator[str]:
    """The browser tests' Streamlit server (one per test session); its base URL."""
    yield from serve_app("app")


@pytest.fixture(scope="session")
def shared_context(browser: Browser) -> Iterator[BrowserContext]:
    """The browser context the ``page`` and ``laptop`` pages open in, one per worker.

    Each page is still a learner of its own: a Streamlit session is a page's websocket, not a
    cookie, and the page's storage is cleared when it closes. What the pages share is the
    browser's cache: the app's scripts, fetched and compiled once instead of once a test (in
    a context of its own every page load did both, most of its CPU on the 2-core machine).
    A test that needs a browser of its own (cookies, another locale, two learners at once)
    opens its pages with ``open_page`` / ``sized_page``."""
    context = browser.new_context(viewport={"width": 1600, "height": 1000},
                                  device_scale_factor=1, locale="en-US",
                                  reduced_motion=REDUCED_MOTION)
    context.set_default_timeout(APP_TIMEOUT_MS)
    context.add_init_script(RUNS_JS)
    try:
        yield context
    finally:
        context.close()


def shared_page(context: BrowserContext, width: int, height: int) -> Iterator[Page]:
    """A fresh page of ``width``×``height`` in ``context`` (``shared_context``), its storage
    cleared and the page closed when the caller's fixture ends (``yield from …``)."""
    page = context.new_page()
    page.set_viewport_size({"width": width, "height": height})
    try:
        yield page
    finally:
        with contextlib.suppress(Exception):  # a page that never loaded the app has none
            page.evaluate("() => { localStorage.clear(); sessionStorage.clear(); }")
        page.close()


@pytest.fixture()
def page(shared_context: BrowserContext) -> Iterator[Page]:
    """A fresh projector-sized page (1600x1000, scale 1): a learner of its own."""
    yield from shared_page(shared_context, 1600, 1000)


@pytest.fixture()
def laptop(shared_context: BrowserContext) -> Iterator[Page]:
    """A fresh 1280×720 page (a classroom laptop's screen): a learner of its own."""
    yield from shared_page(shared_context, 1280, 720)


def open_page(browser: Browser, width: int, height: int,
              locale: str | None = "en-US") -> Page:
    """A page of ``width``×``height`` CSS pixels (scale 1) in a browser context of its own
    (its own cookies: one learner), with the app's default timeout; the caller closes
    ``page.context``. Every browser test opens its pages through this (or ``sized_page``)."""
    options: dict = {"viewport": {"width": width, "height": height}, "device_scale_factor": 1,
                     "reduced_motion": REDUCED_MOTION}
    if locale is not None:
        options["locale"] = locale
    context = browser.new_context(**options)
    context.set_default_timeout(APP_TIMEOUT_MS)
    context.add_init_script(RUNS_JS)
    return context.new_page()


def sized_page(browser: Browser, width: int, height: int,
               locale: str | None = "en-US") -> Iterator[Page]:
    """A fresh page of ``width``×``height`` CSS pixels (scale 1) in its own browser context,
    closed when the caller's fixture ends (``yield from sized_page(...)``).

    Only for a fixture (pytest closes it) or with an explicit ``close()`` in a ``finally``: a
    generator left open (a test that failed inside ``for page in sized_page(…)``) is closed by
    the garbage collector at any moment, once inside Playwright's own message dispatch, where
    the context's close waited for itself and hung the worker (seen in a full run). A test's
    own pages: ``open_page`` and ``page.context.close()`` in a ``finally``."""
    page = open_page(browser, width, height, locale)
    try:
        yield page
    finally:
        page.context.close()


_TWO_FRAMES = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
# Installed in every test page before the app's own scripts: counts the rerun requests the page
# sends (a BackMsg whose first field is rerun_script, number 11: tag byte 0x5A) and remembers,
# whenever the server says a script run finished (a ForwardMsg with script_finished, field 6),
# how many requests had been sent by then. A run asked for has been answered once a finish has
# arrived after the last request (several requests sent during one run share its answer).
RUNS_JS = """(() => {
  if (window.__bpRuns) { return; }
  const runs = window.__bpRuns = {sent: 0, answered: 0};
  const bytes = d => d instanceof ArrayBuffer ? new Uint8Array(d)
    : ArrayBuffer.isView(d) ? new Uint8Array(d.buffer, d.byteOffset, d.byteLength) : null;
  const send = WebSocket.prototype.send;
  WebSocket.prototype.send = function (data) {
    const b = bytes(data);
    if (b && b.length && b[0] === 0x5A) { runs.sent += 1; }
    return send.call(this, data);
  };
  const varint = (b, i) => {
    let v = 0, m = 1;
    while (i < b.length) { const c = b[i++]; v += (c & 127) * m; m *= 128; if (c < 128) break; }
    return [v, i];
  };
  const finished = b => {
    let i = 0;
    while (i < b.length) {
      let tag, n;
      [tag, i] = varint(b, i);
      const field = Math.floor(tag / 8), wire = tag % 8;
      if (field === 6 && wire === 0) { return true; }
      if (wire === 0) { [n, i] = varint(b, i); }
      else if (wire === 1) { i += 8; }
      else if (wire === 2) { [n, i] = varint(b, i); i += n; }
      else if (wire === 5) { i += 4; }
      else { return false; }
    }
    return false;
  };
  const Socket = window.WebSocket;
  window.WebSocket = class extends Socket {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", e => {
        const b = bytes(e.data);
        if (b && finished(b)) { runs.answered = runs.sent; }
      });
    }
  };
})()"""
_ANSWERED = "() => !window.__bpRuns || window.__bpRuns.answered >= window.__bpRuns.sent"
_SENT = "() => window.__bpRuns ? window.__bpRuns.sent : -1"


def _to_front(page: Page) -> None:
    """Make ``page`` the browser's front tab when it has others (checked without a round trip).

    Headless Chromium draws a tab that is not in front at one frame a second once it has had
    input (a click, a key) while another tab was: requestAnimationFrame waits up to a second,
    and so does every Playwright wait that polls on animation frames (visibility, stability).
    Measured: two frames took 1.0-2.0 s instead of 30 ms in such a tab, and
    test_practice_mode.py, which keeps a tab per language and mode, ran 115 s -> 58 s with
    its tabs brought to the front. Playwright's focus emulation keeps every tab focused, so a
    tab sent behind does not see a blur."""
    browser = page.context.browser
    contexts = browser.contexts if browser is not None else [page.context]
    if sum(len(context.pages) for context in contexts) > 1:
        page.bring_to_front()


def wait_for_app(page: Page, timeout_ms: int = APP_TIMEOUT_MS) -> None:
    """Wait until Streamlit is connected, no script run is in progress and every run the page
    asked for has been answered.

    Uses the attributes Streamlit 1.67 puts on the root element (``data-testid="stApp"``,
    ``data-test-connection-state="CONNECTED"``, ``data-test-script-state="notRunning"``),
    waits for the "Running..." status widget (``stStatusWidget``) to be gone and, on a page
    opened through this module (RUNS_JS), for a finished run after the last rerun request the
    page sent: a click's request is sent before the click returns, so no fixed settle has to
    guess whether a rerun is on its way. Two animation frames later it checks that nothing
    asked again (a component answering what was just drawn). A page without RUNS_JS gets the
    settle and re-check it always had. The page is brought to the front first (_to_front)."""
    ready = (
        '[data-testid="stApp"][data-test-connection-state="CONNECTED"]'
        '[data-test-script-state="notRunning"]'
    )
    _to_front(page)
    status = page.locator('[data-testid="stStatusWidget"]')
    tracked = page.evaluate("() => !!window.__bpRuns")
    for _ in range(2 if not tracked else 20):
        page.locator(ready).wait_for(state="attached", timeout=timeout_ms)
        status.wait_for(state="hidden", timeout=timeout_ms)
        if not tracked:
            page.wait_for_timeout(150)
            continue
        page.wait_for_function(_ANSWERED, timeout=timeout_ms, polling=POLL_MS)
        sent = page.evaluate(_SENT)
        page.evaluate(_TWO_FRAMES)
        if page.evaluate(_SENT) == sent and page.evaluate(_ANSWERED):
            break
    page.locator(ready).wait_for(state="attached", timeout=timeout_ms)
    status.wait_for(state="hidden", timeout=timeout_ms)



# An address opened in the tab as the browser's Back or Forward opens one (a popstate).
_OPEN_IN_TAB = """url => { window.history.pushState({}, '', url);
                          window.dispatchEvent(new PopStateEvent('popstate')); }"""
# Every box scrolled back to its start, as a load shows a page: a click that scrolled the
# page before would otherwise leave the next page where it was.
_TO_THE_TOP = """() => { window.scrollTo(0, 0);
  for (const e of document.querySelectorAll('*')) {
    if (e.scrollTop || e.scrollLeft) { e.scrollTop = 0; e.scrollLeft = 0; } } }"""


# True once the element's box and the page's height have stayed the same for ``polls`` checks
# in a row (window.__bpStill counts them; settle() clears it).
_STILL = """([sel, polls]) => {
  const el = document.querySelector(sel);
  if (!el) { return false; }
  const b = el.getBoundingClientRect();
  const now = [b.left, b.top, b.width, b.height, document.body.scrollHeight].join(':');
  const s = window.__bpStill || (window.__bpStill = {seen: '', count: 0});
  s.count = s.seen === now ? s.count + 1 : 0;
  s.seen = now;
  return s.count >= polls;
}"""


def settle(page: Page, selector: str, polls: int = 4) -> None:
    """Wait until ``selector``'s box and the page's height have not moved for ``polls``
    checks 100 ms apart (0.4 s): the columns settle after the sidebar moves or a page draws,
    and a notice of the run before can still sit above the diagram for a moment. A fixed
    wait of 400 ms had been enough on a quiet machine, not with two browsers on two cores (a
    full run measured a diagram's label outside its picture, mid-layout)."""
    page.evaluate("() => { window.__bpStill = null; }")  # counted afresh in a kept tab
    page.wait_for_function(_STILL, arg=[selector, polls], polling=100)


def open_in_tab(page: Page, path: str) -> None:
    """Open ``path`` (the app's path and query, e.g. ``/backward?lang=en&lesson=…``) in the
    tab already open, in the same session, as the browser's Back or Forward opens an address,
    and wait for its run.

    Streamlit switches to the address's page (or reruns the page shown) with the address's
    query string, and the app applies a ``?lesson=`` there as a load of that address would
    (app.py applies the link on every run; one the session wrote itself, as Back brings it:
    tutor.lesson.url_state.go_to_address). The language is the session's: ``?lang=`` is read
    once, when the session starts. Every box is then scrolled back to its start, as a load
    shows a page. A switch costs the browser ~1 s of CPU where a load costs
    ~2.3 s, and the server keeps the session it has instead of starting another."""
    page.evaluate(_OPEN_IN_TAB, path)
    wait_for_app(page)
    page.evaluate(_TO_THE_TOP)


def assert_no_exception(page: Page) -> None:
    """Fail if the app shows an uncaught exception (``stException``) right now."""
    exceptions = page.locator('[data-testid="stException"]')
    count = exceptions.count()
    if count:
        texts = "\n---\n".join(exceptions.all_inner_texts())
        pytest.fail(f"the app shows {count} exception(s) at {page.url}:\n{texts}", pytrace=False)


def screenshots_wanted() -> bool:
    """Whether the browser tests save their screenshots: BP_SCREENSHOTS=1 or 0 says; unset,
    yes on a developer's machine (to look at) and no in CI (env CI set), where nobody looks
    and no test reads them back (a full-page shot of a long page took up to a second)."""
    flag = os.environ.get("BP_SCREENSHOTS")
    if flag is not None:
        return flag.strip() not in ("", "0")
    return not os.environ.get("CI")


def screenshot(page: Page, name: str, *, full_page: bool = True,
               clip: dict[str, float] | None = None) -> Path:
    """Save a PNG of the whole page (``full_page=False``: the viewport, what the class sees
    without scrolling; ``clip``: that rectangle) to artifacts/screenshots/NAME.png when
    screenshots are wanted (``screenshots_wanted``); its path either way."""
    path = ARTIFACTS / "screenshots" / f"{name}.png"
    if screenshots_wanted():
        path.parent.mkdir(parents=True, exist_ok=True)
        if clip is not None:
            page.screenshot(path=str(path), clip=clip)
        else:
            page.screenshot(path=str(path), full_page=full_page)
    return path
# A classroom laptop and a projector: the pages' screenshots are taken at both.
SIZES = ((1280, 720), (1600, 1000))
# Every Plotly chart has been laid out again at its container's new width (a chart of a fixed
# width is as wide as its container already).
_PLOTS_FIT = """() => [...document.querySelectorAll('.js-plotly-plot')].every(p =>
  !p._fullLayout || p.offsetWidth === 0 ||
  Math.abs(p._fullLayout.width - p.getBoundingClientRect().width) <= 2)"""
RELAYOUT_MS = 5_000


def resize(page: Page, size: tuple[int, int]) -> None:
    """Show the page at ``size`` (width, height) and wait until it has laid itself out again.

    The layout is the browser's alone (CSS, and Plotly's charts following their containers):
    the server never learns the window's size, so one page load checked at each size tests
    what a load at each size would. A chart that does not follow within RELAYOUT_MS is left
    to the checks that follow, which look at what is drawn."""
    page.set_viewport_size({"width": size[0], "height": size[1]})
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    page.evaluate(_TWO_FRAMES)
    # a settle, not a check: the assertions after it look at what is drawn
    with contextlib.suppress(PlaywrightTimeoutError):
        page.wait_for_function(_PLOTS_FIT, timeout=RELAYOUT_MS, polling=POLL_MS)
    page.evaluate(_TWO_FRAMES)


def each_size(page: Page) -> Iterator[tuple[int, int]]:
    """Lay the page out at each of SIZES in turn, yielding each; back at the first after."""
    for size in SIZES:
        resize(page, size)
        yield size
    resize(page, SIZES[0])
