"""The one interface of a room store, for SQLite (one machine) and Redis (several).

Every method is atomic on its own: two replicas calling ``set_view`` together both land,
each with its own version. Methods that change a room take the teacher's ``secret_hash`` and
change nothing (returning False / None) when it does not match: the store, not the page,
guards the room. Times are seconds since the epoch, passed in (``now``) so tests can age a
room without waiting.

A store that cannot be reached (Redis down, the SQLite file unwritable or locked past its
timeout) raises ``CodedError("live", "unavailable")`` from any method, the cause logged and
chained: the page says so and keeps what it shows.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import ParamSpec, Protocol, TypeVar

from bpcore.errors import CodedError
from tutor.live.model import ACTIVE_S, Answer, Question, Room

_LOG = logging.getLogger(__name__)
P = ParamSpec("P")
R = TypeVar("R")


class RoomStore(Protocol):
    """Rooms, their followers and their answers, reachable from every replica."""

    def create(self, code: str, secret_hash: str, page: str, lesson: str, now: float,
               ttl: float) -> bool:
        """Make a room; False (and nothing made) if the code is taken."""
        ...

    def room(self, code: str, now: float) -> Room | None:
        """The room, or None when there is none or it has expired."""
        ...

    def version(self, code: str, now: float) -> int | None:
        """The room's version alone: the cheap check a follower makes every second."""
        ...

    def set_view(self, code: str, secret_hash: str, page: str, lesson: str,
                 now: float) -> int | None:
        """The teacher moved: store the view, bump the version; the new version or None."""
        ...

    def ask(self, code: str, secret_hash: str, question: Question, now: float) -> bool:
        """Open ``question`` (replacing any open one), bump the version. A concept check
        (model.check_phase) is also kept as the room's check of its phase (Room.checks),
        in the same step; a "pre" forgets the room's "post"."""
        ...

    def reveal(self, code: str, secret_hash: str, question_id: str, now: float) -> bool:
        """Mark the open question revealed, bump the version."""
        ...

    def close(self, code: str, secret_hash: str, now: float) -> bool:
        """End the room: followers are told it closed; it answers nothing more."""
        ...

    def join(self, code: str, student: str, now: float, limit: int,
             active: float = ACTIVE_S) -> bool:
        """Let a student in and mark them seen at ``now``. A student who joined before is
        always let back in; a new one only while fewer than ``limit`` students were seen in
        the last ``active`` seconds. False when refused, or the room is closed or gone."""
        ...

    def followers(self, code: str, now: float, active: float = ACTIVE_S) -> int:
        """How many students were seen in the last ``active`` seconds (the seats taken)."""
        ...

    def owner(self, code: str, now: float) -> str | None:
        """The secret hash of the open room ``code`` (None: gone or closed), for a teacher
        resuming it: the caller compares in constant time."""
        ...

    def hit(self, key: str, now: float, window: float, limit: int) -> bool:
        """Count one event under ``key`` in the fixed window of ``window`` seconds holding
        ``now``; False (and not counted) when ``limit`` were counted there already."""
        ...

    def answer(self, code: str, question_id: str, answer: Answer, now: float,
               limit: int) -> bool:
        """Record a joined student's answer to the open question (their latest counts);
        False when not joined, the question is not open, or they hit ``limit`` answers."""
        ...

    def answers(self, code: str, question_id: str, now: float) -> tuple[Answer, ...]:
        """Every student's latest answer to the question."""
        ...

    def purge(self, now: float) -> int:
        """Delete expired rooms with their answers (and past rate-limit windows); how many
        rooms went."""
        ...


def unavailable_on(*failures: type[BaseException]
                   ) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """A store method that raises CodedError("live", "unavailable") for any of ``failures``
    (the store's own connection and I/O errors), logging the cause."""
    def wrap(method: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(method)
        def guarded(*args: P.args, **kwargs: P.kwargs) -> R:
            try:
                return method(*args, **kwargs)
            except failures as error:
                _LOG.warning("live classroom store unavailable in %s: %r",
                             method.__qualname__, error)
                raise CodedError("live", "unavailable") from error
        return guarded
    return wrap
