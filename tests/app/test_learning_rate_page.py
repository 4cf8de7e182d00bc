"""The learning-rate page: parsing the list, one batched run, verdicts, bad input kept out.

The page opens on the quadratic bowl; the worked example's tests choose it first."""

import json

import numpy as np
import plotly.graph_objects as go
import pytest

from bpcore import Scenario, fmt, train_rates
from bpcore.bowl import Bowl, descend
from bpcore.descent import VERDICTS, verdict
from bpcore.errors import CodedError
from bpcore.valley import RACERS, VALLEYS, floor_factor, race, stable_below
from tests.app.apptest import field, figures, open_page
from tutor.figures.training import plotted_rows, rates_figure
from tutor.i18n import LANGUAGES, STRINGS, t, tn
from tutor.pages import defaults as page_defaults
from tutor.pages import learning_rate as rates_state
from tutor.pages.learning_rate import parse_rates
from tutor.ui.reasons import reason


@pytest.mark.parametrize(("text", "rates", "problem"), [
    ("0.05, 0.5, 5, 50", (0.05, 0.5, 5.0, 50.0), None),
    ("0.1；0.2 0.3，0.4", (0.1, 0.2, 0.3, 0.4), None),
    ("0.1, 0.1, 2", (0.1, 2.0), None),
    ("０．５，５", (0.5, 5.0), None),  # typed with a Chinese input method
    ("", (), "empty"),
    ("0.1, fast", (), "not_a_number"),
    ("0, 1", (), "out_of_range"),
    ("nan", (), "not_finite"),
    ("1e400", (), "not_finite"),
    ("1, 2, 3, 4, 5, 6, 7, 8, 9", (), "too_many"),
    ("1001", (), "out_of_range"),
])
def test_parse_rates(text, rates, problem):
    try:
        got, why = parse_rates(text), None
    except CodedError as err:
        got, why = (), err
    assert got == rates and (why.code if why else None) == problem
    if why is not None:  # every refusal is said in both languages, naming what was typed
        assert reason(why, "en") and reason(why, "zh")


def test_semicolons_and_chinese_commas_separate():
    assert parse_rates("0.1;0.2，0.3") == (0.1, 0.2, 0.3)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_worked_examples_default_rates_give_their_verdicts(lang):
    at = open_page("learning_rate", lang, timeout=120, preset={rates_state.RATES_PROBLEM: "worked"})
    assert not at.exception
    rows = at.table[0].value.to_dict("records")
    column = t("rates.verdict", lang)
    assert [r[column] for r in rows] == [t(f"verdict.{v}", lang) for v in
                                         ("too_slow", "converging", "converging", "converging")]


def small(n: int) -> dict[str, int]:
    """A preset: the worked example, at an iteration count (it has no widget) smaller than a
    learner's."""
    return {rates_state.RATES_ITERATIONS: n, rates_state.RATES_PROBLEM: "worked"}


def test_curves_are_bpcores_numbers_from_one_batched_run():
    at = open_page("learning_rate", timeout=120, preset=small(1000))
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    runs = train_rates(Scenario.worked_example(), [0.05, 0.5, 5, 50], 1000)
    rows = plotted_rows(1001)
    for trace, h in zip(spec["data"], runs, strict=True):
        np.testing.assert_allclose(trace["y"], h.errors[rows], rtol=1e-12)
    final = at.table[0].value.to_dict("records")[1]
    assert final[tn("rates.final", 1000, "en", n="1,000")] == fmt(float(runs[1].errors[-1]), 4)


def test_a_bad_list_shows_why_and_keeps_the_last_valid_rates():
    at = open_page("learning_rate", "zh", timeout=120, preset=small(1000))
    at.text_input(key=rates_state.RATES_TEXT).set_value("0.5, 2").run()
    assert at.session_state[rates_state.RATES_VALID] == (0.5, 2.0)
    at.text_input(key=rates_state.RATES_TEXT).set_value("0.5, 0").run()
    assert not at.exception
    why = t("reason.rates.out_of_range", "zh", value="0", hi="1,000")
    assert [e.value for e in at.error] == [t("rates.rejected", "zh", reason=why)]
    assert len(json.loads(at.get("plotly_chart")[0].proto.spec)["data"]) == 2


