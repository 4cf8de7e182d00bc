"""A label that names no option, sent for any choice widget of any page (the sidebar's too):
no error, the page still drawn, and nothing in use changed (tutor.ui.choices).

What a browser sends for a choice widget is its option's label; AppTest only sends labels of
options, so the test writes the widget's state itself, as a browser would (a stale label after
a language switch, or anything a hostile browser makes up). One AppTest per page and language;
the widgets are tried one after another in it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from streamlit.proto.WidgetStates_pb2 import WidgetStates
from streamlit.testing.v1 import AppTest

from tests.app.apptest import APP, open_page
from tutor.builder import state as builder_state
from tutor.i18n import t
from tutor.modes import state as modes_state
from tutor.stepping import neteditor_state as ns

FOREIGN = "no such option ✗"
PAGES = sorted(p.stem for p in (Path(APP).parent / "app_pages").glob("*.py"))
# The pages with the most choices (and the sidebar's language and network boxes), in Chinese too.
BOTH_LANGUAGES = ("builder", "graph", "forward", "landscape")


def _with(**state: Any) -> Callable[[AppTest], AppTest]:
    def setup(at: AppTest) -> AppTest:
        for key, value in state.items():
            at.session_state[key] = value
        return at.run()
    return setup


def _own_network(at: AppTest) -> AppTest:
    at.query_params["net"] = "own"
    return at.run()


# Choices drawn only in some state of a page: a mode's questions, the own network's editor,
# the builder's own points.
SETUPS: dict[str, Callable[[AppTest], AppTest]] = {
    "predict": _with(**{modes_state.PREDICT: True}),
    "concept": _with(**{modes_state.CONCEPT_OPEN: True}),
    "own-network": _own_network,
    "own-points": _with(**{builder_state.BUILDER_SOURCE: "own"}),
}
# a widget each setup must bring (by key)
BRINGS = {"predict": "predict.sign.backward.0", "concept": modes_state.concept_pick_key(0),
          "own-network": ns.OWN_HIDDEN, "own-points": builder_state.BUILDER_ADD_CLASS}
CASES = ([(page, "en", "") for page in PAGES] + [(page, "zh", "") for page in BOTH_LANGUAGES]
         + [("backward", "en", "predict"), ("update", "zh", "concept"),
            ("forward", "en", "own-network"), ("builder", "en", "own-points")])
# The choice widgets' element types in AppTest's tree (segmented_control / pills: button_group)
KINDS = ("selectbox", "radio", "multiselect", "select_slider", "button_group")
# whose browser state is a list of labels
LISTS = ("multiselect", "select_slider", "button_group")
_PLAIN = (str, int, float, bool, type(None))


def _plain(value: Any) -> bool:
    return isinstance(value, _PLAIN) or (
        isinstance(value, list | tuple) and all(isinstance(v, _PLAIN) for v in value))


def in_use(at: AppTest) -> dict[str, Any]:
    """The session's plain values (every setting and widget value the features read)."""
    return {k: v for k, v in at.session_state.items() if _plain(v)}


def choices(at: AppTest) -> list[tuple[str, str, str]]:
    """(kind, widget id, its key or label) of every choice widget now on the page."""
    return [(kind, w.id, w.key or w.label) for kind in KINDS for w in at.get(kind)
            if not w.disabled]


def send_foreign(at: AppTest, widget_id: str, kind: str) -> AppTest:
    """Rerun with the widget's state replaced by a label that names no option."""
    states: WidgetStates = at._tree.get_widget_states()
    [state] = [state for state in states.widgets if state.id == widget_id]
    if kind in LISTS:
        state.string_array_value.data[:] = [FOREIGN]
    else:
        state.string_value = FOREIGN
    return at._run(states)


def titled(at: AppTest, page: str, lang: str) -> bool:
    return any(title.value == t(f"page.{page}", lang) for title in at.title)


def opened(page: str, lang: str, setup: str) -> AppTest:
    at = open_page(page, lang)
    return SETUPS[setup](at) if setup else at.run()


