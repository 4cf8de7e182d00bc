"""Fixtures of the live-classroom tests: every store test runs on SQLite (a file in a tmp
folder) and on a real Redis (Debian's redis-server on a free loopback port, started once per
test session, emptied before each test)."""

from __future__ import annotations

import os
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tutor.live.store import RoomStore

REDIS_SERVER = Path("/usr/bin/redis-server")
NOW = 1_800_000_000.0  # a fixed "now" (2027-01-15): the tests age rooms by passing later times


def _require_redis_server() -> None:
    if REDIS_SERVER.exists():
        return
    if os.environ.get("CI"):
        pytest.fail(f"redis-server is required in CI for the store tests: {REDIS_SERVER} is "
                    "missing (.ci/run installs it with: apt-get install -y redis-server)",
                    pytrace=False)
    pytest.skip(f"the Redis store tests need Debian's redis-server at {REDIS_SERVER} "
                "(apt-get install -y redis-server)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real redis-server on loopback for this test session (no persistence); its URL."""
    _require_redis_server()
    import redis

    folder = tmp_path_factory.mktemp("redis")
    port = _free_port()
    server = subprocess.Popen(
        [str(REDIS_SERVER), "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no", "--dir", str(folder), "--protected-mode", "yes"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url)
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                if client.ping():
                    break
            except redis.ConnectionError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"redis-server did not start on port {port}", pytrace=False)
                time.sleep(0.05)
        yield url
    finally:
        client.close()
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@pytest.fixture(params=["sqlite", "redis"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[RoomStore]:
    """A fresh, empty store of each kind."""
    if request.param == "sqlite":
        from tutor.live.store_sqlite import SqliteRoomStore

        sqlite_store = SqliteRoomStore(tmp_path / "live" / "rooms.sqlite3")
        yield sqlite_store
        sqlite_store.shutdown()
    else:
        from tutor.live.store_redis import RedisRoomStore

        url = request.getfixturevalue("redis_url")
        redis_store = RedisRoomStore.from_url(url)
        redis_store.client.flushdb()
        yield redis_store
        redis_store.client.flushdb()
        redis_store.client.close()
