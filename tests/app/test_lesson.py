"""Lessons shared by link: exact round trips; bad links refused whole; the app applies them."""

import base64
import json
import zlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from bpcore import Scenario
from bpcore.builder import Architecture, DataSpec
from bpcore.recipe import Recipe
from tests.app.apptest import OPENED_DIRECTLY, field, shared_link
from tutor import session
from tutor.builder import state as builder_state
from tutor.i18n import LANGUAGES, t
from tutor.lesson.codec import MAX_LINK_CHARS, PANELS, VERSION, Lesson, LessonError, decode, encode
from tutor.stepping import state as stepping_state
from tutor.stepping.editor import widget_key

APP = str(Path(__file__).resolve().parents[2] / "app.py")
LESSON = Lesson(Scenario(weights=(0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 1 / 3), eta=2.0,
                         train_biases=True, biases=(0.1, 0.2, 0.3, 0.4)),
                step=5, precision=7, hidden=("table", "editor"), presentation=True)


def pack(payload: object) -> str:
    raw = zlib.compress(json.dumps(payload).encode())
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def test_every_field_round_trips_exactly():
    assert decode(encode(LESSON)) == LESSON


@settings(max_examples=50, deadline=None, derandomize=True)
@given(st.lists(st.floats(-1e6, 1e6), min_size=8, max_size=8), st.floats(1e-6, 1000),
       st.integers(0, 200), st.integers(2, 10), st.lists(st.sampled_from(PANELS), unique=True),
       st.booleans())
def test_round_trip_property(weights, eta, step, precision, hidden, presentation):
    lesson = Lesson(Scenario(weights=tuple(weights), eta=eta), step, precision, tuple(hidden),
                    presentation)
    assert decode(encode(lesson)) == lesson


def good_payload() -> dict:
    return json.loads(zlib.decompress(base64.urlsafe_b64decode(encode(LESSON) + "==")))


@pytest.mark.parametrize(("link", "code"), [
    ("not a lesson", "corrupt"),
    (encode(LESSON)[:-8], "corrupt"),                                   # truncated
    ("A" * (MAX_LINK_CHARS + 1), "too_long"),                           # oversized
    (pack(good_payload() | {"v": VERSION + 1}), "version"),
    (pack(good_payload() | {"extra": 1}), "corrupt"),                   # unknown key
    (pack(good_payload() | {"step": -1}), "corrupt"),
    (pack(good_payload() | {"p": 11}), "corrupt"),
    (pack(good_payload() | {"h": ["sidebar"]}), "corrupt"),
    (pack(good_payload() | {"step": True}), "corrupt"),
    (pack([1, 2, 3]), "corrupt"),
    (pack(good_payload() | {"s": good_payload()["s"] | {"eta": 0}}), "scenario"),
    (pack(good_payload() | {"s": {"weights": [0.1] * 8}}), "scenario"),  # half a scenario
])
def test_bad_links_are_refused_whole(link, code):
    with pytest.raises(LessonError) as err:
        decode(link)
    assert err.value.code == code


