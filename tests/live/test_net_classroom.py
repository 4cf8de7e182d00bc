"""The live classroom on a preset and on the learner's own network: the room's view (the
teacher's lesson, tutor.lesson.codec) carries the network, so a following student steps the
same network at the same step; a view whose network does not decode is refused on read and
the student keeps theirs; a question on a preset is asked, graded and told on its own trace."""

from __future__ import annotations

import time

import pytest
from streamlit.testing.v1 import AppTest

from bpcore import Scenario, fmt
from bpcore.mistakes import net_diagnose
from bpcore.netspec import NetSpec
from bpcore.presets import preset
from bpcore.qname import QName
from bpcore.stepper_trace import trace_net
from tests.app.apptest import figures
from tests.app.test_net_pages import open_net
from tests.live.test_classroom import (  # noqa: F401
    _own_store,
    answer,
    ask,
    code_of,
    join,
    step_shown,
)
from tutor.i18n import LANGUAGES, t
from tutor.lesson.codec import Lesson, encode
from tutor.live import room as rules
from tutor.live import state as live_state
from tutor.stepping import network
from tutor.stepping import state as stepping_state
from tutor.ui.netnotation import qtext

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


def test_on_a_preset_the_class_is_asked_graded_on_its_trace_and_a_slip_named() -> None:
    """Practice on softmax's forward pass: one right, one who forgot the bias (a known slip,
    said as mistake.gen.no_bias in the general notation), one other; after the reveal every
    student sees the truth."""
    trace = trace_net(preset("softmax"))
    steps = trace.phase_steps("forward", "error")
    k, step = next((k, s) for k, s in enumerate(steps) if k and s.qname is not None
                   and s.qname.kind == "net"
                   and abs(trace.value(QName("b", s.qname.layer, s.qname.index))) > 0.05)
    assert step.qname is not None
    no_bias = step.value - trace.value(QName("b", step.qname.layer, step.qname.index))
    teacher = start_on("softmax")
    for _ in range(k):
        teacher.button(key=f"{stepping_state.STEP_FORWARD}.next").click().run()
    students = [join(code_of(teacher)) for _ in range(3)]
    question = ask(teacher)
    answer(students[0], question, fmt(step.value, 4))
    answer(students[1], question, repr(no_bias))
    answer(students[2], question, "9.5")
    teacher.run()
    assert not teacher.exception
    assert [m.value for m in teacher.metric] == [t("live.answered", "en", n=3, of=3), "33 %"]
    slip = net_diagnose(trace, step.qname, no_bias, 4)
    assert slip is not None and slip.key == "no_bias"
    said = t("mistake.gen.no_bias", "en", **{k: qtext(q) for k, q in slip.names.items()})
    assert [m.value for m in teacher.markdown if m.value.startswith("**1 ×**")] == [
        t("live.mistake_count", "en", n=1, mistake=said)]
    teacher.button(key="live.reveal").click().run()
    names = [bar["name"] for bar in figures(teacher)[-1]["data"]]
    assert names == [t("live.chart.right", "en"), t("live.short.no_bias", "en"),
                     t("live.chart.other", "en")]
    for student in students:
        student.run()
        assert t("live.truth", "en", value=fmt(step.value, 4)) in [
            s.value for s in student.success]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_prediction_on_a_presets_backward_pass_offers_zero_and_same(lang: str) -> None:
    """softmax's h3 is off (ReLU at a negative net): its δ is 0, a sign the worked example
    never has; the class may answer zero, and the count lands on its bar."""
    teacher = start_on("softmax")
    teacher.switch_page("app_pages/backward.py").run()
    trace = trace_net(preset("softmax"))
    steps = trace.phase_steps("backward")
    k = next(i for i, s in enumerate(steps) if s.qname is not None
             and s.qname.kind == "delta" and s.value == 0.0)
    teacher.session_state[stepping_state.STEP_BACKWARD] = k
    teacher.run()
    student = join(code_of(teacher), lang)
    question = ask(teacher, "predict")
    student.run()
    sign = student.radio(key=live_state.live_answer_key(question, "sign"))
    assert list(sign.options) == [t(f"predict.sign_mark.{s}", lang)
                                  for s in ("positive", "negative", "zero")]
    sign.set_value("zero")
    student.radio(key=live_state.live_answer_key(question, "size")).set_value("smaller")
    student.button(key=f"live.send.{question}").click().run()
    assert not student.exception
    teacher.run()
    bars = figures(teacher)[-1]["data"][0]
    assert sum(bars["y"]) == 1 and len(bars["y"]) == 9  # 3 signs × 3 sizes
    teacher.button(key="live.reveal").click().run()
    student.run()
    assert t("live.truth", lang, value=fmt(0.0, 4)) in [s.value for s in student.success]

