"""The live classroom on a preset and on the learner's own network: the room's view (the
teacher's lesson, tutor.lesson.codec) carries the network, so a following student steps the
same network at the same step; a view whose network does not decode is refused on read and
the student keeps theirs; questions stay with the worked example, and the teacher is told."""

from __future__ import annotations

import time

from streamlit.testing.v1 import AppTest

from bpcore import Scenario
from bpcore.netspec import NetSpec
from tests.app.test_net_pages import open_net
from tests.live.test_classroom import _own_store, code_of, join, step_shown  # noqa: F401
from tutor.i18n import t
from tutor.lesson.codec import Lesson, encode
from tutor.live import room as rules
from tutor.live import state as live_state
from tutor.stepping import network
from tutor.stepping import state as stepping_state

OWN = NetSpec.random((2, 3, 3, 1), ("tanh", "relu", "sigmoid"), "half_sse", seed=4, samples=2)


def start_on(net: str | None, lesson: str | None = None) -> AppTest:
    """A teacher on /forward with network ``net`` (or a lesson link) who started a class."""
    teacher = open_net("forward", net, lesson=lesson)
    teacher.sidebar.button(key="live.start").click().run()
    teacher.button(key="live.join_back").click().run()
    assert not teacher.exception
    return teacher


def test_a_student_follows_the_teachers_preset_and_step_and_a_change_of_network() -> None:
    teacher = start_on("xor")
    student = join(code_of(teacher))
    assert student.session_state[network.NET_ID] == "xor"
    for _ in range(3):
        teacher.button(key=f"{stepping_state.STEP_FORWARD}.next").click().run()
    student.run()
    assert student.session_state[stepping_state.STEP_FORWARD] == 3
    assert step_shown(student) == step_shown(teacher)
    teacher.sidebar.selectbox(key=network.NET_WIDGET).set_value("softmax").run()
    student.run()
    assert not student.exception
    assert student.session_state[network.NET_ID] == "softmax"
    assert student.session_state[stepping_state.STEP_FORWARD] == 0
    assert step_shown(student) == step_shown(teacher)
    assert student.query_params["net"] == "softmax"  # the student's address says it too


def test_a_student_follows_the_teachers_own_network_number_for_number() -> None:
    teacher = start_on(None, encode(Lesson(Scenario(), net="own", own=OWN)))
    teacher.session_state[stepping_state.STEP_FORWARD] = 5
    teacher.run()
    student = join(code_of(teacher))
    assert not student.exception
    assert student.session_state[network.NET_ID] == network.OWN
    assert student.session_state[network.NET_SPEC] == OWN
    assert step_shown(student) == step_shown(teacher)


def test_a_view_whose_network_does_not_decode_is_refused_and_the_student_keeps_theirs() -> None:
    teacher = start_on("deep")
    student = join(code_of(teacher))
    # A view with a network that is not one: a forged or damaged lesson (through the store,
    # with the teacher's secret, as a bug or a tampered replica could write it).
    good = encode(Lesson(Scenario(), net="own", own=OWN))
    bad = good[:-12] + "AAAAAAAAAAAA"
    rules.show(rules.open_store(), teacher.session_state[live_state.LIVE_TEACHER], "forward",
               bad, time.time())
    student.run()
    assert not student.exception
    assert student.session_state[network.NET_ID] == "deep"
    assert [e.value for e in student.error] == [  # said once, like a bad link's
        t("lesson.rejected", "en", reason=t("lesson.error.corrupt", "en"))]


def test_on_a_preset_the_class_is_not_asked_and_the_teacher_is_told() -> None:
    teacher = start_on("bce")
    assert teacher.sidebar.button(key="live.ask").disabled
    assert t("live.ask_worked_only", "en") in [c.value for c in teacher.sidebar.caption]
    teacher.sidebar.selectbox(key=network.NET_WIDGET).set_value("worked").run()
    assert not teacher.sidebar.button(key="live.ask").disabled
