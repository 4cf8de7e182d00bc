"""The worked-example pages under AppTest: stepping, editing, rejecting, resetting, updating."""


import pytest
from streamlit.testing.v1 import AppTest

from bpcore import Scenario, ScenarioError, fmt, scenario_estimates, trace_step
from tests.app.apptest import figures, open_page, prose
from tutor import session
from tutor.i18n import LANGUAGES, t
from tutor.stepping import state as stepping_state
from tutor.stepping.editor import widget_key
from tutor.ui import notation
from tutor.ui.reasons import reason

PAGES = ("overview", "forward", "backward", "update")


def table_rows(at: AppTest, index: int = 0) -> list[dict[str, str]]:
    return at.table[index].value.to_dict("records")


def click(at: AppTest, key: str) -> AppTest:
    return at.button(key=key).click().run()


def edit(at: AppTest, name: str, value: float) -> AppTest:
    return at.sidebar.text_input(key=widget_key(name)).input(str(value)).run()


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_in_both_languages(page, lang):
    at = open_page(page, lang)
    assert not at.exception
    assert at.title[0].value == t(f"page.{page}", lang)
    assert any(t(f"banner.{page}", lang) == c.value for c in at.caption)


def test_overview_shows_the_total_error():
    at = open_page("overview")
    assert at.metric[0].value == fmt(trace_step(Scenario.worked_example())["E_total"], 4)


def test_next_and_previous_move_through_the_forward_steps():
    at = open_page("forward")
    steps = trace_step(Scenario.worked_example()).phase_steps("forward", "error")
    assert at.session_state[stepping_state.STEP_FORWARD] == 0
    assert len(table_rows(at)) == 1
    click(at, f"{stepping_state.STEP_FORWARD}.next")
    click(at, f"{stepping_state.STEP_FORWARD}.next")
    assert at.session_state[stepping_state.STEP_FORWARD] == 2
    assert f"${notation.upright(steps[2].symbol)}$" in prose(at)[0]  # names upright
    assert [r["name"] for r in table_rows(at)] == [notation.text(s.name) for s in steps[:3]]
    click(at, f"{stepping_state.STEP_FORWARD}.previous")
    assert at.session_state[stepping_state.STEP_FORWARD] == 1
    assert not at.exception


def test_the_slider_jumps_to_a_step_and_restart_returns():
    at = open_page("backward")
    at.slider(key=stepping_state.slider_key(stepping_state.STEP_BACKWARD)).set_value(10).run()
    assert at.session_state[stepping_state.STEP_BACKWARD] == 9
    click(at, f"{stepping_state.STEP_BACKWARD}.restart")
    assert at.session_state[stepping_state.STEP_BACKWARD] == 0


def test_editing_w5_changes_its_gradient_and_new_value_to_the_traces():
    at = open_page("update")
    edit(at, "w5", 0.9)
    expected = trace_step(Scenario.worked_example().with_value("w5", 0.9))
    w5 = next(r for r in table_rows(at) if r["parameter"] == notation.text("w5"))
    assert w5["∂E/∂w"] == fmt(expected["dE_dw5"], 4)
    assert w5["new"] == fmt(expected["w5_new"], 4)
    assert w5["∂E/∂w"] != fmt(trace_step(Scenario.worked_example())["dE_dw5"], 4)


def test_an_edit_survives_a_page_switch_and_a_language_switch():
    at = open_page("forward")
    edit(at, "w1", 0.5)
    at.switch_page("app_pages/backward.py").run()
    at.sidebar.radio(key=session.LANG_WIDGET).set_value("zh").run()
    assert at.title[0].value == t("page.backward", "zh")
    assert at.session_state[stepping_state.SCENARIO].get("w1") == 0.5
    assert float(at.sidebar.text_input(key=widget_key("w1")).value) == 0.5


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(("name", "value"), [("w5", 2e6), ("eta", 0.0), ("eta", 5000.0)])
def test_a_rejected_value_keeps_the_scenario_and_shows_a_message(name, value, lang):
    at = open_page("forward", lang)
    edit(at, name, value)
    assert not at.exception
    assert at.session_state[stepping_state.SCENARIO] == Scenario.worked_example()
    with pytest.raises(ScenarioError) as rejected:
        Scenario.worked_example().with_value(name, value)
    why = reason(rejected.value, lang)
    assert [e.value for e in at.sidebar.error] == [t("editor.rejected", lang, reason=why)]
    edit(at, name, 0.45)  # fixing the field clears the message and applies the value
    assert not at.sidebar.error
    assert at.session_state[stepping_state.SCENARIO].get(name) == 0.45


def test_reset_restores_the_worked_example():
    at = open_page("forward")
    edit(at, "w2", 0.7)
    click(at, f"{stepping_state.STEP_FORWARD}.next")
    at.sidebar.button[0].click().run()
    assert at.session_state[stepping_state.SCENARIO] == Scenario.worked_example()
    assert at.session_state[stepping_state.STEP_FORWARD] == 0
    assert float(at.sidebar.text_input(key=widget_key("w2")).value) == 0.20


@pytest.mark.parametrize("decimals", [2, 7, 10])
def test_every_value_in_the_table_equals_the_trace_at_the_chosen_precision(decimals):
    at = open_page("backward")
    at.sidebar.slider(key=session.PRECISION_WIDGET).set_value(decimals).run()
    steps = trace_step(Scenario.worked_example()).phase_steps("backward")
    at.slider(
        key=stepping_state.slider_key(stepping_state.STEP_BACKWARD)).set_value(len(steps)).run()
    rows = table_rows(at)
    assert len(rows) == len(steps)
    trace = trace_step(Scenario.worked_example())
    for row, step in zip(rows, steps, strict=True):
        assert row["name"] == notation.text(step.name)
        assert row["value"] == fmt(trace[step.name], decimals)


