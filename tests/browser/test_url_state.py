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
    assert_no_exception(page)
