"""The computational-graph page in a real browser, in both languages, at 1280×720 and
1600×1000: it steps, nothing is clipped, and the Chinese page shows no code identifier at any
step of either example."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from bpcore import Scenario, trace_step
from bpcore.graph import evaluate
from bpcore.graph_examples import EXAMPLES
from tutor.i18n import LANGUAGES, t
from tutor.pages import graph as graph_state
from tutor.stepping.stepview import PANEL_KEY

from .conftest import SIZES, assert_no_exception, each_size, resize, screenshot, wait_for_app

IDENTIFIER = re.compile(r"(?<![\w\\])[A-Za-z][A-Za-z0-9]*_[A-Za-z0-9]+|\+=")
# The worked example's own names (net_o1, out_h1, E_o1, target_o1) are the tutorial's notation,
# which every page writes (tutor.ui.notation), not code identifiers; in the page's text a
# figure's label may run into the number after it ("E_o1" "0.2748"), so no word boundary.
TUTORIAL_NAME = re.compile(r"(?<![\w\\])(?:net|out|target|E)_[ho]\d")
# What a reader sees in the main column: its text with the typeset formulas as KaTeX draws
# them (the MathML copy for screen readers, which repeats the TeX source, left out), and the
# text of the figures.
VISIBLE_TEXT = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  const hidden = [...main.querySelectorAll('.katex-mathml')];
  hidden.forEach(e => e.style.display = 'none');
  const text = main.innerText;
  hidden.forEach(e => e.style.display = '');
  const svg = [...main.querySelectorAll('svg text')].map(e => e.textContent).join(' | ');
  return text + '\\n' + svg;
}"""
# Every typeset formula fits its column: a formula wider than its block scrolls (KaTeX's own
# overhang is 2 px), and none reaches past the window.
CLIPPED = """() => [...document.querySelectorAll('[data-testid="stMain"] .katex-display')]
  .filter(e => e.scrollWidth > e.clientWidth + 3 ||
               e.getBoundingClientRect().right > window.innerWidth)
  .map(e => e.innerText.slice(0, 80))"""


def next_step(page: Page, lang: str) -> None:
    """The graph's Next (the first of the page's two steppers)."""
    page.get_by_role("button", name=t("stepper.next", lang)).first.click()
    wait_for_app(page)


def slide_to(page: Page, lang: str, example: str, k: int) -> None:
    """Step ``k`` (1-based) of ``example`` in one move of its step slider, as a learner drags
    it: the thumb set at the step before, then one arrow key (the slider sends its value when
    a move ends: one rerun, where Next to step ``k`` was one rerun a step)."""
    key = graph_state.graph_step_key(example).replace(".", "-")
    thumb = page.locator(f".st-key-{key}-controls").locator('input[type="range"]')
    thumb.fill(str(k - 1))
    thumb.press("ArrowRight")
    expect(page.locator(f".st-key-{PANEL_KEY}")).to_contain_text(
        t("formula.step_of", lang, index=k, count=step_count(example)))
    wait_for_app(page)
    expect(thumb).to_have_attribute("aria-valuetext", str(k))
    thumb.blur()  # the page as Next leaves it: no thumb drawn focused, its value shown


def choose_example(page: Page, lang: str, example: str) -> None:
    page.get_by_test_id("stSelectbox").first.scroll_into_view_if_needed()
    page.get_by_test_id("stSelectbox").first.click()
    page.get_by_role("option", name=t(f"graph.example.{example}", lang)).click()
    wait_for_app(page)


def no_code_identifier(page: Page, lang: str, example: str, k: int) -> None:
    """In Chinese, what a reader sees at step ``k`` of ``example`` names no code identifier
    (``w_1``-like names, ``+=``); in English it may."""
    if lang != "zh":
        return
    text = page.evaluate(VISIBLE_TEXT)
    assert "苹果" in text or example != "apples_oranges"
    found = IDENTIFIER.findall(TUTORIAL_NAME.sub(" ", text))
    assert not found, f"{example}, step {k}: {found}"


