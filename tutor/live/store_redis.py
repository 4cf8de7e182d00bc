"""The room store on Redis: rooms every replica on every machine reaches (BPTUTOR_REDIS_URL).

Keys of a room ``CODE`` (prefix ``bptutor:live:``):

- ``room:CODE`` — a hash: secret_hash, version, page, lesson, created, expires, closed,
  the open question (q_id, q_page, q_step, q_kind, q_revealed) and the concept checks
  opened (pre_id, pre_step, post_id, post_step: one per phase);
- ``room:CODE:seen`` — a sorted set: student id → when last seen (the seats; a key of its
  own, not the plain set ``room:CODE:followers`` an older version kept);
- ``room:CODE:answers:QID`` — a hash student → JSON [nickname, text, at, sent] per question;
- ``room:CODE:questions`` — a set of the question ids asked, so purge finds their answers;
- ``rooms`` — one sorted set of every room's code scored by its ``expires``, for ``purge``;
- ``limit:KEY:WINDOW`` — a rate limit's count in one window, expiring with it.

Every key of a room gets an ``EXPIRE`` for the time the room has left (``expires - now``),
so Redis deletes an abandoned room by itself. A room is past its time when ``expires <= now``
whatever Redis has done yet: every script checks it, so a test can age a room by passing a
later ``now``. Each change is one Lua script, atomic on the server: the secret hash is
compared, the version bumped with HINCRBY and the new version returned in the same step.
The scripts name every key they touch in KEYS except purge's (it finds rooms through the
index), so this store needs one Redis, not a Redis Cluster.

redis-py's client is thread-safe and keeps a connection pool (made again after a fork), so
one store serves every session of a process.
"""

from __future__ import annotations

import json
import math
from typing import Any, cast

import redis

from tutor.live.model import ACTIVE_S, Answer, Question, Room, check_phase, checks_of
from tutor.live.store import unavailable_on

PREFIX = "bptutor:live:"

# Lua helpers shared by the scripts: is the room at KEYS[1] there, open, owned by ARGV[1]?
_LIVE = """
local function live(key, now)
  local expires = tonumber(redis.call('HGET', key, 'expires'))
  return expires ~= nil and expires > now
end
local function open(key, now)
  return live(key, now) and redis.call('HGET', key, 'closed') == '0'
end
local function owned(key, hash, now)
  return open(key, now) and redis.call('HGET', key, 'secret_hash') == hash
end
local function ttl(key, now)
  return math.max(1, math.ceil(tonumber(redis.call('HGET', key, 'expires')) - now))
end
"""

# KEYS: room, followers, questions, index;
# ARGV: code, hash, page, lesson, now, expires (as Python wrote them), ttl (whole s), prefix
_CREATE = _LIVE + """
local now = tonumber(ARGV[5])
if redis.call('EXISTS', KEYS[1]) == 1 then
  if live(KEYS[1], now) then return 0 end
  for _, qid in ipairs(redis.call('SMEMBERS', KEYS[3])) do
    redis.call('DEL', ARGV[8] .. 'room:' .. ARGV[1] .. ':answers:' .. qid)
  end
  redis.call('DEL', KEYS[1], KEYS[2], KEYS[3], ARGV[8] .. 'room:' .. ARGV[1] .. ':followers')
end
redis.call('HSET', KEYS[1], 'secret_hash', ARGV[2], 'version', 1, 'page', ARGV[3],
           'lesson', ARGV[4], 'created', ARGV[5], 'expires', ARGV[6],
           'closed', '0', 'q_revealed', '0', 'moved', ARGV[5])
redis.call('EXPIRE', KEYS[1], ARGV[7])
redis.call('ZADD', KEYS[4], ARGV[6], ARGV[1])
return 1
"""

# KEYS: room; ARGV: hash, now, field, value, field, value, …
_SET = _LIVE + """
local now = tonumber(ARGV[2])
if not owned(KEYS[1], ARGV[1], now) then return false end
for i = 3, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
redis.call('HSET', KEYS[1], 'moved', ARGV[2])
return redis.call('HINCRBY', KEYS[1], 'version', 1)
"""

