"""The translation table is complete, read-only, and covers every key the source uses."""

import re
from pathlib import Path

import pytest

from tutor.i18n import LANGUAGE_NAMES, LANGUAGES, STRINGS, t

ROOT = Path(__file__).resolve().parents[2]
KEY_RE = re.compile(r"^[a-z][a-z0-9_.]*$")
# t("key", ...) or t('key', ...) — but not get("key"), x.t("key") etc.
T_CALL_RE = re.compile(r"""(?<![\w.])t\(\s*(["'])([a-z][a-z0-9_.]*)\1""")


def _source_files() -> list[Path]:
    files = [ROOT / "app.py"]
    for folder in ("app_pages", "pages", "tutor"):
        files += sorted((ROOT / folder).glob("*.py"))
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
