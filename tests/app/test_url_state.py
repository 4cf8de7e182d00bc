"""The address bar carries the learner's place: state → URL → a fresh session → the same state."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from bpcore import Scenario
from tests.app.apptest import field, with_panels_open
from tutor import session as app_session
from tutor.builder import state as builder_state
from tutor.i18n import LANGUAGES, t
from tutor.lesson import state as lesson_state
from tutor.lesson import url_state
from tutor.lesson.codec import Lesson, decode, encode
from tutor.lesson.url_state import (
    KEEP_WRITTEN,
    default_lesson,
    go_to_address,
    keep_in_url,
    wanted_lesson,
)
from tutor.stepping import state as stepping_state
from tutor.stepping.editor import widget_key

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def opened(path: str, query: dict[str, str] | None = None) -> AppTest:
    """A new session (a reload, perhaps on another replica) at ``path`` with ``query``."""
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in (query or {"lang": "en"}).items():
        at.query_params[key] = value
    at.run()
    return at.switch_page(path).run() if path else at


def reload(at: AppTest, path: str) -> AppTest:
    """What a browser reload of ``at``'s address opens: a fresh session with its query."""
    return opened(path, {k: v for k, v in at.query_params.items() if isinstance(v, str)})


def press_next(at: AppTest, times: int, key: str = stepping_state.STEP_FORWARD) -> None:
    for _ in range(times):
        at.button(key=f"{key}.next").click().run()


def test_a_fresh_session_writes_no_lesson_into_the_address():
    at = opened("")
    assert not at.exception
    assert at.query_params == {"lang": "en"}


def test_the_forward_pass_place_survives_a_reload_on_another_session():
    at = opened("app_pages/forward.py")
    press_next(at, 3)
    at.sidebar.text_input(key=widget_key("w1")).input("0.9").run()
    at.sidebar.slider(key=app_session.PRECISION_WIDGET).set_value(6).run()
    [radio] = [r for r in at.sidebar.radio if r.key == app_session.LANG_WIDGET]
    radio.set_value("zh").run()
    assert at.query_params["lang"] == "zh"
    assert decode(at.query_params["lesson"]).step == 3

    again = reload(at, "app_pages/forward.py")
    assert not again.exception
    assert again.session_state[app_session.LANG] == "zh"
    assert again.session_state[
        stepping_state.SCENARIO] == Scenario.worked_example().with_value("w1", 0.9)
    assert again.session_state[stepping_state.STEP_FORWARD] == 3
    assert again.session_state[app_session.PRECISION] == 6
    assert again.title[0].value == t("page.forward", "zh")
    assert again.query_params == at.query_params  # the new session writes the same address


def test_the_backward_step_and_hidden_panels_survive_a_reload():
    at = opened("app_pages/backward.py")
    press_next(at, 5, stepping_state.STEP_BACKWARD)
    with_panels_open(at, lesson_state.SHARE_OPEN)  # "Share this lesson" holds the choice
    at.sidebar.multiselect(key=lesson_state.HIDDEN_WIDGET).select("table").run()
    again = reload(at, "app_pages/backward.py")
    assert not again.exception
    assert again.session_state[stepping_state.STEP_BACKWARD] == 5
    assert again.session_state[lesson_state.HIDDEN] == ("table",)
    assert not again.table


def test_the_builder_recipe_survives_a_reload():
    at = opened("app_pages/builder.py")
    at.selectbox(key=builder_state.BUILDER_DATASET).set_value("xor").run()
    field(at, builder_state.BUILDER_EPOCHS).input("30").run()
    recipe = builder_state.builder_recipe(at.session_state)
    assert (recipe.data.name, recipe.epochs) == ("xor", 30)
    again = reload(at, "app_pages/builder.py")
    assert not again.exception
    assert builder_state.builder_recipe(again.session_state) == recipe


def test_going_back_to_the_start_clears_the_lesson_from_the_address():
    at = opened("app_pages/forward.py")
    press_next(at, 2)
    assert "lesson" in at.query_params
    at.button(key=f"{stepping_state.STEP_FORWARD}.restart").click().run()
    assert "lesson" not in at.query_params
    assert at.query_params["lang"] == "en"


