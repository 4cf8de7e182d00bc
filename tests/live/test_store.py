"""The RoomStore contract, checked the same way on SQLite and on a real Redis."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable

from tutor.live.model import ROOM_TTL_S, Answer, Question, Room

from .conftest import NOW

SECRET = hashlib.sha256(b"the teacher's secret").hexdigest()
OTHER = hashlib.sha256(b"someone else").hexdigest()
TTL = ROOM_TTL_S


def made(store, code="ABCDEF", page="forward", lesson="s=1"):
    assert store.create(code, SECRET, page, lesson, NOW, TTL)
    return code


def question(qid="q1", page="forward", step=2, kind="practice"):
    return Question(qid, page, step, kind)


def answer(student, text, at=NOW, nickname=""):
    return Answer(student, nickname, text, at)


# --- rooms and versions ----------------------------------------------------------------
def test_a_made_room_reads_back_with_version_one_and_its_expiry(store):
    code = made(store)
    assert store.room(code, NOW) == Room(code, 1, "forward", "s=1", NOW, NOW + TTL, moved=NOW)
    assert store.version(code, NOW) == 1
    assert store.followers(code, NOW) == 0


def test_a_taken_code_is_refused_and_the_first_room_stays(store):
    code = made(store)
    assert not store.create(code, OTHER, "backward", "x", NOW + 1, TTL)
    room = store.room(code, NOW + 1)
    assert room is not None and (room.page, room.lesson, room.version) == ("forward", "s=1", 1)


def test_an_unknown_code_has_no_room_and_no_version(store):
    assert store.room("ZZZZZZ", NOW) is None
    assert store.version("ZZZZZZ", NOW) is None
    assert store.followers("ZZZZZZ", NOW) == 0
    assert store.answers("ZZZZZZ", "q1", NOW) == ()


def test_each_view_change_bumps_the_version_by_one(store):
    code = made(store)
    assert store.set_view(code, SECRET, "backward", "s=2", NOW + 1) == 2
    assert store.set_view(code, SECRET, "update", "s=3", NOW + 2) == 3
    room = store.room(code, NOW + 3)
    assert (room.page, room.lesson, room.version) == ("update", "s=3", 3)
    assert store.version(code, NOW + 3) == 3


def test_ask_reveal_and_close_each_bump_the_version(store):
    code = made(store)
    assert store.ask(code, SECRET, question(), NOW)
    assert store.room(code, NOW).question == question()
    assert store.version(code, NOW) == 2
    assert store.reveal(code, SECRET, "q1", NOW)
    assert store.room(code, NOW).question == Question("q1", "forward", 2, "practice", True)
    assert store.ask(code, SECRET, question("q2", "backward", 5, "predict"), NOW)
    assert store.room(code, NOW).question == question("q2", "backward", 5, "predict")
    assert store.version(code, NOW) == 4
    assert store.close(code, SECRET, NOW)
    room = store.room(code, NOW)
    assert room.closed and room.version == 5


def test_reveal_of_a_question_that_is_not_open_changes_nothing(store):
    code = made(store)
    assert not store.reveal(code, SECRET, "q1", NOW)  # no question yet
    store.ask(code, SECRET, question("q1"), NOW)
    assert not store.reveal(code, SECRET, "q0", NOW)
    assert store.version(code, NOW) == 2 and not store.room(code, NOW).question.revealed


def test_a_closed_room_says_so_and_takes_no_more_changes(store):
    code = made(store)
    store.join(code, "s1", NOW, 10)
    store.ask(code, SECRET, question(), NOW)
    assert store.close(code, SECRET, NOW)
    assert store.set_view(code, SECRET, "backward", "x", NOW) is None
    assert not store.ask(code, SECRET, question("q2"), NOW)
    assert not store.reveal(code, SECRET, "q1", NOW)
    assert not store.close(code, SECRET, NOW)
    assert not store.join(code, "s2", NOW, 10)
    assert not store.answer(code, "q1", answer("s1", "0.5"), NOW, 3)
    room = store.room(code, NOW)
    assert room.closed and room.version == 3 and room.page == "forward"


# --- a forged request changes nothing -----------------------------------------------------
def forged_hashes(student="student-1"):
    """What a student could send in place of the teacher's secret hash."""
    return ["", hashlib.sha256(b"").hexdigest(), OTHER, hashlib.sha256(student.encode())
            .hexdigest(), student, SECRET[:-1], SECRET.upper(), "' OR '1'='1", "*"]


