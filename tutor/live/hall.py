"""A lecture hall's followers shown the teacher's step without a run of their page.

Why: a follower was shown each move by a rerun of its page (tutor.live.push), and even a page
of one element costs ~21 ms of a Streamlit run on the 2-core machine, so a hall of 200 took
4–10 s of CPU per move and the last student saw it seconds later. Here a follower on a
stepping page, watching (no learning mode), draws the step in the browser
(tutor.live.hall_view): its view holds one request open on the server's route ``STEP_PATH``
(a long poll), and when the teacher steps on the same page, with the same network and
numbers, the answer is the new step's card (tutor.stepping.card: made once per step for
every follower, the same bytes for all); the view draws it, and no script runs. Any other
move (another page, network, numbers, mode, a question, the room closed or gone) answers
``rerun``: the view asks for a run of its page, which applies the move as before.

The server's parts, all in this process (a replica; HAProxy keeps a browser on its replica
by cookie, the long poll included):

- ``View``: what one follower's page drew, registered under a random token the page gives
  its view (``HALL.show``); the page forgets it when it draws anything else (``HALL.forget``).
- The room's newest state, which the pusher's thread (tutor.live.push.Pusher, reading the
  version of every followed room every 0.1 s) hands over when a room moves (``HALL.moved``),
  waking every poll of that room at once.
- ``step_route``: the route. ``?t=TOKEN&v=VERSION`` (the version the browser shows) answers
  at once when the room is past it, else waits up to ``WAIT_S`` for a move; answers
  ``{"version", "card"}``, ``{"version", "same": true}`` or ``{"rerun": true}``.

The pusher reruns none of these followers (``HALL.flipping``), and their own version check
(tutor.live.ui._watch) takes the version their view shows as seen (``HALL.shown``). Their
session state keeps the step they were drawn at: any run of their page (a click, a rerun
the view asks for) applies the room's newest state first (tutor.live.ui.follow), as before.

Served only where the route is (``serve.py``, the README's ``streamlit run serve.py``:
``enable()``); elsewhere (AppTest, ``streamlit run app.py``) followers are pushed as before.
Nothing here holds a user's data: tokens, the rooms' public state (what any follower reads),
and which session shows which view, bounded (``MAX_VIEWS``).
"""

from __future__ import annotations

import asyncio
import json
import threading
from collections import OrderedDict
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Final

from tutor.lesson.codec import Lesson, LessonError, decode
from tutor.live.model import Question, Room
from tutor.stepping.card import CardKey, card

STEP_PATH: Final = "/live/step"  # the route a follower's view polls
WAIT_S: Final = 25.0  # a poll's longest wait (below HAProxy's 60 s server timeout)
MAX_VIEWS: Final = 4000  # followers' views kept per process (the oldest drawn leave first)
POLLS_PER_VIEW: Final = 2  # a view's polls waiting at once (its page holds one; a reload two)
MAX_QUERY: Final = 200  # bytes of a poll's query string (a token, a version) read at most
TOKEN_CHARS: Final = 22  # secrets.token_urlsafe(16)
RERUN: Final = b'{"rerun":true}'


@dataclass(frozen=True)
class View:
    """What a follower's page drew: the room it follows, the page, the lesson it applied
    but for its step (``base``), the question it showed, how it drew the step (``key``,
    whose ``current`` the teacher's step replaces) and the version it shows (``shown``)."""

    session: str
    code: str
    page: str
    base: Lesson
    question: Question | None
    key: CardKey
    count: int
    shown: int
    run: int = 0  # which drawing of the page this is (its answers say it: an older is dropped)
    moved: float = 0.0  # when the teacher last moved, as of the step it shows (Room.moved)


def base_of(lesson: Lesson) -> Lesson:
    """The lesson but its step and the presentation mode (each follower keeps its own)."""
    return replace(lesson, step=0, presentation=False)


