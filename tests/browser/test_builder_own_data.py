"""The builder's own points in a real browser: upload, a real click adding and removing a
point at laptop and projector sizes, download, a refused file; both languages."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from bpcore import userdata
from tutor.i18n import LANGUAGES, t, tn

from .conftest import SIZES, assert_no_exception, each_size, screenshot, wait_for_app

GOOD = b"x1,x2,class\n0.5,0.5,0\n-0.5,-0.5,0\n0.5,-0.5,1\n-0.5,0.5,1\n0.6,0.4,0\n-0.4,0.6,1\n"


TITLES = re.compile("|".join(re.escape(t(key, lang)) for lang in LANGUAGES
                             for key in ("builder.output_title", "builder.boundary_title")))


def _plane(page: Page) -> Locator:
    """The output plot (beside the network picture, or alone when nothing can be trained)."""
    return page.locator(".js-plotly-plot").filter(
        has=page.locator(".gtitle", has_text=TITLES)).first


def _pixel(plot: Locator, x: float, y: float) -> tuple[float, float]:
    """Where (x, y) of the plot's data is on the page, by Plotly's own axis mapping."""
    return tuple(plot.evaluate(
        """(gd, [x, y]) => {
             const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
             const box = gd.getBoundingClientRect();
             return [box.left + xa._offset + xa.l2p(x), box.top + ya._offset + ya.l2p(y)];
           }""", [x, y]))


def _own(page: Page, app_url: str, lang: str, size: tuple[int, int]) -> None:
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page.goto(f"{app_url}/network-builder?lang={lang}")
    wait_for_app(page)
    page.get_by_text(t("builder.source.own", lang), exact=True).click()
    wait_for_app(page)
    expect(page.get_by_text(tn("builder.own_count", 200, lang, classes=2))).to_be_visible()


def _upload(page: Page, data: bytes, name: str = "points.csv") -> None:
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(
        {"name": name, "mimeType": "text/csv", "buffer": data})
    wait_for_app(page)


def _click(page: Page, x: float, y: float, count: int, lang: str) -> None:
    """A real click at (x, y) of the plane's data; the page then says ``count`` points."""
    plot = _plane(page)
    plot.scroll_into_view_if_needed()
    page.mouse.click(*_pixel(plot, x, y))
    wait_for_app(page)
    expect(page.get_by_text(tn("builder.own_count", count, lang, classes=2))).to_be_visible()
    assert_no_exception(page)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_upload_click_to_add_and_remove_download_and_a_refused_file(
        app_url: str, page: Page, lang: str, tmp_path: Path):
    """One page per language: at each size (laptop, projector) a real click adds a point and
    another removes one (the plot is laid out again at each size, so are its pixels); the
    download is the data in use and reads back; a refused file is explained beside the
    uploader and the points in use stay."""
    _own(page, app_url, lang, SIZES[0])
    screenshot(page, f"builder_own_start_{lang}")
    _upload(page, GOOD)
    expect(page.get_by_text(tn("builder.own_count", 6, lang, classes=2))).to_be_visible()
    assert_no_exception(page)
    # (an empty spot of the plane to add a point of the chosen class, a point to remove)
    clicks = {SIZES[0]: ((1.0, -1.0), (-0.5, -0.5)), SIZES[1]: ((-1.0, 1.0), (0.5, 0.5))}
    for size in each_size(page):
        (add_x, add_y), (remove_x, remove_y) = clicks[size]
        _click(page, add_x, add_y, 7, lang)
        screenshot(page, f"builder_own_added_{lang}_{size[0]}")
        _click(page, remove_x, remove_y, 6, lang)
    # the download is the data in use, in the format the upload reads
    with page.expect_download() as download:
        page.get_by_role("button", name=t("builder.download", lang), exact=True).click()
    saved = tmp_path / "points.csv"
    download.value.save_as(saved)
    points = userdata.parse_csv(saved.read_bytes())
    assert points.n == 6
    rows = {(float(a), float(b), int(c)) for (a, b), c in zip(points.X.tolist(),
                                                             points.y.tolist(), strict=True)}
    good = userdata.parse_csv(GOOD)
    removed = {remove for _, remove in clicks.values()}
    expected = {(a, b, c) for (a, b), c in zip(good.X.tolist(), good.y.tolist(), strict=True)
                if (a, b) not in removed}
    assert expected < rows  # the four kept, and the two clicked ones
    added = sorted(rows - expected)
    assert len(added) == 2
    for (x, y, cls), (want_x, want_y) in zip(added, sorted(add for add, _ in clicks.values()),
                                             strict=True):
        assert abs(x - want_x) < 0.15 and abs(y - want_y) < 0.15 and cls == 0, added
    _upload(page, saved.read_bytes(), "again.csv")  # round trip through the page
    expect(page.get_by_text(tn("builder.own_count", 6, lang, classes=2))).to_be_visible()
    assert_no_exception(page)
    # a refused file: said beside the uploader, the points in use kept
    _upload(page, b"x1,x2,class\n0.5,0.5,0\n-0.5,abc,1\n", "bad.csv")
    alert = page.get_by_test_id("stMainBlockContainer").get_by_test_id("stAlert")
    expect(alert).to_have_count(1)
    expect(alert).to_contain_text("abc")
    expect(page.get_by_text(tn("builder.own_count", 6, lang, classes=2))).to_be_visible()
    assert_no_exception(page)
    alert.scroll_into_view_if_needed()
    screenshot(page, f"builder_own_refused_{lang}")


def test_in_presentation_mode_a_link_opens_the_points_and_a_click_still_adds(app_url: str,
                                                                            page: Page):
    from bpcore import Scenario
    from bpcore.recipe import Recipe
    from tutor.lesson.codec import Lesson, encode

    lesson = Lesson(Scenario.worked_example(), presentation=True,
                    builder=Recipe(epochs=50, points=userdata.parse_csv(GOOD)))
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{app_url}/network-builder?lang=zh&lesson={encode(lesson)}")
    wait_for_app(page)
    expect(page.get_by_text(tn("builder.own_count", 6, "zh", classes=2))).to_be_visible()
    screenshot(page, "builder_own_presentation_zh")
    plot = _plane(page)
    plot.scroll_into_view_if_needed()
    page.mouse.click(*_pixel(plot, -1.0, 1.0))
    wait_for_app(page)
    expect(page.get_by_text(tn("builder.own_count", 7, "zh", classes=2))).to_be_visible()
    assert_no_exception(page)
    plot = _plane(page)
    plot.scroll_into_view_if_needed()
    screenshot(page, "builder_own_presentation_plane_zh")
