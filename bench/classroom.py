"""A class at once: `.venv/bin/python -m bench.classroom` (add --quick for a smoke run).

Starts one plain `streamlit run` process, then deploy/local.sh (one replica per core behind
HAProxy), each fresh for every class size, and lets N simulated students (N = 20, 40, 80) use
it through Streamlit's own websocket protocol (bench.client), on loopback only. The students
arrive spread over 10 s, each opens one page — the forward or backward pass (then presses
Next, Restart at the last step), training (toggles the log scale), the learning rates
(changes the decimals shown) or the network builder (changes the epochs, a new training) —
and clicks with 2–4 s of thinking between clicks. Every click is checked: a Next press must
move the step shown. Printed side by side: first view and click p50 / p95, errors, and the
peak memory of all server processes (RSS of the replicas and HAProxy, sampled every 0.5 s).

Bounded: at most 80 students, each a fixed number of clicks, and a deadline per run after
which unfinished students count as errors. The students run in this one process, on the same
two cores as the servers (its CPU time is printed too).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator
from contextlib import AbstractContextManager, suppress
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.client import ProtocolError, Run, Session  # noqa: E402
from bench.results import save  # noqa: E402
from bench.servers import Server, free_port, plain, stack, tree_rss_bytes  # noqa: E402

STEP = r"\*\*Step (\d+) of (\d+)\*\*"
STEPPING = ("forward", "backward")
HEAVY = ("training", "learning-rate", "network-builder")
PAGES = (*STEPPING, *HEAVY)  # students are given these in turn
RESULTS = ROOT / "bench" / "classroom_results.md"


@dataclass(frozen=True)
class Plan:
    """How big and how long: class sizes, arrival spread, clicks, think time, deadline."""

    sizes: tuple[int, ...] = (20, 40, 80)
    arrival_s: float = 10.0
    clicks: int = 6
    think_s: tuple[float, float] = (2.0, 4.0)
    deadline_s: float = 180.0
    seed: int = 0


QUICK = Plan(sizes=(5, 10), arrival_s=3.0, clicks=2, think_s=(0.5, 1.0), deadline_s=60.0)


@dataclass
class Tally:
    """Everything one class run measured."""

    first_view: dict[str, list[float]] = field(default_factory=dict)  # page group → seconds
    clicks: dict[str, list[float]] = field(default_factory=dict)
    errors: Counter[str] = field(default_factory=Counter)
    actions: int = 0
    peak_rss: int = 0
    wall_s: float = 0.0
    client_cpu_s: float = 0.0
    replicas: Counter[str] = field(default_factory=Counter)

    def add(self, table: dict[str, list[float]], page: str, seconds: float) -> None:
        table.setdefault("stepping" if page in STEPPING else "heavy", []).append(seconds)


def check_step(before: Run, after: Run, expect: int) -> None:
    """A Next press must show the next step (Restart: the first)."""
    match = after.find(STEP)
    if match is None or int(match.group(1)) != expect:
        shown = match.group(1) if match else "none"
        raise ProtocolError(f"step_not_moved (wanted {expect}, shows {shown})")


def next_action(session: Session, page: str, last: Run, k: int) -> tuple[
        Callable[[], Awaitable[Run]], Callable[[Run], None]]:
    """The student's k-th click on ``page`` and how to check what it did."""
    if page in STEPPING:
        match = last.find(STEP)
        if match is None:
            raise ProtocolError("no_step_shown")
        index, count = int(match.group(1)), int(match.group(2))
        key = f"step.{page}.{'next' if index < count else 'restart'}"
        expect = index + 1 if index < count else 1
        return (lambda: session.click(key)), (lambda run: check_step(last, run, expect))
    if page == "training":
        return (lambda: session.set_value("train.log_scale", bool_value=k % 2 == 1)), _none
    if page == "learning-rate":
        return (lambda: session.set_value("precision_widget",
                                          double_array_value=[float(3 + k % 4)])), _none
    return (lambda: session.set_value("builder.epochs.text", string_value=str(300 + 10 * k))), _none


def _none(run: Run) -> None:
    return None


async def student(base: str, page: str, plan: Plan, rng: random.Random, tally: Tally) -> None:
    """Arrive, open ``page``, click ``plan.clicks`` times with thinking in between."""
    session = Session(base, page, "lang=en")
    stage = "first_view"
    try:
        tally.actions += 1
        last = await session.open()
        if last.exceptions:
            raise ProtocolError("exception")
        tally.add(tally.first_view, page, last.seconds)
        tally.replicas[session.replica or "single"] += 1
        for k in range(plan.clicks):
            stage = "click"
            await asyncio.sleep(rng.uniform(*plan.think_s))
            act, check = next_action(session, page, last, k)
            tally.actions += 1
            run = await act()
            if run.exceptions:
                raise ProtocolError("exception")
            check(run)
            tally.add(tally.clicks, page, run.seconds)
            last = run
    except asyncio.CancelledError:
        tally.errors[f"{stage}: unfinished at the deadline"] += 1
        raise
    except Exception as err:  # every failure a browser would show counts, by its kind
        reason = str(err).split(" (")[0] if isinstance(err, ProtocolError) else type(
            err).__name__
        tally.errors[f"{stage}: {reason}"] += 1
    finally:
        with suppress(Exception, asyncio.CancelledError):
            await asyncio.wait_for(session.close(), 5)