def test_a_late_click_carrying_an_older_address_of_ours_does_not_undo_the_lesson():
    at = opened("app_pages/forward.py")
    at.sidebar.text_input(key=widget_key("w2")).input("0.7").run()
    press_next(at, 1)
    older = at.query_params["lesson"]
    press_next(at, 1)
    # The browser had not yet seen the newest address when it sent the next click.
    at.query_params["lesson"] = older
    press_next(at, 1)
    assert at.session_state[stepping_state.STEP_FORWARD] == 3
    assert at.session_state[stepping_state.SCENARIO].get("w2") == 0.7
    assert decode(at.query_params["lesson"]).step == 3


def test_a_shared_link_is_applied_once_and_then_followed_by_the_address():
    lesson = Lesson(Scenario.worked_example().with_value("w8", -0.25), step=4, precision=5)
    at = opened("app_pages/forward.py", {"lang": "en", "lesson": encode(lesson)})
    assert at.session_state[stepping_state.STEP_FORWARD] == 4
    press_next(at, 1)
    assert at.session_state[stepping_state.STEP_FORWARD] == 5
    assert decode(at.query_params["lesson"]) == Lesson(lesson.scenario, 5, 5)


def test_back_and_forward_go_to_the_place_the_address_had(monkeypatch):
    at = opened("app_pages/forward.py")
    press_next(at, 1)
    first = at.query_params["lesson"]
    press_next(at, 2)
    third = at.query_params["lesson"]
    monkeypatch.setattr(url_state, "history_navigation", lambda: True)
    at.query_params["lesson"] = first  # the browser's Back, twice
    at.run()
    assert not at.exception
    assert at.session_state[stepping_state.STEP_FORWARD] == 1
    assert at.query_params["lesson"] == first  # no new address: Back can go on
    del at.query_params["lesson"]  # … to the address the page opened with
    at.run()
    assert at.session_state[stepping_state.STEP_FORWARD] == 0 and "lesson" not in at.query_params
    at.query_params["lesson"] = third  # and Forward again
    at.run()
    assert at.session_state[stepping_state.STEP_FORWARD] == 3
    # drawn from it
    assert at.slider(key=stepping_state.slider_key(stepping_state.STEP_FORWARD)).value == 4


@pytest.mark.parametrize("lang", LANGUAGES)
def test_an_invalid_address_shows_the_worked_example_with_the_existing_message(lang):
    at = opened("app_pages/forward.py", {"lang": lang, "lesson": "damaged"})
    # The message shows on the first run, the overview a fresh session lands on.
    first = opened("", {"lang": lang, "lesson": "damaged"})
    assert [e.value for e in first.error] == [t("lesson.rejected", lang,
                                                reason=t("lesson.error.corrupt", lang))]
    for session in (first, at):
        assert not session.exception
        assert session.session_state[stepping_state.SCENARIO] == Scenario.worked_example()
        assert session.session_state[stepping_state.STEP_FORWARD] == 0
        assert "lesson" not in session.query_params  # the address now says what is shown
        assert session.query_params["lang"] == lang


# --- keep_in_url on plain mappings ------------------------------------------------------------
def session(**values: object) -> dict[str, object]:
    s: dict[str, object] = {app_session.LANG: "en"}
    app_session.init_state(s, {})
    stepping_state.init_scenario(s)
    s.update(values)
    return s


class CountingParams(dict):
    """Query params that count the writes (each write is a message to the browser)."""

    writes = 0

    def __setitem__(self, key: str, value: object) -> None:
        self.writes += 1
        super().__setitem__(key, value)


def test_the_address_is_written_only_when_the_state_changes():
    s, params = session(), CountingParams(lang="en")
    s[stepping_state.STEP_FORWARD] = 2
    keep_in_url(s, params, "forward")
    keep_in_url(s, params, "forward")
    assert params.writes == 1
    assert decode(params["lesson"]).step == 2
    assert s[lesson_state.LESSON_APPLIED] == params["lesson"]


