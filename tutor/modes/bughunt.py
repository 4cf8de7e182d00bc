"""A bug hunt on a page: the computation with its bug, the learner's pick, feedback, the fix.

One hunt (bpcore.bughunt.Hunt) is drawn as: what happened (its task), the computation as the
learner did it, one line per Formula, beside (once the bug is found or "Show me" pressed) the
same computation done right; below, one button per line to pick the line with the bug, and
feedback for the last pick that says why, with the hunt's numbers. Picks and reveals are kept
in the session (tutor.modes.state.BUGHUNT_TRIED, BUGHUNT_SHOWN), so they outlive a page switch.
"""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from bpcore import Formula, fmt
from bpcore.bughunt import Hunt
from bpcore.format import fmt_count
from tutor.i18n import t
from tutor.modes import state as modes_state
from tutor.session import SessionState
from tutor.ui.formula import COLUMN_EM, formula_latex, width

LINE_ROOM = 24.0  # em of normal-size formula type in one of two columns at 1280 px
PRESENTING_ROOM = 18.0  # the same in presentation mode (formulas 1.5 em, the sidebar closed)


def line_latex(step: Formula, decimals: int, room: float = LINE_ROOM) -> str:
    """A hunt's line, compact: ``symbol = formula = numbers = result`` on one line when it
    fits ``room`` em, else ``symbol = formula`` above ``= numbers = result``, else the formula
    panel's lines (tutor.ui.formula.formula_latex), broken to fit a column."""
    substituted, result = step.display(decimals)
    tail = [result] if step.given else [substituted, result]
    one = " = ".join([step.symbol, step.formula, *tail])
    if width(one) <= room:
        return one
    rest = " = ".join(tail)
    if max(width(f"{step.symbol} = {step.formula}"), width(rest) + 1.2) <= room:
        return rf"\begin{{aligned}} {step.symbol} &= {step.formula} \\ &= {rest} \end{{aligned}}"
    return formula_latex(step, decimals, room=COLUMN_EM)


def hunt_words(hunt: Hunt, decimals: int) -> dict[str, str]:
    """The parameters a hunt's messages quote: its numbers at ``decimals``, its counts whole."""
    words = {k: fmt(v, decimals) for k, v in hunt.numbers.items()}
    words.update({k: fmt_count(v) for k, v in hunt.counts.items()})
    return words


def tried(session_state: SessionState, hunt: str) -> tuple[int, ...]:
    """The lines the learner has picked in ``hunt``, in order (0-based)."""
    picks: Mapping[str, tuple[int, ...]] = session_state.get(modes_state.BUGHUNT_TRIED, {})
    return tuple(picks.get(hunt, ()))


def pick(session_state: SessionState, hunt: str, line: int) -> None:
    """A line button's on_click: record ``line`` as the learner's pick in ``hunt``."""
    picks = dict(session_state.get(modes_state.BUGHUNT_TRIED, {}))
    picks[hunt] = (*picks.get(hunt, ()), line)
    session_state[modes_state.BUGHUNT_TRIED] = picks


def show(session_state: SessionState, hunt: str) -> None:
    """"Show me"'s on_click: reveal the bug of ``hunt``."""
    shown = tuple(session_state.get(modes_state.BUGHUNT_SHOWN, ()))
    if hunt not in shown:
        session_state[modes_state.BUGHUNT_SHOWN] = (*shown, hunt)


def revealed(session_state: SessionState, hunt: Hunt) -> bool:
    """True once the learner has found the bug or asked to be shown it."""
    return (hunt.bug in tried(session_state, hunt.key)
            or hunt.key in session_state.get(modes_state.BUGHUNT_SHOWN, ()))


def feedback(session_state: SessionState, hunt: Hunt, lang: str,
             words: Mapping[str, str]) -> tuple[str, str] | None:
    """What the last pick gets: (kind, text), kind success | warning | info; None before any.

    A right pick says why that line is the bug, a wrong one why it is not; "Show me" without
    a right pick names the bug's line and says why.
    """
    picks = tried(session_state, hunt.key)
    why = [t(m.key, lang, **words) for m in hunt.why]
    if picks and picks[-1] == hunt.bug:
        return "success", t("bughunt.found", lang, n=hunt.bug + 1, why=why[hunt.bug])
    if hunt.key in session_state.get(modes_state.BUGHUNT_SHOWN, ()):
        return "info", t("bughunt.shown", lang, n=hunt.bug + 1, why=why[hunt.bug])
    if picks:
        return "warning", t("bughunt.not_it", lang, n=picks[-1] + 1, why=why[picks[-1]])
    return None


def _lines(lines: tuple[Formula, ...], decimals: int, lang: str, words: Mapping[str, str],
           bug: int | None, room: float) -> None:
    """Numbered lines, each: what it does (bold number), its formula with its numbers."""
    for k, line in enumerate(lines):
        text = t(line.message.key, lang, **words) if line.message else ""
        key = "bughunt.bug_mark" if k == bug else "bughunt.line_label"
        st.markdown(t(key, lang, n=k + 1, text=text))
        st.latex(line_latex(line, decimals, room))


def hunt_section(hunt: Hunt, decimals: int, lang: str, presenting: bool = False) -> None:
    """One hunt: its task, the computation (and, once revealed, the right one beside it), one
    button per line, "Show me", and the feedback on the last pick (``presenting``: the
    formulas' larger type of presentation mode)."""
    room = PRESENTING_ROOM if presenting else LINE_ROOM
    session_state = st.session_state
    words = hunt_words(hunt, decimals)
    st.markdown(t(f"bughunt.{hunt.key}.task", lang, **words))
    open_ = revealed(session_state, hunt)
    left, right = st.columns(2)
    with left:
        st.markdown(f"##### {t('bughunt.shown_title', lang)}")
        _lines(hunt.shown, decimals, lang, words, hunt.bug if open_ else None, room)
    with right:
        st.markdown(f"##### {t('bughunt.right_title', lang)}")
        if open_:
            _lines(hunt.right, decimals, lang, words, None, room)
        else:
            st.caption(t("bughunt.right_later", lang))
    st.markdown(f"**{t('bughunt.pick', lang)}**")
    buttons = st.columns(len(hunt.shown) + 1)
    for k, column in enumerate(buttons[:-1]):
        column.button(t("bughunt.line_n", lang, n=k + 1),
                      key=modes_state.bughunt_line_key(hunt.key, k),
                      on_click=pick, args=(session_state, hunt.key, k),
                      use_container_width=True)
    buttons[-1].button(t("bughunt.show", lang), key=modes_state.bughunt_show_key(hunt.key),
                       on_click=show, args=(session_state, hunt.key), use_container_width=True)
    said = feedback(session_state, hunt, lang, words)
    if said is not None:
        kind, text = said
        {"success": st.success, "warning": st.warning, "info": st.info}[kind](text)
    picks = tried(session_state, hunt.key)
    if picks:
        st.caption(t("bughunt.attempts", lang,
                     lines=t("bughunt.separator", lang).join(
                         t("bughunt.line_n", lang, n=k + 1) for k in picks)))
