"""The 1-1-1 chain-rule page in a real browser, in both languages, at 1280×720 and
1600×1000: every formula fits its column."""

import pytest
from playwright.sync_api import Page, expect

from tutor.i18n import LANGUAGES, t

from .conftest import SIZES, assert_no_exception, each_size, resize, screenshot, wait_for_app
from .test_graph_page import CLIPPED


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("loss", ["half_sse", "binary_cross_entropy"])
def test_chain_rule_page_loads_and_nothing_is_clipped(app_url: str, page: Page,
                                                       lang: str, loss: str):
    resize(page, SIZES[0])
    page.goto(f"{app_url}/chain-rule?lang={lang}")
    wait_for_app(page)
    assert_no_exception(page)
    expect(page.get_by_role("heading", name=t("page.chain_rule", lang), level=1)).to_be_visible()
    if loss != "half_sse":
        page.get_by_text(t(f"loss.{loss}", lang), exact=True).click()
        wait_for_app(page)
    expect(page.locator(".katex").first).to_be_visible()
    for width, height in each_size(page):
        size = f"{width}x{height}"
        assert page.evaluate(CLIPPED) == [], size
        page.evaluate("window.scrollTo(0, 0)")
        screenshot(page, f"chain_rule_{loss}_{lang}_{size}")
        page.locator(".katex-display").nth(4).scroll_into_view_if_needed()
        screenshot(page, f"chain_rule_{loss}_formulas_{lang}_{size}")