# KEYS: room, questions; ARGV: hash, now, id, page, step, kind, revealed, phase (a concept
# check's "pre" / "post", else ""): a "pre" keeps its id and seed and forgets the "post".
_ASK = _LIVE + """
local now = tonumber(ARGV[2])
if not owned(KEYS[1], ARGV[1], now) then return false end
redis.call('HSET', KEYS[1], 'q_id', ARGV[3], 'q_page', ARGV[4], 'q_step', ARGV[5],
           'q_kind', ARGV[6], 'q_revealed', ARGV[7], 'moved', ARGV[2])
if ARGV[8] == 'pre' then redis.call('HDEL', KEYS[1], 'post_id', 'post_step') end
if ARGV[8] ~= '' then
  redis.call('HSET', KEYS[1], ARGV[8] .. '_id', ARGV[3], ARGV[8] .. '_step', ARGV[5])
end
redis.call('SADD', KEYS[2], ARGV[3])
redis.call('EXPIRE', KEYS[2], ttl(KEYS[1], now))
return redis.call('HINCRBY', KEYS[1], 'version', 1)
"""

# KEYS: room; ARGV: hash, now, question id
_REVEAL = _LIVE + """
local now = tonumber(ARGV[2])
if not owned(KEYS[1], ARGV[1], now) then return false end
if redis.call('HGET', KEYS[1], 'q_id') ~= ARGV[3] then return false end
redis.call('HSET', KEYS[1], 'q_revealed', '1', 'moved', ARGV[2])
return redis.call('HINCRBY', KEYS[1], 'version', 1)
"""

# KEYS: room, seen; ARGV: student, now (as Python wrote it), limit, now - active
_JOIN = _LIVE + """
local now = tonumber(ARGV[2])
if not open(KEYS[1], now) then return 0 end
local before = redis.call('ZSCORE', KEYS[2], ARGV[1])
if before then  -- joined before: back in, counted once
  if tonumber(before) < now then redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1]) end
  return 1
end
if redis.call('ZCOUNT', KEYS[2], '(' .. ARGV[4], '+inf') >= tonumber(ARGV[3]) then
  return 0
end
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
redis.call('EXPIRE', KEYS[2], ttl(KEYS[1], now))
return 1
"""

# KEYS: the window's counter; ARGV: limit, seconds to keep it
_HIT = """
local count = tonumber(redis.call('GET', KEYS[1]) or '0')
if count >= tonumber(ARGV[1]) then return 0 end
redis.call('INCR', KEYS[1])
if count == 0 then redis.call('EXPIRE', KEYS[1], ARGV[2]) end
return 1
"""

# KEYS: room, followers, answers; ARGV: question id, student, nickname, text, at, now, limit
_ANSWER = _LIVE + """
local now, limit = tonumber(ARGV[6]), tonumber(ARGV[7])
if not open(KEYS[1], now) then return 0 end
if redis.call('HGET', KEYS[1], 'q_id') ~= ARGV[1] then return 0 end
if redis.call('HGET', KEYS[1], 'q_revealed') ~= '0' then return 0 end
if not redis.call('ZSCORE', KEYS[2], ARGV[2]) then return 0 end
local sent = 0
local old = redis.call('HGET', KEYS[3], ARGV[2])
if old then sent = cjson.decode(old)[4] end
if sent >= limit then return 0 end
redis.call('HSET', KEYS[3], ARGV[2], cjson.encode({ARGV[3], ARGV[4], ARGV[5], sent + 1}))
redis.call('EXPIRE', KEYS[3], ttl(KEYS[1], now))
return 1
"""

# KEYS: room, followers, answers; ARGV: question id, now
_ANSWERS = _LIVE + """
if not live(KEYS[1], tonumber(ARGV[2])) then return {} end
return redis.call('HGETALL', KEYS[3])
"""

# KEYS: room, seen; ARGV: now, now - active
_FOLLOWERS = _LIVE + """
if not live(KEYS[1], tonumber(ARGV[1])) then return 0 end
return redis.call('ZCOUNT', KEYS[2], '(' .. ARGV[2], '+inf')
"""

