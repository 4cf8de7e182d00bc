"""A fresh browser opens a stepping page: navigation start → its diagram painted, and the bytes
each Next sends: `.venv/bin/python -m bench.first_paint [--page forward] [--fresh 7]`.

The app is served the README's way (`streamlit run serve.py`, one process) on a free loopback
port, or through `deploy/local.sh` (``--stack``), or an already running server is measured
(``--url``: e.g. another checkout's, to compare). For each of ``--fresh`` new browser contexts
(empty cache, no cookies) in one Chromium, at 1280×720: the moment the page's diagram is
painted, timed in the page (bench.targets.diagram_timer: the animation frame after the
diagram's first drawn text has entered the document — an inline SVG picture's ``<text>``, or
a Plotly chart's annotation once plotly.js has drawn it); the bytes fetched; whether Plotly's
JavaScript was fetched. The first load after the server started is reported apart (cold).
Then, in the last context, ``--steps`` presses of Next: the websocket bytes received for each
(the step's elements as the server sends them).

Runs under a minute at the defaults; the machine may be busy, so read the load beside it.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import WebSocket

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.servers import free_port, plain, stack  # noqa: E402
from bench.targets import BYTES_FETCHED, CHROMIUM, PLOTLY_FETCHED, timed_tab  # noqa: E402


def drawn_selector(page: str) -> str:
    """The diagram's first drawn text: the SVG picture's (tutor.ui.plot.show_picture, in the
    container keyed ``<page>.diagram``) or a Plotly chart's annotation (as drawn before)."""
    return f".st-key-{page}-diagram svg text, .js-plotly-plot g.annotation text"


@contextmanager
def served(url: str | None, use_stack: bool, logs: Path) -> Iterator[str]:
    if url:
        yield url.rstrip("/")
    elif use_stack:
        with stack(free_port(), os.cpu_count() or 1, logs) as server:
            yield server.url
    else:
        with plain(free_port(), logs) as server:
            yield server.url


def _counting(received: list[int]) -> Callable[[WebSocket], None]:
    """A websocket listener appending each received frame's length to ``received``."""
    def listen(ws: WebSocket) -> None:
        ws.on("framereceived", lambda payload: received.append(len(payload)))
    return listen


def measure(base: str, page: str, fresh: int, steps: int) -> dict[str, list[float]]:
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM_ARGS

    out: dict[str, list[float]] = {"shown": [], "fetched_mb": [], "plotly": [], "step_kb": []}
    selector = drawn_selector(page)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                             args=CHROMIUM_ARGS)
        try:
            for run in range(fresh + 1):
                tab = timed_tab(browser, selector)
                context = tab.context
                received: list[int] = []
                tab.on("websocket", _counting(received))
                tab.goto(f"{base}/{page}?lang=en", wait_until="commit")
                tab.wait_for_function("window.__diagram.shown !== undefined", timeout=60_000)
                out["shown"].append(tab.evaluate("window.__diagram")["shown"] / 1000)
                out["fetched_mb"].append(tab.evaluate(BYTES_FETCHED) / 2**20)
                out["plotly"].append(float(tab.evaluate(PLOTLY_FETCHED)))
                if run == fresh:
                    idle = ('[data-testid="stApp"][data-test-connection-state="CONNECTED"]'
                            '[data-test-script-state="notRunning"]')
                    for k in range(steps):
                        tab.locator(idle).wait_for(state="attached", timeout=60_000)
                        tab.wait_for_timeout(300)  # the last frames of the run before
                        before = sum(received)
                        tab.locator(f".st-key-step-{page}-next button").first.click()
                        tab.locator("strong", has_text=f"Step {k + 2} of").first.wait_for(
                            timeout=60_000)  # the step's header (English)
                        tab.locator(idle).wait_for(state="attached", timeout=60_000)
                        tab.wait_for_timeout(300)
                        out["step_kb"].append((sum(received) - before) / 1000)
                context.close()
        finally:
            browser.close()
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="measure this running server instead of starting one")
    parser.add_argument("--stack", action="store_true", help="serve through deploy/local.sh")
    parser.add_argument("--page", default="forward", choices=("forward", "backward", "update"))
    parser.add_argument("--fresh", type=int, default=7, help="fresh browsers after the first")
    parser.add_argument("--steps", type=int, default=4, help="Next presses to weigh")
    args = parser.parse_args(argv)
    logs = Path(tempfile.mkdtemp(prefix="bptutor-first-paint."))
    start = time.perf_counter()
    with served(args.url, args.stack, logs) as base:
        got = measure(base, args.page, args.fresh, args.steps)
    warm = got["shown"][1:]
    load = os.getloadavg()
    how = args.url or ("deploy/local.sh" if args.stack else "streamlit run serve.py")
    print(f"/{args.page} through {how}, load {load[0]:.1f} / {load[1]:.1f} "
          f"({time.perf_counter() - start:.0f} s)")
    print(f"  navigation start → diagram painted: first load {got['shown'][0]:.2f} s; "
          f"{len(warm)} more fresh browsers: median {statistics.median(warm):.2f} s, "
          f"fastest {min(warm):.2f} s, slowest {max(warm):.2f} s "
          f"({', '.join(f'{s:.2f}' for s in warm)})")
    print(f"  fetched: median {statistics.median(got['fetched_mb']):.2f} MB; Plotly's "
          f"JavaScript in {int(sum(got['plotly']))} of {len(got['plotly'])} loads")
    if got["step_kb"]:
        print(f"  websocket bytes per Next: median {statistics.median(got['step_kb']):.1f} kB "
              f"({', '.join(f'{k:.1f}' for k in got['step_kb'])})")


if __name__ == "__main__":
    main()