def walk(page: Page, lang: str, example: str, start: int, stop: int) -> None:
    """Next from step ``start`` to step ``stop`` of ``example``, looking at each step reached
    (``no_code_identifier``)."""
    for k in range(start + 1, stop + 1):
        next_step(page, lang)
        no_code_identifier(page, lang, example, k)


def step_count(example: str) -> int:
    build = EXAMPLES[example]
    return len(evaluate(build(trace_step(Scenario())) if example == "neuron_o1"
                        else build()).steps)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_graph_page_steps_nothing_is_clipped_and_the_chinese_shows_no_code_identifier(
        app_url: str, page: Page, lang: str):
    """The first example and the o1 neuron stepped, and nothing clipped at both sizes part way;
    in Chinese, apples and oranges and the o1 neuron are read for code identifiers as the
    browser shows them at their first two steps, the reverse network's first two and each
    walk's last (every step of each is read under AppTest, in the page's elements:
    tests/app/test_graph_page.py). One page load per language: the page, its examples and
    its steps are the same whichever size the window is. Steps nothing is read at are
    passed over by the step slider (``slide_to``: one rerun for the move, where Next cost
    one a step); Next steps otherwise (the first example in English, each walk)."""
    resize(page, SIZES[0])
    page.goto(f"{app_url}/graph?lang={lang}")
    wait_for_app(page)
    assert_no_exception(page)
    expect(page.get_by_role("heading", name=t("page.graph", lang), level=1)).to_be_visible()
    # the first example, "apples", to its step 6: Next after Next in English (the Chinese
    # page's Next is pressed on every step of its walks below), one slide in Chinese
    if lang == "zh":
        slide_to(page, lang, "apples", 6)
    else:
        for _ in range(5):
            next_step(page, lang)
    assert_no_exception(page)
    expect(page.locator(".js-plotly-plot")).to_have_count(2)
    for width, height in each_size(page):
        size = f"{width}x{height}"
        assert page.evaluate(CLIPPED) == [], size
        screenshot(page, f"graph_{lang}_{size}")
        page.locator(".js-plotly-plot").first.scroll_into_view_if_needed()
        screenshot(page, f"graph_figure_{lang}_{size}")
        page.locator(".katex-display:visible").first.scroll_into_view_if_needed()
        screenshot(page, f"graph_formula_{lang}_{size}")
    if lang == "zh":
        choose_example(page, lang, "apples_oranges")
        no_code_identifier(page, lang, "apples_oranges", 1)
        walk(page, lang, "apples_oranges", 1, 2)
        last = step_count("apples_oranges")
        slide_to(page, lang, "apples_oranges", last)
        no_code_identifier(page, lang, "apples_oranges", last)
    choose_example(page, lang, "neuron_o1")
    no_code_identifier(page, lang, "neuron_o1", 1)
    if lang == "zh":  # the first steps read on the way
        walk(page, lang, "neuron_o1", 1, 2)
    slide_to(page, lang, "neuron_o1", 15)
    page.get_by_role("button", name=t("stepper.next", lang)).last.click()  # reverse network
    wait_for_app(page)
    assert_no_exception(page)
    for width, height in each_size(page):
        size = f"{width}x{height}"
        assert page.evaluate(CLIPPED) == [], size
        screenshot(page, f"graph_reverse_{lang}_{size}")
        page.locator(".js-plotly-plot").first.scroll_into_view_if_needed()
        screenshot(page, f"graph_neuron_o1_{lang}_{size}")
    no_code_identifier(page, lang, "neuron_o1", 15)
    if lang == "zh":
        walk(page, lang, "neuron_o1", 15, 16)
        slide_to(page, lang, "neuron_o1", step_count("neuron_o1"))
        no_code_identifier(page, lang, "neuron_o1", step_count("neuron_o1"))