def test_every_verdict_has_a_translation_and_the_figure_is_valid():
    for v in VERDICTS:
        assert STRINGS[f"verdict.{v}"]["en"] and STRINGS[f"verdict.{v}"]["zh"]
    go.Figure(rates_figure(train_rates(Scenario.worked_example(), [0.5, 5], 100), "zh"))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_rate_that_ends_above_its_start_is_reported(lang):
    # Real input: with targets 0.7 and 0.8 (edited in the sidebar) η = 1000 overshoots into
    # saturation and the error ends above where it started; η = 200 overshoots and recovers.
    at = open_page("learning_rate", lang, timeout=120, preset=small(1000))
    at.sidebar.text_input(key="edit.target_o1").input("0.7").run()
    at.sidebar.text_input(key="edit.target_o2").input("0.8").run()
    at.text_input(key=rates_state.RATES_TEXT).set_value("0.5, 200, 1000").run()
    assert not at.exception and not at.error
    runs = train_rates(Scenario(targets=(0.7, 0.8)), [0.5, 200, 1000], 1000)
    assert [w.value for w in at.warning] == [t(
        "rates.diverged", lang, eta="1000", start=fmt(float(runs[2].errors[0]), 4),
        end=fmt(float(runs[2].errors[-1]), 4))]
    rows = at.table[0].value.to_dict("records")
    assert [r[t("rates.verdict", lang)] for r in rows] == [
        t(f"verdict.{v}", lang) for v in ("converging", "oscillating", "diverged")]
    for trace in json.loads(at.get("plotly_chart")[0].proto.spec)["data"]:
        assert all(np.isfinite(trace["y"]))


DEFAULT_BOWL_RATES = parse_rates(page_defaults.PAGE_DEFAULTS[rates_state.BOWL_TEXT])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_default_shows_a_rate_that_crawls_a_good_one_and_ones_that_overshoot(lang):
    at = open_page("learning_rate", lang)
    assert not at.exception and not at.error
    assert at.radio(key=rates_state.RATES_PROBLEM).value == "bowl"
    runs = descend(Bowl(a=page_defaults.PAGE_DEFAULTS[rates_state.BOWL_A]), DEFAULT_BOWL_RATES,
                   page_defaults.PAGE_DEFAULTS[rates_state.BOWL_ITERATIONS])
    from_curves = [verdict(r.errors, r.diverged, r.steps) for r in runs]
    assert from_curves == ["too_slow", "converging", "oscillating", "diverged"]
    rows = at.table[0].value.to_dict("records")
    assert [r[t("rates.verdict", lang)] for r in rows] == [t(f"verdict.{v}", lang)
                                                           for v in from_curves]
    assert [r["η"] for r in rows] == [f"{eta:g}" for eta in DEFAULT_BOWL_RATES]
    # the overshooting rates sit above the thresholds the page states, the others below
    bowl = Bowl(a=page_defaults.PAGE_DEFAULTS[rates_state.BOWL_A])
    assert DEFAULT_BOWL_RATES[0] < DEFAULT_BOWL_RATES[1] < bowl.one_step
    assert bowl.one_step < DEFAULT_BOWL_RATES[2] < bowl.diverges_above < DEFAULT_BOWL_RATES[3]
    factors = [r[t("bowl.factor", lang)] for r in rows]
    assert factors == [fmt(bowl.factor(eta), 4) for eta in DEFAULT_BOWL_RATES]
    assert t("bowl.thresholds", lang, w_star=fmt(bowl.w_star, 4), a=fmt(bowl.a, 4),
             one=fmt(bowl.one_step, 4), two=fmt(bowl.diverges_above, 4)) in [
        m.value for m in at.markdown]


def test_the_bowls_figures_are_bpcores_numbers():
    at = open_page("learning_rate")
    shape, curves = figures(at)
    runs = descend(Bowl(), DEFAULT_BOWL_RATES, 30)
    for trace, run in zip(curves["data"], runs, strict=True):
        np.testing.assert_allclose(trace["y"], run.errors[plotted_rows(31)], rtol=1e-12)
    # on the bowl: J(w) itself, then each rate's first steps at (w_i, J(w_i))
    assert shape["data"][0]["name"] == "J(w)"
    for trace, run in zip(shape["data"][1:], runs, strict=True):
        n = len(trace["x"])
        assert n >= 2
        np.testing.assert_allclose(trace["x"], run.weights[:n])
        np.testing.assert_allclose(trace["y"], run.errors[:n])
    go.Figure(shape)
    go.Figure(curves)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_steeper_bowl_moves_the_thresholds_and_the_verdicts(lang):
    at = open_page("learning_rate", lang)
    field(at, rates_state.BOWL_A).input("0.5").run()  # 1/a = 2, 2/a = 4: every default rate < 2
    assert not at.exception and at.session_state[rates_state.BOWL_A] == 0.5
    runs = descend(Bowl(a=0.5), DEFAULT_BOWL_RATES, 30)
    rows = at.table[0].value.to_dict("records")
    assert [r[t("rates.verdict", lang)] for r in rows] == [
        t(f"verdict.{verdict(r.errors, r.diverged, r.steps)}", lang) for r in runs]
    assert "oscillating" not in [verdict(r.errors, r.diverged, r.steps) for r in runs]


