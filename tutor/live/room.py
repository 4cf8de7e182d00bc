"""The rules of a live room, on top of any RoomStore: codes, the teacher's secret, limits.

A teacher's session calls ``start`` and keeps the returned Teacher (code + secret) in its
own session state; every change goes through a function that takes it. A student's session
has only the code and its own random student id: nothing it can send moves the room, because
the store checks the secret's hash on every change. ``open_store`` picks the store from the
environment (BPTUTOR_REDIS_URL → Redis, else SQLite in BPTUTOR_DATA_DIR or ./data/live).
Refusals are CodedError("live", code): full, closed, gone, limit, too_long, rooms.
"""

from __future__ import annotations

from dataclasses import dataclass

from tutor.live.model import Answer, Question, Room
from tutor.live.store import RoomStore


@dataclass(frozen=True)
class Teacher:
    """What only the teacher's session holds: the room's code and its 128-bit secret."""

    code: str
    secret: str  # hex; the store keeps sha256(secret) only

    def __repr__(self) -> str:  # never print the secret into a log
        return f"Teacher(code={self.code!r})"


def open_store() -> RoomStore:
    """The store every replica shares: Redis when BPTUTOR_REDIS_URL is set, else SQLite."""
    raise NotImplementedError  # implemented on branch live-store


def start(store: RoomStore, page: str, lesson: str, rooms_made: int, now: float) -> Teacher:
    """Make a room with a fresh random code and secret; refused past MAX_ROOMS_PER_SESSION."""
    raise NotImplementedError


def show(store: RoomStore, teacher: Teacher, page: str, lesson: str, now: float) -> int:
    """The teacher's view changed: store it (only if it differs); the room's version."""
    raise NotImplementedError


def ask(store: RoomStore, teacher: Teacher, page: str, step: int, kind: str,
        now: float) -> Question:
    """Pose the current step as a question (a fresh random id)."""
    raise NotImplementedError


def reveal(store: RoomStore, teacher: Teacher, question_id: str, now: float) -> None:
    """Show the class the answer to the open question."""
    raise NotImplementedError


def close(store: RoomStore, teacher: Teacher, now: float) -> None:
    """End the class."""
    raise NotImplementedError


def join(store: RoomStore, code: str, student: str, now: float) -> Room:
    """A student joins by code (typed in any case, spaces ignored); the room, or refused."""
    raise NotImplementedError


def submit(store: RoomStore, code: str, student: str, question_id: str, text: str,
           nickname: str, now: float) -> None:
    """A student's answer, checked for size and count; refused with a CodedError."""
    raise NotImplementedError


def tally(store: RoomStore, code: str, question_id: str, now: float) -> tuple[Answer, ...]:
    """Every student's latest answer, for the teacher's screen."""
    raise NotImplementedError