def test_a_forged_request_moves_nothing_and_the_version_stays(store):
    code = made(store)
    store.ask(code, SECRET, question(), NOW)
    store.join(code, "student-1", NOW, 10)
    before = store.room(code, NOW)
    for forged in forged_hashes():
        assert store.set_view(code, forged, "backward", "evil", NOW) is None, forged
        assert not store.ask(code, forged, question("q9", "graph", 1, "predict"), NOW)
        assert not store.reveal(code, forged, "q1", NOW), forged
        assert not store.close(code, forged, NOW), forged
    assert store.room(code, NOW) == before
    assert store.version(code, NOW) == before.version == 2


def test_the_secret_hash_is_never_in_what_a_follower_reads(store):
    code = made(store)
    room = store.room(code, NOW)
    assert SECRET not in repr(room)
    assert not hasattr(room, "secret_hash")


# --- expiry --------------------------------------------------------------------------------
def test_an_expired_room_is_gone_and_takes_no_changes(store):
    code = made(store)
    later = NOW + TTL
    assert store.room(code, NOW + TTL - 1) is not None
    assert store.room(code, later) is None
    assert store.version(code, later) is None
    assert store.set_view(code, SECRET, "backward", "x", later) is None
    assert not store.ask(code, SECRET, question(), later)
    assert not store.join(code, "s1", later, 10)


def test_purge_deletes_expired_rooms_with_followers_and_answers(store):
    old = made(store, "OLDOLD")
    store.join(old, "s1", NOW, 10)
    store.ask(old, SECRET, question(), NOW)
    assert store.answer(old, "q1", answer("s1", "0.75"), NOW, 3)
    assert store.create("NEWNEW", SECRET, "forward", "", NOW + TTL / 2, TTL)
    assert store.purge(NOW + 1) == 0
    assert store.purge(NOW + TTL) == 1
    assert store.room("NEWNEW", NOW + TTL) is not None
    assert store.answers(old, "q1", NOW) == ()  # gone even for a reader living in the past
    assert store.followers(old, NOW) == 0
    assert store.room(old, NOW) is None
    assert store.purge(NOW + TTL) == 0


def test_an_expired_code_can_be_made_again_without_its_old_answers(store):
    code = made(store)
    store.join(code, "s1", NOW, 10)
    store.ask(code, SECRET, question(), NOW)
    store.answer(code, "q1", answer("s1", "1"), NOW, 3)
    later = NOW + TTL + 5
    assert store.create(code, OTHER, "graph", "", later, TTL)
    room = store.room(code, later)
    assert (room.version, room.page, room.question, room.created) == (1, "graph", None, later)
    assert store.followers(code, later) == 0 and store.answers(code, "q1", later) == ()


# --- followers -----------------------------------------------------------------------------
def test_join_is_idempotent_per_student(store):
    code = made(store)
    for _ in range(3):
        assert store.join(code, "s1", NOW, 10)
    assert store.join(code, "s2", NOW, 10)
    assert store.followers(code, NOW) == 2


def test_a_full_room_turns_new_students_away_but_keeps_those_in(store):
    code = made(store)
    assert store.join(code, "s1", NOW, 2) and store.join(code, "s2", NOW, 2)
    assert not store.join(code, "s3", NOW, 2)
    assert store.join(code, "s1", NOW, 2)  # already in: still in
    assert store.followers(code, NOW) == 2


