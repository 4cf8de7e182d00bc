"""The network-builder page in a real browser, both tabs, in both languages."""

import pytest
from playwright.sync_api import Page, expect

from bpcore import Scenario
from bpcore.builder import Architecture, DataSpec
from bpcore.recipe import Recipe
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


@pytest.mark.parametrize("lang", LANGUAGES)
def test_builder_on_one_screen_trains_plays_shows_the_microscope_and_refuses_a_bad_number(
        app_url: str, page: Page, lang: str):
    """The default page trains: at 1280×720 its controls, network, output and Play share one
    screen, at the last epoch; it and its microscope show at the laptop's and the
    projector's size (one page resized: the layout is the browser's); Play moves the epoch
    and Pause stops it; then, at 1280×720, a bad number of epochs is refused under its
    field, the trained network kept, and a good one taken."""
    resize(page, SIZES[0])
    page.goto(f"{app_url}/network-builder?lang={lang}")
    wait_for_app(page)
    assert_no_exception(page)
    # one screen, as the page first shows it (nothing scrolled yet)
    watch = page.locator(".st-key-builder_watch")
    plots = watch.locator(".js-plotly-plot")
    expect(plots).to_have_count(3)  # the network, the output plot, the curves
    for what, part in (("controls", page.locator(".st-key-builder_controls")),
                       ("network", plots.nth(0)), ("output", plots.nth(1)),
                       ("play", page.locator(".st-key-builder_play"))):
        box = part.bounding_box()
        assert box is not None and box["y"] >= 0 and box["x"] + box["width"] <= 1280, (
            what, box)
        assert box["y"] + box["height"] <= 720, f"{what} below the fold: {box}"
    screenshot(page, f"builder_one_screen_{lang}")
    counter = watch.get_by_text(t("builder.epoch_of", lang, epoch=400, epochs=400, train="",
                                  test="").split(" ·")[0].replace("**", ""))
    expect(counter).to_be_visible()
    for width, _ in each_size(page):
        expect(page.get_by_role("heading", name=t("page.builder", lang), level=1)
               ).to_be_visible()
        expect(page.get_by_text(t("builder.output_title", lang), exact=True)).to_be_visible()
        expect(page.locator(".js-plotly-plot .heatmaplayer").first).to_be_attached()
        screenshot(page, f"builder_controls_{lang}_{width}")
        page.locator(".js-plotly-plot").first.scroll_into_view_if_needed()
        screenshot(page, f"builder_train_{lang}_{width}")
        page.locator(".js-plotly-plot").nth(2).scroll_into_view_if_needed()
        screenshot(page, f"builder_norms_{lang}_{width}")
    page.get_by_role("tab", name=t("builder.tab_micro", lang)).click()
    for width, _ in each_size(page):
        expect(page.get_by_text(t("micro.layers_title", lang))).to_be_visible()
        expect(page.locator(".katex").first).to_be_visible()
        assert_no_exception(page)
        page.get_by_text(t("micro.layers_title", lang)).scroll_into_view_if_needed()
        page.mouse.wheel(0, -500)
        screenshot(page, f"builder_micro_{lang}_{width}")
        page.get_by_text(t("micro.layer_title", lang, k=2, act="tanh")
                         ).scroll_into_view_if_needed()
        screenshot(page, f"builder_micro_layers_{lang}_{width}")
    # Play and Pause (each_size ends at 1280×720), on the first tab again
    page.get_by_role("tab", name=t("builder.tab_train", lang)).click()
    page.get_by_role("button", name=t("builder.play", lang)).click()
    expect(counter).to_have_count(0)  # the epoch moves on (Play starts over from 0)
    page.get_by_role("button", name=t("builder.pause", lang)).click()
    expect(page.get_by_role("button", name=t("builder.play", lang))).to_be_visible()
    wait_for_app(page)
    expect(plots).to_have_count(3)
    assert_no_exception(page)
    screenshot(page, f"builder_paused_{lang}")
    # a bad number
    sizes = t("builder.sizes", lang, sizes="2-8-8-2", params=114, steps=400 * 5)
    expect(page.get_by_text(sizes)).to_be_visible()
    page.get_by_role("tab", name=t("builder.training", lang), exact=True).click()
    epochs = page.get_by_label(t("builder.epochs", lang), exact=True)
    epochs.fill("4OO")  # letters O, not zeros
    epochs.press("Enter")
    wait_for_app(page)
    alert = page.get_by_test_id("stMainBlockContainer").get_by_test_id("stAlert")
    expect(alert).to_have_count(1)
    expect(alert).to_contain_text(t("builder.epochs", lang))
    expect(page.get_by_text(sizes)).to_be_visible()  # the trained network stays
    assert_no_exception(page)
    alert.scroll_into_view_if_needed()
    screenshot(page, f"builder_refused_{lang}")
    epochs.fill("300")
    epochs.press("Enter")
    wait_for_app(page)
    expect(alert).to_have_count(0)
    expect(page.get_by_text(t("builder.sizes", lang, sizes="2-8-8-2", params=114,
                              steps=300 * 5))).to_be_visible()


