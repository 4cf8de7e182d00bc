"""The forward, backward and update pages step any preset (?net=ID, the sidebar's Network box,
a lesson link): every number shown comes from bpcore.stepper_trace.trace_net, each shown
formula works out to its shown result, a bad ?net= changes nothing, and the worked example's
pages are the ones they were (plus a folded table of its names in the general notation)."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from bpcore import Scenario, fmt
from bpcore.gradcheck import net_estimates
from bpcore.netspec import NetSpec
from bpcore.presets import PRESETS, preset
from bpcore.qname import QName
from bpcore.stepper_trace import MESSAGE_KEYS, NetTrace, trace_net
from tests.app.apptest import APP, figures, step_formulas, svg_pictures
from tests.app.test_neteditor import edit
from tests.bpcore.test_checkable_numbers import check
from tutor.figures.netdiagram import net_figure
from tutor.figures.svg import figure_svg
from tutor.figures.words import words_of
from tutor.i18n import LANGUAGES, STRINGS, t
from tutor.lesson import state as lesson_state
from tutor.lesson.codec import MAX_LINK_CHARS, Lesson, LessonError, decode, encode
from tutor.modes import state as modes_state
from tutor.stepping import network
from tutor.stepping import state as stepping_state
from tutor.stepping.netview import APPLY_KEY, PHASES, ROOM_EM, STEP_KEYS, message_text, name_in
from tutor.ui.formula import formula_latex
from tutor.ui.netnotation import qtext

NETS = [n for n in PRESETS if n != "worked"]
PAGES = ("forward", "backward", "update")


def open_net(page: str, net: str | None, lang: str = "en", lesson: str | None = None,
             state: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = lang
    if net is not None:
        at.query_params["net"] = net
    if lesson is not None:
        at.query_params["lesson"] = lesson
    at.switch_page(f"app_pages/{page}.py").run()
    if state:  # after the first run, which starts the steppers (and a chosen network) at 0
        for key, value in state.items():
            at.session_state[key] = value
        at.run()
    return at


def param(at: AppTest, name: str) -> str | None:
    """The address's ?name= as the app left it."""
    if name not in at.query_params:
        return None
    value = at.query_params[name]
    return value if isinstance(value, str) else value[0]


def formula_block(at: AppTest) -> str:
    """The step panel's formula as it is written for the widest panel (its first breaking)."""
    return step_formulas(at)[0]


def drawn_diagram(at: AppTest, trace: NetTrace, steps: list, page: str, index: int,
                  lang: str) -> dict:
    """The figure of step ``index`` (tutor.figures.netdiagram.net_figure), having checked that
    the page's diagram is exactly its picture (tutor.ui.plot.svg_picture), with its words,
    and no Plotly chart."""
    figure = net_figure(trace, steps, index, view=page, decimals=4, lang=lang)
    assert svg_pictures(at) == [(" ".join((words_of(figure) or "").split()), figure_svg(figure))]
    assert not figures(at) or page == "update"  # (the update page's error history)
    return figure


