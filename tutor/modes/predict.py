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
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from bpcore import Step, Trace, fmt
from bpcore.errors import CodedError
from bpcore.limits import EXPR_FIELD_CHARS, NOTE_CHARS
from bpcore.mistakes import diagnose, direction
from bpcore.practice import is_right, read_answer, sign_of, size_against
from tutor.i18n import t
from tutor.modes import state as modes_state
from tutor.modes.hints import rule, said
from tutor.ui import notation
from tutor.ui import state as field_state
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


def _key(page: str, index: int) -> str:
    return f"{page}:{index}"


def widget_key(page: str, index: int, part: str) -> str:
    """A prediction widget of one step: part number, sign, size or why."""
    return f"predict.{part}.{page}.{index}"


def made(page: str, index: int) -> Prediction | None:
    """The prediction committed for this step, if any (its result may then be seen)."""
    return st.session_state.get(modes_state.PREDICTIONS, {}).get(_key(page, index))


def asks_number(step: Step) -> bool:
    """True for a forward value (a number is predicted), False for a backward one."""
    return step.phase in ("forward", "error")


def previous(trace: Trace, step: Step) -> Step:
    """The last value found before ``step`` (what its size is compared with)."""
    names = [s.name for s in trace.steps]
    return trace.steps[max(names.index(step.name) - 1, 0)]


def _commit(page: str, index: int, step: Step) -> None:
    ss = st.session_state
    why = str(ss.get(widget_key(page, index, "why")) or "")[:NOTE_CHARS]
    if asks_number(step):
        box = widget_key(page, index, "number")
        try:
            reading = read_answer(str(ss.get(box) or ""), "prediction")
        except CodedError as err:
            ss[field_state.FIELD_ERRORS][box] = err
            return
        ss[field_state.FIELD_ERRORS].pop(box, None)
        prediction = Prediction(number=reading.value, why=why, places=reading.places)
    else:
        sign = ss.get(widget_key(page, index, "sign"))
        size = ss.get(widget_key(page, index, "size"))
        if sign is None or size is None:
            ss[field_state.FIELD_ERRORS][widget_key(page, index, "sign")] = CodedError(
                "prediction", "empty")
            return
        ss[field_state.FIELD_ERRORS].pop(widget_key(page, index, "sign"), None)
        prediction = Prediction(sign=sign, size=size, why=why)
    ss.setdefault(modes_state.PREDICTIONS, {})[_key(page, index)] = prediction


def prediction_form(page: str, trace: Trace, step: Step, index: int, count: int,
                    decimals: int, lang: str) -> None:
    """Ask for the prediction: what is asked (the step's symbol = ?; its explanation and its
    numbers would give the value or its sign away), then a number (forward) or a sign and a
    size (backward), the "why?" line and Commit."""
    step_header(step, index, count, lang)
    st.latex(question_latex(step))
    errors = st.session_state[field_state.FIELD_ERRORS]
    if asks_number(step):
        st.text_input(t("predict.number", lang), key=widget_key(page, index, "number"),
                      max_chars=EXPR_FIELD_CHARS)
        refusal = errors.get(widget_key(page, index, "number"))
    else:  # one line of questions over the two choices side by side: one screen
        last = previous(trace, step)
        st.caption(t("predict.sign", lang) + " " + t(
            "predict.size", lang, last=notation.text(last.name), value=fmt(last.value, decimals)))
        sign_col, size_col = st.columns([1, 2])
        sign_col.radio(t("predict.sign", lang), ("positive", "negative"), index=None,
                       horizontal=True, key=widget_key(page, index, "sign"),
                       label_visibility="collapsed",
                       format_func=lambda s: t(f"predict.sign_mark.{s}", lang))
        size_col.radio(t("predict.size_short", lang), ("bigger", "smaller"), index=None,
                       horizontal=True, key=widget_key(page, index, "size"),
                       label_visibility="collapsed",
                       format_func=lambda s: t(f"predict.size.{s}", lang))
        refusal = errors.get(widget_key(page, index, "sign"))
    why, commit = st.columns([2.2, 1], vertical_alignment="bottom")
    why.text_input(t("predict.why", lang), key=widget_key(page, index, "why"),
                   max_chars=NOTE_CHARS, placeholder=t("predict.why", lang),
                   label_visibility="collapsed")
    commit.button(t("predict.commit", lang), key=f"predict.commit.{page}.{index}",
                  type="primary", width="stretch", on_click=_commit, args=(page, index, step))
    if refusal is not None and asks_number(step):
        st.warning(t("predict.refused", lang, reason=reason(refusal, lang,
                                                              field=t("predict.number", lang))))
    elif refusal is not None:
        st.warning(t("predict.choose", lang))


def question_latex(step: Step) -> str:
    """What a prediction asks for, and nothing more: "δ_{o1} = ?" (large type)."""
    return rf"\large {step.symbol} = \;?"


def _signed(name: str, value: float, decimals: int) -> dict[str, str]:
    return {"name": notation.text(name), "value": fmt(value, decimals)}


