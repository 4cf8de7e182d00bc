"""The records of a live classroom and the limits that keep a room safe.

A Room is what every follower reads: the teacher's ``page`` (URL path) and ``lesson`` (the
``?lesson=`` value of tutor.lesson.codec.encode: scenario, step, presentation options…) and a
``version`` that goes up on every change, so a follower checks one integer each second and
reruns only when it moved. The teacher's secret is never in a Room: a store keeps only its
SHA-256 (``secret_hash``), and nothing a student's browser sends carries it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

ROOM_TTL_S: Final = 4 * 3600.0  # a room and its answers are deleted 4 h after it was made
CODE_ALPHABET: Final = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read off a projector
CODE_LENGTH: Final = 6  # 32⁶ ≈ 1.07·10⁹ codes, drawn with `secrets`
SECRET_BYTES: Final = 16  # the teacher's secret: 128 bits
MAX_STUDENTS: Final = 200  # per room
MAX_ANSWERS_PER_QUESTION: Final = 3  # per student per question (a changed mind, not a flood)
MAX_ANSWER_CHARS: Final = 64
MAX_NICKNAME_CHARS: Final = 24
MAX_ROOMS_PER_SESSION: Final = 3  # rooms one browser session may create
MAX_VIEW_CHARS: Final = 4096  # a page path + its lesson (tutor.lesson.codec.MAX_LINK_CHARS is 2048)


@dataclass(frozen=True)
class Question:
    """The step the teacher asked: on ``page`` at ``step``, ``kind`` "practice" (type the
    value) or "predict" (a prediction of Learn by predicting); ``revealed`` once shown."""

    id: str  # random, per question
    page: str
    step: int
    kind: str
    revealed: bool = False


@dataclass(frozen=True)
class Room:
    """What a follower reads: the teacher's view, its version, the open question."""

    code: str
    version: int
    page: str
    lesson: str
    created: float
    expires: float
    closed: bool = False
    question: Question | None = None


@dataclass(frozen=True)
class Answer:
    """One student's latest answer to a question (anonymous id, optional nickname)."""

    student: str  # random per browser session, never a name
    nickname: str
    text: str
    at: float
