"""Import and export: strict scenario files; exports carrying exactly the trace's values."""

import csv
import io
import json

import pytest

from bpcore import Scenario, ScenarioError, fmt, trace_step
from tutor.i18n import LANGUAGES, t
from tutor.lesson.export import MAX_UPLOAD_BYTES, read_scenario, solution_markdown, values_csv
from tutor.ui.formula import formula_latex, say
from tutor.ui.reasons import reason

GOOD = Scenario(weights=(0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8), eta=2.5).to_json()


def good_dict() -> dict:
    return json.loads(GOOD)


def test_a_good_file_loads_exactly():
    assert read_scenario(GOOD.encode()) == Scenario.from_json(GOOD)


@pytest.mark.parametrize(("data", "code"), [
    (GOOD.replace('"eta": 2.5', '"eta": NaN').encode(), "json_constant"),
    (GOOD.replace('"eta": 2.5', '"eta": Infinity').encode(), "json_constant"),
    (json.dumps(good_dict() | {"eta": "fast"}).encode(), "not_a_number"),
    (json.dumps(good_dict() | {"train_biases": "yes"}).encode(), "not_bool"),
    (json.dumps({k: v for k, v in good_dict().items() if k != "weights"}).encode(),
     "missing_field"),
    (json.dumps(good_dict() | {"colour": "red"}).encode(), "unknown_field"),
    (json.dumps(good_dict() | {"weights": [0.1] * 7}).encode(), "count"),
    (json.dumps(good_dict() | {"version": 99}).encode(), "version"),
    (b"{" + b" " * MAX_UPLOAD_BYTES + b"}", "too_big"),
    (b"\xff\xfe\x00", "not_text"),
    (b"weights = 1", "not_json"),
    (b"[1, 2]", "not_object"),
])
def test_every_kind_of_bad_file_is_rejected_with_a_translated_reason(data, code):
    with pytest.raises(ScenarioError) as err:
        read_scenario(data)
    assert err.value.code == code
    for lang in LANGUAGES:
        assert reason(err.value, lang)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("train_biases", [False, True])
def test_markdown_holds_every_step_with_its_numbers(lang, train_biases):
    trace = trace_step(Scenario(train_biases=train_biases))
    md = solution_markdown(trace, 6, lang)
    for step in trace.steps:
        assert formula_latex(step, 6).replace(r"\large ", "") in md
        assert f"${step.symbol}$ — {say(step.message, lang)}" in md
    assert md.count("$$") == 2 * len(trace.steps)
    assert t("export.title", lang) in md and f"| w5 | {fmt(0.40, 6)} |" in md
    assert "`" not in md and "dE_d" not in md  # notation for people, not code names


@pytest.mark.parametrize("lang", LANGUAGES)
def test_csv_holds_exactly_the_traces_values(lang):
    trace = trace_step(Scenario(train_biases=True))
    rows = list(csv.reader(io.StringIO(values_csv(trace, lang))))
    assert rows[0] == [t("table.name", lang), t("table.phase", lang), t("table.value", lang)]
    assert {name: float(value) for name, _, value in rows[1:]} == dict(trace.values)
    assert [name for name, _, _ in rows[1:]] == [s.name for s in trace.steps]  # code names
