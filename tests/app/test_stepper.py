"""One position per stepping page: the controls, the diagram, the formula and the table show
the same step; Play advances it on the server's clock, pauses for any other control, stops
at the end and is off in practice mode; the last step leads on to the next page."""

import xml.etree.ElementTree as ET

import pytest
from streamlit.testing.v1 import AppTest

from bpcore import Scenario, trace_step
from tests.app.apptest import figures, open_page, svg_pictures
from tutor import session
from tutor.figures.network import HIGHLIGHT
from tutor.i18n import LANGUAGES, t
from tutor.modes import state as modes_state
from tutor.stepping import state as stepping_state
from tutor.stepping.stepper import EARLY_TICK, playing, start_playing, stop_elsewhere, tick

SVG_NS = "{http://www.w3.org/2000/svg}"
TRACE = trace_step(Scenario.worked_example())
PAGES = {"forward": (stepping_state.STEP_FORWARD, TRACE.phase_steps("forward", "error")),
         "backward": (stepping_state.STEP_BACKWARD, TRACE.phase_steps("backward")),
         "update": (stepping_state.STEP_UPDATE, TRACE.phase_steps("update"))}


def press(at: AppTest, key: str, what: str) -> AppTest:
    return at.button(key=f"{key}.{what}").click().run()


def lit_nodes(at: AppTest) -> set[str]:
    """The nodes ringed in the highlight colour in the diagram's picture (its circles, then
    their names: the first texts, in the same order)."""
    ((_, svg),) = svg_pictures(at)
    root = ET.fromstring(svg)
    circles = root.findall(f"{SVG_NS}circle")
    names = ["".join(text.itertext()) for text in root.findall(f"{SVG_NS}text")]
    return {n for n, c in zip(names, circles, strict=False) if c.get("stroke") == HIGHLIGHT}


def assert_one_position(at: AppTest, page: str, index: int) -> None:
    """The slider, the formula's header, the values table and the diagram show step index."""
    key, steps = PAGES[page]
    assert at.session_state[key] == index
    assert at.slider(key=stepping_state.slider_key(key)).value == index + 1
    header = t("formula.step_of", "en", index=index + 1, count=len(steps))
    assert any(m.value.startswith(f"**{header}**") for m in at.markdown)
    if page != "update":  # the update page shows its old → new table instead
        assert len(at.table[0].value) == index + 1
    expected = {n for n in steps[index].nodes if not n.startswith(("i", "b"))}
    assert {n for n in lit_nodes(at) if not n.startswith(("i", "b"))} == expected


@pytest.mark.parametrize("page", list(PAGES))
def test_every_control_moves_the_one_position_of_the_page(page):
    key, steps = PAGES[page]
    at = open_page(page)
    assert_one_position(at, page, 0)
    press(at, key, "next")
    press(at, key, "next")
    assert_one_position(at, page, 2)
    press(at, key, "previous")
    assert_one_position(at, page, 1)
    at.slider(key=stepping_state.slider_key(key)).set_value(len(steps) - 1).run()
    assert_one_position(at, page, len(steps) - 2)
    press(at, key, "restart")
    assert_one_position(at, page, 0)
    assert len(svg_pictures(at)) == 1 and not at.exception  # the diagram


def test_there_is_one_step_slider_on_a_stepping_page():
    at = open_page("backward")
    assert [
        s.key for s in at.main.slider] == [stepping_state.slider_key(stepping_state.STEP_BACKWARD)]
    # the diagram is a still picture of the step: no slider or frames of its own
    assert not figures(at) and len(svg_pictures(at)) == 1


def test_play_moves_the_whole_page_and_shows_pause():
    key, _ = PAGES["forward"]
    at = open_page("forward")
    press(at, key, "play")
    assert playing(at.session_state, key)
    assert_one_position(at, "forward", 1)  # Play takes the first step at once
    assert at.button(key=f"{key}.pause").label == t("stepper.pause", "en")
    assert not [b for b in at.button if b.key == f"{key}.play"]
    press(at, key, "pause")
    assert not playing(at.session_state, key)
    assert_one_position(at, "forward", 1)


def test_next_while_playing_pauses_and_goes_on_from_where_play_is():
    key, _ = PAGES["backward"]
    at = open_page("backward")
    at.slider(key=stepping_state.slider_key(key)).set_value(5).run()
    press(at, key, "play")  # at step 6 now
    press(at, key, "next")
    assert not playing(at.session_state, key)
    assert_one_position(at, "backward", 6)


def test_play_at_the_last_step_starts_over_from_the_first():
    key, steps = PAGES["forward"]
    at = open_page("forward")
    at.slider(key=stepping_state.slider_key(key)).set_value(len(steps)).run()
    press(at, key, "play")
    assert playing(at.session_state, key)
    assert_one_position(at, "forward", 0)