@pytest.mark.parametrize(("page", "lang", "setup"), CASES,
                         ids=["-".join(filter(None, case)) for case in CASES])
def test_a_label_that_names_no_option_changes_nothing(page: str, lang: str, setup: str) -> None:
    at = opened(page, lang, setup)
    first = in_use(at)
    at.run()
    # what changes on a bare rerun (counters, timings) is no value in use
    steady = {k for k, v in in_use(at).items() if first.get(k, v) == v}
    widgets = choices(at)
    assert widgets, page
    assert not setup or BRINGS[setup] in {name for _, _, name in widgets}, setup
    unsafe: list[str] = []
    for kind, widget_id, name in widgets:
        before = in_use(at)
        if widget_id not in {w.id for w in at.get(kind)}:
            continue  # not drawn in this state of the page
        at = send_foreign(at, widget_id, kind)
        after = in_use(at)
        changed = sorted(k for k in steady & before.keys() if after.get(k) != before[k])
        if at.exception or not titled(at, page, lang) or changed:
            said = at.exception[0].message if at.exception else ""
            unsafe.append(f"{kind} {name!r}: error={said!r} titled={titled(at, page, lang)} "
                          f"changed={[(k, before[k], after.get(k)) for k in changed]}")
            at = opened(page, lang, setup)  # a fresh session for the next widget
    assert not unsafe, "\n".join(unsafe)


# --- the live classroom's choices (a room of its own: tutor.live) ----------------------------
@pytest.fixture
def own_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A store of this test's own (tutor.live.room.open_store reads the variable)."""
    monkeypatch.setenv("BPTUTOR_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("BPTUTOR_REDIS_URL", raising=False)


def foreign_kept(at: AppTest, key: str, sidebar: bool = False) -> AppTest:
    """Send a foreign label for the radio kept under ``key``: no error, its value as it was."""
    before = at.session_state[key]
    radio = (at.sidebar if sidebar else at).radio(key=key)
    at = send_foreign(at, radio.id, "radio")
    assert not at.exception, (key, at.exception)
    assert at.session_state[key] == before, key
    assert (at.sidebar if sidebar else at).radio(key=key).value == before, key
    return at


def test_a_foreign_label_for_the_teachers_ask_kind_and_a_students_prediction_keeps_them(
        own_store: None) -> None:
    from tests.live import test_classroom as classroom
    from tutor.live import state as live_state

    teacher = classroom.start_class("backward")
    teacher.sidebar.radio(key=live_state.LIVE_ASK_KIND).set_value("predict").run()
    teacher = foreign_kept(teacher, live_state.LIVE_ASK_KIND, sidebar=True)
    teacher.sidebar.button(key="live.ask").click().run()
    question = teacher.session_state[live_state.LIVE_QUESTION]
    assert question.kind == "predict"  # the kind kept is the kind asked
    student = classroom.join(classroom.code_of(teacher))
    student.run()
    for part, value in (("sign", "positive"), ("size", "bigger")):
        key = live_state.live_answer_key(question.id, part)
        student.radio(key=key).set_value(value).run()
        student = foreign_kept(student, key)
    student.button(key=f"live.send.{question.id}").click().run()
    assert [x.value for x in student.text] == ["positive bigger"]


def test_a_foreign_label_for_a_concept_check_pick_keeps_the_pick(own_store: None) -> None:
    from tests.live import test_classroom as classroom
    from tutor.live import state as live_state

    teacher = classroom.start_class()
    student = classroom.join(classroom.code_of(teacher), "zh")
    teacher.sidebar.button(key="live.check.pre").click().run()
    check_id, _ = teacher.session_state[live_state.LIVE_CHECK_RUNS]["pre"]
    student.run()
    key = live_state.live_check_pick_key(check_id, 0)
    student.radio(key=key).set_value(1).run()
    student = foreign_kept(student, key)
    assert student.radio(key=live_state.live_check_pick_key(check_id, 1)).value is None
    student = foreign_kept(student, live_state.live_check_pick_key(check_id, 1))  # none yet
