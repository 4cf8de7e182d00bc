"""A class cannot be taken over or worn down, and the teacher can always get it back (AppTest,
each session its own AppTest of the whole app, one SQLite store per test): a reload is the
same student, a new session resumes the class with the teacher's key, a wrong key is refused
and slowed, each answer is graded once, followers hear when the teacher has gone quiet."""

from __future__ import annotations

import time

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.apptest import APP, open_page
from tests.live.test_classroom import (  # noqa: F401  (_own_store: the autouse store)
    _own_store,
    answer,
    ask,
    code_of,
    join,
    step_shown,
    texts,
)
from tests.live.test_classroom import start_class as started
from tutor import session
from tutor.i18n import LANGUAGES, t
from tutor.live import answers as live_answers
from tutor.live import room as rules
from tutor.live import state as live_state
from tutor.live import ui
from tutor.live.model import QUIET_S, RATES
from tutor.stepping import state as stepping_state


def reopened(student: AppTest) -> AppTest:
    """The student's tab reloaded: a new session at the same URL."""
    again = AppTest.from_file(APP, default_timeout=60)
    for name, value in student.query_params.items():
        again.query_params[name] = value[0] if isinstance(value, list) else value
    again.run()
    assert not again.exception
    return again


def param(at: AppTest, name: str) -> str | None:
    value = at.query_params.get(name)
    return value[0] if isinstance(value, list) else value


def seats(code: str) -> int:
    return rules.seats(rules.open_store(), code, time.time())


def test_a_reloaded_student_is_the_same_student_counted_once_answering_in_place():
    teacher = started()
    code = code_of(teacher)
    student = join(code)
    me = param(student, live_state.ME_PARAM)
    assert rules.valid_student_id(me) and me == student.session_state[live_state.LIVE_STUDENT]
    assert param(student, live_state.JOIN_PARAM) == code
    question = ask(teacher)
    answer(student, question, "0.1")
    for _ in range(3):
        student = reopened(student)
        assert student.session_state[live_state.LIVE_STUDENT] == me
        assert student.session_state[live_state.LIVE_FOLLOWING]
    assert seats(code) == 1
    answer(student, question, "0.2")
    tally = rules.tally(rules.open_store(), code, question, time.time())
    assert [(a.student, a.text) for a in tally] == [(me, "0.2")]
    teacher.run()
    assert teacher.metric[0].value == t("live.answered", "en", n=1, of=1)


@pytest.mark.parametrize("forged", ["x" * 10_000, "0" * 23, "<script>", "A" * 24])
def test_a_me_that_is_not_an_id_of_the_apps_form_gets_a_fresh_id(forged: str):
    teacher = started()
    student = AppTest.from_file(APP, default_timeout=60)
    student.query_params[live_state.JOIN_PARAM] = code_of(teacher)
    student.query_params[live_state.ME_PARAM] = forged
    student.run()
    assert not student.exception
    me = student.session_state[live_state.LIVE_STUDENT]
    assert me != forged and rules.valid_student_id(me) and param(student, live_state.ME_PARAM) == me


def resume(at: AppTest, code: str, key: str) -> None:
    at.sidebar.text_input(key=live_state.LIVE_RESUME_CODE).input(code)
    at.sidebar.text_input(key=live_state.LIVE_RESUME_KEY).input(key)
    at.sidebar.button(key="live.resume").click().run()
    assert not at.exception


def leads(at: AppTest) -> bool:
    """Whether the session holds a class (a Teacher in its state)."""
    return live_state.LIVE_TEACHER in at.session_state and at.session_state[
        live_state.LIVE_TEACHER] is not None


def kept_key(teacher: AppTest) -> str:
    """The key as the teacher copies it from the sidebar's "keep this key" block."""
    [keeper] = [e for e in teacher.sidebar.expander if e.label == t("live.key_heading", "en")]
    [key] = [c.value for c in keeper.code]
    return key


def test_a_new_session_resumes_the_class_with_the_key_drives_it_and_closes_it():
    teacher = started()
    code, key = code_of(teacher), kept_key(teacher)
    student = join(code)
    teacher.button(key="step.forward.next").click().run()
    version = rules.open_store().room(code, time.time()).version
    laptop = open_page("overview")  # the teacher's tab reloaded, or another device
    resume(laptop, rules.shown_code(code), key)
    # the resumed session goes where the class is; the class is not pulled anywhere
    assert laptop.session_state[session.PAGE_NOW] == "forward"
    assert laptop.session_state[stepping_state.STEP_FORWARD] == 1
    assert rules.open_store().room(code, time.time()).version == version
    # (a browser's address is now /forward; AppTest runs its own page unless told)
    laptop.switch_page("app_pages/forward.py").run()
    assert rules.open_store().room(code, time.time()).version == version
    assert laptop.session_state[live_state.LIVE_TEACHER] == rules.Teacher(code, key)
    assert not any(key in str(v) for v in laptop.query_params.values())  # never in a URL
    assert not [e for e in laptop.sidebar.expander  # the key is not shown again
                if e.label == t("live.key_heading", "en")]
    laptop.button(key="step.forward.next").click().run()
    student.run()
    assert step_shown(student).startswith("**Step 3 of 11**")
    laptop.switch_page("app_pages/backward.py").run()
    student.run()
    assert student.session_state[session.PAGE_NOW] == "backward"
    laptop.sidebar.button(key="live.end").click().run()
    student.run()
    assert t("live.closed", "en", code=rules.shown_code(code)) in [w.value for w in
                                                                  student.warning]


