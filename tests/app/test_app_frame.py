"""The app frame (app.py + the page placeholders) under streamlit.testing.v1.AppTest."""

import re
import statistics
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.apptest import shared_link, svg_pictures
from tutor import session
from tutor.i18n import LANGUAGES, t
from tutor.lesson import state as lesson_state

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")  # AppTest resolves relative paths against *this* file
PAGES = {
    "overview": "app_pages/overview.py",
    "forward": "app_pages/forward.py",
    "backward": "app_pages/backward.py",
    "update": "app_pages/update.py",
}


def _app(lang: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    if lang is not None:
        at.query_params["lang"] = lang
    return at.run()


def _titles(at: AppTest) -> list[str]:
    return [el.value for el in at.title]


def _language_radio(at: AppTest):
    radios = [r for r in at.sidebar.radio if r.key == session.LANG_WIDGET]
    assert len(radios) == 1, "the sidebar must hold exactly one language selector"
    return radios[0]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_app_runs_in_each_language(lang: str) -> None:
    at = _app(lang)
    assert not at.exception
    assert _titles(at)[:1] == [t("page.overview", lang)]
    assert at.session_state[session.LANG] == lang
    assert at.query_params["lang"] == lang


def test_default_language_is_english_and_lang_is_put_in_the_url() -> None:
    at = _app()
    assert not at.exception
    assert _titles(at)[:1] == ["Overview"]
    assert at.query_params["lang"] == "en"


def test_unknown_lang_falls_back_to_english() -> None:
    at = _app("fr")
    assert not at.exception
    assert _titles(at)[:1] == ["Overview"]
    assert at.query_params["lang"] == "en"


def test_sidebar_shows_the_language_control() -> None:
    radio = _language_radio(_app())
    assert radio.label == "Language"
    assert list(radio.options) == ["English", "简体中文"]
    assert radio.value == "en"


def test_switching_language_changes_the_page_title() -> None:
    at = _app()
    _language_radio(at).set_value("zh").run()
    assert not at.exception
    assert _titles(at)[:1] == ["总览"]
    assert _language_radio(at).label == "语言"
    assert at.query_params["lang"] == "zh"


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("page", sorted(PAGES))
def test_every_page_runs_and_keeps_the_language(page: str, lang: str) -> None:
    at = _app(lang)
    at.switch_page(PAGES[page]).run()
    assert not at.exception
    assert _titles(at)[:1] == [t(f"page.{page}", lang)]
    assert at.session_state[session.LANG] == lang
    assert at.query_params["lang"] == lang


def test_no_legacy_pages_folder() -> None:
    # A pages/ folder beside app.py puts a fresh Streamlit server (1.67) into legacy
    # multipage mode for its first request: /forward would then run pages/forward.py
    # without app.py and the sidebar would list the raw file names. Pages live in
    # app_pages/ and are registered with st.navigation in app.py.
    assert not (ROOT / "pages").exists()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_language_and_presentation_mode_come_first_in_the_sidebar(lang: str) -> None:
    """Before the editor and the other blocks: the page list is in the top bar, not here."""
    at = _app(lang)
    at.switch_page(PAGES["forward"]).run()
    keys = [w.key for w in at.sidebar if getattr(w, "key", None)]
    assert keys[:2] == [session.LANG_WIDGET, lesson_state.PRESENTATION_WIDGET]
    assert (at.sidebar.toggle(key=lesson_state.PRESENTATION_WIDGET).label
            == t("share.presentation", lang))


def test_presentation_mode_from_the_sidebar_enlarges_the_diagram_and_rides_on_the_link() -> None:
    from tutor.lesson.codec import decode

    at = _app()
    at.switch_page(PAGES["forward"]).run()
    def type_px(at: AppTest) -> float:  # the diagram's labels' type size (most texts' size)
        ((_, svg),) = svg_pictures(at)
        return statistics.median(float(px) for px in re.findall(
            r'<text [^>]*font-size="([\d.]+)"', svg))

    before = type_px(at)
    at.sidebar.toggle(key=lesson_state.PRESENTATION_WIDGET).set_value(True).run()
    assert at.session_state[lesson_state.PRESENTATION] is True
    assert type_px(at) > before
    link = shared_link(at).split("lesson=")[1]
    assert decode(link).presentation is True
