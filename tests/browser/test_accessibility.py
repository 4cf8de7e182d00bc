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
from playwright.sync_api import Browser, Locator, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from bpcore import Scenario, fmt, trace_step
from bpcore.practice import FADE_STAGES
from tutor.figures.theme import HIGHLIGHT, contrast
from tutor.i18n import LANGUAGES, t
from tutor.lesson.codec import Fade, Lesson, encode
from tutor.pages.graph import GRAPH_REVERSE_STEP
from tutor.ui.a11y import SR_CLASS, html_lang

from .conftest import POLL_MS, assert_no_exception, screenshot, sized_page, wait_for_app

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
    tab.wait_for_function("() => window.__bpA11y === true", polling=POLL_MS)
    tab.evaluate(_WATCH_KEYS)


def _axe(tab: Page, within: str | None = None) -> list[str]:
    """axe-core's WCAG A/AA violations on the page as it is now (``within``: in the element
    of that selector only), one line each (axe is put into the document once; an in-app page
    switch keeps it)."""
    if not tab.evaluate("() => typeof window.axe !== 'undefined'"):
        from axe_playwright_python.sync_playwright import Axe

        tab.evaluate(Axe().axe_script)
    results = tab.evaluate("([within, options]) => axe.run(within || document, options)",
                           [within, WCAG_AA])
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


# The expanders on screen still closed (in the page and an open sidebar), clicked open: most
# toggle in the browser; one drawn only while open (tutor.ui.panel) reruns to draw its contents.
_CLOSED = """[...document.querySelectorAll(
  '[data-testid=stExpander] details:not([open]) > summary')]
  .filter(s => s.getClientRects().length)"""


# Of the expanders still closed on screen, those labelled one of ``labels``.
_CLOSED_OF = f"labels => {_CLOSED}.filter(s => labels.includes(s.textContent))"


def _open_panels(tab: Page) -> None:
    """Every expander on screen opened, once (a second click would close it again), and
    what an opened panel draws only when open (the sidebar's share panel reruns) drawn.

    A click can be lost to a run: in full runs one of these expanders stayed closed for the
    whole 30 s (a panel that reruns when opened, tutor.ui.panel, clicked with others at
    once). One still closed after 10 s is clicked again once the app's runs are over; only
    the expanders closed at the start, never one that an opened panel draws."""
    labels = tab.evaluate(f"() => {_CLOSED}.map(s => s.textContent)")
    for attempt in range(3):
        tab.evaluate(f"labels => ({_CLOSED_OF})(labels).forEach(s => s.click())", labels)
        try:
            tab.wait_for_function(f"labels => ({_CLOSED_OF})(labels).length === 0", arg=labels,
                                  polling=POLL_MS, timeout=10_000)
            break
        except PlaywrightTimeoutError:
            if attempt == 2:
                raise
            wait_for_app(tab)
    wait_for_app(tab)
    tab.wait_for_function(_SETTLED, polling=POLL_MS)


# No finite animation running (an expander opening): axe measures targets where they stay.
_SETTLED = """() => document.getAnimations().every(a => a.playState !== 'running'
  || a.effect.getComputedTiming().iterations === Infinity)"""


def _axe_with_panels_open(tab: Page, every_tab: bool = True) -> list[str]:
    """axe on the page with every expander open, then (``every_tab``) on each other tab of
    every tab group (the panel shown after a click on it): what a learner who opens
    everything meets."""
    _open_panels(tab)
    found = _axe(tab)
    tabs = tab.get_by_test_id("stMain").get_by_role("tab")
    for i in range(tabs.count() if every_tab else 0):
        one = tabs.nth(i)
        if one.get_attribute("aria-selected") == "true":
            continue
        one.click()
        expect(one).to_have_attribute("aria-selected", "true")
        panel = one.get_attribute("aria-controls")
        _open_panels(tab)
        found += [f"tab {i}: {v}" for v in _axe(tab, f'[id="{panel}"]' if panel else None)]
    return found


def _keys_reach_no_closed_sidebar(tab: Page) -> None:
    """Presentation mode: the sidebar closed and inert, the first dozen Tab presses in the
    page, and PageDown still steps."""
    sidebar = tab.get_by_test_id("stSidebar")
    expect(sidebar).to_have_attribute("data-collapsed", "true")
    tab.wait_for_function("() => document.querySelector('[data-testid=stSidebar]').inert",
                          polling=POLL_MS)
    for _ in range(12):
        tab.keyboard.press("Tab")
        assert not tab.evaluate(
            "() => !!document.activeElement.closest('[data-testid=stSidebar]')")
    tab.evaluate("() => document.activeElement && document.activeElement.blur()")


