"""Each preset's forward and backward page as a class sees it, at 1280×720: in English with the
sidebar open and in Chinese in presentation mode, at the step whose formula is widest. The step
controls, the diagram and the step's header, explanation and formula are on one screen; no
button label is cut short, the formula is not clipped and wraps rather than shrinking below
the text beside it; no label of the diagram meets another or a node. Screenshots go to
artifacts/screenshots/netpreset_*.png.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from bpcore import Scenario, fmt, trace_step
from bpcore.presets import PRESETS, preset
from bpcore.qname import QName
from bpcore.stepper_trace import trace_net
from tutor.i18n import t
from tutor.lesson.codec import Lesson, encode
from tutor.modes.lens import NetLens
from tutor.stepping import network, stepview
from tutor.stepping.netview import PHASES
from tutor.ui.formula_width import formula_em

from .conftest import (
    POLL_MS,
    assert_no_exception,
    open_in_tab,
    open_page,
    resize,
    screenshot,
    settle,
    wait_for_app,
)
from .test_accessibility import _axe
from .test_one_screen import (
    DIAGRAM_GEOMETRY,
    FORMULA_CLIPPED,
    assert_not_cut_short,
    assert_on_screen,
    diagram,
)

NETS = [n for n in PRESETS if n != "worked"]
# (language, presentation mode): the sidebar is open in English, closed when presenting
SCREENS = (("en", False), ("zh", True))
# The formula's type may be this share of the explanation's beside it, at the least.
LEAST_FORMULA_SHARE = 0.9


def widest(net: str, page: str, presenting: bool) -> int:
    """The step of the page whose formula is widest."""
    trace = trace_net(preset(net))
    steps = trace.phase_steps(*PHASES[page])
    lens = NetLens(trace, "", presenting)
    ems = [formula_em(lens.formula(s, 4)) for s in steps]
    return ems.index(max(ems))


def units(net: str) -> int:
    sizes = preset(net).sizes
    return sum(sizes) + len(sizes) - 1


@pytest.mark.parametrize(("lang", "presenting"), SCREENS, ids=["en_open", "zh_presenting"])
def test_each_presets_forward_and_backward_page_fit_one_screen(app_url: str, browser: Browser,
                                                               lang: str, presenting: bool):
    """Every preset's forward and backward page on the screen, each at its widest step, by
    its lesson link: the first loaded (the language and the sidebar as a class's first load
    sets them), the others opened in the same tab (``open_lesson(load=False)``: a page switch
    for each, the pages taking turns, where a load for each cost the browser twice the CPU;
    the session, its language and its sidebar stay, and each link sets the network, the step
    and presentation mode as its load did)."""
    page = open_page(browser, 1280, 720, locale=None)
    try:
        for k, (net, name) in enumerate((n, p) for n in NETS for p in ("forward", "backward")):
            step = widest(net, name, presenting)
            open_lesson(page, app_url, name, lang, Lesson(
                Scenario.worked_example(), step=step, presentation=presenting, net=net),
                load=k == 0)
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
            assert_on_screen(page, diagram(page, name), f"{where}: the diagram")
            panel = page.locator(f".st-key-{stepview.PANEL_KEY}")
            count = len(trace_net(preset(net)).phase_steps(*PHASES[name]))
            header = t("formula.step_of", lang, index=step + 1, count=count)
            assert_on_screen(page, panel.get_by_text(header), f"{where}: header")
            explanation = panel.get_by_test_id("stAlert").first
            assert_on_screen(page, explanation, f"{where}: explanation")
            formula = panel.locator(".katex-display:visible").first
            assert_on_screen(page, formula, f"{where}: formula")
            clipped = formula.evaluate(FORMULA_CLIPPED, panel.element_handle())
            assert not clipped, f"{where}: the formula is clipped"
            # \\large: the formula's type against the explanation's, as drawn
            sizes = formula.evaluate(
                "(e, alert) => [parseFloat(getComputedStyle(e.querySelector('.katex .sizing')"
                " || e.querySelector('.katex')).fontSize),"
                " parseFloat(getComputedStyle(alert.querySelector('p') || alert).fontSize)]",
                explanation.element_handle())
            assert sizes[0] >= LEAST_FORMULA_SHARE * sizes[1], (where, sizes)
            geometry = diagram(page, name).evaluate(DIAGRAM_GEOMETRY)
            assert geometry["nodes"] == units(net), (where, geometry)
            assert geometry["problems"] == [], (where, geometry["problems"])
            screenshot(page, f"netpreset_{net}_{name}_{lang}", full_page=False)
    finally:
        page.context.close()


# The diagram's largest label type, as drawn
# The largest type of the diagram's labels (a label: a <rect> box with its <text> after it).
LABEL_PX = """(picture) => Math.max(...Array.from(picture.querySelectorAll('rect + text'))
  .map(t => parseFloat(getComputedStyle(t).fontSize)))"""


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_largest_own_networks_longest_sum_is_on_one_presented_screen(app_url: str,
                                                                        browser: Browser,
                                                                        lang: str):
    """The learner's own 4-4-4-4-4 network (4 samples) in presentation mode, at the forward
    step whose formula has the most lines (a neuron's net: four products and a bias): at
    1280×720 and then 1600×1000 (the same page resized) the formula ends above the fold,
    wraps rather than running past its column, and its type is no smaller than the
    diagram's labels or 0.9 of the explanation's; no label of the diagram meets another or a
    node."""
    from bpcore.netspec import NetSpec

    own = NetSpec.random((4, 4, 4, 4, 4), ("tanh", "relu", "sigmoid", "softmax"),
                         "cross_entropy", seed=3, samples=4)
    trace = trace_net(own)
    steps = trace.phase_steps(*PHASES["forward"])
    lens = NetLens(trace, "", presenting=True)
    rows = [lens.formula(s, 4).count(r"\\") for s in steps]
    step = rows.index(max(rows))
    page = open_page(browser, 1280, 720, locale=None)
    try:
        open_lesson(page, app_url, "forward", lang, Lesson(
            Scenario.worked_example(), step=step, presentation=True, net=network.OWN, own=own))
        panel = page.locator(f".st-key-{stepview.PANEL_KEY}")
        formula = panel.locator(".katex-display:visible").first
        explanation = panel.get_by_test_id("stAlert").first
        plot = diagram(page, "forward")
        for size in ((1280, 720), (1600, 1000)):
            resize(page, size)
            where = f"own 4-4-4-4-4 forward {lang} {size}"
            assert_on_screen(page, formula, f"{where}: formula")
            assert_on_screen(page, explanation, f"{where}: explanation")
            assert not formula.evaluate("e => e.scrollWidth > e.clientWidth + 2"), where
            large, text = formula.evaluate(
                "(e, alert) => [parseFloat(getComputedStyle(e.querySelector('.katex .sizing')"
                " || e.querySelector('.katex')).fontSize),"
                " parseFloat(getComputedStyle(alert.querySelector('p') || alert).fontSize)]",
                explanation.element_handle())
            labels = plot.evaluate(LABEL_PX)
            assert large >= labels - 0.05 and large >= LEAST_FORMULA_SHARE * text, (
                where, large, labels, text)
            geometry = plot.evaluate(DIAGRAM_GEOMETRY)
            assert geometry["nodes"] == sum(own.sizes) + len(own.sizes) - 1, where
            assert geometry["problems"] == [], (where, geometry["problems"])
            screenshot(page, f"netpreset_own44444_forward_{lang}_{size[0]}x{size[1]}",
                       full_page=False)
        assert_no_exception(page)
    finally:
        page.context.close()


def test_a_bad_net_in_the_address_is_said_and_a_good_one_steps_by_keys_and_passes_axe(
        app_url: str, browser: Browser):
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
        # A preset's stepper takes the presenter's keys as the worked example's does, its
        # diagram's words follow the step, and axe finds nothing (faded units included).
        page.wait_for_function("() => window.__bpA11y === true", polling=POLL_MS)
        steps = trace_net(preset("deep")).phase_steps(*PHASES["backward"])
        header = page.locator(f".st-key-{stepview.PANEL_KEY} p").first
        # the diagram's picture, named by its words (tutor.ui.plot.svg_picture)
        words = page.locator(".st-key-backward-diagram [role=img]")
        expect(words).to_have_attribute("aria-label", re.compile(
            "^" + re.escape(t("words.net", "en", sizes="1-1-1-1-1"))))
        # The stepper's buttons drawn before a key is pressed, as a presenter sees them: on a
        # fresh page Streamlit can mount a button after the run is over (its code loaded on
        # demand), and a key pressed before then has no Next to click (seen under load).
        expect(page.locator(".st-key-step-backward-next button").first).to_be_enabled()
        for key, k in (("PageDown", 2), ("PageDown", 3), ("PageUp", 2)):
            page.keyboard.press(key)
            expect(header).to_contain_text(t("formula.step_of", "en", index=k, count=len(steps)))
            wait_for_app(page)
            expect(words).to_have_attribute("aria-label", re.compile(
                re.escape(fmt(steps[k - 1].value, 4))))
        assert _axe(page) == []
    finally:
        page.context.close()


def shoot(page: Page, name: str) -> None:
    """The viewport (what the class sees) to artifacts/screenshots/NAME.png."""
    screenshot(page, name, full_page=False)


def open_lesson(page: Page, app_url: str, name: str, lang: str, lesson: Lesson,
                load: bool = True) -> None:
    """The page ``name`` at ``lesson`` in ``lang``, by a load of its lesson link or, with
    ``load=False``, opened in the tab's own session (conftest.open_in_tab: a page switch, or
    a rerun on the same page; ``lang`` must be the session's), once drawn and still."""
    path = f"/{name}?lang={lang}&lesson={encode(lesson)}"
    if load:
        page.goto(app_url + path)
        wait_for_app(page)
    else:
        open_in_tab(page, path)
    diagram(page, name).locator("text").first.wait_for()
    # Measured only once the web fonts are in: the SVG picture is there sooner than Plotly's
    # chart was, and a formula or a label laid out in a fallback font is taller or wider.
    page.evaluate("() => document.fonts.ready.then(() => true)")
    # ... and once the page has stopped moving: a notice of the run before can still sit
    # above the diagram for a moment (seen under load: the diagram 145 px lower, once).
    settle(page, f".st-key-{name}-diagram svg", polls=5)
    assert_no_exception(page)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_predict_and_practice_on_a_preset_keep_one_screen(app_url: str, browser: Browser,
                                                          lang: str):
    """Softmax's δ²₂ predicted (nothing gives it away, the verdict on screen), then the
    batch's δ²⁽²⁾₁ practised with the mean taken in it (the slip named on screen)."""
    page = open_page(browser, 1280, 720, locale=None)
    try:
        soft = trace_net(preset("softmax"))
        steps = soft.phase_steps("backward")
        index = steps.index(soft.step(QName("delta", 2, 2, sample=1)))
        open_lesson(page, app_url, "backward", lang, Lesson(
            Scenario.worked_example(), step=index, mode="predict", net="softmax"))
        main = page.get_by_test_id("stMain")
        value = fmt(steps[index].value, 4)
        for told in (page.locator("body").inner_text(), page.locator("body").aria_snapshot()):
            assert value not in told and fmt(abs(steps[index].value), 4) not in told
        sign, size = main.get_by_role("radiogroup").first, main.get_by_role("radiogroup").nth(1)
        commit = main.get_by_role("button", name=t("predict.commit", lang))
        for what, seen in (("diagram", diagram(page, "backward")),
                           ("sign", sign), ("size", size), ("commit", commit)):
            assert_on_screen(page, seen, f"{lang} predict: {what}")
        shoot(page, f"netmodes_predict_form_{lang}")
        # Each choice's rerun is over before the next click (a full run once showed no
        # verdict after Commit, as test_practice_mode's prediction once did).
        sign.get_by_text(t("predict.sign_mark.positive", lang), exact=True).click()
        wait_for_app(page)
        size.get_by_text(t("predict.size.bigger", lang), exact=True).click()
        wait_for_app(page)
        commit.click()
        wait_for_app(page)
        verdict = main.get_by_test_id("stAlert").filter(has_text=value)
        expect(verdict.first).to_be_visible()
        assert_on_screen(page, verdict.first, f"{lang} predict: the verdict")
        shoot(page, f"netmodes_predict_seen_{lang}")

        batch = trace_net(preset("batch"))
        steps = batch.phase_steps("backward")
        q = QName("delta", 2, 1, sample=2)
        index = steps.index(batch.step(q))
        # the same tab: the link's load would start this session's state afresh as well
        open_lesson(page, app_url, "backward", lang, Lesson(
            Scenario.worked_example(), step=index, mode="practice", net="batch"), load=False)
        assert fmt(batch[q], 4) not in page.locator("body").inner_text()
        box = main.get_by_label(t("practice.answer", lang))
        assert_on_screen(page, box, f"{lang} practice: the answer box")
        box.fill(f"{batch[q]:.6f} / 2")
        box.press("Enter")
        wait_for_app(page)
        main.get_by_role("button", name=t("practice.check", lang)).click()
        wait_for_app(page)
        slip = main.get_by_test_id("stAlert").filter(
            has_text=t("mistake.gen.mean_in_delta", lang, at="δ²⁽²⁾₁", delta="δ²⁽²⁾₁",
                       samples="2")[:30])
        expect(slip.first).to_be_visible()
        assert_on_screen(page, slip.first, f"{lang} practice: the slip named")
        assert_no_exception(page)
        shoot(page, f"netmodes_practice_slip_{lang}")
    finally:
        page.context.close()


@pytest.mark.parametrize(("lang", "presenting"), SCREENS, ids=["en_open", "zh_presenting"])
def test_a_presets_code_sits_beside_its_formula_on_one_screen(app_url: str, browser: Browser,
                                                              lang: str, presenting: bool):
    """The batch's δ¹⁽²⁾₁ with the code switch on: its NumPy line and what it prints take the
    diagram's place beside the formula, no line cut off, all on one screen; then the
    sidebar's exports of the network (English, sidebar open)."""
    from bpcore.qname import code_name

    from .test_codeview import OFF_SCREEN

    page = open_page(browser, 1280, 720, locale=None)
    try:
        batch = trace_net(preset("batch"))
        q = QName("delta", 1, 1, sample=2)
        steps = batch.phase_steps("backward")
        open_lesson(page, app_url, "backward", lang, Lesson(
            Scenario.worked_example(), step=steps.index(batch.step(q)), presentation=presenting,
            net="batch"))
        page.get_by_text(t("code.toggle", lang)).click()  # (scrolls to the switch)
        wait_for_app(page)
        page.locator("h1").first.scroll_into_view_if_needed()  # the class's view: the top
        code = page.locator(".st-key-code-view [data-testid='stCode']")
        expect(code.first).to_contain_text("delta1 = dE_dout1 * dout_dnet1")
        expect(code.nth(1)).to_contain_text(f"{code_name(q, 2)} = {batch[q]!r}")
        formula = page.locator(".st-key-step-panel .katex-display:visible").first
        for what, seen in (("code", code.first), ("printed", code.nth(1)), ("formula", formula)):
            assert_on_screen(page, seen, f"{lang} code view: {what}")
        assert page.evaluate(OFF_SCREEN) == []
        assert_no_exception(page)
        shoot(page, f"netcode_batch_delta_{lang}{'_presenting' if presenting else ''}")
        if not presenting:
            sidebar = page.get_by_test_id("stSidebar")
            sidebar.get_by_text(t("export.net_heading", lang)).click()
            button = sidebar.get_by_role("button", name=t("export.download_py", lang))
            # The expander opens over a few frames: scrolled to before it is open, the button
            # lands below the sidebar's fold (seen in CI under load, twice).
            expect(button).to_be_visible()
            for _ in range(20):  # scrolled to again until the opening expander is still
                # every scrolling box around it (the sidebar's and the expander's own)
                button.evaluate("b => b.scrollIntoView({block: 'center'})")
                try:
                    expect(button).to_be_in_viewport(ratio=1, timeout=500)
                    break
                except AssertionError:
                    continue
            expect(button).to_be_in_viewport(ratio=1)
            shoot(page, f"netcode_exports_{lang}")
    finally:
        page.context.close()


# The shown formula's type (its \large) and the explanation's, and whether its drawn box lies
# inside the viewport's width without its block scrolling sideways.
PHONE_FORMULA = """(panel) => {
  const shown = [...panel.querySelectorAll('.katex-display')].filter(e => e.offsetParent);
  const e = shown[0], katex = e.querySelector('.katex');
  const box = katex.querySelector('.katex-html').getBoundingClientRect();
  return {shown: shown.length,
          large: parseFloat(getComputedStyle(katex.querySelector('.sizing') || katex).fontSize),
          text: parseFloat(getComputedStyle(panel.querySelector('[data-testid="stAlert"] p'))
                           .fontSize),
          inside: box.left >= -0.5 && box.right <= document.documentElement.clientWidth + 0.5,
          scrolls: e.scrollWidth > e.clientWidth + 2};
}"""


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_on_a_phone_presented_a_long_formula_wraps_rather_than_shrinking(app_url: str,
                                                                        browser: Browser,
                                                                        lang: str):
    """At 390×844 in presentation mode, long substitutions of the worked example (the net sum,
    a hidden weight's ∂E/∂w and its update) and the widest of the softmax and batch presets'
    backward pass are drawn at no less than the explanation's type, broken over more lines,
    inside the screen's width: one breaking shown (tutor.ui.formula.fitted)."""
    worked = trace_step(Scenario.worked_example())
    cases = (("worked", "forward", 0),  # net_h1
             *(("worked", name, [s.name for s in worked.phase_steps(*PHASES[name])].index(q))
               for name, q in (("backward", "dE_dw1"), ("update", "w1_new"))),
             ("softmax", "backward", widest("softmax", "backward", True)),
             ("batch", "backward", widest("batch", "backward", True)))
    page = open_page(browser, 390, 844, locale=None)
    try:
        for k, (net, name, step) in enumerate(cases):  # one load, then switches in its tab
            open_lesson(page, app_url, name, lang, Lesson(
                Scenario.worked_example(), step=step, presentation=True, net=net), load=k == 0)
            # presented (the type the style sheet sets): measured against the words' 22 px
            page.wait_for_function(
                "() => getComputedStyle(document.documentElement).fontSize === '22px'",
                polling=POLL_MS)
            panel = page.locator(f".st-key-{stepview.PANEL_KEY}")
            panel.locator(".katex-display:visible").wait_for()
            panel.scroll_into_view_if_needed()
            where = f"{net} {name} {step} {lang} 390x844 presenting"
            drawn = panel.evaluate(PHONE_FORMULA)
            assert drawn["shown"] == 1, (where, drawn)
            assert drawn["text"] == 22 and drawn["large"] >= drawn["text"], (where, drawn)
            assert drawn["inside"] and not drawn["scrolls"], (where, drawn)
            screenshot(page, f"netpreset_phone_{net}_{name}_{lang}", full_page=False)
        assert_no_exception(page)
    finally:
        page.context.close()
