"""The live classroom in AppTest: a teacher's session and students' sessions against one SQLite
store (a fresh BPTUTOR_DATA_DIR per test), each its own AppTest of the whole app."""

from __future__ import annotations

import time

import pytest
from streamlit.testing.v1 import AppTest

from bpcore import Scenario, fmt, trace_step
from bpcore.errors import CodedError
from tests.app.apptest import APP, figures, open_page
from tests.app.test_accessibility import assert_every_figure_says_its_numbers
from tutor import session
from tutor.i18n import LANGUAGES, t, tn
from tutor.lesson.codec import decode
from tutor.live import room as rules
from tutor.live import state as live_state
from tutor.live.ui import qr_png
from tutor.serving.pool import WORKERS_ENV
from tutor.stepping import state as stepping_state
from tutor.stepping.editor import widget_key


@pytest.fixture(autouse=True)
def _own_store(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test gets a store of its own (tutor.live.room.open_store reads the variable)."""
    monkeypatch.setenv("BPTUTOR_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("BPTUTOR_REDIS_URL", raising=False)
    monkeypatch.setenv(WORKERS_ENV, "0")  # jobs in-process, as in tests/app/conftest.py


def start_class(page: str = "forward", lang: str = "en") -> AppTest:
    """A teacher who started a class and went from the join screen back to the lesson."""
    teacher = open_page(page, lang)
    teacher.sidebar.button(key="live.start").click().run()
    assert not teacher.exception
    teacher.button(key="live.join_back").click().run()
    return teacher


def join(code: str, lang: str = "en") -> AppTest:
    student = AppTest.from_file(APP, default_timeout=60)
    student.query_params[live_state.JOIN_PARAM] = code
    student.query_params["lang"] = lang
    student.run()
    assert not student.exception
    return student


def join_link_shown(teacher: AppTest) -> str:
    """The join link in the teacher's sidebar block."""
    [link] = [c.value for c in teacher.sidebar.code if "?join=" in c.value]
    return link


def code_of(teacher: AppTest) -> str:
    return teacher.session_state[live_state.LIVE_TEACHER].code


def step_shown(at: AppTest) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("**Step ")
                or m.value.startswith("**第 "))


def texts(at: AppTest) -> list[str]:
    return [e.value for kind in ("markdown", "caption", "code", "header", "subheader", "text")
            for e in at.get(kind)]


def test_starting_a_class_shows_its_code_join_link_and_qr_code():
    teacher = start_class()
    code = code_of(teacher)
    assert len(code) == 6
    assert [h.value for h in teacher.sidebar.title] == [rules.shown_code(code)]
    link = join_link_shown(teacher)
    assert link.endswith(f"/?join={code}&lang=en")
    images = teacher.sidebar.get("image")
    assert len(images) == 1 and images[0].captions == [t("live.scan", "en")]
    assert [img.alt for img in images[0].proto.imgs] == [t("live.qr_alt", "en", link=link)]
    assert qr_png(link).startswith(b"\x89PNG\r\n\x1a\n")
    secret = teacher.session_state[live_state.LIVE_TEACHER].secret
    assert secret not in link
    # the key is in the sidebar's collapsed "keep this key" block only, never in the page
    # (the join screen) or the URL
    [keeper] = [e for e in teacher.sidebar.expander
                if e.label == t("live.key_heading", "en")]
    assert [c.value for c in keeper.code] == [secret]
    assert not any(secret in text for text in texts(teacher.main))
    assert not any(secret in str(v) for v in teacher.query_params.values())
    assert tn("live.joined", 0, "en") in texts(teacher)


def test_the_join_screen_shows_the_code_and_qr_code_in_the_pages_place():
    teacher = open_page("forward")
    teacher.sidebar.button(key="live.start").click().run()
    code = rules.shown_code(code_of(teacher))
    assert [h.value for h in teacher.main.title] == [code]  # the page's title gives way
    [qr] = teacher.main.get("image")
    assert qr.proto.imgs[0].alt == t("live.qr_alt", "en", link=join_link_shown(teacher))
    assert teacher.main.metric[0].value == "0"
    join(code)  # typed as shown, with its dash
    teacher.run()
    assert teacher.main.metric[0].value == "1"
    teacher.button(key="live.join_back").click().run()
    assert [h.value for h in teacher.main.title] == [t("page.forward", "en")]
    teacher.sidebar.button(key="live.show_join").click().run()
    assert [h.value for h in teacher.main.title] == [code]