def test_the_default_lesson_is_what_a_fresh_session_holds():
    for page in ("overview", "forward", builder_state.BUILDER_PAGE):
        assert wanted_lesson(session(), page) is None
        assert lesson_state.current_lesson(session(), page) == default_lesson(page)


def test_own_values_are_never_applied_back_and_stay_bounded():
    s, params = session(), CountingParams(lang="en")
    values = []
    for step in range(1, KEEP_WRITTEN + 6):
        s[stepping_state.STEP_FORWARD] = step
        keep_in_url(s, params, "forward")
        values.append(params["lesson"])
    assert len(s[lesson_state.LESSON_WRITTEN]) == KEEP_WRITTEN
    assert s[lesson_state.LESSON_WRITTEN][-1] == values[-1]
    lesson_state.apply_lesson(s, values[-3])  # a late click with an older address
    assert s[stepping_state.STEP_FORWARD] == KEEP_WRITTEN + 5
    lesson_state.apply_lesson(s, encode(Lesson(Scenario.worked_example(), step=1, precision=3)))
    # a new link still applies
    assert (s[stepping_state.STEP_FORWARD], s[app_session.PRECISION]) == (1, 3)


def test_going_to_an_address_applies_only_what_differs_and_only_our_own():
    s, params = session(), CountingParams(lang="en")
    s[stepping_state.STEP_FORWARD] = 2
    keep_in_url(s, params, "forward", history=False)
    two = params["lesson"]
    assert not go_to_address(s, two, "forward")  # already there
    foreign = encode(Lesson(Scenario.worked_example(), step=7))
    assert not go_to_address(s, foreign, "forward")  # apply_lesson's job, not ours
    assert go_to_address(s, None, "forward")  # the address the page opened with
    assert s[
        stepping_state.STEP_FORWARD] == 0 and s[
            stepping_state.SCENARIO] == Scenario.worked_example()
    assert go_to_address(s, two, "forward")
    assert s[stepping_state.STEP_FORWARD] == 2


def test_back_and_forward_between_typed_net_addresses_show_their_networks(monkeypatch):
    """/forward?net=xor and /forward?net=softmax as typed (no ?lesson=): Back and Forward
    between them show each address's network, at its first step."""
    from tests.app.test_net_pages import open_net
    from tutor.stepping import network

    at = open_net("forward", "xor")
    at.sidebar.selectbox(key=network.NET_WIDGET).set_value("softmax").run()
    press_next(at, 2)
    monkeypatch.setattr(url_state, "history_navigation", lambda: True)
    for net in ("xor", "softmax", "xor"):
        del at.query_params["lesson"]
        at.query_params["net"] = net
        at.run()
        assert not at.exception
        assert at.session_state[network.NET_ID] == net
        assert at.session_state[stepping_state.STEP_FORWARD] == 0
    del at.query_params["net"]  # and back to the worked example's /forward
    del at.query_params["lesson"]
    at.run()
    assert network.is_worked(at.session_state) and "net" not in at.query_params


def test_a_way_on_opens_its_page_at_an_address_that_restores_the_session():
    """The address a way-on button opens (url_state.address) holds the lesson the session is
    on there: Back to that history entry gives the same session, not the default lesson
    (presentation mode off, the numbers reset), and arriving does not apply it again."""
    s = session()
    s[lesson_state.PRESENTATION] = True
    s[stepping_state.STEP_BACKWARD] = 0
    params = url_state.address(s, "backward")
    assert params["lang"] == "en" and decode(params["lesson"]).presentation
    assert params["lesson"] == wanted_lesson(s, "backward")
    assert params["lesson"] in s[lesson_state.LESSON_WRITTEN]  # the session's own
    assert not go_to_address(s, params["lesson"], "backward")  # Back to it: already there
    assert "net" not in params  # the worked example's addresses carry no ?net=
    fresh = session()
    assert url_state.address(fresh, "backward") == {"lang": "en"}  # the default: no lesson
