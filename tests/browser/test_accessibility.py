"""Every learner: axe-core on every page in both languages, the page's language and title, the
presenter's keys, the focus ring, /overview.

axe-core comes bundled in the ``axe-playwright-python`` package (requirements-dev.txt); it
runs the WCAG 2.0–2.2 A and AA rules. One page object walks all twelve pages in each language
(navigating, never restarting the browser) to keep the module short.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from bpcore import Scenario, fmt, trace_step
from bpcore.practice import FADE_STAGES
from tutor.figures.theme import HIGHLIGHT, contrast
from tutor.i18n import LANGUAGES, t
from tutor.lesson.codec import Fade, Lesson, encode
from tutor.ui.a11y import SR_CLASS, html_lang

from .conftest import assert_no_exception, screenshot, sized_page, wait_for_app

# url path -> the page's title key (the overview answers at / and at /overview)
PAGES = {"": "page.overview", "forward": "page.forward", "backward": "page.backward",
         "update": "page.update", "training": "page.training",
         "learning-rate": "page.learning_rate", "landscape": "page.landscape",
         "chain-rule": "page.chain_rule", "activations": "page.activations",
         "graph": "page.graph", "network-builder": "page.builder", "digits": "page.digits"}
WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa",
                                                 "wcag22a", "wcag22aa"]},
           "resultTypes": ["violations"]}
STEP_HEADER = ".st-key-step-panel p"  # "Step k of n · Forward pass · net_h1"


@pytest.fixture(scope="module")
def tab(browser: Browser) -> Iterator[Page]:
    """One 1280×720 page for the whole module: every test navigates it."""
    yield from sized_page(browser, 1280, 720)


def _step_of(k: int, lang: str) -> re.Pattern[str]:
    """"Step k of n" in ``lang``, any n."""
    return re.compile(re.escape(t("formula.step_of", lang, index=k, count=999))
                      .replace("999", r"\d+"))


def _open(tab: Page, url: str) -> None:
    tab.goto(url)
    wait_for_app(tab)
    assert_no_exception(tab)
    # The keys script arrives with the page's elements; on a busy machine a key pressed
    # before it has run would be a key no listener hears.
    tab.wait_for_function("() => window.__bpA11y === true")


def _axe(tab: Page) -> list[str]:
    """axe-core's WCAG A/AA violations on the page as it is now, one line each (axe is put
    into the document once; an in-app page switch keeps it)."""
    if not tab.evaluate("() => typeof window.axe !== 'undefined'"):
        from axe_playwright_python.sync_playwright import Axe

        tab.evaluate(Axe().axe_script)
    results = tab.evaluate("options => axe.run(document, options)", WCAG_AA)
    return [f"{v['id']} ({v['impact']}, {len(v['nodes'])}×): {v['nodes'][0]['target']}"
            for v in results["violations"]]


def _switch(tab: Page, path: str, lang: str) -> None:
    """Open another page the way the browser's Back does (popstate): Streamlit switches pages
    in the same document and session, much faster than loading the app again."""
    tab.evaluate("""url => { window.history.pushState({}, '', url);
                             window.dispatchEvent(new PopStateEvent('popstate')); }""",
                 f"/{path}?lang={lang}")
    expect(tab.get_by_role("heading", level=1)).to_have_text(t(PAGES[path], lang))
    wait_for_app(tab)
    assert_no_exception(tab)


def test_every_page_in_both_languages_passes_axe_says_its_language_and_has_its_own_title(
        app_url: str, tab: Page) -> None:
    found: dict[str, list[str]] = {}
    titles: dict[str, str] = {}
    for lang in LANGUAGES:
        _open(tab, f"{app_url}/?lang={lang}")
        for path, key in PAGES.items():
            if path:
                _switch(tab, path, lang)
            expect(tab.locator("html")).to_have_attribute("lang", html_lang(lang))
            expect(tab).to_have_title(re.compile(re.escape(t(key, lang))))
            titles[f"{lang}/{path}"] = tab.title()
            violations = _axe(tab)
            if violations:
                found[f"{lang}/{path or 'overview'}"] = violations
    assert found == {}, f"axe finds WCAG A/AA violations: {found}"
    assert len(set(titles.values())) == len(titles), f"titles repeat: {titles}"


def test_overview_answers_at_its_own_name(app_url: str, tab: Page) -> None:
    _open(tab, f"{app_url}/overview?lang=zh")
    expect(tab.get_by_role("heading", level=1)).to_have_text(t("page.overview", "zh"))
    expect(tab.get_by_text("Page not found")).to_have_count(0)
    expect(tab.locator(".st-key-overview-diagram img")).to_have_attribute(
        "alt", re.compile(fmt(trace_step(Scenario.worked_example())["E_total"], 4)))


def test_presenter_keys_step_the_forward_pass_and_a_field_keeps_its_own_keys(
        app_url: str, tab: Page) -> None:
    _open(tab, f"{app_url}/forward?lang=en")
    header = tab.locator(STEP_HEADER).first

    def at_step(k: int) -> None:
        expect(header).to_contain_text(_step_of(k, "en"))
        wait_for_app(tab)  # the rerun done: the next key presses the new Next, as a hand would

    at_step(1)
    tab.keyboard.press("PageDown")
    at_step(2)
    tab.keyboard.press("PageDown")
    at_step(3)
    tab.keyboard.press("PageUp")
    at_step(2)
    tab.keyboard.press("ArrowRight")
    at_step(3)
    tab.keyboard.press("Home")
    at_step(1)
    # The live region reads the step's formula and result, not only its explanation.
    live = tab.locator(f".{SR_CLASS}[role=status]")
    expect(live).to_contain_text(fmt(trace_step(Scenario.worked_example())["net_h1"], 4))
    # In a field, PageDown and → are the field's: the step stays.
    field = tab.locator(".st-key-edit-w1 input")
    field.click()
    tab.keyboard.press("PageDown")
    tab.keyboard.press("ArrowRight")
    wait_for_app(tab)
    at_step(1)
    screenshot(tab, "a11y_keys_forward")


def test_the_focus_ring_is_visible_at_3_to_1(app_url: str, tab: Page) -> None:
    _open(tab, f"{app_url}/forward?lang=en")
    next_button = tab.locator(".st-key-step-forward-next button").first
    next_button.focus()
    tab.keyboard.press("Shift+Tab")  # keyboard focus (:focus-visible), then back onto Next
    tab.keyboard.press("Tab")
    ring = next_button.evaluate(
        "b => { const s = getComputedStyle(b); return [s.outlineStyle, s.outlineWidth,"
        " s.outlineColor]; }")
    assert ring[0] == "solid" and float(ring[1].removesuffix("px")) >= 2, ring
    rgb = [int(v) for v in re.findall(r"\d+", ring[2])[:3]]
    colour = "#" + "".join(f"{v:02x}" for v in rgb)
    assert colour == HIGHLIGHT and contrast(colour, "#ffffff") >= 3
    box = next_button.bounding_box()
    assert box is not None
    screenshot(tab, "a11y_focus_ring", clip={
        "x": max(box["x"] - 60, 0), "y": max(box["y"] - 30, 0), "width": box["width"] + 120,
        "height": box["height"] + 60})


def test_in_presentation_mode_the_closed_sidebar_leaves_the_tab_order_and_keys_step(
        app_url: str, tab: Page) -> None:
    lesson = Lesson(Scenario.worked_example(), step=0, presentation=True)
    _open(tab, f"{app_url}/backward?lang=zh&lesson={encode(lesson)}")
    sidebar = tab.get_by_test_id("stSidebar")
    expect(sidebar).to_have_attribute("data-collapsed", "true")
    tab.wait_for_function("() => document.querySelector('[data-testid=stSidebar]').inert")
    for _ in range(12):  # the first dozen Tab presses stay out of the closed sidebar
        tab.keyboard.press("Tab")
        assert not tab.evaluate("() => !!document.activeElement.closest('[data-testid=stSidebar]')")
    tab.evaluate("() => document.activeElement && document.activeElement.blur()")
    tab.keyboard.press("PageDown")
    expect(tab.locator(STEP_HEADER).first).to_contain_text(_step_of(2, "zh"))
    assert _axe(tab) == []
    screenshot(tab, "a11y_presentation_backward_zh")


def test_the_code_view_colours_read_at_4_5_to_1(app_url: str, tab: Page) -> None:
    _open(tab, f"{app_url}/forward?lang=en")
    tab.get_by_text(t("code.toggle", "en")).click()
    wait_for_app(tab)
    expect(tab.get_by_test_id("stCode").filter(has_text="net_hidden").first).to_be_visible()
    assert _axe(tab) == []


def test_presenter_keys_step_the_graph_page_and_the_faded_example(app_url: str,
                                                                   tab: Page) -> None:
    _open(tab, f"{app_url}/graph?lang=en")
    main = tab.get_by_test_id("stMain")
    expect(main.get_by_text(_step_of(1, "en")).first).to_be_visible()
    wait_for_app(tab)
    tab.evaluate("() => document.activeElement && document.activeElement.blur()")
    tab.keyboard.press("PageDown")
    expect(main.get_by_text(_step_of(2, "en")).first).to_be_visible()
    wait_for_app(tab)
    tab.keyboard.press("PageDown")
    expect(main.get_by_text(_step_of(3, "en")).first).to_be_visible()
    wait_for_app(tab)
    tab.keyboard.press("PageUp")
    expect(main.get_by_text(_step_of(2, "en")).first).to_be_visible()
    # The faded example's stages: PageDown is its Next stage, PageUp its Previous.
    lesson = Lesson(Scenario.worked_example(), mode="fade", fade=Fade(0, (), None))
    _open(tab, f"{app_url}/backward?lang=zh&lesson={encode(lesson)}")
    stage = tab.locator(".st-key-fade-controls")

    def at_stage(n: int) -> None:
        expect(stage).to_contain_text(
            t("fade.stage", "zh", n=n, count=FADE_STAGES, what="").strip())
        wait_for_app(tab)

    at_stage(1)
    tab.evaluate("() => document.activeElement && document.activeElement.blur()")
    tab.keyboard.press("PageDown")
    at_stage(2)
    tab.keyboard.press("PageUp")
    at_stage(1)
