"""Every visible string of the app, read from the locale files, and the `t()` / `tn()` look-ups.

The texts are data, one file per language, in the format every translation platform reads
(Weblate, Crowdin, Lokalise, Transifex): ``tutor/locales/<lang>.json``, i18next-style flat
``key -> string`` with str.format placeholders (``{eta}``), and a ``"_meta"`` entry giving
the language's name in the picker and its tag (HTML lang, CLDR plural rules). Long prose
(several paragraphs, Markdown) is a file of its own, ``tutor/locales/<lang>/<key>.md``, found
by the same key. Keys are lower-case dotted names (``page.forward``).

- **Languages are discovered** from the ``*.json`` files at import (English first): adding a
  language is adding one file (plus its prose files). :data:`LANGUAGES`, :data:`LANGUAGE_NAMES`.
- **Plurals** are i18next v4 suffixes, ``key_one`` / ``key_other`` (``_zero``, ``_two``,
  ``_few``, ``_many`` where a language has them), chosen by the CLDR rules in Babel:
  ``tn("live.joined", 3, lang)`` (the count is also ``{n}``).
- **English is the fallback**: a key missing in another language shows the English text and
  is logged once (``tests/app/test_i18n.py`` lists every missing key of every shipped
  language, :func:`missing_keys`). A key missing in English is a programming error and raises
  ``KeyError`` (the tests check every ``t("...")`` literal in the source against the files).
- Everything is parsed once at import into read-only mappings; no look-up reads a file.
- :func:`pseudo_texts` builds a pseudo-locale from English (every string wrapped in ⟦…⟧ and
  ~40 % longer) that tests register with :func:`extra_language`, and a server started with
  ``BPTUTOR_PSEUDO_LOCALE=1`` offers as ``?lang=pseudo``; learners never see it.

The files were produced once from the old Python table by ``scripts/i18n_to_files.py``.

Chinese terminology (keep consistent across the app): 前向传播 forward pass,
反向传播 backpropagation / backward pass, 链式法则 chain rule, 学习率 learning rate,
误差 error, 权重 weight, 偏置 bias, 梯度 gradient, 激活函数 activation function,
隐藏层 hidden layer, 输入层 input layer, 输出层 output layer, 神经元 neuron.
"""

from __future__ import annotations

import json
import logging
import math
import os
import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from types import MappingProxyType

from babel import Locale, UnknownLocaleError

LOG = logging.getLogger(__name__)
LOCALE_DIR = Path(__file__).resolve().with_name("locales")
ENGLISH = "en"
META_KEY = "_meta"
PSEUDO = "pseudo"
PSEUDO_ENV = "BPTUTOR_PSEUDO_LOCALE"
CATEGORIES = ("zero", "one", "two", "few", "many", "other")  # CLDR plural categories
_PLURAL_KEY = re.compile(r"^(.+)_(zero|one|two|few|many|other)$")


@dataclass(frozen=True)
class Catalog:
    """Every language's texts as read from a locale folder (read-only)."""

    languages: tuple[str, ...]  # English first, then by code
    names: Mapping[str, str]  # code -> name shown in the language picker
    tags: Mapping[str, str]  # code -> BCP 47 tag (HTML lang, CLDR plural rules)
    texts: Mapping[str, Mapping[str, str]]  # code -> key -> text


def load_catalog(folder: Path) -> Catalog:
    """Read ``folder/*.json`` and ``folder/<lang>/*.md`` into a :class:`Catalog`.

    A language file must be a JSON object of strings with a ``_meta`` object holding ``name``;
    anything else raises ``ValueError`` naming the file (a broken file must fail at start-up).
    """
    codes = sorted(path.stem for path in folder.glob("*.json"))
    if ENGLISH not in codes:
        raise ValueError(f"{folder}: no {ENGLISH}.json, the fallback language")
    codes.remove(ENGLISH)
    languages = (ENGLISH, *codes)
    names: dict[str, str] = {}
    tags: dict[str, str] = {}
    texts: dict[str, Mapping[str, str]] = {}
    for code in languages:
        path = folder / f"{code}.json"
        document = json.loads(path.read_text(encoding="utf-8"))
        meta = document.pop(META_KEY, None) if isinstance(document, dict) else None
        if not isinstance(meta, dict) or not isinstance(meta.get("name"), str):
            raise ValueError(f"{path}: needs a \"{META_KEY}\": {{\"name\": ...}} entry")
        if not all(isinstance(v, str) for v in document.values()):
            raise ValueError(f"{path}: every entry must be a string")
        for prose in sorted((folder / code).glob("*.md")):
            key = prose.name[: -len(".md")]
            if key in document:
                raise ValueError(f"{prose}: {key} is also in {path.name}")
            document[key] = prose.read_text(encoding="utf-8").removesuffix("\n")
        names[code] = meta["name"]
        tags[code] = str(meta.get("html_lang", code))
        texts[code] = MappingProxyType(document)
    return Catalog(languages, MappingProxyType(names), MappingProxyType(tags),
                   MappingProxyType(texts))


