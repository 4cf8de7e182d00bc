"""The own-network editor in a real browser: a real cell edit in a data editor reaches the
network (AppTest sets a data editor's state directly; only a browser shows that what its grid
sends is read the same way), and the editor at 1280×720 in Chinese, screenshotted."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tutor.i18n import t

from .conftest import assert_no_exception, screenshot, serve_app, sized_page, wait_for_app

# Streamlit's data grid draws its header and every row 35 CSS px high (its default row
# height): the middle of row r (from 1) is 35·r + 17 px below the grid's top edge.
ROW_PX = 35


@pytest.fixture(scope="module")
def editor_url() -> Iterator[str]:
    """A server of tests/app/neteditor_page.py: the editor alone, on xor."""
    yield from serve_app("neteditor", script="tests/app/neteditor_page.py")


@pytest.fixture()
def laptop_zh(browser: Browser) -> Iterator[Page]:
    yield from sized_page(browser, 1280, 720, locale="zh-CN")


def spec_json(page: Page) -> dict:
    return json.loads(page.locator('[data-testid="stCode"]').inner_text())


def test_a_typed_cell_changes_the_weight_and_the_editor_reads_well_in_chinese(
        editor_url: str, laptop_zh: Page) -> None:
    page = laptop_zh
    page.goto(f"{editor_url}/?lang=zh")
    wait_for_app(page)
    expect(page.get_by_text(t("neteditor.title", "zh"))).to_be_visible()
    screenshot(page, "neteditor-zh-1280x720-shape")
    grids = page.locator('[data-testid="stDataFrame"]')
    expect(grids).to_have_count(6)  # X, T, W1, b1, W2, b2
    w1 = grids.nth(2)
    w1.scroll_into_view_if_needed()
    box = w1.bounding_box()
    assert box is not None
    # row k = 2, column j = 1 (the first column holds the row labels): w^1_12. A double
    # click opens the grid's cell editor (an input over the canvas) with the number in it.
    page.mouse.dblclick(box["x"] + box["width"] * 0.5, box["y"] + 2 * ROW_PX + ROW_PX // 2)
    cell = page.locator("input.gdg-input")
    expect(cell).to_have_value("0.4")
    cell.fill("0.25")
    cell.press("Enter")
    expect(page.locator('[data-testid="stCode"]')).to_contain_text("[0.25, 0.9]")
    wait_for_app(page)
    assert spec_json(page)["weights"][0] == [[0.5, -0.6], [0.25, 0.9]]
    assert_no_exception(page)
    screenshot(page, "neteditor-zh-1280x720-tables")
    # a paste the editor refuses: the reason beside the box, the network kept
    box = page.get_by_role("textbox", name=t("neteditor.paste_label", "zh"))
    box.fill("W1 = [[1, 2], [3]]")
    page.get_by_role("button", name=t("neteditor.apply_paste", "zh")).click()
    expect(page.get_by_text("未采用")).to_be_visible()
    wait_for_app(page)
    assert spec_json(page)["weights"][0] == [[0.5, -0.6], [0.25, 0.9]]
    page.get_by_text("未采用").scroll_into_view_if_needed()
    screenshot(page, "neteditor-zh-1280x720-paste-refused")
