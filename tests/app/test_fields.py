"""Typed number fields (tutor.ui.fields) and the one translator of refusals (tutor.ui.reasons).

Whatever is typed into a number field of any page, the value in use changes only to a valid
number: anything else is said beside the field, in the reader's language, until corrected.
"""

import pytest
from streamlit.testing.v1 import AppTest

from bpcore import ScenarioError, fmt, trace_step
from bpcore.builder import BuilderError
from bpcore.errors import CodedError, parse_number
from bpcore.mnist import IdxError
from bpcore.recipe import Recipe
from bpcore.scenario import Scenario
from tests.app.apptest import field, open_page
from tests.app.test_graph_page import chain_latex
from tutor import session
from tutor.builder import state as builder_state
from tutor.digits import state as digits_state
from tutor.i18n import LANGUAGES, STRINGS, t
from tutor.modes import state as modes_state
from tutor.pages import chain_rule as chain_state
from tutor.pages import graph as graph_state
from tutor.pages import learning_rate as rates_state
from tutor.pages import training as training_state
from tutor.stepping import state as stepping_state
from tutor.stepping.editor import widget_key
from tutor.ui import notation
from tutor.ui import state as field_state
from tutor.ui.fields import shown_text
from tutor.ui.reasons import number_text, plain, reason

BAD = ("abc", "nan", "inf", "-inf", "1e400", "", "   ", "1,5", "1e7", "**0.9**")
WORKED = trace_step(Scenario.worked_example())


def w5_row(at: AppTest, lang: str = "en") -> dict[str, str]:
    """The update page's table row of w5 (old value, gradient, new value)."""
    return next(r for r in at.table[0].value.to_dict("records")
                if r[t("update.param", lang)] == notation.text("w5"))


def sidebar_errors(at: AppTest) -> list[str]:
    return [e.value for e in at.sidebar.error]


def type_w5(at: AppTest, text: str) -> AppTest:
    return at.sidebar.text_input(key=widget_key("w5")).input(text).run()


def refusal_of_w5(text: str) -> CodedError | ScenarioError:
    """Why w5 = ``text`` is refused: not a number (parse_number) or not a valid w5 (bpcore)."""
    try:
        Scenario.worked_example().with_value(
            "w5", parse_number("w5", text, float("-inf"), float("inf")))
    except (CodedError, ScenarioError) as err:
        return err
    raise AssertionError(f"{text!r} was not refused")


# --- the sidebar editor ---------------------------------------------------------------------
@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("text", BAD)
def test_a_bad_entry_in_w5_keeps_w5_and_says_why_until_corrected(text, lang):
    at = open_page("update", lang)
    type_w5(at, text)
    assert not at.exception
    assert at.session_state[stepping_state.SCENARIO] == Scenario.worked_example()
    row = w5_row(at, lang)  # the page still shows the trace of w5 = 0.40
    assert row[t("update.old", lang)] == "0.4000"
    assert row[t("update.gradient", lang)] == fmt(WORKED["dE_dw5"], 4)
    why = reason(refusal_of_w5(text), lang, field=t("field.w5", lang))
    assert sidebar_errors(at) == [t("editor.rejected", lang, reason=why)]
    assert at.sidebar.text_input(key=widget_key("w5")).value == text  # what was typed stays
    type_w5(at, "0.45")  # correcting the field clears the message and applies the value
    assert not sidebar_errors(at)
    assert at.session_state[stepping_state.SCENARIO].get("w5") == 0.45
    assert w5_row(at, lang)[t("update.old", lang)] == "0.4500"


@pytest.mark.parametrize(("text", "code"), [
    ("abc", "not_a_number"), ("nan", "not_finite"), ("inf", "not_finite"),
    ("1e400", "not_finite"), ("", "empty"), ("1e7", "too_large")])
def test_each_bad_entry_gets_its_own_reason(text, code):
    at = open_page("forward")
    type_w5(at, text)
    err = refusal_of_w5(text)
    assert err.code == code
    assert sidebar_errors(at) == [t("editor.rejected", "en", reason=reason(err, "en"))]


