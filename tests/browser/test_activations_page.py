"""The activation-functions page in a real browser, in both languages."""

import pytest
from playwright.sync_api import Page, expect

from tutor.i18n import LANGUAGES, t

from .conftest import SIZES, assert_no_exception, each_size, resize, screenshot, wait_for_app


@pytest.mark.parametrize("lang", LANGUAGES)
def test_activations_page_loads(app_url: str, page: Page, lang: str):
    resize(page, SIZES[0])
    page.goto(f"{app_url}/activations?lang={lang}")
    wait_for_app(page)
    assert_no_exception(page)
    for size in each_size(page):
        expect(page.get_by_role("heading", name=t("page.activations", lang), level=1)
               ).to_be_visible()
        expect(page.locator(".js-plotly-plot")).to_have_count(6)
        page.get_by_text(t("activations.vanishing_title", lang)).scroll_into_view_if_needed()
        screenshot(page, f"training_activations_{lang}_{size[0]}")