class Hall:
    """The followers' views on this server, and each followed room's newest state."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._views: OrderedDict[str, View] = OrderedDict()
        self._by_session: dict[str, str] = {}
        self._rooms: dict[str, Room | None] = {}  # code -> newest (None: gone)
        self._lessons: dict[str, Lesson | None] = {}  # code -> its lesson (None: unreadable)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._events: dict[str, asyncio.Event] = {}  # only touched on the loop's thread
        self._waiting: dict[str, int] = {}  # token -> its polls waiting (the loop's thread)
        self.enabled = False

    # --- the page's side (a script run's thread) -------------------------------------------
    def show(self, token: str, view: View) -> None:
        """Register what a follower's page drew, under its view's ``token`` (the session's
        own, kept in its state: a view drawn again polls on with it)."""
        with self._lock:
            old = self._by_session.get(view.session)
            if old is not None and old != token:
                self._views.pop(old, None)
            self._views[token] = view
            self._views.move_to_end(token)
            self._by_session[view.session] = token
            while len(self._views) > MAX_VIEWS:
                oldest, gone = self._views.popitem(last=False)
                if self._by_session.get(gone.session) == oldest:
                    del self._by_session[gone.session]

    def forget(self, session: str) -> None:
        """The session's page draws no view (another page, a mode, not following)."""
        with self._lock:
            token = self._by_session.pop(session, None)
            if token is not None:
                self._views.pop(token, None)

    def flipping(self, session: str) -> bool:
        """True when the session's page is a view drawn in the browser (no push reruns it)."""
        with self._lock:
            return session in self._by_session

    def shown(self, session: str) -> int | None:
        """The room version the session's view shows, or None (no view)."""
        with self._lock:
            token = self._by_session.get(session)
            return None if token is None else self._views[token].shown

    def moved_at(self, session: str) -> float | None:
        """When the teacher last moved as of the step the session's view shows, or None."""
        with self._lock:
            token = self._by_session.get(session)
            return None if token is None else self._views[token].moved

    def view(self, token: str) -> View | None:
        with self._lock:
            return self._views.get(token)

    # --- the pusher's side (its thread) ------------------------------------------------------
    def moved(self, code: str, room: Room | None) -> None:
        """The room ``code`` moved (``room``: its newest state, None when gone): wake its
        polls."""
        lesson = None
        if room is not None:
            try:  # once per move here, not once per poll
                lesson = decode(room.lesson)
            except LessonError:
                lesson = None
        with self._lock:
            self._rooms[code] = room
            self._lessons[code] = lesson
            loop = self._loop
        if loop is not None and not loop.is_closed():
            loop.call_soon_threadsafe(self._wake, code)

    def drop(self, code: str) -> None:
        """No one follows ``code`` here any more: forget its state."""
        with self._lock:
            self._rooms.pop(code, None)
            self._lessons.pop(code, None)
            loop = self._loop
        if loop is not None and not loop.is_closed():
            loop.call_soon_threadsafe(self._wake, code)  # (its event goes with it)

    def room(self, code: str) -> tuple[bool, Room | None]:
        """(known, the room's newest state) as the pusher last handed it over."""
        with self._lock:
            return code in self._rooms, self._rooms.get(code)

    # --- the route's side (the server's event loop) ------------------------------------------
    def _wake(self, code: str) -> None:
        event = self._events.pop(code, None)
        if event is not None:
            event.set()

    def _moved_event(self, code: str) -> asyncio.Event:
        loop = asyncio.get_running_loop()
        with self._lock:
            if self._loop is not loop:  # (a server has one loop; a test may run several)
                self._loop, self._events = loop, {}
        return self._events.setdefault(code, asyncio.Event())

    async def poll(self, token: str, seen: int, wait_s: float = WAIT_S) -> bytes:
        """The route's answer to the view ``token`` showing version ``seen``: at once when
        its room is past it, else when it moves, else after ``wait_s``."""
        view = self.view(token)
        if view is None:
            return RERUN
        waiting = self._waiting.get(token, 0)
        if waiting >= POLLS_PER_VIEW:  # no client holds more than its page would
            return json.dumps({"version": seen, "same": True}).encode()
        self._waiting[token] = waiting + 1
        try:
            return await self._poll(token, view, seen, wait_s)
        finally:
            left = self._waiting.get(token, 1) - 1
            if left > 0:
                self._waiting[token] = left
            else:
                self._waiting.pop(token, None)

    async def _poll(self, token: str, view: View, seen: int, wait_s: float) -> bytes:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + wait_s
        while True:
            event = self._moved_event(view.code)
            known, room = self.room(view.code)
            if known and (room is None or room.version > seen):
                break
            left = deadline - loop.time()
            if left <= 0:
                return json.dumps({"version": seen, "same": True}).encode()
            try:
                await asyncio.wait_for(event.wait(), left)
            except TimeoutError:
                return json.dumps({"version": seen, "same": True}).encode()
            now_drawn = self.view(token)
            if now_drawn is None:
                return RERUN
            view = now_drawn
        # Drawing a step the first time takes milliseconds: not on the loop's thread.
        return await asyncio.to_thread(self.answer, token, view, room)

    def answer(self, token: str, view: View, room: Room | None) -> bytes:
        """The answer for ``view`` once ``room`` moved: the new step's card when the teacher
        only stepped on the view's page, else RERUN."""
        if (room is None or room.closed or room.page != view.page
                or room.question != view.question):
            return RERUN
        with self._lock:
            lesson = self._lessons.get(view.code) if self._rooms.get(view.code) is room else None
        if lesson is None:
            try:
                lesson = decode(room.lesson)
            except LessonError:
                return RERUN
        if base_of(lesson) != view.base:
            return RERUN
        current = min(max(lesson.step, 0), view.count - 1)  # as the stepper clamps it
        step = replace(view.key, step=replace(view.key.step, current=current))
        body = card(step)
        with self._lock:
            if self._views.get(token) is view:
                self._views[token] = replace(view, shown=room.version, moved=room.moved)
        return b'{"version":%d,"run":%d,"card":%s}' % (room.version, view.run, body)


# The server's one hall (the route and the pusher share it), like tutor.live.push.PUSHER.
HALL: Final = Hall()


def enable() -> None:
    """The route is served (serve.py): followers' pages may draw their view."""
    HALL.enabled = True


def _seen(text: str) -> int | None:
    """The version a view says it shows: at most 12 digits, else None."""
    return int(text) if len(text) <= 12 and text.isascii() and text.isdigit() else None


async def step_route(request: Any) -> Any:
    """GET STEP_PATH?t=TOKEN&v=VERSION: Hall.poll's answer (JSON, never cached)."""
    from starlette.responses import Response

    if len(request.scope.get("query_string", b"")) > MAX_QUERY:  # before it is parsed
        body = RERUN
    else:
        token = request.query_params.get("t", "")[:TOKEN_CHARS + 2]
        seen = _seen(request.query_params.get("v", ""))
        body = RERUN if seen is None else await HALL.poll(token, seen)
    return Response(body, media_type="application/json",
                    headers={"Cache-Control": "no-store"})


def routes() -> list[Any]:
    """The routes serve.py adds to Streamlit's server."""
    from starlette.routing import Route

    return [Route(STEP_PATH, step_route, methods=["GET"])]


def katex_path() -> str:
    """Where Streamlit serves its own KaTeX module (an ES module whose default export is
    KaTeX: its name carries a build hash), relative to the server's root; "" if absent."""
    import streamlit

    found = sorted((Path(streamlit.__file__).parent / "static" / "static" / "js")
                   .glob("katex.*.js"))
    return f"/static/js/{found[0].name}" if found else ""