def test_the_message_is_under_the_pair_of_fields_not_in_a_half_width_column():
    at = open_page("forward")
    type_w5(at, "abc")
    assert len(sidebar_errors(at)) == 1
    assert not [e for column in at.sidebar.columns for e in column.error]


def test_full_width_digits_typed_with_a_chinese_input_method_are_numbers():
    at = open_page("forward", "zh")
    type_w5(at, "０．４５")
    assert not sidebar_errors(at)
    assert at.session_state[stepping_state.SCENARIO].get("w5") == 0.45


def test_a_typed_value_stays_as_typed_and_a_value_from_elsewhere_follows_the_precision():
    at = open_page("update")
    type_w5(at, "0.45")
    at.sidebar.slider(key=session.PRECISION_WIDGET).set_value(6).run()
    assert at.sidebar.text_input(key=widget_key("w5")).value == "0.45"
    assert at.sidebar.text_input(key=widget_key("w6")).value == "0.450000"


def test_a_rounded_value_on_show_never_replaces_the_full_precision_one():
    at = open_page("update")
    at.button(key="update.apply").click().run()
    exact = WORKED["w5_new"]
    assert at.sidebar.text_input(key=widget_key("w5")).value == fmt(exact, 4)
    type_w5(at, fmt(exact, 4))  # the same text again: no edit, nothing rounded
    at.sidebar.text_input(key=widget_key("w6")).input("0.5").run()  # another field's edit
    assert at.session_state[stepping_state.SCENARIO].get("w5") == exact
    type_w5(at, "0.35")  # an edit is taken as typed
    assert at.session_state[stepping_state.SCENARIO].get("w5") == 0.35


def test_reset_clears_a_refusal_and_shows_the_worked_example():
    at = open_page("forward")
    type_w5(at, "abc")
    at.sidebar.button[0].click().run()
    assert not sidebar_errors(at)
    assert at.sidebar.text_input(key=widget_key("w5")).value == "0.4000"


def test_eta_out_of_the_scenarios_range_is_refused_with_its_reason():
    at = open_page("forward", "zh")
    at.sidebar.text_input(key=widget_key("eta")).input("0").run()
    with pytest.raises(ScenarioError) as err:
        Scenario.worked_example().with_value("eta", 0.0)
    assert sidebar_errors(at) == [t("editor.rejected", "zh", reason=reason(err.value, "zh"))]
    assert at.session_state[stepping_state.SCENARIO].eta == 0.5


# --- one field of every page --------------------------------------------------------------
# (page, canonical key, a bad entry, its code, the value that stays, a good entry, its value)
PAGE_FIELDS = [
    ("chain_rule", f"{chain_state.CHAIN_PREFIX}x", "1e400", "not_finite", 1.5, "-2", -2.0),
    ("chain_rule", f"{chain_state.CHAIN_PREFIX}y", "2", "out_of_range", 0.9, "0.5", 0.5),
    ("graph", graph_state.graph_leaf_key("apples", "apple_num"), "abc", "not_a_number", 2.0, "3",
     3.0),
    ("training", training_state.TRAIN_ITERATIONS, "2.5", "not_whole", 10_000, "500", 500),
    ("training", training_state.TRAIN_ITERATIONS, "1e9", "out_of_range", 10_000, "500", 500),
    ("builder", builder_state.BUILDER_EPOCHS, "nan", "not_finite", Recipe().epochs, "50", 50),
    ("builder", builder_state.BUILDER_ETA, "", "empty", Recipe().eta, "0.2", 0.2),
    ("builder", builder_state.builder_layer_key(0, "width"), "65", "out_of_range", 8, "4", 4),
    ("digits", digits_state.DIGITS_EPOCHS, "inf", "not_finite", 20, "5", 5),
]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(("page", "key", "bad", "code", "kept", "good", "value"), PAGE_FIELDS)
def test_a_bad_entry_on_every_page_keeps_the_value_and_says_why(page, key, bad, code, kept,
                                                                good, value, lang):
    at = open_page(page, lang, timeout=120)
    field(at, key).input(bad).run()
    assert not at.exception
    assert at.session_state[key] == kept
    (refusal,) = at.session_state[field_state.FIELD_ERRORS].values()
    assert refusal.code == code
    label = field(at, key).label
    assert [e.value for e in at.error] == [t("editor.rejected", lang,
                                             reason=reason(refusal, lang, field=label))]
    field(at, key).input(good).run()
    assert not at.error and at.session_state[key] == value
    if page == "builder":  # the recipe follows a valid edit
        assert at.session_state[builder_state.BUILDER_RESULT.key][0] == (
            builder_state.builder_recipe(at.session_state))