def test_seats_count_students_seen_lately_and_a_student_once_in_is_let_back(store):
    code = made(store)
    assert store.join(code, "s1", NOW, 2, 90) and store.join(code, "s2", NOW, 2, 90)
    assert not store.join(code, "s3", NOW + 10, 2, 90)  # two seen in the last 90 s
    assert store.followers(code, NOW + 10, 90) == 2
    assert store.join(code, "s1", NOW + 60, 2, 90)  # s1 still there (a heartbeat)
    # s2 has not been seen for 90 s: its seat is free for a new student
    assert store.followers(code, NOW + 95, 90) == 1
    assert store.join(code, "s3", NOW + 95, 2, 90)
    assert not store.join(code, "s4", NOW + 95, 2, 90)
    assert store.join(code, "s2", NOW + 96, 2, 90)  # back (a phone that slept): let in
    assert store.followers(code, NOW + 96, 90) == 3
    # a student who ever joined may still answer, counted seat or not
    store.ask(code, SECRET, question(), NOW + 97)
    assert store.answer(code, "q1", answer("s2", "1", NOW + 300), NOW + 300, 3)
    assert not store.answer(code, "q1", answer("s4", "1", NOW + 300), NOW + 300, 3)


def test_a_rate_limit_counts_in_its_window_and_starts_again_in_the_next(store):
    assert [store.hit("join:s:abc", NOW + k, 60, 3) for k in range(5)] == [
        True, True, True, False, False]
    assert store.hit("join:s:other", NOW + 5, 60, 3)  # its own count
    window_end = (NOW // 60 + 1) * 60
    assert store.hit("join:s:abc", window_end, 60, 3)  # the next window
    assert store.purge(window_end + 120) == 0  # past windows go; no room went


def test_the_owner_of_an_open_room_is_its_secret_hash(store):
    code = made(store)
    assert store.owner(code, NOW) == SECRET
    assert store.owner("ZZZZZZ", NOW) is None
    assert store.owner(code, NOW + TTL) is None  # expired
    store.close(code, SECRET, NOW)
    assert store.owner(code, NOW) is None  # closed: nothing to resume


def test_a_room_remembers_when_the_teacher_last_moved(store):
    code = made(store)
    assert store.room(code, NOW).moved == NOW
    store.join(code, "s1", NOW + 5, 10)  # a student joining is not the teacher moving
    assert store.room(code, NOW + 5).moved == NOW
    store.set_view(code, SECRET, "backward", "", NOW + 10)
    assert store.room(code, NOW + 10).moved == NOW + 10
    store.ask(code, SECRET, question(), NOW + 20)
    assert store.room(code, NOW + 20).moved == NOW + 20
    store.reveal(code, SECRET, "q1", NOW + 30)
    assert store.room(code, NOW + 30).moved == NOW + 30
    store.set_view(code, OTHER, "graph", "", NOW + 40)  # not the teacher: no move
    assert store.room(code, NOW + 40).moved == NOW + 30
    store.close(code, SECRET, NOW + 50)
    assert store.room(code, NOW + 50).moved == NOW + 50


def test_joining_does_not_bump_the_version(store):
    code = made(store)
    store.join(code, "s1", NOW, 10)
    assert store.version(code, NOW) == 1


# --- answers -------------------------------------------------------------------------------
def test_each_students_latest_answer_counts(store):
    code = made(store)
    store.join(code, "s1", NOW, 10)
    store.join(code, "s2", NOW, 10)
    store.ask(code, SECRET, question(), NOW)
    assert store.answer(code, "q1", answer("s1", "0.5", NOW + 1), NOW + 1, 3)
    assert store.answer(code, "q1", answer("s2", "0.7", NOW + 2, "Li"), NOW + 2, 3)
    assert store.answer(code, "q1", answer("s1", "0.6", NOW + 3, "Ann"), NOW + 3, 3)
    assert store.answers(code, "q1", NOW + 4) == (answer("s2", "0.7", NOW + 2, "Li"),
                                                  answer("s1", "0.6", NOW + 3, "Ann"))
    assert store.version(code, NOW + 4) == 2  # answers do not make the class rerun


def test_answers_past_the_limit_are_refused_and_the_last_one_kept(store):
    code = made(store)
    store.join(code, "s1", NOW, 10)
    store.ask(code, SECRET, question(), NOW)
    for k in range(3):
        assert store.answer(code, "q1", answer("s1", str(k), NOW + k), NOW + k, 3)
    assert not store.answer(code, "q1", answer("s1", "9", NOW + 9), NOW + 9, 3)
    assert store.answers(code, "q1", NOW + 9) == (answer("s1", "2", NOW + 2),)


def test_an_answer_needs_a_joined_student_and_the_open_unrevealed_question(store):
    code = made(store)
    store.join(code, "s1", NOW, 10)
    assert not store.answer(code, "q1", answer("s1", "1"), NOW, 3)  # nothing asked yet
    store.ask(code, SECRET, question("q1"), NOW)
    assert not store.answer(code, "q1", answer("stranger", "1"), NOW, 3)
    assert not store.answer(code, "q0", answer("s1", "1"), NOW, 3)
    assert not store.answer("ZZZZZZ", "q1", answer("s1", "1"), NOW, 3)
    store.reveal(code, SECRET, "q1", NOW)
    assert not store.answer(code, "q1", answer("s1", "1"), NOW, 3)
    assert store.answers(code, "q1", NOW) == ()


def test_answers_are_kept_per_question(store):
    code = made(store)
    store.join(code, "s1", NOW, 10)
    store.ask(code, SECRET, question("q1"), NOW)
    store.answer(code, "q1", answer("s1", "a"), NOW, 1)
    store.ask(code, SECRET, question("q2"), NOW)
    assert store.answer(code, "q2", answer("s1", "b"), NOW, 1)  # a fresh count
    assert [a.text for a in store.answers(code, "q1", NOW)] == ["a"]
    assert [a.text for a in store.answers(code, "q2", NOW)] == ["b"]


def test_text_is_stored_exactly_as_given(store):
    code = made(store, lesson="a=1&b=%20<x>")
    store.join(code, "s1", NOW, 10)
    store.ask(code, SECRET, question(), NOW)
    text, name = "<b>0.5</b> '; DROP TABLE rooms; -- 学习率", "{\"n\": 1} 小明"
    assert store.answer(code, "q1", answer("s1", text, nickname=name), NOW, 3)
    assert store.answers(code, "q1", NOW) == (answer("s1", text, nickname=name),)
    assert store.room(code, NOW).lesson == "a=1&b=%20<x>"


# --- at once ----------------------------------------------------------------------------------
def at_once(work: Callable[[int], None], threads: int = 4) -> None:
    """Run work(0) … work(threads - 1) in threads started together; re-raise any failure."""
    errors: list[BaseException] = []
    barrier = threading.Barrier(threads)

    def run(k: int) -> None:
        barrier.wait(30)
        try:
            work(k)
        except BaseException as error:  # reported below, in the test's thread
            errors.append(error)

    pool = [threading.Thread(target=run, args=(k,)) for k in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join(60)
    assert errors == []


def test_threads_sharing_one_store_lose_no_version(store):
    code = made(store)
    seen: list[int] = []

    def bump(k: int) -> None:
        for step in range(100):
            seen.append(store.set_view(code, SECRET, "forward", f"{k}.{step}", NOW))
            store.version(code, NOW)

    at_once(bump)
    assert sorted(seen) == list(range(2, 402)) and store.version(code, NOW) == 401


def test_students_joining_at_once_never_overfill_the_room(store):
    code = made(store)
    let_in: list[bool] = []
    at_once(lambda k: let_in.extend(store.join(code, f"s{k}.{n}", NOW, 25) for n in range(20)))
    assert let_in.count(True) == 25 and store.followers(code, NOW) == 25


def test_answers_sent_at_once_stop_at_the_limit(store):
    code = made(store)
    store.join(code, "s1", NOW, 10)
    store.ask(code, SECRET, question(), NOW)
    taken: list[bool] = []
    at_once(lambda k: taken.extend(store.answer(code, "q1", answer("s1", f"{k}.{n}"), NOW, 3)
                                   for n in range(5)))
    assert taken.count(True) == 3 and len(store.answers(code, "q1", NOW)) == 1
