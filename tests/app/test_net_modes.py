"""Predict and practice on the presets and the learner's own network (AppTest): before a
prediction is committed or an answer is checked nothing on the page gives the step's value away
(explanation, substituted numbers, diagram label, table); after a prediction the verdict says
why it was off in the step's rule; a practice answer is read as arithmetic and a wrong one
told the slip it is. Every number comes from bpcore.stepper_trace.trace_net."""

from __future__ import annotations

import pytest

from bpcore import Scenario, fmt
from bpcore.practice import fresh_net, net_fade_chain, next_seed
from bpcore.presets import preset
from bpcore.qname import QName
from bpcore.stepper_trace import NetTrace, trace_net
from tests.app.test_net_pages import PHASES, STEP_KEYS, open_net
from tests.app.test_predict_mode import page_text
from tutor.i18n import t
from tutor.lesson.codec import Fade, Lesson, LessonError, decode, encode
from tutor.lesson.state import current_lesson
from tutor.modes import state as modes_state
from tutor.modes.lens import net_scope
from tutor.modes.predict import widget_key
from tutor.stepping import network
from tutor.stepping import state as stepping_state
from tutor.stepping.netview import message_text
from tutor.ui import state as field_state
from tutor.ui.netnotation import qtext

NETS = ("xor", "bce", "softmax", "deep", "batch", "own")
TRACES = {n: trace_net(preset("worked" if n == "own" else n)) for n in NETS}


def scope(net: str) -> str:
    return net_scope(net, TRACES[net])


def telling(trace: NetTrace, page: str) -> list[int]:
    """The steps of a page whose value (or its size) no number shown before it writes the
    same at 4 decimals (a given one, or a value found earlier): a scan finds only it."""
    steps = trace.phase_steps(*PHASES[page])
    spec = trace.spec
    given = [x for row in spec.X + spec.T for x in row] + [
        x for W in spec.weights for row in W for x in row] + [
        x for b in spec.biases for x in b] + [spec.eta]
    found = []
    for k, step in enumerate(steps):
        before = trace.steps[: trace.steps.index(step)]
        shown = {fmt(x, 4) for x in [*given, *(s.value for s in before)]}
        if not step.given and abs(step.value) > 1e-3 and not {
                fmt(step.value, 4), fmt(-step.value, 4)} & shown:
            found.append(k)
    return found


def in_mode(page: str, net: str, mode: str, index: int, lang: str = "en"):
    at = open_net(page, net, lang)
    modes_state.set_mode(at.session_state, mode)
    at.session_state[STEP_KEYS[page]] = index
    return at.run()


