"""A live class at class size: `.venv/bin/python -m bench.live` (add --quick for a smoke run).

Starts deploy/local.sh (2 replicas behind HAProxy; the SQLite room store in a fresh temporary
BPTUTOR_DATA_DIR that both replicas share), then one teacher and N following students (60),
each a websocket session speaking Streamlit's own protocol (bench.client). The teacher opens
the forward pass and starts a class; the students open the join link (/?join=CODE) over
``arrival_s`` and follow as a browser does: it shows every run the server starts by itself
(a teacher's move pushed by tutor.live.push) and runs its page's own version check — the
``st.fragment(run_every=…)`` the page asked for (every 5 s where pushes reach it, else every
second), an auto-rerun request with the fragment's id — when it is due. Where a run draws the
lecture hall's view instead of the step (deploy/local.sh serves ``streamlit run serve.py``:
tutor.live.hall, tutor.live.hall_view), the student does what the view's JS does: it shows
the step of the view's card and holds one long poll open on the view's route
(``/live/step?t=TOKEN&v=VERSION``, HTTP/1.1 kept alive, with the tab's cookies, so HAProxy
sends it to the replica that holds its session); a card in the answer is the next step shown
(no run), ``rerun`` (or three failed polls) sets the view's trigger ``moved``, which reruns
its fragment (``Follow``, ``Poller``). Once every student shows step 1, the teacher presses
Next every 3 s for ``presses`` presses. For each press and each student: the time from the
press being sent until that student's session shows the new step ("**Step k of 11**" in a
run's text, or the view's card: in a run, or in a poll's answer).

Printed: follow time p50 / p95 / max over all (press, student) pairs, presses missed within
``miss_s``, errors, the teacher's Next click, server CPU (the CPU seconds every server process
— replicas, their pool workers, HAProxy — used from the first student's arrival to the end,
and over ``idle_s`` before the first press, when every student only checks the version) and
memory (peak RSS of them all, sampled every 0.5 s), and how many steps were shown by a
poll's answer and by a run. The students run in this one process on the same cores as the
servers (its CPU time is printed too).
"""

from __future__ import annotations

import argparse
import asyncio
import json
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
from typing import Any
from urllib.parse import quote, urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.client import ProtocolError, Run, Session  # noqa: E402
from bench.results import save  # noqa: E402
from bench.servers import Server, descendants, free_port, stack, tree_rss_bytes  # noqa: E402

STEP = r"\*\*Step (\d+) of (\d+)\*\*"
PLACE = re.compile(r"Step (\d+) of (\d+)")  # a view's card's "place" (lang=en)
HALL_VIEW = "bptutor_hall_view"  # tutor.live.hall_view's component
VIEW_KEY = "live.hall_view"  # its element's key
VIEW_EVENT = "moved"  # its trigger: the page's run applies a move the view cannot draw
POLL_FAILS = 3  # failed polls in a row after which the view asks for a run (VIEW_JS's FAILS)
POLL_TIMEOUT_S = 40.0  # a poll answers within tutor.live.hall.WAIT_S (25 s)
MAX_BODY = 1 << 20  # a poll's answer (a card is ~15 kB)
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
    # The lecture hall's view (tutor.live.hall): steps (press, student) shown by a poll's
    # answer / by a run; polls answered with a card, "same" (25 s, no move), "rerun"; polls
    # that failed (HTTP error, connection lost, no answer in POLL_TIMEOUT_S); the view's
    # trigger sent (a run of its page asked for); students whose page drew the view; views
    # left without a poll (drawn again with the same data after asking for a run).
    by_poll: int = 0
    by_run: int = 0
    polls: Counter[str] = field(default_factory=Counter)
    poll_failures: int = 0
    triggers: int = 0
    viewers: int = 0
    stalled: int = 0  # views drawn again with the same data after their poll stopped