def test_a_tampered_byte_is_refused():
    raw = bytearray(base64.urlsafe_b64decode(encode(LESSON) + "=="))
    raw[len(raw) // 2] ^= 0xFF
    with pytest.raises(LessonError):
        decode(base64.urlsafe_b64encode(bytes(raw)).decode())


def test_a_decompression_bomb_is_refused_without_inflating_it():
    # 1.4 MB of JSON whitespace squeezes into a link shorter than the length limit …
    bomb = base64.urlsafe_b64encode(zlib.compress(b"{" + b" " * 1_400_000 + b"}", 9)).decode()
    assert len(bomb) <= MAX_LINK_CHARS
    with pytest.raises(LessonError) as err:  # … and is refused at 8 KB, never inflated whole
        decode(bomb.rstrip("="))
    assert err.value.code == "corrupt"


def open_link(path: str, link: str, lang: str = "en") -> AppTest:
    """The app opened from a lesson link to app_pages/PAGE.py (the overview when no path),
    in one run where AppTest can find the page before the first run (tests.app.apptest)."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = lang
    at.query_params["lesson"] = link
    if path and Path(path).stem in OPENED_DIRECTLY:
        return at.switch_page(path).run()
    at.run()
    return at.switch_page(path).run() if path else at


def test_opening_a_link_reproduces_the_lesson():
    at = open_link("app_pages/forward.py", encode(LESSON), "zh")
    assert not at.exception
    assert at.session_state[stepping_state.SCENARIO] == LESSON.scenario
    assert at.session_state[stepping_state.STEP_FORWARD] == 5
    assert at.session_state[session.PRECISION] == 7
    assert not at.table  # the values table is hidden
    assert not [n for n in at.sidebar.text_input if n.key == widget_key("w1")]  # editor too
    assert at.title[0].value == t("page.forward", "zh")


def test_a_link_is_applied_once_so_later_edits_stay():
    lesson = Lesson(Scenario.worked_example().with_value("w1", 0.9))
    at = open_link("app_pages/forward.py", encode(lesson))
    at.sidebar.text_input(key=widget_key("w2")).input("0.7").run()
    at.run()
    assert at.session_state[stepping_state.SCENARIO].get("w1") == 0.9
    assert at.session_state[stepping_state.SCENARIO].get("w2") == 0.7


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_bad_link_shows_why_and_falls_back_to_the_worked_example(lang):
    at = open_link("", "garbage", lang)
    assert not at.exception
    assert at.session_state[stepping_state.SCENARIO] == Scenario.worked_example()
    assert [e.value for e in at.error] == [t("lesson.rejected", lang,
                                             reason=t("lesson.error.corrupt", lang))]


def test_the_share_block_offers_a_link_that_reopens_the_same_lesson():
    at = open_link("app_pages/backward.py", encode(LESSON))
    code = shared_link(at)
    link = code.split("lesson=")[1]
    assert decode(link).scenario == LESSON.scenario
    assert code.split("?")[0].endswith("/backward") and "lang=en" in code


BUILT = Lesson(Scenario.worked_example(), builder=Recipe(
    Architecture((4,), ("relu",), "softmax", "cross_entropy"), DataSpec("xor", 120, 0.05, 3),
    eta=0.2, epochs=30, batch=8, seed=5))


def test_a_builder_recipe_round_trips_in_a_link():
    assert decode(encode(BUILT)) == BUILT
    assert len(encode(BUILT)) < 600
    assert decode(encode(LESSON)).builder is None  # links without one stay as they were


def test_a_tampered_builder_recipe_is_refused_whole():
    payload = good_payload() | {"b": BUILT.builder.to_dict() | {"eta": -1}}
    with pytest.raises(LessonError) as err:
        decode(pack(payload))
    assert err.value.code == "builder"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_link_to_the_builder_reopens_its_network_and_training(lang):
    at = open_link("app_pages/builder.py", encode(BUILT), lang)
    assert not at.exception
    shown, run = at.session_state[builder_state.BUILDER_RESULT.key]
    assert shown == BUILT.builder and run.network.sizes == (2, 4, 2)
    assert at.selectbox(key=builder_state.BUILDER_DATASET).value == "xor"
    assert float(field(at, builder_state.builder_layer_key(0, "width")).value) == 4
    assert float(field(at, builder_state.BUILDER_ETA).value) == pytest.approx(0.2)
    # and the page's own share block hands the same recipe on
    code = shared_link(at)
    assert code.split("?")[0].endswith("/network-builder")
    assert decode(code.split("lesson=")[1]).builder == BUILT.builder


def test_the_share_block_carries_the_builders_current_settings():
    at = open_link("app_pages/builder.py", encode(BUILT))
    field(at, builder_state.BUILDER_EPOCHS).input("12").run()
    assert decode(shared_link(at).split("lesson=")[1]).builder.epochs == 12
    # a link from another page carries no builder settings
    at.switch_page("app_pages/forward.py").run()
    assert decode(shared_link(at).split("lesson=")[1]).builder is None


def test_a_bad_builder_link_says_why_in_chinese():
    at = open_link("", pack(good_payload() | {"b": {"eta": 1}}), "zh")
    assert not at.exception
    assert [e.value for e in at.error] == [t("lesson.rejected", "zh",
                                             reason=t("lesson.error.builder", "zh"))]