def test_a_builder_link_opens_its_network_keeps_it_across_pages_and_plays_it_through(
        app_url: str, page: Page):
    lesson = Lesson(Scenario.worked_example(), builder=Recipe(
        Architecture((4,), ("relu",), "softmax", "cross_entropy"),
        DataSpec("xor", 120, 0.05, 3), eta=0.2, epochs=30, batch=8, seed=5))
    page.goto(f"{app_url}/network-builder?lang=zh&lesson={encode(lesson)}")
    wait_for_app(page)
    assert_no_exception(page)
    sizes = t("builder.sizes", "zh", sizes="2-4-2", params=22, steps=30 * 12)
    expect(page.get_by_text(sizes)).to_be_visible()
    nav = page.get_by_test_id("stTopNav")  # the page list is in the top bar
    nav.get_by_text(t("section.worked_example", "zh")).click()
    page.get_by_test_id("stTopNavDropdownLink").get_by_text(t("page.forward", "zh"),
                                                            exact=True).click()
    expect(page.get_by_role("heading", name=t("page.forward", "zh"), level=1)).to_be_visible()
    nav.get_by_text(t("section.beyond", "zh")).click()
    page.get_by_test_id("stTopNavDropdownLink").get_by_text(t("page.builder", "zh"),
                                                            exact=True).click()
    wait_for_app(page)
    expect(page.get_by_text(sizes)).to_be_visible()
    assert_no_exception(page)
    screenshot(page, "builder_link_zh")
    # Play from the end starts over and plays the 30 epochs through: at the last one shown
    # Play stops there (the player's report: tutor.builder.watch._on_shown), drawn paused.
    page.get_by_role("button", name=t("builder.play", "zh")).click()
    expect(page.get_by_role("button", name=t("builder.pause", "zh"))).to_be_visible()
    expect(page.get_by_role("button", name=t("builder.play", "zh"))).to_be_visible(
        timeout=60_000)
    wait_for_app(page)
    watch = page.locator(".st-key-builder_watch")
    end = t("builder.epoch_of", "zh", epoch=30, epochs=30, train="", test="")
    expect(watch.get_by_text(end.split(" ·")[0].replace("**", ""))).to_be_visible()
    expect(watch.locator(".js-plotly-plot")).to_have_count(3)
    expect(page.get_by_text(sizes)).to_be_visible()
    assert_no_exception(page)


