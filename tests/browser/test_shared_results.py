"""Two learners ask for the same training at once: one computes with a progress bar, the other
waits with a message, and both then show the same result (one computation for the server)."""

import os
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, expect

from tutor.i18n import t, tn

from .conftest import (
    ROOT,
    SLOW_JOBS,
    assert_no_exception,
    open_page,
    screenshot,
    serve_app,
    wait_for_app,
)

ITERATIONS = "100000"  # the most the page allows


@pytest.fixture(scope="module")
def slow_url() -> Iterator[str]:
    """A server whose training run takes at least 8 s (bpcore's fast path takes a fraction of
    a second), so that the two learners' requests surely overlap."""
    yield from serve_app("slow-jobs", {"PYTHONPATH": os.pathsep.join((str(SLOW_JOBS), str(ROOT))),
                                       "SLOW_JOBS": "training_history=8"})


def test_the_second_learner_waits_for_the_first_learners_training(slow_url: str,
                                                                   browser: Browser):
    first, second = (open_page(browser, 1280, 720, locale) for locale in ("en-US", "zh-CN"))
    contexts = [first.context, second.context]
    try:
        for page, lang in ((first, "en"), (second, "zh")):
            page.goto(f"{slow_url}/training?lang={lang}")
            wait_for_app(page)
        first_box = first.get_by_label(t("training.iterations", "en"))
        first_box.fill(ITERATIONS)
        first_box.press("Enter")
        expect(first.get_by_test_id("stProgress")).to_be_visible()
        second_box = second.get_by_label(t("training.iterations", "zh"))
        second_box.fill(ITERATIONS)
        second_box.press("Enter")
        waiting = second.get_by_test_id("stAlert").filter(has_text=t("shared.waiting", "zh"))
        expect(waiting).to_be_visible()
        expect(second.get_by_test_id("stProgress")).to_have_count(0)  # no bar of its own
        screenshot(first, "shared_results_computing_en")
        screenshot(second, "shared_results_waiting_zh")
        label = {"en": tn("training.final_error", 100000, "en", n="100,000"),
                 "zh": tn("training.final_error", 100000, "zh", n="100,000")}
        values = []
        for page, lang in ((first, "en"), (second, "zh")):
            metric = page.get_by_test_id("stMetric").filter(has_text=label[lang])
            expect(metric).to_be_visible(timeout=120_000)
            wait_for_app(page, 120_000)
            assert_no_exception(page)
            values.append(metric.get_by_test_id("stMetricValue").inner_text())
        expect(waiting).to_have_count(0)
        assert values[0] == values[1]
        screenshot(second, "shared_results_done_zh")
    finally:
        for context in contexts:
            context.close()
