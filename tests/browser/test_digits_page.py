"""The handwritten-digits page in a real browser, in both languages."""

import pytest
from playwright.sync_api import Page, expect

from tutor.i18n import LANGUAGES, t

from .conftest import SIZES, assert_no_exception, each_size, resize, screenshot, wait_for_app


def UPLOAD(page: Page):  # noqa: N802
    """The page's own file input (the sidebar has the lesson upload too)."""
    return page.get_by_test_id("stMainBlockContainer").get_by_test_id(
        "stFileUploaderDropzoneInput")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_digits_page_trains_and_draws_then_an_mnist_upload_trains_and_draws(
        app_url: str, page: Page, lang: str, tmp_path):
    """The page trains on its bundled digits and draws them, at the laptop's and the
    projector's size (one page resized: the layout is the browser's); then, on the same
    page at 1600×1000, MNIST's four files uploaded train and draw."""
    import gzip

    from tests.app.test_digits_page import write_small_mnist

    resize(page, SIZES[0])
    page.goto(f"{app_url}/digits?lang={lang}")
    wait_for_app(page)
    assert_no_exception(page)
    expect(page.get_by_role("heading", name=t("page.digits", lang), level=1)).to_be_visible()
    expect(page.locator(".js-plotly-plot")).to_have_count(6)
    # the page is complete once the drawing box has mounted (the charts above settle then)
    expect(page.locator("canvas.upper-canvas")).to_have_count(1)
    for size in each_size(page):
        page.get_by_text(t("digits.weights_title", lang, rows=8, cols=8), exact=True
                         ).scroll_into_view_if_needed()
        screenshot(page, f"digits_{lang}_{size[0]}")

    # MNIST uploaded, on the page as it is (the bundled digits only looked at)
    write_small_mnist(tmp_path / "raw", 300, 100, mislabelled=8)
    files = []
    for raw in sorted((tmp_path / "raw").iterdir()):
        packed = tmp_path / f"{raw.name}.gz"
        packed.write_bytes(gzip.compress(raw.read_bytes()))
        files.append(packed)
    resize(page, SIZES[1])
    page.get_by_text(t("digits.source_mnist", lang)).click()
    wait_for_app(page)
    expect(page.get_by_text(t("mnist.need_data", lang))).to_be_visible()
    UPLOAD(page).set_input_files(files)
    wait_for_app(page)
    assert_no_exception(page)
    expect(page.get_by_text(t("mnist.press_train", lang))).to_be_visible()
    page.get_by_role("button", name=t("mnist.train", lang), exact=True).click()
    wait_for_app(page)
    assert_no_exception(page)
    expect(page.locator(".js-plotly-plot")).to_have_count(6)
    expect(page.get_by_text(t("digits.test_accuracy", lang, n=100))).to_be_visible()
    page.wait_for_timeout(500)
    screenshot(page, f"digits_mnist_{lang}")
    page.get_by_text(t("digits.confusion_title", lang), exact=True).scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    screenshot(page, f"digits_mnist_{lang}_mistakes")
    page.get_by_text(t("digits.one_title", lang)).scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    screenshot(page, f"digits_mnist_{lang}_weights")


def test_a_bad_mnist_upload_is_explained_in_chinese(app_url: str, page: Page, tmp_path):
    bad = tmp_path / "t10k-labels-idx1-ubyte"
    bad.write_bytes(b"PK\x03\x04 not an idx file")
    page.goto(f"{app_url}/digits?lang=zh")
    wait_for_app(page)
    page.get_by_text(t("digits.source_mnist", "zh")).click()
    wait_for_app(page)
    UPLOAD(page).set_input_files([bad])
    wait_for_app(page)
    assert_no_exception(page)
    alert = page.locator('[data-testid="stAlert"]').filter(has_text="魔数")
    expect(alert).to_contain_text("t10k-labels-idx1-ubyte：不是无符号字节的 IDX 文件")
    screenshot(page, "digits_mnist_rejected_zh")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_mnist_images_of_1_by_47_million_pixels_are_refused_on_upload(
        app_url: str, page: Page, lang: str, tmp_path):
    """The giant-image attack of issue 20: four 46 kB gzipped files claiming one image of
    1 × 47,040,000 pixels; refused by its side, beside the uploader, nothing trained."""
    from bpcore.mnist import MAX_IMAGE_SIDE
    from tests.app.test_digits_costs import write_giant_images

    write_giant_images(tmp_path / "giant", 1, 47_040_000)
    page.goto(f"{app_url}/digits?lang={lang}")
    wait_for_app(page)
    page.get_by_text(t("digits.source_mnist", lang)).click()
    wait_for_app(page)
    UPLOAD(page).set_input_files(sorted((tmp_path / "giant").iterdir()))
    wait_for_app(page)
    assert_no_exception(page)
    alert = page.locator('[data-testid="stAlert"]').filter(has_text="47,040,000")
    expect(alert).to_contain_text(f"{MAX_IMAGE_SIDE} × {MAX_IMAGE_SIDE}")
    expect(page.get_by_role("button", name=t("mnist.train", lang), exact=True)).to_have_count(0)
    screenshot(page, f"digits_mnist_giant_{lang}")


def test_more_files_than_mnist_has_are_refused_and_let_go(app_url: str, page: Page, tmp_path):
    files = []
    for k in range(9):
        path = tmp_path / f"file-{k}-idx1-ubyte"
        path.write_bytes(b"\0\0\x08\x01\0\0\0\x01\x00")
        files.append(path)
    page.goto(f"{app_url}/digits?lang=en")
    wait_for_app(page)
    page.get_by_text(t("digits.source_mnist", "en")).click()
    wait_for_app(page)
    UPLOAD(page).set_input_files(files)
    wait_for_app(page)
    assert_no_exception(page)
    alert = page.locator('[data-testid="stAlert"]').filter(has_text="9 files were given")
    expect(alert).to_contain_text("MNIST is 4 files")
    screenshot(page, "digits_mnist_too_many_files")
