"""The own-network editor on a page of its own (tests/app/neteditor_page.py): a new shape, a
cell edited well and badly, random with seed, NumPy pasted well and badly, in both languages.
A refused change keeps the network in use and says why beside it; nothing ever raises."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from bpcore.netspec import NetSpec
from bpcore.presets import bce, xor
from tests.app.apptest import field
from tutor.i18n import LANGUAGES, t
from tutor.stepping import neteditor_state as ns
from tutor.ui.state import field_text_key

PAGE = str(Path(__file__).with_name("neteditor_page.py"))
SPEC, APPLIED = "test.spec", "test.applied"


def open_editor(lang: str = "en", net: str = "xor") -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.query_params["lang"] = lang
    at.query_params["net"] = net
    return at.run()


def spec(at: AppTest) -> NetSpec:
    value: NetSpec = at.session_state[SPEC]
    return value


def edit(at: AppTest, name: str, edited_rows=None, added_rows=(), deleted_rows=()) -> AppTest:
    """Send what a browser's data editor of array ``name`` sends, and rerun."""
    key = ns.table_key(name, at.session_state[ns.OWN_VERSION])
    at.session_state[key] = {"edited_rows": edited_rows or {}, "added_rows": list(added_rows),
                             "deleted_rows": list(deleted_rows)}
    return at.run()


def table(at: AppTest, name: str):
    return at.data_editor(key=ns.table_key(name, at.session_state[ns.OWN_VERSION]))


def numbers(at: AppTest, name: str) -> list[list[float]]:
    """The numbers a table shows (its row labels left out)."""
    return table(at, name).value.drop(columns="row").values.tolist()


def errors(at: AppTest) -> list[str]:
    return [e.value for e in at.error]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_editor_draws_every_array_labelled_in_the_general_notation(lang):
    at = open_editor(lang)
    assert not at.exception and not errors(at)
    assert [d.key for d in at.data_editor] == [ns.table_key(n, at.session_state[ns.OWN_VERSION])
                                               for n in ("X", "T", "W1", "b1", "W2", "b2")]
    w1 = table(at, "W1").value
    assert numbers(at, "W1") == [[0.5, -0.6], [0.4, 0.9]]  # row k = x_k, column j = h_j
    assert list(w1["row"]) == [t("neteditor.row_k", lang, k=k) for k in (1, 2)]
    captions = [c.value for c in at.caption]
    assert t("neteditor.weights_table", lang, W="$W^{1}$", w="$w^{1}_{jk}$", layer=1,
             prev=0) in captions
    assert at.session_state[APPLIED] == 0 and spec(at) == xor()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_new_size_applied_keeps_the_numbers_that_still_fit(lang):
    at = open_editor(lang)
    at.selectbox(key=ns.width_key(1)).set_value(3).run()
    assert spec(at) == xor()  # a draft until applied
    at.button[0].click().run()  # Apply shape
    new = spec(at)
    assert not at.exception and at.session_state[APPLIED] == 1
    assert new.sizes == (2, 3, 1)
    assert tuple(r[:2] for r in new.weights[0]) == xor().weights[0]
    assert new.weights[1][:2] == xor().weights[1]
    assert len(numbers(at, "W1")[0]) == 3  # the tables follow the new shape


def test_a_hidden_layer_added_starts_like_the_one_before_and_can_be_applied():
    at = open_editor()
    at.selectbox(key=ns.OWN_HIDDEN).set_value(2).run()
    assert at.selectbox(key=ns.width_key(2)).value == 2
    at.selectbox(key=ns.width_key(2)).set_value(4).run()
    at.selectbox(key=ns.activation_key(2)).set_value("relu").run()
    at.button[0].click().run()
    assert spec(at).sizes == (2, 2, 4, 1)
    assert spec(at).activations == ("sigmoid", "relu", "sigmoid")
    assert len(at.data_editor) == 8  # X, T and three layers' W and b


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_cell_edited_to_a_number_changes_that_weight_only(lang):
    at = open_editor(lang)
    edit(at, "W1", {1: {"c1": 0.25}})  # row k = 2, column j = 1: w^1_12
    assert not at.exception and not errors(at)
    assert spec(at).weights[0] == ((0.5, -0.6), (0.25, 0.9))
    assert spec(at).weights[1] == xor().weights[1] and at.session_state[APPLIED] == 1
    assert numbers(at, "W1") == [[0.5, -0.6], [0.25, 0.9]]
    edit(at, "T", {0: {"c1": "0.5"}})  # text a client may send reads as a typed field
    assert spec(at).T == ((0.5,),)


