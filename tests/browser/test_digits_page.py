"""The handwritten-digits page in a real browser, in both languages."""

import pytest
from playwright.sync_api import Page, expect

from tutor.i18n import t

from .conftest import assert_no_exception, screenshot, wait_for_app


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_digits_page_trains_and_draws(app_url: str, page: Page, lang: str):
    page.goto(f"{app_url}/digits?lang={lang}")
    wait_for_app(page)
    assert_no_exception(page)
    expect(page.get_by_role("heading", name=t("page.digits", lang), level=1)).to_be_visible()
    expect(page.locator(".js-plotly-plot")).to_have_count(6)
    page.get_by_text(t("digits.weights_title", lang)).scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    screenshot(page, f"digits_{lang}")
