"""tutor.live.hall: a follower's view is answered the teacher's next step as a card when the
teacher only stepped on its page, a rerun for any other move, and waits for a move without
running anything; the pusher reruns none of these followers and tells the hall of moves."""

from __future__ import annotations

import asyncio
import concurrent.futures
import json
import threading
from collections.abc import Coroutine
from dataclasses import replace
from types import SimpleNamespace
from typing import Any, TypeVar

import pytest

from bpcore import Scenario
from tutor.lesson.codec import Lesson, encode
from tutor.live import hall as hall_module
from tutor.live.hall import RERUN, Hall, View, base_of, step_route
from tutor.live.model import Question, Room
from tutor.live.push import Pusher
from tutor.stepping.card import CardKey, card
from tutor.stepping.drawn import StepKey

T = TypeVar("T")
WORKED = Scenario.worked_example()
LESSON = Lesson(WORKED, step=0)
KEY = CardKey(StepKey(WORKED, "forward", 0, 4, "en", reveal=True), table=True)


def run_async(coro: Coroutine[Any, Any, T]) -> T:
    """asyncio.run in a thread of its own: once a browser test has run in this worker, its
    sync Playwright keeps an event loop running in the main thread."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


def view(session: str = "s1", shown: int = 1, **changed: object) -> View:
    return replace(View(session, "ROOMAB", "forward", base_of(LESSON), None, KEY, 11, shown),
                   **changed)


def room(version: int, lesson: Lesson = LESSON, **changed: object) -> Room:
    return replace(Room("ROOMAB", version, "forward", encode(lesson), 0.0, 1e12), **changed)


def poll(hall: Hall, token: str, seen: int, wait_s: float = 0.05) -> dict[str, object]:
    return dict(json.loads(run_async(hall.poll(token, seen, wait_s))))


def test_a_step_on_the_same_page_answers_every_follower_the_same_card() -> None:
    hall = Hall()
    hall.show("tok-a", view("s1"))
    hall.show("tok-b", view("s2"))
    hall.moved("ROOMAB", room(2, replace(LESSON, step=3)))
    a, b = poll(hall, "tok-a", 1), poll(hall, "tok-b", 1)
    assert a["version"] == b["version"] == 2
    expected = json.loads(card(replace(KEY, step=replace(KEY.step, current=3))))
    assert a["card"] == b["card"] == expected
    assert a["card"]["place"] == "Step 4 of 11"  # type: ignore[index]
    assert hall.shown("s1") == hall.shown("s2") == 2  # what each follower's view shows


def test_the_teachers_presentation_mode_is_not_the_followers_move() -> None:
    hall = Hall()
    hall.show("tok", view())
    hall.moved("ROOMAB", room(2, replace(LESSON, step=1, presentation=True)))
    assert poll(hall, "tok", 1)["card"]["step"] == 1  # type: ignore[index]


def test_a_step_past_the_pages_last_is_the_last_as_the_stepper_clamps_it() -> None:
    hall = Hall()
    hall.show("tok", view())
    hall.moved("ROOMAB", room(2, replace(LESSON, step=40)))
    assert poll(hall, "tok", 1)["card"]["step"] == 10  # type: ignore[index]


@pytest.mark.parametrize("moved", [
    room(2, replace(LESSON, step=1), page="backward"),  # another page
    room(2, Lesson(WORKED.with_value("w1", 0.2), step=1)),  # other numbers
    room(2, replace(LESSON, step=1, precision=6)),  # another precision
    room(2, replace(LESSON, step=1, mode="practice")),  # a learning mode
    room(2, replace(LESSON, step=1, hidden=("table",))),  # a panel hidden
    room(2, replace(LESSON, step=1), question=Question("q1", "forward", 1, "practice")),
    room(2, replace(LESSON, step=1), closed=True),
    replace(room(2), lesson="not a lesson"),
    None,  # the room is gone
], ids=["page", "numbers", "precision", "mode", "hidden", "question", "closed", "corrupt",
        "gone"])
def test_any_other_move_answers_rerun(moved: Room | None) -> None:
    hall = Hall()
    hall.show("tok", view())
    hall.moved("ROOMAB", moved)
    assert run_async(hall.poll("tok", 1, 0.05)) == RERUN
    assert hall.shown("s1") == 1  # nothing drawn: the run the view asks for draws it


def test_a_poll_waits_for_a_move_and_answers_same_when_none_came() -> None:
    hall = Hall()
    hall.show("tok", view(shown=2))
    assert poll(hall, "tok", 2) == {"version": 2, "same": True}  # nothing known yet
    hall.moved("ROOMAB", room(2))
    assert poll(hall, "tok", 2) == {"version": 2, "same": True}  # the version it shows
    hall.moved("ROOMAB", room(1, replace(LESSON, step=5)))
    assert poll(hall, "tok", 2) == {"version": 2, "same": True}  # never an older step


def test_a_move_from_the_pushers_thread_wakes_a_waiting_poll() -> None:
    hall = Hall()
    hall.show("tok", view())

    async def main() -> bytes:
        waiting = asyncio.create_task(hall.poll("tok", 1, wait_s=20.0))
        await asyncio.sleep(0.1)  # the poll is waiting
        threading.Thread(target=hall.moved, args=("ROOMAB", room(2, replace(LESSON, step=2))),
                         daemon=True).start()
        return await asyncio.wait_for(waiting, 10.0)  # woken, not after its 20 s

    assert json.loads(run_async(main()))["card"]["step"] == 2


def test_an_unknown_token_or_forgotten_view_answers_rerun() -> None:
    hall = Hall()
    assert run_async(hall.poll("nobody", 1, 0.05)) == RERUN
    hall.show("tok", view())
    assert hall.flipping("s1")
    hall.forget("s1")
    assert not hall.flipping("s1") and hall.shown("s1") is None
    assert run_async(hall.poll("tok", 1, 0.05)) == RERUN


def test_a_session_drawn_again_keeps_one_view_and_the_views_are_bounded(
        monkeypatch: pytest.MonkeyPatch) -> None:
    hall = Hall()
    hall.show("tok-old", view())
    hall.show("tok-new", view())
    assert hall.view("tok-old") is None and hall.view("tok-new") is not None
    monkeypatch.setattr(hall_module, "MAX_VIEWS", 3)
    for k in range(5):
        hall.show(f"tok{k}", view(f"s{k}"))
    assert [hall.flipping(f"s{k}") for k in range(5)] == [False, False, True, True, True]


def request(query: dict[str, str]) -> SimpleNamespace:
    """What the route reads of a request: its query string, raw and parsed."""
    raw = "&".join(f"{k}={v}" for k, v in query.items()).encode()
    return SimpleNamespace(query_params=query, scope={"query_string": raw})


@pytest.mark.parametrize("query", [{"t": "tok", "v": "abc"}, {"t": "tok", "v": "-1"},
                                   {"t": "tok"}, {"t": "tok", "v": "1" * 13},
                                   {"t": "tok", "v": "１２"},  # digits, not ASCII ones
                                   {"t": "tok" + "x" * 150, "v": "1"},  # a long token
                                   {"t": "tok", "v": "1", "pad": "x" * 10_000}])
def test_the_route_answers_rerun_to_whatever_else_a_browser_sends(
        query: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    hall = Hall()
    hall.show("tok", view())
    hall.moved("ROOMAB", room(2, replace(LESSON, step=1)))  # a good request gets a card
    monkeypatch.setattr(hall_module, "HALL", hall)
    answer = run_async(step_route(request(query)))
    assert answer.body == RERUN
    assert answer.headers["cache-control"] == "no-store"


def test_the_route_answers_the_card_for_a_good_request(monkeypatch: pytest.MonkeyPatch) -> None:
    hall = Hall()
    hall.show("tok", view())
    hall.moved("ROOMAB", room(2, replace(LESSON, step=1)))
    monkeypatch.setattr(hall_module, "HALL", hall)
    answer = run_async(step_route(request({"t": "tok", "v": "1"})))
    assert json.loads(answer.body)["card"]["step"] == 1
    assert answer.media_type == "application/json"


class Rooms:
    """A room store with versions and rooms (what the pusher reads)."""

    def __init__(self) -> None:
        self.rooms: dict[str, Room] = {"ROOMAB": room(1)}

    def version(self, code: str, now: float) -> int | None:
        found = self.rooms.get(code)
        return None if found is None else found.version

    def room(self, code: str, now: float) -> Room | None:
        return self.rooms.get(code)


def test_the_pusher_reruns_no_follower_whose_view_draws_the_step_and_tells_the_hall(
        monkeypatch: pytest.MonkeyPatch) -> None:
    hall = Hall()
    hall.enabled = True
    monkeypatch.setattr("tutor.live.push.HALL", hall)
    store, asked = Rooms(), []
    pusher = Pusher(lambda: store, lambda sid: asked.append(sid) or True, poll_s=3600)
    for sid in ("viewer", "pushed"):
        pusher.follow("ROOMAB", sid, seen=1)
    hall.show("tok", view("viewer"))
    store.rooms["ROOMAB"] = room(2, replace(LESSON, step=1))
    pusher.tick(0.0)
    assert asked == ["pushed"]  # the viewer's page does not run
    assert hall.room("ROOMAB") == (True, store.rooms["ROOMAB"])
    assert poll(hall, "tok", 1)["card"]["step"] == 1  # type: ignore[index]


def test_a_view_holds_at_most_two_polls_a_third_is_answered_at_once() -> None:
    hall = Hall()
    hall.show("tok", view())

    async def main() -> list[bytes]:
        waiting = [asyncio.create_task(hall.poll("tok", 1, wait_s=20.0)) for _ in range(2)]
        await asyncio.sleep(0.1)
        third = await asyncio.wait_for(hall.poll("tok", 1, wait_s=20.0), 5.0)  # not 20 s
        hall.moved("ROOMAB", room(2, replace(LESSON, step=1)))
        return [third, *await asyncio.gather(*waiting)]

    third, *woken = run_async(main())
    assert json.loads(third) == {"version": 1, "same": True}
    assert [json.loads(w)["card"]["step"] for w in woken] == [1, 1]


def test_an_answer_says_which_drawing_it_is_for_and_when_the_teacher_moved() -> None:
    hall = Hall()
    hall.show("tok", view(run=7, moved=100.0))
    hall.moved("ROOMAB", room(2, replace(LESSON, step=1), moved=250.0))
    assert poll(hall, "tok", 1)["run"] == 7  # the browser drops an answer for an older one
    assert hall.moved_at("s1") == 250.0  # the quiet notice counts the view's moves
