"""The 1-1-1 chain-rule page in a real browser, in both languages."""

import pytest
from playwright.sync_api import Page, expect

from tutor.i18n import t

from .conftest import assert_no_exception, screenshot, wait_for_app


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_chain_rule_page_loads(app_url: str, page: Page, lang: str):
    page.goto(f"{app_url}/chain-rule?lang={lang}")
    wait_for_app(page)
    assert_no_exception(page)
    expect(page.get_by_role("heading", name=t("page.chain_rule", lang), level=1)).to_be_visible()
    expect(page.locator(".katex").first).to_be_visible()
    screenshot(page, f"training_chain_rule_{lang}")
