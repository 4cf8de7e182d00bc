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

Bounded: at most 200 students a class (``--sizes``, default 20, 40 and 80), each a fixed
number of clicks, and a deadline per run after which unfinished students count as errors.
The students run in this one process, on the same two cores as the servers (its CPU time is
printed too).

``--play``: a class watching the network builder learn (issue 23). N students (``--students``,
40 by default, at most 80) open the builder, press Batch (their own copy of the network, so
Play trains it live; ``--recorded``: Play replays the recorded run instead) and Play, and
then rerun Play's fragment as a browser's run_every timer does, pressing Play again when it
stops at its end; ``--clickers`` other students (10, at most 40) press Next on the forward
pass with 1–2 s of thinking. It runs ``--seconds`` (30, at most 60) twice on one fresh
server (``--server``, one process or the local stack): first the clickers alone (the
baseline), then with the players. Printed: the frames per second each player saw (with
batches, tutor.ui.player: the frames a browser's player shows on the clock — one every
``ms`` while it has any, none while it waits for the server — simulated by ``Playout``;
without, a fragment run that drew Play's charts, at most 1 / PLAY_TICK), the frames shown
per Play run, a tick's or a batch's time, the server's
CPU time per frame (every server process's CPU over the phase, the clickers' share included,
over every player's frames: what a busy machine changes least), and the clickers' Next p50 /
p95 beside the baseline's. BPTUTOR_BENCH_APP=/path/to/checkout serves another checkout's app
(bench.servers) for an A/B with this one benchmark.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections import Counter, deque
from collections.abc import Awaitable, Callable, Iterator
from contextlib import AbstractContextManager, suppress
from dataclasses import dataclass, field, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.client import ProtocolError, Run, Session  # noqa: E402
from bench.results import save  # noqa: E402
from bench.servers import (  # noqa: E402
    Server,
    free_port,
    plain,
    stack,
    tree_cpu_seconds,
    tree_rss_bytes,
)

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


# --- a class playing the builder's training at once (--play) -------------------------------
PLAY_PAGE = "network-builder"
CLICK_PAGE = "forward"
MAX_PLAYERS, MAX_CLICKERS, MAX_PLAY_SECONDS = 80, 40, 60.0
MAX_CLASS = 200  # --sizes: the students of one class run in this one process
PLAYER_AHEAD = 2  # tutor.ui.player.AHEAD (not imported: the bench may serve another checkout)


@dataclass(frozen=True)
class PlayPlan:
    """How many play, how many click meanwhile, for how long."""

    players: int = 40
    clickers: int = 10
    seconds: float = 30.0
    arrival_s: float = 5.0
    think_s: tuple[float, float] = (1.0, 2.0)
    live: bool = True  # Batch first: Play trains the own network live
    seed: int = 0

    def check(self) -> None:
        """ValueError past the scenario's bounds (it runs on loopback, on shared cores)."""
        if not (0 <= self.players <= MAX_PLAYERS and 1 <= self.clickers <= MAX_CLICKERS
                and 1 <= self.seconds <= MAX_PLAY_SECONDS):
            raise ValueError(f"players 0–{MAX_PLAYERS}, clickers 1–{MAX_CLICKERS}, "
                             f"seconds 1–{MAX_PLAY_SECONDS:g}")


@dataclass
class PlayTally:
    """What one phase measured: each player's frames per second, each frame's time, the
    clickers' Next presses."""

    fps: list[float] = field(default_factory=list)
    frames: int = 0  # every player's frames shown
    sent: int = 0  # every player's frames received (shown or not: Pause, the end of the phase)
    reruns: int = 0  # every player's script runs for Play (Play pressed, ticks, batches)
    frame_s: list[float] = field(default_factory=list)
    clicks: list[float] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)
    actions: int = 0
    peak_rss: int = 0
    wall_s: float = 0.0
    client_cpu_s: float = 0.0
    server_cpu_s: float = 0.0  # every server process's CPU time over the phase


@dataclass
class Playout:
    """A browser's tutor.ui.player as far as the server can tell, on the clock: it shows the
    next frame of its queue every ``ms`` (a tick with an empty queue shows nothing: the
    player waits for the server), and asks for the next batch (its state ``shown``, which
    reruns the fragment) when it has AHEAD batches or less left, or has shown the last."""

    widget: str
    fragment: str
    queue: deque[int] = field(default_factory=deque)
    seq: int = -1
    asked: int = -1
    batch: int = 1
    last: bool = False
    ms: float = 0.125
    tick: float = 0.0  # when its timer shows the next frame
    at: int = 0  # the epoch on screen
    shown: int = 0  # frames it showed
    received: int = 0  # frames it was sent

    def take(self, payload: bytes, now: float) -> None:
        """A batch arrived at ``now`` (one it has already is ignored, as the browser does)."""
        if payload[:4] == b"BPB1":  # the header, the first length-prefixed part
            batch = json.loads(payload[8:8 + int.from_bytes(payload[4:8], "big")])
        else:  # a batch in one JSON text (the first version)
            batch = json.loads(payload)
        if batch["seq"] <= self.seq:
            return
        first = self.seq < 0
        self.seq, self.last = batch["seq"], bool(batch["last"])
        self.batch, self.ms = len(batch["frames"]), batch["ms"] / 1000
        self.queue.extend(frame["at"] for frame in batch["frames"])
        self.received += len(batch["frames"])
        if first:  # the first batch: a frame at once, then one every ms
            self.tick = now

    def run_until(self, now: float) -> None:
        """The timer's ticks up to ``now``."""
        while self.tick <= now:
            if self.queue:
                self.at, self.shown = self.queue.popleft(), self.shown + 1
            self.tick += self.ms

    def wants(self) -> bool:
        """Whether it asks for the next batch now (tutor.ui.player's rule)."""
        end = self.last and not self.queue
        return self.asked != self.seq and (
            end or (not self.last and len(self.queue) <= PLAYER_AHEAD * self.batch))


async def follow_batches(session: Session, run: Run, tally: PlayTally, stop_at: float
                         ) -> int:
    """Play on the recorded run in batches (tutor.ui.player): show them on the clock, ask
    for the next, until the end (0 batches in a reply: the page shows Play again) or
    ``stop_at``; the frames shown."""
    widget, fragment, payload = run.batches[-1]
    out = Playout(widget, fragment)
    out.take(payload, time.perf_counter())
    try:
        return await _follow(session, out, tally, stop_at)
    finally:
        tally.sent += out.received


async def _follow(session: Session, out: Playout, tally: PlayTally, stop_at: float) -> int:
    """follow_batches' loop: the frames shown."""
    while True:
        now = time.perf_counter()
        out.run_until(min(now, stop_at))
        if now >= stop_at:
            return out.shown
        if not out.wants():
            await asyncio.sleep(max(0.0, min(out.tick, stop_at) - now))
            continue
        out.asked = out.seq
        reply = await session.component_state(out.widget, out.fragment, {"shown": {
            "seq": out.seq, "at": out.at, "asked": round(now * 1000)}})
        if reply.exceptions:
            raise ProtocolError("exception")
        tally.frame_s.append(reply.seconds)
        tally.reruns += 1
        out.run_until(min(time.perf_counter(), stop_at))
        if not reply.batches:  # the end: the page shows Play again
            return out.shown
        out.take(reply.batches[-1][2], time.perf_counter())


async def player(base: str, plan: PlayPlan, tally: PlayTally, stop_at: float) -> None:
    """Open the builder, (Batch,) Play, and follow Play's frames until ``stop_at``."""
    session = Session(base, PLAY_PAGE, "lang=en")
    stage, frames, start = "first_view", 0, 0.0
    try:
        tally.actions += 1
        await session.open()
        if plan.live:
            stage = "batch"
            tally.actions += 1
            await session.click("builder_batch_button")
        start, playing = time.perf_counter(), False
        while time.perf_counter() < stop_at:
            if not playing:  # Play (again, once it stopped at its end)
                stage = "play"
                session.auto_reruns.clear()
                tally.actions += 1
                run = await session.click("builder_play_button")
                tally.reruns += 1
                if run.batches:  # a batch of frames to play in the browser (tutor.ui.player)
                    stage = "batch"
                    frames += await follow_batches(session, run, tally, stop_at)
                    continue
                if run.exceptions or not session.auto_reruns:
                    raise ProtocolError("play_not_started")
                frames += run.frames > 0
                tally.sent += run.frames > 0
                playing = True
                continue
            stage = "frame"
            fragment, every = next(iter(session.auto_reruns.items()))
            sent = time.perf_counter()
            run = await session.fragment(fragment)
            if run.exceptions:
                raise ProtocolError("exception")
            tally.frame_s.append(run.seconds)
            tally.reruns += 1
            if run.frames:
                frames += 1
                tally.sent += 1
            else:  # the end: the page shows Play again
                playing = False
            await asyncio.sleep(max(0.0, every - (time.perf_counter() - sent)))
        tally.fps.append(frames / max(time.perf_counter() - start, 1e-9))
        tally.frames += frames
    except asyncio.CancelledError:
        tally.errors[f"{stage}: unfinished at the deadline"] += 1
        raise
    except Exception as err:
        reason = str(err).split(" (")[0] if isinstance(err, ProtocolError) else type(
            err).__name__
        tally.errors[f"player {stage}: {reason}"] += 1
    finally:
        with suppress(Exception, asyncio.CancelledError):
            await asyncio.wait_for(session.close(), 5)


async def clicker(base: str, plan: PlayPlan, rng: random.Random, tally: PlayTally,
                  stop_at: float) -> None:
    """Open the forward pass and press Next (Restart at the end) until ``stop_at``."""
    session = Session(base, CLICK_PAGE, "lang=en")
    stage = "first_view"
    try:
        tally.actions += 1
        last = await session.open()
        k = 0
        while time.perf_counter() < stop_at:
            stage = "click"
            await asyncio.sleep(rng.uniform(*plan.think_s))
            act, check = next_action(session, CLICK_PAGE, last, k)
            tally.actions += 1
            run = await act()
            if run.exceptions:
                raise ProtocolError("exception")
            check(run)
            tally.clicks.append(run.seconds)
            last, k = run, k + 1
    except asyncio.CancelledError:
        tally.errors[f"{stage}: unfinished at the deadline"] += 1
        raise
    except Exception as err:
        reason = str(err).split(" (")[0] if isinstance(err, ProtocolError) else type(
            err).__name__
        tally.errors[f"clicker {stage}: {reason}"] += 1
    finally:
        with suppress(Exception, asyncio.CancelledError):
            await asyncio.wait_for(session.close(), 5)


async def play_phase(server: Server, plan: PlayPlan, players: int) -> PlayTally:
    """``players`` players and plan.clickers clickers for plan.seconds (arrivals spread over
    plan.arrival_s first); a deadline of twice that cancels what is left."""
    tally = PlayTally()
    rng = random.Random(plan.seed)
    sampler = asyncio.create_task(sample_memory(server, tally))  # type: ignore[arg-type]
    start, cpu = time.perf_counter(), time.process_time()
    server_cpu = tree_cpu_seconds(server.pids())
    stop_at = start + plan.arrival_s + plan.seconds

    async def later(delay: float, job: Awaitable[None]) -> None:
        await asyncio.sleep(delay)
        await job

    tasks = [asyncio.create_task(later(rng.uniform(0, plan.arrival_s),
                                       player(server.url, plan, tally, stop_at)))
             for _ in range(players)]
    tasks += [asyncio.create_task(later(rng.uniform(0, plan.arrival_s),
                                        clicker(server.url, plan, random.Random(plan.seed + i),
                                                tally, stop_at)))
              for i in range(plan.clickers)]
    _, pending = await asyncio.wait(tasks, timeout=2 * (plan.arrival_s + plan.seconds) + 30)
    for task in pending:
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
    sampler.cancel()
    tally.peak_rss = max(tally.peak_rss, tree_rss_bytes(server.pids()))
    tally.wall_s, tally.client_cpu_s = time.perf_counter() - start, time.process_time() - cpu
    tally.server_cpu_s = tree_cpu_seconds(server.pids()) - server_cpu
    return tally


def play_table(plan: PlayPlan, phases: dict[str, PlayTally]) -> str:
    """The two phases side by side as a Markdown table."""
    names = list(phases)

    def fps(values: list[float]) -> str:
        if not values:
            return "–"
        ordered = sorted(values)
        return (f"{statistics.median(ordered):.2f} / {ordered[0]:.2f} / {ordered[-1]:.2f} "
                f"(n={len(ordered)})")

    rows: list[tuple[str, Callable[[PlayTally], str]]] = [
        ("frames per second shown per player (median / min / max)", lambda t: fps(t.fps)),
        ("a tick's or a batch's run (p50 / p95)", lambda t: cell(t.frame_s)),
        ("frames shown per Play run (every player's frames / runs)",
         lambda t: f"{t.frames / t.reruns:.1f}" if t.reruns else "–"),
        # Less sensitive to a busy machine than the rates: the server's work per frame.
        ("server CPU per frame shown (all server CPU / every player's frames)",
         lambda t: f"{t.server_cpu_s / t.frames * 1000:.0f} ms ({t.frames} frames, "
                   f"{t.server_cpu_s:.0f} s CPU)" if t.frames else
                   f"– ({t.server_cpu_s:.0f} s CPU)"),
        ("frames sent per frame shown (a batch sent ahead and not shown: Pause, the end)",
         lambda t: f"{t.sent / t.frames:.2f}" if t.frames else "–"),
        ("other students' Next click (p50 / p95)", lambda t: cell(t.clicks)),
        ("errors / actions", lambda t: f"{sum(t.errors.values())} / {t.actions}"
         + (f" ({'; '.join(f'{k} ×{v}' for k, v in t.errors.most_common(3))})"
            if t.errors else "")),
        ("server memory, peak RSS of all processes", lambda t: f"{t.peak_rss / 2**20:.0f} MB"),
        ("wall time / client CPU", lambda t: f"{t.wall_s:.0f} s / {t.client_cpu_s:.1f} s"),
    ]
    lines = [f"| measure | {' | '.join(names)} |",
             f"| --- | {' | '.join('---' for _ in names)} |"]
    lines += [f"| {label} | " + " | ".join(show(phases[n]) for n in names) + " |"
              for label, show in rows]
    return "\n".join(lines)


def play_main(args: argparse.Namespace) -> None:
    """The --play scenario: baseline, then the players, on one fresh server."""
    plan = PlayPlan(players=args.students, clickers=args.clickers, seconds=args.seconds,
                    live=not args.recorded)
    plan.check()
    logs = Path(tempfile.mkdtemp(prefix="bptutor-classroom-play."))
    start: Callable[[], AbstractContextManager[Server]] = (
        (lambda: plain(free_port(), logs)) if args.server == "plain"
        else (lambda: stack(free_port(), args.replicas, logs / "stack")))
    phases: dict[str, PlayTally] = {}
    with start() as server:
        for name, players in (("baseline: no one playing", 0),
                              (f"{plan.players} playing", plan.players)):
            phases[name] = asyncio.run(play_phase(server, plan, players))
            tally = phases[name]
            print(f"{name}: {sum(tally.errors.values())} errors, {tally.wall_s:.0f} s",
                  flush=True)
    where = "one process" if args.server == "plain" else f"local stack ({args.replicas} replicas)"
    header = (f"{plan.players} students playing the network builder "
              f"({'live: Batch, then Play' if plan.live else 'the recorded run'}) and "
              f"{plan.clickers} pressing Next on the forward pass "
              f"{plan.think_s[0]:g}–{plan.think_s[1]:g} s apart, for {plan.seconds:g} s after "
              f"{plan.arrival_s:g} s of arrivals; {where}; {os.cpu_count()} cores")
    text = f"{header}\n\n{play_table(plan, phases)}\n"
    print()
    print(text)
    if args.out is not None:
        save("bench.classroom --play", text, args.out)
    print(f"server logs: {logs}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a smoke run: 5 and 10 students")
    parser.add_argument("--replicas", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--out", type=Path, default=None,
                        help=f"where to save the table (default: {RESULTS.name} when not "
                             "--quick; --play: only when given)")
    parser.add_argument("--play", action="store_true",
                        help="students playing the builder's training, and others clicking")
    parser.add_argument("--students", type=int, default=PlayPlan.players,
                        help=f"--play: the players (at most {MAX_PLAYERS})")
    parser.add_argument("--clickers", type=int, default=PlayPlan.clickers,
                        help=f"--play: the students pressing Next (at most {MAX_CLICKERS})")
    parser.add_argument("--seconds", type=float, default=PlayPlan.seconds,
                        help=f"--play: how long they play (at most {MAX_PLAY_SECONDS:g})")
    parser.add_argument("--recorded", action="store_true",
                        help="--play: Play replays the recorded run (no Batch first)")
    parser.add_argument("--server", choices=("plain", "stack"), default="stack",
                        help="--play: one process, or the local stack (default)")
    parser.add_argument("--sizes", default=None,
                        help=f"class sizes, comma-separated, each 1 to {MAX_CLASS} "
                             "(default 20,40,80; issue 25's lecture hall: 200)")
    args = parser.parse_args(argv)
    if args.play:
        play_main(args)
        return
    plan = QUICK if args.quick else Plan()
    if args.sizes is not None:
        try:
            sizes = tuple(int(s) for s in args.sizes[:100].split(","))
        except ValueError:
            parser.error("--sizes: whole numbers, comma-separated")
        if not sizes or any(not 1 <= n <= MAX_CLASS for n in sizes):
            parser.error(f"--sizes: each from 1 to {MAX_CLASS}")
        plan = replace(plan, sizes=sizes)
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
