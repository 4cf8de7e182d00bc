"""The records of a live classroom and the limits that keep a room safe.

A Room is what every follower reads: the teacher's ``page`` (URL path) and ``lesson`` (the
``?lesson=`` value of tutor.lesson.codec.encode: scenario, step, presentation options…) and a
``version`` that goes up on every change, so a follower checks one integer each second and
reruns only when it moved. The teacher's secret is never in a Room: a store keeps only its
SHA-256 (``secret_hash``), and nothing a student's browser sends carries it.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
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
STUDENT_ID_CHARS: Final = 24  # a student id: 96 random bits as lower-case hex, kept in ?me=
KEY_CHARS: Final = 2 * SECRET_BYTES  # the teacher's key as shown: the secret in hex

# A seat counts while its student was seen in the last ACTIVE_S (a following browser says so
# every HEARTBEAT_S): tabs opened and left stop taking seats; a student once in is always let
# back in (a reload, a phone that slept), only a new id is refused when the room is full.
ACTIVE_S: Final = 90.0
HEARTBEAT_S: Final = 30.0
QUIET_S: Final = 600.0  # followers are told the teacher has gone quiet after 10 min unmoved

# Rate limits, counted in the store (every replica sees them) per fixed window of RATE_WINDOW_S:
# per browser session and per client address (st.context.ip_address: the TCP peer, or the
# X-Forwarded-For of a trusted balancer — uvicorn's FORWARDED_ALLOW_IPS). One address may be a
# whole school behind NAT, hence the larger per-address figures.
RATE_WINDOW_S: Final = 60.0
RATES: Final = MappingProxyType({
    # action: (per session, per address) in one window
    "join": (10, 60),  # every join attempt (a new id, a rejoin, a mistyped code)
    "answer": (30, 600),  # 200 students × 3 answers of one question fit in one minute
    "resume": (5, 20),  # a teacher's key tried (right or wrong)
})


CHECK_PHASES: Final = ("pre", "post")  # a concept check before the lesson, after it
CHECK_PAGE: Final = "concept"  # a check's Question.page (no page of the app has this path)


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
    moved: float = 0.0  # when the teacher last changed the room (made, moved, asked…)
    # The concept checks opened in the room, at most one per phase, pre before post (each
    # a Question whose step is its seed): a teacher who resumes the class finds its pre/post
    # results and gain. A new pre-test forgets the post-test of the one before.
    checks: tuple[Question, ...] = ()


def check_phase(question: Question | None) -> str | None:
    """The phase ("pre" / "post") of a concept check (tutor.live.room.ask_check); None for
    a step's question."""
    if question is None or question.page != CHECK_PAGE or question.kind not in CHECK_PHASES:
        return None
    return question.kind


def checks_of(fields: dict[str, object]) -> tuple[Question, ...]:
    """The checks kept in a store's fields ``<phase>_id`` / ``<phase>_step`` (a row or a
    hash; a phase without an id was not opened), pre before post."""
    return tuple(Question(str(fields[f"{p}_id"]), CHECK_PAGE, int(str(fields[f"{p}_step"])), p)
                 for p in CHECK_PHASES if fields.get(f"{p}_id") not in (None, ""))


@dataclass(frozen=True)
class Answer:
    """One student's latest answer to a question (anonymous id, optional nickname)."""

    student: str  # random, kept in the student's URL (?me=), never a name
    nickname: str
    text: str
    at: float
