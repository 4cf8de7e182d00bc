"""A learner stepping alone: a step move reruns the page and the lesson link alone
(tutor.stepping.stepper.rerun_step_parts), and those parts rerun for anything else
draw the whole app instead (tutor.live.ui._own_part)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from streamlit.errors import StreamlitAPIException

from tutor.live import push as live_push
from tutor.live import ui as live_ui
from tutor.stepping import state as stepping_state
from tutor.stepping import stepper


class Rerun(Exception):
    """What the fake st.rerun raises (Streamlit's halts the run the same way)."""


def fake_st(monkeypatch, module, session: dict, unknown: bool = False) -> list:
    """``module``'s st with ``session`` as its session state; the reruns asked for."""
    reruns: list = []

    def rerun(scope="app"):
        if unknown and scope != "app":
            raise StreamlitAPIException("unknown fragment key")
        reruns.append(scope)
        raise Rerun

    monkeypatch.setattr(module, "st", SimpleNamespace(session_state=session, rerun=rerun,
                                                      query_params={}))
    return reruns


def test_a_step_move_reruns_the_page_and_the_lesson_link_alone(monkeypatch):
    parts = live_push.PUSHED_FRAGMENTS
    session = {stepping_state.STEP_PARTS: parts, "step.forward": 2}
    reruns = fake_st(monkeypatch, stepper, session)
    with pytest.raises(Rerun):
        stepper._move("step.forward", 3, 11)
    assert reruns == [list(parts)] and session["step.forward"] == 3
    assert session[stepping_state.STEP_RUNS] == parts


@pytest.mark.parametrize("parts", [None, ()])
def test_without_the_parts_a_step_move_is_the_click_s_own_run(monkeypatch, parts):
    session = {"step.forward": 2, **({stepping_state.STEP_PARTS: parts} if parts is not None
                                      else {})}
    reruns = fake_st(monkeypatch, stepper, session)
    stepper._move("step.forward", 3, 11)  # a teacher, a follower, AppTest: the whole app
    assert reruns == [] and session["step.forward"] == 3


def test_a_part_the_last_full_run_did_not_draw_leaves_the_whole_app_to_run(monkeypatch):
    session = {stepping_state.STEP_PARTS: live_push.PUSHED_FRAGMENTS, "step.forward": 0}
    reruns = fake_st(monkeypatch, stepper, session, unknown=True)
    stepper._move("step.forward", 1, 11)  # no exception reaches the learner
    assert reruns == [] and session[stepping_state.STEP_RUNS] == ()


@pytest.fixture()
def fragment_run(monkeypatch):
    """A run of fragments alone, as a step move's rerun or a click inside one."""
    monkeypatch.setattr(live_ui, "_fragment_run", lambda: True)
    kept = []
    monkeypatch.setattr(live_ui.url_state, "keep_in_url", lambda ss, qp, page: kept.append(page))
    return kept


def test_a_step_move_s_rerun_draws_each_part_once_and_the_address_follows(monkeypatch,
                                                                        fragment_run):
    session = {stepping_state.STEP_RUNS: live_push.PUSHED_FRAGMENTS}
    reruns = fake_st(monkeypatch, live_ui, session)
    drawn = []
    live_ui._own_part(live_push.PAGE_FRAGMENT, lambda: drawn.append("page"), "forward")
    live_ui._own_part(live_push.SHARE_FRAGMENT, lambda: drawn.append("link"), "forward")
    assert drawn == ["page", "link"] and reruns == [] and fragment_run == ["forward"]
    assert session[stepping_state.STEP_RUNS] == ()
    # a click inside the page afterwards (an answer, a toggle) is not a step move
    with pytest.raises(Rerun):
        live_ui._own_part(live_push.PAGE_FRAGMENT, lambda: drawn.append("again"), "forward")
    assert reruns == ["app"] and drawn == ["page", "link"]


def test_in_the_app_s_own_run_a_part_is_drawn_as_it_is(monkeypatch):
    monkeypatch.setattr(live_ui, "_fragment_run", lambda: False)
    session: dict = {}
    reruns = fake_st(monkeypatch, live_ui, session)
    drawn = []
    live_ui._own_part(live_push.PAGE_FRAGMENT, lambda: drawn.append("page"), "forward")
    assert drawn == ["page"] and reruns == []


def test_a_way_on_asked_for_inside_the_page_switches_from_the_page_s_own_run(monkeypatch,
                                                                           fragment_run):
    """The way-on button's callback asks for the next page (WAY_WANTED); the page's
    fragment then draws (the button switches the page), not the whole app first."""
    session = {stepping_state.WAY_WANTED: "app_pages/backward.py"}
    reruns = fake_st(monkeypatch, live_ui, session)
    drawn = []
    live_ui._own_part(live_push.PAGE_FRAGMENT, lambda: drawn.append("page"), "forward")
    assert drawn == ["page"] and reruns == []
    with pytest.raises(Rerun):  # the lesson link is no part of it
        live_ui._own_part(live_push.SHARE_FRAGMENT, lambda: drawn.append("link"), "forward")
    assert reruns == ["app"]
