"""The translation table is complete, read-only, and covers every key the source uses."""

import re
from pathlib import Path
from string import Formatter

import pytest

from tutor.i18n import LANGUAGE_NAMES, LANGUAGES, STRINGS, t

ROOT = Path(__file__).resolve().parents[2]
KEY_RE = re.compile(r"^[a-z][a-z0-9_.]*$")
# t("key", ...) or t('key', ...) — but not get("key"), x.t("key") etc.
T_CALL_RE = re.compile(r"""(?<![\w.])t\(\s*(["'])([a-z][a-z0-9_.]*)\1""")


def _source_files() -> list[Path]:
    files = [ROOT / "app.py"]
    for folder in ("app_pages", "pages", "tutor"):
        files += sorted((ROOT / folder).rglob("*.py"))
    return [f for f in files if f.is_file()]


def _used_keys() -> dict[str, list[str]]:
    used: dict[str, list[str]] = {}
    for path in _source_files():
        for match in T_CALL_RE.finditer(path.read_text(encoding="utf-8")):
            used.setdefault(match.group(2), []).append(str(path.relative_to(ROOT)))
    return used


def test_languages_have_names() -> None:
    assert LANGUAGES == ("en", "zh")
    assert set(LANGUAGE_NAMES) == set(LANGUAGES)


@pytest.mark.parametrize("key", sorted(STRINGS))
def test_every_key_has_non_empty_text_in_every_language(key: str) -> None:
    assert KEY_RE.match(key), f"key {key!r} must match {KEY_RE.pattern}"
    assert set(STRINGS[key]) == set(LANGUAGES), key
    for lang in LANGUAGES:
        assert STRINGS[key][lang].strip(), f"{key}[{lang}] is empty"


def test_every_key_used_in_the_source_exists() -> None:
    used = _used_keys()
    # Guard the scanner itself: app.py alone uses several keys.
    assert len(used) >= 5, f"the t(...) scanner found only {sorted(used)}"
    missing = {key: where for key, where in used.items() if key not in STRINGS}
    assert not missing, f"keys used but not in tutor/i18n.py STRINGS: {missing}"


def test_t_formats_and_fails_loudly() -> None:
    assert t("app.title", "en") == "Backprop Tutor"
    assert t("app.title", "zh") == "反向传播教学"
    assert t("page.forward", "zh") == "前向传播"
    with pytest.raises(KeyError):
        t("no.such.key", "en")
    with pytest.raises(KeyError):
        t("app.title", "fr")


def test_t_substitutes_keyword_arguments(monkeypatch: pytest.MonkeyPatch) -> None:
    from types import MappingProxyType

    import tutor.i18n as i18n

    table = dict(STRINGS, **{"test.eta": {"en": "η = {eta}", "zh": "学习率 η = {eta}"}})
    monkeypatch.setattr(i18n, "STRINGS", MappingProxyType(table))
    assert i18n.t("test.eta", "zh", eta=0.5) == "学习率 η = 0.5"
    # Without kwargs the text is returned verbatim (braces are not an error).
    assert i18n.t("test.eta", "en") == "η = {eta}"


def test_table_is_read_only() -> None:
    with pytest.raises(TypeError):
        STRINGS["app.title"] = {"en": "x", "zh": "x"}  # type: ignore[index]
    with pytest.raises(TypeError):
        STRINGS["app.title"]["en"] = "x"  # type: ignore[index]


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
        assert STRINGS[key]["en"] and STRINGS[key]["zh"], key


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
    "micro.": "the microscope's choice of network",
    "builder.loss.": "a builder loss", "dataset.": "a builder data set",
    "builder.source.": "where the builder's data come from (builder_state.SOURCES)",
    "builder.reason.pairing.": "a loss that needs another output",
    "builder.reason.": "a builder refusal's code (tutor.ui.reasons)",
    "activation.name.": "an activation's name as learners say it",
    "digits.source_": "the digits' data source", "mnist.reason.": "an MNIST refusal",
    "practice.": "practice feedback", "share.panel.": "a panel a lesson hides",
    "lesson.error.": "a lesson link's refusal",
    # learning by predicting
    "hint.rule.": "a step's rule, by its message (bpcore.steps)",
    "predict.sign.": "a sign (bpcore.practice.sign_of)",
    "predict.sign_mark.": "a sign as a choice",
    "predict.size.": "a size against the last value (bpcore.practice.size_against)",
    "mistake.": "a known mistake (bpcore.mistakes)",
    # bug hunts (tests/app/test_bughunt.py checks every key a hunt says)
    "bughunt.": "a bug hunt's task, lines and reasons (bpcore.bughunt)",
    "bughunt.tab.": "a bug hunt's tab (bpcore.bughunt.GRAPH_HUNTS)",
}
_LITERAL = re.compile(r"""(["'])([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+)\1""")
_FAMILY = re.compile(r"""(?<![\w.])(?:t|Message)\(\s*f(["'])([a-z][a-z0-9_.]*?)\{""")


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
    unused = [key for key in STRINGS if key not in literals
              and not any(key.startswith(prefix) for prefix in built & set(FAMILIES))]
    assert not unused, f"keys no code uses (dead text, remove them): {unused}"


@pytest.mark.parametrize("key", sorted(STRINGS))
def test_both_languages_of_a_key_take_the_same_placeholders(key: str) -> None:
    def names(text: str) -> set[str]:
        return {field for _, field, _, _ in Formatter().parse(text) if field is not None}

    assert names(STRINGS[key]["en"]) == names(STRINGS[key]["zh"]), key


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
