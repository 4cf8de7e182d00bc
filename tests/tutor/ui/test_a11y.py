"""The page's language tag and title, and the keys' script (tutor.ui.a11y)."""

from __future__ import annotations

from tutor.i18n import t
from tutor.ui.a11y import KEYS_JS, html_lang, page_title


def test_chinese_pages_are_tagged_zh_hans_and_english_en() -> None:
    assert html_lang("zh") == "zh-Hans"
    assert html_lang("en") == "en"


def test_each_page_title_names_the_page_then_the_app() -> None:
    title = page_title(t("page.forward", "zh"), "zh")
    assert title.startswith(t("page.forward", "zh")) and title.endswith(t("app.title", "zh"))
    assert page_title(t("page.forward", "en"), "en") != page_title(t("page.backward", "en"), "en")


def test_the_keys_script_installs_once_and_leaves_fields_their_keys() -> None:
    assert "window.__bpA11y" in KEYS_JS  # a rerun draws it again; one listener stays
    for key in ("PageDown", "PageUp", "ArrowRight", "ArrowLeft", "Home", "' '"):
        assert key in KEYS_JS
    assert "closest(FIELD)" in KEYS_JS and "input, textarea, select" in KEYS_JS
