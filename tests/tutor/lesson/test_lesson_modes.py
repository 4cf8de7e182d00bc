"""Lesson links of version 2: the learning mode and the faded example's progress round-trip,
version-1 links still decode (as watching), and a bad mode or progress is refused whole."""

import base64
import json
import zlib

import pytest

from bpcore import Scenario
from tutor.lesson.codec import VERSION, Fade, Lesson, LessonError, decode, encode


def pack(payload: object) -> str:
    raw = zlib.compress(json.dumps(payload).encode())
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def payload(lesson: Lesson) -> dict:
    return json.loads(zlib.decompress(base64.urlsafe_b64decode(encode(lesson) + "==")))


@pytest.mark.parametrize("lesson", [
    Lesson(Scenario.worked_example(), mode="predict"),
    Lesson(Scenario.worked_example(), mode="practice", seed=9),
    Lesson(Scenario.worked_example(), mode="fade", fade=Fade(2, ("w5_new",), None)),
    Lesson(Scenario.worked_example(), mode="fade", fade=Fade(6, ("dE_dout_o1",), 12345)),
])
def test_the_mode_and_the_fading_progress_round_trip(lesson):
    assert decode(encode(lesson)) == lesson
    assert payload(lesson)["v"] == VERSION == 2


def test_a_version_1_link_still_decodes_as_watching():
    old = payload(Lesson(Scenario.worked_example(), step=3, precision=6))
    old["v"] = 1
    lesson = decode(pack(old))
    assert lesson.step == 3 and lesson.precision == 6
    assert lesson.mode == "" and lesson.fade == Fade()


def test_a_watching_lesson_writes_neither_mode_nor_progress():
    assert not {"m", "f"} & set(payload(Lesson(Scenario.worked_example())))


@pytest.mark.parametrize("change", [
    {"m": "quiz"}, {"m": 1}, {"f": [7, [], None]}, {"f": [-1, [], None]},
    {"f": [1, ["dE_dw1"], None]}, {"f": [1, [], -5]}, {"f": [1, []]}, {"f": "1"},
    {"f": [True, [], None]}, {"v": 1, "m": "predict"},
])
def test_a_bad_mode_or_progress_is_refused_whole(change):
    good = payload(Lesson(Scenario.worked_example(), mode="fade", fade=Fade(1, (), None)))
    with pytest.raises(LessonError) as err:
        decode(pack(good | change))
    assert err.value.code == "corrupt"


def test_a_mode_that_cannot_be_set_now_waits_for_the_next_run():
    """Back / Forward applies a lesson after the toggles were drawn: Streamlit refuses to
    change a drawn widget, so the mode waits (state.MODE_PENDING) and is said already."""
    from streamlit.errors import StreamlitAPIException

    from tutor.modes import state as modes_state

    class Drawn(dict):
        def __setitem__(self, key, value):
            if key in modes_state.MODE_KEYS.values():
                raise StreamlitAPIException("drawn")
            super().__setitem__(key, value)

    session = Drawn({modes_state.PRACTICE: True})
    modes_state.set_mode(session, "predict")
    assert session[modes_state.MODE_PENDING] == "predict" and modes_state.mode(session) == "predict"
    plain = {modes_state.PRACTICE: True}
    modes_state.set_mode(plain, "fade")
    # only what changes is written
    assert plain == {modes_state.PRACTICE: False, modes_state.FADE: True}
    assert modes_state.mode(plain) == "fade" and not modes_state.hides_answers(plain)
