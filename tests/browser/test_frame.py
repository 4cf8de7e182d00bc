"""The app frame in a real browser: Chinese renders, the language survives navigation."""

import re

from playwright.sync_api import Page, expect

from tutor.i18n import t

from .conftest import assert_no_exception, screenshot, wait_for_app


def test_chinese_frame_renders(app_url: str, page: Page) -> None:
    page.goto(app_url + "/?lang=zh")
    wait_for_app(page)
    assert_no_exception(page)
    expect(page.get_by_role("heading", name="总览", level=1)).to_be_visible()
    sidebar = page.get_by_test_id("stSidebar")
    # The page list is in the top bar; the sidebar starts with the language.
    expect(page.get_by_test_id("stTopNav").get_by_text("实例演算")).to_be_visible()
    expect(sidebar.get_by_text("语言", exact=True)).to_be_visible()
    screenshot(page, "frame_zh")


def test_language_survives_a_page_switch(app_url: str, page: Page) -> None:
    page.goto(app_url + "/?lang=zh")
    wait_for_app(page)
    page.get_by_test_id("stTopNav").get_by_text("实例演算").click()
    page.get_by_test_id("stTopNavDropdownLink").get_by_text("前向传播", exact=True).click()
    expect(page).to_have_url(re.compile(r"/forward\?lang=zh$"))
    wait_for_app(page)
    assert_no_exception(page)
    expect(page.get_by_role("heading", name="前向传播", level=1)).to_be_visible()


def test_language_selector_switches_to_english(app_url: str, page: Page) -> None:
    page.goto(app_url + "/?lang=zh")
    wait_for_app(page)
    radio = page.get_by_test_id("stSidebar").get_by_test_id("stRadio")
    radio.locator("label").filter(has_text="English").click()
    expect(page).to_have_url(re.compile(r"\?lang=en$"))
    wait_for_app(page)
    assert_no_exception(page)
    expect(page.get_by_role("heading", name="Overview", level=1)).to_be_visible()


def test_after_a_language_switch_a_page_switch_keeps_the_network_and_shows_no_error(
        app_url: str, page: Page) -> None:
    """The sidebar's choices hold their label in the browser: after a switch to 中文 the
    network box still held "Worked example (2-2-2)", sent it with the page switch, and the app
    showed a redacted error on an empty page (tutor.session.resend_choices)."""
    page.goto(app_url + "/forward?lang=en")
    wait_for_app(page)
    page.get_by_test_id("stSidebar").get_by_test_id("stRadio").locator("label").filter(
        has_text="中文").click()
    wait_for_app(page)
    expect(page.get_by_role("heading", name="前向传播", level=1)).to_be_visible()
    page.get_by_test_id("stTopNav").get_by_text("实例演算").click()
    page.get_by_test_id("stTopNavDropdownLink").get_by_text("反向传播", exact=True).click()
    wait_for_app(page)
    assert_no_exception(page)
    expect(page.get_by_role("heading", name="反向传播", level=1)).to_be_visible()
    picker = page.get_by_test_id("stSidebar").get_by_test_id("stSelectbox").filter(
        has_text=t("net.label", "zh"))
    expect(picker.locator("input")).to_have_value(t("net.name.worked", "zh"))
