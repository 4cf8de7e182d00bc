"""A live class at class size: `.venv/bin/python -m bench.live` (add --quick for a smoke run).

Starts deploy/local.sh (2 replicas behind HAProxy; the SQLite room store in a fresh temporary
BPTUTOR_DATA_DIR that both replicas share), then one teacher and N following students (60),
each a websocket session speaking Streamlit's own protocol (bench.client). The teacher opens
the forward pass and starts a class; the students open the join link (/?join=CODE) over
``arrival_s`` and follow as a browser does: it shows every run the server starts by itself
(a teacher's move pushed by tutor.live.push) and runs its page's own version check — the
``st.fragment(run_every=…)`` the page asked for (every 5 s where pushes reach it, else every
second), an auto-rerun request with the fragment's id — when it is due. Once every student
shows step 1, the teacher presses Next every 3 s
for ``presses`` presses. For each press and each student: the time from the press being sent
until that student's session shows the new step ("**Step k of 11**" in a run's text).

Printed: follow time p50 / p95 / max over all (press, student) pairs, presses missed within
``miss_s``, errors, the teacher's Next click, server CPU (the CPU seconds every server process
— replicas, their pool workers, HAProxy — used from the first student's arrival to the end,
and over ``idle_s`` before the first press, when every student only checks the version) and
memory (peak RSS of them all, sampled every 0.5 s). The students run in this one process
on the same cores as the servers (its CPU time is printed too).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import statistics
import sys
import tempfile
import time
from collections import Counter
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.client import ProtocolError, Run, Session  # noqa: E402
from bench.results import save  # noqa: E402
from bench.servers import Server, descendants, free_port, stack, tree_rss_bytes  # noqa: E402

STEP = r"\*\*Step (\d+) of (\d+)\*\*"
CODE = re.compile(r"^[A-Z2-9]{3}-?[A-Z2-9]{3}$")  # as shown: "ABC-DEF"
RESULTS = ROOT / "bench" / "live_results.md"
CLK_TCK = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class Plan:
    """How big and how long."""

    students: int = 60
    presses: int = 10
    every_s: float = 3.0  # between the teacher's presses
    arrival_s: float = 15.0
    miss_s: float = 10.0  # a press a student has not shown by then is missed
    idle_s: float = 10.0  # every student only checking, before the first press
    replicas: int = 2
    join_deadline_s: float = 120.0


QUICK = Plan(students=5, presses=3, arrival_s=2.0, idle_s=3.0)


@dataclass
class Tally:
    """Everything one run measured."""

    follow: list[float] = field(default_factory=list)  # seconds, one per (press, student)
    teacher_clicks: list[float] = field(default_factory=list)
    first_views: list[float] = field(default_factory=list)
    checks: int = 0  # version checks (fragment runs) the students made
    pushes: int = 0  # runs the server started itself to show a move (tutor.live.push)
    errors: Counter[str] = field(default_factory=Counter)
    missed: int = 0
    joined: int = 0
    peak_rss: int = 0
    server_cpu_s: float = 0.0
    idle_cpu_s: float = 0.0  # over plan.idle_s with every student following, nothing moving
    client_cpu_s: float = 0.0
    wall_s: float = 0.0


class LiveSession(Session):
    """A bench session that also keeps headings' text (the class code is a title)."""

    def _element(self, element: object, run: Run, fragment_id: str = "") -> None:
        super()._element(element, run, fragment_id)
        if element.WhichOneof("type") == "heading":  # type: ignore[attr-defined]
            run.texts.append(element.heading.body)  # type: ignore[attr-defined]


def step_of(run: Run) -> int | None:
    match = run.find(STEP)
    return int(match.group(1)) if match else None


def cpu_seconds(pids: list[int]) -> dict[int, float]:
    """utime + stime of each process (and its descendants), seconds, from /proc."""
    out: dict[int, float] = {}
    for pid in descendants(pids):
        with suppress(OSError, IndexError, ValueError):
            fields = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8").rsplit(")", 1)[1]
            parts = fields.split()
            out[pid] = (int(parts[11]) + int(parts[12])) / CLK_TCK
    return out


class Clock:
    """The teacher's presses: when press k (the step it shows, 2…) was sent."""

    def __init__(self) -> None:
        self.sent: dict[int, float] = {}
        self.done = asyncio.Event()
        self.all_joined = asyncio.Event()


