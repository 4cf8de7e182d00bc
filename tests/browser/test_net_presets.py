"""Each preset's forward and backward page as a class sees it, at 1280×720: in English with the
sidebar open and in Chinese in presentation mode, at the step whose formula is widest. The step
controls, the diagram and the step's header, explanation and formula are on one screen; no
button label is cut short, the formula is not clipped and wraps rather than shrinking below
the text beside it; no label of the diagram meets another or a node. Screenshots go to
artifacts/screenshots/netpreset_*.png.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser

from bpcore import Scenario
from bpcore.presets import PRESETS, preset
from bpcore.stepper_trace import trace_net
from tutor.i18n import t
from tutor.lesson.codec import Lesson, encode
from tutor.stepping import network, stepview
from tutor.stepping.netview import PHASES, PRESENT_ROOM_EM, ROOM_EM
from tutor.ui.formula import formula_latex
from tutor.ui.formula_width import formula_em

from .conftest import ARTIFACTS, assert_no_exception, open_page, wait_for_app
from .test_one_screen import DIAGRAM_GEOMETRY, assert_not_cut_short, assert_on_screen

NETS = [n for n in PRESETS if n != "worked"]
# (language, presentation mode): the sidebar is open in English, closed when presenting
SCREENS = (("en", False), ("zh", True))
# The formula's type may be this share of the explanation's beside it, at the least.
LEAST_FORMULA_SHARE = 0.9


def widest(net: str, page: str, presenting: bool) -> int:
    """The step of the page whose formula is widest."""
    steps = trace_net(preset(net)).phase_steps(*PHASES[page])
    room = PRESENT_ROOM_EM if presenting else ROOM_EM
    ems = [formula_em(formula_latex(s, 4, room=room, inner=True)) for s in steps]
    return ems.index(max(ems))


def units(net: str) -> int:
    sizes = preset(net).sizes
    return sum(sizes) + len(sizes) - 1


@pytest.mark.parametrize(("lang", "presenting"), SCREENS, ids=["en_open", "zh_presenting"])
def test_each_presets_forward_and_backward_page_fit_one_screen(app_url: str, browser: Browser,
                                                               lang: str, presenting: bool):
    page = open_page(browser, 1280, 720, locale=None)
    try:
        for net in NETS:
            for name in ("forward", "backward"):
                step = widest(net, name, presenting)
                lesson = Lesson(Scenario.worked_example(), step=step, presentation=presenting,
                                net=net)
                page.goto(f"{app_url}/{name}?lang={lang}&lesson={encode(lesson)}")
                wait_for_app(page)
                page.locator(".js-plotly-plot g.annotation").first.wait_for()
                assert_no_exception(page)
                where = f"{net} {name} {lang}"
                sidebar = page.get_by_test_id("stSidebar")
                assert (sidebar.get_attribute("data-collapsed") == "true") == presenting
                key = f"step-{name}-controls"
                controls = page.locator(f".st-key-{key}")
                for label in ("stepper.play", "stepper.restart", "stepper.previous"):
                    button = controls.get_by_role("button", name=t(label, lang))
                    assert_on_screen(page, button, f"{where}: {label}")
                    assert_not_cut_short(button.locator("p"), f"{where}: {label}")
                assert_on_screen(page, controls.get_by_role("slider"), f"{where}: slider")
                assert_on_screen(page, page.get_by_test_id("stPlotlyChart").first,
                                 f"{where}: the diagram")
                panel = page.locator(f".st-key-{stepview.PANEL_KEY}")
                count = len(trace_net(preset(net)).phase_steps(*PHASES[name]))
                header = t("formula.step_of", lang, index=step + 1, count=count)
                assert_on_screen(page, panel.get_by_text(header), f"{where}: header")
                explanation = panel.get_by_test_id("stAlert").first
                assert_on_screen(page, explanation, f"{where}: explanation")
                formula = panel.locator(".katex-display").first
                assert_on_screen(page, formula, f"{where}: formula")
                clipped = formula.evaluate(
                    "(e, panel) => { const k = e.querySelector('.katex').getBoundingClientRect();"
                    " const p = panel.getBoundingClientRect();"
                    " return e.scrollWidth > e.clientWidth + 2 || k.left < p.left - 0.5"
                    " || k.right > p.right + 0.5; }", panel.element_handle())
                assert not clipped, f"{where}: the formula is clipped"
                # \\large: the formula's type against the explanation's, as drawn
                sizes = formula.evaluate(
                    "(e, alert) => [parseFloat(getComputedStyle(e.querySelector('.katex .sizing')"
                    " || e.querySelector('.katex')).fontSize),"
                    " parseFloat(getComputedStyle(alert.querySelector('p') || alert).fontSize)]",
                    explanation.element_handle())
                assert sizes[0] >= LEAST_FORMULA_SHARE * sizes[1], (where, sizes)
                geometry = page.locator(".js-plotly-plot").first.evaluate(DIAGRAM_GEOMETRY)
                assert geometry["nodes"] == units(net), (where, geometry)
                assert geometry["problems"] == [], (where, geometry["problems"])
                shot = ARTIFACTS / "screenshots" / f"netpreset_{net}_{name}_{lang}.png"
                shot.parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(shot))
    finally:
        page.context.close()


def test_a_bad_net_in_the_address_is_said_and_the_worked_example_stays(app_url: str,
                                                                       browser: Browser):
    page = open_page(browser, 1280, 720)
    try:
        page.goto(f"{app_url}/backward?lang=en&net=nonsense")
        wait_for_app(page)
        alert = page.get_by_text(t("net.refused", "en", name="nonsense",
                                   choices=", ".join(network.CHOICES)))
        assert alert.is_visible()
        assert "net=" not in page.url
        page.goto(f"{app_url}/backward?lang=en&net=deep")
        wait_for_app(page)
        assert "net=deep" in page.url
        assert_no_exception(page)
    finally:
        page.context.close()
