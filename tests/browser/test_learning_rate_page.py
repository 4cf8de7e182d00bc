"""The learning-rate page in a real browser, in both languages."""

import pytest
from playwright.sync_api import Page, expect

from tutor.i18n import t

from .conftest import SIZES, assert_no_exception, screenshot, wait_for_app


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_learning_rate_page_shows_curves_and_verdicts(app_url: str, page: Page, lang: str,
                                                      size: tuple[int, int]):
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page.goto(f"{app_url}/learning-rate?lang={lang}")
    wait_for_app(page)
    assert_no_exception(page)
    expect(page.get_by_role("heading", name=t("page.learning_rate", lang),
                           level=1)).to_be_visible()
    table = page.get_by_test_id("stTable")
    for v in ("too_slow", "converging", "oscillating", "diverged"):  # the bowl's default rates
        expect(table).to_contain_text(t(f"verdict.{v}", lang))
    expect(page.locator(".js-plotly-plot")).to_have_count(2)
    screenshot(page, f"training_learning_rate_{lang}_{size[0]}")
