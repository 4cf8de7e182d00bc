"""Opening a shared lesson link in a real browser: the weights, step and language come along."""

from playwright.sync_api import Page, expect

from bpcore import Scenario
from tutor.i18n import t
from tutor.lesson.codec import Lesson, encode

from .conftest import assert_no_exception, screenshot, wait_for_app


def test_a_lesson_link_opens_with_the_shared_weights_and_language(app_url: str, page: Page):
    lesson = Lesson(Scenario.worked_example().with_value("w1", 0.9).with_value("w8", -0.25),
                    step=3)
    page.goto(f"{app_url}/forward?lang=zh&lesson={encode(lesson)}")
    wait_for_app(page)
    assert_no_exception(page)
    expect(page.get_by_role("heading", name="前向传播", level=1)).to_be_visible()
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar.get_by_label(t("field.w1", "zh"), exact=True)).to_have_value("0.9000")
    expect(sidebar.get_by_label(t("field.w8", "zh"), exact=True)).to_have_value("-0.2500")
    expect(page.get_by_text(t("formula.step_of", "zh", index=4, count=11))).to_be_visible()
    screenshot(page, "lesson_link_zh")


def test_presentation_mode_hides_panels_and_collapses_the_sidebar(app_url: str, page: Page):
    lesson = Lesson(Scenario.worked_example(), step=6, hidden=("table",), presentation=True)
    page.goto(f"{app_url}/forward?lang=en&lesson={encode(lesson)}")
    wait_for_app(page)
    assert_no_exception(page)
    expect(page.get_by_test_id("stTable")).to_have_count(0)
    expect(page.get_by_test_id("stSidebar")).to_have_attribute("data-collapsed", "true")
    expect(page.locator(".st-key-forward-diagram svg")).to_be_visible()  # the diagram
    screenshot(page, "presentation_mode_en")


def test_a_damaged_link_says_so_and_shows_the_worked_example(app_url: str, page: Page):
    page.goto(f"{app_url}/forward?lang=en&lesson=damaged")
    wait_for_app(page)
    assert_no_exception(page)
    expect(page.get_by_test_id("stAlert").first).to_contain_text(
        t("lesson.error.corrupt", "en"))
