"""What only the SQLite store must show: one file shared by processes (WAL mode), changes
that do not get lost when two processes make them at once, and purge leaving no rows."""

from __future__ import annotations

import hashlib
import multiprocessing
import sqlite3
import time
from pathlib import Path

from tutor.live.model import CHECK_PAGE, ROOM_TTL_S, Answer, Question
from tutor.live.store_sqlite import VERSION_SQL, SqliteRoomStore
from tutor.serving.pool import without_main

from .conftest import NOW

SECRET = hashlib.sha256(b"secret").hexdigest()
BUMPS = 200  # per process (both start together, at one Barrier); few enough that a writer
# starved by the other one (SQLite's busy handler is not fair) waits less than the busy timeout,
# even on a loaded CI machine (500 once took one past 10 s)


def _bump(path: str, code: str, n: int, start: multiprocessing.synchronize.Barrier,
          out: str) -> None:
    """In a spawned process: its own store on the same file, ``n`` view changes (a short
    pause between them, so the two processes' changes interleave); the versions it got
    are written to ``out``."""
    store = SqliteRoomStore(path)
    start.wait(600)  # both ready (a spawned start is slow on a loaded 2-core CI): go together
    versions = []
    for k in range(n):
        version = store.set_view(code, SECRET, "forward", f"step={k}", NOW)
        if version is None:  # the store said unavailable (e.g. a busy timeout): say which bump
            Path(out).write_text(f"bump {k} of {n}: set_view gave None", encoding="utf-8")
            raise SystemExit(1)
        versions.append(version)
        time.sleep(0.001)
    Path(out).write_text(" ".join(map(str, versions)), encoding="utf-8")
    store.shutdown()


def rows(path, table):
    with sqlite3.connect(path) as db:
        return db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_the_file_is_in_wal_mode_with_a_busy_timeout(tmp_path):
    store = SqliteRoomStore(tmp_path / "rooms.sqlite3")
    with sqlite3.connect(store.path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    with store._connection() as db:
        assert db.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000
    store.shutdown()


def test_two_processes_bumping_one_room_lose_no_version(tmp_path):
    path = str(tmp_path / "rooms.sqlite3")
    store = SqliteRoomStore(path)
    assert store.create("ABCDEF", SECRET, "forward", "", NOW, ROOM_TTL_S)
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(2)
    outs = [str(tmp_path / f"versions{k}.txt") for k in range(2)]
    workers = [context.Process(target=_bump, args=(path, "ABCDEF", BUMPS, start, out))
               for out in outs]
    # Started as the server's pool starts its workers: without this process's __main__, which
    # an earlier AppTest test in the same pytest worker may have left naming a page script
    # that the children would then run (they did, and exited 1, in full runs).
    with without_main():
        for worker in workers:
            worker.start()
    for worker in workers:
        worker.join(900)
    said = [Path(out).read_text(encoding="utf-8")[:200] if Path(out).exists() else "nothing"
            for out in outs]
    assert [w.exitcode for w in workers] == [0, 0], said
    assert store.version("ABCDEF", NOW) == 1 + 2 * BUMPS  # made at 1, then 2N bumps
    got = [[int(v) for v in Path(out).read_text(encoding="utf-8").split()] for out in outs]
    assert sorted(got[0] + got[1]) == list(range(2, 2 + 2 * BUMPS))  # each version once
    assert all(a < b for seen in got for a, b in zip(seen, seen[1:], strict=False))
    spans = [range(min(seen), max(seen) + 1) for seen in got]
    assert len(set(spans[0]) & set(spans[1])) > 0  # they did run at the same time
    store.shutdown()


def test_purge_leaves_no_row_of_an_expired_room(tmp_path):
    store = SqliteRoomStore(tmp_path / "rooms.sqlite3")
    store.create("ABCDEF", SECRET, "forward", "", NOW, ROOM_TTL_S)
    store.join("ABCDEF", "s1", NOW, 10)
    store.ask("ABCDEF", SECRET, Question("q1", "forward", 1, "practice"), NOW)
    store.answer("ABCDEF", "q1", Answer("s1", "", "1", NOW), NOW, 3)
    assert [rows(store.path, t) for t in ("rooms", "followers", "answers")] == [1, 1, 1]
    assert store.purge(NOW + ROOM_TTL_S) == 1
    assert [rows(store.path, t) for t in ("rooms", "followers", "answers")] == [0, 0, 0]
    store.shutdown()


def test_a_second_store_on_the_same_file_sees_the_first_ones_rooms(tmp_path):
    first = SqliteRoomStore(tmp_path / "rooms.sqlite3")
    second = SqliteRoomStore(tmp_path / "rooms.sqlite3")
    first.create("ABCDEF", SECRET, "forward", "", NOW, ROOM_TTL_S)
    assert second.set_view("ABCDEF", SECRET, "backward", "", NOW) == 2
    assert first.room("ABCDEF", NOW).page == "backward"
    first.shutdown()
    second.shutdown()


def test_the_version_check_is_one_primary_key_lookup(tmp_path):
    store = SqliteRoomStore(tmp_path / "rooms.sqlite3")
    with store._connection() as db:
        plan = db.execute(f"EXPLAIN QUERY PLAN {VERSION_SQL}", ("ABCDEF", NOW)).fetchall()
    details = " ".join(str(row[-1]) for row in plan)
    assert "SEARCH rooms USING PRIMARY KEY (code=?)" in details, details
    store.shutdown()


def test_a_file_made_before_seats_moves_and_checks_gets_their_columns_when_opened(tmp_path):
    path = tmp_path / "rooms.sqlite3"
    with sqlite3.connect(path) as db:  # the first schema: no rooms.moved, no followers.seen
        db.execute("CREATE TABLE rooms (code TEXT PRIMARY KEY, secret_hash TEXT NOT NULL, "
                   "version INTEGER NOT NULL, page TEXT NOT NULL, lesson TEXT NOT NULL, "
                   "created REAL NOT NULL, expires REAL NOT NULL, closed INTEGER NOT NULL "
                   "DEFAULT 0, q_id TEXT, q_page TEXT, q_step INTEGER, q_kind TEXT, "
                   "q_revealed INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID")
        db.execute("CREATE TABLE followers (code TEXT NOT NULL, student TEXT NOT NULL, "
                   "joined REAL NOT NULL, PRIMARY KEY (code, student)) WITHOUT ROWID")
        db.execute("INSERT INTO rooms (code, secret_hash, version, page, lesson, created, "
                   "expires) VALUES ('ABCDEF', ?, 3, 'forward', '', ?, ?)",
                   (SECRET, NOW, NOW + ROOM_TTL_S))
        db.execute("INSERT INTO followers VALUES ('ABCDEF', 's1', ?)", (NOW,))
    db.close()
    store = SqliteRoomStore(path)
    room = store.room("ABCDEF", NOW + 1)
    assert (room.version, room.moved) == (3, NOW)  # no move recorded: since it was made
    assert room.checks == ()  # no concept check kept before: none opened
    check = Question("pre1", CHECK_PAGE, 7, "pre")
    assert store.ask("ABCDEF", SECRET, check, NOW + 1)
    assert store.room("ABCDEF", NOW + 1).checks == (check,)
    assert store.join("ABCDEF", "s1", NOW + 1, 10)  # an old follower is let back in
    assert store.followers("ABCDEF", NOW + 1) == 1
    assert store.hit("join:s:x", NOW, 60, 1) and not store.hit("join:s:x", NOW, 60, 1)
    store.shutdown()