async def sample_memory(server: Server, tally: Tally) -> None:
    """Keep the peak RSS of every server process (their pool workers too), every 0.5 s."""
    while True:
        tally.peak_rss = max(tally.peak_rss, tree_rss_bytes(server.pids()))
        await asyncio.sleep(0.5)


async def run_class(server: Server, n: int, plan: Plan) -> Tally:
    """N students on ``server``: arrivals spread over plan.arrival_s, bounded by a deadline."""
    tally = Tally()
    rng = random.Random(plan.seed)
    arrivals = sorted(rng.uniform(0, plan.arrival_s) for _ in range(n))
    sampler = asyncio.create_task(sample_memory(server, tally))
    start, cpu = time.perf_counter(), time.process_time()

    async def later(i: int, delay: float) -> None:
        await asyncio.sleep(delay)
        await student(server.url, PAGES[i % len(PAGES)], plan,
                      random.Random(plan.seed * 1000 + i), tally)

    tasks = [asyncio.create_task(later(i, t)) for i, t in enumerate(arrivals)]
    done, pending = await asyncio.wait(tasks, timeout=plan.deadline_s)
    for task in pending:
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
    sampler.cancel()
    tally.peak_rss = max(tally.peak_rss, tree_rss_bytes(server.pids()))
    tally.wall_s, tally.client_cpu_s = time.perf_counter() - start, time.process_time() - cpu
    return tally


def servers(replicas: int, logs: Path) -> Iterator[tuple[str, Callable[[],
                                                 AbstractContextManager[Server]]]]:
    """The two ways to serve, each started fresh when called."""
    yield "one process", lambda: plain(free_port(), logs)
    yield f"local stack ({replicas} replicas)", lambda: stack(free_port(), replicas,
                                                              logs / f"stack-{time.time_ns()}")


def pct(values: list[float], q: float) -> float:
    """The q-quantile (0..1) of values, by linear interpolation."""
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[round(q * 100) - 1]


def cell(values: list[float] | None) -> str:
    if not values:
        return "–"
    fmt = (lambda s: f"{s * 1000:.0f} ms") if pct(values, 0.95) < 1 else (
        lambda s: f"{s:.2f} s")
    return f"{fmt(pct(values, 0.5))} / {fmt(pct(values, 0.95))} (n={len(values)})"


def table(results: dict[int, dict[str, Tally]]) -> str:
    """The results as a Markdown table, one column per way of serving."""
    names = list(next(iter(results.values())))
    lines = [f"| students | measure | {' | '.join(names)} |",
             f"| --- | --- | {' | '.join('---' for _ in names)} |"]
    rows: list[tuple[str, Callable[[Tally], str]]] = [
        ("first view, forward/backward (p50 / p95)",
         lambda t: cell(t.first_view.get("stepping"))),
        ("first view, training/rates/builder (p50 / p95)",
         lambda t: cell(t.first_view.get("heavy"))),
        ("Next / Restart click (p50 / p95)", lambda t: cell(t.clicks.get("stepping"))),
        ("other clicks: log scale, decimals, epochs (p50 / p95)",
         lambda t: cell(t.clicks.get("heavy"))),
        ("errors / actions", lambda t: f"{sum(t.errors.values())} / {t.actions}"
         + (f" ({'; '.join(f'{k} ×{v}' for k, v in t.errors.most_common(3))})"
            if t.errors else "")),
        ("server memory, peak RSS of all processes", lambda t: f"{t.peak_rss / 2**20:.0f} MB"),
        ("wall time / client CPU", lambda t: f"{t.wall_s:.0f} s / {t.client_cpu_s:.1f} s"),
    ]
    for n, by_server in results.items():
        for label, show in rows:
            lines.append(f"| {n} | {label} | "
                         + " | ".join(show(by_server[name]) for name in names) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a smoke run: 5 and 10 students")
    parser.add_argument("--replicas", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--out", type=Path, default=None,
                        help=f"where to save the table (default: {RESULTS.name} when not "
                             "--quick)")
    args = parser.parse_args(argv)
    plan = QUICK if args.quick else Plan()
    logs = Path(tempfile.mkdtemp(prefix="bptutor-classroom."))
    results: dict[int, dict[str, Tally]] = {}
    for n in plan.sizes:
        results[n] = {}
        for name, start in servers(args.replicas, logs):
            with start() as server:
                tally = asyncio.run(run_class(server, n, plan))
            results[n][name] = tally
            print(f"{n} students, {name}: {sum(tally.errors.values())} errors, "
                  f"{tally.wall_s:.0f} s, replicas used {dict(tally.replicas)}", flush=True)
    header = (f"{len(plan.sizes)} class sizes; arrivals over {plan.arrival_s:.0f} s; "
              f"{plan.clicks} clicks each, {plan.think_s[0]:g}–{plan.think_s[1]:g} s apart; "
              f"pages in turn: {', '.join(PAGES)}; {os.cpu_count()} cores")
    text = f"{header}\n\n{table(results)}\n"
    print()
    print(text)
    out = args.out or (None if args.quick else RESULTS)
    if out is not None:
        save("bench.classroom", text, out)
    print(f"server logs: {logs}")


if __name__ == "__main__":
    main()