def test_a_student_who_opens_the_join_link_follows_the_teachers_step_and_page():
    teacher = start_class()
    student = join(code_of(teacher).lower())  # typed in any case
    assert student.session_state[live_state.LIVE_FOLLOWING]
    assert t("live.following", "en", code=rules.shown_code(code_of(teacher))) in texts(student)
    assert step_shown(student).startswith("**Step 1 of 11**")
    for _ in range(3):
        teacher.button(key="step.forward.next").click().run()
    student.run()
    assert step_shown(student).startswith("**Step 4 of 11**")
    assert student.session_state[stepping_state.STEP_FORWARD] == 3
    teacher.switch_page("app_pages/backward.py").run()
    student.run()
    assert student.session_state[session.PAGE_NOW] == "backward"
    assert [h.value for h in student.title] == [t("page.backward", "en")]
    assert tn("live.joined", 1, "en") in texts(teacher)


def test_a_student_keeps_their_own_language_and_takes_the_teachers_numbers():
    teacher = start_class(lang="en")
    student = join(code_of(teacher), lang="zh")
    teacher.session_state[stepping_state.SCENARIO] = Scenario.worked_example().with_value("w1", 0.9)
    teacher.button(key="step.forward.next").click().run()
    student.run()
    assert student.session_state[session.LANG] == "zh"
    assert student.session_state[stepping_state.SCENARIO].get("w1") == 0.9
    assert t("live.following", "zh", code=rules.shown_code(code_of(teacher))) in texts(student)
    assert [h.value for h in student.title] == [t("page.forward", "zh")]


def test_exploring_keeps_the_students_view_and_rejoin_jumps_to_the_teacher():
    teacher = start_class()
    student = join(code_of(teacher))
    student.button(key="live.explore").click().run()
    assert t("live.exploring", "en", code=rules.shown_code(code_of(teacher))) in texts(student)
    student.button(key="step.forward.next").click().run()  # the student's own place
    for _ in range(5):
        teacher.button(key="step.forward.next").click().run()
    student.run()
    assert student.session_state[stepping_state.STEP_FORWARD] == 1  # not moved by the teacher
    student.button(key="live.rejoin").click().run()
    assert student.session_state[stepping_state.STEP_FORWARD] == 5
    assert step_shown(student).startswith("**Step 6 of 11**")
    assert t("live.following", "en", code=rules.shown_code(code_of(teacher))) in texts(student)


def test_a_follower_sees_the_teachers_numbers_without_the_editor_until_exploring():
    teacher = start_class()
    teacher.sidebar.text_input(key=widget_key("w1")).input("0.3").run()
    student = join(code_of(teacher))
    editor_keys = {widget_key(n) for n in ("w1", "eta")}
    shown = {w.key for w in student.sidebar.text_input}
    assert not editor_keys & shown  # no editor to redraw on every move of the teacher
    assert t("live.numbers_follow", "en") in [c.value for c in student.sidebar.caption]
    assert student.session_state[stepping_state.SCENARIO].get("w1") == 0.3  # the teacher's
    assert editor_keys <= {w.key for w in teacher.sidebar.text_input}  # the teacher edits
    student.button(key="live.explore").click().run()
    assert editor_keys <= {w.key for w in student.sidebar.text_input}
    assert float(student.sidebar.text_input(key=widget_key("w1")).value) == 0.3
    student.button(key="live.rejoin").click().run()
    assert not editor_keys & {w.key for w in student.sidebar.text_input}


def test_following_the_teacher_back_to_a_step_the_student_saw_before():
    teacher = start_class()
    student = join(code_of(teacher))
    teacher.button(key="step.forward.next").click().run()
    student.run()
    teacher.button(key="step.forward.previous").click().run()
    student.run()
    assert student.session_state[stepping_state.STEP_FORWARD] == 0


def ask(teacher: AppTest, kind: str = "practice") -> str:
    teacher.sidebar.radio(key=live_state.LIVE_ASK_KIND).set_value(kind).run()
    teacher.sidebar.button(key="live.ask").click().run()
    assert not teacher.exception
    return teacher.session_state[live_state.LIVE_QUESTION].id


def answer(student: AppTest, question: str, text: str, nickname: str = "") -> None:
    student.run()
    student.text_input(key=live_state.live_answer_key(question, "number")).input(text)
    if nickname:
        student.text_input(key=live_state.LIVE_NICKNAME).input(nickname)
    student.button(key=f"live.send.{question}").click().run()
    assert not student.exception


