"""Practice mode in a real browser: type an answer, get it checked, in Chinese.

What a test costs is mostly page loads (README, "What a browser test costs"): the module keeps
one 1280×720 tab per screen (language, presentation mode), loaded when a test first asks for
it, and each test opens its page and lesson in that tab (``tabs.open``: a page switch in the
tab's own session, the lesson applied as its load would apply it, in a state of its own).
"""

import contextlib
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from bpcore import Scenario, fmt, trace_step
from bpcore.practice import FADE_CHAIN
from tutor.i18n import LANGUAGES, t
from tutor.lesson.codec import Fade, Lesson, encode

from .conftest import assert_no_exception, open_in_tab, screenshot, settle, wait_for_app

MAIN = '[data-testid="stMainBlockContainer"]'

CONNECTED = '[data-testid="stApp"][data-test-connection-state="CONNECTED"]'


class ScreenTabs:
    """The module's tabs, one 1280×720 tab per screen (language, presentation mode), in the
    shared browser context (its scripts fetched and compiled once); a screen's tab is loaded
    by the first test that asks for it."""

    def __init__(self, context: BrowserContext, app_url: str) -> None:
        self.context, self.app_url = context, app_url
        self.opened: dict[tuple[str, bool], Page] = {}

    def open(self, path: str, lang: str, lesson: Lesson | None,
             presenting: bool = False) -> Page:
        """The page ``path`` at ``lesson`` (None: the address without one) in ``lang``, on
        the screen's tab: loaded the first time (or when the tab has lost its app), else
        opened in it (conftest.open_in_tab) as the lesson's own, fresh state: the lesson
        applied anew, as its load applies it (the numbers, the step, the mode, presentation
        mode; no answer, prediction or score kept). A link the tab shows already is applied
        anew by way of another (it would keep what was done with it: a test's rerun)."""
        query = f"?lang={lang}" + (f"&lesson={encode(lesson)}" if lesson is not None else "")
        tab = self.opened.get((lang, presenting))
        if tab is not None and (tab.is_closed() or tab.locator(CONNECTED).count() == 0):
            self.close(tab)
            tab = None
        if tab is None:
            tab = self.opened[(lang, presenting)] = self.context.new_page()
            tab.set_viewport_size({"width": 1280, "height": 720})
            tab.goto(f"{self.app_url}/{path}{query}")
            wait_for_app(tab)
        else:
            shown = parse_qs(urlsplit(tab.url).query).get("lesson", [None])[0]
            if lesson is not None and shown == encode(lesson):  # by way of the overview
                other = Lesson(Scenario.worked_example(), presentation=presenting)
                open_in_tab(tab, f"/?lang={lang}&lesson={encode(other)}")
            open_in_tab(tab, f"/{path}{query}")
        settle(tab, MAIN)  # the page laid out, not only its run answered
        assert_no_exception(tab)
        return tab

    @staticmethod
    def close(tab: Page) -> None:
        """Close a tab, its storage cleared (as conftest.shared_page closes a page)."""
        if tab.is_closed():
            return
        with contextlib.suppress(Exception):  # a tab that never loaded the app has none
            tab.evaluate("() => { localStorage.clear(); sessionStorage.clear(); }")
        tab.close()


@pytest.fixture(scope="module")
def tabs(shared_context: BrowserContext, app_url: str) -> Iterator[ScreenTabs]:
    """The module's tabs (ScreenTabs), closed when the module ends."""
    kept = ScreenTabs(shared_context, app_url)
    try:
        yield kept
    finally:
        for tab in kept.opened.values():
            kept.close(tab)


