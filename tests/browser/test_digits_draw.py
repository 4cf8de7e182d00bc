"""The digits page's bundled MNIST subset and a digit drawn with the mouse, in a real browser."""


import pytest
from playwright.sync_api import Page, expect

from tutor.i18n import LANGUAGES, t

from .conftest import assert_no_exception, screenshot, wait_for_app

SEVEN = [(0.2, 0.2), (0.8, 0.2), (0.45, 0.85)]  # a 7, as fractions of the box (x, y)


def view_shot(page: Page, name: str) -> None:
    """What the screen shows (1280×720) as artifacts/screenshots/NAME.png."""
    screenshot(page, name, full_page=False)


def draw(page: Page, canvas, points) -> None:
    """Drag the mouse through ``points`` (fractions of the canvas) with the button held."""
    box = canvas.bounding_box()
    assert box is not None
    xy = [(box["x"] + fx * box["width"], box["y"] + fy * box["height"]) for fx, fy in points]
    page.mouse.move(*xy[0])
    page.mouse.down()
    for (x0, y0), (x1, y1) in zip(xy[:-1], xy[1:], strict=False):
        for k in range(1, 13):
            page.mouse.move(x0 + (x1 - x0) * k / 12, y0 + (y1 - y0) * k / 12)
    page.mouse.up()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_subset_trains_and_a_drawn_seven_is_read(app_url: str, laptop: Page, lang: str):
    page = laptop
    outside: list[str] = []  # nothing may be fetched from anywhere but the app's server
    page.on("request", lambda r: outside.append(r.url)
            if not r.url.startswith((app_url, "data:", "blob:")) else None)
    page.goto(f"{app_url}/digits?lang={lang}")
    wait_for_app(page)
    page.get_by_text(t("digits.source_subset", lang)).click()
    wait_for_app(page, timeout_ms=120_000)  # training 20 epochs on a busy machine
    assert_no_exception(page)
    # exact: the chart's words for a screen reader begin with its title too
    expect(page.get_by_text(t("subset.accuracy_title", lang), exact=True)).to_be_visible()
    screenshot(page, f"digits_subset_{lang}_1280")
    heading = page.get_by_role("heading", name=t("draw.title", lang))
    heading.scroll_into_view_if_needed()
    canvas = page.locator("canvas.upper-canvas")
    expect(canvas).to_have_count(1)
    canvas.scroll_into_view_if_needed()
    canvas.evaluate("el => { el.dataset.mark = 'drawn-on'; }")
    draw(page, canvas, SEVEN)
    wait_for_app(page, timeout_ms=60_000)
    assert_no_exception(page)
    seen = page.get_by_text(t("draw.seen", lang, rows=28, cols=28), exact=True)
    expect(seen).to_be_visible()
    # the rerun kept the drawing box (a new one would have lost the stroke just drawn)
    assert page.locator("canvas.upper-canvas").evaluate("el => el.dataset.mark") == "drawn-on"
    verdict = page.get_by_test_id("stMarkdownContainer").filter(
        has_text=t("draw.guessed", lang))
    expect(verdict).to_have_count(1)
    # "The network reads 7 (probability …": the text up to the probability, bold removed
    reads = t("draw.verdict", lang, digit=7, p="§", target=7, chosen="").split("§")[0]
    assert verdict.inner_text().startswith(reads.replace("**", "").rsplit(" ", 1)[0])
    heading.scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    view_shot(page, f"digits_drawn_{lang}_1280")
    page.locator(".js-plotly-plot").last.scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    view_shot(page, f"digits_drawn_{lang}_1280_charts")
    # the learner says they meant a 1: δ = out − target against it
    page.get_by_role("radiogroup", name=t("draw.label", lang)).get_by_role(
        "radio", name="1", exact=True).click()
    wait_for_app(page, timeout_ms=60_000)
    assert_no_exception(page)
    expect(page.locator(".js-plotly-plot").last).to_contain_text(
        t("digits.outputs_title", lang, label=1))
    expect(page.get_by_text(t("draw.picked", lang))).to_have_count(1)
    page.locator(".js-plotly-plot").last.scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    view_shot(page, f"digits_drawn_{lang}_1280_target1")
    page.get_by_text(t("digits.code_title", lang)).click()
    expect(page.get_by_text("dz1 = dz2 @ W2.T * (a1 > 0)", exact=False)).to_be_visible()
    page.get_by_test_id("stCode").last.scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    view_shot(page, f"digits_code_{lang}_1280")
    assert not outside, outside