GARBAGE = [
    ("W1", {0: {"c1": "abc"}}, (), (), "not_a_number"),
    ("W1", {0: {"c1": "nan"}}, (), (), "not_finite"),
    ("W1", {0: {"c1": float("nan")}}, (), (), "not_finite"),
    ("W1", {0: {"c1": float("inf")}}, (), (), "not_finite"),
    ("W1", {0: {"c1": "1e400"}}, (), (), "not_finite"),
    ("W1", {0: {"c1": "9" * 100_000}}, (), (), "too_long"),
    ("W1", {0: {"c1": 5e6}}, (), (), "too_large"),
    ("W1", {0: {"c1": None}}, (), (), "empty"),
    ("W1", {0: {"c1": [1, 2]}}, (), (), "not_a_number"),
    ("W1", {7: {"c1": 1.0}}, (), (), "cell"),
    ("W1", {0: {"c9": 1.0}}, (), (), "cell"),
    ("W1", {0: {"row": "k = 9"}}, (), (), "cell"),
    ("X", {}, [{"c1": 1.0, "c2": 2.0}], (), "rows_fixed"),
    ("W2", {}, (), [0], "rows_fixed"),
    ("T", {0: {"c1": 1.5}}, (), (), "target_probability"),
]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(("name", "rows", "added", "deleted", "code"), GARBAGE,
                         ids=[g[-1] + "-" + g[0] for g in GARBAGE])
def test_garbage_in_a_cell_keeps_the_network_and_says_why(lang, name, rows, added, deleted,
                                                          code):
    at = open_editor(lang, "bce")
    version = at.session_state[ns.OWN_VERSION]
    edit(at, name, rows, added, deleted)
    assert not at.exception
    assert spec(at) == bce() and at.session_state[APPLIED] == 0
    assert at.session_state[ns.OWN_REFUSALS][name].code == code
    said = errors(at)
    assert len(said) == 1 and said[0].startswith(t("editor.rejected", lang, reason="")[:3])
    # the table starts again from the numbers in use, not from the refused edit
    assert at.session_state[ns.OWN_VERSION] == version + 1
    assert numbers(at, name) == [list(r) for r in bce().array(name)]
    edit(at, "W1", {0: {"c1": 0.75}})  # a good edit afterwards applies and clears the message
    assert spec(at).weights[0][0][0] == 0.75 and not errors(at)