def test_the_graph_leaf_is_used_by_the_graph_and_a_bad_one_keeps_the_old():
    at = open_page("graph")
    leaf = graph_state.graph_leaf_key("apples", "apple_num")
    field(at, leaf).input("3").run()
    field(at, leaf).input("three").run()
    at.selectbox(key=graph_state.GRAPH_CHAIN_NAME).set_value("tax").run()
    assert "300" in chain_latex(at)  # d price / d tax = 100 · 3, still 3 apples


def test_a_bad_text_is_dropped_with_its_page_and_the_value_in_use_comes_back():
    at = open_page("training", timeout=120)
    field(at, training_state.TRAIN_ITERATIONS).input("many").run()
    at.switch_page("app_pages/overview.py").run()
    at.switch_page("app_pages/training.py").run()
    assert not at.error and field(at, training_state.TRAIN_ITERATIONS).value == "10000"


def test_the_o1_neurons_leaves_follow_the_sidebar_until_edited_here():
    at = open_page("graph")
    at.selectbox(key=graph_state.GRAPH_EXAMPLE).set_value("neuron_o1").run()
    leaf = graph_state.graph_leaf_key("neuron_o1", "w5")
    assert field(at, leaf).value == "0.4000"
    at.sidebar.text_input(key=widget_key("w5")).input("0.9").run()
    assert field(at, leaf).value == "0.9000" and at.session_state[leaf] == 0.9


def test_a_bad_list_of_rates_is_refused_naming_the_entry():
    at = open_page("learning_rate", timeout=120, preset={rates_state.RATES_PROBLEM: "worked"})
    at.text_input(key=rates_state.RATES_TEXT).set_value("0.5, **5**").run()
    why = t("reason.rates.not_a_number", "en", value=plain("**5**"))
    assert [e.value for e in at.error] == [t("rates.rejected", "en", reason=why)]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_practice_answer_in_the_wrong_format_says_so_and_is_not_scored(lang):
    at = open_page("forward", lang)
    at.sidebar.toggle(key=modes_state.PRACTICE).set_value(True).run()
    box = modes_state.practice_answer_key("forward", 0)
    at.text_input(key=box).input("0,3775").run()
    at.button(key="practice.check.forward.0").click().run()
    refusal = CodedError("answer", "not_a_number", value="0,3775")
    assert [w.value for w in at.warning] == [t("practice.format", lang, reason=reason(
        refusal, lang, field=t("practice.answer", lang)))]
    assert not at.error and at.session_state[modes_state.PRACTICE_SCORE] == {}
    at.text_input(key=box).input(f"{WORKED['net_h1']:.4f}").run()
    at.button(key="practice.check.forward.0").click().run()
    assert at.success and at.session_state[modes_state.PRACTICE_SCORE]["forward"] == (1, 1)


def test_the_exercise_seed_refuses_a_fraction_and_keeps_its_number():
    at = open_page("forward")
    seed = at.sidebar.text_input(key=field_state.field_text_key(modes_state.EXERCISE_SEED_WIDGET))
    seed.input("1.5").run()
    assert at.session_state[modes_state.EXERCISE_SEED_WIDGET] == 1
    why = reason(CodedError("seed", "not_whole", value="1.5"), "en", field=t("practice.seed",
                                                                              "en"))
    assert [e.value for e in at.sidebar.error] == [t("editor.rejected", "en", reason=why)]


