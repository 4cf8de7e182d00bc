"""The bug hunts under AppTest: on the graph page (a node used twice, backward twice, read before
backward) and the builder's microscope tab (the passed-down gradient averaged): a wrong pick
teaches why not, the right pick says why and shows the right computation beside, "Show me"
reveals without counting as a pick, picks outlive a page switch, both languages."""

import pytest
from streamlit.testing.v1 import AppTest

from bpcore import fmt
from bpcore.bughunt import GRAPH_HUNTS, averaged_hunt, graph_hunt
from tests.app.apptest import field, open_page
from tutor.builder import state as builder_state
from tutor.i18n import LANGUAGES, STRINGS, t
from tutor.modes import state as modes_state
from tutor.modes.bughunt import hunt_words, line_latex
from tutor.ui.formula import COLUMN_EM, formula_latex


def latex_shown(at: AppTest) -> list[str]:
    return [x.value.removeprefix("$$\n").removesuffix("\n$$") for x in at.latex]


def click(at: AppTest, key: str) -> AppTest:
    at.button(key=key).click().run()
    assert not at.exception
    return at


def why(hunt, line: int, lang: str) -> str:
    return t(hunt.why[line].key, lang, **hunt_words(hunt, 4))


def all_keys(hunt) -> set[str]:
    keys = {f"bughunt.{hunt.key}.task", f"bughunt.tab.{hunt.key}"} if hunt.key in GRAPH_HUNTS \
        else {f"bughunt.{hunt.key}.task"}
    keys |= {m.key for m in hunt.why}
    keys |= {line.message.key for line in (*hunt.shown, *hunt.right) if line.message}
    return keys


def test_every_message_a_hunt_says_is_in_the_table_in_both_languages():
    at = open_page("builder")
    _, run = at.session_state[builder_state.BUILDER_RESULT.key]
    X, T = run.first_epoch_batch(0)
    hunts = [graph_hunt(k) for k in GRAPH_HUNTS] + [
        averaged_hunt(run.network_before(0), X, T, 1, 0, 0)]
    for hunt in hunts:
        for key in all_keys(hunt):
            assert set(STRINGS[key]) == set(LANGUAGES), key
            for lang in LANGUAGES:
                t(key, lang, **hunt_words(hunt, 4))  # every parameter it names is given


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("key", GRAPH_HUNTS)
def test_a_wrong_pick_says_why_not_and_the_right_pick_shows_the_fix(key, lang):
    at = open_page("graph", lang)
    hunt = graph_hunt(key)
    shown = [line_latex(line, 4) for line in hunt.shown]
    right = [line_latex(line, 4) for line in hunt.right]
    assert all(f in latex_shown(at) for f in shown)
    assert t("bughunt.right_later", lang) in [c.value for c in at.caption]
    wrong = (hunt.bug + 1) % len(hunt.shown)
    click(at, modes_state.bughunt_line_key(key, wrong))
    assert t("bughunt.not_it", lang, n=wrong + 1, why=why(hunt, wrong, lang)) in [
        w.value for w in at.warning]
    assert not [f for f in right if f not in shown and f in latex_shown(at)]  # not yet
    click(at, modes_state.bughunt_line_key(key, hunt.bug))
    assert t("bughunt.found", lang, n=hunt.bug + 1, why=why(hunt, hunt.bug, lang)) in [
        s.value for s in at.success]
    assert all(f in latex_shown(at) for f in right)
    marks = [m.value for m in at.markdown if m.value.startswith(":red[")]
    said = t(hunt.shown[hunt.bug].message.key, lang)
    assert marks == [t("bughunt.bug_mark", lang, n=hunt.bug + 1, text=said)]
    assert at.session_state[modes_state.BUGHUNT_TRIED][key] == (wrong, hunt.bug)


def test_the_bugs_own_numbers_are_in_its_feedback():
    at = open_page("graph")
    hunt = graph_hunt("used_twice")
    click(at, modes_state.bughunt_line_key("used_twice", hunt.bug))
    text = next(s.value for s in at.success)
    assert f"= {fmt(1.0, 4)} + {fmt(1.0, 4)} = {fmt(2.0, 4)}" in text  # the two shares add
    assert "#2" in text
    hunt = graph_hunt("twice")
    click(at, modes_state.bughunt_line_key("twice", hunt.bug))
    assert any(fmt(-12.0, 4) in s.value and fmt(6.0, 4) in s.value for s in at.success)