def test_a_refused_cell_is_named_by_its_place_in_the_general_notation():
    at = open_editor("en")
    edit(at, "W2", {1: {"c1": "abc"}})
    assert "W², row 2, column 1" in errors(at)[0]
    at = open_editor("zh")
    edit(at, "W2", {1: {"c1": "abc"}})
    assert "W² 第 2 行第 1 列" in errors(at)[0]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_random_with_seed_gives_the_same_numbers_for_the_same_seed(lang):
    at = open_editor(lang)
    field(at, ns.OWN_SEED).input("7").run()
    at.button[1].click().run()  # Random with seed
    first = spec(at)
    expected = NetSpec.random((2, 2, 1), ("sigmoid", "sigmoid"), "half_sse", 7, 1, 0.5, True)
    assert first == expected and at.session_state[APPLIED] == 1
    at.button[1].click().run()
    assert spec(at) == first and at.session_state[APPLIED] == 2
    field(at, ns.OWN_SEED).input("8").run()
    at.button[1].click().run()
    assert spec(at) != first
    field(at, ns.OWN_SEED).input("-1").run()  # refused as a typed field; the seed in use kept
    assert at.session_state[ns.OWN_SEED] == 8 and errors(at)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_shape_the_builder_refuses_is_refused_with_its_reason(lang):
    at = open_editor(lang)
    at.selectbox(key=ns.OWN_LOSS).set_value("cross_entropy").run()
    at.button[0].click().run()
    assert not at.exception and spec(at) == xor() and at.session_state[APPLIED] == 0
    said = errors(at)
    assert len(said) == 1
    assert t("builder.reason.pairing.cross_entropy", lang, output="sigmoid")[:-1] in said[0]
    assert ".." not in said[0] and "。。" not in said[0]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_pasted_numpy_applies_and_bad_paste_keeps_the_network_and_the_text(lang):
    at = open_editor(lang)
    box = at.text_area(key=ns.OWN_PASTE)
    assert box.value == xor().to_numpy()  # the network as text, ready to copy
    good = xor().to_numpy().replace("W2 = [[0.7]", "W2 = [[0.75]")
    box.input(good).run()
    at.button[2].click().run()  # Apply the NumPy text
    assert spec(at).weights[1] == ((0.75,), (-0.3,)) and at.session_state[APPLIED] == 1
    assert at.text_area(key=ns.OWN_PASTE).value == spec(at).to_numpy()
    for bad, code in (("W1 = [[1, 2], [3]]", "count"), ("W1 = [[1, 2]", "syntax"),
                      ("import os", "syntax"), ("W9 = [[1]]", "unknown_field"),
                      ("b1 = [1, 2]\nb1 = [3, 4]", "duplicate"), ("# nothing", "empty"),
                      ("W1 = [[[1]]]", "too_deep"), ("eta = 1e999", "not_finite")):
        at.text_area(key=ns.OWN_PASTE).input(bad).run()
        at.button[2].click().run()
        assert not at.exception
        assert at.session_state[ns.OWN_REFUSALS]["paste"].code == code, bad
        assert spec(at).weights[1] == ((0.75,), (-0.3,)) and at.session_state[APPLIED] == 1
        assert at.text_area(key=ns.OWN_PASTE).value == bad  # the learner's text stays to fix
        assert len(errors(at)) == 1


@pytest.mark.parametrize(("lang", "where"), [("en", "W¹, row 2"), ("zh", "W¹ 第 2 行")])
def test_a_ragged_paste_is_refused_naming_the_row(lang, where):
    at = open_editor(lang)
    at.text_area(key=ns.OWN_PASTE).input("W1 = [[1, 2], [3]]").run()
    at.button[2].click().run()
    assert where in errors(at)[0] and spec(at) == xor()


def test_a_paste_longer_than_the_limit_that_skips_the_browser_is_refused():
    at = open_editor()
    at.text_area(key=ns.OWN_PASTE).set_value("W1 = [[1, 2], [3, 4]]" + " " * 200_000).run()
    at.button[2].click().run()
    assert not at.exception and spec(at) == xor()
    assert at.session_state[ns.OWN_REFUSALS]["paste"].code == "too_long"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_eta_is_a_typed_field(lang):
    at = open_editor(lang)
    for bad in ("abc", "nan", "1e400", "0", "-1"):
        at.text_input(key=ns.OWN_ETA_FIELD).input(bad).run()
        assert not at.exception and spec(at).eta == 0.5 and errors(at), bad
    at.text_input(key=ns.OWN_ETA_FIELD).input("0.25").run()
    assert spec(at).eta == 0.25 and not errors(at)


def test_biases_can_be_switched_to_train_or_not():
    at = open_editor()
    assert spec(at).train_biases
    at.toggle(key=ns.OWN_TRAIN_BIASES).set_value(False).run()
    assert not spec(at).train_biases and at.session_state[APPLIED] == 1


def test_a_new_network_from_the_page_redraws_the_editor():
    at = open_editor()
    at.session_state[SPEC] = bce()  # the page switched preset
    at.run()
    assert at.session_state[ns.OWN_SHOWN] == bce()
    assert at.selectbox(key=ns.OWN_LOSS).value == "binary_cross_entropy"
    assert at.text_area(key=ns.OWN_PASTE).value == bce().to_numpy()
    assert field_text_key(ns.OWN_SEED) in at.session_state
