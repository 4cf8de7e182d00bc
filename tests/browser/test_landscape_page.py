"""The landscape page in a real browser, in both languages."""

import pytest
from playwright.sync_api import Page, expect

from bpcore import Scenario
from tutor.i18n import LANGUAGES, t
from tutor.lesson.codec import Lesson, encode

from .conftest import (
    POLL_MS,
    SIZES,
    assert_no_exception,
    each_size,
    resize,
    screenshot,
    wait_for_app,
)

# The one-weight step must read as a segment on a projector: at least 80 plot pixels, 6 % of a
# 1280-px screen (12 cm of a 2 m projected image, visible from the back of a classroom) and
# more than six times the 12-px markers at its ends. At the old default (±4 around w5) the
# step 0.4000 → 0.3589 was about 5 px.
MIN_STEP_PX = 80
DRAWN = "() => { const p = document.querySelectorAll('.js-plotly-plot')[1]; " \
        "return !!(p && p._fullLayout && p._fullData && p._fullData.length === 3); }"
STEP_PX = """() => {
  const plot = document.querySelectorAll('.js-plotly-plot')[1];
  const xa = plot._fullLayout.xaxis, step = plot._fullData[2];
  return Math.abs(xa.l2p(step.x[1]) - xa.l2p(step.x[0]));
}"""


@pytest.mark.parametrize("lang", LANGUAGES)
def test_landscape_page_loads_with_the_step_visible(app_url: str, page: Page, lang: str):
    resize(page, SIZES[0])
    page.goto(f"{app_url}/landscape?lang={lang}")
    wait_for_app(page)
    assert_no_exception(page)
    expect(page.get_by_role("heading", name=t("page.landscape", lang), level=1)).to_be_visible()
    expect(page.locator(".js-plotly-plot")).to_have_count(2, timeout=30_000)  # a busy machine
    for size in each_size(page):
        assert step_px(page) >= MIN_STEP_PX, size
        page.locator(".js-plotly-plot").nth(1).scroll_into_view_if_needed()
        screenshot(page, f"training_landscape_{lang}_{size[0]}")


def step_px(page: Page) -> float:
    """The length in plot pixels of the slice's update step, once Plotly has drawn it."""
    page.wait_for_function(DRAWN, polling=POLL_MS)
    return float(page.evaluate(STEP_PX))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_in_presentation_mode_the_zoom_toggles_the_step_size(app_url: str, page: Page,
                                                              lang: str):
    page.set_viewport_size({"width": 1280, "height": 720})
    lesson = Lesson(Scenario.worked_example(), presentation=True)
    page.goto(f"{app_url}/landscape?lang={lang}&lesson={encode(lesson)}")
    wait_for_app(page)
    assert_no_exception(page)
    assert step_px(page) >= MIN_STEP_PX
    zoom = page.get_by_text(t("landscape.fit", lang), exact=True)
    zoom.click()
    wait_for_app(page)
    expect(page.get_by_text(t("landscape.fit_off", lang, w0="0.4000", half="4.0000"))
           ).to_be_visible()
    assert step_px(page) < MIN_STEP_PX / 4  # what the zoom is for
    zoom.click()
    wait_for_app(page)
    assert step_px(page) >= MIN_STEP_PX
    page.locator(".js-plotly-plot").nth(1).scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    screenshot(page, f"training_landscape_presentation_{lang}_1280")
