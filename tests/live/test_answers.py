"""Grading a class's answers to a live question, and the figure of their spread."""

from __future__ import annotations

import csv
import io
import math

import plotly.graph_objects as go
import pytest

from bpcore import Scenario, fmt, trace_step
from tutor.figures.answers import (
    BINS,
    Group,
    axis_range,
    bin_counts,
    choice_figure,
    number_figure,
)
from tutor.live.answers import (
    CHOICES,
    FORMULA_LEADS,
    answers_csv,
    asks_choice,
    gather,
    grade,
    kinds_for,
    page_steps,
    right_choice,
    safe_cell,
)

TRACE = trace_step(Scenario.worked_example())


def step(page: str, name: str):
    return next(s for s in page_steps(TRACE, page) if s.name == name)


def test_each_stepping_page_asks_its_own_steps_and_kinds():
    assert [s.name for s in page_steps(TRACE, "forward")][:2] == ["net_h1", "out_h1"]
    assert len(page_steps(TRACE, "forward")) == 11
    assert page_steps(TRACE, "training") == ()
    assert kinds_for("forward") == ("practice", "predict")
    assert kinds_for("update") == ("practice",)
    assert kinds_for("overview") == ()


def test_a_typed_value_is_right_within_the_display_precision_and_a_mistake_is_named():
    out_h1 = step("forward", "out_h1")
    right = grade(TRACE, out_h1, "practice", fmt(TRACE["out_h1"], 4), 4)
    assert right.valid and right.right and right.mistake is None
    wrong = grade(TRACE, out_h1, "practice", fmt(TRACE["net_h1"], 4), 4)
    assert wrong.valid and not wrong.right
    assert wrong.mistake is not None and wrong.mistake.key == "mistake.no_sigmoid"
    junk = grade(TRACE, out_h1, "practice", "abc", 4)
    assert not junk.valid and not junk.right
    typed_like_the_app = grade(TRACE, out_h1, "predict", f"{TRACE['out_h1']:.4f}", 4)
    assert typed_like_the_app.right


def test_a_backward_prediction_is_a_sign_and_a_size_against_the_last_value():
    first = page_steps(TRACE, "backward")[0]
    assert asks_choice(first, "predict") and not asks_choice(first, "practice")
    truth = right_choice(TRACE, first)
    assert truth in CHOICES
    assert grade(TRACE, first, "predict", truth, 4).right
    other = next(c for c in CHOICES if c != truth)
    assert not grade(TRACE, first, "predict", other, 4).right
    assert not grade(TRACE, first, "predict", "positive", 4).valid


def test_the_class_is_counted_and_wrong_numbers_grouped_by_mistake():
    out_h1 = step("forward", "out_h1")
    texts = [fmt(TRACE["out_h1"], 4), fmt(TRACE["net_h1"], 4), fmt(TRACE["net_h1"], 4), "9"]
    found = gather([grade(TRACE, out_h1, "practice", x, 4) for x in texts])
    assert (found.answered, found.right) == (4, 1)
    assert found.share_right == 0.25
    assert [(m.key, n) for m, n in found.mistakes] == [("mistake.no_sigmoid", 2)]
    assert gather([]).share_right == 0.0


def test_the_histogram_counts_every_answer_once_and_keeps_outliers_at_the_edges():
    truth = 0.5933
    lo, hi = axis_range([0.59, 0.37, 1000.0, -1e9], truth)
    reach = 3 * truth * (1 + 2 / BINS)  # ± 3 × the true value, and a bin's margin
    assert truth - reach - 1e-12 <= lo < truth - 3 * truth
    assert truth + 3 * truth < hi <= truth + reach + 1e-12
    counts = bin_counts([0.59, 0.37, 1000.0, -1e9, math.inf, math.nan], lo, hi)
    assert len(counts) == BINS and sum(counts) == 5  # NaN is no answer
    assert counts[-1] >= 2 and counts[0] >= 1
    one = axis_range([truth, truth], truth)
    assert one[0] < truth < one[1]


def test_the_answers_figure_is_valid_plotly_and_marks_the_truth_only_when_revealed():
    groups = [Group("right", "#009e73", (0.5933, 0.5932)), Group("other", "#8a96a3", (0.3,))]
    hidden = number_figure(groups, 0.5933, False, 4, "en")
    shown = number_figure(groups, 0.5933, True, 4, "zh")
    for spec in (hidden, shown):
        go.Figure(spec)  # Plotly accepts every key
        assert sum(sum(bar["y"]) for bar in spec["data"]) == 3
    assert hidden["layout"]["shapes"] == [] and shown["layout"]["shapes"][0]["x0"] == 0.5933
    assert shown["layout"]["annotations"][0]["text"] == "答案"
    bars = choice_figure(["+, bigger", "+, smaller", "−, bigger", "−, smaller"], [3, 1, 0, 0],
                         1, "en")
    go.Figure(bars)
    assert bars["data"][0]["marker"]["color"][1] != bars["data"][0]["marker"]["color"][0]


