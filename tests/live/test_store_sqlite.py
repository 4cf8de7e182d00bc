"""What only the SQLite store must show: one file shared by processes (WAL mode), changes
that do not get lost when two processes make them at once, and purge leaving no rows."""

from __future__ import annotations

import hashlib
import multiprocessing
import sqlite3
import threading

from tutor.live.model import ROOM_TTL_S, Answer, Question
from tutor.live.store_sqlite import VERSION_SQL, SqliteRoomStore

from .conftest import NOW

SECRET = hashlib.sha256(b"secret").hexdigest()
BUMPS = 200  # per process


def _bump(path: str, code: str, n: int, start: multiprocessing.synchronize.Event) -> None:
    """In a spawned process: its own store on the same file, ``n`` view changes."""
    store = SqliteRoomStore(path)
    start.wait(30)
    for k in range(n):
        if store.set_view(code, SECRET, "forward", f"step={k}", NOW) is None:
            raise SystemExit(1)
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
    start = context.Event()
    workers = [context.Process(target=_bump, args=(path, "ABCDEF", BUMPS, start))
               for _ in range(2)]
    for worker in workers:
        worker.start()
    start.set()
    for worker in workers:
        worker.join(120)
    assert [w.exitcode for w in workers] == [0, 0]
    assert store.version("ABCDEF", NOW) == 1 + 2 * BUMPS  # made at 1, then 2N bumps
    store.shutdown()


def test_threads_sharing_one_store_lose_no_version(tmp_path):
    store = SqliteRoomStore(tmp_path / "rooms.sqlite3")
    store.create("ABCDEF", SECRET, "forward", "", NOW, ROOM_TTL_S)
    errors: list[BaseException] = []

    def bump() -> None:
        try:
            for k in range(100):
                store.set_view("ABCDEF", SECRET, "forward", str(k), NOW)
                store.version("ABCDEF", NOW)
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=bump) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and store.version("ABCDEF", NOW) == 401
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