async def student(base: str, code: str, plan: Plan, clock: Clock, tally: Tally,
                  ready: list[int]) -> None:
    """Join, then check the room's version every second until the class is over."""
    session = LiveSession(base, "", f"join={code}&lang=en")
    stage = "join"
    try:
        run = await session.open()
        if run.exceptions:
            raise ProtocolError("exception")
        if run.find(r"Following the teacher") is None or step_of(run) != 1:
            raise ProtocolError("not_following")
        tally.first_views.append(run.seconds)
        ready.append(1)
        tally.joined += 1
        if len(ready) >= plan.students:
            clock.all_joined.set()
        shown, stage = 1, "follow"
        start = time.perf_counter()
        tick = 0
        while not (clock.done.is_set() and shown >= plan.presses + 1):
            if not session.auto_reruns:
                raise ProtocolError("no_version_check")
            interval = next(iter(session.auto_reruns.values()))
            tick += 1
            wait = start + tick * interval - time.perf_counter()
            # Until the fragment's next check is due, a run the server pushes (a move)
            pushed = await session.pushed(wait) if wait > 0 else None
            if pushed is not None:
                run = pushed
                tally.pushes += 1
                tick -= 1  # the check that was due still is
            else:
                fragment = next(iter(session.auto_reruns))
                run = await session.fragment(fragment)
                tally.checks += 1
            if run.exceptions:
                raise ProtocolError("exception")
            now = step_of(run)
            if now is not None and now > shown:
                at = time.perf_counter()
                for k in range(shown + 1, now + 1):
                    if k in clock.sent:
                        tally.follow.append(at - clock.sent[k])
                shown = now
            overdue = [k for k, sent in clock.sent.items()
                       if k > shown and time.perf_counter() - sent > plan.miss_s]
            if overdue:
                tally.missed += len(overdue)
                raise ProtocolError("missed a step")
    except asyncio.CancelledError:
        tally.errors[f"{stage}: unfinished at the deadline"] += 1
        raise
    except Exception as err:  # every failure a browser would show counts, by its kind
        why = str(err).split(" (")[0] if isinstance(err, ProtocolError) else type(err).__name__
        tally.errors[f"{stage}: {why}"] += 1
    finally:
        with suppress(Exception, asyncio.CancelledError):
            await asyncio.wait_for(session.close(), 5)


async def sample_memory(server: Server, tally: Tally) -> None:
    while True:
        tally.peak_rss = max(tally.peak_rss, tree_rss_bytes(server.pids()))
        await asyncio.sleep(0.5)


async def run_class(server: Server, plan: Plan) -> Tally:
    """The teacher starts a class; the students join over arrival_s; the teacher presses."""
    tally, clock = Tally(), Clock()
    teacher = LiveSession(server.url, "forward", "lang=en")
    run = await teacher.open()
    run = await teacher.click("live.start")
    shown = next((text for text in run.texts if CODE.match(text)), None)
    if shown is None:
        raise ProtocolError("no class code shown to the teacher")
    code = shown.replace("-", "")
    # Start puts the join screen (code, QR) in the page's place; back to the lesson to step.
    run = await teacher.click("live.join_back")
    if step_of(run) != 1:
        raise ProtocolError("the teacher is not back on the forward pass after the join screen")
    sampler = asyncio.create_task(sample_memory(server, tally))
    cpu_before = cpu_seconds(server.pids())
    start, client_cpu = time.perf_counter(), time.process_time()
    ready: list[int] = []

    async def later(i: int) -> None:
        await asyncio.sleep(plan.arrival_s * i / max(plan.students - 1, 1))
        await student(server.url, code, plan, clock, tally, ready)

    tasks = [asyncio.create_task(later(i)) for i in range(plan.students)]
    with suppress(TimeoutError):
        await asyncio.wait_for(clock.all_joined.wait(), plan.join_deadline_s)
    await asyncio.sleep(1.0)
    idle_before = cpu_seconds(server.pids())
    await asyncio.sleep(plan.idle_s)
    idle_after = cpu_seconds(server.pids())
    tally.idle_cpu_s = sum(v - idle_before.get(pid, 0.0) for pid, v in idle_after.items())
    for k in range(2, plan.presses + 2):
        clock.sent[k] = time.perf_counter()
        click = await teacher.click("step.forward.next")
        tally.teacher_clicks.append(click.seconds)
        if step_of(click) != k:
            tally.errors[f"teacher: step_not_moved (wanted {k})"] += 1
        await asyncio.sleep(max(0.0, clock.sent[k] + plan.every_s - time.perf_counter()))
    clock.done.set()
    done, pending = await asyncio.wait(tasks, timeout=plan.miss_s + 5)
    for task in pending:
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
    sampler.cancel()
    cpu_after = cpu_seconds(server.pids())
    tally.server_cpu_s = sum(v - cpu_before.get(pid, 0.0) for pid, v in cpu_after.items())
    tally.peak_rss = max(tally.peak_rss, tree_rss_bytes(server.pids()))
    tally.wall_s, tally.client_cpu_s = (time.perf_counter() - start,
                                        time.process_time() - client_cpu)
    await teacher.close()
    return tally


