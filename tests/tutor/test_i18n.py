"""The translation table is complete, read-only, and covers every key the source uses."""

import json
import logging
import re
import shutil
from pathlib import Path
from string import Formatter

import pytest

from tutor import i18n
from tutor.i18n import LANGUAGE_NAMES, LANGUAGES, STRINGS, t, tn

ROOT = Path(__file__).resolve().parents[2]
KEY_RE = re.compile(r"^[a-z][a-z0-9_.]*$")
# t("key", ...) or t('key', ...) — but not get("key"), x.t("key") etc.
T_CALL_RE = re.compile(r"""(?<![\w.])t\(\s*(["'])([a-z][a-z0-9_.]*)\1""")
TN_CALL_RE = re.compile(r"""(?<![\w.])tn\(\s*(["'])([a-z][a-z0-9_.]*)\1""")


def _source_files() -> list[Path]:
    files = [ROOT / "app.py"]
    for folder in ("app_pages", "pages", "tutor"):
        files += sorted((ROOT / folder).rglob("*.py"))
    return [f for f in files if f.is_file()]


def _used_keys(call: re.Pattern[str] = T_CALL_RE) -> dict[str, list[str]]:
    used: dict[str, list[str]] = {}
    for path in _source_files():
        for match in call.finditer(path.read_text(encoding="utf-8")):
            used.setdefault(match.group(2), []).append(str(path.relative_to(ROOT)))
    return used


def test_languages_are_discovered_from_the_locale_files_english_first() -> None:
    files = {p.stem for p in (ROOT / "tutor" / "locales").glob("*.json")}
    assert LANGUAGES[0] == "en"
    assert set(LANGUAGES) == files and {"en", "zh"} <= files
    assert set(LANGUAGE_NAMES) == set(LANGUAGES)
    assert LANGUAGE_NAMES["zh"] == "简体中文"


@pytest.mark.parametrize("key", sorted(STRINGS))
def test_every_key_has_non_empty_text_in_every_language(key: str) -> None:
    assert KEY_RE.match(key), f"key {key!r} must match {KEY_RE.pattern}"
    for lang, text in STRINGS[key].items():
        assert text.strip(), f"{key}[{lang}] is empty"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_key_is_missing_in_a_shipped_language(lang: str) -> None:
    """The CI check: a key a language lacks would show in English (the fallback); list them."""
    missing = i18n.missing_keys(i18n.catalog(), lang)
    assert not missing, f"{lang} lacks {len(missing)} keys (English shows instead): {missing}"
    extra = [key for key in i18n.catalog().texts[lang] if key not in STRINGS]
    assert not extra, f"{lang} has keys English does not (stale, remove them): {extra}"


def test_every_key_used_in_the_source_exists() -> None:
    used = _used_keys()
    # Guard the scanner itself: app.py alone uses several keys.
    assert len(used) >= 5, f"the t(...) scanner found only {sorted(used)}"
    missing = {key: where for key, where in used.items() if key not in STRINGS}
    assert not missing, f"keys used but not in tutor/locales/en.json: {missing}"


def test_every_plural_key_used_in_the_source_has_its_forms() -> None:
    used = _used_keys(TN_CALL_RE)
    assert len(used) >= 8, f"the tn(...) scanner found only {sorted(used)}"
    bases = i18n.plural_bases(i18n.english_texts())
    missing = {key: where for key, where in used.items() if key not in bases}
    assert not missing, f"tn() keys without key_one/key_other in en.json: {missing}"
    assert not [key for key in used if key in STRINGS], "a plural key must not be a plain key"


def test_t_formats_and_fails_loudly() -> None:
    assert t("app.title", "en") == "Backprop Tutor"
    assert t("app.title", "zh") == "反向传播教学"
    assert t("page.forward", "zh") == "前向传播"
    with pytest.raises(KeyError):
        t("no.such.key", "en")
    with pytest.raises(KeyError):
        t("no.such.key", "zh")  # unknown in English too: a typo, not a missing translation
    with pytest.raises(KeyError):
        t("app.title", "fr")
    with pytest.raises(KeyError):
        tn("no.such.key", 2, "en")