@pytest.mark.parametrize("lang", sorted(LANGUAGES, key=lambda lang: lang == "en"))
def test_every_page_with_its_panels_open_passes_axe_and_says_its_lang_and_title(
        app_url: str, tab: Page, lang: str) -> None:
    """English with the sidebar open, Chinese in presentation mode (sidebar closed, larger
    type): each page's language and title (no two alike), and axe on it with every expander
    open (and every tab, in English);
    on the way, the code view's colours (forward, English), the update page's and the graph
    page's keys and the closed sidebar's Tab order (backward, presentation mode), /overview.
    One test per language: a rerun after a flake (pytest-rerunfailures) repeats half the
    pages, not all 24."""
    found: dict[str, list[str]] = {}
    titles: dict[str, str] = {}
    if lang == "en":  # /overview answers at its own name too
        _open(tab, f"{app_url}/overview?lang=en")
        expect(tab.get_by_text("Page not found")).to_have_count(0)
        expect(tab.locator(".st-key-overview-diagram [role=img]")).to_have_attribute(
            "aria-label", re.compile(fmt(trace_step(Scenario.worked_example())["E_total"], 4)))
    else:  # presentation mode, through a lesson link: the sidebar closed, out of reach
        lesson = Lesson(Scenario.worked_example(), step=0, presentation=True)
        _open(tab, f"{app_url}/backward?lang={lang}&lesson={encode(lesson)}")
        _keys_reach_no_closed_sidebar(tab)
        tab.keyboard.press("PageDown")
        expect(tab.locator(STEP_HEADER).first).to_contain_text(_step_of(2, lang))
        wait_for_app(tab)
        screenshot(tab, "a11y_presentation_backward_zh")
        _switch(tab, "", lang)
    for path, key in PAGES.items():
        if path or lang != "en":
            _switch(tab, path, lang)
        expect(tab.locator("html")).to_have_attribute("lang", html_lang(lang))
        expect(tab).to_have_title(re.compile(re.escape(t(key, lang))))
        titles[f"{lang}/{path}"] = tab.title()
        if (lang, path) == ("en", "forward"):  # the code view's colours, read by axe
            tab.get_by_text(t("code.toggle", lang)).click()
            wait_for_app(tab)
            expect(tab.get_by_test_id("stCode").filter(has_text="net_hidden")
                   .first).to_be_visible()
        if (lang, path) == ("en", "graph"):
            _keys_step_the_graph_and_the_reverse_network(tab)
        if (lang, path) == ("en", "update"):  # the update page's stepper takes the keys
            tab.evaluate("() => document.activeElement && document.activeElement.blur()")
            tab.keyboard.press("PageDown")
            expect(tab.locator(STEP_HEADER).first).to_contain_text(_step_of(2, lang))
            wait_for_app(tab)
        # Every tab in English; the Chinese tabs are the same elements in other words
        # (axe there takes ~4 s a tab on the builder).
        violations = _axe_with_panels_open(tab, every_tab=lang == "en")
        if violations:
            found[f"{lang}/{path or 'overview'}"] = violations
    assert found == {}, f"axe finds WCAG A/AA violations: {found}"
    assert len(set(titles.values())) == len(titles), f"titles repeat: {titles}"


# Each key and click the page gets, for a failure's message (_KEY_STATE): a key as
# "key:handled:target" (handled: the keys script took it and clicked, default prevented; a
# listener on the window hears it after the document's), a click as "click:<its st-key>".
_WATCH_KEYS = """() => {
  const seen = window.__bpSeen = [];
  window.addEventListener('keydown', e => seen.push(
    `${e.key}:${e.defaultPrevented}:${e.target && e.target.tagName}`));
  document.addEventListener('click', e => {
    const keyed = e.target instanceof Element && e.target.closest('[class*="st-key-"]');
    const name = keyed && [...keyed.classList].find(c => c.startsWith('st-key-'));
    seen.push(`click:${name || (e.target && e.target.tagName)}`);
  }, true);
}"""
# Where a key press goes, for a failure's message: the focused element, whether the page
# has the focus, whether the keys script is installed, the steppers it sees, the keys and
# clicks seen (_WATCH_KEYS) and the reruns the page sent and had answered.
_KEY_STATE = """() => {
  const a = document.activeElement;
  return {focused: a ? `${a.tagName}.${a.className}`.slice(0, 120) : null,
          hasFocus: document.hasFocus(), visible: document.visibilityState,
          seen: window.__bpSeen || null,
          keys: window.__bpA11y === true, runs: window.__bpRuns || null,
          frames: document.querySelectorAll('iframe').length,
          steppers: [...document.querySelectorAll('[class*="-controls"]')]
            .map(e => [...e.classList].find(c => c.endsWith('-controls')))};
}"""


