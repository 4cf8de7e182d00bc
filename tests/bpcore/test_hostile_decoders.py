"""Property tests: whatever a link, a file or a text field carries, a decoder gives a value or
a CodedError, nothing else (no TypeError, OverflowError, RecursionError, csv.Error …)."""

from __future__ import annotations

import contextlib
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bpcore.errors import CodedError, parse_number
from bpcore.mnist import IdxError, read_idx
from bpcore.scenario import Scenario, ScenarioError
from bpcore.userdata import Points, parse_csv
from tests.app.test_hostile_links import GOOD, pack, pack_text
from tutor.lesson.codec import Lesson, LessonError, decode

SETTINGS = settings(max_examples=200, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow])
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False)
    | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=8), inner,
                                                                max_size=5),
    max_leaves=30)


@SETTINGS
@given(JSON)
def test_the_lesson_decoder_takes_any_json_value(value):
    with contextlib.suppress(LessonError):
        assert isinstance(decode(pack(value)), Lesson)


@SETTINGS
@given(st.sampled_from(sorted(GOOD)), JSON)
def test_the_lesson_decoder_takes_any_value_in_any_field(key, value):
    with contextlib.suppress(LessonError):
        assert isinstance(decode(pack({**GOOD, key: value})), Lesson)


@SETTINGS
@given(st.text(max_size=300) | st.binary(max_size=300).map(lambda b: b.decode("latin-1")))
def test_the_lesson_decoder_takes_any_text(text):
    for link in (text, pack_text(text)):
        with contextlib.suppress(LessonError):
            assert isinstance(decode(link), Lesson)


@SETTINGS
@given(st.binary(max_size=2000))
def test_the_csv_reader_takes_any_bytes(data):
    with contextlib.suppress(CodedError):
        assert isinstance(parse_csv(data), Points)


CELL = st.text(alphabet="0123456789-+.eE ×*^{}⁻¹,\"\n\r，x1c", max_size=12)


@SETTINGS
@given(st.lists(st.lists(CELL, min_size=0, max_size=4), max_size=30))
def test_the_csv_reader_takes_any_table_of_number_like_cells(rows):
    data = "\n".join(",".join(row) for row in rows).encode()
    with contextlib.suppress(CodedError):
        assert isinstance(parse_csv(data), Points)


@SETTINGS
@given(st.text(max_size=200))
def test_a_typed_number_is_a_number_or_a_coded_refusal(text):
    with contextlib.suppress(CodedError):
        assert isinstance(parse_number("eta", text, -1e6, 1e6), float)


@SETTINGS
@given(JSON.map(json.dumps) | st.text(max_size=200))
def test_a_scenario_file_is_a_scenario_or_a_coded_refusal(text):
    with contextlib.suppress(ScenarioError):
        assert isinstance(Scenario.from_json(text), Scenario)


IDX_HEADER = st.sampled_from([b"\x00\x00\x08\x01", b"\x00\x00\x08\x03", b"\x00\x00\x08\x02",
                              b"\x00\x00\x0d\x03", b"\x00\x00\x08\xff", b""])


@SETTINGS
@given(IDX_HEADER, st.lists(st.integers(0, 2**32 - 1), max_size=4), st.binary(max_size=400))
def test_the_idx_reader_takes_any_bytes(magic, dims, body):
    data = magic + b"".join(d.to_bytes(4, "big") for d in dims) + body
    with contextlib.suppress(IdxError):
        read_idx(data)