def test_ask_answer_tally_and_reveal_a_practice_question():
    teacher = start_class()
    teacher.button(key="step.forward.next").click().run()  # step 2: out_h1
    students = [join(code_of(teacher)) for _ in range(3)]
    question = ask(teacher)
    trace = trace_step(Scenario.worked_example())
    # The question takes the page's place on every screen, the result hidden.
    assert t("live.question", "en") in texts(teacher)
    students[0].run()  # what the student's version check does when the room moves
    assert t("live.question", "en") in texts(students[0])
    assert not [b for b in students[0].button if b.key == "step.forward.next"]  # no page
    assert fmt(trace["out_h1"], 4) not in " ".join(lx.value for lx in students[0].latex)
    answer(students[0], question, fmt(trace["out_h1"], 4))  # right
    answer(students[1], question, fmt(trace["net_h1"], 4), nickname="**<script>x</script>**")
    answer(students[2], question, "1.5")  # wrong, no known mistake
    teacher.run()
    metrics = [m.value for m in teacher.metric]
    assert metrics == [t("live.answered", "en", n=3, of=3), "33 %"]
    named = [m.value for m in teacher.markdown if m.value.startswith("**1 ×**")]
    assert len(named) == 1 and "net" in named[0]  # net_h1 for out_h1: σ not applied
    chart = figures(teacher)[-1]
    assert sum(sum(bar["y"]) for bar in chart["data"]) == 3
    assert not chart["layout"]["shapes"]  # the true value is not marked before the reveal
    assert_every_figure_says_its_numbers(teacher, "en")  # the tally in words too
    # The nickname is shown as plain text in the table, never as Markdown.
    table = teacher.dataframe[0].value
    assert "**<script>x</script>**" in list(table[t("live.col.nickname", "en")])
    assert not any("<script>" in m.value for m in teacher.markdown)
    teacher.button(key="live.reveal").click().run()
    assert t("live.truth", "en", value=fmt(trace["out_h1"], 4)) in [s.value for s in
                                                                     teacher.success]
    chart = figures(teacher)[-1]
    assert chart["layout"]["shapes"][0]["x0"] == trace["out_h1"]
    names = [bar["name"] for bar in chart["data"]]
    assert names == [t("live.chart.right", "en"), t("live.short.no_sigmoid", "en"),
                     t("live.chart.other", "en")]
    for student in students:
        student.run()
        assert t("live.truth", "en", value=fmt(trace["out_h1"], 4)) in [
            s.value for s in student.success]
    assert t("practice.right", "en", value=fmt(trace["out_h1"], 4)) in [
        s.value for s in students[0].success]
    # Back to the lesson: the page again, on the step asked.
    teacher.button(key="live.back").click().run()
    assert step_shown(teacher).startswith("**Step 2 of 11**")


def test_a_prediction_on_the_backward_pass_is_a_sign_and_a_size():
    teacher = start_class("backward")
    student = join(code_of(teacher))
    question = ask(teacher, "predict")
    student.run()
    student.radio(key=live_state.live_answer_key(question, "sign")).set_value("positive")
    student.radio(key=live_state.live_answer_key(question, "size")).set_value("bigger")
    student.button(key=f"live.send.{question}").click().run()
    assert [x.value for x in student.text] == ["positive bigger"]
    teacher.run()
    chart = figures(teacher)[-1]
    assert chart["data"][0]["y"] == [1, 0, 0, 0]
    teacher.button(key="live.reveal").click().run()
    student.run()
    trace = trace_step(Scenario.worked_example())
    verdicts = [w.value for w in student.warning] + [s.value for s in student.success]
    assert any(t("predict.sign.positive", "en") in v for v in verdicts)
    step = trace.phase_steps("backward")[0]
    assert t("live.truth", "en", value=fmt(step.value, 4)) in [s.value for s in student.success]


def test_an_answer_that_is_not_a_number_is_said_so_and_not_sent():
    teacher = start_class()
    student = join(code_of(teacher))
    question = ask(teacher)
    answer(student, question, "abc")
    assert question not in student.session_state[live_state.LIVE_SENT]
    assert any(w.value.startswith(t("live.not_a_number", "en", reason="")) for w in
               student.warning)
    teacher.run()
    assert teacher.metric[0].value == t("live.answered", "en", n=0, of=1)


def test_a_forged_teacher_in_a_student_session_does_not_move_the_room():
    teacher = start_class()
    code = code_of(teacher)
    student = join(code)
    store = rules.open_store()
    before = store.room(code, time.time())
    student.session_state[live_state.LIVE_TEACHER] = rules.Teacher(code, "00" * 16)
    student.session_state[stepping_state.STEP_FORWARD] = 7
    student.run()  # the forged session pushes its view: refused
    assert student.session_state[live_state.LIVE_TEACHER] is None  # let go of the forgery
    assert any(t("reason.live.forbidden", "en") in e.value for e in student.error)
    forged, now = rules.Teacher(code, "ab" * 16), time.time()
    for change in (lambda: rules.show(store, forged, "backward", before.lesson, now),
                   lambda: rules.ask(store, forged, "forward", 3, "practice", now),
                   lambda: rules.close(store, forged, now)):
        with pytest.raises(CodedError):
            change()
    after = store.room(code, time.time())
    assert before is not None and after is not None
    assert (after.version, after.page, after.lesson, after.question) == (
        before.version, before.page, before.lesson, before.question)
    assert decode(after.lesson).step == 0 and not after.closed
    teacher.button(key="step.forward.next").click().run()  # the real teacher still leads
    assert store.room(code, time.time()).version == before.version + 1


