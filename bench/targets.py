"""The issue's targets, measured through deploy/local.sh: `.venv/bin/python -m bench.targets`.

Four measurements, each on a freshly started stack (deploy/local.sh: one replica per core
behind HAProxy, every replica with its worker pool, tutor.serving.pool), on loopback only:

1. *First views*: 40 students open Training, Learning rate and Network builder (in turn)
   within 10 s, then click twice (2–4 s apart): first-view p95 against ≤ 2 s.
2. *Next*: 80 students open the forward or backward pass within 10 s and press Next six times,
   2–4 s apart (about every 3 s): p95 against ≤ 300 ms, errors against 0.
3. *Memory*: 40 sessions, 10 of them on the digits page loading the same MNIST files from a
   folder (synthetic IDX files made here, in a temporary folder that becomes the data root,
   BPTUTOR_DATA_ROOT; nothing is downloaded; a fresh BPTUTOR_DATA_DIR for the arrays the
   processes share on disk, tutor.serving.mapped), on both replicas; two of those
   (``--mnist-trainers``) train one epoch in the pool, one per replica, pressing Train once
   the whole class is there; the other 30 on the pages in turn. Sampled every 0.1 s: the
   peak of every server process — replicas, their pool workers and HAProxy — together, as
   PSS (a page mapped by n processes counts 1/n in each: what they hold together) against
   ≤ 1.5 GB, with their summed RSS beside it (which counts a shared page once per process).
4. *Overview*: a fresh Chromium (a new browser context: empty cache, no cookies) opens the
   overview; from navigation start to the diagram painted, timed in the page, against
   ≤ 1.5 s. The overview draws its diagram as inline SVG (tutor.figures.svg,
   tutor.ui.plot.svg_picture): the moment is the animation frame after its first text has
   entered the page (until 6 December an SVG image: the frame after it had decoded,
   ``img.decode()``). Beside it, the time Playwright saw the picture (``performance.now()``
   read after its wait returns: the measure used before, which adds the round trip behind
   whatever the page runs next), the bytes fetched, and whether any Plotly chunk was fetched
   (the stack may preload it: deploy/local.sh's BPT_PRELOAD). The first load after the
   stack started (cold) and five more are reported.

Printed: each target beside its figure now and the figure the issue measured before. The
students run in this process on the same two cores (bench.classroom's client); the machine
may be shared, so run it more than once and read ranges.
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import os
import random
import shutil
import statistics
import struct
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Sequence
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.classroom import HEAVY, STEPPING, Plan, Tally, pct, student  # noqa: E402
from bench.client import ProtocolError, Session  # noqa: E402
from bench.servers import (  # noqa: E402
    Server,
    free_port,
    memory_sampler,
    stack,
    tree_rss_bytes,
)

CHROMIUM = Path("/usr/bin/chromium")
# The overview's diagram as the browser shows it: the first text of its inline SVG picture
# (tutor.ui.plot.show_svg in the container keyed "overview-diagram").
OVERVIEW_DIAGRAM = ".st-key-overview-diagram svg text"
MNIST_SHAPES = {"train": 60_000, "t10k": 10_000}


@dataclass
class Target:
    """One line of the table: what, the target, the figure now, the issue's figure before."""

    what: str
    target: str
    now: str
    before: str
    met: bool | None = None


