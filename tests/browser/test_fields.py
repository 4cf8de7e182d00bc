"""Typing into a number field in a real browser: a bad entry never changes the diagram.

At a classroom laptop's 1280×720 with the sidebar open: typing abc, nan, 1e400 or nothing into
w5 keeps w5 = 0.4000 on the overview diagram (read from the text of its SVG picture) and shows
why under the pair of fields; a valid number then applies and clears the message.
"""

import pytest
from playwright.sync_api import Page, expect

from tutor.figures.svg import texts_in
from tutor.i18n import LANGUAGES, t

from .conftest import assert_no_exception, screenshot, wait_for_app


def diagram_text(page: Page) -> str:
    """Every text of the overview's network diagram: the lines of its SVG picture's <text>
    elements (tutor.figures.svg.texts_in of the SVG as the page holds it)."""
    picture = page.locator(".st-key-overview-diagram svg")
    expect(picture).to_be_visible()
    return " ".join(texts_in(picture.evaluate("e => e.outerHTML")))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_bad_entries_in_w5_keep_the_diagram_and_say_why(app_url: str, laptop: Page, lang: str):
    page = laptop
    page.goto(f"{app_url}/?lang={lang}")
    wait_for_app(page)
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar).to_be_visible()
    w5 = sidebar.get_by_label(t("field.w5", lang), exact=True)
    assert "w5 = 0.4000" in diagram_text(page)
    alert = sidebar.get_by_test_id("stAlert")
    for text in ("abc", "nan", "1e400", ""):
        w5.fill(text)
        w5.press("Enter")
        wait_for_app(page)
        expect(alert).to_have_count(1)
        expect(alert).to_contain_text(t("field.w5", lang))
        assert "w5 = 0.4000" in diagram_text(page), text
        assert_no_exception(page)
        if text == "abc":
            alert.scroll_into_view_if_needed()
            screenshot(page, f"field_refused_{lang}")
            # full width under the pair of fields: as wide as the two fields together
            pair = sidebar.get_by_label(t("field.w6", lang), exact=True).bounding_box()
            left = w5.bounding_box()
            box = alert.bounding_box()
            assert pair and left and box
            assert box["width"] >= (pair["x"] + pair["width"] - left["x"]) * 0.95
    w5.fill("0.9")
    w5.press("Enter")
    wait_for_app(page)
    expect(alert).to_have_count(0)
    assert "w5 = 0.9000" in diagram_text(page)
    assert_no_exception(page)
