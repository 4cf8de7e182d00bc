"""The rules of a live room (tutor.live.room) on both stores: random codes, a secret only the
teacher holds, every limit, and the refusals a class sees."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from pathlib import Path

import pytest

from bpcore.errors import CodedError
from tutor.i18n import LANGUAGES, STRINGS, t
from tutor.live import room as live
from tutor.live.model import (
    ACTIVE_S,
    CODE_ALPHABET,
    CODE_LENGTH,
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
)
from tutor.live.room import Teacher

from .conftest import NOW


def refused(code, call, *args, **params):
    with pytest.raises(CodedError) as caught:
        call(*args)
    assert (caught.value.field, caught.value.code) == ("live", code)
    for key, value in params.items():
        assert caught.value.params[key] == value
    return caught.value


@pytest.fixture
def teacher(store):
    return live.start(store, "forward", "s=1", 0, NOW)


# --- codes and secrets -----------------------------------------------------------------
def test_codes_are_drawn_from_the_alphabet_at_their_length_and_do_not_repeat():
    codes = [live.new_code() for _ in range(2000)]
    assert all(len(c) == CODE_LENGTH and set(c) <= set(CODE_ALPHABET) for c in codes)
    assert len(set(codes)) == len(codes)
    letters = Counter("".join(codes))  # every character turns up, none dominates
    assert set(letters) == set(CODE_ALPHABET)
    assert max(letters.values()) < 3 * min(letters.values())
    # no sequence: consecutive codes are not neighbours in any order
    ranks = [int("".join(str(CODE_ALPHABET.index(ch)).zfill(2) for ch in c)) for c in codes]
    steps = {b - a for a, b in zip(ranks, ranks[1:], strict=False)}
    assert len(steps) > 1900


def test_a_started_room_has_a_fresh_code_and_a_128_bit_secret(store):
    teachers = [live.start(store, "forward", "", 0, NOW) for _ in range(20)]
    assert len({m.code for m in teachers}) == 20 and len({m.secret for m in teachers}) == 20
    for made in teachers:
        assert re.fullmatch(f"[0-9a-f]{{{2 * SECRET_BYTES}}}", made.secret)
        assert store.room(made.code, NOW).version == 1


def test_the_secret_is_in_neither_the_room_nor_the_teachers_repr(store, teacher):
    room = store.room(teacher.code, NOW)
    for text in (repr(room), str(room), repr(teacher), str(teacher), repr(store)):
        assert teacher.secret not in text
        assert live.secret_hash(teacher.secret) not in text
    assert teacher.code in repr(teacher)
    assert live.secret_hash(teacher.secret) == hashlib.sha256(
        teacher.secret.encode()).hexdigest()


def test_a_taken_code_is_drawn_again(store, monkeypatch):
    taken = live.start(store, "forward", "", 0, NOW).code
    draws = iter([taken, taken, "NEWONE"])
    monkeypatch.setattr(live, "new_code", lambda: next(draws))
    assert live.start(store, "forward", "", 0, NOW).code == "NEWONE"


def test_when_no_code_is_free_the_start_is_refused(store, monkeypatch):
    taken = live.start(store, "forward", "", 0, NOW).code
    monkeypatch.setattr(live, "new_code", lambda: taken)
    refused("busy", live.start, store, "forward", "", 0, NOW)


@pytest.mark.parametrize("typed", ["abcdef", " ABC DEF ", "abc-def", "ＡＢＣ－ＤＥＦ",
                                   "A\tB C-D E F"])
def test_a_typed_code_is_read_in_any_case_with_spaces_and_dashes(typed):
    assert live.normal_code(typed) == "ABCDEF"


def test_a_code_is_shown_in_two_halves_that_join_reads_back():
    assert live.shown_code("ABCDEF") == "ABC-DEF"
    assert live.normal_code(live.shown_code("ABCDEF")) == "ABCDEF"


def test_student_ids_are_96_random_bits_and_not_names():
    ids = {live.new_student_id() for _ in range(200)}
    assert len(ids) == 200 and all(re.fullmatch("[0-9a-f]{24}", i) for i in ids)
    assert all(live.valid_student_id(i) for i in ids)


@pytest.mark.parametrize("text", ["", "s1", "0" * 23, "0" * 25, "A" * 24, "g" * 24,
                                  "0" * 23 + "\n", " " + "0" * 23, "0" * 100_000, None, 5,
                                  ["0" * 24]])
def test_a_student_id_from_a_url_is_refused_unless_it_has_the_apps_form(text):
    assert not live.valid_student_id(text)


# --- the teacher drives, nobody else ---------------------------------------------------------
def test_show_stores_a_changed_view_and_keeps_an_unchanged_one(store, teacher):
    assert live.show(store, teacher, "forward", "s=1", NOW) == 1
    assert live.show(store, teacher, "backward", "s=1", NOW) == 2
    assert live.show(store, teacher, "backward", "s=1", NOW) == 2
    assert live.show(store, teacher, "backward", "s=2", NOW) == 3
    room = store.room(teacher.code, NOW)
    assert (room.page, room.lesson) == ("backward", "s=2")


@pytest.mark.parametrize("secret", ["", "student-7", "0" * 32, "forged"])
def test_a_forged_teacher_is_refused_and_the_room_does_not_move(store, teacher, secret):
    live.ask(store, teacher, "forward", 1, "practice", NOW)
    before = store.room(teacher.code, NOW)
    forger = Teacher(teacher.code, secret)
    refused("forbidden", live.show, store, forger, "graph", "evil", NOW)
    refused("forbidden", live.ask, store, forger, "graph", 3, "predict", NOW)
    refused("forbidden", live.reveal, store, forger, before.question.id, NOW)
    refused("forbidden", live.close, store, forger, NOW)
    assert store.room(teacher.code, NOW) == before


def test_ask_opens_a_question_with_a_fresh_id_and_reveal_shows_it(store, teacher):
    first = live.ask(store, teacher, "forward", 3, "practice", NOW)
    second = live.ask(store, teacher, "backward", 4, "predict", NOW)
    assert first.id != second.id and len(second.id) >= 16
    assert store.room(teacher.code, NOW).question == second
    refused("not_open", live.reveal, store, teacher, first.id, NOW)
    live.reveal(store, teacher, second.id, NOW)
    live.reveal(store, teacher, second.id, NOW)  # twice: no harm
    assert store.room(teacher.code, NOW).question.revealed


def test_a_view_past_its_size_is_refused_and_the_room_keeps_its_view(store, teacher):
    lesson = "x" * (MAX_VIEW_CHARS - len("forward"))
    assert live.show(store, teacher, "forward", lesson, NOW) == 2  # exactly at the limit
    refused("view_too_long", live.show, store, teacher, "forward", lesson + "x", NOW,
            limit=MAX_VIEW_CHARS)
    refused("view_too_long", live.start, store, "forward", lesson + "x", 0, NOW)
    assert store.room(teacher.code, NOW).lesson == lesson


def test_a_question_is_practice_or_predict(store, teacher):
    with pytest.raises(ValueError):
        live.ask(store, teacher, "forward", 1, "essay", NOW)


def test_a_session_makes_at_most_its_rooms(store):
    for made in range(MAX_ROOMS_PER_SESSION):
        live.start(store, "forward", "", made, NOW)
    refused("rooms", live.start, store, "forward", "", MAX_ROOMS_PER_SESSION, NOW,
            limit=MAX_ROOMS_PER_SESSION)


def test_starting_purges_expired_rooms(store):
    old = live.start(store, "forward", "", 0, NOW)
    live.start(store, "forward", "", 0, NOW + ROOM_TTL_S)
    assert store.room(old.code, NOW) is None  # deleted, not just hidden


# --- students -------------------------------------------------------------------------
def test_a_student_joins_by_a_typed_code(store, teacher):
    typed = f" {teacher.code[:3].lower()}-{teacher.code[3:]} "
    room = live.join(store, typed, "s1", NOW)
    assert room.code == teacher.code and room.version == 1
    live.join(store, teacher.code, "s1", NOW)
    assert store.followers(teacher.code, NOW) == 1


@pytest.mark.parametrize("typed", ["", "ABC", "ABCDEFG", "ABCDE0", "ABCDE!"])
def test_a_code_that_cannot_be_a_room_is_gone(store, typed):
    refused("gone", live.join, store, typed, "s1", NOW)


def test_a_closed_room_says_closed_and_an_expired_one_gone(store, teacher):
    live.join(store, teacher.code, "s1", NOW)
    live.close(store, teacher, NOW)
    refused("closed", live.join, store, teacher.code, "s2", NOW)
    refused("closed", live.show, store, teacher, "graph", "", NOW)
    refused("closed", live.close, store, teacher, NOW)
    later = NOW + ROOM_TTL_S
    refused("gone", live.join, store, teacher.code, "s1", later)
    refused("gone", live.show, store, teacher, "graph", "", later)
    refused("gone", live.ask, store, teacher, "graph", 1, "practice", later)


def test_a_full_room_turns_the_next_student_away(store, teacher):
    for k in range(MAX_STUDENTS):
        store.join(teacher.code, f"s{k}", NOW, MAX_STUDENTS)
    refused("full", live.join, store, teacher.code, "late", NOW, limit=MAX_STUDENTS)
    assert live.join(store, teacher.code, "s0", NOW).code == teacher.code  # already in
    assert store.followers(teacher.code, NOW) == MAX_STUDENTS


def test_answers_are_latest_per_student_up_to_the_limit(store, teacher):
    question = live.ask(store, teacher, "forward", 2, "practice", NOW)
    live.join(store, teacher.code, "s1", NOW)
    live.join(store, teacher.code, "s2", NOW)
    for k in range(MAX_ANSWERS_PER_QUESTION):
        live.submit(store, teacher.code, "s1", question.id, f"0.{k}", "", NOW + k)
    refused("limit", live.submit, store, teacher.code, "s1", question.id, "9", "", NOW + 9,
            limit=MAX_ANSWERS_PER_QUESTION)
    live.submit(store, teacher.code.lower(), "s2", question.id, " 0.75 ", "Mei", NOW + 5)
    answers = live.tally(store, teacher.code, question.id, NOW + 10)
    assert [(a.student, a.text, a.nickname) for a in answers] == [
        ("s1", f"0.{MAX_ANSWERS_PER_QUESTION - 1}", ""), ("s2", "0.75", "Mei")]


def test_answer_and_nickname_sizes_are_limited(store, teacher):
    question = live.ask(store, teacher, "forward", 2, "practice", NOW)
    live.join(store, teacher.code, "s1", NOW)
    refused("too_long", live.submit, store, teacher.code, "s1", question.id,
            "9" * (MAX_ANSWER_CHARS + 1), "", NOW, limit=MAX_ANSWER_CHARS)
    refused("nickname_too_long", live.submit, store, teacher.code, "s1", question.id, "1",
            "n" * (MAX_NICKNAME_CHARS + 1), NOW, limit=MAX_NICKNAME_CHARS)
    refused("empty", live.submit, store, teacher.code, "s1", question.id, " \n\t ", "", NOW)
    assert live.tally(store, teacher.code, question.id, NOW) == ()
    live.submit(store, teacher.code, "s1", question.id, "9" * MAX_ANSWER_CHARS,
                "n" * MAX_NICKNAME_CHARS, NOW)  # exactly at the limits: kept
    assert len(live.tally(store, teacher.code, question.id, NOW)) == 1


def test_student_text_is_kept_as_typed_without_control_characters(store, teacher):
    question = live.ask(store, teacher, "forward", 2, "practice", NOW)
    live.join(store, teacher.code, "s1", NOW)
    live.submit(store, teacher.code, "s1", question.id, "<b>0.5</b>\x00\x1b[31m",
                "小明\u202e\u0007**x**", NOW)
    [answer] = live.tally(store, teacher.code, question.id, NOW)
    assert (answer.text, answer.nickname) == ("<b>0.5</b>[31m", "小明**x**")


def test_an_answer_to_a_question_not_open_or_from_a_stranger_is_refused(store, teacher):
    live.join(store, teacher.code, "s1", NOW)
    refused("not_open", live.submit, store, teacher.code, "s1", "q-none", "1", "", NOW)
    question = live.ask(store, teacher, "forward", 2, "practice", NOW)
    refused("not_joined", live.submit, store, teacher.code, "stranger", question.id, "1", "",
            NOW)
    live.reveal(store, teacher, question.id, NOW)
    refused("not_open", live.submit, store, teacher.code, "s1", question.id, "1", "", NOW)
    live.close(store, teacher, NOW)
    refused("closed", live.submit, store, teacher.code, "s1", question.id, "1", "", NOW)
    refused("gone", live.submit, store, teacher.code, "s1", question.id, "1", "",
            NOW + ROOM_TTL_S)


# --- open_store --------------------------------------------------------------------------
def test_open_store_is_sqlite_in_the_data_dir_and_cached(monkeypatch, tmp_path):
    from tutor.live.store_sqlite import SqliteRoomStore

    monkeypatch.delenv(live.REDIS_ENV, raising=False)
    monkeypatch.setenv(live.DATA_ENV, str(tmp_path / "data"))
    store = live.open_store()
    assert isinstance(store, SqliteRoomStore)
    assert store.path == tmp_path / "data" / live.SQLITE_FILE and store.path.exists()
    assert live.open_store() is store
    monkeypatch.setenv(live.DATA_ENV, str(tmp_path / "other"))
    assert live.open_store() is not store


def test_open_store_is_redis_when_its_url_is_set(monkeypatch, redis_url):
    from tutor.live.store_redis import RedisRoomStore

    monkeypatch.setenv(live.REDIS_ENV, redis_url)
    store = live.open_store()
    assert isinstance(store, RedisRoomStore) and live.open_store() is store
    teacher = live.start(store, "forward", "", 0, NOW)
    assert store.room(teacher.code, NOW).page == "forward"
    store.client.flushdb()


# --- refusals said in both languages -----------------------------------------------------
@pytest.mark.parametrize("code", live.REFUSALS)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_refusal_has_its_own_sentence_in_both_languages(code, lang):
    from tutor.ui.reasons import reason

    text = reason(CodedError("live", code, limit=200, seconds=200), lang)
    assert text == t(f"reason.live.{code}", lang, limit="200", seconds="200")  # its own key
    assert "{" not in text
    if "{limit}" in STRINGS[f"reason.live.{code}"][lang] or "{seconds}" in STRINGS[
            f"reason.live.{code}"][lang]:
        assert "200" in text


def test_every_refusal_the_rules_raise_is_listed():
    source = "".join(path.read_text(encoding="utf-8")
                     for path in Path(live.__file__).parent.glob("*.py"))
    raised = set(re.findall(r'CodedError\("live", "(\w+)"', source))
    assert raised == set(live.REFUSALS)


# --- a store that cannot be reached ----------------------------------------------------------
def test_an_unwritable_data_folder_is_refused_as_unavailable(monkeypatch, tmp_path):
    (tmp_path / "file").write_text("not a folder")
    monkeypatch.delenv(live.REDIS_ENV, raising=False)
    monkeypatch.setenv(live.DATA_ENV, str(tmp_path / "file" / "live"))
    refused("unavailable", live.open_store)


def test_a_redis_that_is_down_is_refused_as_unavailable(monkeypatch):
    from .conftest import _free_port

    monkeypatch.setenv(live.REDIS_ENV, f"redis://127.0.0.1:{_free_port()}/0")
    store = live.open_store()
    refused("unavailable", store.version, "ABCDEF", NOW)
    refused("unavailable", live.start, store, "forward", "", 0, NOW)
    monkeypatch.setenv(live.REDIS_ENV, "http://not-redis")
    refused("unavailable", live.open_store)


# --- a class cannot be taken over or worn down ------------------------------------------------
SCRIPT_ADDRESS, SCHOOL_ADDRESS = "203.0.113.7", "198.51.100.9"
START = (NOW // RATE_WINDOW_S) * RATE_WINDOW_S  # the start of a rate-limit window


def ids(n, prefix):
    return [f"{prefix}{k:0{24 - len(prefix)}d}" for k in range(n)]


def test_a_reload_is_the_same_student_counted_once_and_answering_in_place(store, teacher):
    me = live.new_student_id()
    question = live.ask(store, teacher, "forward", 2, "practice", NOW)
    for k in range(5):  # five reloads: five sessions, one id (the URL's ?me=)
        live.join(store, teacher.code, me, NOW + k, live.Caller(f"session{k}"))
    assert live.seats(store, teacher.code, NOW + 5) == 1
    live.submit(store, teacher.code, me, question.id, "0.1", "", NOW + 6)
    live.submit(store, teacher.code, me, question.id, "0.2", "", NOW + 7)
    assert [a.text for a in live.tally(store, teacher.code, question.id, NOW + 8)] == ["0.2"]


def test_a_script_opening_200_sessions_from_one_address_does_not_lock_the_class_out(
        store, teacher):
    per_session, per_address = RATES["join"]
    let_in = slowed = 0
    for k, fake in enumerate(ids(200, "f")):  # 200 tabs: 200 sessions, 200 ids, one address
        try:
            live.join(store, teacher.code, fake, START + k / 10,
                      live.Caller(f"tab{k}", SCRIPT_ADDRESS))
            let_in += 1
        except CodedError as err:
            assert err.code == "slow_down" and 1 <= err.params["seconds"] <= RATE_WINDOW_S
            slowed += 1
    assert (let_in, slowed) == (per_address, 200 - per_address)
    # students on other addresses join as ever, in the same minute
    for k, real in enumerate(ids(30, "r")):
        live.join(store, teacher.code, real, START + 30, live.Caller(f"pupil{k}", SCHOOL_ADDRESS))
    assert live.seats(store, teacher.code, START + 30) == per_address + 30
    # tabs opened and left stop taking seats; the real class keeps its heartbeat
    later = START + 30 + ACTIVE_S
    for real in ids(30, "r"):
        live.heartbeat(store, teacher.code, real, later)
    assert live.seats(store, teacher.code, later + 1) == 30


def test_a_full_room_still_lets_its_own_students_back_in(store, teacher):
    fakes = ids(MAX_STUDENTS, "f")
    student = live.new_student_id()
    live.join(store, teacher.code, student, NOW)
    for fake in fakes:  # the room fills up while the student's phone sleeps
        live.join(store, teacher.code, fake, NOW + ACTIVE_S)
    refused("full", live.join, store, teacher.code, "late" + "0" * 20, NOW + ACTIVE_S + 1,
            limit=MAX_STUDENTS)
    assert live.join(store, teacher.code, student, NOW + ACTIVE_S + 2).code == teacher.code
    # the fakes stop counting once they stop showing up: a new student finds a seat
    assert live.join(store, teacher.code, "new" + "0" * 21, NOW + 2 * ACTIVE_S + 1)


def test_joins_and_answers_are_limited_per_session(store, teacher):
    per_session, _ = RATES["join"]
    me, caller = live.new_student_id(), live.Caller("one-session", SCHOOL_ADDRESS)
    for k in range(per_session):
        live.join(store, teacher.code, me, START + k, caller)
    refused("slow_down", live.join, store, teacher.code, me, START + per_session, caller)
    refused("slow_down", live.join, store, "WRONG1", me, START + per_session, caller)
    assert live.join(store, teacher.code, me, START + RATE_WINDOW_S, caller)  # next minute
    per_session, _ = RATES["answer"]
    question = live.ask(store, teacher, "forward", 2, "practice", START)
    other = live.Caller("answer-session", SCHOOL_ADDRESS)
    made = 0
    with pytest.raises(CodedError) as caught:
        for k in range(per_session + 1):
            try:
                live.submit(store, teacher.code, me, question.id, "0.5", "", START + k / 100,
                            other)
            except CodedError as err:
                if err.code == "limit":  # three answers per question: counted all the same
                    made += 1
                    continue
                raise
            made += 1
    assert caught.value.code == "slow_down" and made == per_session


def test_guessing_codes_is_slowed_like_any_join(store):
    per_session, per_address = RATES["join"]
    me = live.new_student_id()
    tried = 0
    with pytest.raises(CodedError) as caught:
        for k in range(per_address + 1):
            tried += 1
            try:
                live.join(store, live.new_code(), me, START, live.Caller(f"s{k}", SCRIPT_ADDRESS))
            except CodedError as err:
                if err.code != "gone":
                    raise
    assert caught.value.code == "slow_down" and tried == per_address + 1


# --- the teacher takes the class back ---------------------------------------------------------
def test_a_teacher_resumes_with_the_key_and_drives_and_closes_the_class(store, teacher):
    live.join(store, teacher.code, "s1", NOW)
    back = live.resume(store, live.shown_code(teacher.code).lower(), f" {teacher.secret.upper()} ",
                       NOW + 1, live.Caller("new-device"))
    assert back == teacher and back.secret == teacher.secret
    assert live.show(store, back, "backward", "s=2", NOW + 2) == 2
    live.close(store, back, NOW + 3)
    refused("closed", live.resume, store, teacher.code, teacher.secret, NOW + 4,
            live.Caller("again"))


@pytest.mark.parametrize("key", ["", "0" * 32, "f" * 31, "x" * 32, "0" * 33, "0" * 100_000,
                                 "'; DROP TABLE rooms; --"])
def test_a_wrong_key_is_refused_and_changes_nothing(store, teacher, key):
    refused("wrong_key", live.resume, store, teacher.code, key, NOW, live.Caller("guess"))
    assert store.room(teacher.code, NOW).version == 1


def test_keys_tried_are_rate_limited_even_the_right_one(store, teacher):
    per_session, per_address = RATES["resume"]
    guesser = live.Caller("guesser", SCRIPT_ADDRESS)
    for k in range(per_session):
        refused("wrong_key", live.resume, store, teacher.code, f"{k:032x}", START, guesser)
    refused("slow_down", live.resume, store, teacher.code, teacher.secret, START, guesser)
    # new sessions, the same address (the refused sixth try counted at the address too)
    for k in range(per_address - per_session - 1):
        refused("wrong_key", live.resume, store, teacher.code, f"{k:032x}", START,
                live.Caller(f"guesser{k}", SCRIPT_ADDRESS))
    refused("slow_down", live.resume, store, teacher.code, teacher.secret, START,
            live.Caller("fresh", SCRIPT_ADDRESS))
    # the teacher elsewhere is not slowed by the guesses
    assert live.resume(store, teacher.code, teacher.secret, START, live.Caller("teacher"))


def test_resuming_a_room_that_is_not_there_says_so(store, teacher):
    refused("gone", live.resume, store, "ZZZ-ZZZ", teacher.secret, NOW, None)
    refused("gone", live.resume, store, "A" * 10_000, teacher.secret, NOW, None)
    refused("gone", live.resume, store, teacher.code, teacher.secret, NOW + ROOM_TTL_S, None)


def test_the_rules_compare_keys_in_constant_time():
    source = Path(live.__file__).read_text(encoding="utf-8")
    body = source[source.index("def resume("):source.index("# --- the students")]
    assert "hmac.compare_digest(" in body and "==" not in body
