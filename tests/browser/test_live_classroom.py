"""A live class in three Chromium contexts against one Streamlit server: a teacher at 1280×720,
two students on phone-sized screens (390×844). Student A follows; student B explores, then
rejoins; the teacher asks, both answer, the teacher sees both answers and their histogram."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from bpcore import Scenario, fmt, trace_step
from tutor.i18n import t

from .conftest import (
    assert_no_exception,
    open_page,
    screenshot,
    serve_app,
    wait_for_app,
)

# A following student shows the teacher's step without anyone touching their screen. How soon
# (the 2 s, p95) is measured by `python -m bench.live`, not here: speed is never a
# timed test (the machine's load moves it), so these waits only bound a hang.
FOLLOW_MS = 15_000


@pytest.fixture(scope="module")
def live_url() -> Iterator[str]:
    """A server of its own with a fresh room store (its own BPTUTOR_DATA_DIR)."""
    yield from serve_app("live")


def new_page(browser: Browser, width: int, height: int) -> Page:
    return open_page(browser, width, height)


def step_text(page: Page, n: int, lang: str = "en"):
    return page.get_by_text(t("formula.step_of", lang, index=n, count=11), exact=True)


def main(page: Page):
    return page.get_by_test_id("stMain")


def start_class(teacher: Page, live_url: str, lang: str) -> Locator:
    """The teacher opens the forward pass in ``lang`` and starts a class from the sidebar;
    the sidebar."""
    teacher.goto(f"{live_url}/forward?lang={lang}")
    wait_for_app(teacher)
    sidebar = teacher.get_by_test_id("stSidebar")
    sidebar.get_by_text(t("live.heading", lang), exact=True).click()
    sidebar.get_by_role("button", name=t("live.start", lang)).click()
    wait_for_app(teacher)
    return sidebar


def test_a_teacher_leads_two_students_who_follow_explore_rejoin_and_answer(
        live_url: str, browser: Browser):
    teacher = new_page(browser, 1280, 720)
    phone_a, phone_b = new_page(browser, 390, 844), new_page(browser, 390, 844)
    try:
        # The teacher opens the forward pass and starts a class from the sidebar.
        sidebar = start_class(teacher, live_url, "en")
        assert_no_exception(teacher)
        shown = sidebar.get_by_test_id("stHeading").filter(
            has_text=re.compile(r"^[A-Z2-9]{3}-[A-Z2-9]{3}$")).inner_text().strip()
        code = shown.replace("-", "")
        link = sidebar.get_by_test_id("stCode").filter(has_text="?join=").inner_text().strip()
        assert link == f"{live_url}/?join={code}&lang=en"
        # The key to take the class back: in a collapsed sidebar block, nowhere else.
        sidebar.get_by_text(t("live.key_heading", "en"), exact=True).click()
        key = sidebar.get_by_test_id("stCode").filter(
            has_text=re.compile(r"^[0-9a-f]{32}$")).inner_text().strip()
        assert key not in main(teacher).inner_text() and key not in teacher.url
        sidebar.get_by_text(t("live.key_heading", "en"), exact=True).click()
        # The server is on 127.0.0.1: phones could not open this link; the join screen says so.
        expect(main(teacher).get_by_text(re.compile("works only on this computer"))
               ).to_be_visible()
        expect(sidebar.get_by_test_id("stImage")).to_have_count(1)  # the QR code
        # The join screen takes the page's place: the code large, the QR code, the link.
        expect(main(teacher).get_by_role("heading", name=shown)).to_be_visible()
        expect(main(teacher).get_by_test_id("stImage")).to_have_count(1)
        screenshot(teacher, "live_teacher_join_screen_1280x720_en")

        # Both students open the link on their phones and follow.
        for phone in (phone_a, phone_b):
            phone.goto(link)
            wait_for_app(phone)
            assert_no_exception(phone)
            expect(main(phone).get_by_text(re.compile("Following the teacher"))).to_be_visible()
            expect(step_text(phone, 1)).to_be_visible()
        screenshot(phone_a, "live_student_following_390x844_en")
        assert_diagram_whole(phone_a)
        # Student A's address carries their id: a reload is the same student, counted once.
        assert re.search(r"[?&]me=[0-9a-f]{24}(&|$)", phone_a.url), phone_a.url
        me = phone_a.url
        phone_a.reload()
        wait_for_app(phone_a)
        expect(main(phone_a).get_by_text(re.compile("Following the teacher"))).to_be_visible()
        assert re.search(r"me=[0-9a-f]{24}", phone_a.url).group() == re.search(
            r"me=[0-9a-f]{24}", me).group()
        expect(main(teacher).get_by_text("2", exact=True)).to_be_visible(timeout=FOLLOW_MS)
        main(teacher).get_by_role("button", name=t("live.back", "en")).click()
        wait_for_app(teacher)

        # Next on the teacher's screen: student A's phone shows step 2 by itself.
        main(teacher).get_by_role("button", name=t("stepper.next", "en")).click()
        expect(step_text(phone_a, 2)).to_be_visible(timeout=FOLLOW_MS)
        # Drawn by the follower's view in the browser (tutor.live.hall), no run of the page;
        # a reload comes back to the teacher's step (the address keeps the class).
        expect(phone_a.locator(".bp-hall")).to_have_attribute("data-flips", "1")
        phone_a.reload()
        wait_for_app(phone_a)
        expect(step_text(phone_a, 2)).to_be_visible(timeout=FOLLOW_MS)

        # Student B explores on their own (two steps further), then rejoins.
        expect(step_text(phone_b, 2)).to_be_visible(timeout=FOLLOW_MS)
        main(phone_b).get_by_role("button", name=t("live.explore", "en")).click()
        wait_for_app(phone_b)
        for _ in range(2):
            main(phone_b).get_by_role("button", name=t("stepper.next", "en")).click()
            wait_for_app(phone_b)
        expect(step_text(phone_b, 4)).to_be_visible()
        main(teacher).get_by_role("button", name=t("stepper.next", "en")).click()
        expect(step_text(phone_a, 3)).to_be_visible(timeout=FOLLOW_MS)
        phone_b.wait_for_timeout(1500)  # an explorer's page does not move
        expect(step_text(phone_b, 4)).to_be_visible()
        main(phone_b).get_by_role("button", name=t("live.rejoin", "en")).click()
        expect(step_text(phone_b, 3)).to_be_visible(timeout=FOLLOW_MS)
        expect(main(phone_b).get_by_text(re.compile("Following the teacher"))).to_be_visible()

        # The teacher opens the backward pass, then the forward pass again: the phones switch
        # page too (a move a pushed page fragment cannot show: it reruns the whole app).
        backward = len(trace_step(Scenario.worked_example()).phase_steps("backward"))
        for path, title, shown in (("backward", "page.backward", (1, backward)),
                                   ("forward", "page.forward", (3, 11))):
            teacher.get_by_test_id("stTopNav").get_by_text(t("section.worked_example", "en"),
                                                           exact=True).click()
            teacher.get_by_test_id("stTopNavDropdownLink").get_by_text(
                t(title, "en"), exact=True).click()
            wait_for_app(teacher)
            for phone in (phone_a, phone_b):
                expect(phone).to_have_url(re.compile(rf"/{path}\?"), timeout=FOLLOW_MS)
                expect(phone.get_by_text(t("formula.step_of", "en", index=shown[0],
                                           count=shown[1]), exact=True)
                       ).to_be_visible(timeout=FOLLOW_MS)
                assert_no_exception(phone)

        # The teacher asks the class for step 3 (net_o1... the forward pass's third value).
        sidebar.get_by_role("button", name=t("live.ask", "en")).click()
        wait_for_app(teacher)
        trace = trace_step(Scenario.worked_example())
        asked = trace.phase_steps("forward", "error")[2]
        answers = {phone_a: fmt(asked.value, 4), phone_b: "0.1"}
        for phone, text in answers.items():
            expect(main(phone).get_by_text(t("live.question", "en"))).to_be_visible(
                timeout=FOLLOW_MS)
            box = main(phone).get_by_label(t("practice.answer", "en"))
            box.fill(text)
            box.press("Enter")
            wait_for_app(phone)
            main(phone).get_by_role("button", name=t("live.send", "en")).click()
            wait_for_app(phone)
            assert_no_exception(phone)
            expect(main(phone).get_by_text(t("live.sent", "en"))).to_be_visible()
        screenshot(phone_b, "live_student_answered_390x844_en")
        assert_fits_width(phone_b)

        # The teacher's screen counts both answers and draws their histogram.
        expect(main(teacher).get_by_text(t("live.answered", "en", n=2, of=2))).to_be_visible(
            timeout=FOLLOW_MS)
        expect(main(teacher).locator(".js-plotly-plot")).to_have_count(1)
        expect(main(teacher).get_by_text("50 %")).to_be_visible()

        # Presentation mode for the projector: EN, then ZH after the reveal.
        sidebar.get_by_text(t("share.presentation", "en"), exact=True).click()
        wait_for_app(teacher)
        expect(teacher.get_by_test_id("stSidebar")).to_have_attribute("data-collapsed", "true")
        teacher.wait_for_timeout(600)
        assert_no_exception(teacher)
        screenshot(teacher, "live_teacher_question_1280x720_presenting_en")
        main(teacher).get_by_role("button", name=t("live.reveal", "en")).click()
        wait_for_app(teacher)
        teacher.get_by_test_id("stExpandSidebarButton").click()
        sidebar.get_by_text("简体中文", exact=True).click()
        wait_for_app(teacher)
        sidebar.hover()
        teacher.get_by_test_id("stSidebarCollapseButton").locator("button").click()
        expect(sidebar).to_have_attribute("data-collapsed", "true")
        truth = t("live.truth", "zh", value=fmt(asked.value, 4))
        expect(main(teacher).get_by_text(truth)).to_be_visible()
        teacher.wait_for_timeout(600)
        assert_no_exception(teacher)
        screenshot(teacher, "live_teacher_revealed_1280x720_presenting_zh")

        # Everyone sees the answer; student A was right.
        expect(main(phone_a).get_by_text(t("live.truth", "en", value=fmt(asked.value, 4)))
               ).to_be_visible(timeout=FOLLOW_MS)
        expect(main(phone_a).get_by_text(t("practice.right", "en", value=fmt(asked.value, 4)))
               ).to_be_visible()
        screenshot(phone_a, "live_student_revealed_390x844_en")
        assert_fits_width(phone_a)
    finally:
        for page in (teacher, phone_a, phone_b):
            page.context.close()


def assert_fits_width(page: Page) -> None:
    """Nothing on a phone-sized page is wider than the screen (no sideways scrolling)."""
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"the page is {overflow} px wider than the screen"


def assert_diagram_whole(page: Page) -> None:
    """On a phone the 2-2-2 diagram keeps the width its labels need (a sideways scroll of its
    own block), so no label is cut off; the page itself stays as wide as the screen."""
    diagram = page.locator(".st-key-forward-diagram")
    expect(diagram.locator("svg")).to_be_visible()  # its picture
    width = diagram.evaluate("e => e.getBoundingClientRect().width")
    assert width >= 600, f"the diagram is squeezed to {width:.0f} px"
    assert_fits_width(page)


def test_a_lecture_halls_follower_is_drawn_each_step_in_the_browser_in_chinese(
        live_url: str, browser: Browser):
    """A follower's stepping page is one view (tutor.live.hall_view) that draws the teacher's
    next step from the server's card, without a run of its page: the header, the formula
    typeset, the words a screen reader reads with bpcore's numbers, the table."""
    teacher, student = new_page(browser, 1280, 720), new_page(browser, 1280, 720)
    try:
        sidebar = start_class(teacher, live_url, "zh")
        link = sidebar.get_by_test_id("stCode").filter(has_text="?join=").inner_text().strip()
        main(teacher).get_by_role("button", name=t("live.back", "zh")).click()
        wait_for_app(teacher)
        student.goto(link.replace("lang=en", "lang=zh"))
        wait_for_app(student)
        view = student.locator(".bp-hall")
        expect(view).to_have_attribute("data-step", "0")
        # While following, the teacher's move is the step: no step controls of its own.
        expect(main(student).get_by_role("button", name=t("stepper.next", "zh"))).to_have_count(0)
        steps = trace_step(Scenario.worked_example()).phase_steps("forward", "error")
        for k in (1, 2):
            main(teacher).get_by_role("button", name=t("stepper.next", "zh")).click()
            wait_for_app(teacher)
            expect(step_text(student, k + 1, "zh")).to_be_visible(timeout=FOLLOW_MS)
            expect(view).to_have_attribute("data-flips", str(k))
            # What a screen reader hears: the step's formula in words with bpcore's result.
            words = view.locator(".bp-hall-words")
            expect(words).to_have_attribute("role", "status")
            expect(words).to_contain_text(fmt(steps[k].value, 4))
            expect(words).to_contain_text(f"第 {k + 1}/11 步")
        # The formula typeset (MathML), its result bpcore's; the table one row per step.
        formula = view.locator(".bp-hall-formula math").first
        expect(formula).to_be_visible()
        assert fmt(steps[2].value, 4) in (formula.text_content() or "")
        expect(view.locator(".bp-hall-table tr")).to_have_count(4)  # a header and 3 rows
        expect(view.locator(".bp-hall-info")).to_have_text(re.compile(r"\S"))
        assert_no_exception(student)
        student.wait_for_timeout(300)
        screenshot(student, "live_hall_follower_1280x720_zh")
        # The step's code in the diagram's place: the page is drawn by its runs again, and
        # the teacher's next step reaches it by a push; switched back, by the view.
        toggle = main(student).get_by_text(t("code.toggle", "zh"), exact=True)
        toggle.click()
        wait_for_app(student)
        expect(view).to_have_count(0)
        main(teacher).get_by_role("button", name=t("stepper.next", "zh")).click()
        wait_for_app(teacher)
        expect(step_text(student, 4, "zh")).to_be_visible(timeout=FOLLOW_MS)
        toggle.click()
        wait_for_app(student)
        main(teacher).get_by_role("button", name=t("stepper.next", "zh")).click()
        wait_for_app(teacher)
        expect(step_text(student, 5, "zh")).to_be_visible(timeout=FOLLOW_MS)
        expect(view).to_have_attribute("data-step", "4")
        expect(view).to_have_attribute("data-flips", "1")  # by the view's poll, not a run
        assert_no_exception(student)
    finally:
        for page in (teacher, student):
            page.context.close()
