"""A faded worked example on the backward page: the chain to w5's update, worked in full, then
with its last step left blank, then the last two, … until the learner works a freshly seeded
network alone (bpcore.practice.FADE_CHAIN, fade_blanks, fade_alone).

One line per step of the chain. A worked line is symbol = formula = numbers = result; a blank
is symbol = formula = ? with the rule it needs in this step's symbols and where each value is
("∂E/∂w5 = δ_o1 · out_h1 — you need δ_o1 (step 3) and out_h1 (…)"). Blanks are worked in
order: the first one not yet done has the answer box, Check and Show me; a wrong answer is
told its direction, size and mistake (tutor.modes.lens.feedback). Its substituted numbers are not
shown, since they would give the blank before it away: the learner carries their own. The
next stage opens once every blank of this one is done. Stage, blanks done and the fresh
network's number are in the session (tutor.modes.state) and the lesson link
(tutor.lesson.codec.Fade).

Any other network (a preset, the learner's own) fades the same way along its own chain to
the update of w^L_11 (bpcore.practice.net_fade_chain), through a NetLens, its last stage a
network of the same shape drawn from a seed (bpcore.practice.fresh_net); its progress is
kept per network in the session (modes_state.NET_FADE) and in the lesson link, which carries
the faded example of the network it steps.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import streamlit as st

from bpcore import Formula, Scenario, Trace, fmt, trace_step
from bpcore.errors import CodedError
from bpcore.limits import EXPR_FIELD_CHARS
from bpcore.netspec import NetSpec
from bpcore.practice import (
    FADE_CHAIN,
    FADE_STAGES,
    blanks_of,
    exercise,
    fade_stages,
    fresh_net,
    is_right,
    named_value,
    net_fade_chain,
    next_seed,
    read_answer,
)
from bpcore.qname import QName
from bpcore.stepper_trace import trace_net
from tutor.i18n import t, tn
from tutor.modes import state as modes_state
from tutor.modes.lens import Lens, NetLens, WorkedLens, feedback, net_scope
from tutor.ui import notation
from tutor.ui import state as field_state
from tutor.ui.netnotation import qtext
from tutor.ui.reasons import reason

GIVEN = ("target_o1", "out_o1", "out_h1", "w5", "eta")  # what the chain starts from
CHAIN_KEY = "fade-chain"
# The chain is five formulas high: its type is 1.05em of the page's (~18 px, ~24 px in
# presentation mode, where share.PRESENTATION_CSS would make it 33 px), so that the chain and
# the blank being worked fit one 1280×720 screen.
CHAIN_CSS = f"<style>.st-key-{CHAIN_KEY} .katex {{ font-size: 1.05em; }}</style>"


@dataclass(frozen=True)
class Faded:
    """One faded example at its stage: the chain's steps on the trace the stage works on,
    each one's key in the progress (the worked example: its name), the number of stages,
    what is given, and where the progress is kept (``scope``: "" for the worked example's
    own session keys, else the network's entry in modes_state.NET_FADE)."""

    lens: Lens
    steps: tuple[Formula, ...]
    keys: tuple[str, ...]
    stages: int
    given: str
    scope: str = ""
    upright: bool = False  # write out, net upright, as the general formula panel does


def _ensure() -> None:
    if modes_state.FADE_STAGE not in st.session_state:
        modes_state.fresh_fade(st.session_state)


def progress(scope: str) -> dict[str, Any]:
    """stage, done (key → right | shown), seed and answers (key → the last wrong answer) of
    the faded example kept under ``scope``; done and answers are the session's own dicts."""
    ss = st.session_state
    if not scope:
        _ensure()
        return {"stage": ss[modes_state.FADE_STAGE], "done": ss[modes_state.FADE_DONE],
                "seed": ss.get(modes_state.FADE_SEED), "answers": ss[modes_state.FADE_ANSWERS]}
    return ss.setdefault(modes_state.NET_FADE, {}).setdefault(
        scope, {"stage": 0, "done": {}, "seed": None, "answers": {}})


def fade_trace(scenario: Scenario) -> Trace:
    """The trace the stage works on: the session's scenario, or the fresh exercise at the
    last stage (recomputed per run, like the pages' own trace: ~0.5 ms)."""
    ss = st.session_state
    stage, seed = ss[modes_state.FADE_STAGE], ss.get(modes_state.FADE_SEED)
    if stage == FADE_STAGES - 1 and seed is not None:
        return trace_step(exercise(seed))
    return trace_step(scenario)


def _step(trace: Trace, name: str) -> Formula:
    return next(s for s in trace.steps if s.name == name)


def _rows(faded: Faded, blanks: tuple[str, ...], done: dict[str, str], decimals: int,
          current: str | None) -> str:
    """The chain as one block aligned at its first "=" (see chain_latex)."""
    rows = []
    for key, step in zip(faded.keys, faded.steps, strict=True):
        if key in blanks and key not in done:
            mark = r"\color{#1f6feb}{?}" if key == current else "?"
            rows.append(rf"{step.symbol} &= {step.formula} = \;{mark}")
            continue
        substituted, result = step.display(decimals)
        tick = {"right": r"\;\color{#1a7f37}{\checkmark}",
                "shown": r"\;\color{#8c959f}{\checkmark}"}.get(done.get(key, ""), "")
        rows.append(rf"{step.symbol} &= {step.formula} = {substituted} = {result}{tick}")
    block = r"\begin{aligned} " + r" \\[2pt] ".join(rows) + r" \end{aligned}"
    return notation.upright(block) if faded.upright else block


def chain_latex(trace: Trace, blanks: tuple[str, ...], done: dict[str, str],
                decimals: int, current: str | None) -> str:
    """The whole chain as one block aligned at its first "=": a worked row is symbol =
    formula = numbers = result, a blank symbol = formula = ? (the one being worked in
    colour); a blank answered right is ticked, one shown ticked in grey."""
    return _rows(worked_faded(trace, decimals), blanks, done, decimals, current)


def _go(scope: str, stage: int, stages: int) -> None:
    ss = st.session_state
    seed = progress(scope)["seed"]
    if stage == stages - 1:
        seed = next_seed(seed)  # a fresh network each time the last stage is entered
    if not scope:
        modes_state.fresh_fade(ss, stage, seed=seed)
    else:
        modes_state.fresh_net_fade(ss, scope, stage, seed=seed)


def _box(scope: str, key: str) -> str:
    """The answer box of one blank (the worked example's as it was)."""
    return modes_state.fade_key(f"{scope}/{key}" if scope else key)


def _check(scope: str, key: str, value: float, decimals: int) -> None:
    ss = st.session_state
    box = _box(scope, key)
    kept = progress(scope)
    try:
        answer = read_answer(str(ss.get(box) or ""))
    except CodedError as err:
        ss[field_state.FIELD_ERRORS][box] = err
        return
    ss[field_state.FIELD_ERRORS].pop(box, None)
    if is_right(answer.value, value, decimals):
        kept["done"][key] = "right"
        kept["answers"].pop(key, None)
    else:
        kept["answers"][key] = answer


def _show(scope: str, key: str) -> None:
    progress(scope)["done"][key] = "shown"


def stage_label(stage: int, lang: str, stages: int = FADE_STAGES) -> str:
    """"Stage 3 of 7: the last 2 steps are yours" (worked, k blanks, or alone)."""
    if stage == 0:
        what = t("fade.what.worked", lang)
    elif stage == stages - 1:
        what = t("fade.what.alone", lang)
    else:
        what = tn("fade.what.blanks", stage, lang)
    return t("fade.stage", lang, n=stage + 1, count=stages, what=what)


def _blank(faded: Faded, key: str, step: Formula, decimals: int, lang: str) -> None:
    """The answer row of the blank being worked, and what the last wrong answer was."""
    scope = faded.scope
    tail = f"{scope}/{key}" if scope else key
    box, check, show = st.columns([2.2, 1, 1], vertical_alignment="bottom")
    label = t("fade.answer", lang, name=faded.lens.text(step))
    box.text_input(label, key=_box(scope, key), placeholder=label,
                   max_chars=EXPR_FIELD_CHARS,
                   label_visibility="collapsed")
    check.button(t("practice.check", lang), key=f"fade.check.{tail}", type="primary",
                 width="stretch", on_click=_check, args=(scope, key, step.value, decimals))
    show.button(t("practice.show", lang), key=f"fade.show.{tail}", width="stretch",
                on_click=_show, args=(scope, key))
    refusal = st.session_state[field_state.FIELD_ERRORS].get(_box(scope, key))
    wrong = progress(scope)["answers"].get(key)
    if refusal is not None:
        st.warning(t("practice.format", lang, reason=reason(refusal, lang,
                                                              field=t("practice.answer", lang))))
    elif wrong is not None:
        st.error("  \n".join([*feedback(faded.lens, step, wrong.value, decimals, lang,
                                          wrong.places), t("practice.try_again", lang)]))


def worked_faded(trace: Trace, decimals: int) -> Faded:
    """The worked example's faded chain (to w5's update) on ``trace``."""
    given = ", ".join(f"{notation.text(n)} = {fmt(named_value(trace, n), decimals)}"
                      for n in GIVEN)
    return Faded(WorkedLens(trace), tuple(_step(trace, n) for n in FADE_CHAIN), FADE_CHAIN,
                 FADE_STAGES, given)


def _view(faded: Faded, decimals: int, lang: str) -> None:
    """A faded example at its stage: the stage's controls, what is given, the chain."""
    kept = progress(faded.scope)
    stage, stages, scope = min(kept["stage"], faded.stages - 1), faded.stages, faded.scope
    blanks = blanks_of(stage, faded.keys)
    done = kept["done"]
    open_blanks = [n for n in blanks if n not in done]
    alone = stage == stages - 1
    with st.container(horizontal=True, vertical_alignment="center", key="fade.controls"):
        st.markdown(f"**{stage_label(stage, lang, stages)}**")
        st.button(t("fade.previous", lang), key="fade.previous", on_click=_go,
                  args=(scope, stage - 1, stages), disabled=stage == 0)
        if alone:
            st.button(t("fade.another", lang), key="fade.another", on_click=_go,
                      args=(scope, stage, stages))
        else:
            st.button(t("fade.next", lang), key="fade.next", type="primary", on_click=_go,
                      args=(scope, stage + 1, stages), disabled=bool(open_blanks))
    if alone:
        st.caption(t("fade.alone_note", lang, seed=kept["seed"]))
    if blanks:
        st.caption(t("fade.given", lang, given=faded.given))
    else:
        st.caption(t("fade.worked_note", lang))
    current = open_blanks[0] if open_blanks else None
    with st.container(key=CHAIN_KEY):
        st.html(CHAIN_CSS)
        st.latex(_rows(faded, blanks, done, decimals, current))
    if current is not None:
        step = faded.steps[faded.keys.index(current)]
        st.caption(faded.lens.hint(step, "backward", decimals, lang))
        _blank(faded, current, step, decimals, lang)
    elif blanks and not alone:
        st.success(t("fade.stage_done", lang))
    elif blanks:
        st.success(t("fade.all_done", lang))


def fading_view(scenario: Scenario, decimals: int, lang: str) -> None:
    """The faded worked example at its stage: the stage's controls, what is given, the chain."""
    _ensure()
    _view(worked_faded(fade_trace(scenario), decimals), decimals, lang)


def net_given(spec: NetSpec) -> tuple[QName, ...]:
    """What a network's chain starts from: the first sample's target and out of output 1 and
    what w^L_11 carries (out^{L−1}_1); in a batch each other sample's δ^L_1 and what w^L_11
    carries there; w^L_11 and η."""
    L = spec.layers
    first = (QName("t", L, 1, sample=1), QName("out", L, 1, sample=1),
             QName("out", L - 1, 1, sample=1))
    others = [q for s in range(2, spec.samples + 1)
              for q in (QName("delta", L, 1, sample=s), QName("out", L - 1, 1, sample=s))]
    return (*first, *others, QName("w", L, 1, 1), QName("eta"))


def net_fading_view(net_id: str, spec: NetSpec, decimals: int, lang: str) -> None:
    """The faded example of any other network: its chain to w^L_11's update, faded stage by
    stage, its last stage a network of the same shape drawn from a seed."""
    trace = trace_net(spec)
    scope = net_scope(net_id, trace)
    kept = progress(scope)
    chain = net_fade_chain(trace)
    stages = fade_stages(chain)
    if min(kept["stage"], stages - 1) == stages - 1 and kept["seed"] is not None:
        trace = trace_net(fresh_net(spec, kept["seed"]))
    m = spec.samples
    given = ", ".join(f"{qtext(q, m)} = {fmt(trace.value(q), decimals)}"
                      for q in net_given(spec))
    faded = Faded(NetLens(trace, scope), tuple(trace.step(q) for q in chain),
                  tuple(q.id for q in chain), stages, given, scope, upright=True)
    _view(faded, decimals, lang)