def test_t_substitutes_keyword_arguments() -> None:
    assert t("editor.rejected", "zh", reason="x") == "未采用：x。仍在使用上一个有效值。"
    # Without kwargs the text is returned verbatim (braces are not an error).
    assert t("editor.rejected", "en").startswith("Not applied: {reason}.")


def test_table_is_read_only() -> None:
    with pytest.raises(TypeError):
        STRINGS["app.title"] = {"en": "x", "zh": "x"}  # type: ignore[index]
    with pytest.raises(TypeError):
        STRINGS["app.title"]["en"] = "x"  # type: ignore[index]
    with pytest.raises(TypeError):
        i18n.english_texts()["app.title"] = "x"  # type: ignore[index]


# --- plurals, fallback, discovery, prose -------------------------------------------------------
def test_english_picks_one_or_other_by_the_count() -> None:
    assert tn("live.joined", 1, "en") == "1 student in the class"
    assert tn("live.joined", 2, "en") == "2 students in the class"
    assert tn("live.joined", 0, "en") == "0 students in the class"
    assert tn("fade.what.blanks", 1, "en") == "the last step is yours"
    assert tn("fade.what.blanks", 3, "en") == "the last 3 steps are yours"
    # A count shown with thousands separators: the number picks the form, n= shows it.
    assert tn("training.final_error", 12000, "en", n="12,000") == "E_total after 12,000 updates"


def test_a_refusal_that_counts_is_said_in_the_plural_its_count_asks_for() -> None:
    from bpcore.builder import BuilderError
    from bpcore.errors import CodedError
    from tutor.ui.reasons import reason

    one = CodedError("data_file", "too_few_points", count=1, limit=20)
    two = CodedError("data_file", "too_few_points", count=2, limit=20)
    assert reason(one, "en").startswith("the file has 1 point: at least 20")
    assert reason(two, "en").startswith("the file has 2 points: at least 20")
    assert reason(one, "zh").startswith("文件只有 1 个点")
    few = BuilderError("points", "too_few_points", count=1, limit=20)
    assert reason(few, "en").startswith("1 point is too few")


def test_chinese_has_one_form_for_every_count() -> None:
    assert tn("live.joined", 1, "zh") == "课堂中的学生：1 名"
    assert tn("live.joined", 2, "zh") == "课堂中的学生：2 名"
    assert "live.joined_one" not in i18n.catalog().texts["zh"]


def test_a_missing_key_falls_back_to_english_and_is_logged_once(caplog) -> None:
    texts = {"app.title": "Titre"}  # one key only: everything else is missing
    with i18n.extra_language("fr", "Français", texts), caplog.at_level(logging.WARNING):
        assert t("app.title", "fr") == "Titre"
        assert t("page.forward", "fr") == "Forward pass"
        assert t("page.forward", "fr") == "Forward pass"
        assert t("editor.rejected", "fr", reason="r").startswith("Not applied: r.")
        assert tn("live.joined", 1, "fr") == "1 student in the class"  # English's own rule
        assert "fr" in i18n.LANGUAGES and i18n.LANGUAGE_NAMES["fr"] == "Français"
        assert "page.forward" in i18n.missing_keys(i18n.catalog(), "fr")
        with pytest.raises(KeyError):
            t("no.such.key", "fr")
    said = [r.getMessage() for r in caplog.records if "'fr'" in r.getMessage()]
    assert sum("'page.forward'" in m for m in said) == 1, said
    assert any("'editor.rejected'" in m for m in said) and any("live.joined" in m for m in said)
    assert "fr" not in i18n.LANGUAGES  # the hook restores the shipped languages


def _write_locale(folder: Path, code: str, name: str, texts: dict[str, str]) -> None:
    document = {"_meta": {"name": name, "html_lang": code}, **texts}
    (folder / f"{code}.json").write_text(json.dumps(document, ensure_ascii=False), "utf-8")


def test_a_language_file_dropped_into_the_folder_is_discovered(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "tutor" / "locales", tmp_path, dirs_exist_ok=True)
    _write_locale(tmp_path, "fr", "Français", {"app.title": "Tuteur", "live.joined_one":
                                               "{n} élève", "live.joined_other": "{n} élèves"})
    found = i18n.load_catalog(tmp_path)
    assert found.languages == ("en", "fr", "zh")
    assert found.names["fr"] == "Français"
    missing = i18n.missing_keys(found, "fr")
    assert "page.forward" in missing and "app.title" not in missing
    assert "live.joined_one" not in missing and "live.joined_other" not in missing
    # Prose files belong to en and zh only here: fr lacks them.
    assert "program.batch.data" in missing