class LiveSession(Session):
    """A bench session that also keeps headings' text (the class code is a title)."""

    def _element(self, element: object, run: Run, fragment_id: str = "") -> None:
        super()._element(element, run, fragment_id)
        if element.WhichOneof("type") == "heading":  # type: ignore[attr-defined]
            run.texts.append(element.heading.body)  # type: ignore[attr-defined]


def step_of(run: Run) -> int | None:
    match = run.find(STEP)
    return int(match.group(1)) if match else None


@dataclass(frozen=True)
class ViewData:
    """A lecture hall's view as a run drew it (tutor.live.hall_view.show_view's data)."""

    token: str
    version: int
    path: str
    step: int | None  # its card's step, 1-based as shown ("Step k of 11")
    raw: str  # the data as sent (JSON text)


def card_step(card: Any) -> int | None:
    """The step a view's card shows, 1-based: its "place" ("Step 2 of 11"), else its
    0-based "step" + 1."""
    if not isinstance(card, dict):
        return None
    match = PLACE.search(str(card.get("place", "")))
    if match:
        return int(match.group(1))
    step = card.get("step")
    return step + 1 if isinstance(step, int) else None


def hall_view(run: Run) -> ViewData | None:
    """The lecture hall's view this run drew (the last one), or None."""
    found = None
    for name, _, _, text in run.components:
        if name != HALL_VIEW:
            continue
        try:
            data = json.loads(text)
            card = json.loads(data["card"])
            found = ViewData(str(data["token"]), int(data["version"]), str(data["path"]),
                             card_step(card), text)
        except (ValueError, KeyError, TypeError) as err:
            raise ProtocolError("bad_view_data") from err
    return found


def shown_in(run: Run) -> int | None:
    """The step a run shows: its "**Step k of N**", else its hall view's card's."""
    step = step_of(run)
    if step is None:
        view = hall_view(run)
        step = None if view is None else view.step
    return step


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


class Follow:
    """The step one student's screen shows, moved on by a run or by its view's poll; each
    step a press moved it to is timed from the press, as soon as it is shown."""

    def __init__(self, plan: Plan, clock: Clock, tally: Tally) -> None:
        self.plan, self.clock, self.tally = plan, clock, tally
        self.step = 1
        self.wake = asyncio.Event()  # the student's loop has something to do now

    @property
    def finished(self) -> bool:
        return self.clock.done.is_set() and self.step >= self.plan.presses + 1

    def show(self, step: int | None, by_poll: bool) -> None:
        if step is None or step <= self.step:
            return
        at = time.perf_counter()
        for k in range(self.step + 1, step + 1):
            if k in self.clock.sent:
                self.tally.follow.append(at - self.clock.sent[k])
                if by_poll:
                    self.tally.by_poll += 1
                else:
                    self.tally.by_run += 1
        self.step = step
        if self.finished:
            self.wake.set()