def pct(values: list[float], q: float) -> float:
    """The q-quantile (0..1) of values, by linear interpolation."""
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[round(q * 100) - 1]


def seconds(values: list[float]) -> str:
    if not values:
        return "–"
    return (f"{pct(values, 0.5):.2f} s / {pct(values, 0.95):.2f} s / {max(values):.2f} s "
            f"(n={len(values)})")


def table(plan: Plan, tally: Tally) -> str:
    """The results as a Markdown table."""
    expected = plan.students * plan.presses
    rows = [
        ("students joined / following", f"{tally.joined} / {plan.students}"),
        ("follow time: press → student shows the step (p50 / p95 / max)",
         seconds(tally.follow)),
        ("steps shown / expected; missed", f"{len(tally.follow)} / {expected}; {tally.missed}"),
        ("errors", f"{sum(tally.errors.values())}" + (
            f" ({'; '.join(f'{k} ×{v}' for k, v in tally.errors.most_common(3))})"
            if tally.errors else "")),
        ("teacher's Next click (p50 / p95 / max)", seconds(tally.teacher_clicks)),
        ("student's first view, join link → following (p50 / p95 / max)",
         seconds(tally.first_views)),
        ("version checks made (the follower's own fragment runs)", f"{tally.checks}"),
        ("moves pushed by the server (runs it started)", f"{tally.pushes}"),
        ("server CPU, all processes (CPU seconds / wall seconds)",
         f"{tally.server_cpu_s:.1f} s / {tally.wall_s:.0f} s "
         f"({tally.server_cpu_s / max(tally.wall_s, 1e-9):.2f} cores)"),
        (f"server CPU while {tally.joined} students only check ({plan.idle_s:g} s, no press)",
         f"{tally.idle_cpu_s:.1f} s ({tally.idle_cpu_s / plan.idle_s:.2f} cores)"),
        ("server memory, peak RSS of all processes", f"{tally.peak_rss / 2**20:.0f} MB"),
        ("client CPU (this process)", f"{tally.client_cpu_s:.1f} s"),
    ]
    lines = ["| measure | value |", "| --- | --- |"]
    lines += [f"| {label} | {value} |" for label, value in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a smoke run: 5 students")
    parser.add_argument("--students", type=int, default=None)
    parser.add_argument("--out", type=Path, default=None,
                        help=f"where to save the table (default: {RESULTS.name} when not "
                             "--quick)")
    args = parser.parse_args(argv)
    plan = QUICK if args.quick else Plan()
    if args.students:
        plan = Plan(**{**plan.__dict__, "students": args.students})
    run_dir = Path(tempfile.mkdtemp(prefix="bptutor-live."))
    os.environ["BPTUTOR_DATA_DIR"] = str(run_dir / "data")  # the replicas inherit it
    os.environ.pop("BPTUTOR_REDIS_URL", None)
    with stack(free_port(), plan.replicas, run_dir / "stack") as server:
        tally = asyncio.run(run_class(server, plan))
    load = os.getloadavg()
    header = (f"1 teacher and {plan.students} following students through deploy/local.sh "
              f"({plan.replicas} replicas, SQLite store); arrivals over {plan.arrival_s:g} s; "
              f"{plan.presses} Next presses {plan.every_s:g} s apart; {os.cpu_count()} cores; "
              f"load average at the end {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}")
    text = f"{header}\n\n{table(plan, tally)}\n"
    print()
    print(text)
    out = args.out or (None if args.quick else RESULTS)
    if out is not None:
        save("bench.live", text, out)
    print(f"server logs: {run_dir}")


if __name__ == "__main__":
    main()