def test_a_bad_curvature_or_rate_list_is_explained_and_the_last_valid_one_kept():
    at = open_page("learning_rate", "zh")
    field(at, rates_state.BOWL_A).input("0").run()
    assert not at.exception and at.session_state[rates_state.BOWL_A] == 2.0
    assert len(at.table[0].value) == 4
    at.text_input(key=rates_state.BOWL_TEXT).set_value("0.1, 不是").run()
    assert not at.exception
    assert at.session_state[rates_state.BOWL_VALID] == DEFAULT_BOWL_RATES
    assert len(at.table[0].value) == 4
    assert any(t("rates.rejected", "zh", reason=reason(err, "zh")) == e.value
               for e in at.error for err in [CodedError("rates", "not_a_number", value="不是")])


def test_a_rate_that_overflows_the_bowl_says_where_it_stopped():
    # (1 − 1000·2)¹⁰⁰ ≈ 10³³⁰: past the largest float, so J overflows within 100 steps
    at = open_page("learning_rate", preset={rates_state.BOWL_ITERATIONS: 100})
    at.text_input(key=rates_state.BOWL_TEXT).set_value("0.3, 1000").run()
    assert not at.exception
    wild = descend(Bowl(), [0.3, 1000.0], 100)[1]
    assert wild.diverged
    assert [e.value for e in at.error] == [tn("bowl.overflowed", wild.stopped_at, "en", eta="1000",
                                            stopped=wild.stopped_at)]
    for trace in figures(at)[1]["data"]:
        assert all(np.isfinite(trace["y"]))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_worked_example_says_why_it_never_diverges(lang):
    at = open_page("learning_rate", lang, timeout=120, preset=small(100))
    assert [i.value for i in at.info] == [t("rates.no_divergence", lang)]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_optimisers_race_in_the_ravine_with_bpcores_numbers_and_verdicts(lang):
    at = open_page("learning_rate", lang)
    at.radio(key=rates_state.RATES_PROBLEM).set_value("optimisers").run()
    assert not at.exception and not at.error
    n = page_defaults.PAGE_DEFAULTS[rates_state.VALLEY_ITERATIONS]
    runs = race(VALLEYS["ravine"], RACERS, n)
    rows = at.table[0].value.to_dict("records")
    assert [r[t("builder.optimiser", lang)] for r in rows] == [
        t(f"builder.optimiser.{spec.name}", lang) for spec, _ in RACERS]
    assert [r[t("rates.verdict", lang)] for r in rows] == [
        t(f"verdict.{r.verdict}", lang) for r in runs]
    assert [r[t("valley.reached", lang)] for r in rows] == [
        "–" if r.reached is None else str(r.reached) for r in runs]
    paths, curves = figures(at)
    for trace, run in zip(paths["data"][1:5], runs, strict=True):
        np.testing.assert_allclose(np.c_[trace["x"], trace["y"]], run.path[: len(trace["x"])])
    for trace, run in zip(curves["data"], runs, strict=True):
        np.testing.assert_allclose(trace["y"], run.errors[plotted_rows(n + 1)], rtol=1e-12)
    go.Figure(paths)
    valley = VALLEYS["ravine"]
    assert t("valley.about", lang, a1=fmt(valley.a1, 2), a2=fmt(valley.a2, 2),
             stable=fmt(stable_below(valley), 4), eta="0.04",
             factor=fmt(floor_factor(valley, 0.04), 4)) in [m.value for m in at.markdown]


def test_an_optimisers_rate_is_typed_and_a_bad_one_keeps_the_last():
    at = open_page("learning_rate", "zh")
    at.radio(key=rates_state.RATES_PROBLEM).set_value("optimisers").run()
    at.radio(key=rates_state.VALLEY).set_value("bowl").run()
    field(at, rates_state.valley_eta_key("sgd")).input("0.5").run()
    assert at.session_state[rates_state.valley_eta_key("sgd")] == 0.5
    runs = race(VALLEYS["bowl"], [(RACERS[0][0], 0.5), *RACERS[1:]], 150)
    rows = at.table[0].value.to_dict("records")
    assert rows[0]["η"] == "0.5" and rows[0][t("rates.verdict", "zh")] == t(
        f"verdict.{runs[0].verdict}", "zh")
    field(at, rates_state.valley_eta_key("sgd")).input("不是").run()
    assert not at.exception and at.session_state[rates_state.valley_eta_key("sgd")] == 0.5
