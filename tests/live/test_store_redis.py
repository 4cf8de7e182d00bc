"""What only the Redis store must show: every key of a room carries an EXPIRE for the time
the room has left, and purge leaves no key of an expired room behind."""

from __future__ import annotations

import hashlib

import pytest

from tutor.live.model import ROOM_TTL_S, Answer, Question
from tutor.live.store_redis import RedisRoomStore

from .conftest import NOW

SECRET = hashlib.sha256(b"secret").hexdigest()


@pytest.fixture
def redis_store(redis_url):
    store = RedisRoomStore.from_url(redis_url)
    store.client.flushdb()
    yield store
    store.client.flushdb()
    store.client.close()


def filled(store, code="ABCDEF", now=NOW):
    store.create(code, SECRET, "forward", "", now, ROOM_TTL_S)
    store.join(code, "s1", now, 10)
    for qid in ("q1", "q2"):
        store.ask(code, SECRET, Question(qid, "forward", 1, "practice"), now)
        store.answer(code, qid, Answer("s1", "", "1", now), now, 3)


def test_every_key_of_a_room_expires_with_the_room(redis_store):
    filled(redis_store)
    keys = [k for k in redis_store.client.scan_iter(f"{redis_store.prefix}room:ABCDEF*")]
    assert sorted(k.rsplit(":", 1)[-1] for k in keys) == [
        "ABCDEF", "q1", "q2", "questions", "seen"]
    for key in keys:
        assert ROOM_TTL_S - 60 < redis_store.client.ttl(key) <= ROOM_TTL_S, key


def test_purge_leaves_no_key_of_an_expired_room(redis_store):
    filled(redis_store, "OLDOLD")
    filled(redis_store, "NEWNEW", NOW + ROOM_TTL_S / 2)
    assert redis_store.purge(NOW + ROOM_TTL_S) == 1
    keys = set(redis_store.client.scan_iter(f"{redis_store.prefix}*"))
    assert not any("OLDOLD" in k for k in keys)
    assert any("NEWNEW" in k for k in keys)
    assert redis_store.client.zrange(f"{redis_store.prefix}rooms", 0, -1) == ["NEWNEW"]


def test_a_room_redis_already_expired_is_dropped_from_the_index(redis_store):
    filled(redis_store)
    redis_store.client.delete(f"{redis_store.prefix}room:ABCDEF")  # as EXPIRE would
    assert redis_store.room("ABCDEF", NOW) is None
    assert redis_store.purge(NOW + ROOM_TTL_S) == 0
    assert list(redis_store.client.scan_iter(f"{redis_store.prefix}*")) == []


def test_times_keep_their_precision(redis_store):
    now = 1_764_590_000.123456
    redis_store.create("ABCDEF", SECRET, "forward", "", now, ROOM_TTL_S)
    redis_store.join("ABCDEF", "s1", now, 10)
    redis_store.ask("ABCDEF", SECRET, Question("q1", "forward", 1, "practice"), now)
    redis_store.answer("ABCDEF", "q1", Answer("s1", "", "1", now + 0.000001), now, 3)
    room = redis_store.room("ABCDEF", now)
    assert (room.created, room.expires) == (now, now + ROOM_TTL_S)
    assert redis_store.answers("ABCDEF", "q1", now)[0].at == now + 0.000001