def _link_pixel(picture, link: list[int]) -> tuple[float, float]:
    """Where the point of the link ``link`` ([layer, i, j]) is in the network picture, by
    Plotly's own axis mapping."""
    return tuple(picture.evaluate(
        """(gd, link) => {
             const trace = gd.data.find(t => t.customdata && t.customdata.length
                                             && t.customdata[0].length === 3);
             const k = trace.customdata.findIndex(c => c.join() === link.join());
             const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
             const box = gd.getBoundingClientRect();
             return [box.left + xa._offset + xa.l2p(trace.x[k]),
                     box.top + ya._offset + ya.l2p(trace.y[k])];
           }""", link))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_batch_steps_and_a_clicked_link_s_weight_is_edited_on_one_screen(app_url: str,
                                                                        page: Page, lang: str):
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{app_url}/network-builder?lang={lang}")
    wait_for_app(page)
    watch = page.locator(".st-key-builder_watch")
    expect(watch.locator(".js-plotly-plot")).to_have_count(3)
    page.get_by_role("button", name=t("builder.restart", lang)).click()
    wait_for_app(page)
    page.get_by_role("button", name=t("builder.step_batch", lang)).click()
    batch = t("builder.epoch_batch_of", lang, epoch=0, batch=1, batches=5, train="",
              test="").split(" ·")[0].replace("**", "")
    expect(watch.get_by_text(batch)).to_be_visible()
    picture = watch.locator(".js-plotly-plot").first
    page.mouse.move(*_link_pixel(picture, [0, 1, 2]))
    page.mouse.click(*_link_pixel(picture, [0, 1, 2]))
    box = page.get_by_label(t("builder.link_weight", lang, name="W1[2,3]"), exact=True)
    expect(box).to_be_visible()
    box.fill("2.5")
    box.press("Enter")
    wait_for_app(page)
    expect(box).to_have_value("2.5")
    expect(watch.get_by_text(t("builder.live_note", lang))).to_be_visible()
    expect(watch.get_by_text(batch)).to_be_visible()  # an edit takes no step
    for part in (page.locator(".st-key-builder_controls"), picture,
                 watch.locator(".js-plotly-plot").nth(1), page.locator(".st-key-builder_play")):
        part_box = part.bounding_box()
        assert part_box is not None and part_box["y"] + part_box["height"] <= 720
    assert_no_exception(page)
    page.mouse.move(*_link_pixel(picture, [0, 1, 2]))  # the hover says the new weight
    expect(picture.locator(".hoverlayer")).to_contain_text("W1[2,3] = 2.500")
    screenshot(page, f"builder_edit_{lang}")
    box.fill("2.5.5")
    box.press("Enter")
    wait_for_app(page)
    expect(page.locator(".st-key-builder_play").get_by_test_id("stAlert")).to_contain_text(
        t("builder.link_weight", lang, name="W1[2,3]"))
    screenshot(page, f"builder_edit_refused_{lang}")
    for part in (picture, watch.locator(".js-plotly-plot").nth(1)):  # still on the screen
        part_box = part.bounding_box()
        assert part_box is not None and part_box["y"] + part_box["height"] <= 720
    page.get_by_role("button", name=t("builder.step", lang), exact=True).click()
    first = t("builder.epoch_batch_of", lang, epoch=1, batch=0, batches=5, train="",
              test="").split(" ·")[0].replace("**", "")
    expect(watch.get_by_text(first)).to_be_visible()
    assert_no_exception(page)
    # Play trains the edited network on, live, in batches played by the browser
    # (tutor.ui.player): several frames shown per batch, its own loss curve growing frame by
    # frame, on one screen; Pause stops on the epoch on screen.
    page.get_by_role("button", name=t("builder.play", lang)).click()
    page.wait_for_function(
        """(name) => {
             const p = document.querySelector('.st-key-builder_watch .bp-player');
             const c = p && p.querySelector('.bp-curves .bp-plot');
             return Number(p && p.dataset.frames) >= 4 && c && c.data
               && c.data.some(tr => tr.name === name && tr.x.length >= 6); }""",
        arg=t("builder.own_train_loss", lang), timeout=60_000, polling=POLL_MS)
    player = watch.locator(".bp-player")
    shown, batches = (int(player.get_attribute(a) or 0) for a in ("data-frames", "data-batches"))
    assert batches >= 1 and shown / batches > 1, (shown, batches)
    screenshot(page, f"builder_live_play_{lang}")
    for part in (player.locator(".bp-network .bp-plot"), player.locator(".bp-plane .bp-plot"),
                 page.locator(".st-key-builder_play")):
        part_box = part.bounding_box()
        assert part_box is not None and part_box["y"] + part_box["height"] <= 720, part_box
    page.evaluate("""() => document.addEventListener('click', () => {
        const p = document.querySelector('.bp-player');
        window.__pausedAt = p ? p.dataset.epoch : null; }, { capture: true, once: true })""")
    page.get_by_role("button", name=t("builder.pause", lang)).click()
    expect(page.get_by_role("button", name=t("builder.play", lang))).to_be_visible()
    wait_for_app(page)
    at = page.evaluate("() => window.__pausedAt")
    assert at is not None and int(at) > 1
    paused = t("builder.epoch_batch_of", lang, epoch=int(at), batch=0, batches=5, train="",
               test="").split(" ·")[0].replace("**", "")
    expect(watch.get_by_text(paused)).to_be_visible()  # the epoch on screen, paused
    expect(watch.get_by_text(t("builder.live_note", lang))).to_be_visible()
    assert_no_exception(page)
    watch.locator(".js-plotly-plot").nth(2).scroll_into_view_if_needed()
    screenshot(page, f"builder_live_curves_{lang}")