def with_language(catalog: Catalog, code: str, name: str, texts: Mapping[str, str],
                  tag: str = ENGLISH) -> Catalog:
    """A copy of ``catalog`` with one more language (the pseudo-locale, a test's language)."""
    return Catalog((*catalog.languages, code), MappingProxyType({**catalog.names, code: name}),
                   MappingProxyType({**catalog.tags, code: tag}),
                   MappingProxyType({**catalog.texts, code: MappingProxyType(dict(texts))}))


@lru_cache(maxsize=64)
def _plural_rule(tag: str) -> Callable[[float], str]:
    """The CLDR plural rule of a language tag (English's for a tag Babel does not know)."""
    try:
        return Locale.parse(tag, sep="-").plural_form  # type: ignore[no-any-return]
    except (UnknownLocaleError, ValueError):
        return Locale.parse(ENGLISH).plural_form  # type: ignore[no-any-return]


def plural_categories(catalog: Catalog, lang: str) -> frozenset[str]:
    """The plural forms ``lang`` needs for a plural key ("other" always)."""
    rule = _plural_rule(catalog.tags[lang])
    return frozenset(getattr(rule, "tags", ())) | {"other"}


def plural_bases(texts: Mapping[str, str]) -> frozenset[str]:
    """The plural keys among ``texts`` (``live.joined`` for ``live.joined_one``/``_other``)."""
    return frozenset(m.group(1) for key in texts if (m := _PLURAL_KEY.match(key))
                     and f"{m.group(1)}_other" in texts)


def missing_keys(catalog: Catalog, lang: str) -> list[str]:
    """The keys ``lang`` lacks against English, in English's order (the CI check's list).

    A plural key needs the forms of ``lang``'s own CLDR rules (Chinese only ``_other``).
    """
    english = catalog.texts[ENGLISH]
    own = catalog.texts[lang]
    bases = plural_bases(english)
    needed = sorted(plural_categories(catalog, lang), key=CATEGORIES.index)
    missing: list[str] = []
    for key in english:
        m = _PLURAL_KEY.match(key)
        if m and m.group(1) in bases:
            if m.group(2) == "other":
                missing += [f"{m.group(1)}_{c}" for c in needed if f"{m.group(1)}_{c}" not in own]
        elif key not in own:
            missing.append(key)
    return missing


def _table(catalog: Catalog) -> Mapping[str, Mapping[str, str]]:
    """``key -> {lang: text}`` for every key English has (the languages that have it)."""
    return MappingProxyType({key: MappingProxyType({lang: catalog.texts[lang][key]
                                                    for lang in catalog.languages
                                                    if key in catalog.texts[lang]})
                             for key in catalog.texts[ENGLISH]})


# --- the pseudo-locale ---------------------------------------------------------------------------
# Kept as they are: placeholders, LaTeX, HTML tags, inline code, links' targets, Streamlit colour
# directives, bold markers, LaTeX commands, entities, line breaks and table bars. A span's body
# excludes its own opening sign ("<", "(") so a run of openers is scanned once, not once each.
_PROTECTED = re.compile(r"\{\{|\}\}|\{[^{}]*\}|\$\$.*?\$\$|\$[^$\n]+\$|<[^<>\n]*>|`[^`\n]*`"
                        r"|https?://\S+|\]\([^()\n]*\)|:[a-z]+\[|\*\*|\\[a-zA-Z]+|&[a-z]+;|\n|\|",
                        re.S)
_LINE_PREFIX = re.compile(r"^(\s*(?:#{1,6} |[-*+] |\d+\. |> )?)")
_ACCENTS = str.maketrans("aeiouycnAEIOUYCN", "áéíóúýçñÁÉÍÓÚÝÇÑ")
_LETTERS = re.compile(r"\b[A-Za-z]+\b")  # a whole word: w1, E_total, out_o1 stay symbols
PSEUDO_OPEN, PSEUDO_CLOSE, PSEUDO_PAD = "⟦", "⟧", "·"


