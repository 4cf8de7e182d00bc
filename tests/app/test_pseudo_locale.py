"""Every page in the pseudo-locale: nothing visible is hard-coded in English.

The pseudo-locale (tutor.i18n.pseudo_texts) wraps every English string in ⟦…⟧ with accented
letters, ~40 % longer. A page rendered in it must show no text outside those markers but
numbers, formulas, code, symbols and the few names listed in NOT_TRANSLATED: any other
English word comes from a literal that bypassed t().
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

import pytest

from tests.app.apptest import _PAGES, PICTURE, open_page
from tests.app.test_accessibility import (
    assert_every_figure_says_its_numbers,
    charts_and_their_words,
)
from tutor import i18n
from tutor.lesson import state as lesson_state
from tutor.modes import state as modes_state

PAGES = [stem for stem, _ in _PAGES]
# Element types whose text is not prose: formulas, code, figures, images, raw HTML/CSS, tables
# of numbers (their headers are t() texts, checked in the browser test's screenshots).
NOT_PROSE = {"latex", "code", "html", "plotly_chart", "imgs", "json", "arrow_data_frame",
             "arrow_table", "deck_gl_json_chart", "empty", "iframe", "exception"}
TEXT_FIELDS = {"body", "label", "options", "help", "placeholder", "captions"}
# Visible, and rightly the same in every language.
NOT_TRANSLATED = {
    "English",  # a language's own name in the picker (as in every app's language menu)
    "ABC234",  # the shape of a live-class code, as the placeholder of its field
    "out_o1", "out_o2",  # the training page's metrics: quantities' names, as in the formulas
    "E_total",  # the error curve's name, as in the formulas (its chart's table header)
}
_MARKUP = re.compile(r"\$\$.*?\$\$|\$[^$]*\$|<[^>]*>|`[^`]*`|https?://\S+|:[a-z]+\[", re.S)
_WORD = re.compile(r"[A-Za-z][A-Za-z_0-9]+")
_SYMBOL = re.compile(r"^[wbhio]\d+$")  # a parameter's or neuron's name (w1, b2, h1, o2)


def visible_texts(node: object) -> Iterator[tuple[str, str]]:
    """(element type and field, text) of every text the page shows, tabs and expanders too."""
    children = getattr(node, "children", None)
    if isinstance(children, dict):  # a block: its label (tab, expander), then its children
        label = getattr(node, "label", None)
        if isinstance(label, str) and label:
            yield getattr(node, "type", "block"), label
        for child in children.values():
            yield from visible_texts(child)
        return
    kind = getattr(node, "type", "?")
    if kind in NOT_PROSE:
        return
    body = node.proto.body if kind == "markdown" else ""  # type: ignore[attr-defined]
    picture = PICTURE.fullmatch(body)
    if picture:  # a diagram drawn as SVG (tutor.ui.plot.svg_picture): a figure, not prose;
        yield "picture.words", html.unescape(picture.group(1))  # its words are read out
        return
    for field, value in node.proto.ListFields():  # type: ignore[attr-defined]
        if field.name not in TEXT_FIELDS:
            continue
        values = [value] if isinstance(value, str) or not hasattr(value, "__len__") else value
        for item in values:
            text = item if isinstance(item, str) else getattr(item, "content", "")
            if isinstance(text, str) and text.strip():
                yield f"{kind}.{field.name}", text


def outside_markers(text: str) -> str:
    """What is left of ``text`` once every ⟦…⟧ (nested too) and formula/code/tag is removed."""
    previous = None
    while previous != text:
        previous, text = text, re.sub(r"⟦[^⟦⟧]*⟧", " ", text)
    return _MARKUP.sub(" ", text)


def english_left(texts: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The texts with a word outside the pseudo markers that is not in NOT_TRANSLATED."""
    return [(where, text) for where, text in texts
            if {word for word in _WORD.findall(outside_markers(text))
                if not _SYMBOL.match(word)} - NOT_TRANSLATED]


@pytest.fixture(scope="module")
def pseudo() -> Iterator[str]:
    """The pseudo-locale registered (test-only hook) for this module's tests."""
    with i18n.extra_language(i18n.PSEUDO, "⟦Pseudo⟧", i18n.pseudo_texts(i18n.english_texts())):
        yield i18n.PSEUDO


def test_the_checker_finds_a_hard_coded_word_and_accepts_wrapped_text() -> None:
    texts = [("markdown.body", "**⟦Stép 1⟧** · ⟦fórwárd⟧ · $net_{h1}$"),
             ("button.label", "⟦Ñéxt ⟦ñéstéd⟧ ▶⟧"), ("metric.label", "out_o1"),
             ("selectbox.options", "w7"),
             ("caption.body", "⟦Stép⟧ of 3"), ("markdown.body", "Hard-coded")]
    assert english_left(texts) == texts[4:]


def test_pages_are_all_found() -> None:
    assert {"overview", "forward", "backward", "update", "digits", "builder"} <= set(PAGES)
    assert len(PAGES) >= 12


@pytest.mark.parametrize("page", PAGES)
def test_every_page_in_the_pseudo_locale_shows_no_hard_coded_english(page: str,
                                                                     pseudo: str) -> None:
    # The panels drawn only while open (tutor.ui.panel) open, so their texts are checked too.
    opened = {key: True for key in (lesson_state.SHARE_OPEN, modes_state.CONCEPT_OPEN)}
    at = open_page(page, pseudo, preset={"lang": pseudo, **opened})
    assert not at.exception, at.exception
    texts = list(visible_texts(at._tree))
    assert len(texts) >= 30, f"the walker found only {texts}"
    assert any(text.startswith(i18n.PSEUDO_OPEN) for _, text in texts)
    left = english_left(texts)
    assert not left, f"{page}: text not from the locale files (add keys): {left}"
    # Every chart's words for a screen reader: there, with its numbers, in the reader's
    # language (tests/app/test_accessibility.py checks the words and numbers themselves).
    assert_every_figure_says_its_numbers(at, pseudo)
    said = [words or "" for _, words in charts_and_their_words(at)]
    left = english_left([("words", words) for words in said])
    assert not left, f"{page}: a chart's words not from the locale files: {left}"
