"""Practice mode in a real browser: type an answer, get it checked, in Chinese."""

from playwright.sync_api import Page, expect

from bpcore import Scenario, fmt, trace_step
from tutor.i18n import t

from .conftest import assert_no_exception, screenshot, wait_for_app


def test_a_student_answers_a_step_in_chinese(app_url: str, page: Page):
    page.goto(f"{app_url}/forward?lang=zh")
    wait_for_app(page)
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_text(t("practice.heading", "zh"), exact=True).click()
    sidebar.get_by_text(t("practice.mode", "zh")).click()
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
