"""The training page in a real browser, in both languages."""

import pytest
from playwright.sync_api import Page, expect

from bpcore import fmt
from tutor.i18n import LANGUAGES, t

from .conftest import SIZES, assert_no_exception, each_size, resize, screenshot, wait_for_app


@pytest.mark.parametrize("lang", LANGUAGES)
def test_training_page_trains_and_shows_its_curves(app_url: str, page: Page, lang: str):
    resize(page, SIZES[0])
    page.goto(f"{app_url}/training?lang={lang}")
    wait_for_app(page)
    assert_no_exception(page)
    expect(page.get_by_role("heading", name=t("page.training", lang), level=1)).to_be_visible()
    expect(page.get_by_test_id("stMetric").first).to_contain_text(fmt(3.510187782979e-05, 4))
    for size in each_size(page):
        expect(page.locator(".js-plotly-plot")).to_have_count(4)
        screenshot(page, f"training_training_{lang}_{size[0]}")
    # The scale switch and the replay rerun the charts' fragment alone: each still redraws.
    ticks = page.locator(".js-plotly-plot").first.locator(".ytick text")
    log_ticks = ticks.all_text_contents()
    assert log_ticks  # the error curve's y-axis on its log scale
    page.get_by_text(t("training.log_scale", lang)).click()
    wait_for_app(page)
    expect(ticks).not_to_have_text(log_ticks)  # a linear axis now
    replay = page.get_by_role("slider", name=t("training.replay", lang))
    replay.focus()
    page.keyboard.press("Home")  # back to iteration 0: the network as the example starts it
    wait_for_app(page)
    expect(page.locator(".js-plotly-plot").nth(3)).to_contain_text(f"w5 = {fmt(0.40, 4)}")
    assert_no_exception(page)