@pytest.mark.parametrize("page", ["forward", "backward"])
@pytest.mark.parametrize("net", NETS)
def test_nothing_gives_a_preset_steps_value_away_before_the_prediction(net, page):
    trace = TRACES[net]
    index = telling(trace, page)[len(telling(trace, page)) // 2]
    step = trace.phase_steps(*PHASES[page])[index]
    at = in_mode(page, net, "predict", index)
    assert not at.exception
    text = page_text(at)
    assert len(text) > 2000 and r"\;?" in text
    assert fmt(step.value, 4) not in text and fmt(abs(step.value), 4) not in text
    assert message_text(step, "en") not in text
    assert t("net.off", "en") not in text
    if page == "backward":
        assert [r.options for r in at.radio if r.key and r.key.startswith("predict.")] == [
            ["+", "−", "0"], [t(f"predict.size.{s}", "en") for s in ("bigger", "smaller",
                                                                     "same")]]
        at.radio(key=widget_key(page, index, "sign", scope(net))).set_value("positive").run()
        at.radio(key=widget_key(page, index, "size", scope(net))).set_value("bigger").run()
    else:
        at.text_input(key=widget_key(page, index, "number", scope(net))).input("0.5").run()
    at.button(key=f"predict.commit.{page}.{index}.{scope(net)}").click().run()
    assert not at.exception
    after = page_text(at)
    assert fmt(step.value, 4) in after
    assert at.session_state[modes_state.PREDICTIONS][f"{scope(net)}/{page}:{index}"]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_wrong_sign_is_told_why_in_the_steps_rule(lang):
    """δ²₁ = ∂E/∂out²₁ · ∂out²₁/∂net²₁ of xor is negative: its factors' signs say why."""
    trace = TRACES["xor"]
    steps = trace.phase_steps("backward")
    index = steps.index(trace.step(QName("delta", 2, 1, sample=1)))
    at = in_mode("backward", "xor", "predict", index, lang)
    at.radio(key=widget_key("backward", index, "sign", scope("xor"))).set_value("positive").run()
    at.radio(key=widget_key("backward", index, "size", scope("xor"))).set_value("bigger").run()
    at.button(key=f"predict.commit.backward.{index}.{scope('xor')}").click().run()
    [said] = [w.value for w in at.warning]
    g, s = QName("dE_dout", 2, 1, sample=1), QName("dout_dnet", 2, 1, sample=1)
    assert t("predict.why.product", lang, a=qtext(g), av=fmt(trace[g], 4), b=qtext(s),
             bv=fmt(trace[s], 4), sa=t("predict.sign.negative", lang),
             sb=t("predict.sign.positive", lang), s=t("predict.sign.negative", lang)) in said
    assert t("predict.why.scaled_smaller", lang, last=qtext(s), factor=qtext(g),
             value=fmt(trace[g], 4)) in said


def test_a_cross_entropy_slope_is_told_why_it_is_zero():
    trace = TRACES["softmax"]
    index = trace.phase_steps("backward").index(trace.step(QName("dE_dout", 2, 1, sample=1)))
    at = in_mode("backward", "softmax", "predict", index)
    at.radio(key=widget_key("backward", index, "sign", scope("softmax"))).set_value(
        "negative").run()
    at.radio(key=widget_key("backward", index, "size", scope("softmax"))).set_value(
        "smaller").run()
    at.button(key=f"predict.commit.backward.{index}.{scope('softmax')}").click().run()
    [said] = [w.value for w in at.warning]
    o, tq = QName("out", 2, 1, sample=1), QName("t", 2, 1, sample=1)
    assert t("predict.why.ce_slope", "en", out=qtext(o), out_value=fmt(trace[o], 4),
             target=qtext(tq), target_value=fmt(0.0, 4), s=t("predict.sign.zero", "en")) in said


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_forward_prediction_that_is_a_known_slip_on_a_preset_is_told_the_slip(lang):
    trace = TRACES["deep"]
    out, net = QName("out", 2, 1, sample=1), QName("net", 2, 1, sample=1)
    index = trace.phase_steps("forward", "error").index(trace.step(out))
    at = in_mode("forward", "deep", "predict", index, lang)
    box = widget_key("forward", index, "number", scope("deep"))
    at.text_input(key=box).input(fmt(trace[net], 4)).run()
    at.button(key=f"predict.commit.forward.{index}.{scope('deep')}").click().run()
    [said] = [w.value for w in at.warning]
    assert t("mistake.gen.no_activation", lang, at=qtext(out), out=qtext(out), net=qtext(net),
             activation=t("activation.name.sigmoid", lang)) in said


def practise(at, page: str, index: int, net: str, answer: str):
    key = modes_state.practice_answer_key(page, index, scope(net))
    at.text_input(key=key).input(answer).run()
    return at.button(key=f"practice.check.{page}.{index}.{scope(net)}").click().run()


@pytest.mark.parametrize("net", NETS)
def test_practice_on_each_network_hides_checks_and_names_a_slip(net):
    """An output δ of each network: hidden until answered; an answer with a known
    slip is told it; the value as arithmetic is right and then shown (diagram, table)."""
    trace = TRACES[net]
    steps = trace.phase_steps("backward")
    index = next(k for k in telling(trace, "backward") if steps[k].qname.kind == "delta"
                 and steps[k].qname.layer == trace.spec.layers)
    delta = steps[index]
    at = in_mode("backward", net, "practice", index)
    assert not at.exception
    assert fmt(delta.value, 4) not in page_text(at)
    out = QName("out", delta.qname.layer, delta.qname.index, sample=delta.qname.sample)
    target = QName("t", out.layer, out.index, sample=out.sample)
    o, tv = trace[out], trace.value(target)
    slip = {"half_sse": "no_slope", "binary_cross_entropy": "slope_kept",
            "cross_entropy": "softmax_diagonal"}[trace.spec.loss]
    wrong = (o - tv) if slip == "no_slope" else (o - tv) * o * (1 - o)
    at = practise(at, "backward", index, net, repr(wrong))
    [error] = [e.value for e in at.error]
    assert error.startswith(t(f"mistake.gen.{slip}", "en", at=qtext(
        delta.qname, trace.spec.samples), delta=qtext(delta.qname, trace.spec.samples),
        out=qtext(out, trace.spec.samples), target=qtext(target, trace.spec.samples),
        grad=qtext(QName("dE_dout", out.layer, out.index, sample=out.sample),
                   trace.spec.samples),
        slope=qtext(QName("dout_dnet", out.layer, out.index, sample=out.sample),
                    trace.spec.samples)))
    assert fmt(delta.value, 4) not in page_text(at)
    at = practise(at, "backward", index, net, f"{delta.value!r} * (1 + 0) - 0")
    assert [s.value for s in at.success] == [t("practice.right", "en",
                                               value=fmt(delta.value, 4))]
    assert fmt(delta.value, 4) in page_text(at)
    assert at.session_state[modes_state.PRACTICE_SCORE]["backward"] == (1, 2)


def test_practice_keeps_the_update_pages_old_to_new_table_back():
    trace = TRACES["xor"]
    new = trace.phase_steps("update")[0]
    at = in_mode("update", "xor", "practice", 0)
    assert not at.exception and not at.table and fmt(new.value, 4) not in page_text(at)
    assert at.text_input(key=modes_state.practice_answer_key("update", 0, scope("xor")))


def test_a_hint_on_a_preset_names_the_rule_and_where_each_value_is():
    trace = TRACES["xor"]
    steps = trace.phase_steps("backward")
    delta = trace.step(QName("delta", 2, 1, sample=1))
    index = steps.index(delta)
    at = in_mode("backward", "xor", "practice", index, "zh")
    at.toggle(key=f"practice.hint.backward.{index}.{scope('xor')}").set_value(True).run()
    [hint] = [i.value for i in at.info]
    assert hint.startswith(message_text(delta, "zh").rstrip("。"))
    g = QName("dE_dout", 2, 1, sample=1)
    assert t("hint.item.here", "zh", name=qtext(g), n=steps.index(trace.step(g)) + 1) in hint


def test_a_step_with_nothing_to_work_out_is_shown_as_it_is():
    """A ReLU's slope is given ([net > 0]): no answer box, its value shown."""
    trace = TRACES["softmax"]
    steps = trace.phase_steps("backward")
    index = steps.index(trace.step(QName("dout_dnet", 1, 1, sample=1)))
    at = in_mode("backward", "softmax", "practice", index)
    assert not [x for x in at.text_input if x.key == modes_state.practice_answer_key(
        "backward", index, scope("softmax"))]
    assert at.button(key=f"practice.next.backward.{index}.{scope('softmax')}")


def test_answers_on_one_network_are_not_answers_on_another():
    at = in_mode("forward", "xor", "practice", 0)
    at = practise(at, "forward", 0, "xor", repr(TRACES["xor"].phase_steps("forward")[0].value))
    assert at.success
    at.sidebar.selectbox(key=network.NET_WIDGET).set_value("bce").run()
    assert not at.success and at.text_input(
        key=modes_state.practice_answer_key("forward", 0, scope("bce"))).value == ""


def commit_sign(net: str, index: int, sign: str, size: str, lang: str = "en") -> list[str]:
    at = in_mode("backward", net, "predict", index, lang)
    at.radio(key=widget_key("backward", index, "sign", scope(net))).set_value(sign).run()
    at.radio(key=widget_key("backward", index, "size", scope(net))).set_value(size).run()
    at.button(key=f"predict.commit.backward.{index}.{scope(net)}").click().run()
    assert not at.exception
    return [w.value for w in at.warning]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_delta_that_is_out_minus_t_is_told_where_out_is_against_its_target(lang):
    """Softmax with cross-entropy: δ²₂ = out²₂ − t₂ < 0, out below its target."""
    trace = TRACES["softmax"]
    d = QName("delta", 2, 2, sample=1)
    index = trace.phase_steps("backward").index(trace.step(d))
    [said] = commit_sign("softmax", index, "positive", "bigger", lang)
    o = QName("out", 2, 2, sample=1)
    assert t("predict.why.error_slope_below", lang, out=qtext(o), out_value=fmt(trace[o], 4),
             target=qtext(QName("t", 2, 2, sample=1)), target_value=fmt(1.0, 4)) in said


def test_a_wrong_sign_the_shape_says_nothing_of_is_told_the_steps_rule():
    """The batch's ∂E/∂w²₁₁ is a mean over its samples: its rule in words."""
    trace = TRACES["batch"]
    g = trace.step(QName("dE_dw", 2, 1, 1))
    index = trace.phase_steps("backward").index(g)
    wrong = "negative" if g.value > 0 else "positive"
    [said] = commit_sign("batch", index, wrong, "bigger")
    assert t("predict.because", "en", rule=message_text(g, "en").rstrip(".")) in said


# --- the faded example on any network -----------------------------------------------------------
def fading(net: str, lang: str = "en"):
    at = open_net("backward", net, lang)
    modes_state.set_mode(at.session_state, "fade")
    return at.run()


def chain_rows(at) -> list[str]:
    [block] = [x.value for x in at.latex if r"\begin{aligned}" in x.value]
    body = block.split(r"\begin{aligned}")[1].split(r"\end{aligned}")[0]
    return [row.strip() for row in body.split(r"\\[2pt]")]


def fade_work(at, net: str, q: QName, value: float):
    key = f"{scope(net)}/{q.id}"
    at.text_input(key=modes_state.fade_key(key)).input(repr(value)).run()
    return at.button(key=f"fade.check.{key}").click().run()


@pytest.mark.parametrize("net", ["xor", "softmax", "batch"])
def test_a_presets_faded_example_fades_its_chain_then_draws_a_fresh_network(net):
    trace = TRACES[net]
    chain = net_fade_chain(trace)
    at = fading(net)
    assert not at.exception
    rows = chain_rows(at)
    assert len(rows) == len(chain) and not any(r.endswith("?") for r in rows)
    assert fmt(trace[chain[-1]], 4) in rows[-1]  # w^L_11⁺ worked
    stages = len(chain) + 2
    for stage in range(1, stages - 1):
        at.button(key="fade.next").click().run()
        assert at.session_state[modes_state.NET_FADE][scope(net)]["stage"] == stage
        blanks = chain[len(chain) - stage:]
        assert [r.endswith("?") or r.endswith("{?}") for r in chain_rows(at)] == [
            q in blanks for q in chain]
        for q in blanks:
            at = fade_work(at, net, q, trace[q])
        assert at.session_state[modes_state.NET_FADE][scope(net)]["done"] == {
            q.id: "right" for q in blanks}
    at.button(key="fade.next").click().run()  # alone: a fresh network of the same shape
    seed = at.session_state[modes_state.NET_FADE][scope(net)]["seed"]
    fresh = trace_net(fresh_net(preset(net), seed))
    assert fresh.spec.sizes == trace.spec.sizes and fresh.spec != trace.spec
    at = fade_work(at, net, chain[0], fresh[chain[0]])
    assert at.session_state[modes_state.NET_FADE][scope(net)]["done"] == {chain[0].id: "right"}
    assert not at.exception
    assert at.session_state[modes_state.FADE_STAGE] == 0 if modes_state.FADE_STAGE in \
        at.session_state else True  # the worked example's own progress: untouched


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_wrong_blank_of_a_presets_faded_example_is_told_its_slip(lang):
    trace = TRACES["softmax"]
    d = QName("delta", 2, 1, sample=1)
    chain = net_fade_chain(trace)
    assert chain[0] == d and len(chain) == 3  # δ = out − t: neither ∂E/∂out nor σ′
    assert len(net_fade_chain(TRACES["batch"])) == 5  # as long as the worked example's
    at = fading("softmax", lang)
    for stage in (1, 2):  # work the last blanks of each stage to open the next
        at.button(key="fade.next").click().run()
        for q in chain[len(chain) - stage:]:
            if q.id not in at.session_state[modes_state.NET_FADE][scope("softmax")]["done"]:
                at = fade_work(at, "softmax", q, trace[q])
    at.button(key="fade.next").click().run()  # stage 3: δ²₁ is the first blank
    o = trace[QName("out", 2, 1, sample=1)]
    at = fade_work(at, "softmax", d, o * o * (1 - o))  # (out − 0) · out(1 − out)
    [said] = [e.value for e in at.error]
    assert said.startswith(t("mistake.gen.softmax_diagonal", lang, at=qtext(d), delta=qtext(d),
                             out=qtext(QName("out", 2, 1, sample=1)),
                             target=qtext(QName("t", 2, 1, sample=1))))
    hint = [c.value for c in at.caption if t("hint.needs", lang, items="")[:4] in c.value]
    assert hint


def test_a_presets_faded_progress_travels_in_the_lesson_link_and_comes_back():
    """A link made mid-way through xor's faded example reopens it at that stage, with the
    blanks done; the worked example's own progress is not touched by it."""
    net = "xor"
    trace = TRACES[net]
    chain = net_fade_chain(trace)
    at = fading(net)
    at.button(key="fade.next").click().run()  # stage 1: the last step is a blank
    at = fade_work(at, net, chain[-1], trace[chain[-1]])
    lesson = current_lesson(at.session_state, "backward")
    assert lesson.net == net and lesson.mode == "fade"
    assert lesson.fade == Fade(1, (chain[-1].id,), None)
    again = open_net("backward", None, lesson=encode(lesson))
    assert not again.exception
    kept = again.session_state[modes_state.NET_FADE][scope(net)]
    assert kept["stage"] == 1 and kept["done"] == {chain[-1].id: "right"}
    assert again.session_state[modes_state.FADE_STAGE] == 0  # the worked example's: fresh
    assert not chain_rows(again)[-1].endswith("?")  # the blank done: worked, not asked


def test_a_link_whose_faded_blanks_are_not_its_networks_chain_is_refused():
    xor_chain = tuple(q.id for q in net_fade_chain(TRACES["xor"]))
    worked = Lesson(Scenario.worked_example(), mode="fade", fade=Fade(1, ("w5_new",)))
    assert decode(encode(worked)).fade.done == ("w5_new",)  # the worked example's, by name
    for net, done in (("xor", ("w5_new",)), ("softmax", xor_chain[-1:] + ("x",)),
                      ("worked", xor_chain[-1:])):
        link = encode(Lesson(Scenario.worked_example(), mode="fade", fade=Fade(1, done),
                             net=net))
        with pytest.raises(LessonError):
            decode(link)
    too_far = Lesson(Scenario.worked_example(), mode="fade", net="softmax",
                     fade=Fade(len(net_fade_chain(TRACES["softmax"])) + 2))
    with pytest.raises(LessonError):  # past the last stage of softmax's shorter chain
        decode(encode(too_far))


@pytest.mark.parametrize("net", ["xor", "softmax"])
def test_new_exercise_on_a_preset_draws_a_network_of_its_shape_and_keeps_the_worked_example(net):
    at = open_net("backward", net, state={STEP_KEYS["backward"]: 3})
    at.sidebar.text_input(key=field_state.field_text_key(
        modes_state.EXERCISE_SEED_WIDGET)).input("42").run()
    at.sidebar.button(key="practice.new").click().run()
    assert not at.exception
    spec = network.spec_in_use(at.session_state)
    assert network.net_id(at.session_state) == network.OWN
    assert spec == fresh_net(preset(net), 42) and spec.sizes == preset(net).sizes
    assert spec.activations == preset(net).activations and spec.loss == preset(net).loss
    assert at.session_state[STEP_KEYS["backward"]] == 0  # a new exercise starts at its start
    assert at.session_state[stepping_state.SCENARIO] == Scenario.worked_example()
    assert t("practice.current_seed", "en", seed=42) in [c.value for c in at.sidebar.caption]
    at.sidebar.button(key="practice.new").click().run()  # the next number, same shape
    assert network.spec_in_use(at.session_state) == fresh_net(preset(net), next_seed(42))