def pseudo_text(text: str) -> str:
    """``text`` wrapped in ⟦…⟧, letters accented, ~40 % longer; markup and placeholders intact.

    Each word grows by 40 % (``·`` padding, so lines still break between words, as a longer
    language's would), the rest of the 40 % comes before the closing ⟧. Each line of a
    multi-line text is wrapped on its own, after its Markdown prefix (``# ``, ``- ``), so
    headings and lists stay headings and lists.
    """
    def longer(word: re.Match[str]) -> str:
        return word.group(0).translate(_ACCENTS) + PSEUDO_PAD * math.ceil(0.4 * len(word[0]))

    lines = []
    for line in text.split("\n"):
        if not line.strip():
            lines.append(line)
            continue
        prefix = _LINE_PREFIX.match(line).group(1)  # type: ignore[union-attr]
        body = line[len(prefix):]
        parts, last = [], 0
        for m in _PROTECTED.finditer(body):
            parts += [_LETTERS.sub(longer, body[last:m.start()]), m.group(0)]
            last = m.end()
        parts.append(_LETTERS.sub(longer, body[last:]))
        grown = "".join(parts)
        pad = PSEUDO_PAD * max(0, math.ceil(1.4 * len(body)) - len(grown))
        lines.append(f"{prefix}{PSEUDO_OPEN}{grown}{pad}{PSEUDO_CLOSE}")
    return "\n".join(lines)


def pseudo_texts(english: Mapping[str, str]) -> dict[str, str]:
    """The pseudo-locale: every English text through :func:`pseudo_text`."""
    return {key: pseudo_text(text) for key, text in english.items()}


def _with_pseudo(catalog: Catalog) -> Catalog:
    return with_language(catalog, PSEUDO, "⟦Pseudo⟧", pseudo_texts(catalog.texts[ENGLISH]))


_CATALOG = load_catalog(LOCALE_DIR)
if os.environ.get(PSEUDO_ENV) == "1":  # a layout test's server, never a learner's
    _CATALOG = _with_pseudo(_CATALOG)

LANGUAGES: tuple[str, ...] = _CATALOG.languages
LANGUAGE_NAMES: Mapping[str, str] = _CATALOG.names
STRINGS: Mapping[str, Mapping[str, str]] = _table(_CATALOG)


@contextmanager
def extra_language(code: str, name: str, texts: Mapping[str, str]) -> Iterator[None]:
    """Test-only hook: offer one more language inside the ``with`` block, then restore.

    ``with extra_language(PSEUDO, "Pseudo", pseudo_texts(english_texts())): ...``
    """
    global _CATALOG, LANGUAGES, LANGUAGE_NAMES, STRINGS  # noqa: PLW0603 (a test's hook)
    saved = (_CATALOG, LANGUAGES, LANGUAGE_NAMES, STRINGS)
    _CATALOG = with_language(_CATALOG, code, name, texts)
    LANGUAGES, LANGUAGE_NAMES, STRINGS = _CATALOG.languages, _CATALOG.names, _table(_CATALOG)
    try:
        yield
    finally:
        _CATALOG, LANGUAGES, LANGUAGE_NAMES, STRINGS = saved


def english_texts() -> Mapping[str, str]:
    """English's texts (the fallback and the pseudo-locale's source)."""
    return _CATALOG.texts[ENGLISH]


def catalog() -> Catalog:
    """The catalog in use (the shipped languages, plus a test's extra one)."""
    return _CATALOG


@cache
def _log_fallback(lang: str, key: str) -> None:
    """Say once per (language, key) that English stood in (the cache: said once)."""
    LOG.warning("i18n: %r has no %r; showing the English text", lang, key)


def _lookup(key: str, lang: str) -> str:
    texts = _CATALOG.texts[lang]  # KeyError: an unknown language is a programming error
    text = texts.get(key)
    if text is None:
        text = _CATALOG.texts[ENGLISH][key]  # KeyError: unknown in English too (a typo)
        _log_fallback(lang, key)
    return text


def t(key: str, lang: str, **kwargs: object) -> str:
    """Return the string for ``key`` in ``lang``, formatted with ``kwargs``.

    A key ``lang`` lacks falls back to English (logged once); a key English lacks, or an
    unknown language, raises ``KeyError`` (fail loudly: it is a typo, caught by the tests).
    Without ``kwargs`` the text is returned verbatim (braces are not an error).
    """
    text = _lookup(key, lang)
    return text.format(**kwargs) if kwargs else text


def tn(key: str, count: float, lang: str, /, **kwargs: object) -> str:
    """The plural form of ``key`` for ``count`` in ``lang`` (CLDR rules), formatted.

    The count is also given as ``{n}`` unless ``kwargs`` has its own ``n`` (say a count
    already formatted with thousands separators).
    """
    kwargs.setdefault("n", count)
    for code in (lang, ENGLISH):
        texts = _CATALOG.texts[code]
        category = _plural_rule(_CATALOG.tags[code])(count)
        for candidate in (f"{key}_{category}", f"{key}_other"):
            if candidate in texts:
                if code != lang:
                    _log_fallback(lang, f"{key}_{category}")
                return texts[candidate].format(**kwargs)
    raise KeyError(f"{key}_other")