def assert_shows_step(at: AppTest, net: str, page: str, index: int, lang: str,
                      spec: NetSpec | None = None) -> None:
    """The header, the formula (as the panel writes it, working out), the table or the update
    rows, and the diagram's lit neurons are those of step ``index`` of trace_net (of preset
    ``net``, or of ``spec``: the learner's own)."""
    trace = trace_net(spec or preset(net))
    steps = trace.phase_steps(*PHASES[page])
    step = steps[index]
    assert not at.exception
    header = t("formula.step_of", lang, index=index + 1, count=len(steps))
    assert any(m.value.startswith(f"**{header}**") for m in at.markdown)
    block = formula_block(at)
    assert block == formula_latex(step, 4, room=ROOM_EM, inner=True)
    if not step.given:  # every breaking a narrower panel may show works out too
        assert all(check(b, f"{net} {page} {index}") for b in step_formulas(at))
    assert message_text(step, lang) in [i.value for i in at.info]
    if page == "update":
        rows = at.table[0].value
        params = [s for s in trace.phase_steps("update") if s.qname.kind in ("w_new", "b_new")]
        assert len(rows) == len(params)
        assert list(rows[t("update.new", lang)]) == [fmt(s.value, 4) for s in params]
        shown = [m.value for m in at.metric]
        assert shown == [fmt(trace[QName("E")], 4), fmt(trace[QName("E_new")], 4)]
    else:
        rows = at.table[0].value
        assert list(rows[t("table.value", lang)]) == [fmt(s.value, 4) for s in steps[:index + 1]]
        assert list(rows[t("table.name", lang)])[-1] == qtext(step.qname, trace.spec.samples)
    nodes = drawn_diagram(at, trace, steps, page, index, lang)["data"][-1]
    lit = {n for n, w in zip(nodes["customdata"], nodes["marker"]["line"]["width"],
                             strict=True) if w > 2}
    assert lit == {n.id for n in step.node_refs}


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("net", NETS)
def test_each_preset_steps_on_each_page_from_first_to_last(net, page):
    """In English the first and the last step; in Chinese a step in the middle."""
    at = open_net(page, net, "en")
    assert_shows_step(at, net, page, 0, "en")
    assert param(at, "net") == net
    assert t("net.notation", "en") in [c.value for c in at.caption]  # stated on the page
    count = len(trace_net(preset(net)).phase_steps(*PHASES[page]))
    at.session_state[STEP_KEYS[page]] = count - 1
    at.run()
    assert_shows_step(at, net, page, count - 1, "en")
    at = open_net(page, net, "zh", state={STEP_KEYS[page]: count // 2})
    assert_shows_step(at, net, page, count // 2, "zh")
    assert t("net.notation", "zh") in [c.value for c in at.caption]


def test_next_moves_the_preset_one_step_and_the_diagram_follows():
    at = open_net("backward", "softmax")
    at.button(key=f"{stepping_state.STEP_BACKWARD}.next").click().run()
    assert_shows_step(at, "softmax", "backward", 1, "en")


def test_apply_makes_the_updated_network_your_own_and_its_error_goes_down():
    at = open_net("update", "deep")
    assert t("net.apply_note", "en") in [c.value for c in at.caption]
    first = trace_net(preset("deep"))
    [apply] = [b for b in at.button if b.key == APPLY_KEY]
    apply.click().run()
    assert network.net_id(at.session_state) == network.OWN
    assert network.spec_in_use(at.session_state) == first.next_spec()
    assert_shows_step(at, network.OWN, "update", 0, "en", spec=first.next_spec())
    again = trace_net(first.next_spec())
    assert again[QName("E")] == first[QName("E_new")] and again[QName("E_new")] < again[QName("E")]
    [apply] = [b for b in at.button if b.key == APPLY_KEY]
    apply.click().run()
    assert network.spec_in_use(at.session_state) == again.next_spec()


@pytest.mark.parametrize("bad", ["bogus", "WORKED", "x" * 5000, "worked&lang=zh"])
def test_an_unknown_net_is_refused_with_a_message_and_the_worked_example_stays(bad):
    at = open_net("forward", bad)
    assert not at.exception
    shown = bad if len(bad) <= network.MAX_PARAM_CHARS else bad[:network.MAX_PARAM_CHARS] + "…"
    assert [w.value for w in at.warning] == [
        t("net.refused", "en", name=shown, choices=", ".join(network.CHOICES))]
    assert network.is_worked(at.session_state)
    assert "net" not in at.query_params
    assert at.table[0].value.iloc[0][t("table.name", "en")] == "net_h1"  # the worked page
    at.run()  # said once
    assert not at.warning


def test_a_bad_net_keeps_the_network_already_in_use():
    at = open_net("backward", "deep")
    at.query_params["net"] = "nope"
    at.run()
    assert network.net_id(at.session_state) == "deep" and at.warning


def test_the_network_box_chooses_the_preset_and_restarts_the_steppers():
    at = open_net("forward", None, state={stepping_state.STEP_FORWARD: 5})
    assert at.session_state[stepping_state.STEP_FORWARD] == 5
    box = at.selectbox(key=network.NET_WIDGET)
    assert box.options == [t(f"net.name.{n}", "en") for n in (*PRESETS, network.OWN)]
    box.select("batch").run()
    assert network.net_id(at.session_state) == "batch"
    assert param(at, "net") == "batch"
    assert_shows_step(at, "batch", "forward", 0, "en")
    at.selectbox(key=network.NET_WIDGET).select("worked").run()
    assert "net" not in at.query_params and network.is_worked(at.session_state)


def test_each_presets_position_never_passes_its_last_step():
    at = open_net("backward", "softmax")
    at.session_state[stepping_state.STEP_BACKWARD] = 44
    at.run()
    at.selectbox(key=network.NET_WIDGET).select("xor").run()  # 20 backward steps
    assert_shows_step(at, "xor", "backward", 0, "en")


def test_a_lesson_link_carries_the_network_both_ways():
    lesson = Lesson(Scenario.worked_example(), step=3, net="softmax")
    assert decode(encode(lesson)) == lesson
    assert decode(encode(Lesson(Scenario.worked_example()))).net == "worked"
    assert encode(Lesson(Scenario.worked_example())) == encode(
        Lesson(Scenario.worked_example(), net="worked"))  # old links are unchanged
    at = open_net("forward", None, lesson=encode(lesson))
    assert_shows_step(at, "softmax", "forward", 3, "en")
    written = param(at, lesson_state.LESSON_PARAM)
    assert decode(written).net == "softmax" and decode(written).step == 3


def test_a_link_with_an_unknown_network_is_refused_whole():
    import base64
    import zlib

    payload = {"v": 2, "s": {k: v for k, v in Scenario.worked_example().to_dict().items()
                             if k not in ("format", "version")}, "n": "bogus"}
    raw = zlib.compress(json.dumps(payload).encode())
    with pytest.raises(LessonError):
        decode(base64.urlsafe_b64encode(raw).decode().rstrip("="))


def test_the_faded_example_mode_on_a_presets_forward_page_says_where_the_example_is():
    at = open_net("forward", "xor")
    modes_state.set_mode(at.session_state, "fade")
    at.run()
    assert t("net.mode_note", "en") in [c.value for c in at.caption]
    assert_shows_step(at, "xor", "forward", 0, "en")


def test_bce_says_the_sigmoid_slope_cancels_and_softmax_says_h3_is_off():
    bce = trace_net(preset("bce"))
    at = open_net("backward", "bce")
    index = [s.message.key for s in bce.phase_steps("backward")].index("step.gen.delta_cancels")
    at.session_state[stepping_state.STEP_BACKWARD] = index
    at.run()
    assert t("step.gen.delta_cancels", "en") in [i.value for i in at.info]
    soft = trace_net(preset("softmax"))
    steps = soft.phase_steps("backward")
    off = steps.index(soft.step(QName("dout_dnet", 1, 3, sample=1)))
    at = open_net("backward", "softmax", "zh", state={stepping_state.STEP_BACKWARD: off})
    assert at.warning and at.warning[0].value == t("net.off", "zh")
    assert soft[QName("delta", 1, 3, sample=1)] == 0.0
    on = steps.index(soft.step(QName("dout_dnet", 1, 1, sample=1)))
    at.session_state[stepping_state.STEP_BACKWARD] = on
    at.run()
    assert not at.warning


def test_every_message_a_net_step_carries_is_said_in_every_language():
    keys = set()
    for net in PRESETS:
        for step in trace_net(preset(net)).steps:
            keys.add(step.message.key)
            for lang in LANGUAGES:
                text = message_text(step, lang)
                assert text and "{" not in text and "step.gen" not in text
                assert "_" not in text  # registry names are said, not printed
    assert keys <= set(MESSAGE_KEYS)
    for key in MESSAGE_KEYS:
        assert set(STRINGS[key]) >= set(LANGUAGES), key
    assert name_in("zh")("cross_entropy") == t("builder.loss.cross_entropy", "zh")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_worked_pages_add_only_a_folded_table_of_their_names_in_the_general_notation(lang):
    at = open_net("forward", None, lang)
    assert "net" not in at.query_params and not at.warning
    [expander] = [e for e in at.expander if e.label == t("net.mazur.title", lang)]
    assert not expander.table  # no second st.table beside the page's own
    [table] = [m.value for m in expander.markdown if m.value.startswith("|")]
    header, _, *rows = [line.strip("| ").split(" | ") for line in table.splitlines()]
    assert header == [t("net.mazur.tutorial", lang), t("net.mazur.general", lang)]
    pairs = dict(rows)
    assert pairs["$w_{5}$"] == "$w^{2}_{11}$" and pairs["$w_{2}$"] == "$w^{1}_{12}$"
    assert pairs["$b_{h1}$"] == "$b^{1}_{1}$" and pairs[r"$\delta_{o1}$"] == r"$\delta^{2}_{1}$"
    assert at.table[0].value.iloc[0][t("table.name", lang)] == "net_h1"  # its own table first


@pytest.mark.parametrize("page", PAGES)
def test_a_preset_page_in_the_pseudo_locale_shows_no_hard_coded_english(page):
    from tests.app.test_pseudo_locale import english_left, visible_texts
    from tutor import i18n

    with i18n.extra_language(i18n.PSEUDO, "⟦Pseudo⟧", i18n.pseudo_texts(i18n.english_texts())):
        at = AppTest.from_file(APP, default_timeout=60)
        at.session_state["lang"] = i18n.PSEUDO
        at.query_params["net"] = "batch"
        at.switch_page(f"app_pages/{page}.py").run()
        assert not at.exception
        left = english_left(list(visible_texts(at._tree)))
    assert not left, left


def test_the_off_note_marks_exactly_the_zero_steps_of_the_off_neuron():
    from tutor.stepping.netview import relu_off

    trace = trace_net(preset("softmax"))
    marked = [s.qname for s in trace.steps if relu_off(trace, s)]
    assert marked and all(s.value == 0.0 for s in trace.steps if relu_off(trace, s))
    assert {(q.layer, q.index) for q in marked} == {(1, 3)}
    assert {q.kind for q in marked} == {"dout_dnet", "delta", "dE_dw", "dE_db"}


def test_your_own_network_starts_from_the_one_on_screen_and_steps_as_edited():
    at = open_net("forward", "xor")
    at.selectbox(key=network.NET_WIDGET).select(network.OWN).run()
    assert network.net_id(at.session_state) == network.OWN and param(at, "net") == network.OWN
    assert network.spec_in_use(at.session_state) == preset("xor")
    assert_shows_step(at, "xor", "forward", 0, "en", spec=preset("xor"))
    edit(at, "W1", {0: {"c1": 0.25}})  # row k = 1, column j = 1: w^1_11, from x1 into h1
    own = network.spec_in_use(at.session_state)
    assert own.weights[0][0][0] == 0.25 and own.weights[1] == preset("xor").weights[1]
    assert_shows_step(at, network.OWN, "forward", 0, "en", spec=own)  # net¹₁ with 0.25
    written = decode(param(at, lesson_state.LESSON_PARAM))
    assert written.net == network.OWN and written.own == own


def test_a_link_carries_your_own_network_whole_and_opens_it():
    own = NetSpec.random((4, 4, 4, 4, 4), ("tanh", "relu", "sigmoid", "softmax"),
                         "cross_entropy", seed=3, samples=4)
    full = own.with_arrays({f"W{n}": [[w + 1e-13 for w in row] for row in W]  # full length
                            for n, W in enumerate(own.weights, start=1)})
    for spec in (own, full):
        lesson = Lesson(Scenario.worked_example(), step=2, net=network.OWN, own=spec)
        link = encode(lesson)
        assert decode(link) == lesson and len(link) <= MAX_LINK_CHARS  # the largest fits
    at = open_net("backward", None, lesson=encode(Lesson(Scenario.worked_example(), step=2,
                                                         net=network.OWN, own=own)))
    assert network.net_id(at.session_state) == network.OWN
    assert_shows_step(at, network.OWN, "backward", 2, "en", spec=own)
    # its last backward step too (the 453rd: past the 200 a link once allowed)
    last = len(trace_net(own).phase_steps(*PHASES["backward"])) - 1
    assert last > 200
    lesson = Lesson(Scenario.worked_example(), step=last, net=network.OWN, own=own)
    at = open_net("backward", None, lesson=encode(lesson))
    assert network.net_id(at.session_state) == network.OWN
    assert_shows_step(at, network.OWN, "backward", last, "en", spec=own)


def test_a_link_with_a_damaged_own_network_is_refused_whole():
    import base64
    import zlib

    spec = preset("xor").to_dict()
    spec["weights"] = [[["0.5"]]]  # text where a number goes, and the wrong shape
    payload = {"v": 2, "s": {k: v for k, v in Scenario.worked_example().to_dict().items()
                             if k not in ("format", "version")}, "n": {"own": spec}}
    raw = zlib.compress(json.dumps(payload).encode())
    with pytest.raises(LessonError):
        decode(base64.urlsafe_b64encode(raw).decode().rstrip("="))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_finite_difference_check_on_a_presets_backward_pass(lang):
    """The toggle the worked example's page has: each parameter gradient beside its central
    difference (E(θ + h) − E(θ − h)) / 2h, in the note and in a column of the table; not
    offered on the forward pass, nor before a predicted value is committed."""
    spec = preset("softmax")
    trace = trace_net(spec)
    steps = trace.phase_steps("backward")
    k, step = next((k, s) for k, s in enumerate(steps)
                   if s.qname is not None and s.qname.kind == "dE_dw")
    at = open_net("backward", "softmax", lang, state={STEP_KEYS["backward"]: k})
    at.toggle(key=stepping_state.SHOW_FD).set_value(True).run()
    assert not at.exception
    estimate = net_estimates(spec)[step.qname]
    assert estimate == pytest.approx(step.value, rel=1e-6)
    assert t("backward.estimate", lang, value=fmt(estimate, 4), analytic=fmt(step.value, 4)) \
        in [s.value for s in at.success]
    table = at.table[0].value
    column = list(table[t("table.estimate", lang)])
    assert column[k] == fmt(estimate, 4) and column[0] == ""  # only beside the gradients
    assert not [w for w in open_net("forward", "softmax", lang).toggle
                if w.key == stepping_state.SHOW_FD]
    modes_state.set_mode(at.session_state, "predict")
    at.run()
    assert t("backward.estimate", lang, value=fmt(estimate, 4), analytic=fmt(step.value, 4)) \
        not in [s.value for s in at.success]


@pytest.mark.parametrize(("page", "back"), [("backward", "forward"), ("update", "backward")])
def test_a_presets_first_step_leads_back_to_the_last_step_of_the_page_before(page, back):
    """The one page body gives every network the worked example's controls: at a page's
    first step, Previous gives way to the page before, opened at its last step."""
    at = open_net(page, "xor")
    assert not [b for b in at.button if b.key == f"{STEP_KEYS[page]}.previous"]
    at.button(key=f"{STEP_KEYS[page]}.way_back").click().run()
    assert not at.exception
    assert at.title[0].value == t(f"page.{back}", "en")
    assert at.session_state[STEP_KEYS[back]] == len(
        trace_net(preset("xor")).phase_steps(*PHASES[back])) - 1
    assert param(at, "net") == "xor"  # still the preset, in the address too