# --- the translator --------------------------------------------------------------------------
PARSE_CODES = ("empty", "not_a_number", "not_finite", "not_whole", "out_of_range")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_code_of_every_refusal_has_its_text(lang):
    keys = [f"reason.{c}" for c in (*ScenarioError.CODES, *PARSE_CODES)]
    keys += [f"builder.reason.{c}" for c in BuilderError.CODES if c != "pairing"]
    keys += [f"builder.reason.pairing.{loss}" for loss in ("cross_entropy",
                                                           "binary_cross_entropy")]
    keys += [f"mnist.reason.{c}" for c in IdxError.CODES]
    keys += [f"reason.rates.{c}" for c in ("empty", "not_a_number", "not_finite",
                                           "out_of_range", "too_many")]
    for key in keys:
        assert STRINGS[key][lang].strip(), key


@pytest.mark.parametrize("lang", LANGUAGES)
def test_reasons_of_every_kind(lang):
    typed = CodedError("w5", "out_of_range", value="2e6", lo=-1e6, hi=1e6)
    assert reason(typed, lang, field="w5") == t("reason.out_of_range", lang, field="w5",
                                                value="2e6", lo="-1,000,000", hi="1,000,000")
    scenario = ScenarioError("w5", "too_large", value=1e7, limit=1e6)
    assert reason(scenario, lang) == t("reason.too_large", lang, field=t("field.w5", lang),
                                       value="10,000,000", limit="1,000,000")
    builder = BuilderError("loss", "pairing", loss="cross_entropy", output="linear")
    assert reason(builder, lang) == t("builder.reason.pairing.cross_entropy", lang,
                                      output="linear")
    slow = BuilderError("epochs", "slow", seconds=12.3, updates=400_000, limit=10.0)
    assert "12" in reason(slow, lang) and "400,000" in reason(slow, lang)
    idx = IdxError("data", "count", images=20, labels=19).for_file("t10k_labels")
    assert reason(idx, lang) == t("mnist.refused", lang, file=r"t10k\_labels",
                                  reason=t("mnist.reason.count", lang, images=20, labels=19))


def test_what_the_user_typed_is_shown_as_typed_not_as_markdown():
    err = CodedError("w5", "not_finite", value="**[x](y)**")
    assert reason(err, "en") == t("reason.not_finite", "en", field="w5",
                                  value=r"\*\*\[x\]\(y\)\*\*")


def test_an_unknown_code_still_gets_a_sentence():
    assert reason(CodedError("w5", "brand_new"), "zh") == t("reason.unknown", "zh",
                                                             field="权重 w5", code="brand\\_new")


@pytest.mark.parametrize(("x", "text"), [(1e6, "1,000,000"), (-1000000, "-1,000,000"),
                                         (0.0001, "0.0001"), (2**31 - 1, "2,147,483,647"),
                                         (float("nan"), "nan"), (1e300, "1e+300"),
                                         (0.5, "0.5"), ("abc", "abc")])
def test_numbers_in_reasons_read_as_people_write_them(x, text):
    assert number_text(x) == text


@pytest.mark.parametrize(("value", "kwargs", "text"), [
    (10_000, {"integer": True}, "10000"), (0.1, {}, "0.1"), (4.0, {}, "4"),
    (1e-05, {}, "1e-05"), (0.4, {"decimals": 4}, "0.4000"),
    (0.000438568, {"decimals": 4}, "4.3857 × 10⁻⁴")])
def test_a_value_from_elsewhere_shows_in_the_apps_number_style(value, kwargs, text):
    assert shown_text(value, **kwargs) == text
    # and reads back as a number, the way the field will read it
    assert parse_number("x", text, -1e9, 1e9) == pytest.approx(value, rel=1e-4)
