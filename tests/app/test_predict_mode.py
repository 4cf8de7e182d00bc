"""Predict mode under AppTest: a prediction is committed, stored, compared with the truth and
shown beside it with its "why?" (as plain text); the mode travels in the lesson link."""

import pytest

from bpcore import Scenario, fmt, trace_step
from tests.app.apptest import open_page
from tutor.i18n import t
from tutor.lesson.codec import Lesson, decode, encode
from tutor.modes import state as modes_state
from tutor.modes.predict import Prediction, widget_key
from tutor.stepping import state as stepping_state

TRACE = trace_step(Scenario.worked_example())


def predicting(page: str, lang: str = "en"):
    at = open_page(page, lang)
    return at.sidebar.toggle(key=modes_state.PREDICT).set_value(True).run()


def test_a_forward_value_is_predicted_as_a_number_then_shown_beside_the_truth():
    at = predicting("forward")
    net_h1 = fmt(TRACE["net_h1"], 4)
    assert r"&= \;? \end{aligned}" in at.latex[0].value  # hidden until predicted
    assert not any(net_h1 in tbl.value.to_string() for tbl in at.table)
    at.text_input(key=widget_key("forward", 0, "number")).input("0.4").run()
    at.text_input(key=widget_key("forward", 0, "why")).input("<b>about w·i</b> *sum*").run()
    at.button(key="predict.commit.forward.0").click().run()
    made = at.session_state[modes_state.PREDICTIONS]["forward:0"]
    assert made == Prediction(number=0.4, why="<b>about w·i</b> *sum*")
    assert net_h1 in at.latex[0].value  # now revealed
    verdict = t("feedback.too_big", "en", percent="6.0")
    assert [w.value for w in at.warning] == [
        t("predict.number_vs", "en", mine=fmt(0.4, 4), truth=net_h1, verdict=verdict)]
    assert [x.value for x in at.text] == ["<b>about w·i</b> *sum*"]  # plain text, as typed


def test_a_prediction_that_is_not_a_number_is_refused_and_nothing_is_stored():
    at = predicting("forward")
    at.text_input(key=widget_key("forward", 0, "number")).input("about 0.4").run()
    at.button(key="predict.commit.forward.0").click().run()
    assert "forward:0" not in at.session_state[modes_state.PREDICTIONS]
    assert at.warning and r"\;?" in at.latex[0].value


@pytest.mark.parametrize(("sign", "size", "right"), [("positive", "smaller", True),
                                                     ("negative", "bigger", False)])
def test_a_gradient_is_predicted_by_sign_and_size_against_the_last_value(sign, size, right):
    at = predicting("backward", "zh")
    # δ_o1 = 0.1385, after ∂out_o1/∂net_o1 = 0.1868
    at.session_state[stepping_state.STEP_BACKWARD] = 2
    at.run()
    question = t("predict.size", "zh", last="∂out_o1/∂net_o1",
                 value=fmt(TRACE["dout_o1_dnet_o1"], 4))
    assert any(question in c.value for c in at.caption)
    at.radio(key=widget_key("backward", 2, "sign")).set_value(sign).run()
    at.radio(key=widget_key("backward", 2, "size")).set_value(size).run()
    at.button(key="predict.commit.backward.2").click().run()
    assert at.session_state[modes_state.PREDICTIONS]["backward:2"].sign == sign
    words = (at.success if right else at.warning)[0].value
    assert fmt(TRACE["delta_o1"], 4) in words and t("predict.sign.positive", "zh") in words
    assert ("✗" in words) is not right


def test_a_gradient_prediction_needs_a_sign_and_a_size():
    at = predicting("backward")
    at.button(key="predict.commit.backward.0").click().run()
    assert [w.value for w in at.warning] == [t("predict.choose", "en")]
    assert "backward:0" not in at.session_state[modes_state.PREDICTIONS]


def test_predict_mode_turns_practice_off_stops_play_and_travels_in_the_link():
    at = open_page("forward")
    at.sidebar.toggle(key=modes_state.PRACTICE).set_value(True).run()
    at.sidebar.toggle(key=modes_state.PREDICT).set_value(True).run()
    assert not at.session_state[
        modes_state.PRACTICE] and modes_state.mode(at.session_state) == "predict"
    assert at.button(key="step.forward.play").disabled
    link = at.sidebar.code[0].value.split("lesson=")[1]
    assert decode(link).mode == "predict"
    opened = open_page("forward", preset={})
    opened.query_params["lesson"] = encode(Lesson(Scenario.worked_example(), mode="predict"))
    opened.run()
    assert modes_state.mode(opened.session_state) == "predict"
    assert opened.text_input(key=widget_key("forward", 0, "number"))