def test_show_me_reveals_the_bug_without_counting_a_pick():
    at = open_page("graph", "zh")
    hunt = graph_hunt("unrun")
    click(at, modes_state.bughunt_show_key("unrun"))
    assert t("bughunt.shown", "zh", n=hunt.bug + 1, why=why(hunt, hunt.bug, "zh")) in [
        i.value for i in at.info]
    key = modes_state.BUGHUNT_TRIED  # AppTest's session state has no get
    tried = at.session_state[key] if key in at.session_state else {}  # noqa: SIM401
    assert "unrun" not in tried
    right = [line_latex(line, 4) for line in hunt.right]
    assert all(f in latex_shown(at) for f in right)
    assert "0.0000" in why(hunt, hunt.bug, "zh") and fmt(-4.0, 4) in why(hunt, hunt.bug, "zh")


def test_picks_outlive_a_visit_to_another_page():
    at = open_page("graph")
    hunt = graph_hunt("twice")
    click(at, modes_state.bughunt_line_key("twice", hunt.bug))
    at.switch_page("app_pages/forward.py").run()
    at.switch_page("app_pages/graph.py").run()
    assert not at.exception
    assert any(s.value.startswith(t("bughunt.found", "en", n=hunt.bug + 1, why="").strip())
               for s in at.success)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_microscope_hunt_uses_the_batch_and_the_weight_followed(lang):
    at = open_page("builder", lang)
    at.selectbox(key=builder_state.MICRO_LAYER).select(2).run()
    at.slider(key=builder_state.MICRO_BATCH).set_value(2).run()
    assert not at.exception
    _, run = at.session_state[builder_state.BUILDER_RESULT.key]
    X, T = run.first_epoch_batch(1)
    network = run.network_before(1)
    hunt = averaged_hunt(network, X, T, 2, 0, 0)
    assert t("bughunt.averaged.task", lang, **hunt_words(hunt, 4)) in [m.value for m in at.markdown]
    assert hunt.counts["factor"] == len(X)  # one layer above layer 2 in the default 2-8-8-2
    shown = latex_shown(at)
    assert all(line_latex(line, 4) in shown for line in hunt.shown)
    click(at, modes_state.bughunt_line_key("averaged", 2))  # the formula that only inherits it
    assert why(hunt, 2, lang) in at.warning[0].value
    click(at, modes_state.bughunt_line_key("averaged", hunt.bug))
    assert fmt(hunt.numbers["right"], 4) in at.success[0].value
    assert all(line_latex(line, 4) in latex_shown(at) for line in hunt.right)


def test_the_microscope_hunt_follows_w1_when_the_output_layer_is_followed():
    at = open_page("builder")
    at.selectbox(key=builder_state.MICRO_LAYER).select(3).run()
    _, run = at.session_state[builder_state.BUILDER_RESULT.key]
    X, T = run.first_epoch_batch(0)
    hunt = averaged_hunt(run.network_before(0), X, T, 1, 0, 0)
    assert t("bughunt.micro_follows", "en", layer=1, i=1, j=1) in [c.value for c in at.caption]
    assert hunt.counts["factor"] == len(X) ** 2
    assert line_latex(hunt.shown[2], 4) in latex_shown(at)


def test_a_network_without_hidden_layers_says_there_is_nothing_passed_down():
    at = open_page("builder", "zh", preset={builder_state.BUILDER_EPOCHS: 50})
    field(at, builder_state.BUILDER_LAYERS).input("0").run()
    assert not at.exception
    assert t("reason.network.no_hidden", "zh") in [i.value for i in at.info]
    assert modes_state.bughunt_show_key("averaged") not in [b.key for b in at.button]


def test_a_line_is_one_formula_line_when_it_fits_else_two_else_the_panels():
    hunt = graph_hunt("used_twice")
    short = line_latex(hunt.shown[0], 4)
    assert short == r"b = a + a = 3.0000 + 3.0000 = 6.0000"
    two = line_latex(hunt.right[2], 4)
    assert two.startswith(r"\begin{aligned}") and two.count(r"\\") == 1
    assert two.endswith(r"&= 1.0000 + 1.0000 \cdot 1.0000 = 2.0000 \end{aligned}")
    narrow = line_latex(hunt.right[2], 4, room=8.0)
    assert narrow == formula_latex(hunt.right[2], 4, room=COLUMN_EM)


def test_the_lines_tried_are_listed_in_the_languages_own_way():
    at = open_page("graph", "zh")
    click(at, modes_state.bughunt_line_key("unrun", 0))
    click(at, modes_state.bughunt_line_key("unrun", 3))
    assert "已试过：第 1 行、第 4 行" in [c.value for c in at.caption]
