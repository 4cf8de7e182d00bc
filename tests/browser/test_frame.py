"""The app frame in a real browser: Chinese renders, the language survives navigation."""

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tutor.i18n import t

from .conftest import assert_no_exception, screenshot, shared_page, wait_for_app


@pytest.fixture()
def phone(shared_context: BrowserContext) -> Iterator[Page]:
    """A fresh 390×844 page: a student's phone."""
    yield from shared_page(shared_context, 390, 844)


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


def test_a_phone_opens_on_the_page_with_the_sidebar_a_tap_away(app_url: str,
                                                                 phone: Page) -> None:
    """A link opened on a phone shows the page, not the sidebar over it (Streamlit's "auto":
    closed below its desktop width, open from 1024 px, so a projector's laptop still opens
    with it); one tap on the sidebar's button opens it. The other tests' 1280- and 1600-px
    pages read the sidebar as it opens."""
    phone.goto(app_url + "/forward?lang=zh")
    wait_for_app(phone)
    title = phone.get_by_role("heading", name=t("page.forward", "zh"), level=1)
    expect(title).to_be_in_viewport()
    language = phone.get_by_test_id("stSidebar").get_by_text(t("app.language", "zh"), exact=True)
    expect(language).not_to_be_in_viewport()  # closed: slid off the screen
    screenshot(phone, "frame_phone_zh", full_page=False)
    phone.get_by_test_id("stExpandSidebarButton").click()
    expect(language).to_be_in_viewport()
    assert_no_exception(phone)
