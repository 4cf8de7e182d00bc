"""The room store in one SQLite file: rooms for every replica on one machine.

Several processes (deploy/local.sh's replicas) open the same file; SQLite's WAL mode lets
readers go on while one writer writes, and a busy timeout makes a second writer wait its turn
instead of failing. Every change runs in one ``BEGIN IMMEDIATE`` transaction (the write lock
taken up front, so two writers never deadlock upgrading a read), bumps the version with
``UPDATE … SET version = version + 1 … RETURNING version``, and checks the teacher's
secret hash in the statement's ``WHERE``: a wrong hash matches no row and changes nothing.

Threads: Streamlit runs each session's script in a thread of its own. A connection is used by
one thread at a time: each call takes one from this store's pool (or opens one), uses it and
gives it back, so a connection is never shared by two threads at once (sqlite3's rule) and is
not opened afresh for every call. A pool made in another process (after a fork) is dropped.

Tables: ``rooms`` (one row per room, the open question in its ``q_*`` columns, the concept
checks opened in ``pre_*`` / ``post_*``, ``moved`` the teacher's last change; ``expires``
indexed for purge), ``followers`` (code, student → when
joined and last seen), ``answers`` (code, question, student → the latest answer and how many
the student sent) and ``limits`` (a rate limit's key → its window's end and count). A file
made by an older version gets the newer columns added when it is opened.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

from tutor.live.model import (
    ACTIVE_S,
    CHECK_PHASES,
    Answer,
    Question,
    Room,
    check_phase,
    checks_of,
)
from tutor.live.store import unavailable_on

BUSY_TIMEOUT_S = 10.0  # how long a writer waits for another process's transaction
MAX_IDLE = 16  # connections kept open for the next call; more are closed after use
_LOG = logging.getLogger(__name__)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS rooms (
    code TEXT PRIMARY KEY,
    secret_hash TEXT NOT NULL,
    version INTEGER NOT NULL,
    page TEXT NOT NULL,
    lesson TEXT NOT NULL,
    created REAL NOT NULL,
    expires REAL NOT NULL,
    closed INTEGER NOT NULL DEFAULT 0,
    q_id TEXT,
    q_page TEXT,
    q_step INTEGER,
    q_kind TEXT,
    q_revealed INTEGER NOT NULL DEFAULT 0,
    moved REAL NOT NULL DEFAULT 0,
    pre_id TEXT,
    pre_step INTEGER,
    post_id TEXT,
    post_step INTEGER
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS rooms_expires ON rooms (expires);
CREATE TABLE IF NOT EXISTS followers (
    code TEXT NOT NULL,
    student TEXT NOT NULL,
    joined REAL NOT NULL,
    seen REAL NOT NULL DEFAULT 0,
    PRIMARY KEY (code, student)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS limits (
    key TEXT PRIMARY KEY,
    until REAL NOT NULL,
    count INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS limits_until ON limits (until);
CREATE TABLE IF NOT EXISTS answers (
    code TEXT NOT NULL,
    question TEXT NOT NULL,
    student TEXT NOT NULL,
    nickname TEXT NOT NULL,
    text TEXT NOT NULL,
    at REAL NOT NULL,
    sent INTEGER NOT NULL,
    PRIMARY KEY (code, question, student)
) WITHOUT ROWID;
"""

_ROOM_COLUMNS = ("code, version, page, lesson, created, expires, closed, "
                 "q_id, q_page, q_step, q_kind, q_revealed, moved, "
                 "pre_id, pre_step, post_id, post_step")
# Columns added since the first schema: a file made before gets them (ALTER TABLE) on open.
_ADDED = (("rooms", "moved", "REAL NOT NULL DEFAULT 0"),
          ("followers", "seen", "REAL NOT NULL DEFAULT 0"),
          *(("rooms", f"{phase}_{column}", kind) for phase in CHECK_PHASES
            for column, kind in (("id", "TEXT"), ("step", "INTEGER"))))
