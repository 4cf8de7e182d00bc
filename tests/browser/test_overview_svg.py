"""The diagrams drawn as SVG pictures, in a real browser: the overview fetches no Plotly
JavaScript, its picture is drawn at the column's width in the page's own font, and the
overview's, a stepping page's and a preset network's figures lay out as plotly.js lays out the
same figure (node centres, label boxes and their text) at the widths a page gives them."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import plotly
import pytest
from playwright.sync_api import Browser, Page, expect

from bpcore import Scenario, trace_step
from bpcore.presets import preset
from bpcore.stepper_trace import trace_net
from tutor.figures.netdiagram import net_figure
from tutor.figures.network import network_figure
from tutor.figures.svg import FONT_FAMILY, app_font_css, figure_svg
from tutor.i18n import LANGUAGES

from .conftest import (
    APP_TIMEOUT_MS,
    POLL_MS,
    assert_no_exception,
    open_page,
    screenshot,
    wait_for_app,
)

PICTURE = ".st-key-overview-diagram svg"
# drawn, and in the page's own font once the page has it (an inline SVG uses the page's fonts)
LOADED = ("() => document.querySelector('.st-key-overview-diagram svg text') !== null"
          " && document.fonts.check(\"16px 'Source Sans'\")")
PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_overview_fetches_no_plotly_javascript_and_shows_the_diagram(
        app_url: str, browser: Browser, lang: str):
    fetched: list[str] = []
    page = open_page(browser, 1280, 720)
    try:
        page.on("request", lambda request: fetched.append(request.url))
        page.goto(f"{app_url}/?lang={lang}")
        wait_for_app(page)
        page.wait_for_function(LOADED, timeout=APP_TIMEOUT_MS, polling=POLL_MS)
        assert_no_exception(page)
        picture = page.locator(PICTURE)
        expect(picture).to_be_visible()
        size = picture.evaluate("s => [s.getBoundingClientRect().height,"
                                " s.getBoundingClientRect().width,"
                                " s.closest('[data-testid=\"stColumn\"]').clientWidth]")
        assert size[0] == 455  # the figure's own height, as Plotly draws it
        assert size[1] == pytest.approx(size[2], abs=2)  # the column's width
        # its labels in the font the page's text is in: no font of its own, no fallback
        family = picture.locator("text").first.evaluate("t => getComputedStyle(t).fontFamily")
        assert family.startswith('"Source Sans"')
        assert page.evaluate("document.fonts.check(\"16px 'Source Sans'\")")
        assert page.locator(".js-plotly-plot").count() == 0
        scripts = [u for u in fetched if u.endswith(".js")]
        assert scripts, "no script requests were seen at all"
        assert not [u for u in scripts if "plotly" in u.lower()], scripts
        screenshot(page, f"overview_svg_{lang}")
    finally:  # closed here, never left to the garbage collector (see conftest.sized_page)
        page.context.close()


# --- the same figure drawn by plotly.js and by tutor.figures.svg, side by side --------------
PLOTLY_GEOMETRY = """() => {
  const o = document.querySelector('#plotly .main-svg').getBoundingClientRect();
  const at = b => [b.x - o.x, b.y - o.y, b.width, b.height];
  return {
    nodes: [...document.querySelectorAll('#plotly path.point')].map(p => {
      const b = p.getBoundingClientRect();
      return [b.x - o.x + b.width / 2, b.y - o.y + b.height / 2]; }),
    boxes: [...document.querySelectorAll('#plotly g.annotation rect.bg')].map(
      r => at(r.getBoundingClientRect())),
    texts: [...document.querySelectorAll('#plotly g.annotation text')].map(
      t => at(t.getBoundingClientRect())),
    names: [...document.querySelectorAll('#plotly g.textpoint text')].map(
      t => at(t.getBoundingClientRect())),
  };
}"""
SVG_GEOMETRY = """() => {
  const s = document.querySelector('#svg svg'); const o = s.getBoundingClientRect();
  const at = b => [b.x - o.x, b.y - o.y, b.width, b.height];
  const texts = [...s.querySelectorAll('text')];
  return {
    nodes: [...s.querySelectorAll('circle')].map(p => {
      const b = p.getBoundingClientRect();
      return [b.x - o.x + b.width / 2, b.y - o.y + b.height / 2]; }),
    boxes: [...s.querySelectorAll('rect')].slice(1).map(r => at(r.getBoundingClientRect())),
    texts: texts.slice(texts.length - s.querySelectorAll('rect').length + 1).map(
      t => at(t.getBoundingClientRect())),
    names: texts.slice(0, texts.length - s.querySelectorAll('rect').length + 1).map(
      t => at(t.getBoundingClientRect())),
  };
}"""


@pytest.fixture(scope="module")
def drawing(browser: Browser) -> Iterator[Page]:
    """One 1600×1000 page for the module's side-by-side drawings (``side_by_side``), in the
    app's font, with plotly.js: its 3.6 MB parsed once, not once a figure (a page and
    plotly.js of its own cost each figure ~2.5 s of CPU); each figure's boxes replace the
    last one's."""
    page = open_page(browser, 1600, 1000)
    try:
        page.set_content(f"<html><head><style>{app_font_css()} body {{margin: 0}}</style>"
                         "</head><body></body></html>")
        page.add_script_tag(path=str(PLOTLY_JS))
        yield page
    finally:  # closed here, never left to the garbage collector (see conftest.sized_page)
        page.context.close()