def test_a_bad_code_and_an_ended_class_say_so():
    student = join("ZZZZZZ")
    assert any(t("reason.live.gone", "en") in e.value for e in student.error)
    teacher = start_class()
    follower = join(code_of(teacher))
    code = code_of(teacher)
    teacher.sidebar.button(key="live.end").click().run()
    assert teacher.session_state[live_state.LIVE_TEACHER] is None
    follower.run()
    warnings = [w.value for w in follower.warning]
    assert t("live.closed", "en", code=rules.shown_code(code)) in warnings
    assert not follower.session_state[live_state.LIVE_FOLLOWING]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_live_block_speaks_both_languages(lang: str):
    teacher = open_page("forward", lang)
    assert any(e.label == t("live.heading", lang) for e in teacher.sidebar.expander)
    teacher.sidebar.button(key="live.start").click().run()
    assert teacher.main.subheader[0].value == t("live.join_screen", lang)
    teacher.button(key="live.join_back").click().run()
    assert f"**{t('live.heading', lang)}**" in texts(teacher)
    assert teacher.sidebar.button(key="live.ask").label == t("live.ask", lang)
    student = join(code_of(teacher), lang)
    assert student.button(key="live.explore").label == t("live.explore", lang)
    question = ask(teacher)
    answer(student, question, "0.3")
    assert t("live.question", lang) in texts(student)
    assert t("live.send", lang) == student.button(key=f"live.send.{question}").label
    teacher.run()
    assert teacher.metric[0].value == t("live.answered", lang, n=1, of=1)
    assert figures(teacher)[-1]["layout"]["yaxis"]["title"]["text"] == t(
        "live.chart.students", lang)


class Unreachable:
    """A store every call of which fails as an unreachable one does."""

    def __getattr__(self, name: str):
        def fail(*args, **kwargs):
            raise CodedError("live", "unavailable")
        return fail


def test_a_store_out_of_reach_is_said_and_nothing_is_lost(monkeypatch: pytest.MonkeyPatch):
    teacher = start_class()
    student = join(code_of(teacher))
    real = rules.open_store
    monkeypatch.setattr(rules, "open_store", lambda: Unreachable())
    teacher.button(key="step.forward.next").click().run()
    student.run()
    for at in (teacher, student):
        assert not at.exception
        assert any(t("reason.live.unavailable", "en") in e.value for e in at.error)
    assert teacher.session_state[live_state.LIVE_TEACHER] is not None  # the room is still theirs
    assert student.session_state[live_state.LIVE_FOLLOWING]
    assert step_shown(teacher).startswith("**Step 2 of 11**")  # the lesson goes on
    monkeypatch.setattr(rules, "open_store", real)
    teacher.run()  # reachable again: the view that could not be pushed goes now
    student.run()
    assert student.session_state[stepping_state.STEP_FORWARD] == 1


def test_a_question_s_long_formula_is_broken_for_a_phone_as_the_step_panel_s_is():
    """Both screens show the question's formula broken for the panel's width (the lens's
    breakings, tutor.ui.formula.fitted), its value hidden until the reveal: on a phone a long
    substitution wraps instead of shrinking below the words."""
    from tests.app.apptest import step_formulas
    from tests.app.test_practice_mode import _widest_backward_step
    from tutor.modes.lens import WorkedLens

    index = _widest_backward_step()
    trace = trace_step(Scenario.worked_example())
    step, lens = trace.phase_steps("backward")[index], WorkedLens(trace)
    assert len(lens.fits(step, 4)) > 1  # a formula long enough to be broken
    teacher = start_class("backward")
    teacher.session_state[stepping_state.STEP_BACKWARD] = index
    teacher.run()
    student = join(code_of(teacher))
    ask(teacher)
    student.run()
    hidden = [fit.latex.strip() for fit in lens.fits(step, 4, reveal=False)]
    assert step_formulas(teacher) == step_formulas(student) == hidden
    assert all(fmt(step.value, 4) not in latex for latex in hidden)
    teacher.button(key="live.reveal").click().run()
    student.run()
    assert step_formulas(student) == [fit.latex.strip() for fit in lens.fits(step, 4)]
