"""The formula panel and the values table: what a step computes, with its numbers.

Both read only bpcore's steps: symbol, formula and substituted numbers come from the Step,
every number is formatted by bpcore.fmt at the learner's precision.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import streamlit as st

from bpcore import Step, Trace, fmt, fmt_latex
from bpcore.chain import Factor
from bpcore.graph import GraphStep, partial, symbol
from tutor.i18n import t


def formula_latex(step: Step | Factor, decimals: int, reveal: bool = True) -> str:
    """symbol = formula = substituted = result, aligned one per line ("?" until revealed)."""
    result = fmt_latex(step.value, decimals) if reveal else "\\;?"
    return (rf"\large \begin{{aligned}} {step.symbol} &= {step.formula} \\"
            rf" &= {step.substituted(decimals)} \\ &= {result}"
            r" \end{aligned}")


def aligned_latex(formulas: Sequence[str]) -> str:
    """Several "lhs = rhs" formulas as one block, aligned at their first "=", large type."""
    body = r" \\[10pt] ".join(f.replace(" = ", " &= ", 1) for f in formulas)
    return rf"\large \begin{{aligned}} {body} \end{{aligned}}"


def step_header(step: Step, index: int, count: int, lang: str) -> None:
    """Where the step stands: its place in the phase, the phase, the name it computes."""
    st.markdown(f"**{t('formula.step_of', lang, index=index + 1, count=count)}** · "
                f"{t(f'phase.{step.phase}', lang)} · `{step.name}`")


def formula_panel(step: Step, index: int, count: int, decimals: int, lang: str) -> None:
    """The current step: its place in the phase, its explanation and its formula."""
    step_header(step, index, count, lang)
    st.info(step.explain(lang))
    st.latex(formula_latex(step, decimals))


def graph_step_latex(step: GraphStep, output: str, decimals: int) -> str:
    """A graph step as the panel shows it: what it computes = formula = numbers = result.

    Backward steps add to a gradient (+=): a name that feeds several nodes collects a share
    from each, and the running total follows.
    """
    value = fmt_latex(step.value, decimals)
    if step.phase == "forward":
        return (rf"\large {symbol(step.node)} = {step.formula} = {step.substituted(decimals)}"
                rf" = {value}")
    line = (rf"\large {partial(output, step.target)} \mathrel{{+}}= {step.formula}"
            rf" = {step.substituted(decimals)} = {value}")
    if step.total != step.value:
        line += rf" \quad \Rightarrow \quad {fmt_latex(step.total, decimals)}"
    return line


def values_rows(steps: Sequence[Step], upto: int, decimals: int, lang: str,
                estimates: Mapping[str, float] | None = None) -> list[dict[str, str]]:
    """Rows of the values table: the steps reached so far, each value at ``decimals``.

    With ``estimates`` (finite differences by name), a column shows the estimate beside
    every parameter gradient and stays empty for the other rows.
    """
    rows = []
    for s in steps[: upto + 1]:
        row = {t("table.name", lang): s.name, t("table.phase", lang): t(f"phase.{s.phase}", lang),
               t("table.value", lang): fmt(s.value, decimals)}
        if estimates is not None:
            estimate = estimates.get(s.name)
            row[t("table.estimate", lang)] = "" if estimate is None else fmt(estimate, decimals)
        rows.append(row)
    return rows


def values_table(steps: Sequence[Step], upto: int, decimals: int, lang: str,
                 estimates: Mapping[str, float] | None = None) -> None:
    """The values computed so far, filling in as the learner advances (nothing before any)."""
    if upto < 0:
        return
    st.markdown(f"**{t('table.title', lang)}**")
    st.table(values_rows(steps, upto, decimals, lang, estimates))


def estimate_note(step: Step, estimates: Mapping[str, float], decimals: int, lang: str) -> None:
    """Beside a parameter gradient: its finite-difference estimate, for comparison."""
    if step.name in estimates:
        st.success(t("backward.estimate", lang, value=fmt(estimates[step.name], decimals),
                     analytic=fmt(step.value, decimals)))


def updates_rows(trace: Trace, decimals: int, lang: str) -> list[dict[str, str]]:
    """old → new for every parameter the update changes, with ∂E/∂w and η·∂E/∂w."""
    return [{t("update.param", lang): u.param, t("update.old", lang): fmt(u.old, decimals),
             t("update.gradient", lang): fmt(u.gradient, decimals),
             t("update.change", lang): fmt(u.change, decimals),
             t("update.new", lang): fmt(u.new, decimals)} for u in trace.updates()]


def updates_table(trace: Trace, decimals: int, lang: str) -> None:
    """Every weight (and bias, when biases train) before and after the update."""
    st.markdown(f"**{t('update.table_title', lang)}**")
    st.table(updates_rows(trace, decimals, lang))