def test_a_student_answers_a_step_in_chinese(tabs: ScreenTabs):
    page = tabs.open("forward", "zh", None)
    sidebar = page.get_by_test_id("stSidebar")
    heading = sidebar.get_by_text(t("practice.heading", "zh"), exact=True)
    toggle = sidebar.get_by_text(t("practice.mode", "zh"))
    if not toggle.is_visible():  # (open already when this test is run again)
        heading.click()
    toggle.click()
    wait_for_app(page)
    box = page.get_by_label(t("practice.answer", "zh"))
    value = trace_step(Scenario.worked_example())["net_h1"]
    box.fill(f"{value:.4f}")
    box.press("Enter")
    wait_for_app(page)
    page.get_by_role("button", name=t("practice.check", "zh")).click()
    expect(page.get_by_text(t("practice.right", "zh", value=fmt(value, 4)))).to_be_visible()
    assert_no_exception(page)
    screenshot(page, "practice_zh")
    heading.click()  # closed again, as the tab's next page would find it after a load


# --- learning by predicting: at 1280×720, both languages, sidebar open and presentation mode --
SCREENS = [("en", False), ("zh", False), ("en", True), ("zh", True)]  # (lang, presenting)
IDS = [f"{lang}_{'presenting' if p else 'open'}" for lang, p in SCREENS]


def on_screen(page: Page, locator, what: str) -> None:
    """Drawn and wholly inside the 1280×720 viewport, without scrolling."""
    box = locator.bounding_box()
    assert box is not None, f"{what} is not drawn"
    assert box["x"] >= -0.5 and box["y"] >= -0.5, f"{what} starts off screen: {box}"
    assert box["x"] + box["width"] <= 1280.5, f"{what} runs off the right: {box}"
    assert box["y"] + box["height"] <= 720.5, f"{what} is below the fold: {box}"


def shoot(page: Page, name: str) -> None:
    screenshot(page, name, full_page=False)  # the viewport: what the class sees


@pytest.mark.parametrize(("lang", "presenting"), SCREENS, ids=IDS)
def test_a_prediction_is_committed_and_shown_beside_the_truth_on_one_screen(
        tabs: ScreenTabs, lang: str, presenting: bool):
    lesson = Lesson(Scenario.worked_example(), step=2, mode="predict", presentation=presenting)
    page = tabs.open("backward", lang, lesson, presenting)
    shoot(page, f"predict_form_{IDS[SCREENS.index((lang, presenting))]}")
    main = page.get_by_test_id("stMain")
    sign = main.get_by_role("radiogroup").first
    on_screen(page, page.locator(".st-key-backward-diagram svg"), "the diagram")
    on_screen(page, sign, "the sign")
    on_screen(page, main.get_by_role("radiogroup").nth(1), "the size")
    why = main.get_by_label(t("predict.why", lang))
    on_screen(page, why, "the why box")
    commit = main.get_by_role("button", name=t("predict.commit", lang))
    on_screen(page, commit, "Commit")
    delta = fmt(trace_step(Scenario.worked_example())["delta_o1"], 4)
    # nothing gives δ_o1 away before the commit: not its value (text or accessibility tree),
    # not its numbers worked out (the formulas' LaTeX is in the page's HTML)
    worked = r"0.7414 \cdot 0.1868"
    for told in (page.locator("body").inner_text(), page.locator("body").aria_snapshot()):
        assert delta not in told
    assert worked not in page.content()
    # Each choice's rerun answered before the next, so Commit finds all three (in one full
    # run the verdict never came; which click was lost was not recorded).
    sign.get_by_text(t("predict.sign_mark.positive", lang), exact=True).click()
    wait_for_app(page)
    main.get_by_role("radiogroup").nth(1).get_by_text(t("predict.size.smaller", lang),
                                                      exact=True).click()
    wait_for_app(page)
    why.fill("out > target")
    why.press("Enter")
    wait_for_app(page)
    commit.click()
    wait_for_app(page)
    verdict = main.get_by_test_id("stAlert").filter(has_text=delta)
    expect(verdict.first).to_be_visible()
    assert worked in page.content()  # the check above can fail: now the numbers are there
    on_screen(page, verdict.first, "the prediction beside the truth")
    expect(main.get_by_text("out > target", exact=True)).to_be_visible()
    assert_no_exception(page)
    shoot(page, f"predict_seen_{IDS[SCREENS.index((lang, presenting))]}")


