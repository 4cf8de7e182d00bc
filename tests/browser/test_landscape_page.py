"""The landscape page in a real browser, in both languages."""

import pytest
from playwright.sync_api import Page, expect

from tutor.i18n import t

from .conftest import SIZES, assert_no_exception, screenshot, wait_for_app


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_landscape_page_loads(app_url: str, page: Page, lang: str,
                              size: tuple[int, int]):
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page.goto(f"{app_url}/landscape?lang={lang}")
    wait_for_app(page)
    assert_no_exception(page)
    expect(page.get_by_role("heading", name=t("page.landscape", lang), level=1)).to_be_visible()
    expect(page.locator(".js-plotly-plot")).to_have_count(2)
    screenshot(page, f"training_landscape_{lang}_{size[0]}")
