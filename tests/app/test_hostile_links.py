"""Crafted lesson links: every one a coded refusal said in the learner's language, nothing
applied, no traceback (tutor/lesson/codec.py, bpcore/userdata.py's link points, tutor/state.py)."""

from __future__ import annotations

import base64
import json
import zlib

import pytest

from bpcore import Scenario
from bpcore.errors import MAX_JSON_DEPTH, CodedError
from bpcore.recipe import Recipe
from tests.app.test_lesson import open_link
from tutor.i18n import LANGUAGES, t
from tutor.lesson import state as lesson_state
from tutor.lesson.codec import Lesson, LessonError, decode, encode
from tutor.stepping import state as stepping_state
from tutor.stepping.editor import widget_key


def pack_text(text: str) -> str:
    """A link carrying ``text`` as its JSON, however wrong."""
    return base64.urlsafe_b64encode(zlib.compress(text.encode(), 9)).decode().rstrip("=")


def pack(payload: object) -> str:
    return pack_text(json.dumps(payload))


GOOD = json.loads(zlib.decompress(base64.urlsafe_b64decode(
    encode(Lesson(Scenario.worked_example(), builder=Recipe())) + "==")))
WRONG = [5, -1, 10**30, 1e308, 1.5, "x", "", True, None, [], [[[]]], {}, {"a": 1}]


def with_field(path: tuple[str, ...], value: object) -> dict:
    """GOOD with the value at ``path`` replaced."""
    payload = json.loads(json.dumps(GOOD))
    here = payload
    for key in path[:-1]:
        here = here[key]
    here[path[-1]] = value
    return payload


def _paths(value: object, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in [(*path, k), *_paths(v, (*path, k))]]
    return []


FIELDS = _paths(GOOD)
POINTS = ("b", "data", "points")
NESTED = '{"v":2,"s":' + "[" * 1000 + "]" * 1000 + "}"


def refusal(link: str) -> LessonError:
    with pytest.raises(LessonError) as caught:
        decode(link)
    assert isinstance(caught.value, CodedError) and caught.value.field == "lesson"
    return caught.value


@pytest.mark.parametrize("path", FIELDS, ids=".".join)
def test_a_wrong_type_in_any_field_is_a_lesson_or_a_coded_refusal(path):
    refused = 0
    for value in WRONG:
        try:
            lesson = decode(pack(with_field(path, value)))
        except LessonError:
            refused += 1
            continue
        assert decode(encode(lesson)) == lesson  # accepted: a lesson the app can write back
    assert refused >= len(WRONG) - 3  # a field allows few of these (h: [], sd: None, …)


@pytest.mark.parametrize(("s", "code"), [(5, "scenario"), ([], "scenario"), (None, "scenario"),
                                         ("x", "scenario"), (True, "scenario"), (1e20, "scenario")])
def test_a_scenario_that_is_not_an_object_is_refused(s, code):
    err = refusal(pack({**GOOD, "s": s}))
    assert err.code == code and err.scenario_error is not None
    assert err.scenario_error.code == "not_object"


@pytest.mark.parametrize(("text", "code"), [
    (NESTED, "too_deep"), ('{"v":2,"s":' + "{\"a\":" * 1000 + "1" + "}" * 1000 + "}", "too_deep"),
    ('{"v":2,"h":' + "[" * (MAX_JSON_DEPTH + 1) + "]" * (MAX_JSON_DEPTH + 1) + "}", "too_deep"),
    ("[" * 100_000, "corrupt")])  # past MAX_INFLATED: refused while it is inflated
def test_json_nested_past_the_limit_is_refused_before_it_is_parsed(text, code):
    assert refusal(pack_text(text)).code == code


def test_brackets_inside_strings_do_not_count_as_nesting():
    assert refusal(pack({**GOOD, "h": ["[" * 100]})).code == "corrupt"  # not too_deep


@pytest.mark.parametrize("xyc", [
    [10**20, 1, 0] * 4, [1, 10**30, 1, 2, 2, 0, 3, 3, 1, 4, 4, 0], [-(10**19), 0, 0] * 4,
    [1e20, 1, 0] * 4, [10**300, 0, 1] * 4, [1, 2, 0] * 101])  # 101 points: one past LINK_POINTS
def test_builder_points_past_any_number_a_link_can_carry_are_refused(xyc):
    assert refusal(pack(with_field(POINTS, {"v": 1, "xyc": xyc}))).code == "builder"


@pytest.mark.parametrize("text", [
    '{"v":2,"p":1e400}', '{"v":2,"step":1' + "0" * 5000 + "}", '{"v":2,"s":{"eta":1e400}}',
    '{"v":2,"s":{"eta":1' + "0" * 400 + "}}", '{"v":2,"p":NaN}',
    '{"v":2,"h":["' + "x" * 9000 + '"]}'])
def test_huge_numbers_and_strings_are_refused(text):
    assert refusal(pack_text(text)).code in ("corrupt", "scenario", "too_long")


def test_a_link_longer_than_the_limit_is_refused_before_it_is_decoded():
    assert refusal("A" * 200_000).code == "too_long"


CRAFTED = {
    "s=5": (pack({**GOOD, "s": 5}), "scenario"),
    "s=[]": (pack({**GOOD, "s": []}), "scenario"),
    "s=null": (pack({**GOOD, "s": None}), "scenario"),
    "nested 1000": (pack_text(NESTED), "too_deep"),
    "points 1e20": (pack(with_field(POINTS, {"v": 1, "xyc": [10**20, 1, 0] * 4})), "builder"),
    "p=1e400": (pack_text(json.dumps(GOOD)[:-1] + ',"p":1e400}'), "corrupt"),  # last "p" wins
    "giant": ("A" * 100_000, "too_long"),
}


@pytest.mark.parametrize("name", CRAFTED)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_crafted_link_is_said_in_the_learners_language_and_changes_nothing(name, lang):
    link, code = CRAFTED[name]
    at = open_link("app_pages/forward.py", link, lang)
    assert not at.exception
    assert at.session_state[stepping_state.SCENARIO] == Scenario.worked_example()
    [shown] = [e.value for e in at.error]
    assert shown.startswith(t("lesson.rejected", lang, reason="§").split("§")[0])
    assert t(f"lesson.error.{code}", lang) in shown
    assert "Traceback" not in shown and "Error" not in shown


def test_a_bad_link_keeps_the_numbers_the_session_has():
    at = open_link("app_pages/forward.py", encode(Lesson(Scenario.worked_example())))
    at.sidebar.text_input(key=widget_key("w1")).input("0.9").run()
    lesson_state.apply_lesson(at.session_state, pack({**GOOD, "s": 5}))  # a later link, crafted
    assert at.session_state[stepping_state.SCENARIO].get("w1") == 0.9
    assert at.session_state[lesson_state.LESSON_ERROR].code == "scenario"
