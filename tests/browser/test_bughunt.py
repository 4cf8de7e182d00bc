"""The bug hunts in a real browser: each hunt on the graph page and the microscope tab, in both
languages, at 1280×720 and 1600×1000 and in presentation mode: a wrong pick says why not, the
bug's line says why and brings the right computation beside, no formula is clipped, and the
Chinese hunts show no code identifier."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from bpcore import Scenario
from bpcore.bughunt import GRAPH_HUNTS, graph_hunt
from tutor.i18n import LANGUAGES, t
from tutor.lesson.codec import Lesson, encode

from .conftest import SIZES, assert_no_exception, each_size, resize, screenshot, wait_for_app

IDENTIFIER = re.compile(r"(?<![\w\\])[A-Za-z][A-Za-z0-9]*_[A-Za-z0-9]+|\+=")
CLIPPED = """() => [...document.querySelectorAll('[data-testid="stMain"] .katex-display')]
  .filter(e => e.getBoundingClientRect().width > 0)
  .filter(e => e.scrollWidth > e.clientWidth + 3 ||
               e.getBoundingClientRect().right > window.innerWidth)
  .map(e => e.innerText.slice(0, 80))"""
# The text a reader sees in the open tab's panel (typeset formulas as KaTeX draws them).
PANEL_TEXT = """(panel) => {
  const hidden = [...panel.querySelectorAll('.katex-mathml')];
  hidden.forEach(e => e.style.display = 'none');
  const text = panel.innerText;
  hidden.forEach(e => e.style.display = '');
  return text;
}"""


def panel(page: Page) -> Locator:
    """The open tab's panel (the other tabs' panels are hidden): of the page's last tab group
    (the network builder's controls are a tab group of their own, above its main tabs)."""
    return page.get_by_role("tabpanel").last  # hidden panels have no role to offer


def pick(page: Page, lang: str, line: int) -> None:
    """Press the open hunt's button for ``line`` (0-based)."""
    button = panel(page).get_by_role("button", name=t("bughunt.line_n", lang, n=line + 1),
                                     exact=True)
    button.scroll_into_view_if_needed()
    button.click()
    wait_for_app(page)
    assert_no_exception(page)


def hunt_once(page: Page, lang: str, bug: int, count: int, name: str,
              sizes: bool = True) -> None:
    """A wrong pick, then the bug's line; the right computation appears; nothing is clipped,
    at each of SIZES (or, without ``sizes``, at the page's own size)."""
    wrong = (bug + 1) % count
    pick(page, lang, wrong)
    expect(panel(page).get_by_text(t("bughunt.not_it", lang, n=wrong + 1, why="").strip())
           ).to_be_visible()
    expect(panel(page).get_by_text(t("bughunt.right_later", lang))).to_be_visible()
    pick(page, lang, bug)
    expect(panel(page).get_by_text(t("bughunt.found", lang, n=bug + 1, why="").strip())
           ).to_be_visible()
    expect(panel(page).get_by_text(t("bughunt.right_later", lang))).to_have_count(0)
    expect(panel(page).get_by_text(t("bughunt.right_title", lang))).to_be_visible()
    for size in each_size(page) if sizes else [None]:
        where = f"{name}_{size[0]}" if size else name
        assert page.evaluate(CLIPPED) == [], where
        panel(page).get_by_text(t("bughunt.shown_title", lang)).scroll_into_view_if_needed()
        screenshot(page, f"{where}_table")
        panel(page).get_by_text(t("bughunt.found", lang, n=bug + 1, why="").strip()
                                ).scroll_into_view_if_needed()
        screenshot(page, f"{where}_feedback")


def open_graph_hunts(page: Page, app_url: str, lang: str, query: str = "") -> None:
    page.goto(f"{app_url}/graph?lang={lang}{query}")
    wait_for_app(page)
    assert_no_exception(page)
    page.get_by_role("heading", name=t("bughunt.title", lang)).scroll_into_view_if_needed()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_graph_hunt_finds_its_bug_and_shows_the_fix(app_url: str, page: Page, lang: str):
    resize(page, SIZES[0])
    open_graph_hunts(page, app_url, lang)
    for key in GRAPH_HUNTS:
        page.get_by_role("tab", name=t(f"bughunt.tab.{key}", lang)).click()
        wait_for_app(page)
        hunt = graph_hunt(key)
        hunt_once(page, lang, hunt.bug, len(hunt.shown), f"bughunt_{key}_{lang}")
        if lang != "en":  # the code names stay English; every other language says them
            found = IDENTIFIER.findall(panel(page).evaluate(PANEL_TEXT))
            assert not found, f"{key}: {found}"


def test_a_graph_hunt_in_presentation_mode_at_1280x720(app_url: str, page: Page):
    page.set_viewport_size({"width": 1280, "height": 720})
    lesson = Lesson(Scenario.worked_example(), presentation=True)
    open_graph_hunts(page, app_url, "zh", f"&lesson={encode(lesson)}")
    expect(page.get_by_test_id("stSidebar")).to_have_attribute("data-collapsed", "true")
    hunt = graph_hunt("used_twice")
    hunt_once(page, "zh", hunt.bug, len(hunt.shown), "bughunt_presentation_zh_1280",
              sizes=False)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_microscope_hunt_finds_the_averaged_gradient(app_url: str, page: Page, lang: str):
    resize(page, SIZES[0])
    page.goto(f"{app_url}/network-builder?lang={lang}")
    wait_for_app(page)
    assert_no_exception(page)
    page.get_by_role("tab", name=t("builder.tab_micro", lang)).click()
    wait_for_app(page)
    title = page.get_by_role("heading", name=t("bughunt.micro_title", lang))
    title.scroll_into_view_if_needed()
    expect(title).to_be_visible()
    hunt_once(page, lang, 1, 4, f"bughunt_averaged_{lang}")
    if lang == "zh":
        found = IDENTIFIER.findall(panel(page).evaluate(PANEL_TEXT).split(
            t("bughunt.micro_title", lang))[-1])
        assert not found, found