def test_finite_difference_switch_shows_an_estimate_beside_every_gradient():
    at = open_page("backward")
    at.toggle(key=stepping_state.SHOW_FD).set_value(True).run()
    at.slider(key=stepping_state.slider_key(stepping_state.STEP_BACKWARD)).set_value(
        len(trace_step(Scenario.worked_example()).phase_steps("backward"))).run()
    estimates = scenario_estimates(Scenario.worked_example())
    rows = table_rows(at)
    column = "finite-difference estimate"
    steps = trace_step(Scenario.worked_example()).phase_steps("backward")
    for row, step in zip(rows, steps, strict=True):
        if step.name.startswith("dE_dw"):
            assert row[column] == fmt(estimates[step.name], 4)
        else:
            assert row[column] == ""


def test_no_gradient_is_shown_before_the_backward_pass():
    at = open_page("forward")
    at.slider(key=stepping_state.slider_key(stepping_state.STEP_FORWARD)).set_value(11).run()
    assert not any(r["name"].startswith(("dE_", "delta")) for r in table_rows(at))


def test_apply_iterates_and_back_to_the_start_returns():
    at = open_page("update")
    first = trace_step(Scenario.worked_example())
    click(at, "update.apply")
    assert at.session_state[stepping_state.ITERATION] == 1
    assert at.session_state[stepping_state.SCENARIO] == first.next_scenario()
    assert at.metric[0].value == fmt(first["E_total_new"], 4)
    click(at, "update.apply")
    assert at.session_state[stepping_state.ITERATION] == 2
    assert at.session_state[stepping_state.ERROR_HISTORY] == [
        first["E_total"], first["E_total_new"]]
    click(at, "update.back_to_start")
    assert at.session_state[stepping_state.SCENARIO] == Scenario.worked_example()
    assert at.session_state[stepping_state.ITERATION] == 0


def test_training_biases_adds_bias_rows_to_the_update_table():
    at = open_page("update")
    at.sidebar.toggle(key=stepping_state.TRAIN_BIASES_WIDGET).set_value(True).run()
    params = [r["parameter"] for r in table_rows(at)]
    assert params[-4:] == ["b_h1", "b_h2", "b_o1", "b_o2"]
    click(at, "update.apply")
    assert at.session_state[stepping_state.SCENARIO].biases == tuple(
        trace_step(Scenario(train_biases=True))[f"b_{n}_new"] for n in ("h1", "h2", "o1", "o2"))
    assert not at.exception


def test_the_update_page_explains_the_widely_copied_figure():
    at = open_page("update", "zh")
    assert any("0.291027924" in c.value for c in at.caption)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_applying_an_update_says_the_example_moved_on_and_offers_the_way_back(lang):
    at = open_page("update", lang)
    first = trace_step(Scenario.worked_example())
    assert at.button(key="update.back_to_start").disabled  # nothing applied yet
    assert not at.success
    click(at, "update.apply")
    said = t("update.applied", lang, count=1, before=fmt(first["E_total"], 4),
             after=fmt(first["E_total_new"], 4))
    assert [s.value for s in at.success] == [said]
    assert [toast.value for toast in at.toast] == [said]
    assert at.session_state[stepping_state.SCENARIO].get("w5") == first["w5_new"]
    assert at.sidebar.text_input(key=widget_key("w5")).value == fmt(first["w5_new"], 4)
    click(at, "update.back_to_start")
    assert at.session_state[stepping_state.SCENARIO] == Scenario.worked_example()
    assert not at.success and at.button(key="update.back_to_start").disabled


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_update_page_says_which_control_steps_and_which_applies(lang):
    at = open_page("update", lang)
    note = f"{t('update.steps_note', lang)} {t('update.apply_note', lang)}"
    assert note in [c.value for c in at.caption]
    labels = {b.key: b.label for b in at.main.button}
    assert labels[f"{stepping_state.STEP_UPDATE}.restart"] == t("stepper.restart", lang)
    assert labels["update.back_to_start"] == t("update.back_to_start", lang)
    assert labels[f"{stepping_state.STEP_UPDATE}.next"] == t("stepper.next", lang)
    assert labels["update.apply"] == t("update.apply", lang)
    assert len(set(labels.values())) == len(labels)  # no two controls look alike


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_overview_says_where_to_start_beside_the_diagram(lang):
    at = open_page("overview", lang)
    assert prose(at)[0] == t("overview.start", lang)  # (the diagram's picture is before it)
    start = at.button(key="overview.go_forward")
    assert start.label == t("overview.go_forward", lang)
    start.click().run()
    assert at.title[0].value == t("page.forward", lang)


def test_the_error_history_is_a_note_until_there_are_two_points_then_a_chart_that_fits_them():
    at = open_page("update")
    def history(at):
        return [f for f in figures(at)
                if f["layout"].get("title", {}).get("text") == t("chart.error_history", "en")]

    assert not history(at)
    assert t("update.history_note", "en") in [c.value for c in at.caption]
    click(at, "update.apply")
    [chart] = history(at)
    errors = chart["data"][0]["y"]
    lo, hi = chart["layout"]["yaxis"]["range"]
    assert len(errors) == 2 and 0 <= lo < min(errors) and max(errors) < hi
    assert hi - lo < 2 * (max(errors) - min(errors))  # the change fills the chart, not −0.5…1