def side_by_side(page: Page, fig: dict, width: float) -> tuple[dict, dict]:
    """Draw ``fig`` with plotly.js and as our SVG, each in a ``width`` px wide box, in the
    app's font, in place of the figures drawn before on ``page`` (``drawing``); return both
    geometries."""
    css = app_font_css()
    page.evaluate("html => { document.body.innerHTML = html; }",
                  f"<div id='plotly' style='width:{width}px'></div>"
                  f"<div id='svg' style='width:{width}px'>{figure_svg(fig, font_css=css)}</div>")
    styled = {**fig, "layout": {**fig["layout"],
                                "font": {**fig["layout"]["font"], "family": FONT_FAMILY}}}
    page.evaluate("""async fig => { await document.fonts.load("16px 'Source Sans'");
        await document.fonts.load("bold 16px 'Source Sans'");
        await Plotly.newPlot('plotly', fig.data, fig.layout, {staticPlot: true}); }""",
                  json.loads(json.dumps(styled)))
    return page.evaluate(PLOTLY_GEOMETRY), page.evaluate(SVG_GEOMETRY)


def steps_figure(view: str, current: int, lang: str, presenting: bool) -> dict:
    trace = trace_step(Scenario.worked_example())
    steps = trace.phase_steps(*{"forward": ("forward", "error"), "backward": ("backward",),
                                "update": ("update",)}[view])
    return network_figure(trace, view=view, decimals=4, lang=lang, current=current,
                          steps=steps, presenting=presenting)


def preset_figure(net: str, view: str, current: int, lang: str) -> dict:
    trace = trace_net(preset(net))
    steps = trace.phase_steps(*{"forward": ("forward", "error"), "backward": ("backward",)}[view])
    return net_figure(trace, steps, current, view=view, decimals=4, lang=lang)


def assert_drawn_alike(plotly_js: dict, ours: dict, fig: dict, nodes: int,
                      centred: bool = False) -> None:
    """Every node within 0.5 px, every label's box within a px (its width within 4 %: from
    estimated character widths; ``centred``: a centred box's left edge may then move by half
    of that, so its centre, or its left edge, within a px) and its text within a px, each
    node's name within a px."""
    assert len(plotly_js["nodes"]) == len(ours["nodes"]) == nodes
    for a, b in zip(plotly_js["nodes"], ours["nodes"], strict=True):
        assert b == pytest.approx(a, abs=0.5)
    assert len(plotly_js["boxes"]) == len(ours["boxes"]) == len(fig["layout"]["annotations"])
    for a, b in zip(plotly_js["boxes"], ours["boxes"], strict=True):
        # top and height within a px; the width from estimated character widths
        assert b[1] == pytest.approx(a[1], abs=1.0) and b[3] == pytest.approx(a[3], abs=1.0)
        # (a preset's short "= 1.0000" under an input is estimated 4 px wide of its 49 px:
        # its box a little wider, its text, checked below, where plotly.js puts it)
        assert b[2] == pytest.approx(a[2], abs=max(4.5 if centred else 2.5, 0.04 * a[2]))
        assert (abs(b[0] - a[0]) <= 1.0  # anchored at its left
                or centred and abs(b[0] + b[2] / 2 - a[0] - a[2] / 2) <= 1.0), (a, b)
    for a, b in zip(plotly_js["texts"], ours["texts"], strict=True):
        assert b == pytest.approx(a, abs=1.0)  # the text itself: the browser's own widths
    assert len(plotly_js["names"]) == len(ours["names"]) == nodes
    for a, b in zip(plotly_js["names"], ours["names"], strict=True):
        assert b == pytest.approx(a, abs=1.0)  # each node's name in its circle


@pytest.mark.parametrize(("what", "lang", "presenting", "width"), [
    ("forward 4", "en", False, 512), ("backward 4", "zh", True, 740),
    ("update 16", "en", False, 583.75), ("xor backward 5", "en", False, 583.75),
    ("deep forward 3", "zh", False, 512)])
def test_a_stepping_diagram_s_svg_lays_out_as_plotly_draws_it(drawing: Page, what: str,
                                                              lang: str, presenting: bool,
                                                              width: float):
    """The stepping pages' figures: the current step's highlight rings and edges, the
    backward pass's gradient widths, the update's two-line labels, a preset's shape."""
    *net, view, current = what.split()
    fig = (preset_figure(net[0], view, int(current), lang) if net
           else steps_figure(view, int(current), lang, presenting))
    plotly_js, ours = side_by_side(drawing, fig, width)
    count = len(fig["data"][-1]["x"])  # the nodes: the last trace's points
    assert_drawn_alike(plotly_js, ours, fig, count, centred=True)


@pytest.mark.parametrize(("lang", "presenting", "width"), [
    ("en", False, 512), ("en", False, 583.75), ("zh", False, 583.75), ("en", False, 900),
    ("en", True, 740), ("zh", True, 1000)])
def test_the_svg_lays_out_as_plotly_draws_the_same_figure(drawing: Page, lang: str,
                                                          presenting: bool, width: float):
    trace = trace_step(Scenario.worked_example())
    fig = network_figure(trace, view="overview", decimals=4, lang=lang, presenting=presenting)
    plotly_js, ours = side_by_side(drawing, fig, width)
    assert_drawn_alike(plotly_js, ours, fig, 8)