class Poller:
    """A lecture hall view's long poll, as tutor.live.hall_view's VIEW_JS holds it: one
    request open on the view's route with the version it shows, on one kept-alive HTTP/1.1
    connection with the tab's cookies (its SERVERID: HAProxy sends the poll to the replica
    that holds the session, as it does the browser's fetch). A card in the answer is shown;
    "rerun" (or POLL_FAILS failed polls in a row) stops polling and asks the student's loop
    to send the view's trigger (``wants_run``); the next run that draws the view starts it
    again."""

    def __init__(self, session: Session, follow: Follow, tally: Tally) -> None:
        self.session, self.follow, self.tally = session, follow, tally
        self.view: ViewData | None = None
        self.version = -1  # the version the view shows (VIEW_JS's bp.version)
        self.wants_run: int | None = None  # the version to send with the trigger
        self.stalled = False  # the poll stopped and the view was drawn again unchanged
        self.task: asyncio.Task[None] | None = None
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    def drawn(self, view: ViewData) -> None:
        """A run drew the view. As in the browser, the view's JS runs again only when its
        data is not the same text as before (Streamlit 1.67's BidiComponent memoizes the
        parsed data on the JSON text, and its effect that calls the JS depends on it): it
        then shows the data when it is a new view or not behind what the view shows
        (VIEW_JS's start) and starts the poll if it had stopped. A view whose poll stopped
        (it asked for a run) and that is drawn again with the same data polls no more
        (``Tally.stalled``)."""
        if self.view is not None and view.raw == self.view.raw:
            if self.task is not None and self.task.done() and not self.stalled:
                self.stalled = True
                self.tally.stalled += 1
            return
        if self.view is None or view.token != self.view.token or view.version >= self.version:
            self.version = view.version
            self.follow.show(view.step, by_poll=False)
        self.view, self.stalled = view, False
        if self.task is None or self.task.done():
            self.task = asyncio.create_task(self._poll())

    async def stop(self) -> None:
        if self.task is not None:
            self.task.cancel()
            with suppress(Exception, asyncio.CancelledError):
                await self.task
        self._hang_up()

    def _ask_run(self) -> None:
        self.wants_run = self.version
        self.follow.wake.set()

    async def _poll(self) -> None:
        fails = 0
        while self.view is not None:
            token, path = self.view.token, self.view.path
            try:
                body = await asyncio.wait_for(
                    self._get(f"{path}?t={quote(token)}&v={self.version}"), POLL_TIMEOUT_S)
            except (OSError, TimeoutError, ValueError, asyncio.IncompleteReadError):
                self._hang_up()
                body = None
            if self.view is None or token != self.view.token:
                continue  # the page drew this view anew meanwhile
            if body is None:
                fails += 1
                self.tally.poll_failures += 1
                if fails >= POLL_FAILS:
                    self._ask_run()
                    return
                await asyncio.sleep(fails)
                continue
            fails = 0
            if body.get("rerun"):
                self.tally.polls["rerun"] += 1
                self._ask_run()
                return
            card, version = body.get("card"), body.get("version")
            if card is not None and isinstance(version, int):
                self.tally.polls["card"] += 1
                if version > self.version:
                    self.version = version
                    self.follow.show(card_step(card), by_poll=True)
            else:
                self.tally.polls["same" if body.get("same") else "other"] += 1

    def _hang_up(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None

    async def _get(self, path: str) -> dict[str, Any] | None:
        """GET ``path`` on the kept-alive connection (opened if there is none), with the
        tab's cookies; its JSON body, or None if the status is not 200."""
        if self.reader is None or self.writer is None:
            parts = urlsplit(self.session.base)
            self.reader, self.writer = await asyncio.open_connection(parts.hostname,
                                                                     parts.port)
        reader, writer = self.reader, self.writer
        cookies = self.session.cookies
        cookie = "; ".join(f"{k}={v}" for k, v in cookies.items())
        writer.write((f"GET {path} HTTP/1.1\r\nHost: {urlsplit(self.session.base).netloc}\r\n"
                      "Accept: application/json\r\nConnection: keep-alive\r\n"
                      + (f"Cookie: {cookie}\r\n" if cookie else "") + "\r\n").encode())
        await writer.drain()
        head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
        status = int(head[0].split(" ", 2)[1])
        headers: dict[str, str] = {}
        for line in head[1:]:
            name, _, value = line.partition(":")
            name, value = name.strip().lower(), value.strip()
            if name == "set-cookie":  # the browser's cookie jar
                key, _, rest = value.partition("=")
                cookies[key] = rest.split(";", 1)[0]
            elif name:
                headers[name] = value
        if "chunked" in headers.get("transfer-encoding", "").lower():
            body = b""
            while True:
                size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
                chunk = await reader.readexactly(size + 2)
                if size == 0:
                    break
                body += chunk[:-2]
                if len(body) > MAX_BODY:
                    raise ValueError("answer too long")
        elif "content-length" in headers:
            length = int(headers["content-length"])
            if length > MAX_BODY:
                raise ValueError("answer too long")
            body = await reader.readexactly(length)
        else:  # to the end of the connection
            body = await reader.read(MAX_BODY)
            self._hang_up()
        if headers.get("connection", "").lower() == "close":
            self._hang_up()
        if status != 200:
            return None
        answer = json.loads(body)
        if not isinstance(answer, dict):
            raise ValueError("not an object")
        return answer


async def student(base: str, code: str, plan: Plan, clock: Clock, tally: Tally,
                  ready: list[int]) -> None:
    """Join, then check the room's version every second until the class is over (and where
    the page draws the lecture hall's view, keep its long poll open)."""
    session = LiveSession(base, "", f"join={code}&lang=en")
    follow = Follow(plan, clock, tally)
    poller = Poller(session, follow, tally)
    stage = "join"

    def take(run: Run) -> None:
        """What a run shows: its step, and the view it drew (whose poll it starts)."""
        if run.exceptions:
            raise ProtocolError("exception")
        view = hall_view(run)
        if view is not None:
            poller.drawn(view)
        follow.show(step_of(run), by_poll=False)

    try:
        run = await session.open()
        if run.exceptions:
            raise ProtocolError("exception")
        if run.find(r"Following the teacher") is None or shown_in(run) != 1:
            raise ProtocolError("not_following")
        take(run)
        tally.viewers += poller.view is not None
        tally.first_views.append(run.seconds)
        ready.append(1)
        tally.joined += 1
        if len(ready) >= plan.students:
            clock.all_joined.set()
        stage = "follow"
        start = time.perf_counter()
        tick = 0
        while True:
            follow.wake.clear()
            if follow.finished:
                break
            if not session.auto_reruns:
                raise ProtocolError("no_version_check")
            interval = next(iter(session.auto_reruns.values()))
            tick += 1
            wait = start + tick * interval - time.perf_counter()
            got: Run | None = None
            if poller.wants_run is not None:  # the view asks for a run of its page
                version, poller.wants_run = poller.wants_run, None
                got = await session.trigger(VIEW_KEY, VIEW_EVENT, version)
                tally.triggers += 1
                tick -= 1  # the check that was due still is
            elif wait > 0:
                # Until the fragment's next check is due, a run the server pushes (a move),
                # unless the view's poll wakes the loop first
                got = await session.pushed(wait, follow.wake)
                if got is not None:
                    tally.pushes += 1
                if got is not None or follow.wake.is_set():
                    tick -= 1  # the check that was due still is
            if got is None and not follow.wake.is_set():
                fragment = next(iter(session.auto_reruns))
                got = await session.fragment(fragment)
                tally.checks += 1
            if got is not None:
                take(got)
            overdue = [k for k, sent in clock.sent.items()
                       if k > follow.step and time.perf_counter() - sent > plan.miss_s]
            if overdue:
                tally.missed += len(overdue)
                raise ProtocolError("missed a step")
    except asyncio.CancelledError:
        # A student that showed every step may still be waiting for its next own check (a
        # view's page checks at the heartbeat's pace, 30 s): done, not an error.
        if not (stage == "follow" and follow.step >= plan.presses + 1):
            tally.errors[f"{stage}: unfinished at the deadline"] += 1
        raise
    except Exception as err:  # every failure a browser would show counts, by its kind
        why = str(err).split(" (")[0] if isinstance(err, ProtocolError) else type(err).__name__
        tally.errors[f"{stage}: {why}"] += 1
    finally:
        with suppress(Exception, asyncio.CancelledError):
            await asyncio.wait_for(poller.stop(), 5)
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
        ("steps shown by the hall view's long poll / by a run (students whose page drew the "
         "view)", f"{tally.by_poll} / {tally.by_run} ({tally.viewers}); polls answered: "
         f"{tally.polls['card']} card, {tally.polls['same']} same, {tally.polls['rerun']} "
         f"rerun; failed {tally.poll_failures}; view's reruns asked {tally.triggers}, "
         f"after which its poll stayed stopped {tally.stalled}"),
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
