"""The capacity benchmark's student speaks Streamlit's protocol well enough: checked against the
real app (a Next press moves the step, a changed widget retrains), and its figures."""

from __future__ import annotations

import asyncio
import concurrent.futures
from collections.abc import Coroutine, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest

from bench.classroom import STEP, Plan, Tally, check_step, pct, run_class
from bench.client import ProtocolError, Run, Session
from bench.servers import Server, free_port, plain

T = TypeVar("T")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    # ``streamlit run app.py``: a follower here is shown a move by a pushed run of its page
    # (tutor.live.push), as everywhere the lecture hall's view is not (serve.py's route;
    # its follower: tests/browser/test_live_classroom.py, tests/live/test_hall.py).
    with plain(free_port(), Path(tmp_path_factory.mktemp("logs")), script="app.py") as running:
        yield running


def run_async(coro: Coroutine[Any, Any, T]) -> T:
    """asyncio.run in a thread of its own: the session's sync Playwright (tests/conftest.py)
    keeps an event loop running in the main thread once a browser test has run."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


def step_shown(run: Run) -> tuple[int, int]:
    match = run.find(STEP)
    assert match, run.texts[:5]
    return int(match.group(1)), int(match.group(2))


def test_next_moves_the_step_and_the_address_follows(server: Server):
    async def go() -> list[tuple[int, int]]:
        session = Session(server.url, "forward", "lang=en")
        try:
            shown = [step_shown(await session.open())]
            for _ in range(2):
                shown.append(step_shown(await session.click("step.forward.next")))
            assert "lesson=" in session.query  # the page told the tab its new address
            shown.append(step_shown(await session.click("step.forward.restart")))
            return shown
        finally:
            await session.close()

    assert run_async(go()) == [(1, 11), (2, 11), (3, 11), (1, 11)]


def test_a_changed_widget_reaches_the_script(server: Server):
    async def go() -> tuple[str, str]:
        session = Session(server.url, "network-builder", "lang=en")
        try:
            first = (await session.open()).find(r"(\d+) updates")
            second = (await session.set_value("builder.epochs.text", string_value="300")).find(
                r"(\d+) updates")
            assert first and second
            return first.group(1), second.group(1)
        finally:
            await session.close()

    before, after = run_async(go())
    assert int(after) * 400 == int(before) * 300  # updates per epoch stay, the epochs changed


def test_an_unknown_widget_is_a_protocol_error(server: Server):
    async def go() -> None:
        session = Session(server.url, "forward", "lang=en")
        try:
            await session.open()
            await session.click("no.such.button")
        finally:
            await session.close()

    with pytest.raises(ProtocolError, match="no_widget"):
        run_async(go())


def test_a_small_class_runs_without_errors(server: Server):
    plan = Plan(sizes=(5,), arrival_s=1.0, clicks=2, think_s=(0.1, 0.2), deadline_s=60.0)
    tally = run_async(run_class(server, 5, plan))
    assert not tally.errors, tally.errors
    assert tally.actions == 15
    assert len(tally.first_view["stepping"]) == 2 and len(tally.first_view["heavy"]) == 3
    assert len(tally.clicks["stepping"]) == 4 and len(tally.clicks["heavy"]) == 6
    assert tally.peak_rss > 50 * 2**20


def test_a_step_that_did_not_move_is_an_error():
    before, after = Run(0.0, ["**Step 2 of 11** · x"]), Run(0.0, ["**Step 2 of 11** · x"])
    with pytest.raises(ProtocolError, match="step_not_moved"):
        check_step(before, after, 3)
    check_step(before, Run(0.0, ["**Step 3 of 11**"]), 3)


def test_percentiles():
    values = [float(v) for v in range(1, 101)]
    assert pct(values, 0.5) == pytest.approx(50.5, abs=0.5)
    assert pct(values, 0.95) == pytest.approx(95.05, abs=0.5)
    assert pct([0.3], 0.95) == 0.3
    assert Tally().errors.total() == 0


async def _room_with_a_follower(url: str) -> tuple[Any, Any, Run]:
    """A teacher on the forward pass who opened a room, and a student who joined it and whose
    join's own follow-up runs are over: (teacher, student, the student's first run)."""
    from bench.live import CODE, LiveSession

    teacher = LiveSession(url, "forward", "lang=en")
    await teacher.open()
    run = await teacher.click("live.start")
    code = next(text for text in run.texts if CODE.match(text)).replace("-", "")
    await teacher.click("live.join_back")
    student = LiveSession(url, "", f"join={code}&lang=en")
    joined = await student.open()
    while await student.pushed(1.0) is not None:  # the join's own follow-up runs
        pass
    return teacher, student, joined


def test_a_follower_is_shown_the_teachers_move_without_asking(server: Server):
    """tutor.live.push: after the teacher's Next, the server runs the follower's page by
    itself — the student's session sends nothing (its version check is the client's own
    timer, which this client never runs) and still receives the run with the new step."""
    from bench.live import step_of

    async def lesson() -> tuple[Run, Run | None]:
        teacher, student, joined = await _room_with_a_follower(server.url)
        await teacher.click("step.forward.next")
        pushed = await student.pushed(30.0)
        for session in (teacher, student):
            await session.close()
        return joined, pushed

    joined, pushed = run_async(lesson())
    assert pushed is not None, "the follower was not shown the move"
    assert (step_of(joined), step_of(pushed)) == (1, 2)
    # Only the follower's page (and the sidebar's lesson link) reran, in their fragments
    # (tutor.live.ui.pushed_part), not the whole app: about half of a full run is sent.
    assert len(pushed.fragments) == 2, pushed.fragments
    assert pushed.sent < 0.6 * joined.sent, (pushed.sent, joined.sent)


def test_a_followers_own_next_inside_the_pushed_page_reruns_the_whole_app(server: Server):
    """A follower's click inside its page fragment that changes the lesson (its own Next)
    is not left to the fragment: the whole app reruns (tutor.live.ui._part), so the sidebar's
    lesson link and the address carry the step the follower now shows."""
    from bench.live import step_of

    async def lesson() -> tuple[Run, str]:
        teacher, student, _ = await _room_with_a_follower(server.url)
        await teacher.click("step.forward.next")
        pushed = await student.pushed(30.0)
        assert pushed is not None and step_of(pushed) == 2 and pushed.fragments
        # The browser says which fragment the button is in: the page's, run first.
        clicked = await student.click("step.forward.next", fragment_id=pushed.fragments[0])
        for session in (teacher, student):
            await session.close()
        return clicked, student.query

    clicked, address = run_async(lesson())
    assert step_of(clicked) == 3
    assert "**Backprop Tutor**" in clicked.texts  # the sidebar drawn again: the app's run
    assert "lesson=" in address
