"""Predict, then see: before a step's value is shown, the learner commits a prediction and a
one-line "why?", then sees both beside the truth and the reason in the step's own rule.

Until the prediction is committed nothing on the page gives the value or its sign away: the
form shows only what is asked for (the step's symbol, = ?), not its explanation or its
substituted numbers (stepping.stepview keeps the diagram's label, the values table and the
code view at the previous step). After it, the verdict says why: the sign of a product from
its factors' signs, of ∂E/∂out from where out is against its target, of σ′ from 0 < out < 1,
of a sum from its terms; the size against the last value from the factor it was multiplied
by; a forward number with the known slip it is, or the step's rule — each only for what the
prediction got wrong (a right one needs no reason, and the verdict stays on screen).

A forward value (forward and error phases) is predicted as a number; a backward value (a
factor, a δ, a gradient) by its sign and its size against the last value found ("bigger or
smaller than ∂E/∂out_o1 = 0.7414?"). The comparison is bpcore's (bpcore.practice.sign_of,
size_against; bpcore.mistakes.direction for a number). The "why?" is plain text: kept in the
session, shown back as text (never as Markdown or HTML). The update page is not predicted: its
steps are the gradient's own arithmetic (practice mode asks for them).

Written once for any network through a tutor.modes.lens.Lens (the worked example's Trace, or
a preset's or the learner's own general trace): a general backward value may also be zero
(a ReLU that is off, a cross-entropy slope where t = 0) or the same size as the last one (a
sum of one path), so its choices include them; and where a general step's shape says nothing
simple about a wrong sign or size, the verdict gives the step's rule in words.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from bpcore import Formula, Trace, fmt
from bpcore.errors import CodedError
from bpcore.limits import EXPR_FIELD_CHARS, NOTE_CHARS
from bpcore.mistakes import direction
from bpcore.practice import is_right, read_answer, sign_of, size_against
from bpcore.stepper_trace import NetTrace
from tutor.i18n import t
from tutor.modes import state as modes_state
from tutor.modes.hints import said
from tutor.modes.lens import Lens, as_lens, place
from tutor.ui import state as field_state
from tutor.ui.choices import choice_widget
from tutor.ui.formula import step_header
from tutor.ui.reasons import reason

PAGES = ("forward", "backward")  # the pages that ask for predictions


@dataclass(frozen=True)
class Prediction:
    """What the learner committed for one step: a number (forward) or a sign and a size
    against the last value (backward), and why."""

    number: float | None = None
    sign: str | None = None  # "positive" | "negative"
    size: str | None = None  # "bigger" | "smaller"
    why: str = ""
    places: int | None = None  # the decimals the number was written with (bpcore.expr)


def widget_key(page: str, index: int, part: str, scope: str = "") -> str:
    """A prediction widget of one step: part number, sign, size or why (``scope``: another
    network's, tutor.modes.lens.place)."""
    return f"predict.{part}.{page}.{index}" + (f".{scope}" if scope else "")


def made(page: str, index: int, lens: Lens | None = None) -> Prediction | None:
    """The prediction committed for this step, if any (its result may then be seen); of the
    worked example unless ``lens`` says which network."""
    where = place(lens, page, index) if lens is not None else f"{page}:{index}"
    return st.session_state.get(modes_state.PREDICTIONS, {}).get(where)


def asks_number(step: Formula) -> bool:
    """True for a forward value (a number is predicted), False for a backward one."""
    return step.phase in ("forward", "error")


def previous(trace: Trace | NetTrace, step: Formula) -> Formula:
    """The last value found before ``step`` (what its size is compared with)."""
    names = [s.name for s in trace.steps]
    return trace.steps[max(names.index(step.name) - 1, 0)]


def _commit(lens: Lens, page: str, index: int, step: Formula) -> None:
    ss = st.session_state
    scope = lens.scope
    why = str(ss.get(widget_key(page, index, "why", scope)) or "")[:NOTE_CHARS]
    if asks_number(step):
        box = widget_key(page, index, "number", scope)
        try:
            reading = read_answer(str(ss.get(box) or ""), "prediction")
        except CodedError as err:
            ss[field_state.FIELD_ERRORS][box] = err
            return
        ss[field_state.FIELD_ERRORS].pop(box, None)
        prediction = Prediction(number=reading.value, why=why, places=reading.places)
    else:
        sign = ss.get(widget_key(page, index, "sign", scope))
        size = ss.get(widget_key(page, index, "size", scope))
        if sign is None or size is None:
            ss[field_state.FIELD_ERRORS][widget_key(page, index, "sign", scope)] = CodedError(
                "prediction", "empty")
            return
        ss[field_state.FIELD_ERRORS].pop(widget_key(page, index, "sign", scope), None)
        prediction = Prediction(sign=sign, size=size, why=why)
    ss.setdefault(modes_state.PREDICTIONS, {})[place(lens, page, index)] = prediction


def prediction_form(page: str, lens: Lens | Trace, step: Formula, index: int, count: int,
                    decimals: int, lang: str) -> None:
    """Ask for the prediction: what is asked (the step's symbol = ?; its explanation and its
    numbers would give the value or its sign away), then a number (forward) or a sign and a
    size (backward), the "why?" line and Commit."""
    lens = as_lens(lens)
    scope = lens.scope
    step_header(step, index, count, lang)
    st.latex(lens.question(step))
    errors = st.session_state[field_state.FIELD_ERRORS]
    if asks_number(step):
        st.text_input(t("predict.number", lang), key=widget_key(page, index, "number", scope),
                      max_chars=EXPR_FIELD_CHARS)
        refusal = errors.get(widget_key(page, index, "number", scope))
    else:  # one line of questions over the two choices side by side: one screen
        last = previous(lens.trace, step)
        st.caption(t("predict.sign", lang) + " " + t(
            "predict.size", lang, last=lens.text(last), value=fmt(last.value, decimals)))
        sign_col, size_col = st.columns([1, 2])
        choice_widget(
            sign_col.radio, t("predict.sign", lang), lens.signs, index=None, horizontal=True,
            key=widget_key(page, index, "sign", scope), label_visibility="collapsed",
            format_func=lambda s: t(f"predict.sign_mark.{s}", lang))
        choice_widget(
            size_col.radio, t("predict.size_short", lang), lens.sizes, index=None, horizontal=True,
            key=widget_key(page, index, "size", scope), label_visibility="collapsed",
            format_func=lambda s: t(f"predict.size.{s}", lang))
        refusal = errors.get(widget_key(page, index, "sign", scope))
    why, commit = st.columns([2.2, 1], vertical_alignment="bottom")
    why.text_input(t("predict.why", lang), key=widget_key(page, index, "why", scope),
                   max_chars=NOTE_CHARS, placeholder=t("predict.why", lang),
                   label_visibility="collapsed")
    commit.button(t("predict.commit", lang),
                  key=f"predict.commit.{page}.{index}" + (f".{scope}" if scope else ""),
                  type="primary", width="stretch", on_click=_commit,
                  args=(lens, page, index, step))
    if refusal is not None and asks_number(step):
        st.warning(t("predict.refused", lang, reason=reason(refusal, lang,
                                                              field=t("predict.number", lang))))
    elif refusal is not None:
        st.warning(t("predict.choose", lang))


def _sign_and_size_reasons(lens: Lens, step: Formula, decimals: int,
                           lang: str) -> tuple[list[str], list[str]]:
    """(what sets the sign, what sets the size against the last value) in the step's rule
    (its lens.Shape): a product's sign from its factors' signs and its size from the factor
    that scales the last value; ∂E/∂out's sign from out against its target (−t/out's from
    t for cross-entropy); σ′'s from 0 < out < 1; a sum's sign and size from its terms.
    Empty where the rule says nothing simple."""
    shape, values = lens.shape(step), step.operands
    names = [lens.operand(step, k) for k in shape.slots]
    ns = [values[k] for k in shape.slots]
    last = previous(lens.trace, step)
    if shape.kind in ("error_slope", "ce_slope"):
        (target, out), (tv, ov) = names, ns
        if shape.kind == "ce_slope":
            return [t("predict.why.ce_slope", lang, out=out, out_value=fmt(ov, decimals),
                      target=target, target_value=fmt(tv, decimals),
                      s=t(f"predict.sign.{sign_of(step.value)}", lang))], []
        key = "predict.why.error_slope_above" if ov > tv else "predict.why.error_slope_below"
        return [t(key, lang, out=out, out_value=fmt(ov, decimals),
                  target=target, target_value=fmt(tv, decimals))], []
    if shape.kind == "slope":
        return [t("predict.why.slope", lang, out=names[0],
                  value=fmt(ns[0], decimals))], []
    if shape.kind == "product":
        (a, b), (av, bv) = names, ns
        sign = [t("predict.why.product", lang, a=a, av=fmt(av, decimals),
                  b=b, bv=fmt(bv, decimals),
                  sa=t(f"predict.sign.{sign_of(av)}", lang),
                  sb=t(f"predict.sign.{sign_of(bv)}", lang),
                  s=t(f"predict.sign.{sign_of(step.value)}", lang))]
        slot_names = [step.operand_names[k] for k in shape.slots]
        if last.name not in slot_names:
            return sign, []
        other, ov = (b, bv) if last.name == slot_names[0] else (a, av)
        key = "predict.why.scaled_smaller" if abs(ov) < 1 else "predict.why.scaled_bigger"
        return sign, [t(key, lang, last=lens.text(last), factor=other,
                        value=fmt(ov, decimals))]
    if shape.kind == "sum":
        (a, b), (av, bv) = names, ns
        key = "predict.why.sum_same" if av * bv > 0 else "predict.why.sum_opposite"
        both = [t(key, lang, a=a, av=fmt(av, decimals), b=b,
                  bv=fmt(bv, decimals), s=t(f"predict.sign.{sign_of(step.value)}", lang))]
        return both, both
    return [], []


def reason_lines(lens: Lens | Trace, step: Formula, prediction: Prediction, decimals: int,
                 lang: str) -> list[str]:
    """Why the prediction was off, in the step's own rule (the formula above it shows the
    rule itself): for a sign or a size that was wrong, what sets it; for a forward number,
    the known slip it matches, else the rule in words. Nothing for a right prediction."""
    lens = as_lens(lens)
    if prediction.number is not None:
        if is_right(prediction.number, step.value, decimals):
            return []
        slip = lens.slip(step, prediction.number, decimals, prediction.places, lang)
        return [slip if slip is not None
                else t("predict.because", lang, rule=lens.rule(step, lang))]
    sign, size = _sign_and_size_reasons(lens, step, decimals, lang)
    sign_wrong = prediction.sign != sign_of(step.value)
    size_wrong = prediction.size != size_against(step.value, previous(lens.trace, step).value)
    lines = sign if sign_wrong else []
    if size_wrong:
        lines += [line for line in size if line not in lines]
    if not lines and (sign_wrong or size_wrong) and lens.rule_when_silent:
        lines = [t("predict.because", lang, rule=lens.rule(step, lang))]
    return lines


def comparison(lens: Lens | Trace, step: Formula, prediction: Prediction, decimals: int,
               lang: str) -> tuple[bool, str]:
    """(close enough?, the prediction beside the truth in words)."""
    lens = as_lens(lens)
    truth = fmt(step.value, decimals)
    if prediction.number is not None:
        right = is_right(prediction.number, step.value, decimals)
        verdict = (t("predict.number_right", lang) if right
                   else said(direction(prediction.number, step.value, decimals), lang))
        return right, t("predict.number_vs", lang, mine=fmt(prediction.number, decimals),
                        truth=truth, verdict=verdict)
    last = previous(lens.trace, step)
    sign_right = prediction.sign == sign_of(step.value)
    size_right = prediction.size == size_against(step.value, last.value)
    tick = {True: "✓", False: "✗"}
    return sign_right and size_right, t(
        "predict.sign_vs", lang, sign=t(f"predict.sign.{prediction.sign}", lang),
        size=t(f"predict.size.{prediction.size}", lang), last=lens.text(last),
        truth=truth, sign_ok=tick[sign_right], size_ok=tick[size_right],
        true_sign=t(f"predict.sign.{sign_of(step.value)}", lang),
        true_size=t(f"predict.size.{size_against(step.value, last.value)}", lang))


def prediction_result(lens: Lens | Trace, step: Formula, prediction: Prediction,
                      decimals: int, lang: str) -> None:
    """The prediction beside the truth with the reason in the step's rule, and the learner's
    own "why?" shown back as text."""
    right, words = comparison(lens, step, prediction, decimals, lang)
    (st.success if right else st.warning)("  \n".join(
        [words, *reason_lines(lens, step, prediction, decimals, lang)]))
    if prediction.why:
        st.caption(t("predict.your_why", lang))
        st.text(prediction.why)
