"""The concept check in the live classroom: a student's picks as an answer's text, every slip
named, the results and their CSV, the check kept by both stores, and a teacher running it
before and after a lesson with two AppTest students, the gain worked out by hand."""

from __future__ import annotations

import csv
import io
import time
from collections.abc import Iterator

import pytest

from bpcore.concept import Tally, concept_check, grade
from tests.app.apptest import open_page
from tests.live import test_classroom as classroom
from tutor.i18n import LANGUAGES, STRINGS, t, tn
from tutor.live import room as rules
from tutor.live import state as live_state
from tutor.live.answers import safe_cell
from tutor.live.check import (
    SLIP_NAMES,
    Results,
    check_of,
    gain_said,
    picks_text,
    read_picks,
    results,
    results_csv,
)
from tutor.live.check_ui import class_results
from tutor.live.model import Answer
from tutor.serving.pool import WORKERS_ENV

from .conftest import NOW


@pytest.fixture
def own_store(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A store of this test's own (tutor.live.room.open_store reads the variable)."""
    monkeypatch.setenv("BPTUTOR_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("BPTUTOR_REDIS_URL", raising=False)
    monkeypatch.setenv(WORKERS_ENV, "0")


# --- picks as text ------------------------------------------------------------------------
def test_picks_travel_as_one_character_a_question_and_read_back():
    check = check_of(3)
    picks = (0, None, 3, 1, *([2] * (len(check) - 4)))
    text = picks_text(picks)
    assert text == "0-31" + "2" * (len(check) - 4) and len(text) <= 64
    assert read_picks(text, check) == picks


@pytest.mark.parametrize("text", ["", "0", "0" * 12, "x" * 11, "4" * 11, "=1+1" + "0" * 7,
                                  "0" * 100_000, "٣" * 11, " " * 11])
def test_a_text_that_is_not_picks_for_the_check_is_refused(text: str):
    assert read_picks(text, check_of(3)) is None


def test_every_slip_a_check_can_offer_is_named_in_every_language():
    offered = {s for seed in range(1, 41) for q in concept_check(seed) for s in q.slips if s}
    assert offered <= set(SLIP_NAMES), offered - set(SLIP_NAMES)
    for key in SLIP_NAMES.values():
        assert all(STRINGS[key].get(lang) for lang in LANGUAGES), key


# --- results and their CSV ------------------------------------------------------------------
def tallies(shares: list[tuple[int, int, str | None]]) -> tuple[Tally, ...]:
    return tuple(Tally("update", "w5_new", took, right, ((slip, 1),) if slip else ())
                 for took, right, slip in shares)


def test_a_perfect_pre_test_shows_no_room_to_gain_and_a_missing_test_a_dash():
    perfect = Results(tallies([(2, 2, None)]), tallies([(2, 1, "no_eta")]), 1.0, 0.5, None)
    for lang in LANGUAGES:
        assert gain_said(perfect, lang) == t("live.check.no_room", lang)
    assert gain_said(Results(tallies([(2, 1, None)]), None, 0.5, None, None), "en") == "–"
    assert gain_said(Results(None, None, 0.25, 0.625, 0.5), "en") == "0.50"


def test_the_csv_has_a_row_per_question_the_class_and_its_gain_every_formula_made_text():
    found = Results(tallies([(2, 1, "added_step"), (2, 2, None)]),
                    tallies([(2, 2, None), (2, 1, "no_eta")]), 0.75, 0.75, 0.0)
    rows = list(csv.reader(io.StringIO(results_csv(found, "en"))))
    assert rows[0] == ["No.", "Question", "Right before", "Right after",
                       "Most common slip before", "Most common slip after"]
    question = t("live.check.question", "en", topic=t("concept.topic.update", "en"),
                 name="w5⁺")
    # "+ η·∂E/∂w" would be run as a formula by a spreadsheet: it is made text
    assert rows[1] == ["1", question, "0.5", "1.0", "'+ η·∂E/∂w", ""]
    assert rows[2] == ["2", question, "1.0", "0.5", "", t("live.short.no_eta", "en")]
    assert rows[3] == ["", "Class mean score", "0.75", "0.75", "", ""]
    assert rows[4] == ["", t("live.check.gain", "en"), "0.0", "", "", ""]
    zh = list(csv.reader(io.StringIO(results_csv(found, "zh"))))
    assert zh[0][2] == t("live.check.col.pre", "zh") and zh[4][1] == t("live.check.gain", "zh")
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def test_results_compare_the_two_tests_question_by_question():
    pre, post = concept_check(8), concept_check(9)
    a = grade(pre, [q.answer for q in pre])
    b = grade(pre, [None] * len(pre))
    c = grade(post, [q.answer for q in post])
    found = results((pre, [a, b]), (post, [c]))
    assert found.pre is not None and found.post is not None
    assert [x.share_right for x in found.pre] == [0.5] * len(pre)
    assert found.pre_mean == 0.5 and found.post_mean == 1.0 and found.gain == 1.0
    assert results(None, None) == Results(None, None, None, None, None)


# --- the stores --------------------------------------------------------------------------
def test_a_check_is_kept_as_a_question_and_its_answers_outlive_the_next_one(store):
    from tests.live.test_store import SECRET, made

    code = made(store)
    pre = rules.Question("pre1", rules.CHECK_PAGE, 123456789, "pre")
    assert store.ask(code, SECRET, pre, NOW)
    assert store.room(code, NOW).question == pre and rules.is_check(pre)
    assert store.join(code, "s1", NOW, 10)
    picks = picks_text([0] * len(check_of(123456789)))
    assert store.answer(code, "pre1", Answer("s1", "", picks, NOW), NOW, 3)
    post = rules.Question("post1", rules.CHECK_PAGE, 987654321, "post")
    assert store.ask(code, SECRET, post, NOW + 1)
    assert [a.text for a in store.answers(code, "pre1", NOW + 2)] == [picks]
    assert store.room(code, NOW + 2).question == post


def test_the_room_keeps_its_checks_and_a_new_pre_test_forgets_the_post_test(store):
    """Room.checks: what a teacher who resumes the class reads its pre/post results from."""
    from tests.live.test_store import OTHER, SECRET, made, question

    code = made(store)
    assert store.room(code, NOW).checks == () and rules.check_runs(None) == {}
    pre = rules.Question("pre1", rules.CHECK_PAGE, 123456789, "pre")
    post = rules.Question("post1", rules.CHECK_PAGE, 987654321, "post")
    assert store.ask(code, SECRET, pre, NOW)
    assert store.ask(code, SECRET, question(), NOW + 1)  # a step's question keeps the checks
    assert store.room(code, NOW + 1).checks == (pre,)
    assert not store.ask(code, OTHER, post, NOW + 2)  # not the teacher: nothing kept
    assert store.room(code, NOW + 2).checks == (pre,)
    assert store.ask(code, SECRET, post, NOW + 2)
    assert store.reveal(code, SECRET, "post1", NOW + 3)  # closed, still kept
    room = store.room(code, NOW + 3)
    assert room.checks == (pre, post)
    assert rules.check_runs(room) == {"pre": ("pre1", 123456789), "post": ("post1", 987654321)}
    again = rules.Question("pre2", rules.CHECK_PAGE, 5, "pre")
    assert store.ask(code, SECRET, again, NOW + 4)  # a new comparison starts
    assert store.room(code, NOW + 4).checks == (again,)


def test_a_check_is_refused_an_unknown_phase_or_a_seed_out_of_range():
    teacher = rules.Teacher("ABCDEF", "00" * 16)
    with pytest.raises(ValueError):
        rules.ask_check(None, teacher, "mid", 1, NOW)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        rules.ask_check(None, teacher, "pre", -1, NOW)  # type: ignore[arg-type]


# --- a class in AppTest --------------------------------------------------------------------
def send(student, question_id: str, picks: list[int | None]) -> None:
    """A student picks (None: leaves a question) and sends."""
    student.run()  # the room moved: the student's screen shows the check
    for k, pick in enumerate(picks):
        if pick is not None:
            student.radio(key=live_state.live_check_pick_key(question_id, k)).set_value(pick)
    student.button(key=f"live.check.send.{question_id}").click().run()
    assert not student.exception
    assert student.session_state[live_state.LIVE_SENT][question_id] == picks_text(picks)


def wrong(question, slip_index: int = 0) -> int:
    """A wrong choice of ``question`` (the slip_index-th)."""
    return [k for k in range(len(question.choices)) if k != question.answer][slip_index]


def test_a_teacher_runs_the_check_before_and_after_with_two_students(own_store):
    teacher = classroom.start_class()
    code = classroom.code_of(teacher)
    ana, bo = classroom.join(code), classroom.join(code, "zh")
    teacher.sidebar.button(key="live.check.pre").click().run()
    assert not teacher.exception
    pre_id, pre_seed = teacher.session_state[live_state.LIVE_CHECK_RUNS]["pre"]
    pre = check_of(pre_seed)
    assert len(pre) == 11
    # Ana right throughout; Bo wrong on the first five (the first wrong choice), one unanswered
    send(ana, pre_id, [q.answer for q in pre])
    bo_pre = [wrong(q) for q in pre[:5]] + [None] + [q.answer for q in pre[6:]]
    send(bo, pre_id, bo_pre)
    assert bo.subheader[0].value == t("live.check.phase.pre", "zh")
    teacher.run()
    shares = [c.value for c in teacher.metric]
    # pre by hand: Ana 11/11, Bo 5/11 → mean 16/22 = 72.7 %
    assert shares[0] == "73 %" and shares[2] == "–"
    assert tn("live.check.sent_count", 2, "en", of=2) in [c.value for c in teacher.caption]
    table = teacher.table[0].value
    first_slip = t(SLIP_NAMES[pre[0].slips[wrong(pre[0])]], "en")
    assert list(table["Right before"])[:7] == ["50 %"] * 6 + ["100 %"]
    assert list(table["Mistakes before"])[0] == f"{first_slip} (1)"
    teacher.button(key="live.check.back").click().run()  # stops the answers: the lesson
    assert teacher.session_state[live_state.LIVE_QUESTION].revealed
    assert [h.value for h in teacher.main.title] == [t("page.forward", "en")]
    bo.run()
    assert t("live.check.closed_student", "zh") in [i.value for i in bo.info]
    assert any(t("concept.score", "zh", right=5, total=11) in m.value for m in bo.markdown)

    teacher.sidebar.button(key="live.check.post").click().run()
    post_id, post_seed = teacher.session_state[live_state.LIVE_CHECK_RUNS]["post"]
    post = check_of(post_seed)
    assert post_seed != pre_seed and post_id != pre_id
    assert [(q.topic, q.step) for q in post] == [(q.topic, q.step) for q in pre]
    assert [q.choices for q in post] != [q.choices for q in pre]
    send(ana, post_id, [q.answer for q in post])
    send(bo, post_id, [wrong(post[0])] + [q.answer for q in post[1:9]] + [None, None])
    teacher.run()
    # post by hand: Ana 11/11, Bo 8/11 → mean 19/22; g = (19/22 − 16/22) / (1 − 16/22) = 3/6
    pre_mean, post_mean = (11 + 5) / 22, (11 + 8) / 22
    expected = (post_mean - pre_mean) / (1 - pre_mean)
    assert expected == pytest.approx(0.5)
    shares = [c.value for c in teacher.metric]
    assert shares == ["73 %", "86 %", "0.50"]
    labels = [b.label for b in teacher.get("download_button")]
    assert t("live.check.download", "en") in labels
    # what the button serves: the class's results read from the store, as CSV
    found, sent = class_results(code, teacher.session_state[live_state.LIVE_CHECK_RUNS],
                                time.time())
    assert sent == {"pre": 2, "post": 2} and found.gain == pytest.approx(expected)
    rows = list(csv.reader(io.StringIO(results_csv(found, "en"))))
    assert len(rows) == 1 + 11 + 2
    assert rows[1][2:4] == ["0.5", "0.5"] and rows[2][2:4] == ["0.5", "1.0"]
    assert rows[1][4] == safe_cell(first_slip)
    assert rows[10][3] == "0.5"  # the two Bo left
    assert [float(x) for x in rows[-2][2:4]] == pytest.approx([pre_mean, post_mean])
    assert float(rows[-1][2]) == pytest.approx(expected)


def test_a_class_all_right_before_has_no_room_to_gain_said_in_chinese(own_store):
    teacher = classroom.start_class(lang="zh")
    student = classroom.join(classroom.code_of(teacher), "zh")
    teacher.sidebar.button(key="live.check.pre").click().run()
    assert teacher.subheader[0].value == t("live.check.heading", "zh")
    assert teacher.button(key="live.check.close").label == t("live.check.close", "zh")
    pre_id, pre_seed = teacher.session_state[live_state.LIVE_CHECK_RUNS]["pre"]
    send(student, pre_id, [q.answer for q in check_of(pre_seed)])
    assert student.button(key=f"live.check.send.{pre_id}").label == t("live.check.send", "zh")
    teacher.button(key="live.check.close").click().run()  # stopped, the results stay
    assert teacher.button(key="live.check.back").label == t("live.back", "zh")
    teacher.sidebar.button(key="live.check.post").click().run()
    post_id, post_seed = teacher.session_state[live_state.LIVE_CHECK_RUNS]["post"]
    send(student, post_id, [None] * len(check_of(post_seed)))
    teacher.run()
    assert [m.label for m in teacher.metric][2] == t("live.check.gain", "zh")
    assert [m.value for m in teacher.metric] == ["100 %", "0 %", "–"]
    assert t("live.check.no_room", "zh") in [c.value for c in teacher.caption]


@pytest.fixture(params=["sqlite", "redis"])
def class_store(request: pytest.FixtureRequest, tmp_path,
                monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The class's store of each kind, as tutor.live.room.open_store finds it: SQLite in this
    test's folder, or the test session's real Redis (emptied before and after)."""
    monkeypatch.setenv("BPTUTOR_DATA_DIR", str(tmp_path))
    monkeypatch.setenv(WORKERS_ENV, "0")
    if request.param == "sqlite":
        monkeypatch.delenv("BPTUTOR_REDIS_URL", raising=False)
        yield request.param
        return
    import redis

    url = request.getfixturevalue("redis_url")
    monkeypatch.setenv("BPTUTOR_REDIS_URL", url)
    client = redis.Redis.from_url(url)
    client.flushdb()
    try:
        yield request.param
    finally:
        client.flushdb()
        client.close()


def shown_results(teacher) -> tuple[list[str], list[list[str]], str]:
    """The teacher's check screen: its metrics, its table's rows and the CSV it serves."""
    runs = teacher.session_state[live_state.LIVE_CHECK_RUNS]
    found, _ = class_results(classroom.code_of(teacher), runs, time.time())
    table = teacher.table[0].value
    return ([m.value for m in teacher.metric], table.values.tolist(),
            results_csv(found, "en"))


def test_a_teacher_who_resumes_the_class_sees_the_same_pre_post_results_and_gain(class_store):
    from tests.live.test_takeover import kept_key, resume

    teacher = classroom.start_class()
    code, key = classroom.code_of(teacher), kept_key(teacher)
    ana, bo = classroom.join(code), classroom.join(code)
    teacher.sidebar.button(key="live.check.pre").click().run()
    pre_id, pre_seed = teacher.session_state[live_state.LIVE_CHECK_RUNS]["pre"]
    pre = check_of(pre_seed)
    send(ana, pre_id, [q.answer for q in pre])
    send(bo, pre_id, [wrong(q) for q in pre[:5]] + [q.answer for q in pre[5:]])
    teacher.button(key="live.check.close").click().run()
    teacher.sidebar.button(key="live.check.post").click().run()
    post_id, post_seed = teacher.session_state[live_state.LIVE_CHECK_RUNS]["post"]
    post = check_of(post_seed)
    send(ana, post_id, [q.answer for q in post])
    send(bo, post_id, [wrong(post[0])] + [q.answer for q in post[1:]])
    teacher.button(key="live.check.close").click().run()
    before = shown_results(teacher)
    # by hand: pre Ana 11/11, Bo 6/11 → 17/22; post Ana 11/11, Bo 10/11 → 21/22;
    # g = (21/22 − 17/22) / (1 − 17/22) = 4/5
    assert before[0] == ["77 %", "95 %", "0.80"]

    laptop = open_page("overview")  # the teacher's tab reloaded, or another device
    resume(laptop, rules.shown_code(code), key)
    laptop.switch_page("app_pages/forward.py").run()
    assert laptop.session_state[live_state.LIVE_CHECK_RUNS] == {
        "pre": (pre_id, pre_seed), "post": (post_id, post_seed)}
    assert not laptop.sidebar.button(key="live.check.post").disabled
    laptop.sidebar.button(key="live.check.results").click().run()
    assert not laptop.exception
    assert shown_results(laptop) == before
    assert laptop.button(key="live.check.back").label == t("live.back", "en")
