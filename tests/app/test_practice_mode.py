"""Practice mode under AppTest: hidden results, checking at the tolerance, hints that name the
rule, Show me on the step and counted apart, feedback with direction, size and mistake, scores
per phase, and seeded exercises (a new one on every press) that travel in the lesson link."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from bpcore import Scenario, fmt, trace_step
from bpcore.practice import exercise, next_seed
from tests.app.apptest import shared_link
from tutor.i18n import t
from tutor.lesson.codec import Lesson, decode, encode
from tutor.modes import state as modes_state
from tutor.modes.hints import hint
from tutor.stepping import state as stepping_state
from tutor.ui import state as field_state
from tutor.ui.formula import say

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def practising(page: str = "forward", lang: str = "en") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = lang
    at.run()
    at.switch_page(f"app_pages/{page}.py").run()
    at.sidebar.toggle(key=modes_state.PRACTICE).set_value(True).run()
    return at


def answer(at: AppTest, page: str, index: int, value: float) -> AppTest:
    at.text_input(key=modes_state.practice_answer_key(page, index)).input(str(value)).run()
    return at.button(key=f"practice.check.{page}.{index}").click().run()


def test_the_result_is_hidden_until_answered():
    at = practising()
    net_h1 = fmt(trace_step(Scenario.worked_example())["net_h1"], 4)
    assert r"&= \;? \end{aligned}" in at.latex[0].value
    assert not any(net_h1 in tbl.value.to_string() for tbl in at.table)
    answer(at, "forward", 0, round(trace_step(Scenario.worked_example())["net_h1"], 4))
    assert net_h1 in at.latex[0].value
    assert [s.value for s in at.success] == [t("practice.right", "en", value=net_h1)]


@pytest.mark.parametrize(("offset", "right"), [(0.0001, True), (-0.0001, True),
                                               (0.000102, False), (-0.000102, False)])
def test_checking_at_the_tolerance_of_the_display(offset, right):
    at = practising()
    value = trace_step(Scenario.worked_example())["net_h1"]
    answer(at, "forward", 0, value + offset)
    assert bool(at.success) is right and bool(at.error) is not right
    assert at.session_state[modes_state.PRACTICE_SCORE]["forward"] == (int(right), 1)


def test_a_hint_names_the_rule_with_the_steps_symbols_and_where_each_value_is():
    at = practising("backward", "zh")
    at.session_state[stepping_state.STEP_BACKWARD] = 2  # δ_o1
    at.run()
    at.toggle(key="practice.hint.backward.2").set_value(True).run()
    trace = trace_step(Scenario.worked_example())
    delta = trace.phase_steps("backward")[2]
    expected = hint(trace, delta, "backward", 4, "zh")
    assert [i.value for i in at.info] == [expected]
    assert expected.startswith("δ_o1 = ∂E/∂out_o1 · ∂out_o1/∂net_o1")
    assert "∂E/∂out_o1（第 1 步）" in expected and "∂out_o1/∂net_o1（第 2 步）" in expected
    assert say(delta.message, "zh") not in expected  # no longer the step's one-line text


def test_show_me_shows_the_answer_on_this_step_and_is_counted_apart():
    at = practising("backward", "zh")
    first = trace_step(Scenario.worked_example()).phase_steps("backward")[0]
    answer(at, "backward", 0, 0.5)  # tried, wrong
    at.button(key="practice.show.backward.0").click().run()
    assert at.session_state[stepping_state.STEP_BACKWARD] == 0  # stays where the learner looks
    shown = fmt(first.value, 4)
    assert shown in at.latex[0].value
    assert t("practice.shown", "zh", value=shown) in [i.value for i in at.info]
    assert at.session_state[modes_state.PRACTICE_SCORE]["backward"] == (0, 1)
    assert at.session_state[modes_state.PRACTICE_SHOWN]["backward"] == 1
    line = t("practice.score", "zh", phase=t("phase.backward", "zh"), right=0, total=1, shown=1)
    assert line in [m.value for m in at.sidebar.markdown]
    at.button(key="practice.next.backward.0").click().run()  # a separate Next moves on
    assert at.session_state[stepping_state.STEP_BACKWARD] == 1


def test_a_wrong_answer_says_direction_size_and_the_mistake_it_matches():
    at = practising("backward")
    answer(at, "backward", 0, -0.7414)  # target − out: the sign flipped
    [said] = [e.value for e in at.error]
    assert t("feedback.sign_only", "en") in said
    assert "target − out" in said and t("practice.try_again", "en") not in said  # named
    at.session_state[stepping_state.STEP_BACKWARD] = 1
    at.run()
    answer(at, "backward", 1, 0.7514)  # σ instead of σ′
    [said] = [e.value for e in at.error]
    assert t("feedback.factor_big", "en", factor=4) in said
    assert said.startswith("That is out_o1 itself")  # the slip first, then the size


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(("index", "typed", "slip", "params"), [
    (1, "0.75", "sigma_for_slope", {"at": "∂out_o1/∂net_o1", "neuron": "o1"}),  # out for σ′
    (0, "0.01 - 0.7514", "sign_target_out", {"at": "∂E/∂out_o1"}),  # (t − out) for (out − t)
    (2, "0.7414", "no_slope", {"at": "δ_o1", "neuron": "o1"}),  # σ′ forgotten in δ
    (3, "0.1385*0.4", "weight_for_source",
     {"at": "∂E/∂w5", "weight": "w5", "source": "out_h1"}),
])
def test_a_wrong_answer_names_its_slip_first_in_both_languages(lang, index, typed, slip, params):
    at = practising("backward", lang)
    at.session_state[stepping_state.STEP_BACKWARD] = index
    at.run()
    at.text_input(key=modes_state.practice_answer_key("backward", index)).input(typed).run()
    at.button(key=f"practice.check.backward.{index}").click().run()
    [said] = [e.value for e in at.error]
    assert said.startswith(t(f"mistake.{slip}", lang, **params)), said


def test_worked_arithmetic_is_checked_as_its_value_and_a_bad_one_is_said_plainly():
    at = practising("backward")
    at.session_state[stepping_state.STEP_BACKWARD] = 1  # ∂out_o1/∂net_o1 = out_o1(1 − out_o1)
    at.run()
    box = at.text_input(key=modes_state.practice_answer_key("backward", 1))
    box.input("0.751365 × (1 − 0.751365)").run()
    at.button(key="practice.check.backward.1").click().run()
    assert at.success and at.session_state[modes_state.PRACTICE_SCORE]["backward"] == (1, 1)
    at.session_state[stepping_state.STEP_BACKWARD] = 2
    at.run()
    at.text_input(key=modes_state.practice_answer_key("backward", 2)).input("0.74 x 0.19").run()
    at.button(key="practice.check.backward.2").click().run()
    [said] = [w.value for w in at.warning]
    assert said.startswith("Not checked yet. Your answer uses “x”")
    assert at.session_state[modes_state.PRACTICE_SCORE]["backward"] == (1, 1)  # not counted


def test_an_empty_answer_is_not_scored():
    at = practising()
    at.button(key="practice.check.forward.0").click().run()
    assert [w.value for w in at.warning] == [t("practice.empty", "en")]
    assert at.session_state[modes_state.PRACTICE_SCORE] == {}


def test_the_update_page_keeps_its_answers_hidden_while_practising():
    at = practising("update")
    w5_new = fmt(trace_step(Scenario.worked_example())["w5_new"], 4)
    assert not any(w5_new in tbl.value.to_string() for tbl in at.table)  # no old → new table
    assert not at.exception


def test_new_exercise_pressed_twice_gives_two_seeds_and_a_typed_seed_still_works():
    at = practising()
    at.sidebar.button(key="practice.new").click().run()
    first = at.session_state[modes_state.EXERCISE_SEED]
    at.sidebar.button(key="practice.new").click().run()
    second = at.session_state[modes_state.EXERCISE_SEED]
    assert first != second and second == next_seed(first)
    assert at.session_state[stepping_state.SCENARIO] == exercise(second)
    assert at.sidebar.text_input(
        key=field_state.field_text_key(modes_state.EXERCISE_SEED_WIDGET)).value \
        == str(second)  # the seed is shown, so it can be shared
    assert t("practice.current_seed", "en", seed=second) in [c.value for c in at.sidebar.caption]
    at.sidebar.text_input(
        key=field_state.field_text_key(modes_state.EXERCISE_SEED_WIDGET)).input("7").run()
    at.sidebar.button(key="practice.new").click().run()
    assert at.session_state[modes_state.EXERCISE_SEED] == 7


def test_a_new_exercise_comes_from_the_seed_and_travels_in_the_link():
    at = practising()
    at.sidebar.text_input(key=field_state.field_text_key(modes_state.EXERCISE_SEED_WIDGET)).input(
        "123").run()
    at.sidebar.button[1].click().run()
    assert at.session_state[stepping_state.SCENARIO] == exercise(123)
    assert t("practice.current_seed", "en", seed=123) in [c.value for c in at.sidebar.caption]
    link = shared_link(at).split("lesson=")[1]
    assert decode(link).seed == 123 and decode(link).scenario == exercise(123)


def test_opening_an_exercise_link_gives_the_same_exercise_and_shows_its_seed():
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = "zh"
    at.query_params["lesson"] = encode(Lesson(exercise(9), seed=9))
    at.run()
    assert at.session_state[stepping_state.SCENARIO] == exercise(9)
    assert t("practice.current_seed", "zh", seed=9) in [c.value for c in at.sidebar.caption]
    at.sidebar.button(key="practice.new").click().run()  # goes on from the link's exercise
    assert at.session_state[modes_state.EXERCISE_SEED] == next_seed(9)


def _widest_backward_step() -> int:
    """The worked backward step whose formula has the most breakings at 4 decimals."""
    from tutor.modes.lens import WorkedLens

    trace = trace_step(Scenario.worked_example())
    steps = trace.phase_steps("backward")
    return max(range(len(steps)), key=lambda k: len(WorkedLens(trace).fits(steps[k], 4)))


def test_practice_and_a_prediction_break_a_long_formula_for_the_panel_as_the_step_does():
    """Practice's formula (its result still hidden) and the prediction's reveal are broken for
    the panel's width as the step's own formula is (tutor.ui.formula.fitted), not shrunk."""
    from tests.app.apptest import step_formulas
    from tutor.modes.lens import WorkedLens
    from tutor.modes.predict import widget_key

    index = _widest_backward_step()
    trace = trace_step(Scenario.worked_example())
    step = trace.phase_steps("backward")[index]
    lens = WorkedLens(trace)
    assert len(lens.fits(step, 4)) > 1  # a formula long enough to be broken
    at = practising("backward")
    at.session_state[stepping_state.STEP_BACKWARD] = index
    at.run()
    hidden = step_formulas(at)
    assert hidden == [fit.latex.strip() for fit in lens.fits(step, 4, reveal=False)]
    assert all(r"\;?" in latex and fmt(step.value, 4) not in latex for latex in hidden)

    at.sidebar.toggle(key=modes_state.PREDICT).set_value(True).run()
    at.radio(key=widget_key("backward", index, "sign")).set_value("positive").run()
    at.radio(key=widget_key("backward", index, "size")).set_value("bigger").run()
    at.button(key=f"predict.commit.backward.{index}").click().run()
    shown = step_formulas(at)
    assert shown == [fit.latex.strip() for fit in lens.fits(step, 4)]
    assert all(fmt(step.value, 4) in latex for latex in shown)