# --- synthetic MNIST -----------------------------------------------------------------------
def write_mnist(folder: Path, seed: int = 0) -> None:
    """The four standard IDX files (gzipped) with random 28×28 images and labels 0–9."""
    rng = np.random.default_rng(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for part, n in MNIST_SHAPES.items():
        images = rng.integers(0, 256, size=(n, 28, 28), dtype=np.uint8)
        labels = rng.integers(0, 10, size=n, dtype=np.uint8)
        with gzip.open(folder / f"{part}-images-idx3-ubyte.gz", "wb", compresslevel=1) as f:
            f.write(struct.pack(">IIII", 0x803, n, 28, 28) + images.tobytes())
        with gzip.open(folder / f"{part}-labels-idx1-ubyte.gz", "wb", compresslevel=1) as f:
            f.write(struct.pack(">II", 0x801, n) + labels.tobytes())


# --- the students --------------------------------------------------------------------------
async def mnist_student(base: str, folder: Path, claim: Callable[[str | None], bool],
                        train_at: float, tally: Tally) -> None:
    """Open the digits page, switch to MNIST, give the folder; then, when ``claim(replica)``
    says so, train one epoch, pressing Train at loop time ``train_at`` (once the whole class
    is there, so the training's memory adds to everyone else's)."""
    from tutor.digits.state import DIGITS_SOURCE, MNIST_EPOCHS, MNIST_FOLDER, MNIST_TRAIN
    from tutor.i18n import t
    from tutor.ui.state import field_text_key

    session = Session(base, "digits", "lang=en")
    try:
        tally.actions += 1
        run = await session.open()
        steps: list[Callable[[], Awaitable[object]]] = [
            lambda: session.set_value(DIGITS_SOURCE,
                                      string_value=t("digits.source_mnist", "en")),
            lambda: session.set_value(MNIST_FOLDER, string_value=str(folder)),
        ]
        for step in steps:
            tally.actions += 1
            run = await step()  # type: ignore[assignment]
            if run.exceptions:  # type: ignore[attr-defined]
                raise ProtocolError("exception")
        if run.find(r"60,000") is None and run.find(r"60000") is None:  # type: ignore[attr-defined]
            raise ProtocolError("mnist_not_loaded")
        if claim(session.replica):
            tally.actions += 2
            run = await session.set_value(field_text_key(MNIST_EPOCHS), string_value="1")
            await asyncio.sleep(max(0.0, train_at - asyncio.get_running_loop().time()))
            run = await session.click(MNIST_TRAIN)
            if run.exceptions or run.find(r"Accuracy on 10,?000 test images") is None:
                raise ProtocolError("mnist_not_trained")
        await asyncio.sleep(5)  # stay while the memory is sampled
    except Exception as err:
        kind = str(err).split(" (")[0] if isinstance(err, ProtocolError) else type(err).__name__
        tally.errors[f"mnist: {kind}"] += 1
    finally:
        with suppress(Exception):
            await asyncio.wait_for(session.close(), 5)


async def sample(server: Server, tally: Tally) -> None:
    while True:
        tally.peak_rss = max(tally.peak_rss, tree_rss_bytes(server.pids()))
        await asyncio.sleep(0.5)


async def a_class(server: Server, n: int, pages: Sequence[str], plan: Plan,
                  extra: Callable[[int], Awaitable[None] | None] | None = None) -> Tally:
    """``n`` students arriving over plan.arrival_s; student i opens pages[i % len(pages)]
    (or, when ``extra(i)`` gives a coroutine, does that instead)."""
    tally = Tally()
    rng = random.Random(plan.seed)
    arrivals = sorted(rng.uniform(0, plan.arrival_s) for _ in range(n))
    sampler = asyncio.create_task(sample(server, tally))
    start = time.perf_counter()

    async def later(i: int, delay: float) -> None:
        await asyncio.sleep(delay)
        special = extra(i) if extra else None
        if special is not None:
            await special
        else:
            await student(server.url, pages[i % len(pages)], plan,
                          random.Random(plan.seed * 1000 + i), tally)

    tasks = [asyncio.create_task(later(i, t)) for i, t in enumerate(arrivals)]
    _, pending = await asyncio.wait(tasks, timeout=plan.deadline_s)
    for task in pending:
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
    sampler.cancel()
    tally.peak_rss = max(tally.peak_rss, tree_rss_bytes(server.pids()))
    tally.wall_s = time.perf_counter() - start
    return tally


def quantiles(values: list[float] | None) -> str:
    if not values:
        return "–"
    return f"p50 {pct(values, 0.5):.2f} s, p95 {pct(values, 0.95):.2f} s (n={len(values)})"


def errors(tally: Tally) -> str:
    return f"{sum(tally.errors.values())} errors / {tally.actions} actions" + (
        f" ({'; '.join(f'{k} ×{v}' for k, v in tally.errors.most_common(3))})"
        if tally.errors else "")


# --- the four measurements -----------------------------------------------------------------
MAX_FIRST = 200  # students opening a heavy page (bounded: they run in this one process)


def first_views(replicas: int, logs: Path, n: int,
                pages: Sequence[str] = HEAVY) -> list[Target]:
    """``n`` students opening ``pages`` in turn, arriving over 10 s (issue 25's lecture hall:
    80 on Training alone, ``--first-students 80 --first-pages training``)."""
    plan = Plan(sizes=(n,), clicks=2)
    with stack(free_port(), replicas, logs / "first-views") as server:
        tally = asyncio.run(a_class(server, n, pages, plan))
    views = tally.first_view.get("heavy", [])
    p95 = pct(views, 0.95) if views else float("inf")
    return [Target(f"{n} students open /{', /'.join(pages)} within "
                   f"10 s: first view", "p95 ≤ 2 s", f"{quantiles(views)}; {errors(tally)}",
                   "40 on Training: p50 32 s, p95 37 s; 20 on LR / builder: p95 18.3 / "
                   "15.7 s (one process)", p95 <= 2.0 and not tally.errors)]


MAX_NEXT = 200  # students pressing Next (bounded: they run in this one process)


def next_clicks(replicas: int, logs: Path, n: int) -> list[Target]:
    plan = Plan(sizes=(n,), clicks=6, think_s=(2.0, 4.0))
    with stack(free_port(), replicas, logs / "next") as server:
        tally = asyncio.run(a_class(server, n, STEPPING, plan))
    clicks = tally.clicks.get("stepping", [])
    p95 = pct(clicks, 0.95) if clicks else float("inf")
    return [Target(f"{n} students press Next every ~3 s (forward / backward pass)",
                   "p95 ≤ 300 ms, 0 errors",
                   f"{quantiles(clicks)}; first view {quantiles(tally.first_view.get('stepping'))}"
                   f"; {errors(tally)}",
                   "80: p95 1.7–2.2 s; 40: p50 81 ms, p95 362 ms (one process)",
                   p95 <= 0.3 and not tally.errors)]


def memory(replicas: int, logs: Path, n: int, on_mnist: int, trainers: int) -> list[Target]:
    plan = Plan(sizes=(n,), clicks=3)
    data_root = Path(tempfile.mkdtemp(prefix="bptutor-mnist-root."))
    folder = data_root / "mnist"
    write_mnist(folder)
    # the data root the page may read from, and a fresh BPTUTOR_DATA_DIR, so the shared
    # on-disk arrays (tutor.serving.mapped) are converted once in this run, as on a new server
    settings = {"BPTUTOR_DATA_ROOT": str(data_root),
                "BPTUTOR_DATA_DIR": str(data_root / "data-dir")}
    old = {name: os.environ.get(name) for name in settings}
    os.environ.update(settings)
    try:
        with stack(free_port(), replicas, logs / "memory") as server:
            base_rss = tree_rss_bytes(server.pids())
            # every (n // on_mnist)-th arrival, odd and even by turns: HAProxy deals new
            # sessions out in turn, so the MNIST sessions land on both replicas
            every = max(1, n // on_mnist)
            mnist_at = {k * every + (k % 2 if every > 1 else 0) for k in range(on_mnist)}
            trained_on: list[str | None] = []  # the replica of each trainer so far
            train_at: list[float] = []  # when they press Train: after the last arrival

            def claim(replica: str | None) -> bool:
                """Train here while trainers remain, on a replica without one as long as some
                replica has none: two trainers train on two replicas at once, the worst case."""
                if len(trained_on) >= trainers or (
                        replica in trained_on and len(set(trained_on)) < replicas):
                    return False
                trained_on.append(replica)
                return True

            def extra(i: int) -> Awaitable[None] | None:
                if i not in mnist_at:
                    return None
                if not train_at:  # the first arrival (0) is on MNIST: the class starts now
                    train_at.append(asyncio.get_running_loop().time() + plan.arrival_s + 1)
                return mnist_student(server.url, folder, claim, train_at[0], tally)

            tally = Tally()
            with memory_sampler(server.pids) as peak:
                result = asyncio.run(_with_tally(server, n, plan, extra, tally))
            kinds = process_kinds(server)
    finally:
        for name, value in old.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        shutil.rmtree(data_root, ignore_errors=True)
    pss, rss = peak.pss / 2**20, peak.rss / 2**20
    parts = "; ".join(
        f"{kind} " + " + ".join(f"{r / 2**20:.0f}/{p / 2**20:.0f}" for pid, (_, r, p)
                                in sorted(peak.at_peak.items()) if kinds.get(pid, "worker") == kind)
        for kind in ("replica", "worker", "haproxy"))
    return [Target(f"{n} sessions, {on_mnist} of them loading the same MNIST files ({trainers} "
                   "of those train an epoch): server memory, peak of replicas, pool "
                   "workers and HAProxy together",
                   "≤ 1.5 GB", f"PSS {pss:.0f} MB, summed RSS {rss:.0f} MB (idle stack RSS "
                   f"{base_rss / 2**20:.0f} MB); at the PSS peak, RSS/PSS MB: {parts}; "
                   f"{errors(result)}",
                   "not measured; each session kept its own ~220 MB copy: 10 sessions "
                   "≈ 2.2 GB of MNIST alone", pss <= 1536 and not result.errors)]


def process_kinds(server: Server) -> dict[int, str]:
    """pid → "replica" or "haproxy" for the stack's own processes (the rest are workers)."""
    kinds = {pid: "replica" for _, pid in server.replicas().values()}
    if server.run_dir is not None:
        kinds[int((server.run_dir / "haproxy.pid").read_text(encoding="utf-8"))] = "haproxy"
    return kinds


async def _with_tally(server: Server, n: int, plan: Plan,
                      extra: Callable[[int], Awaitable[None] | None], tally: Tally) -> Tally:
    """a_class, with the MNIST students counting into the same tally."""
    result = await a_class(server, n, ("forward", "backward", "training", "learning-rate",
                                       "network-builder"), plan, extra)
    result.errors.update(tally.errors)
    result.actions += tally.actions
    return result


# Set in the page before its own scripts run: when the diagram enters the document (a
# MutationObserver: the moment itself, however busy the page is afterwards) and the next
# animation frame after it can paint: for a Plotly chart, once the task drawing its SVG has
# ended; for an image, once it has loaded and decoded (img.decode()).
def diagram_timer(selector: str, image: bool) -> str:
    """The init script timing ``selector``'s first appearance (window.__diagram)."""
    return """
window.__diagram = {};
new MutationObserver((_, observer) => {
  const found = document.querySelector('SELECTOR');
  if (window.__diagram.attached === undefined && found) {
    window.__diagram.attached = performance.now();
    observer.disconnect();
    const paint = () => requestAnimationFrame(() => {
      window.__diagram.shown = performance.now(); });
    if (IMAGE) {
      found.decode().then(paint, () => found.complete ? paint()
                                        : found.addEventListener('load', paint, {once: true}));
    } else {
      paint();
    }
  }
}).observe(document, {subtree: true, childList: true});
""".replace("SELECTOR", selector).replace("IMAGE", "true" if image else "false")


def timed_tab(browser: Browser, selector: str) -> Page:
    """A fresh 1280×720 tab in a context of its own (no cache), timing ``selector``'s first
    paint (diagram_timer) from its navigation start; the caller closes its context."""
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    context.add_init_script(diagram_timer(selector, image=False))
    return context.new_page()


BYTES_FETCHED = ("performance.getEntriesByType('resource')"
                 ".reduce((n, e) => n + e.transferSize, 0)")
PLOTLY_FETCHED = ("performance.getEntriesByType('resource')"
                  ".some(e => /plotly/i.test(e.name))")


def overview(replicas: int, logs: Path, fresh: int) -> list[Target]:
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM_ARGS

    seen: list[float] = []  # performance.now() once Playwright has seen the SVG (as before)
    attached: list[float] = []
    shown: list[float] = []
    fetched: list[float] = []
    plotly_js: list[bool] = []
    with stack(free_port(), replicas, logs / "overview") as server, \
            sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                             args=CHROMIUM_ARGS)
        try:
            for _ in range(fresh + 1):
                page = timed_tab(browser, OVERVIEW_DIAGRAM)
                context = page.context
                page.goto(f"{server.url}/?lang=en", wait_until="commit")
                page.wait_for_selector(OVERVIEW_DIAGRAM, state="attached", timeout=60_000)
                seen.append(page.evaluate("performance.now()") / 1000)
                page.wait_for_function("window.__diagram.shown !== undefined", timeout=60_000)
                timing = page.evaluate("window.__diagram")
                attached.append(timing["attached"] / 1000)
                shown.append(timing["shown"] / 1000)
                fetched.append(page.evaluate(BYTES_FETCHED) / 2**20)
                plotly_js.append(bool(page.evaluate(PLOTLY_FETCHED)))
                context.close()
        finally:
            browser.close()
    warm = shown[1:]
    worst = max(warm)
    return [Target("a fresh browser opens the overview: navigation start → the diagram "
                   "painted (the frame after its SVG picture has entered the page)", "≤ 1.5 s",
                   f"first load after start {shown[0]:.2f} s; {fresh} more fresh browsers: "
                   f"median {statistics.median(warm):.2f} s, slowest {worst:.2f} s (image in the "
                   f"page: median {statistics.median(attached[1:]):.2f} s; as measured before, "
                   f"once Playwright sees it: median {statistics.median(seen[1:]):.2f} s, "
                   f"slowest {max(seen[1:]):.2f} s); {statistics.median(fetched):.1f} MB "
                   f"fetched, Plotly's JavaScript fetched in {sum(plotly_js)} of "
                   f"{len(plotly_js)} loads", "3.25 s", worst <= 1.5)]


def markdown(targets: list[Target], header: str) -> str:
    lines = [header, "", "| what | target | now | before (the issue) | met |",
             "| --- | --- | --- | --- | --- |"]
    for tg in targets:
        met = "–" if tg.met is None else ("yes" if tg.met else "no")
        lines.append(f"| {tg.what} | {tg.target} | {tg.now} | {tg.before} | {met} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replicas", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--only", choices=("first", "next", "memory", "overview"),
                        action="append", help="run only these measurements")
    parser.add_argument("--mnist-trainers", type=int, default=2,
                        help="how many of the MNIST sessions also train one epoch (default 2)")
    parser.add_argument("--quick", action="store_true",
                        help="a smoke run: 10 / 20 / 10 (3 on MNIST) students, 2 browsers")
    parser.add_argument("--next-students", type=int, default=80,
                        help=f"the students pressing Next (default 80, at most {MAX_NEXT}; "
                             "issue 25's lecture hall: 200)")
    parser.add_argument("--first-students", type=int, default=40,
                        help=f"the students opening a heavy page (default 40, at most "
                             f"{MAX_FIRST}; issue 25's lecture hall: 80 on Training)")
    parser.add_argument("--first-pages", default=",".join(HEAVY),
                        help="the heavy pages they open in turn, comma-separated "
                             f"(default {','.join(HEAVY)})")
    args = parser.parse_args(argv)
    if not 1 <= args.next_students <= MAX_NEXT:
        parser.error(f"--next-students: 1 to {MAX_NEXT}")
    if not 1 <= args.first_students <= MAX_FIRST:
        parser.error(f"--first-students: 1 to {MAX_FIRST}")
    first_pages = tuple(p.strip() for p in args.first_pages[:200].split(","))
    if not first_pages or any(p not in HEAVY for p in first_pages):
        parser.error(f"--first-pages: some of {', '.join(HEAVY)}")
    logs = Path(tempfile.mkdtemp(prefix="bptutor-targets."))
    chosen = args.only or ["first", "next", "memory", "overview"]
    q = args.quick
    targets: list[Target] = []
    for name in chosen:
        start = time.perf_counter()
        if name == "first":
            targets += first_views(args.replicas, logs, 10 if q else args.first_students,
                                   first_pages)
        elif name == "next":
            targets += next_clicks(args.replicas, logs, 20 if q else args.next_students)
        elif name == "memory":
            targets += memory(args.replicas, logs, 10 if q else 40, 3 if q else 10,
                              args.mnist_trainers)
        else:
            targets += overview(args.replicas, logs, 2 if q else 5)
        print(f"{name}: {targets[-1].now} ({time.perf_counter() - start:.0f} s)", flush=True)
    load = os.getloadavg()
    header = (f"deploy/local.sh with {args.replicas} replicas on {os.cpu_count()} cores; load "
              f"average at the end {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}")
    print()
    print(markdown(targets, header))
    print(f"\nserver logs: {logs}")


if __name__ == "__main__":
    main()
