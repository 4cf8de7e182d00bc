"""The address bar follows the lesson in a real browser: each step is an address, a reload
keeps the place, and Back / Forward walk through the places."""

import re

from playwright.sync_api import Page, expect

from tutor.i18n import t

from .conftest import assert_no_exception, wait_for_app


def shows_step(page: Page, index: int) -> None:
    expect(page.get_by_text(t("formula.step_of", "en", index=index, count=11))).to_be_visible()


def test_reload_back_and_forward_follow_the_steps(app_url: str, page: Page):
    page.goto(f"{app_url}/forward?lang=en")
    wait_for_app(page)
    expect(page).to_have_url(re.compile(r"/forward\?lang=en$"))  # a first visit: no lesson
    for _ in range(3):
        page.get_by_role("button", name=t("stepper.next", "en")).click()
        wait_for_app(page)
    shows_step(page, 4)
    expect(page).to_have_url(re.compile(r"/forward\?lang=en&lesson="))
    # The sidebar's lesson link follows the step too: a step move reruns the page and the
    # link alone (tutor.stepping.stepper.rerun_step_parts); it is the address's lesson.
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_text(t("share.heading", "en"), exact=True).click()
    link = sidebar.locator("code").filter(has_text="lesson=")
    lesson = re.search(r"lesson=([^&]+)", page.url)
    assert lesson is not None
    expect(link).to_contain_text(lesson.group(1))
    page.reload()
    wait_for_app(page)
    shows_step(page, 4)
    page.go_back()
    wait_for_app(page)
    shows_step(page, 3)
    page.go_back()
    wait_for_app(page)
    shows_step(page, 2)
    page.go_forward()
    wait_for_app(page)
    shows_step(page, 3)
    # a presenter's clicker: the same move, the address and the link following it
    page.keyboard.press("PageDown")
    wait_for_app(page)
    shows_step(page, 4)
    sidebar.get_by_text(t("share.heading", "en"), exact=True).click()
    moved = re.search(r"lesson=([^&]+)", page.url)
    assert moved is not None
    expect(link).to_contain_text(moved.group(1))
    assert_no_exception(page)
