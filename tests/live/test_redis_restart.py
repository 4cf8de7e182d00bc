"""Redis keeps a class across its own restart (append-only file, as deploy/compose.yaml and
deploy/k8s/redis-deployment.yaml run it): a class started, Redis stopped and started again on
the same folder mid-class, and the class goes on — the same store object reconnecting."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bpcore.errors import CodedError
from tutor.live import room as live
from tutor.live.store_redis import RedisRoomStore

from .conftest import REDIS_SERVER, _free_port, _require_redis_server


class Server:
    """A redis-server with its append-only file in ``folder``, on ``port``, that a test can
    stop and start again."""

    def __init__(self, folder: Path, port: int) -> None:
        self.folder, self.port = folder, port
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [str(REDIS_SERVER), "--port", str(self.port), "--bind", "127.0.0.1",
             "--save", "", "--appendonly", "yes", "--appendfsync", "always",
             "--dir", str(self.folder), "--protected-mode", "yes"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        import redis

        client = redis.Redis(port=self.port)
        deadline = time.monotonic() + 10
        try:
            while True:
                try:
                    if client.ping():
                        return
                except (redis.ConnectionError, redis.BusyLoadingError):
                    if self.process.poll() is not None or time.monotonic() > deadline:
                        pytest.fail(f"redis-server did not start on {self.port}", pytrace=False)
                    time.sleep(0.05)
        finally:
            client.close()

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()  # SIGTERM: Redis flushes its append-only file and exits
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    _require_redis_server()
    one = Server(tmp_path, _free_port())
    one.start()
    yield one
    one.stop()


def test_a_class_goes_on_after_redis_restarts(server: Server):
    store = RedisRoomStore.from_url(f"redis://127.0.0.1:{server.port}/0")
    now = time.time()  # real time: Redis's own EXPIRE runs on it across the restart
    teacher = live.start(store, "forward", "s=1", 0, now)
    students = [live.new_student_id() for _ in range(3)]
    for student in students:
        live.join(store, teacher.code, student, now)
    question = live.ask(store, teacher, "forward", 2, "practice", now + 1)
    live.submit(store, teacher.code, students[0], question.id, "0.25", "Ann", now + 2)
    live.submit(store, teacher.code, students[1], question.id, "-0.5", "", now + 2)
    before = store.room(teacher.code, now + 3)
    assert before is not None and before.version == 2

    server.stop()
    with pytest.raises(CodedError) as down:  # mid-class, Redis is gone: said, not crashed
        store.version(teacher.code, now + 3)
    assert down.value.code == "unavailable"
    server.start()

    assert (server.folder / "appendonlydir").is_dir()  # Redis 7's append-only files
    assert store.room(teacher.code, now + 4) == before  # room, page, question, version
    assert live.seats(store, teacher.code, now + 4) == 3
    assert {(a.student, a.text) for a in live.tally(store, teacher.code, question.id,
                                                    now + 4)} == {(students[0], "0.25"),
                                                                  (students[1], "-0.5")}
    # and it goes on: the teacher moves, a student answers, the teacher closes
    assert live.show(store, teacher, "forward", "s=2", now + 5) == 3
    live.submit(store, teacher.code, students[2], question.id, "1", "", now + 5)
    assert len(live.tally(store, teacher.code, question.id, now + 6)) == 3
    live.close(store, teacher, now + 7)
    assert store.room(teacher.code, now + 7).closed
    store.client.close()
