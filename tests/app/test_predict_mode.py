"""Predict mode under AppTest: a prediction is committed, stored, compared with the truth and
shown beside it with its "why?" (as plain text); the mode travels in the lesson link."""

import re

import pytest

from bpcore import Scenario, fmt, trace_step
from tests.app.apptest import open_page, shared_link
from tutor.i18n import t
from tutor.lesson.codec import Lesson, decode, encode
from tutor.modes import state as modes_state
from tutor.modes.predict import Prediction, widget_key
from tutor.stepping import state as stepping_state
from tutor.ui.formula import say

TRACE = trace_step(Scenario.worked_example())


def predicting(page: str, lang: str = "en"):
    at = open_page(page, lang)
    return at.sidebar.toggle(key=modes_state.PREDICT).set_value(True).run()


def test_a_forward_value_is_predicted_as_a_number_then_shown_beside_the_truth():
    at = predicting("forward")
    net_h1 = fmt(TRACE["net_h1"], 4)
    assert at.latex[0].value == "$$\n\\large net_{h1} = \\;?\n$$"  # asked, not worked
    assert not any(net_h1 in tbl.value.to_string() for tbl in at.table)
    at.text_input(key=widget_key("forward", 0, "number")).input("0.4").run()
    at.text_input(key=widget_key("forward", 0, "why")).input("<b>about w·i</b> *sum*").run()
    at.button(key="predict.commit.forward.0").click().run()
    made = at.session_state[modes_state.PREDICTIONS]["forward:0"]
    assert made == Prediction(number=0.4, why="<b>about w·i</b> *sum*", places=1)
    assert net_h1 in at.latex[0].value  # now revealed
    verdict = t("feedback.too_big", "en", percent="6.0")
    [said] = [w.value for w in at.warning]
    assert said.startswith(
        t("predict.number_vs", "en", mine=fmt(0.4, 4), truth=net_h1, verdict=verdict))
    assert [x.value for x in at.text] == ["<b>about w·i</b> *sum*"]  # plain text, as typed


def test_a_prediction_that_is_not_a_number_is_refused_and_nothing_is_stored():
    at = predicting("forward")
    at.text_input(key=widget_key("forward", 0, "number")).input("about 0.4").run()
    at.button(key="predict.commit.forward.0").click().run()
    assert "forward:0" not in at.session_state[modes_state.PREDICTIONS]
    assert at.warning and r"\;?" in at.latex[0].value and fmt(TRACE["net_h1"], 4) not in str(
        at.latex[0].value)


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
    link = shared_link(at).split("lesson=")[1]
    assert decode(link).mode == "predict"
    opened = open_page("forward", preset={})
    opened.query_params["lesson"] = encode(Lesson(Scenario.worked_example(), mode="predict"))
    opened.run()
    assert modes_state.mode(opened.session_state) == "predict"
    assert opened.text_input(key=widget_key("forward", 0, "number"))


def _strings(message) -> list[str]:
    """Every string (and byte string, as text) inside a protobuf message, unescaped."""
    found: list[str] = []
    for _, value in message.ListFields():
        single = isinstance(value, str | bytes | int | float) or hasattr(value, "ListFields")
        values = [value] if single else value
        for item in values:
            if isinstance(item, str):
                found.append(item)
            elif isinstance(item, bytes):
                found.append(item.decode("utf-8", errors="replace"))
            elif hasattr(item, "ListFields"):
                found += _strings(item)
    return found


def page_text(at) -> str:
    """Everything the page sends the browser as text: every string of every element's
    message (markdown, formulas, alerts, captions, tables, the diagram's JSON, style sheets,
    widget labels and values), sidebar included."""
    parts: list[str] = []

    def walk(node) -> None:
        proto = getattr(node, "proto", None)
        if proto is not None and hasattr(proto, "ListFields"):
            parts.extend(_strings(proto))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    parts += [tbl.value.to_string() for tbl in at.table]
    return "\n".join(parts)


@pytest.mark.parametrize(("page", "index"), [("forward", 0), ("forward", 5), ("backward", 0),
                                             ("backward", 7), ("backward", 15)])
def test_nothing_on_the_page_gives_the_value_or_its_numbers_away_before_the_commit(page, index):
    at = predicting(page)
    key = stepping_state.STEP_FORWARD if page == "forward" else stepping_state.STEP_BACKWARD
    at.session_state[key] = index
    at.run()
    step = TRACE.phase_steps(*(("forward", "error") if page == "forward" else ("backward",)))[
        index]
    text = page_text(at)
    substituted, _ = step.display(4)
    assert len(text) > 2000 and r"\large" in text  # the scan reads the formulas as sent
    assert fmt(step.value, 4) not in text  # the value, with its sign
    assert fmt(abs(step.value), 4) not in text  # nor its size alone
    assert substituted not in text and say(step.message, "en") not in text
    assert t("code.toggle", "en") not in text  # no code view of the step before the commit
    if page == "backward":
        at.radio(key=widget_key(page, index, "sign")).set_value("positive").run()
        at.radio(key=widget_key(page, index, "size")).set_value("bigger").run()
    else:
        at.text_input(key=widget_key(page, index, "number")).input("0.5").run()
    at.button(key=f"predict.commit.{page}.{index}").click().run()
    after = page_text(at)
    assert fmt(step.value, 4) in after
    assert all(number in after for number in re.findall(r"\d+\.\d+", substituted))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_reveal_says_why_in_the_steps_own_rule(lang):
    at = predicting("backward", lang)
    at.session_state[stepping_state.STEP_BACKWARD] = 0  # ∂E/∂out_o1 = out − target > 0
    at.run()
    at.radio(key=widget_key("backward", 0, "sign")).set_value("negative").run()
    at.radio(key=widget_key("backward", 0, "size")).set_value("bigger").run()
    at.button(key="predict.commit.backward.0").click().run()
    [said] = [w.value for w in at.warning]
    assert t("predict.why.error_slope_above", lang, out="out_o1", out_value=fmt(
        TRACE["out_o1"], 4), target="target_o1", target_value=fmt(0.01, 4)) in said
    at.session_state[stepping_state.STEP_BACKWARD] = 2  # δ_o1 = 0.7414 · 0.1868
    at.run()
    at.radio(key=widget_key("backward", 2, "sign")).set_value("negative").run()
    at.radio(key=widget_key("backward", 2, "size")).set_value("bigger").run()
    at.button(key="predict.commit.backward.2").click().run()
    [said] = [w.value for w in at.warning]
    assert t("predict.why.scaled_smaller", lang, last="∂out_o1/∂net_o1",
             factor="∂E/∂out_o1", value=fmt(TRACE["dE_dout_o1"], 4)) in said


def test_a_forward_prediction_that_is_a_known_slip_is_told_the_slip():
    at = predicting("forward")
    at.session_state[stepping_state.STEP_FORWARD] = 1  # out_h1 = σ(net_h1)
    at.run()
    at.text_input(key=widget_key("forward", 1, "number")).input("0.3775").run()  # net_h1
    at.button(key="predict.commit.forward.1").click().run()
    [said] = [w.value for w in at.warning]
    assert t("mistake.no_sigmoid", "en", at="out_h1", neuron="h1") in said