# KEYS: room; ARGV: now
_OWNER = _LIVE + """
if not open(KEYS[1], tonumber(ARGV[1])) then return false end
return redis.call('HGET', KEYS[1], 'secret_hash')
"""

# KEYS: index; ARGV: now, prefix
_PURGE = """
local now, gone = tonumber(ARGV[1]), 0
for _, code in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])) do
  local room = ARGV[2] .. 'room:' .. code
  local expires = tonumber(redis.call('HGET', room, 'expires'))
  if expires ~= nil and expires > now then  -- made again since: keep, index it right
    redis.call('ZADD', KEYS[1], expires, code)
  else
    if expires ~= nil then gone = gone + 1 end  -- (nil: Redis's EXPIRE was first)
    for _, qid in ipairs(redis.call('SMEMBERS', room .. ':questions')) do
      redis.call('DEL', room .. ':answers:' .. qid)
    end
    redis.call('DEL', room, room .. ':followers', room .. ':seen', room .. ':questions')
    redis.call('ZREM', KEYS[1], code)
  end
end
return gone
"""


class RedisRoomStore:
    """A RoomStore on the Redis ``client`` (made with ``decode_responses=True``)."""

    def __init__(self, client: redis.Redis, prefix: str = PREFIX) -> None:
        self.client, self.prefix = client, prefix
        self._create = client.register_script(_CREATE)
        self._set = client.register_script(_SET)
        self._ask = client.register_script(_ASK)
        self._reveal = client.register_script(_REVEAL)
        self._join = client.register_script(_JOIN)
        self._answer = client.register_script(_ANSWER)
        self._answers = client.register_script(_ANSWERS)
        self._followers = client.register_script(_FOLLOWERS)
        self._owner = client.register_script(_OWNER)
        self._hit = client.register_script(_HIT)
        self._purge = client.register_script(_PURGE)

    @classmethod
    @unavailable_on(ValueError, redis.RedisError)
    def from_url(cls, url: str) -> RedisRoomStore:
        """The store on the Redis at ``url`` (redis://host:port/db); connects lazily (a URL
        that is no Redis URL is refused as unavailable, and logged)."""
        return cls(redis.Redis.from_url(url, decode_responses=True, socket_timeout=5,
                                        socket_connect_timeout=5, health_check_interval=30))

    def __repr__(self) -> str:
        return f"RedisRoomStore(prefix={self.prefix!r})"

    # --- keys -------------------------------------------------------------------------------
    def _room(self, code: str) -> str:
        return f"{self.prefix}room:{code}"

    def _followers_key(self, code: str) -> str:
        return f"{self._room(code)}:seen"

    def _questions(self, code: str) -> str:
        return f"{self._room(code)}:questions"

    def _answers_key(self, code: str, question_id: str) -> str:
        return f"{self._room(code)}:answers:{question_id}"

    def _index(self) -> str:
        return f"{self.prefix}rooms"

    # --- reads ------------------------------------------------------------------------------
    @unavailable_on(redis.RedisError, OSError)
    def room(self, code: str, now: float) -> Room | None:
        fields = cast(dict[str, str], self.client.hgetall(self._room(code)))  # decoded
        if not fields or float(fields["expires"]) <= now:
            return None
        question = None
        if fields.get("q_id"):
            question = Question(fields["q_id"], fields["q_page"], int(fields["q_step"]),
                                fields["q_kind"], fields["q_revealed"] == "1")
        return Room(code, int(fields["version"]), fields["page"], fields["lesson"],
                    float(fields["created"]), float(fields["expires"]),
                    fields["closed"] == "1", question,
                    float(fields.get("moved") or fields["created"]), checks_of(dict(fields)))

    @unavailable_on(redis.RedisError, OSError)
    def version(self, code: str, now: float) -> int | None:
        version, expires = self.client.hmget(self._room(code), ["version", "expires"])
        if version is None or expires is None or float(expires) <= now:
            return None
        return int(version)

    @unavailable_on(redis.RedisError, OSError)
    def followers(self, code: str, now: float, active: float = ACTIVE_S) -> int:
        return int(self._followers(keys=[self._room(code), self._followers_key(code)],
                                   args=[repr(now), repr(now - active)]))

    @unavailable_on(redis.RedisError, OSError)
    def owner(self, code: str, now: float) -> str | None:
        found = self._owner(keys=[self._room(code)], args=[repr(now)])
        return None if found is None else str(found)

    @unavailable_on(redis.RedisError, OSError)
    def hit(self, key: str, now: float, window: float, limit: int) -> bool:
        slot = math.floor(now / window)
        return bool(self._hit(keys=[f"{self.prefix}limit:{key}:{slot}"],
                              args=[limit, max(1, math.ceil(window)) + 1]))

    @unavailable_on(redis.RedisError, OSError)
    def answers(self, code: str, question_id: str, now: float) -> tuple[Answer, ...]:
        flat: list[str] = self._answers(
            keys=[self._room(code), self._followers_key(code),
                  self._answers_key(code, question_id)], args=[question_id, repr(now)])
        found = []
        for student, packed in zip(flat[::2], flat[1::2], strict=True):
            nickname, text, at, _sent = json.loads(packed)
            found.append(Answer(student, nickname, text, float(at)))
        return tuple(sorted(found, key=lambda a: (a.at, a.student)))

    # --- changes ----------------------------------------------------------------------------
    @unavailable_on(redis.RedisError, OSError)
    def create(self, code: str, secret_hash: str, page: str, lesson: str, now: float,
               ttl: float) -> bool:
        made = self._create(
            keys=[self._room(code), self._followers_key(code), self._questions(code),
                  self._index()],
            args=[code, secret_hash, page, lesson, repr(now), repr(now + ttl),
                  max(1, math.ceil(ttl)), self.prefix])
        return bool(made)

    @unavailable_on(redis.RedisError, OSError)
    def set_view(self, code: str, secret_hash: str, page: str, lesson: str,
                 now: float) -> int | None:
        return _version(self._set(keys=[self._room(code)],
                                  args=[secret_hash, repr(now), "page", page, "lesson", lesson]))

    @unavailable_on(redis.RedisError, OSError)
    def ask(self, code: str, secret_hash: str, question: Question, now: float) -> bool:
        return _version(self._ask(
            keys=[self._room(code), self._questions(code)],
            args=[secret_hash, repr(now), question.id, question.page, question.step,
                  question.kind, "1" if question.revealed else "0",
                  check_phase(question) or ""])) is not None

    @unavailable_on(redis.RedisError, OSError)
    def reveal(self, code: str, secret_hash: str, question_id: str, now: float) -> bool:
        return _version(self._reveal(keys=[self._room(code)],
                                     args=[secret_hash, repr(now), question_id])) is not None

    @unavailable_on(redis.RedisError, OSError)
    def close(self, code: str, secret_hash: str, now: float) -> bool:
        return _version(self._set(keys=[self._room(code)],
                                  args=[secret_hash, repr(now), "closed", "1"])) is not None

    @unavailable_on(redis.RedisError, OSError)
    def join(self, code: str, student: str, now: float, limit: int,
             active: float = ACTIVE_S) -> bool:
        return bool(self._join(keys=[self._room(code), self._followers_key(code)],
                               args=[student, repr(now), limit, repr(now - active)]))

    @unavailable_on(redis.RedisError, OSError)
    def answer(self, code: str, question_id: str, answer: Answer, now: float,
               limit: int) -> bool:
        return bool(self._answer(
            keys=[self._room(code), self._followers_key(code),
                  self._answers_key(code, question_id)],
            args=[question_id, answer.student, answer.nickname, answer.text, repr(answer.at),
                  repr(now), limit]))

    @unavailable_on(redis.RedisError, OSError)
    def purge(self, now: float) -> int:
        return int(self._purge(keys=[self._index()], args=[repr(now), self.prefix]))


def _version(reply: Any) -> int | None:
    """A script's new version, or None when it changed nothing (Lua false → nil)."""
    return None if reply is None else int(reply)