@pytest.mark.parametrize(("lang", "presenting"), SCREENS, ids=IDS)
@pytest.mark.parametrize("stage", [1, len(FADE_CHAIN)])
def test_the_faded_example_fits_one_screen(tabs: ScreenTabs, lang: str, presenting: bool,
                                           stage: int):
    lesson = Lesson(Scenario.worked_example(), mode="fade", presentation=presenting,
                    fade=Fade(stage, (), None))
    page = tabs.open("backward", lang, lesson, presenting)
    shoot(page, f"fade_stage{stage}_{IDS[SCREENS.index((lang, presenting))]}")
    main = page.get_by_test_id("stMain")
    on_screen(page, main.get_by_text(t("fade.stage", lang, n=stage + 1, count=7, what="")
                                     .rstrip(), exact=False), "the stage")
    on_screen(page, main.get_by_role("button", name=t("fade.next", lang)), "Next stage")
    on_screen(page, main.locator(".katex-display").first, "the whole chain")
    on_screen(page, main.get_by_role("button", name=t("practice.check", lang)), "Check")
    on_screen(page, main.get_by_role("button", name=t("practice.show", lang)), "Show me")
    on_screen(page, main.get_by_role("textbox").first, "the answer box")
    assert_no_exception(page)


def test_show_me_stays_on_the_step_and_is_counted_apart(tabs: ScreenTabs):
    page = tabs.open("backward", "en", Lesson(Scenario.worked_example(), step=1,
                                              mode="practice"))
    main = page.get_by_test_id("stMain")
    main.get_by_role("button", name=t("practice.show", "en")).click()
    wait_for_app(page)
    slope = fmt(trace_step(Scenario.worked_example())["dout_o1_dnet_o1"], 4)
    expect(main.get_by_text(t("practice.shown", "en", value=slope))).to_be_visible()
    expect(main.get_by_text(t("formula.step_of", "en", index=2, count=24))).to_be_visible()
    on_screen(page, main.get_by_role("button", name=t("practice.next", "en")), "Next step")
    assert_no_exception(page)
    shoot(page, "practice_shown_en")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_forward_value_is_predicted_as_a_number_on_one_screen(tabs: ScreenTabs, lang: str):
    page = tabs.open("forward", lang, Lesson(Scenario.worked_example(), step=4,
                                             mode="predict"))
    main = page.get_by_test_id("stMain")
    box = main.get_by_label(t("predict.number", lang))
    on_screen(page, box, "the prediction box")
    commit = main.get_by_role("button", name=t("predict.commit", lang))
    on_screen(page, commit, "Commit")
    shoot(page, f"predict_forward_form_{lang}")
    box.fill("1.2")
    box.press("Enter")
    wait_for_app(page)
    commit.click()
    wait_for_app(page)
    net_o1 = fmt(trace_step(Scenario.worked_example())["net_o1"], 4)
    verdict = main.get_by_test_id("stAlert").filter(has_text=net_o1).first
    expect(verdict).to_be_visible()
    on_screen(page, verdict, "the prediction beside the truth")
    assert_no_exception(page)
    shoot(page, f"predict_forward_seen_{lang}")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_slip_is_named_beside_the_answer_on_one_screen(tabs: ScreenTabs, lang: str):
    """out_o1 typed for σ′ (rounded, as a learner types it): the slip is named, on screen."""
    page = tabs.open("backward", lang, Lesson(Scenario.worked_example(), step=1,
                                              mode="practice"))
    main = page.get_by_test_id("stMain")
    box = main.get_by_label(t("practice.answer", lang))
    box.fill("0.75")
    box.press("Enter")
    wait_for_app(page)
    main.get_by_role("button", name=t("practice.check", lang)).click()
    wait_for_app(page)
    slip = t("mistake.sigma_for_slope", lang, at="∂out_o1/∂net_o1", neuron="o1")
    said = main.get_by_test_id("stAlert").filter(has_text=slip[:20]).first
    expect(said).to_be_visible()
    shoot(page, f"practice_slip_{lang}")
    on_screen(page, said, "the named slip")
    assert_no_exception(page)
