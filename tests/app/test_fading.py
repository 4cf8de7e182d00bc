"""The faded worked example under AppTest: from fully worked, one blank more per stage (the w5
update first), to a fresh seeded network worked alone; each blank names what it needs; the
progress is kept in the session and travels in the lesson link."""

from bpcore import Scenario, fmt, trace_step
from bpcore.practice import FADE_CHAIN, FADE_STAGES, exercise, fade_blanks, next_seed
from tests.app.apptest import open_page, shared_link
from tutor.i18n import t
from tutor.lesson.codec import Fade, Lesson, decode, encode
from tutor.modes import state as modes_state

TRACE = trace_step(Scenario.worked_example())


def fading(lang: str = "en"):
    at = open_page("backward", lang)
    return at.sidebar.toggle(key=modes_state.FADE).set_value(True).run()


def rows(at) -> list[str]:
    """The rows of the chain's one aligned block."""
    [block] = [x.value for x in at.latex if r"\begin{aligned}" in x.value]
    body = block.split(r"\begin{aligned}")[1].split(r"\end{aligned}")[0]
    return [row.strip() for row in body.split(r"\\[2pt]")]


def results_shown(at) -> list[bool]:
    """For each step of the chain: does its row end in its result (not "?")?"""
    return [not row.endswith("?") and not row.endswith("{?}") for row in rows(at)]


def work(at, name: str, value: float):
    at.text_input(key=modes_state.fade_key(name)).input(f"{value:.4f}").run()
    return at.button(key=f"fade.check.{name}").click().run()


def test_the_sequence_from_fully_worked_to_fully_blank_then_a_fresh_network():
    at = fading()
    assert results_shown(at) == [True] * len(FADE_CHAIN)  # stage 1: the whole chain worked
    assert fmt(TRACE["w5_new"], 4) in rows(at)[-1]
    for stage in range(1, FADE_STAGES - 1):
        at.button(key="fade.next").click().run()
        assert at.session_state[modes_state.FADE_STAGE] == stage
        blanks = fade_blanks(stage)
        assert results_shown(at) == [n not in blanks for n in FADE_CHAIN]
        assert at.button(key="fade.next").disabled  # the blanks come first
        for name in blanks:  # in order: the first open blank has the box
            assert at.text_input(key=modes_state.fade_key(name))
            work(at, name, TRACE[name])
            assert at.session_state[modes_state.FADE_DONE][name] == "right"
        assert results_shown(at) == [True] * len(FADE_CHAIN)
        assert not at.button(key="fade.next").disabled
    at.button(key="fade.next").click().run()  # the last stage: a fresh network, all blank
    seed = at.session_state[modes_state.FADE_SEED]
    assert seed is not None and results_shown(at) == [False] * len(FADE_CHAIN)
    fresh = trace_step(exercise(seed))
    assert t("fade.alone_note", "en", seed=seed) in [c.value for c in at.caption]
    work(at, "dE_dout_o1", fresh["dE_dout_o1"])
    assert at.session_state[modes_state.FADE_DONE] == {"dE_dout_o1": "right"}
    at.button(key="fade.another").click().run()
    assert at.session_state[modes_state.FADE_SEED] == next_seed(seed)
    assert at.session_state[modes_state.FADE_DONE] == {}
    assert not at.exception


def test_each_blank_says_which_factors_it_needs():
    at = fading()
    at.button(key="fade.next").click().run()
    at.session_state[modes_state.FADE_STAGE] = 2
    at.run()
    notes = [c.value for c in at.caption]
    need = t("hint.needs", "en", items="δ_o1 (step 3), out_h1 (forward pass, step 2)")
    assert f"∂E/∂w5 = δ_o1 · out_h1: the δ of the neuron the weight feeds times what comes in " \
           f"along the weight — {need}" in notes  # the first open blank's
    work(at, "dE_dw5", TRACE["dE_dw5"])
    notes = [c.value for c in at.caption]
    assert any(n.startswith("w5⁺ = w5 − η · ∂E/∂w5") and "∂E/∂w5 (step 4)" in n for n in notes)


def test_a_wrong_blank_is_told_how_and_show_me_fills_it():
    at = fading("zh")
    at.button(key="fade.next").click().run()
    work(at, "w5_new", 0.4 + 0.5 * TRACE["dE_dw5"])  # η·gradient added
    [said] = [e.value for e in at.error]
    assert "η · 梯度" in said
    at.button(key="fade.show.w5_new").click().run()
    assert at.session_state[modes_state.FADE_DONE] == {"w5_new": "shown"}
    assert results_shown(at)[-1] and not at.button(key="fade.next").disabled


def test_the_progress_travels_in_the_lesson_link_and_comes_back():
    at = fading()
    at.button(key="fade.next").click().run()
    work(at, "w5_new", TRACE["w5_new"])
    lesson = decode(shared_link(at).split("lesson=")[1])
    assert lesson.mode == "fade" and lesson.fade == Fade(1, ("w5_new",), None)
    opened = open_page("backward")
    opened.query_params["lesson"] = encode(Lesson(Scenario.worked_example(), mode="fade",
                                                  fade=Fade(3, ("dE_dw5",), None)))
    opened.run()
    assert opened.session_state[modes_state.FADE_STAGE] == 3
    assert results_shown(opened) == [True, True, False, True, False]
    assert opened.text_input(key=modes_state.fade_key("delta_o1"))
