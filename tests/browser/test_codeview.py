"""The code beside the step in a real browser at 1280×720, in both languages: the switch is
off at first (the diagram beside the formula, as before); on, the step's code and what it
prints take the diagram's place, beside the formula and on the same screen, no line cut off,
and it stays on while stepping."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from bpcore import Scenario, trace_step
from tutor.i18n import LANGUAGES, t

from .conftest import assert_no_exception, screenshot, wait_for_app

TRACE = trace_step(Scenario())
# Code blocks whose text runs past their box, or whose box ends below the window.
OFF_SCREEN = """() => [...document.querySelectorAll('.st-key-code-view [data-testid="stCode"] pre')]
  .filter(e => e.scrollWidth > e.clientWidth + 2 ||
               e.getBoundingClientRect().bottom > window.innerHeight)
  .map(e => e.innerText.slice(0, 60))"""


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_forward_pages_code_takes_the_diagrams_place_beside_the_formula(
        app_url: str, laptop: Page, lang: str) -> None:
    page = laptop
    page.goto(f"{app_url}/forward?lang={lang}")
    wait_for_app(page)
    assert_no_exception(page)
    expect(page.locator(".st-key-code-view")).to_have_count(0)
    expect(page.locator(".st-key-forward-diagram svg")).to_have_count(1)  # the diagram
    page.get_by_text(t("code.toggle", lang)).click()
    wait_for_app(page)
    view = page.locator(".st-key-code-view")
    code = view.locator("[data-testid='stCode']")
    expect(code.first).to_contain_text("net_hidden = x @ W_hidden + b_hidden")
    expect(code.nth(1)).to_contain_text("net_h1 = 0.3775")
    expect(page.locator(".st-key-forward-diagram svg")).to_have_count(0)  # its place taken
    expect(page.locator(".st-key-step-panel .katex-display:visible").first).to_be_in_viewport()
    assert page.evaluate(OFF_SCREEN) == []
    screenshot(page, f"code_forward_{lang}_1280x720")
    page.get_by_role("button", name=t("stepper.next", lang)).first.click()
    wait_for_app(page)
    expect(code.first).to_contain_text("out_hidden = sigmoid(net_hidden)")
    expect(code.nth(1)).to_contain_text(f"out_h1 = {TRACE['out_h1']!r}")
    assert page.evaluate(OFF_SCREEN) == []
    screenshot(page, f"code_forward_step2_{lang}_1280x720")
    assert_no_exception(page)


def test_in_presentation_mode_the_code_and_formula_share_the_screen(app_url: str,
                                                                    laptop: Page) -> None:
    page = laptop
    page.goto(f"{app_url}/backward?lang=en")
    wait_for_app(page)
    page.get_by_text(t("share.presentation", "en")).click()
    wait_for_app(page)
    page.get_by_text(t("code.toggle", "en")).click()
    wait_for_app(page)
    code = page.locator(".st-key-code-view [data-testid='stCode']")
    expect(code.first).to_contain_text("dE_dout_output = -(t - out_output)")
    expect(page.locator(".st-key-step-panel .katex-display:visible").first).to_be_in_viewport()
    expect(code.nth(1)).to_be_in_viewport()
    screenshot(page, "code_backward_presenting_en_1280x720")
    assert_no_exception(page)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_graph_pages_mullayer_code_prints_the_books_lines(app_url: str, laptop: Page,
                                                              lang: str) -> None:
    page = laptop
    page.goto(f"{app_url}/graph?lang={lang}")
    wait_for_app(page)
    view = page.locator(".st-key-code-view-program")
    view.get_by_text(t("code.title_python", lang)).click()
    wait_for_app(page)
    code = view.locator("[data-testid='stCode']")
    expect(code.first).to_contain_text("class MulLayer:")
    expect(code.nth(2)).to_contain_text("price: 220.00000000000003")
    expect(code.nth(4)).to_contain_text("dApple: 2.2")
    code.nth(3).scroll_into_view_if_needed()
    screenshot(page, f"code_graph_apples_{lang}_1280x720")
    assert_no_exception(page)
