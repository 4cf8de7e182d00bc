"""The learning-rate page in a real browser, in both languages."""

import pytest
from playwright.sync_api import Page, expect

from bpcore import Scenario
from tutor.i18n import LANGUAGES, t
from tutor.lesson.codec import Lesson, encode

from .conftest import SIZES, assert_no_exception, each_size, resize, screenshot, wait_for_app

BUSY_MS = 30_000  # five engineers share two cores: a page may take seconds to draw


@pytest.mark.parametrize("lang", LANGUAGES)
def test_learning_rate_page_shows_curves_and_verdicts(app_url: str, page: Page, lang: str):
    resize(page, SIZES[0])
    page.goto(f"{app_url}/learning-rate?lang={lang}")
    wait_for_app(page)
    assert_no_exception(page)
    expect(page.get_by_role("heading", name=t("page.learning_rate", lang),
                           level=1)).to_be_visible()
    table = page.get_by_test_id("stTable")
    for v in ("too_slow", "converging", "oscillating", "diverged"):  # the bowl's default rates
        expect(table).to_contain_text(t(f"verdict.{v}", lang), timeout=BUSY_MS)
    for size in each_size(page):
        expect(page.locator(".js-plotly-plot")).to_have_count(2, timeout=30_000)  # a busy machine
        screenshot(page, f"training_learning_rate_{lang}_{size[0]}")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_in_presentation_mode_the_problem_choice_switches(app_url: str, page: Page, lang: str):
    page.set_viewport_size({"width": 1280, "height": 720})
    lesson = Lesson(Scenario.worked_example(), presentation=True)
    page.goto(f"{app_url}/learning-rate?lang={lang}&lesson={encode(lesson)}")
    wait_for_app(page)
    assert_no_exception(page)
    table = page.get_by_test_id("stTable")
    expect(table).to_contain_text(t("verdict.oscillating", lang), timeout=BUSY_MS)
    page.wait_for_timeout(500)
    screenshot(page, f"training_learning_rate_presentation_{lang}_1280")
    page.get_by_text(t("rates.problem.worked", lang), exact=True).click()
    wait_for_app(page, timeout_ms=120_000)
    assert_no_exception(page)
    expect(page.get_by_text(t("rates.no_divergence", lang))).to_be_visible(timeout=BUSY_MS)
    expect(table).not_to_contain_text(t("verdict.oscillating", lang), timeout=BUSY_MS)
    page.get_by_text(t("rates.problem.bowl", lang), exact=True).click()
    wait_for_app(page)
    expect(table).to_contain_text(t("verdict.diverged", lang), timeout=BUSY_MS)