def _sign_and_size_reasons(trace: Trace, step: Step, decimals: int,
                           lang: str) -> tuple[list[str], list[str]]:
    """(what sets the sign, what sets the size against the last value) in the step's rule:
    a product's sign from its factors' signs and its size from the factor that scales the
    last value; ∂E/∂out's sign from out against its target; σ′'s from 0 < out < 1; a sum's
    sign and size from its terms. Empty where the rule says nothing simple."""
    kind = step.message.key if step.message is not None else ""
    names, values = step.operand_names, step.operands
    last = previous(trace, step)
    if kind == "step.error_slope" and len(names) == 2:
        (target, out), (tv, ov) = names, values
        key = "predict.why.error_slope_above" if ov > tv else "predict.why.error_slope_below"
        return [t(key, lang, out=notation.text(out), out_value=fmt(ov, decimals),
                  target=notation.text(target), target_value=fmt(tv, decimals))], []
    if kind == "step.slope" and names:
        return [t("predict.why.slope", lang, out=notation.text(names[0]),
                  value=fmt(values[0], decimals))], []
    if step.template.strip() == r"#0 \cdot #1" and len(names) == 2:
        (a, b), (av, bv) = names, values
        sign = [t("predict.why.product", lang, a=notation.text(a), av=fmt(av, decimals),
                  b=notation.text(b), bv=fmt(bv, decimals),
                  sa=t(f"predict.sign.{sign_of(av)}", lang),
                  sb=t(f"predict.sign.{sign_of(bv)}", lang),
                  s=t(f"predict.sign.{sign_of(step.value)}", lang))]
        if last.name not in (a, b):
            return sign, []
        other, ov = (b, bv) if last.name == a else (a, av)
        key = "predict.why.scaled_smaller" if abs(ov) < 1 else "predict.why.scaled_bigger"
        return sign, [t(key, lang, last=notation.text(last.name), factor=notation.text(other),
                        value=fmt(ov, decimals))]
    if kind == "step.path_sum" and len(names) == 2:
        (a, b), (av, bv) = names, values
        key = "predict.why.sum_same" if av * bv > 0 else "predict.why.sum_opposite"
        both = [t(key, lang, a=notation.text(a), av=fmt(av, decimals), b=notation.text(b),
                  bv=fmt(bv, decimals), s=t(f"predict.sign.{sign_of(step.value)}", lang))]
        return both, both
    return [], []


def reason_lines(trace: Trace, step: Step, prediction: Prediction, decimals: int,
                 lang: str) -> list[str]:
    """Why the prediction was off, in the step's own rule (the formula above it shows the
    rule itself): for a sign or a size that was wrong, what sets it; for a forward number,
    the known slip it matches, else the rule in words. Nothing for a right prediction."""
    if prediction.number is not None:
        if is_right(prediction.number, step.value, decimals):
            return []
        slip = diagnose(trace, step.name, prediction.number, decimals, prediction.places)
        return [said(slip, lang) if slip is not None
                else t("predict.because", lang, rule=rule(step, lang))]
    sign, size = _sign_and_size_reasons(trace, step, decimals, lang)
    lines = sign if prediction.sign != sign_of(step.value) else []
    if prediction.size != size_against(step.value, previous(trace, step).value):
        lines += [line for line in size if line not in lines]
    return lines


def comparison(trace: Trace, step: Step, prediction: Prediction, decimals: int,
               lang: str) -> tuple[bool, str]:
    """(close enough?, the prediction beside the truth in words)."""
    truth = fmt(step.value, decimals)
    if prediction.number is not None:
        right = is_right(prediction.number, step.value, decimals)
        verdict = (t("predict.number_right", lang) if right
                   else said(direction(prediction.number, step.value, decimals), lang))
        return right, t("predict.number_vs", lang, mine=fmt(prediction.number, decimals),
                        truth=truth, verdict=verdict)
    last = previous(trace, step)
    sign_right = prediction.sign == sign_of(step.value)
    size_right = prediction.size == size_against(step.value, last.value)
    tick = {True: "✓", False: "✗"}
    return sign_right and size_right, t(
        "predict.sign_vs", lang, sign=t(f"predict.sign.{prediction.sign}", lang),
        size=t(f"predict.size.{prediction.size}", lang), last=notation.text(last.name),
        truth=truth, sign_ok=tick[sign_right], size_ok=tick[size_right],
        true_sign=t(f"predict.sign.{sign_of(step.value)}", lang),
        true_size=t(f"predict.size.{size_against(step.value, last.value)}", lang))


def prediction_result(trace: Trace, step: Step, prediction: Prediction, decimals: int,
                      lang: str) -> None:
    """The prediction beside the truth with the reason in the step's rule, and the learner's
    own "why?" shown back as text."""
    right, words = comparison(trace, step, prediction, decimals, lang)
    (st.success if right else st.warning)("  \n".join(
        [words, *reason_lines(trace, step, prediction, decimals, lang)]))
    if prediction.why:
        st.caption(t("predict.your_why", lang))
        st.text(prediction.why)
