"""The rules of a live room, on top of any RoomStore: codes, the teacher's secret, limits.

A teacher's session calls ``start`` and keeps the returned Teacher (code + secret) in its
own session state; every change goes through a function that takes it. A student's session
has only the code and its own random student id: nothing it can send moves the room, because
the store checks the secret's hash on every change. ``open_store`` picks the store from the
environment (BPTUTOR_REDIS_URL → Redis, else SQLite in BPTUTOR_DATA_DIR or ./data/live).

Refusals are ``CodedError("live", code, …)``, said by tutor.ui.reasons.reason (keys
``reason.live.<code>``):

- ``gone``: no room has this code (never made, mistyped, or expired and deleted);
- ``closed``: the teacher ended the class;
- ``full``: MAX_STUDENTS have joined (``limit``);
- ``rooms``: this session made MAX_ROOMS_PER_SESSION rooms already (``limit``);
- ``limit``: this student sent MAX_ANSWERS_PER_QUESTION answers to the question (``limit``);
- ``too_long`` / ``nickname_too_long``: an answer or nickname over its size (``limit``);
- ``empty``: an answer with nothing in it;
- ``view_too_long``: a teacher's page + lesson over MAX_VIEW_CHARS (``limit``);
- ``not_open``: the question is not (or no longer) the open one, or was revealed;
- ``not_joined``: an answer from a student who has not joined;
- ``forbidden``: a change without the room's secret (a forged request);
- ``busy``: no free code was found (only if the code space were nearly full);
- ``slow_down``: this session or address passed a rate limit (model.RATES) for the action;
  ``seconds`` until its window ends;
- ``wrong_key``: a teacher's key that does not open this room (or is not a key at all);
- ``unavailable``: the store cannot be reached (raised by the store, tutor.live.store).

Rate limits (model.RATES, per RATE_WINDOW_S) are counted in the store, so every replica sees
them, per browser session (``Caller.session``, random per session) and per client address
(``Caller.address``, only a digest of it is stored; "" when the address is unknown or
loopback, and then only the session's limit applies). They are checked before anything else
the action does: a refused join, answer or key costs the store one counter and nothing more.

How a page uses it (``now = time.time()``; every call may raise CodedError, say it with
tutor.ui.reasons.reason and keep what is shown):

- teacher: ``store = open_store()``; ``teacher = start(store, page, lesson, made, now)``
  (keep ``teacher`` and ``made + 1`` in session state; show ``shown_code(teacher.code)`` and
  the link ``?join=<code>``); on every rerun ``show(store, teacher, page, lesson, now)``
  (writes only when the view changed); ``ask`` / ``tally`` / ``reveal`` / ``close``;
  ``seats(store, code, now)`` for the head count; ``ask_check`` opens the concept check
  before ("pre") or after ("post") the lesson, its answers read back with ``tally``;
- student: ``student = new_student_id()`` once, kept in the student's URL (``?me=``, read
  back with ``valid_student_id``) so a reload is the same student; ``room = join(store, code,
  student, now, caller)``; every second ``store.version(room.code, now)`` (None: gone) and,
  only when it moved, ``store.room(room.code, now)`` (``closed``, ``question``…);
  ``heartbeat`` every HEARTBEAT_S (the seat stays counted); ``submit``.
- a teacher back after a reload or on another device: ``teacher = resume(store, code, key,
  now, caller)`` with the key ``start`` gave (``Teacher.secret``, shown once to keep).

Text from students (nickname, answer) is kept as typed — the UI shows it only as plain
text — but without control characters (Unicode category Cc, and the bidirectional
overrides that could make a name read backwards on the teacher's screen).
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import math
import os
import re
import secrets
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from bpcore.errors import CodedError
from bpcore.practice import MAX_SEED
from tutor.live.model import (
    ACTIVE_S,
    CHECK_PAGE,
    CHECK_PHASES,
    CODE_ALPHABET,
    CODE_LENGTH,
    KEY_CHARS,
    MAX_ANSWER_CHARS,
    MAX_ANSWERS_PER_QUESTION,
    MAX_NICKNAME_CHARS,
    MAX_ROOMS_PER_SESSION,
    MAX_STUDENTS,
    MAX_VIEW_CHARS,
    RATE_WINDOW_S,
    RATES,
    ROOM_TTL_S,
    SECRET_BYTES,
    STUDENT_ID_CHARS,
    Answer,
    Question,
    Room,
    check_phase,
)
from tutor.live.store import RoomStore

REDIS_ENV = "BPTUTOR_REDIS_URL"  # set: every replica shares this Redis
DATA_ENV = "BPTUTOR_DATA_DIR"  # else: the SQLite file rooms.sqlite3 in this folder
DEFAULT_DATA_DIR = Path(__file__).resolve().parents[2] / "data" / "live"
SQLITE_FILE = "rooms.sqlite3"
REFUSALS = ("gone", "closed", "full", "rooms", "limit", "too_long", "nickname_too_long",
            "empty", "view_too_long", "not_open", "not_joined", "forbidden", "busy",
            "slow_down", "wrong_key",
            "unavailable")  # reason.live.<code>; "unavailable" comes from the store
KINDS = ("practice", "predict")  # what a question on a step can be
CODE_TRIES = 16  # fresh codes drawn before giving up (a collision is ~1 in 10⁹ per room)
MAX_ID_CHARS = 64  # a student or question id (made by the app, never typed)
MAX_TYPED_CODE = 32  # a code as typed or linked, before it is normalised
_STUDENT_ID = re.compile(f"[0-9a-f]{{{STUDENT_ID_CHARS}}}")  # new_student_id's form
_KEY = re.compile(f"[0-9a-f]{{{KEY_CHARS}}}")  # a teacher's key: the secret in hex
_BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
                           "\u2066\u2067\u2068\u2069")


@dataclass(frozen=True)
class Teacher:
    """What only the teacher's session holds: the room's code and its 128-bit secret."""

    code: str
    secret: str  # hex; the store keeps sha256(secret) only

    def __repr__(self) -> str:  # never print the secret into a log
        return f"Teacher(code={self.code!r})"

    @property
    def secret_hash(self) -> str:
        """sha256(secret) in hex: all a store ever sees of the secret."""
        return secret_hash(self.secret)


def secret_hash(secret: str) -> str:
    """The SHA-256 of a teacher's secret, hex: what the store keeps and compares."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def new_code() -> str:
    """A fresh room code: CODE_LENGTH characters drawn with ``secrets`` from CODE_ALPHABET."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def shown_code(code: str) -> str:
    """A code as a class reads it off the projector: "ABCDEF" → "ABC-DEF" (join reads
    either form back)."""
    half = len(code) // 2
    return f"{code[:half]}-{code[half:]}" if len(code) == CODE_LENGTH else code


def new_student_id() -> str:
    """A fresh anonymous student id: 96 random bits as 24 lower-case hex digits (kept in the
    student's URL as ``?me=``; never a name)."""
    return secrets.token_hex(STUDENT_ID_CHARS // 2)


def valid_student_id(text: object) -> bool:
    """True for a text that has new_student_id's form (its length checked before the
    pattern sees it): what a ``?me=`` from a URL must be to be used."""
    return (isinstance(text, str) and len(text) == STUDENT_ID_CHARS
            and _STUDENT_ID.fullmatch(text) is not None)


@dataclass(frozen=True)
class Caller:
    """Who is asking, for the rate limits: the browser session's own random id and the
    client's address ("" when unknown or loopback)."""

    session: str
    address: str = ""


def limit(store: RoomStore, action: str, caller: Caller | None, now: float) -> None:
    """Count one ``action`` ("join", "answer", "resume") against the caller's session and
    address; CodedError("live", "slow_down", seconds=…) past either limit (model.RATES).
    ``caller`` None: a caller the app trusts (a test, a benchmark) — nothing is counted."""
    if caller is None:
        return
    per_session, per_address = RATES[action]
    keys = [(f"{action}:s:{caller.session}", per_session)]
    if caller.address:  # the address's digest only: the store keeps no raw address
        digest = hashlib.sha256(caller.address.encode("utf-8")).hexdigest()[:24]
        keys.insert(0, (f"{action}:a:{digest}", per_address))
    for key, most in keys:
        if not store.hit(key, now, RATE_WINDOW_S, most):
            ends = (now // RATE_WINDOW_S + 1) * RATE_WINDOW_S
            raise CodedError("live", "slow_down", seconds=max(1, math.ceil(ends - now)))


def normal_code(typed: str) -> str:
    """A code as typed → as stored: full-width forms folded (NFKC), upper case, spaces and
    dashes dropped ("abc-def", " ABC DEF ", "ＡＢＣ－ＤＥＦ" → "ABCDEF")."""
    text = unicodedata.normalize("NFKC", typed).upper()
    return "".join(ch for ch in text if not (ch.isspace() or ch in "-‐‑‒–—_."))


def plain_text(text: str) -> str:
    """Student text as kept: control characters and bidirectional overrides removed,
    surrounding spaces stripped; everything else as typed."""
    kept = "".join(ch for ch in text if unicodedata.category(ch) != "Cc"
                   and ch not in _BIDI_CONTROLS)
    return kept.strip()


# --- the store --------------------------------------------------------------------------
def open_store() -> RoomStore:
    """The store every replica shares: Redis when BPTUTOR_REDIS_URL is set, else SQLite.

    One store per process and configuration (cached on the environment's values). That is
    not the per-user state the "nothing mutable at module level" rule is about: a store
    holds no user's data, only the way to the shared rooms (a pool of SQLite connections
    or a Redis client), like ``st.cache_resource`` would; every user's own state (their
    Teacher, their student id) stays in their session.
    """
    return _store(os.environ.get(REDIS_ENV, "").strip(),
                  os.environ.get(DATA_ENV, "").strip())


@functools.lru_cache(maxsize=4)
def _store(redis_url: str, data_dir: str) -> RoomStore:
    if redis_url:
        from tutor.live.store_redis import RedisRoomStore
        return RedisRoomStore.from_url(redis_url)
    from tutor.live.store_sqlite import SqliteRoomStore
    return SqliteRoomStore(Path(data_dir or DEFAULT_DATA_DIR) / SQLITE_FILE)


# --- the teacher ------------------------------------------------------------------------
def start(store: RoomStore, page: str, lesson: str, rooms_made: int, now: float) -> Teacher:
    """Make a room with a fresh random code and secret; refused past MAX_ROOMS_PER_SESSION.

    Expired rooms are purged first (with their followers and answers)."""
    if rooms_made >= MAX_ROOMS_PER_SESSION:
        raise CodedError("live", "rooms", limit=MAX_ROOMS_PER_SESSION)
    _check_view(page, lesson)
    store.purge(now)
    secret = secrets.token_hex(SECRET_BYTES)
    for _ in range(CODE_TRIES):
        code = new_code()
        if store.create(code, secret_hash(secret), page, lesson, now, ROOM_TTL_S):
            return Teacher(code, secret)
    raise CodedError("live", "busy")


def show(store: RoomStore, teacher: Teacher, page: str, lesson: str, now: float) -> int:
    """The teacher's view changed: store it (only if it differs); the room's version."""
    _check_view(page, lesson)
    room = _live_room(store, teacher.code, now)
    if (room.page, room.lesson) == (page, lesson):
        return room.version
    version = store.set_view(teacher.code, teacher.secret_hash, page, lesson, now)
    if version is None:
        raise _why_not(store, teacher.code, now)
    return version


def ask(store: RoomStore, teacher: Teacher, page: str, step: int, kind: str,
        now: float) -> Question:
    """Pose the current step as a question (a fresh random id)."""
    if kind not in KINDS:
        raise ValueError(f"a question is one of {KINDS}, not {kind!r}")
    _check_view(page, "")
    question = Question(secrets.token_hex(8), page, int(step), kind)
    if not store.ask(teacher.code, teacher.secret_hash, question, now):
        raise _why_not(store, teacher.code, now)
    return question


def ask_check(store: RoomStore, teacher: Teacher, phase: str, seed: int,
              now: float) -> Question:
    """Open the concept check (bpcore.concept.concept_check(seed)) as the room's question:
    ``phase`` "pre" (before the lesson) or "post" (after it), kept as the question's kind on
    the page CHECK_PAGE with the seed as its step, so every store keeps it as it keeps any
    question; the class's answers stay readable under its id after the next question, and
    the store keeps it as the room's check of its phase (Room.checks: a "pre" forgets the
    "post" before it) for a teacher who resumes the class."""
    if phase not in CHECK_PHASES:
        raise ValueError(f"a check is one of {CHECK_PHASES}, not {phase!r}")
    if not 0 <= seed <= MAX_SEED:
        raise ValueError(f"a check's seed is in [0, {MAX_SEED}], not {seed}")
    question = Question(secrets.token_hex(8), CHECK_PAGE, int(seed), phase)
    if not store.ask(teacher.code, teacher.secret_hash, question, now):
        raise _why_not(store, teacher.code, now)
    return question


def is_check(question: Question | None) -> bool:
    """True for a concept check opened by ask_check (not a step's question)."""
    return check_phase(question) is not None


def check_runs(room: Room | None) -> dict[str, tuple[str, int]]:
    """The concept checks the room keeps: phase → (question id, seed), as the teacher's
    screen reads them (a teacher who resumed the class gets them back from here)."""
    return {} if room is None else {q.kind: (q.id, q.step) for q in room.checks}


def reveal(store: RoomStore, teacher: Teacher, question_id: str, now: float) -> None:
    """Show the class the answer to the open question (again: nothing more happens)."""
    if store.reveal(teacher.code, teacher.secret_hash, question_id, now):
        return
    room = _live_room(store, teacher.code, now)
    question = room.question
    if question is None or question.id != question_id:
        raise CodedError("live", "not_open")
    raise CodedError("live", "forbidden")


def close(store: RoomStore, teacher: Teacher, now: float) -> None:
    """End the class."""
    if not store.close(teacher.code, teacher.secret_hash, now):
        raise _why_not(store, teacher.code, now)


def resume(store: RoomStore, code: str, key: str, now: float,
           caller: Caller | None) -> Teacher:
    """A teacher takes their room back with its key (after a reload, a replica lost, on
    another device): the Teacher to keep, or refused (``wrong_key``, ``gone``, ``closed``,
    ``slow_down``). Rate-limited before anything is read; the hashes compared in constant
    time."""
    limit(store, "resume", caller, now)
    code = _room_code(code)
    key = key.strip().lower() if len(key) <= 2 * KEY_CHARS else ""
    if len(key) != KEY_CHARS or _KEY.fullmatch(key) is None:
        raise CodedError("live", "wrong_key")
    stored = store.owner(code, now)
    if stored is None:
        raise _why_not(store, code, now)
    if not hmac.compare_digest(stored.encode("ascii"), secret_hash(key).encode("ascii")):
        raise CodedError("live", "wrong_key")
    return Teacher(code, key)


# --- the students -----------------------------------------------------------------------
def _room_code(typed: str) -> str:
    """A typed or linked code, bounded then normalised; refused as ``gone`` if it cannot be
    one."""
    code = normal_code(typed) if len(typed) <= MAX_TYPED_CODE else ""
    if len(code) != CODE_LENGTH or not set(code) <= set(CODE_ALPHABET):
        raise CodedError("live", "gone")
    return code


def join(store: RoomStore, code: str, student: str, now: float,
         caller: Caller | None = None) -> Room:
    """A student joins by code (typed in any case, spaces ignored); the room, or refused.

    A student who joined before (a reload: the same ``student``) is let back in and counted
    once; a new one is refused when MAX_STUDENTS were active in the last ACTIVE_S."""
    _check_id(student)
    limit(store, "join", caller, now)
    code = _room_code(code)
    room = _live_room(store, code, now)
    if not store.join(code, student, now, MAX_STUDENTS, ACTIVE_S):
        _live_room(store, code, now)  # closed or gone meanwhile says so
        raise CodedError("live", "full", limit=MAX_STUDENTS)
    return room


def heartbeat(store: RoomStore, code: str, student: str, now: float) -> None:
    """A following student is still there: their seat stays counted (a full room's refusal
    changes nothing for a student already in, so it is not an error here)."""
    store.join(code, student, now, MAX_STUDENTS, ACTIVE_S)


def seats(store: RoomStore, code: str, now: float) -> int:
    """How many students are in the class: seen in the last ACTIVE_S."""
    return store.followers(code, now, ACTIVE_S)


def submit(store: RoomStore, code: str, student: str, question_id: str, text: str,
           nickname: str, now: float, caller: Caller | None = None) -> None:
    """A student's answer, checked for size and count; refused with a CodedError."""
    _check_id(student)
    if len(text) > 4 * MAX_ANSWER_CHARS or len(nickname) > 4 * MAX_NICKNAME_CHARS:
        # far over: refused before anything walks the text (plain_text, the store)
        which = "too_long" if len(text) > 4 * MAX_ANSWER_CHARS else "nickname_too_long"
        raise CodedError("live", which, limit=MAX_ANSWER_CHARS if which == "too_long"
                         else MAX_NICKNAME_CHARS)
    limit(store, "answer", caller, now)
    text, nickname = plain_text(text), plain_text(nickname)
    if not text:
        raise CodedError("live", "empty")
    if len(text) > MAX_ANSWER_CHARS:
        raise CodedError("live", "too_long", limit=MAX_ANSWER_CHARS)
    if len(nickname) > MAX_NICKNAME_CHARS:
        raise CodedError("live", "nickname_too_long", limit=MAX_NICKNAME_CHARS)
    code = normal_code(code)
    answer = Answer(student, nickname, text, now)
    if store.answer(code, question_id, answer, now, MAX_ANSWERS_PER_QUESTION):
        return
    room = _live_room(store, code, now)
    question = room.question
    if question is None or question.id != question_id or question.revealed:
        raise CodedError("live", "not_open")
    if any(a.student == student for a in store.answers(code, question_id, now)):
        raise CodedError("live", "limit", limit=MAX_ANSWERS_PER_QUESTION)
    raise CodedError("live", "not_joined")


def tally(store: RoomStore, code: str, question_id: str, now: float) -> tuple[Answer, ...]:
    """Every student's latest answer, for the teacher's screen."""
    return store.answers(normal_code(code), question_id, now)


def _check_view(page: str, lesson: str) -> None:
    if len(page) + len(lesson) > MAX_VIEW_CHARS:
        raise CodedError("live", "view_too_long", limit=MAX_VIEW_CHARS)


def _check_id(student: str) -> None:
    """A student id is the app's own random token (never typed): a programming error if not."""
    if not student or len(student) > MAX_ID_CHARS or not student.isprintable():
        raise ValueError(f"not a student id: {student[:MAX_ID_CHARS]!r}")


# --- why a change was refused -----------------------------------------------------------
def _live_room(store: RoomStore, code: str, now: float) -> Room:
    """The room if it is there and open; else refused: gone or closed."""
    room = store.room(code, now)
    if room is None:
        raise CodedError("live", "gone")
    if room.closed:
        raise CodedError("live", "closed")
    return room


def _why_not(store: RoomStore, code: str, now: float) -> CodedError:
    """A teacher's change matched nothing: the room is gone, closed, or the secret wrong."""
    try:
        _live_room(store, code, now)
    except CodedError as error:
        return error
    return CodedError("live", "forbidden")