def _keys_reached(tab: Page, where: Locator, text: str | re.Pattern[str]) -> None:
    """``where`` shows ``text`` (the step or stage a key moved to); if it never does, the
    failure says where the keys went (_KEY_STATE): CI runs lost a first PageDown after a
    page load, twice in one run, once in another, never alone or under load here."""
    try:
        expect(where).to_contain_text(text)
    except AssertionError as err:
        raise AssertionError(f"{err}\nkeys: {tab.evaluate(_KEY_STATE)}") from None


def test_presenter_keys_step_the_forward_pass_a_field_keeps_its_own_and_the_ring_shows(
        app_url: str, tab: Page) -> None:
    _open(tab, f"{app_url}/forward?lang=en")
    header = tab.locator(STEP_HEADER).first

    def at_step(k: int) -> None:
        _keys_reached(tab, header, _step_of(k, "en"))
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
    tab.keyboard.press("ArrowLeft")
    at_step(2)
    tab.keyboard.press("Home")
    at_step(1)
    # The live region reads the step's formula and result, not only its explanation.
    live = tab.locator(f".{SR_CLASS}[role=status]")
    expect(live).to_contain_text(fmt(trace_step(Scenario.worked_example())["net_h1"], 4))
    # Space plays (Pause shows, the step moves on) and pauses.
    tab.keyboard.press(" ")
    expect(tab.locator(".st-key-step-forward-pause button").first).to_be_visible()
    expect(header).not_to_contain_text(_step_of(1, "en"))
    tab.keyboard.press(" ")
    expect(tab.locator(".st-key-step-forward-play button").first).to_be_visible()
    wait_for_app(tab)
    tab.keyboard.press("Home")
    at_step(1)
    # In a field, PageDown and → are the field's: the step stays.
    field = tab.locator(".st-key-edit-w1 input")
    field.click()
    tab.keyboard.press("PageDown")
    tab.keyboard.press("ArrowRight")
    wait_for_app(tab)
    at_step(1)
    screenshot(tab, "a11y_keys_forward")
    # The focus ring: 3 px of the highlight purple (7.6:1 on white) on Next.
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


def _keys_step_the_graph_and_the_reverse_network(tab: Page) -> None:
    """On the graph page: PageDown / PageUp step the graph; once the reverse network's
    stepper is used, the keys move it (Home to its step 1) and the graph's stays."""
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
    wait_for_app(tab)
    # The reverse network's stepper, once used, takes the keys (the graph's stays at 2).
    reverse = tab.locator(f".st-key-{GRAPH_REVERSE_STEP.replace('.', '-')}-controls")
    position = reverse.get_by_role("slider")
    reverse.locator("button").filter(has_text=t("stepper.next", "en")).first.click()
    expect(position).to_have_attribute("aria-valuetext", "2")
    wait_for_app(tab)
    tab.evaluate("() => document.activeElement && document.activeElement.blur()")
    tab.keyboard.press("PageDown")
    expect(position).to_have_attribute("aria-valuetext", "3")
    wait_for_app(tab)
    tab.keyboard.press("Home")
    expect(position).to_have_attribute("aria-valuetext", "1")
    expect(main.get_by_text(_step_of(2, "en")).first).to_be_visible()
    wait_for_app(tab)


def test_presenter_keys_step_the_faded_example(app_url: str, tab: Page) -> None:
    # The faded example's stages: PageDown is its Next stage, PageUp its Previous.
    lesson = Lesson(Scenario.worked_example(), mode="fade", fade=Fade(0, (), None))
    _open(tab, f"{app_url}/backward?lang=zh&lesson={encode(lesson)}")
    stage = tab.locator(".st-key-fade-controls")

    def at_stage(n: int) -> None:
        _keys_reached(tab, stage, t("fade.stage", "zh", n=n, count=FADE_STAGES, what="").strip())
        wait_for_app(tab)

    at_stage(1)
    tab.evaluate("() => document.activeElement && document.activeElement.blur()")
    tab.keyboard.press("PageDown")
    at_stage(2)
    tab.keyboard.press("PageUp")
    at_stage(1)
