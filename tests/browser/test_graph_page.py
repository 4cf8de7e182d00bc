"""The computational-graph page in a real browser, in both languages."""

import pytest
from playwright.sync_api import Page, expect

from tutor.i18n import t

from .conftest import assert_no_exception, screenshot, wait_for_app


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_graph_page_loads_and_steps(app_url: str, page: Page, lang: str):
    page.goto(f"{app_url}/graph?lang={lang}")
    wait_for_app(page)
    assert_no_exception(page)
    expect(page.get_by_role("heading", name=t("page.graph", lang), level=1)).to_be_visible()
    for _ in range(3):
        page.get_by_role("button", name=t("stepper.next", lang)).click()
        wait_for_app(page)
    assert_no_exception(page)
    expect(page.locator(".js-plotly-plot")).to_have_count(2)
    screenshot(page, f"graph_{lang}")