@pytest.mark.parametrize("most, tick", [(0, 1), (3, 1), (6, 1), (7, 2), (60, 10)])
def test_count_labels_are_whole_and_few(most: int, tick: int):
    from tutor.figures.answers import count_tick

    assert count_tick(most) == tick


def test_every_known_mistake_has_a_short_name_for_the_legend():
    import re
    from pathlib import Path

    from tutor.i18n import STRINGS
    from tutor.live.ui import SHORT_NAMES

    source = Path(__file__).resolve().parents[2] / "bpcore" / "mistakes.py"
    keys = set(re.findall(r"``(\w+)``", source.read_text(encoding="utf-8").split('"""')[1]))
    known = {k for k in keys if f"mistake.{k}" in STRINGS}
    worked = {k for k in SHORT_NAMES if not k.startswith("mistake.gen.")}
    assert known and {f"mistake.{k}" for k in known} == worked
    gen = {k for k in STRINGS if k.startswith("mistake.gen.")}  # another network's slips
    assert len(gen) >= 19 and gen == set(SHORT_NAMES) - worked


@pytest.mark.parametrize("lo, hi, step", [(0.0756, 0.4169, 0.1), (0.0, 1.0, 0.2),
                                          (0.5932, 0.5934, 5e-5), (-3.0, 3.0, 1.0)])
def test_the_answer_axis_is_labelled_in_round_steps(lo: float, hi: float, step: float):
    from tutor.figures.answers import value_tick

    assert value_tick(lo, hi) == pytest.approx(step)


# --- the answers as CSV: never a formula in a spreadsheet -------------------------------------
@pytest.mark.parametrize("text", ['=HYPERLINK("http://evil","click")', "+1+cmd|' /C calc'!A0",
                                  "-2+3", "@SUM(A1:A9)", "\t=1+1", "\r=1+1", "-", "=", "+",
                                  "-0.5x", "-1e", "--1", "-" + "1" * 300])
def test_a_cell_a_spreadsheet_would_run_as_a_formula_is_made_text(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("text", ["-0.25", "+0.25", "-1e-3", "-.5", "-1.", "+3E+2", "0.5",
                                  "Mei", "", " =1", "１＝1", "−0.25", "'=1"])
def test_numbers_and_plain_text_are_kept_as_they_are(text):
    assert safe_cell(text) == text


def test_the_answers_csv_reads_back_with_every_formula_cell_made_text():
    rows = [("=HYPERLINK(\"a\",\"b\")", "-0.25"), ("Li, \"the\" best", "@x"),
            ("(anonymous)", "\t-1")]
    text = answers_csv(("Nickname", "Answer"), rows)
    back = list(csv.reader(io.StringIO(text)))
    assert back == [["Nickname", "Answer"], ["'=HYPERLINK(\"a\",\"b\")", "-0.25"],
                    ["Li, \"the\" best", "'@x"], ["(anonymous)", "'\t-1"]]
    assert all(not cell.startswith(FORMULA_LEADS) or _number(cell)
               for row in back for cell in row)


def _number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def test_a_far_too_long_number_like_cell_is_checked_by_length_first():
    long = "-" + "1" * 100_000  # never handed to the pattern: too long to be an answer
    assert safe_cell(long) == "'" + long


def test_a_class_typing_the_same_answer_costs_one_grade_per_server():
    from tutor.live import answers

    answers.GRADES.clear()
    w5 = step("update", "w5_new")
    wrong = fmt(TRACE["w5_new"] + 0.01, 4)
    made = answers.GRADES.computations
    first = [answers.grade_once(TRACE, w5, "practice", wrong, 4) for _ in range(200)]
    assert answers.GRADES.computations == made + 1  # 200 students, one grade
    assert first[0] == grade(TRACE, w5, "practice", wrong, 4)  # the same verdict and mistake
    assert all(g is first[0] for g in first)
    # a different text, kind, precision or scenario is graded on its own
    other = trace_step(Scenario(eta=0.25))
    answers.grade_once(TRACE, w5, "practice", wrong, 3)
    answers.grade_once(other, step_of(other, "w5_new"), "practice", wrong, 4)
    answers.grade_once(TRACE, w5, "practice", "0.2", 4)
    assert answers.GRADES.computations == made + 4
    assert (answers.grade_once(other, step_of(other, "w5_new"), "practice", wrong, 4)
            == grade(other, step_of(other, "w5_new"), "practice", wrong, 4))


def step_of(trace, name: str):
    return next(s for s in trace.steps if s.name == name)