def test_a_wrong_key_is_refused_and_guessing_is_slowed():
    teacher = started()
    code = code_of(teacher)
    guesser = open_page("forward")
    per_session, _ = RATES["resume"]
    for k in range(per_session):
        resume(guesser, code, f"{k:032x}")
        assert not leads(guesser)
        assert any(t("reason.live.wrong_key", "en") in e.value for e in guesser.error)
    resume(guesser, code, kept_key(teacher))  # even the right key, once slowed
    assert not leads(guesser)
    slowed = t("reason.live.slow_down", "en", seconds=999).split("999")[0]
    assert any(slowed in e.value for e in guesser.error)
    teacher.button(key="step.forward.next").click().run()  # the teacher still leads
    assert rules.open_store().room(code, time.time()).version == 2


def test_the_tally_grades_each_answer_once(monkeypatch: pytest.MonkeyPatch):
    graded: list[str] = []
    real = live_answers.grade

    def counting(trace, step, kind, text, decimals):
        graded.append(text)
        return real(trace, step, kind, text, decimals)

    monkeypatch.setattr(live_answers, "grade", counting)
    live_answers.GRADES.clear()  # another test may have graded the same texts
    teacher = started()
    teacher.button(key="step.forward.next").click().run()
    students = [join(code_of(teacher)) for _ in range(2)]
    question = ask(teacher)
    answer(students[0], question, "0.5", nickname='=HYPERLINK("a","b")')
    answer(students[1], question, "-0.25")
    for _ in range(3):  # three tallies: every 1.5 s in a real class
        teacher.run()
    assert sorted(graded) == ["-0.25", "0.5"]
    answer(students[0], question, "0.6", nickname='=HYPERLINK("a","b")')  # again
    teacher.run()
    teacher.run()
    assert sorted(graded) == ["-0.25", "0.5", "0.6"]
    table = teacher.dataframe[0].value
    assert list(table[t("live.col.nickname", "en")]) == [
        t("live.anonymous", "en"), "'=HYPERLINK(\"a\",\"b\")"]  # never a formula
    assert list(table[t("live.col.answer", "en")]) == ["-0.25", "0.6"]  # numbers stay


def test_followers_hear_when_the_teacher_has_gone_quiet():
    teacher = started()
    student = join(code_of(teacher))
    quiet = t("live.quiet", "en", minutes=int(QUIET_S // 60))
    assert quiet not in [i.value for i in student.info]
    student.session_state[live_state.LIVE_MOVED] = time.time() - QUIET_S - 1  # ten minutes on
    student.run()
    assert quiet in [i.value for i in student.info]
    teacher.button(key="step.forward.next").click().run()  # the teacher moves again
    student.run()
    assert quiet not in [i.value for i in student.info]
    assert t("live.quiet", "zh", minutes=10) != quiet and "10" in t("live.quiet", "zh",
                                                                       minutes=10)


# --- the join screen's address ----------------------------------------------------------------
@pytest.mark.parametrize("link", ["http://127.0.0.1:8501/?join=ABCDEF&lang=en",
                                  "http://localhost:8501/?join=ABCDEF&lang=en",
                                  "http://[::1]:8501/?join=ABCDEF&lang=en",
                                  "http://127.1.2.3/?join=ABCDEF&lang=en"])
@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_loopback_join_link_is_warned_about_with_the_lan_address(link: str, lang: str):
    said = ui.loopback_warning(link, lang, lambda: "192.168.1.20")
    assert said is not None and "192.168.1.20" in said and "?join=ABCDEF&lang=en" in said
    port = ":8501" if ":8501" in link else ""
    assert f"http://192.168.1.20{port}/?join=ABCDEF&lang=en" in said
    unknown = ui.loopback_warning(link, lang, lambda: None)
    assert unknown is not None and "ip" in unknown and "192.168" not in unknown


@pytest.mark.parametrize("link", ["http://192.168.1.20:8501/?join=ABCDEF",
                                  "https://tutor.example.org/?join=ABCDEF", "/?join=ABCDEF"])
def test_a_join_link_others_can_open_is_not_warned_about(link: str):
    assert ui.loopback_warning(link, "en", lambda: "192.168.1.20") is None


def test_the_lan_address_is_never_loopback():
    found = ui.lan_address()  # None on a machine with no network at all
    assert found is None or not ui.is_loopback(found)
    assert ui.is_loopback("127.0.0.1") and ui.is_loopback("::1") and ui.is_loopback("LOCALHOST")
    assert not ui.is_loopback("10.0.0.5") and not ui.is_loopback("example.org")


def test_a_student_following_or_exploring_keeps_their_seat_by_a_heartbeat():
    teacher = started()
    code = code_of(teacher)
    student = join(code)
    store = rules.open_store()

    def away() -> None:  # as if the student had not been seen for ten minutes
        with store._connection() as db:
            db.execute("UPDATE followers SET seen = seen - 600")
        student.session_state[live_state.LIVE_BEAT] = time.time() - 600

    away()
    assert seats(code) == 0
    student.run()  # the watch's tick: the heartbeat is due
    assert seats(code) == 1
    student.button(key="live.explore").click().run()
    away()
    student.run()
    assert seats(code) == 1 and not student.session_state[live_state.LIVE_FOLLOWING]
