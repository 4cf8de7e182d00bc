"""Followers told of the teacher's move the moment it is stored, instead of each asking.

Why: a following student's fragment used to read the room's version every second (a
fragment rerun each: Streamlit's own cost, a few ms), so 200 students only waiting held about
0.8 of a core, and a move reached a screen on average half a second after it was stored,
behind 200 such checks a second. Here one thread per server process (``Pusher``) reads the
version of each room that has followers on this server every ``POLL_S``; when it moved, it
asks each follower's session to rerun its page, which a follower draws inside a fragment
(tutor.live.ui.pushed_part): only that fragment (and the sidebar's lesson link) reruns and
is sent, and applies the teacher's move when it stays on the page (tutor.live.ui.follow
otherwise, in the whole app's rerun the fragment then asks for). A follower's own fragment still
checks every ``FALLBACK_S`` (a move pushed while its session was reconnecting is not lost),
and every second where no push can reach it (no Streamlit runtime: AppTest).

The rerun keeps the session's own widget values (``widget_states=None``: "nothing changed
in the browser"), so a push arriving while a student clicks never undoes the click; it runs
the session's current page with its query string (the last run's client state).

The registry is the server's, like the worker pool (tutor.serving.pool): it holds no user's
data, only which session ids follow which room on this server, under a lock, and forgets a
session when it leaves, stops following, or is gone.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Final

from bpcore.errors import CodedError
from tutor.live.hall import HALL
from tutor.live.room import open_store
from tutor.live.store import RoomStore

PAGE_FRAGMENT: Final = "live-page"  # the follower's page, a fragment (tutor.live.ui.pushed_part)
SHARE_FRAGMENT: Final = "live-share"  # the sidebar's lesson link, which carries the step
# The fragments a push reruns, in this order: the page applies the move, then the link shows it.
PUSHED_FRAGMENTS: Final = (PAGE_FRAGMENT, SHARE_FRAGMENT)
POLL_S: Final = 0.1  # how often the server reads the versions of its followed rooms
FALLBACK_S: Final = 5.0  # a pushed follower's own check of the version, in case a push was lost
IDLE_STOP_S: Final = 30.0  # the thread ends after this long without a followed room


def runtime_session(session_id: str) -> object | None:
    """The live Streamlit AppSession of ``session_id`` on this server, or None (no runtime,
    as under AppTest, or the session is gone)."""
    from streamlit import runtime

    if not runtime.exists():
        return None
    manager = getattr(runtime.get_instance(), "_session_mgr", None)
    info = manager.get_active_session_info(session_id) if manager is not None else None
    return None if info is None else info.session


def pushed_fragment_ids(session: object) -> list[str]:
    """The ids of the session's PUSHED_FRAGMENTS as its last run registered them (their
    keys, resolved by Streamlit's fragment storage); [] without the page's fragment (a
    session whose page is not one: its whole app reruns)."""
    storage = getattr(session, "_fragment_storage", None)
    ids: list[str] = []
    for key in PUSHED_FRAGMENTS:
        try:
            ids += [i for i in storage.resolve_target(key) if i not in ids]  # type: ignore[union-attr]
        except Exception:  # noqa: BLE001  (unknown key: Streamlit's own API exception)
            if key == PAGE_FRAGMENT:
                return []
    return ids


def rerun_session(session_id: str) -> bool:
    """Ask the session to rerun its followed page (the fragments PUSHED_FRAGMENTS), or the
    whole app on its current page where the page is not a fragment, its widgets as they
    are; False if there is no such live session here.

    The request a browser makes for a fragment (AppSession.request_rerun with the session's
    last client state and the fragments' ids; without them the one Streamlit makes when a
    source file is saved), except ``widget_states=None``: the last client state's widget
    values may be older than a click in flight, and None tells the script runner that the
    browser changed nothing (a pending click's values are kept). Only the fragments run and
    only their elements are sent (about half of a full run's bytes, none of app.py's work;
    see the README's "A follower's page as a fragment"); a full run asked for meanwhile (a
    click outside them) takes the fragments' place, as Streamlit coalesces requests."""
    session = runtime_session(session_id)
    if session is None:
        return False
    from streamlit.runtime.scriptrunner_utils.script_requests import RerunData

    last = session._client_state  # type: ignore[attr-defined]
    data = RerunData(query_string=last.query_string, widget_states=None,
                     page_script_hash=last.page_script_hash, page_name=last.page_name,
                     fragment_id_queue=pushed_fragment_ids(session),
                     cached_message_hashes=frozenset(last.cached_message_hashes))

    def request() -> None:
        runner = session._scriptrunner  # type: ignore[attr-defined]
        if runner is not None and runner.request_rerun(data):
            return
        session._create_scriptrunner(data)  # type: ignore[attr-defined]

    session._call_soon_on_event_loop(request)  # type: ignore[attr-defined]
    return True


class Pusher:
    """Which sessions follow which room on this server, and the thread that tells them.

    ``follow(code, session_id, seen)``: this session follows ``code`` and has shown version
    ``seen``; ``leave(session_id)``: it no longer follows. The thread starts with the first
    follower and ends IDLE_STOP_S after the last one left. ``rerun`` and ``store`` are
    parameters so that a test can watch what is pushed without a Streamlit server."""

    def __init__(self, store: Callable[[], RoomStore],
                 rerun: Callable[[str], bool] = rerun_session,
                 poll_s: float = POLL_S) -> None:
        self._store, self._rerun, self._poll_s = store, rerun, poll_s
        self._lock = threading.Lock()
        self._rooms: dict[str, set[str]] = {}  # code -> session ids following it here
        self._version: dict[str, int | None] = {}  # code -> the version last pushed
        self._thread: threading.Thread | None = None

    def follow(self, code: str, session_id: str, seen: int | None) -> bool:
        """Register a follower; True if pushes can reach it (a Streamlit runtime session)."""
        if runtime_session(session_id) is None and self._rerun is rerun_session:
            return False
        with self._lock:
            for other, sessions in self._rooms.items():
                if other != code:
                    sessions.discard(session_id)
            if code not in self._rooms:
                self._version[code] = seen
            self._rooms.setdefault(code, set()).add(session_id)
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="live-push",
                                                daemon=True)
                self._thread.start()
        return True

    def leave(self, session_id: str) -> None:
        """This session no longer follows any room here."""
        with self._lock:
            for sessions in self._rooms.values():
                sessions.discard(session_id)
            self._forget_empty()

    def followers(self, code: str) -> frozenset[str]:
        """The session ids following ``code`` on this server."""
        with self._lock:
            return frozenset(self._rooms.get(code, ()))

    def _forget_empty(self) -> None:
        for code in [c for c, sessions in self._rooms.items() if not sessions]:
            del self._rooms[code]
            self._version.pop(code, None)
            HALL.drop(code)

    def tick(self, now: float) -> int:
        """Read each followed room's version once; rerun the followers of those that moved.
        How many reruns were asked for."""
        with self._lock:
            rooms = {code: (self._version.get(code), frozenset(s))
                     for code, s in self._rooms.items()}
        store, asked = self._store(), 0
        for code, (pushed, sessions) in rooms.items():
            try:
                version = store.version(code, now)
            except CodedError:
                continue  # the store is out of reach for now: the next tick tries again
            if version == pushed:
                continue
            if not self._tell_hall(store, code, version, now):
                continue  # the room could not be read: the next tick tries again
            # A follower whose view draws the step in the browser (tutor.live.hall) polls
            # for it: no run of its page here (it asks for one when the move needs it).
            gone = {sid for sid in sessions if not self._push(sid)}
            asked += len(sessions) - len(gone)
            with self._lock:
                self._version[code] = version
                if code in self._rooms:
                    self._rooms[code] -= gone
                if version is None and code in self._rooms:
                    self._rooms[code].clear()  # the room is gone: their fallback says so
                self._forget_empty()
        return asked

    def _push(self, session_id: str) -> bool:
        """Rerun a follower's page, or none where its view draws the step in the browser;
        False if the session is gone."""
        if not HALL.flipping(session_id):
            return self._rerun(session_id)
        if self._rerun is rerun_session and runtime_session(session_id) is None:
            HALL.forget(session_id)
            return False
        return True

    def _tell_hall(self, store: RoomStore, code: str, version: int | None, now: float) -> bool:
        """The followers' views polling ``code`` (tutor.live.hall) are told its newest state,
        read once here for all of them; False if it could not be read."""
        if not HALL.enabled:
            return True
        try:
            room = None if version is None else store.room(code, now)
        except CodedError:
            return False
        with self._lock:
            followed = code in self._rooms  # (not if the last follower left meanwhile)
        if followed:
            HALL.moved(code, room)
        return True

    def _run(self) -> None:
        idle_since: float | None = None
        while True:
            time.sleep(self._poll_s)
            with self._lock:
                empty = not self._rooms
                if empty:
                    idle_since = idle_since or time.monotonic()
                    if time.monotonic() - idle_since > IDLE_STOP_S:
                        self._thread = None
                        return
                else:
                    idle_since = None
            if not empty:
                try:
                    self.tick(time.time())
                except Exception:  # noqa: BLE001  (a thread that dies stops every push)
                    continue


# The server's one pusher (its thread starts with the first follower), like tutor.serving.POOL.
PUSHER: Final = Pusher(open_store)