def test_play_redraws_its_charts_in_place_and_never_blanks_one(app_url: str, page: Page):
    """Play on the recorded run: batches of frames played in the browser (tutor.ui.player),
    several frames shown per server rerun, no chart ever blank, the words following the
    frame, and Pause stopping on the epoch on screen."""
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{app_url}/network-builder?lang=en")
    wait_for_app(page)
    watch = page.locator(".st-key-builder_watch")
    expect(watch.locator(".js-plotly-plot")).to_have_count(3)
    page.get_by_role("button", name=t("builder.play", "en")).click()
    page.wait_for_function("() => document.querySelectorAll("
                           "'.st-key-builder_watch .bp-player .main-svg').length >= 3",
                           polling=POLL_MS)
    # Every animation frame from here: how many charts are drawn, and which epoch is shown.
    page.evaluate("""() => { window.__frames = []; const tick = () => {
        const w = document.querySelector('.st-key-builder_watch');
        const drawn = [...w.querySelectorAll('.js-plotly-plot')].filter(
            p => p.querySelector('.main-svg') && p.getBoundingClientRect().height > 50);
        const counter = w.querySelector('.bp-counter strong');
        window.__frames.push([drawn.length, counter ? counter.textContent : '']);
        if (window.__frames.length < 100000) requestAnimationFrame(tick); };
        requestAnimationFrame(tick); }""")
    page.wait_for_function("() => new Set(window.__frames.map(f => f[1])).size >= 12",
                           timeout=60_000, polling=POLL_MS)  # twelve epochs shown while sampling
    frames = page.evaluate("() => window.__frames")
    assert_no_exception(page)
    blank = [f for f in frames if f[0] < 3]
    assert not blank, f"{len(blank)} of {len(frames)} animation frames lacked a chart"
    # More frames shown than batches received (one a server rerun): no timing assumed.
    player = watch.locator(".bp-player")
    shown, batches = (int(player.get_attribute(a) or 0) for a in ("data-frames", "data-batches"))
    assert batches >= 1 and shown / batches > 1, (shown, batches)
    # each chart's words (for a screen reader) and colour scale drawn with its frame
    expect(watch.locator(".bp-network .bp-scale")).to_have_text(t("scale.units", "en"))
    words = watch.locator(".bp-words").evaluate_all("ws => ws.map(w => w.textContent)")
    assert len(words) == 3 and all(words)
    screenshot(page, "builder_playing", full_page=False)
    # Pause: the epoch on screen when it is clicked is the epoch shown paused.
    page.evaluate("""() => document.addEventListener('click', () => {
        const p = document.querySelector('.bp-player');
        window.__pausedAt = p ? p.dataset.epoch : null; }, { capture: true, once: true })""")
    page.get_by_role("button", name=t("builder.pause", "en")).click()
    expect(page.get_by_role("button", name=t("builder.play", "en"))).to_be_visible()
    at = page.evaluate("() => window.__pausedAt")
    assert at is not None
    paused = t("builder.epoch_of", "en", epoch=int(at), epochs=400, train="", test="")
    expect(watch.get_by_text(paused.split(" ·")[0].replace("**", ""))).to_be_visible()