def test_the_missing_key_check_asks_for_each_languages_own_plural_forms(tmp_path) -> None:
    _write_locale(tmp_path, "en", "English", {"a.b": "A", "c.d_one": "{n} thing",
                                              "c.d_other": "{n} things"})
    _write_locale(tmp_path, "ru", "Русский", {"a.b": "А", "c.d_one": "{n} вещь"})
    _write_locale(tmp_path, "zh", "中文", {"c.d_other": "{n} 个"})
    found = i18n.load_catalog(tmp_path)
    assert i18n.missing_keys(found, "en") == []
    assert i18n.missing_keys(found, "ru") == ["c.d_few", "c.d_many", "c.d_other"]
    assert i18n.missing_keys(found, "zh") == ["a.b"]


def test_a_broken_language_file_fails_at_load(tmp_path: Path) -> None:
    _write_locale(tmp_path, "en", "English", {"a.b": "A"})
    (tmp_path / "zh.json").write_text('{"a.b": "甲"}', "utf-8")  # no _meta
    with pytest.raises(ValueError, match="_meta"):
        i18n.load_catalog(tmp_path)
    (tmp_path / "zh.json").write_text('{"_meta": {"name": "中文"}, "a.b": 3}', "utf-8")
    with pytest.raises(ValueError, match="string"):
        i18n.load_catalog(tmp_path)


def test_long_prose_is_read_from_a_markdown_file_per_language() -> None:
    for lang in ("en", "zh"):
        path = ROOT / "tutor" / "locales" / lang / "program.batch.data.md"
        assert t("program.batch.data", lang) == path.read_text("utf-8").removesuffix("\n")
    assert t("program.batch.data", "en").startswith("## The data\n\n")
    assert t("program.batch.data", "zh").startswith("## ")
    english = json.loads((ROOT / "tutor" / "locales" / "en.json").read_text("utf-8"))
    assert "program.batch.data" not in english