# ask's concept check, by phase (:phase is "" for a step's question): "pre" keeps its id and
# seed and forgets the post-test; "post" keeps its own; anything else leaves both.
_KEEP_CHECK = (
    "pre_id = CASE :phase WHEN 'pre' THEN :id ELSE pre_id END, "
    "pre_step = CASE :phase WHEN 'pre' THEN :step ELSE pre_step END, "
    "post_id = CASE :phase WHEN 'pre' THEN NULL WHEN 'post' THEN :id ELSE post_id END, "
    "post_step = CASE :phase WHEN 'pre' THEN NULL WHEN 'post' THEN :step ELSE post_step END")
_SEATS_INDEX = "CREATE INDEX IF NOT EXISTS followers_seen ON followers (code, seen)"
_OPEN = "expires > ? AND closed = 0"  # a room that still takes changes
VERSION_SQL = "SELECT version FROM rooms WHERE code = ? AND expires > ?"  # one key lookup


class SqliteRoomStore:
    """A RoomStore in the SQLite file at ``path`` (made, with its folder, if missing)."""

    @unavailable_on(sqlite3.Error, OSError)
    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()  # guards the pool list, never held during a query
        self._pool: list[sqlite3.Connection] = []
        self._pid = os.getpid()
        with self._connection() as db:
            (mode,) = db.execute("PRAGMA journal_mode = WAL").fetchone()  # kept in the file
            if str(mode).lower() != "wal":  # a file system without shared memory (NFS…)
                _LOG.warning("%s: SQLite journal mode %s, not WAL: readers will wait for "
                             "writers", self.path, mode)
            with _write(db):
                for statement in _SCHEMA.split(";"):
                    if statement.strip():
                        db.execute(statement)
                for table, column, kind in _ADDED:
                    have = {row[1] for row in db.execute(f"PRAGMA table_info({table})")}
                    if column not in have:
                        db.execute(f"ALTER TABLE {table} ADD COLUMN {column} {kind}")
                db.execute(_SEATS_INDEX)

    def __repr__(self) -> str:
        return f"SqliteRoomStore({str(self.path)!r})"

    # --- connections ------------------------------------------------------------------
    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None,
                             check_same_thread=False)  # one thread at a time: the pool
        db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        db.execute("PRAGMA synchronous = NORMAL")  # WAL: never corrupt, no fsync per commit
        return db

    @contextlib.contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            if self._pid != os.getpid():  # forked: the parent's connections are not ours
                self._pool, self._pid = [], os.getpid()
            db = self._pool.pop() if self._pool else None
        if db is None:
            db = self._open()
        try:
            yield db
        except BaseException:
            if db.in_transaction:
                db.rollback()
            db.close()  # a connection that failed mid-way is not given back
            raise
        with self._lock:
            if len(self._pool) < MAX_IDLE:
                self._pool.append(db)
                return
        db.close()

    def shutdown(self) -> None:
        """Close the pooled connections (a later call opens new ones)."""
        with self._lock:
            pool, self._pool = self._pool, []
        for db in pool:
            db.close()

    # --- reads (one statement each: atomic on their own) ----------------------------------
    @unavailable_on(sqlite3.Error, OSError)
    def room(self, code: str, now: float) -> Room | None:
        with self._connection() as db:
            row = db.execute(f"SELECT {_ROOM_COLUMNS} FROM rooms WHERE code = ? AND "
                             "expires > ?", (code, now)).fetchone()
        if row is None:
            return None
        (code, version, page, lesson, created, expires, closed,
         q_id, q_page, q_step, q_kind, q_revealed, moved, *checks) = row
        question = (None if q_id is None else
                    Question(q_id, q_page, int(q_step), q_kind, bool(q_revealed)))
        return Room(code, int(version), page, lesson, float(created), float(expires),
                    bool(closed), question, float(moved or created),
                    checks_of(dict(zip(("pre_id", "pre_step", "post_id", "post_step"), checks,
                                       strict=True))))

    @unavailable_on(sqlite3.Error, OSError)
    def version(self, code: str, now: float) -> int | None:
        with self._connection() as db:
            row = db.execute(VERSION_SQL, (code, now)).fetchone()
        return None if row is None else int(row[0])

    @unavailable_on(sqlite3.Error, OSError)
    def followers(self, code: str, now: float, active: float = ACTIVE_S) -> int:
        with self._connection() as db:
            row = db.execute("SELECT count(*) FROM followers JOIN rooms USING (code) "
                             "WHERE code = ? AND expires > ? AND seen > ?",
                             (code, now, now - active)).fetchone()
        return int(row[0])

    @unavailable_on(sqlite3.Error, OSError)
    def owner(self, code: str, now: float) -> str | None:
        with self._connection() as db:
            row = db.execute(f"SELECT secret_hash FROM rooms WHERE code = ? AND {_OPEN}",
                             (code, now)).fetchone()
        return None if row is None else str(row[0])

    @unavailable_on(sqlite3.Error, OSError)
    def answers(self, code: str, question_id: str, now: float) -> tuple[Answer, ...]:
        with self._connection() as db:
            rows = db.execute(
                "SELECT student, nickname, text, at FROM answers JOIN rooms USING (code) "
                "WHERE code = ? AND question = ? AND expires > ? ORDER BY at, student",
                (code, question_id, now)).fetchall()
        return tuple(Answer(s, n, t, float(a)) for s, n, t, a in rows)

    # --- changes (each one transaction) ---------------------------------------------------
    @unavailable_on(sqlite3.Error, OSError)
    def create(self, code: str, secret_hash: str, page: str, lesson: str, now: float,
               ttl: float) -> bool:
        with self._connection() as db, _write(db):
            _delete_rooms(db, "code = ? AND expires <= ?", (code, now))  # an old one's code
            made = db.execute(
                "INSERT INTO rooms (code, secret_hash, version, page, lesson, created, "
                "expires, moved) VALUES (?, ?, 1, ?, ?, ?, ?, ?) ON CONFLICT (code) DO NOTHING "
                "RETURNING version", (code, secret_hash, page, lesson, now, now + ttl, now)
            ).fetchall()
        return bool(made)

    @unavailable_on(sqlite3.Error, OSError)
    def set_view(self, code: str, secret_hash: str, page: str, lesson: str,
                 now: float) -> int | None:
        with self._connection() as db, _write(db):
            row = db.execute(
                "UPDATE rooms SET page = ?, lesson = ?, version = version + 1, moved = ? "
                f"WHERE code = ? AND secret_hash = ? AND {_OPEN} RETURNING version",
                (page, lesson, now, code, secret_hash, now)).fetchone()
        return None if row is None else int(row[0])

    @unavailable_on(sqlite3.Error, OSError)
    def ask(self, code: str, secret_hash: str, question: Question, now: float) -> bool:
        with self._connection() as db, _write(db):
            row = db.execute(
                "UPDATE rooms SET q_id = :id, q_page = :page, q_step = :step, q_kind = :kind, "
                f"q_revealed = :revealed, version = version + 1, moved = :now, {_KEEP_CHECK} "
                "WHERE code = :code AND secret_hash = :hash AND expires > :now AND closed = 0 "
                "RETURNING version",
                {"id": question.id, "page": question.page, "step": question.step,
                 "kind": question.kind, "revealed": int(question.revealed), "now": now,
                 "code": code, "hash": secret_hash,
                 "phase": check_phase(question) or ""}).fetchone()
        return row is not None

    @unavailable_on(sqlite3.Error, OSError)
    def reveal(self, code: str, secret_hash: str, question_id: str, now: float) -> bool:
        with self._connection() as db, _write(db):
            row = db.execute(
                "UPDATE rooms SET q_revealed = 1, version = version + 1, moved = ? "
                f"WHERE code = ? AND secret_hash = ? AND {_OPEN} AND q_id = ? "
                "RETURNING version", (now, code, secret_hash, now, question_id)).fetchone()
        return row is not None

    @unavailable_on(sqlite3.Error, OSError)
    def close(self, code: str, secret_hash: str, now: float) -> bool:
        with self._connection() as db, _write(db):
            row = db.execute(
                "UPDATE rooms SET closed = 1, version = version + 1, moved = ? "
                f"WHERE code = ? AND secret_hash = ? AND {_OPEN} RETURNING version",
                (now, code, secret_hash, now)).fetchone()
        return row is not None

    @unavailable_on(sqlite3.Error, OSError)
    def join(self, code: str, student: str, now: float, limit: int,
             active: float = ACTIVE_S) -> bool:
        with self._connection() as db, _write(db):
            if db.execute(f"SELECT 1 FROM rooms WHERE code = ? AND {_OPEN}",
                          (code, now)).fetchone() is None:
                return False
            if db.execute("UPDATE followers SET seen = max(seen, ?) WHERE code = ? AND "
                          "student = ? RETURNING 1", (now, code, student)).fetchone():
                return True  # joined before: back in, counted once
            (count,) = db.execute("SELECT count(*) FROM followers WHERE code = ? AND seen > ?",
                                  (code, now - active)).fetchone()
            if count >= limit:
                return False
            db.execute("INSERT INTO followers (code, student, joined, seen) "
                       "VALUES (?, ?, ?, ?)", (code, student, now, now))
        return True

    @unavailable_on(sqlite3.Error, OSError)
    def hit(self, key: str, now: float, window: float, limit: int) -> bool:
        until = (now // window + 1) * window  # the end of the window holding now
        with self._connection() as db, _write(db):
            db.execute("DELETE FROM limits WHERE until <= ?", (now,))
            row = db.execute(
                "INSERT INTO limits (key, until, count) VALUES (?, ?, 1) "
                "ON CONFLICT (key) DO UPDATE SET count = count + 1 WHERE count < ? "
                "RETURNING count", (key, until, limit)).fetchone()
        return row is not None

    @unavailable_on(sqlite3.Error, OSError)
    def answer(self, code: str, question_id: str, answer: Answer, now: float,
               limit: int) -> bool:
        with self._connection() as db, _write(db):
            row = db.execute(
                "INSERT INTO answers (code, question, student, nickname, text, at, sent) "
                "SELECT ?, ?, ?, ?, ?, ?, 1 FROM rooms "
                f"WHERE code = ? AND {_OPEN} AND q_id = ? AND q_revealed = 0 "
                "AND EXISTS (SELECT 1 FROM followers WHERE code = ? AND student = ?) "
                "AND ? > 0 "
                "ON CONFLICT (code, question, student) DO UPDATE SET "
                "nickname = excluded.nickname, text = excluded.text, at = excluded.at, "
                "sent = sent + 1 WHERE sent < ? RETURNING sent",
                (code, question_id, answer.student, answer.nickname, answer.text, answer.at,
                 code, now, question_id, code, answer.student, limit, limit)).fetchone()
        return row is not None

    @unavailable_on(sqlite3.Error, OSError)
    def purge(self, now: float) -> int:
        with self._connection() as db, _write(db):
            db.execute("DELETE FROM limits WHERE until <= ?", (now,))
            return _delete_rooms(db, "expires <= ?", (now,))


@contextlib.contextmanager
def _write(db: sqlite3.Connection) -> Iterator[None]:
    """One write transaction, the write lock taken at its start (waits up to the timeout)."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        db.rollback()
        raise
    db.commit()


def _delete_rooms(db: sqlite3.Connection, where: str, params: tuple[object, ...]) -> int:
    """Delete the rooms matching ``where`` with their followers and answers; how many."""
    codes = [code for (code,) in db.execute(f"SELECT code FROM rooms WHERE {where}", params)]
    for code in codes:
        db.execute("DELETE FROM answers WHERE code = ?", (code,))
        db.execute("DELETE FROM followers WHERE code = ?", (code,))
        db.execute("DELETE FROM rooms WHERE code = ?", (code,))
    return len(codes)