def test_each_tick_takes_one_step_and_play_stops_at_the_last():
    ss = {session.PAGE_NOW: "forward", stepping_state.PLAY_SPEED: 1.0}
    start_playing(ss, "k", 4, now=100.0)
    assert ss["k"] == 1 and playing(ss, "k")
    assert not tick(ss, "k", 4, now=100.0 + EARLY_TICK / 2)  # a late tick of an old clock
    assert tick(ss, "k", 4, now=101.0) and ss["k"] == 2
    assert tick(ss, "k", 4, now=102.0) and ss["k"] == 3
    assert not playing(ss, "k")  # the last step: Play stops there
    assert not tick(ss, "k", 4, now=110.0) and ss["k"] == 3


def test_a_tick_follows_the_chosen_speed():
    ss = {session.PAGE_NOW: "forward", stepping_state.PLAY_SPEED: 5.0}
    start_playing(ss, "k", 10, now=0.0)
    assert not tick(ss, "k", 10, now=2.0)  # 5 s per step: too soon
    assert tick(ss, "k", 10, now=5.0) and ss["k"] == 2


def test_play_stops_in_practice_mode_and_on_another_page():
    ss = {session.PAGE_NOW: "forward"}
    start_playing(ss, "k", 10, now=0.0)
    ss[modes_state.PRACTICE] = True
    assert not tick(ss, "k", 10, now=9.0) and ss["k"] == 1 and not playing(ss, "k")
    ss[modes_state.PRACTICE] = False
    start_playing(ss, "k", 10, now=10.0)
    stop_elsewhere(ss, "backward")
    assert not playing(ss, "k") and ss[session.PAGE_NOW] == "backward"


def test_leaving_the_page_stops_play():
    key, _ = PAGES["forward"]
    at = open_page("forward")
    press(at, key, "play")
    at.switch_page("app_pages/backward.py").run()
    at.switch_page("app_pages/forward.py").run()
    assert not playing(at.session_state, key)
    assert at.button(key=f"{key}.play")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_play_is_off_in_practice_mode_and_says_why(lang):
    key, _ = PAGES["forward"]
    at = open_page("forward", lang)
    at.sidebar.toggle(key=modes_state.PRACTICE).set_value(True).run()
    play = at.button(key=f"{key}.play")
    assert play.disabled
    assert play.proto.help == t("stepper.play_off_practice", lang)


def test_the_speed_is_the_teachers_and_stays_across_pages():
    at = open_page("forward")
    at.selectbox(key=stepping_state.PLAY_SPEED_WIDGET).set_value(0.5).run()
    assert at.session_state[stepping_state.PLAY_SPEED] == 0.5
    at.switch_page("app_pages/update.py").run()
    assert at.selectbox(key=stepping_state.PLAY_SPEED_WIDGET).value == 0.5


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(("page", "then"), [("forward", "backward"), ("backward", "update"),
                                            ("update", "training")])
def test_the_last_step_leads_on_to_the_next_page(page, then, lang):
    key, steps = PAGES[page]
    at = open_page(page, lang)
    assert not [b for b in at.button if b.key == f"{key}.way_on"]
    at.slider(key=stepping_state.slider_key(key)).set_value(len(steps)).run()
    way_on = at.button(key=f"{key}.way_on")
    assert way_on.label == t("stepper.way_on", lang, page=t(f"page.{then}", lang))
    assert not [b for b in at.button if b.key == f"{key}.next"]
    way_on.click().run()
    assert not at.exception
    assert at.title[0].value == t(f"page.{then}", lang)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(("page", "back"), [("backward", "forward"), ("update", "backward")])
def test_previous_at_the_first_step_crosses_back_to_the_last_step_of_the_page_before(
        page, back, lang):
    key, _ = PAGES[page]
    back_key, back_steps = PAGES[back]
    at = open_page(page, lang)
    assert not [b for b in at.button if b.key == f"{key}.previous"]  # step 1: the way back
    way_back = at.button(key=f"{key}.way_back")
    assert way_back.label == t("stepper.way_back", lang, page=t(f"page.{back}", lang))
    way_back.click().run()
    assert not at.exception
    assert at.title[0].value == t(f"page.{back}", lang)
    assert at.session_state[back_key] == len(back_steps) - 1  # where Next left it
    assert at.button(key=f"{back_key}.way_on")  # and Next crosses forward again
    at.session_state[key] = 1
    at.switch_page(f"app_pages/{page}.py").run()
    assert at.button(key=f"{key}.previous") and not [
        b for b in at.button if b.key == f"{key}.way_back"]
