"""Every page in the pseudo-locale at 1280×720: every text ~40 % longer, nothing clips.

The server runs with BPTUTOR_PSEUDO_LOCALE=1, which adds the pseudo-locale (tutor.i18n:
English wrapped in ⟦…⟧, accented, 40 % longer) as ?lang=pseudo. A language whose words run
longer than English must still fit: no button, label, heading, tab or paragraph is cut off
(its content wider than its box) or sticks out of its container or the window.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tutor.i18n import PSEUDO, PSEUDO_ENV, PSEUDO_OPEN, pseudo_text, t

from .conftest import POLL_MS, assert_no_exception, open_page, screenshot, serve_app, wait_for_app
from .test_accessibility import PAGES

STEPPING = ("overview", "forward", "backward", "update")
# Every other page, as it opens (its first screen: where a longer language would clip first).
OTHERS = ("training", "learning-rate", "landscape", "chain-rule", "activations", "graph",
          "network-builder", "digits")
# Text-bearing elements a learner reads, in the page and the sidebar.
TEXT = ", ".join([
    "button", '[data-testid="stWidgetLabel"]', '[data-testid="stMarkdownContainer"]',
    '[data-testid="stCaptionContainer"]', "h1", "h2", "h3", '[data-testid="stMetricLabel"]',
    '[data-testid="stTab"]', '[data-testid="stExpander"] summary', '[data-testid="stAlert"]',
    '[data-testid="stTopNavLink"]', '[data-testid="stRadio"] label',
    '[data-testid="stSelectbox"] input',  # a choice's shown value
])
# Clipped: content wider than its own box (cut off or scrolled away), or the box sticking out
# of its container (the nearest block-level ancestor; an inline span has no width of its own)
# or the window. Invisible elements (a closed popover) do not count.
CLIPPED = """(selector) => [...document.querySelectorAll(selector)]
  .filter(e => e.offsetParent !== null && e.getClientRects().length)
  .filter(e => {
    let up = e.parentElement;
    while (up && ["inline", "contents"].includes(getComputedStyle(up).display)) {
      up = up.parentElement;
    }
    const box = e.getBoundingClientRect(), parent = up.getBoundingClientRect();
    return e.scrollWidth > e.clientWidth + 2 || box.right > parent.right + 2
        || box.right > window.innerWidth + 1;
  })
  .map(e => `${e.tagName}[${e.dataset.testid || ''}] ${e.innerText.slice(0, 60)}`)"""


# How long a page may still be laying itself out (web fonts arriving, a tab strip measuring
# its labels) before what is clipped counts: a loaded machine once measured the network
# builder's tab as clipped mid-layout, twice in a row, and never again alone.
SETTLE_MS = 3_000


def clipped_once_laid_out(page: Page) -> list[str]:
    """What CLIPPED finds once the page's fonts are in and, within SETTLE_MS, nothing is
    clipped; else what it finds then (a clip that stays is a clip)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    page.evaluate("() => document.fonts.ready.then(() => true)")
    with contextlib.suppress(PlaywrightTimeoutError):
        page.wait_for_function(f"(selector) => ({CLIPPED})(selector).length === 0", arg=TEXT,
                               timeout=SETTLE_MS, polling=POLL_MS)
    return page.evaluate(CLIPPED, TEXT)


@pytest.fixture(scope="module")
def pseudo_url() -> Iterator[str]:
    """A server of its own that offers the pseudo-locale (never offered to learners)."""
    yield from serve_app("pseudo", env={PSEUDO_ENV: "1"})


@pytest.fixture(scope="module")
def tab(browser: Browser, pseudo_url: str) -> Iterator[Page]:
    """One 1280×720 page for the module, the app loaded once in the pseudo-locale: each test
    opens its page in it as the browser's Back does (``show``). A page load cost ~2.3 s of
    CPU, a switch ~1 s; what a test checks, the page's first screen as the browser lays it
    out, is the same either way."""
    page = open_page(browser, 1280, 720)
    try:
        page.goto(f"{pseudo_url}/?lang={PSEUDO}")
        wait_for_app(page)
        yield page
    finally:  # closed here, never left to the garbage collector (see conftest.sized_page)
        page.context.close()


def show(tab: Page, path: str) -> Page:
    """The page at ``path`` opened in ``tab`` in the pseudo-locale (a popstate, as the
    browser's Back: Streamlit switches pages in the same document and session), under its
    own title."""
    tab.evaluate("""url => { window.history.pushState({}, '', url);
                             window.dispatchEvent(new PopStateEvent('popstate')); }""",
                 f"/{path}?lang={PSEUDO}")
    title = tab.get_by_role("heading", level=1).first
    expect(title).to_contain_text(PSEUDO_OPEN)
    expect(title).to_have_text(pseudo_text(t(PAGES[path], "en")))
    wait_for_app(tab)
    assert_no_exception(tab)
    return tab


@pytest.mark.parametrize("page_name", STEPPING)
def test_the_stepping_pages_in_the_pseudo_locale_clip_nothing_at_1280x720(
        tab: Page, page_name: str) -> None:
    laptop = show(tab, "" if page_name == "overview" else page_name)
    if page_name != "overview":  # a step further, so the formula and its explanation show
        laptop.get_by_role("button", name=pseudo_text(t("stepper.next", "en"))).first.click()
        wait_for_app(laptop)
        assert_no_exception(laptop)
    screenshot(laptop, f"pseudo_{page_name}_1280")
    clipped = clipped_once_laid_out(laptop)
    assert clipped == [], f"{page_name}: clipped in the pseudo-locale: {clipped}"


# Pages whose charts are drawn once a run off the script thread has finished (its progress
# shows first): checked as the learner reads them, with every chart drawn.
DRAWN_LATER = {"learning-rate": 2}


@pytest.mark.parametrize("page_name", OTHERS)
def test_every_other_page_in_the_pseudo_locale_clips_nothing_at_1280x720(
        tab: Page, page_name: str) -> None:
    laptop = show(tab, page_name)
    if page_name in DRAWN_LATER:  # its charts come from a run off the script thread
        expect(laptop.locator(".js-plotly-plot")).to_have_count(DRAWN_LATER[page_name])
        wait_for_app(laptop)
    screenshot(laptop, f"pseudo_{page_name}_1280")
    clipped = clipped_once_laid_out(laptop)
    assert clipped == [], f"{page_name}: clipped in the pseudo-locale: {clipped}"
