"""Files a teacher takes away or brings in: the scenario as JSON, the worked solution as
Markdown with LaTeX (handouts, answer keys) and every named value as CSV.

Every number comes from the trace; the words come from the translation table (each step's
message), in the reader's language. The handout is for people: names in the tutorial's
notation (w₅, ∂E/∂out_o1, the steps' LaTeX symbols). The CSV is for machines: code names
(dE_dout_o1) and full precision.
"""

from __future__ import annotations

import csv
import io

from bpcore import PHASES, Scenario, ScenarioError, Trace, fmt, fmt_full
from tutor.i18n import t
from tutor.ui import notation
from tutor.ui.formula import formula_latex, say

MAX_UPLOAD_BYTES = 16_384  # a scenario is ~0.5 KB; anything far larger is not one


def read_scenario(data: bytes) -> Scenario:
    """A scenario from an uploaded file, or ScenarioError saying what is wrong (nothing applied)."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise ScenarioError("scenario", "too_big", limit=str(MAX_UPLOAD_BYTES))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise ScenarioError("scenario", "not_text") from err
    return Scenario.from_json(text)


def solution_markdown(trace: Trace, decimals: int, lang: str) -> str:
    """The whole worked solution: the scenario, then every step with formula, numbers, result."""
    s = trace.scenario
    lines = [f"# {t('export.title', lang)}", "", f"## {t('export.scenario', lang)}", "",
             f"| {t('table.name', lang)} | {t('table.value', lang)} |", "| --- | --- |"]
    lines += [f"| {notation.text(name)} | {fmt(s.get(name), decimals)} |"
              for name in s.field_names()]
    lines += [f"| {t('editor.train_biases', lang)} | "
              f"{t('export.yes' if s.train_biases else 'export.no', lang)} |", ""]
    for phase in PHASES:
        lines += [f"## {t(f'phase.{phase}', lang)}", ""]
        for k, step in enumerate(trace.phase_steps(phase), start=1):
            lines += [f"**{k}.** ${step.symbol}$ — {say(step.message, lang)}", "", "$$",
                      formula_latex(step, decimals).replace(r"\large ", ""), "$$", ""]
    return "\n".join(lines)


def values_csv(trace: Trace, lang: str) -> str:
    """Every named value of the trace, full precision (repr round-trips the float exactly)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([t("table.name", lang), t("table.phase", lang), t("table.value", lang)])
    for step in trace.steps:
        writer.writerow([step.name, t(f"phase.{step.phase}", lang), fmt_full(step.value)])
    return out.getvalue()