def test_the_converter_writes_json_prose_and_plurals_and_is_rerunnable(tmp_path) -> None:
    from scripts.i18n_to_files import PROSE_CHARS, convert, read_table, write

    old = tmp_path / "old_i18n.py"
    long = "word " * (PROSE_CHARS // 5 + 1)
    old.write_text(
        "X = 1\n_TABLE: dict[str, dict[str, str]] = {\n"
        '    "b.first": {"en": "First {x}", "zh": "第一 {x}"},\n'
        '    "a.second": {"en": "Two " "parts", "zh": "两部分"},\n'
        f'    "c.long": {{"en": "{long}", "zh": "长"}},\n'
        '    "live.joined": {"en": "Students in the class: {n}", "zh": "课堂中的学生：{n} 名"},\n'
        "}\n", "utf-8")
    out = tmp_path / "locales"
    write(out, *convert(read_table(old)))
    english = json.loads((out / "en.json").read_text("utf-8"))
    assert list(english) == ["_meta", "b.first", "a.second", "live.joined_one",
                             "live.joined_other"]  # source order, plurals split
    assert english["a.second"] == "Two parts"
    assert (out / "en" / "c.long.md").read_text("utf-8") == long + "\n"
    assert (out / "zh" / "c.long.md").read_text("utf-8") == "长\n"
    assert "live.joined_one" not in json.loads((out / "zh.json").read_text("utf-8"))
    first = {p: p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
    (out / "en" / "stale.md").write_text("old", "utf-8")
    write(out, *convert(read_table(old)))
    assert {p: p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()} == first
    assert i18n.load_catalog(out).texts["en"]["c.long"] == long


def test_the_converter_refuses_a_plural_key_whose_old_text_changed(tmp_path) -> None:
    from scripts.i18n_to_files import convert

    with pytest.raises(SystemExit, match="live.joined"):
        convert({"live.joined": {"en": "{n} learners joined", "zh": "课堂中的学生：{n} 名"}})


# --- the pseudo-locale -------------------------------------------------------------------------
def test_the_pseudo_locale_wraps_lengthens_and_keeps_markup() -> None:
    text = "**Line {n}.** The $w_1$ value<br>`x` and [a link](https://example.org)"
    pseudo = i18n.pseudo_text(text)
    assert pseudo.startswith("⟦") and pseudo.endswith("⟧")
    for kept in ("**", "{n}", "$w_1$", "<br>", "`x`", "](https://example.org)"):
        assert kept in pseudo, kept
    assert "Line" not in pseudo and "value" not in pseudo
    assert len(pseudo) >= 1.4 * len(text)
    assert i18n.pseudo_text("# Title\n\n- item") == "# ⟦Títlé··⟧\n\n- ⟦ítém··⟧"


@pytest.mark.parametrize("key", sorted(STRINGS))
def test_every_pseudo_text_takes_the_english_placeholders(key: str) -> None:
    def names(text: str) -> set[str]:
        return {field for _, field, _, _ in Formatter().parse(text) if field is not None}

    english = STRINGS[key]["en"]
    assert names(i18n.pseudo_text(english)) == names(english), key


def test_keys_built_at_run_time_exist_in_both_languages() -> None:
    """Keys the code assembles (f"reason.{code}", f"phase.{phase}", …) escape the literal scan."""
    from bpcore import PHASES, Scenario, ScenarioError
    from tutor.i18n import STRINGS

    keys = [f"reason.{c}" for c in ScenarioError.CODES] + [f"phase.{p}" for p in PHASES]
    keys += [f"field.{n}" for n in Scenario.field_names()]
    keys += [f"{kind}.{page}" for kind in ("page", "banner")
             for page in ("overview", "forward", "backward", "update")]
    for key in keys:
        assert key in STRINGS, key
        assert all(STRINGS[key].get(lang) for lang in LANGUAGES), key


# --- hygiene: every key is used, and both languages take the same parameters ------------------
# A key is used when it appears as a string literal in the source (t("key"), a bpcore
# Message("key", …), a table of keys) or belongs to one of these documented families, whose
# keys the code builds at run time with t(f"prefix{…}") or Message(f"prefix{…}"):
FAMILIES = {
    "phase.": "a step's phase (bpcore.PHASES)",
    "page.": "a page's title", "banner.": "a page's banner",
    "field.": "an editor field (Scenario.field_names)", "reason.": "a refusal's code",
    "chain.field.": "a 1-1-1 input", "loss.": "a 1-1-1 loss",
    "graph.example.": "a graph example (bpcore.graph_examples.EXAMPLES)",
    "graph.name.": "a graph name said in words (Saito's book)",
    "graph.forward.": "what a graph node computes, by operation (bpcore.graph.OPS)",
    "graph.backward.": "what a graph node sends back, by operation (bpcore.graph.OPS)",
    "verdict.": "a learning rate's verdict", "rates.problem.": "a learning-rate problem",
    "valley.place.": "where the optimisers race (bpcore.valley.VALLEYS)",
    "micro.": "the microscope's choice of network",
    "builder.loss.": "a builder loss", "dataset.": "a builder data set",
    "builder.source.": "where the builder's data come from (builder_state.SOURCES)",
    "builder.reason.pairing.": "a loss that needs another output",
    "builder.problem.": "a builder problem (builder_state.PROBLEMS)",
    "builder.optimiser.": "an optimiser (bpcore.optimisers.NAMES)",
    "builder.beta1.": "momentum's μ or Adam's β₁", "builder.beta2.": "RMSProp's ρ or Adam's β₂",
    "builder.regularisation.": "a penalty (bpcore.regularisation.KINDS)",
    "builder.feature.": "an input feature (bpcore.features.NAMES)",
    "micro.penalty.": "the penalty whose term the microscope adds",
    "micro.optimiser.": "the optimiser whose step the microscope works (bpcore.optimisers.NAMES)",
    "builder.reason.": "a builder refusal's code (tutor.ui.reasons)",
    "activation.name.": "an activation's name as learners say it",
    "net.name.": "a stepped network's name (bpcore.presets.PRESETS)",
    "digits.source_": "the digits' data source", "mnist.reason.": "an MNIST refusal",
    "practice.": "practice feedback", "share.panel.": "a panel a lesson hides",
    "lesson.error.": "a lesson link's refusal",
    # learning by predicting
    "hint.rule.": "a step's rule, by its message (bpcore.steps)",
    "predict.sign.": "a sign (bpcore.practice.sign_of)",
    "predict.sign_mark.": "a sign as a choice",
    "predict.size.": "a size against the last value (bpcore.practice.size_against)",
    "mistake.": "a known mistake (bpcore.mistakes)",
    "mistake.gen.": "a known mistake on any network (bpcore.mistakes.Slip)",
    "concept.topic.": "a concept check's topic (bpcore.concept.TOPICS)",
    # bug hunts (tests/app/test_bughunt.py checks every key a hunt says)
    "bughunt.": "a bug hunt's task, lines and reasons (bpcore.bughunt)",
    "bughunt.tab.": "a bug hunt's tab (bpcore.bughunt.GRAPH_HUNTS)",
}
_LITERAL = re.compile(r"""(["'])([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+)\1""")
_FAMILY = re.compile(r"""(?<![\w.])(?:t|tn|_say|Message)\(\s*f(["'])([a-z][a-z0-9_.]*?)\{""")


def _sources() -> dict[Path, str]:
    files = _source_files() + sorted((ROOT / "bpcore").glob("*.py"))
    return {f: f.read_text(encoding="utf-8") for f in files if f.name != "i18n.py"}


def test_every_family_the_code_builds_is_documented() -> None:
    built = {m.group(2): str(path.relative_to(ROOT)) for path, text in _sources().items()
             for m in _FAMILY.finditer(text)}
    assert len(built) >= 10, f"the family scanner found only {sorted(built)}"
    undocumented = {prefix: where for prefix, where in built.items() if prefix not in FAMILIES}
    assert not undocumented, f"document these dynamic key families in FAMILIES: {undocumented}"


def test_every_key_in_the_table_is_used_somewhere() -> None:
    sources = _sources()
    literals = {m.group(2) for text in sources.values() for m in _LITERAL.finditer(text)}
    built = {m.group(2) for text in sources.values() for m in _FAMILY.finditer(text)}
    assert len(literals) >= 100, "the literal scanner found too little"
    plural = re.compile(r"_(?:zero|one|two|few|many|other)$")
    bases = i18n.plural_bases(i18n.english_texts())
    unused = [key for key in STRINGS if key not in literals
              and not (plural.sub("", key) in bases and plural.sub("", key) in literals)
              and not any(key.startswith(prefix) for prefix in built & set(FAMILIES))]
    assert not unused, f"keys no code uses (dead text, remove them): {unused}"


@pytest.mark.parametrize("key", sorted(STRINGS))
def test_every_language_of_a_key_takes_the_english_placeholders(key: str) -> None:
    """Same names in every language; a plural's singular form may leave out the count."""
    def names(text: str) -> set[str]:
        return {field for _, field, _, _ in Formatter().parse(text) if field is not None}

    english = names(STRINGS[key]["en"])
    base, _, category = key.rpartition("_")
    for lang, text in STRINGS[key].items():
        if base in i18n.plural_bases(i18n.english_texts()) and category != "other":
            assert names(text) <= names(STRINGS[f"{base}_other"]["en"]) | {"n"}, (key, lang)
        else:
            assert names(text) == english, (key, lang)


def test_every_message_bpcore_sends_has_words_in_both_languages() -> None:
    """bpcore's messages (steps, graph steps) name keys at run time: each exists."""
    from bpcore import Scenario, trace_step
    from bpcore.graph import chain_rule, evaluate
    from bpcore.graph_examples import EXAMPLES

    base = trace_step(Scenario(train_biases=True))
    messages = [s.message for s in base.steps]
    for name, build in EXAMPLES.items():
        trace = evaluate(build(base) if name == "neuron_o1" else build())
        messages += [s.message for s in trace.steps]
        messages += [chain_rule(trace, n).message for n in trace.graph.names()
                     if n != trace.graph.output]
    for message in messages:
        for lang in LANGUAGES:
            assert t(message.key, lang, **message.params), message.key
