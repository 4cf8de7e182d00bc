"""The formula panel and the values table: what a step computes, with its numbers.

Every formula on a page is a bpcore.formula.Formula (a worked-example step, a 1-1-1 factor, a
computational-graph step) and is drawn the same way: symbol = formula = numbers = result, one
per line, long lines broken at a + or · into aligned continuation lines. The numbers come from
Formula.display (operands with the digits the result needs), every other number from
bpcore.fmt at the learner's precision; names are written in the tutorial's notation.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

import streamlit as st

from bpcore import Formula, Message, Step, Trace, fmt
from tutor.i18n import t
from tutor.ui import notation
from tutor.ui.a11y import sr_only
from tutor.ui.table import show_arrow, static_table

if TYPE_CHECKING:
    import pyarrow as pa

LINE_EM = 30.0  # widest line of a formula, in em of its \large type: fits 1280 px beside the
# sidebar; a narrower place passes its own width
COLUMN_EM = 13.0  # a line in one of two side-by-side columns (the 1-1-1 chain-rule page)


def say(message: Message | None, lang: str,
        name: Callable[[str], str] = notation.text) -> str:
    """What a formula means, in the reader's language; each name written by ``name``
    (the tutorial's notation by default: w5, δ_o1, ∂E/∂w5)."""
    if message is None:
        return ""
    return t(message.key, lang, **{k: name(v) for k, v in message.params.items()})


# --- breaking long formulas -----------------------------------------------------------------
_GROUP = re.compile(r"\\(?:t?frac)\s*")
_CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")


def _group(latex: str, start: int) -> int:
    """Index just past the {…} group opening at ``start`` (or the single character there)."""
    if start >= len(latex) or latex[start] != "{":
        return start + 1
    depth = 0
    for k in range(start, len(latex)):
        depth += {"{": 1, "}": -1}.get(latex[k], 0)
        if depth == 0:
            return k + 1
    return len(latex)


@lru_cache(maxsize=8192)  # pure: the same pieces are measured again for every fitting
def width(latex: str) -> float:
    r"""The printed width of a piece of LaTeX, roughly, in em: a fraction is as wide as its
    wider part, \text counts each Chinese character as 1 em, an operator with its spacing
    about 1.2 em, a letter or digit about 0.55 em, sub- and superscripts 0.7 of that."""
    total, k = 0.0, 0
    while k < len(latex):
        ch = latex[k]
        if latex.startswith(r"\text", k):
            skip = 7 if latex.startswith(r"\textrm", k) else 5  # \textrm{net}: an upright name
            end = _group(latex, k + skip)
            body = latex[k + skip + 1:end - 1]
            total += sum(1.0 if _CJK.match(c) else 0.55 for c in body)
            k = end
        elif _GROUP.match(latex, k):
            scale = 0.75 if latex.startswith(r"\tfrac", k) else 1.0
            k = _GROUP.match(latex, k).end()  # type: ignore[union-attr]
            mid = _group(latex, k)
            end = _group(latex, mid)
            total += scale * max(width(latex[k + 1:mid - 1]), width(latex[mid + 1:end - 1])) + 0.3
            k = end
        elif ch in "^_":
            end = _group(latex, k + 1)
            body = latex[k + 1:end]
            total += 0.7 * width(body.strip("{}"))
            k = end
        elif ch == "\\":
            match = re.match(r"\\([a-zA-Z]+|.)", latex[k:])
            command = match.group(1) if match else ""
            total += {"cdot": 1.2, "times": 1.2, "quad": 1.0, "left": 0.0, "right": 0.0,
                      ",": 0.2, ";": 0.3, "large": 0.0, "hat": 0.0, "log": 1.6,
                      "exp": 1.8}.get(command, 0.6)
            k += 1 + len(command)
        elif ch in "+-=":
            total += 1.2
            k += 1
        elif ch in "{} ":
            k += 1
        else:
            total += 1.0 if _CJK.match(ch) else 0.55
            k += 1
    return total


def _breaks(latex: str, operators: tuple[str, ...]) -> list[int]:
    """Where a line may break: before each of ``operators`` outside any bracket."""
    out, depth, k = [], 0, 0
    while k < len(latex):
        if latex.startswith(r"\left", k) or latex[k] in "{([":
            depth += 1
        elif latex.startswith(r"\right", k) or latex[k] in "})]":
            depth -= 1
        elif depth == 0 and k > 0 and any(latex.startswith(op, k - 1) for op in operators):
            out.append(k)
        if latex.startswith(r"\left", k) or latex.startswith(r"\right", k):
            k += 5 if latex.startswith(r"\left", k) else 6
        k += 1
    return out


def _packed(latex: str, cuts: list[int], room: float) -> list[str]:
    """Pieces between ``cuts``, as few lines as fit in ``room``."""
    lines, start, last = [], 0, 0
    for cut in [*cuts, len(latex)]:
        if width(latex[start:cut]) > room and last > start:
            lines.append(latex[start:last].strip())
            start = last
        last = cut
    lines.append(latex[start:].strip())
    return lines


def _inner_breaks(latex: str, level: int) -> list[int]:
    """Where a line may break inside round brackets: before each + or − at exactly ``level``
    plain ( ) deep, outside every {…} group and \\left…\\right pair (KaTeX takes a plain
    bracket as a symbol, so a line may end between "(" and ")")."""
    out, braces, parens, k = [], 0, 0, 0
    while k < len(latex):
        if latex.startswith(r"\left", k) or latex[k] in "{[":
            braces += 1
        elif latex.startswith(r"\right", k) or latex[k] in "}]":
            braces -= 1
        elif latex[k] == "(":
            parens += 1
        elif latex[k] == ")":
            parens -= 1
        elif (braces == 0 and parens == level and k > 0
              and any(latex.startswith(op, k - 1) for op in (" + ", " - "))):
            out.append(k)
        if latex.startswith(r"\left", k) or latex.startswith(r"\right", k):
            k += 5 if latex.startswith(r"\left", k) else 6
        k += 1
    return out


def broken(latex: str, room: float, inner: bool = False) -> list[str]:
    """``latex`` as lines no wider than ``room`` em where it can be broken: first at each
    top-level + or − (a sum of products: one product a line), then, where a line is still
    too wide, at a top-level ·; with ``inner``, a line still too wide then breaks at a + or −
    inside round brackets (a cross-entropy's two logs, a batch mean's sum). Each
    continuation line starts with its operator."""
    if width(latex) <= room:
        return [latex]
    sums = _breaks(latex, (" + ", " - "))
    terms = [latex[a:b].strip() for a, b in zip([0, *sums], [*sums, len(latex)], strict=True)]
    if len(terms) > 1 and max(width(term) for term in terms) <= room:
        lines = _packed(latex, sums, room)
    else:
        lines = []
        for term in terms:
            lines += _packed(term, _breaks(term, (r" \cdot ",)), room)
    for level in (1, 2) if inner else ():  # the outer brackets' sum first: (1 − t) stays
        lines = [piece for line in lines for piece in (
            _packed(line, _inner_breaks(line, level), room) if width(line) > room else [line])]
    return lines


def _member(latex: str, room: float, lead: str, inner: bool = False) -> str:
    """One '= …' member of an aligned block: first line after ``lead``, the rest indented."""
    lines = broken(latex, room, inner)
    return r" \\ &\quad ".join([f"{lead} {lines[0]}", *lines[1:]])


def formula_latex(step: Formula, decimals: int, reveal: bool = True,
                  room: float = LINE_EM, inner: bool = False, stacked: bool = False) -> str:
    """symbol = formula = numbers = result, aligned one per line ("?" until revealed).

    A formula with no arithmetic of its own (a given value) shows symbol = formula = result,
    its result even before it is revealed: there is nothing to work out. Lines wider than
    ``room`` em break at a top-level + or · into continuation lines (with ``inner``, then
    inside round brackets too: see broken()). ``stacked`` puts the symbol on a line of its
    own above its "= …" lines, rather than beside them (a panel too narrow for both).
    """
    substituted, result = step.display(decimals)
    members = [f"& {step.symbol}", _member(step.formula, room, "&=", inner)] if stacked else \
        [_member(step.formula, room - width(step.symbol), rf"{step.symbol} &=", inner)]
    if not step.given:
        members.append(_member(substituted, room, "&=", inner))
    members.append("&= " + (result if reveal or step.given else r"\;?"))
    body = r" \\ ".join(members)
    return notation.upright(rf"\large \begin{{aligned}} {body} \end{{aligned}}")


def room_to_fit(step: Formula, decimals: int, column_em: float,
                rooms: Sequence[float]) -> float:
    """The widest of ``rooms`` (a line's width, em as width() counts) at which the step's
    formula, broken over lines (inner too), is estimated (formula_width.formula_em) no wider
    than ``column_em``; else the narrowest. A column of ``column_em`` em at the least type
    the page allows then holds the formula in as few lines as that type allows: a long
    substitution wraps over lines rather than shrinking below it."""
    from tutor.ui.formula_width import formula_em

    for room in sorted(rooms, reverse=True):
        if formula_em(formula_latex(step, decimals, room=room, inner=True)) <= column_em:
            return room
    return min(rooms)


# --- a formula for every width of the step panel ---------------------------------------------
# The step panel draws its formula at no less than FIT_TYPE of the words' type (its \large is
# then 1.02× the words beside it) and as large as the panel holds, up to the page's cap. How
# wide the panel is only the browser knows (a 390-px phone, a laptop, a projector, the sidebar
# open or shut): the server never learns it. So the panel holds the formula broken for each
# width it may have (fitted) and its style sheet shows, by a container query on the panel's
# width, the one with the fewest lines that fits at that type (fitted_css): on a phone a long
# substitution wraps over more lines instead of shrinking below the text.
FIT_TYPE = 0.85  # the least type of a fitted formula, in em of the words' type
# The 10 px the frame's style sheet leaves beside a formula, in em of the words' type: 10 px
# presented (22 px); on a page (17 px) 2.4 px short, less than the 2 % FIT_TYPE has to spare.
FIT_PAD = 0.45
NARROWEST_EM = 13.0  # the narrowest step panel, em: a 360-px phone presented (294 px at 22 px)
FIT_STEP_EM = 1.0  # a narrower breaking is kept if it needs this much less (fewer copies)
FITTED_ROOMS = tuple(float(r) for r in range(12, 41))  # line widths tried, em as width()
NARROW_ROOMS = tuple(float(r) for r in range(40, 5, -2))  # and for a narrower panel
FIT_KEY = "step-formula"  # the container holding the breakings, inside the step panel


@dataclass(frozen=True)
class Fit:
    """One breaking of a formula: its LaTeX and its estimated width (formula_width.formula_em,
    em of the formula's type)."""

    latex: str
    em: float

    @property
    def least(self) -> float:
        """The narrowest panel (em of the words' type) that holds it at FIT_TYPE."""
        return self.em * FIT_TYPE + FIT_PAD

    @property
    def lines(self) -> int:
        """How many lines it takes."""
        return self.latex.count(r"\\") + 1


def fitted(step: Formula, decimals: int, room: float = LINE_EM,
           inner: bool = False, reveal: bool = True) -> tuple[Fit, ...]:
    """The step's formula broken for every width the step panel may have, widest first: first
    as formula_latex breaks it at ``room`` (and ``inner``), then each narrower breaking that
    needs FIT_STEP_EM less than the last one kept — lines of NARROW_ROOMS em (inside brackets
    too: see broken()), then the same with the symbol on a line of its own (stacked) — until
    one fits the narrowest panel (NARROWEST_EM) at FIT_TYPE, or the narrowest of them shrinks
    to fit as a last resort. Only the line breaks differ: every breaking has the same numbers
    and result."""
    from tutor.ui.formula_width import formula_em

    latex = formula_latex(step, decimals, reveal, room=room, inner=inner)
    fits = [Fit(latex, formula_em(latex))]
    tries = []
    for stacked in (False, True):
        if fits[0].least <= NARROWEST_EM:
            break
        for narrower in (r for r in NARROW_ROOMS if stacked or r < room):
            latex = formula_latex(step, decimals, reveal, room=narrower, inner=True,
                                  stacked=stacked)
            tries.append(Fit(latex, formula_em(latex)))
            if tries[-1].least <= NARROWEST_EM:
                break
    # for each width the fewest lines: by lines, each kept where it needs less than all before
    for fit in sorted(tries, key=lambda f: (f.lines, f.least)):
        if fit.least <= fits[-1].least - FIT_STEP_EM and fits[-1].least > NARROWEST_EM:
            fits.append(fit)
    return tuple(fits)


def fitted_css(fits: Sequence[Fit]) -> str:
    """The style sheet that shows one of ``fits`` (fitted's, widest first) in the FIT_KEY
    container: each is hidden where the panel is narrower than it needs (Fit.least, rem)
    unless it is the narrowest, and where the one before it fits; each sets its own
    --formula-em, the width the frame's style sheet sizes its type by (tutor.ui.page)."""
    rules, bounds = [], [math.ceil(fit.least * 100) / 100 for fit in fits]  # (never short)
    for k, fit in enumerate(fits):
        child = f".st-key-{FIT_KEY} > :nth-child({k + 1})"
        rules.append(f"{child} {{ --formula-em: {fit.em:.2f}; }}")
        if k + 1 < len(fits):
            rules.append(f"@container (width < {bounds[k]:.2f}rem) {{ {child} "
                         "{ display: none; } }")
        if k > 0:
            rules.append(f"@container (width >= {bounds[k - 1]:.2f}rem) {{ {child} "
                         "{ display: none; } }")
    return "<style>" + "\n".join(rules) + "</style>"


def show_fitted(fits: Sequence[Fit]) -> None:
    """The formula as the panel's width wants it: every breaking of ``fits`` in the FIT_KEY
    container, the style sheet (fitted_css) showing one."""
    st.html(fitted_css(fits))
    with st.container(key=FIT_KEY):
        for fit in fits:
            st.latex(fit.latex)


def aligned_latex(formulas: Sequence[str]) -> str:
    """Several "lhs = rhs" formulas as one block, aligned at their first "=", large type."""
    body = r" \\[10pt] ".join(f.replace(" = ", " &= ", 1) for f in formulas)
    return rf"\large \begin{{aligned}} {body} \end{{aligned}}"


def stacked_latex(formulas: Sequence[str]) -> str:
    """Several "lhs = rule = numbers …" formulas as one block: each one's rule on its first row
    and what follows its second "=" on a row under it, aligned at the "="s (a long line with
    every number substituted would run past a laptop's column)."""
    rows = [f.replace(" = ", " &= ", 1).replace(" = ", r" \\ &= ", 1) for f in formulas]
    body = r" \\[6pt] ".join(rows)
    return rf"\begin{{aligned}} {body} \end{{aligned}}"


def step_header(step: Formula, index: int, count: int, lang: str, *,
                phase: str | None = None) -> None:
    """Where the step stands: its place, the phase, and what it computes in the tutorial's
    notation (the step's own symbol, typeset)."""
    label = t(f"phase.{step.phase}", lang) if phase is None else phase
    st.markdown(f"**{t('formula.step_of', lang, index=index + 1, count=count)}** · "
                f"{label} · ${notation.upright(step.symbol)}$")


def formula_panel(step: Step, index: int, count: int, decimals: int, lang: str, *,
                  name: Callable[[str], str] = notation.text, phase: str | None = None,
                  room: float = LINE_EM, inner: bool = False) -> None:
    """The current step: its place, what it means and its formula with its numbers.

    ``name`` writes the names the explanation mentions (a graph passes its own labels),
    ``phase`` replaces the phase's label, ``room`` the width of a line (em), ``inner`` lets
    a line break inside round brackets too.
    """
    step_header(step, index, count, lang, phase=phase)
    show_panel(say(step.message, lang, name), fitted(step, decimals, room, inner),
               t("words.step_live", lang, index=index + 1, count=count,
                 formula=formula_words(step, decimals)))


def show_panel(explanation: str, fits: Sequence[Fit], live_words: str) -> None:
    """formula_panel's body under its header: what the step means, its formula broken for
    the panel's width (show_fitted), its words."""
    st.info(explanation)
    show_fitted(fits)
    # The info box above is a polite live region (role="status") that reads the explanation
    # on each Next; this one reads the formula as words with its numbers and result, then
    # the step's place (not in the header's words: a test's "Step 4 of 11" finds one text).
    sr_only(live_words, live=True)


def formula_words(step: Formula, decimals: int) -> str:
    """symbol = formula = numbers = result as plain text a screen reader reads as words."""
    substituted, result = step.display(decimals)
    members = [step.symbol, step.formula] if step.given else [
        step.symbol, step.formula, substituted]
    return " = ".join([*(notation.spoken(m) for m in members), notation.spoken(result)])


def values_rows(steps: Sequence[Formula], upto: int, decimals: int, lang: str,
                estimates: Mapping[str, float] | None = None,
                name: Callable[[Formula], str] | None = None) -> list[dict[str, str]]:
    """Rows of the values table: the steps reached so far, each value at ``decimals``, each
    named by ``name`` (default: the tutorial's notation, ∂E/∂out_o1, δ_o1, w5⁺).

    With ``estimates`` (finite differences by step name), a column shows the estimate beside
    every parameter gradient and stays empty for the other rows.
    """
    rows = []
    for s in steps[: upto + 1]:
        row = {t("table.name", lang): name(s) if name else notation.step_text(s),
               t("table.phase", lang): t(f"phase.{s.phase}", lang),
               t("table.value", lang): fmt(s.value, decimals)}
        if estimates is not None:
            estimate = estimates.get(s.name)
            row[t("table.estimate", lang)] = "" if estimate is None else fmt(estimate, decimals)
        rows.append(row)
    return rows


def shown_values_table(table: pa.Table | None, lang: str) -> None:
    """The values computed so far (tutor.stepping.drawn: values_rows made beforehand, as Arrow),
    filling in as the learner advances: its title and its rows (nothing before any)."""
    if table is None:
        return
    st.markdown(f"**{t('table.title', lang)}**")
    show_arrow(table)


def estimate_note(step: Formula, estimates: Mapping[str, float], decimals: int,
                  lang: str) -> None:
    """Beside a parameter gradient: its finite-difference estimate, for comparison."""
    if step.name in estimates:
        st.success(t("backward.estimate", lang, value=fmt(estimates[step.name], decimals),
                     analytic=fmt(step.value, decimals)))


def updates_rows(trace: Trace, decimals: int, lang: str) -> list[dict[str, str]]:
    """old → new for every parameter the update changes, with ∂E/∂w and η·∂E/∂w."""
    return [{t("update.param", lang): notation.text(u.param),
             t("update.old", lang): fmt(u.old, decimals),
             t("update.gradient", lang): fmt(u.gradient, decimals),
             t("update.change", lang): fmt(u.change, decimals),
             t("update.new", lang): fmt(u.new, decimals)} for u in trace.updates()]


def updates_table(trace: Trace, decimals: int, lang: str) -> None:
    """Every weight (and bias, when biases train) before and after the update."""
    st.markdown(f"**{t('update.table_title', lang)}**")
    static_table(updates_rows(trace, decimals, lang))
