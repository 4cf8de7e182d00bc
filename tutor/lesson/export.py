"""Files a teacher takes away or brings in: the scenario as JSON, the worked solution as
Markdown with LaTeX (handouts, answer keys) and every named value as CSV.

For any other network (a preset or the learner's own, bpcore.stepper_trace.NetTrace) the CSV
and a JSON file carry every value of its trace under its typed name (kind, layer, index,
source, sample) and its code name (bpcore.qname.code_name, as the generated code prints it),
and the JSON the network itself (NetSpec.to_dict).

Every number comes from the trace; the words come from the translation table (each step's
message), in the reader's language. The handout is for people: names in the tutorial's
notation (w5, ∂E/∂out_o1, the steps' LaTeX symbols). The CSV is for machines: code names
(dE_dout_o1) and full precision.
"""

from __future__ import annotations

import csv
import io
import json
import math
from typing import Any

from bpcore import PHASES, Scenario, ScenarioError, Trace, fmt, fmt_full
from bpcore.qname import QName, code_name
from bpcore.stepper_trace import NetTrace
from tutor.i18n import t
from tutor.ui import notation
from tutor.ui.formula import formula_latex, say
from tutor.ui.netnotation import qtext

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


NET_FORMAT = "bpcore.nettrace"  # the JSON export of a general network's trace
NET_VERSION = 1
TYPED = ("kind", "layer", "index", "source", "sample")  # a QName's fields, in order
TYPED_HEADERS = ("export.col.kind", "export.col.layer", "export.col.index", "export.col.source",
                 "export.col.sample")  # their columns' headers, in the same order


def net_rows(trace: NetTrace) -> list[dict[str, Any]]:
    """Every value of the trace in teaching order (the given x, t, w, b, η first): its code
    name, typed name, phase and value (a non-finite value as its text: "inf")."""
    m = trace.spec.samples
    phases = {s.qname: s.phase for s in trace.steps if s.qname is not None}
    rows = []
    for q in [*_given(trace), *phases]:
        value = trace.value(q)
        rows.append({"name": code_name(q, m), "symbol": qtext(q, m), "kind": q.kind,
                     "layer": q.layer, "index": q.index, "source": q.source,
                     "sample": q.sample, "phase": phases.get(q, "given"),
                     "value": value if math.isfinite(value) else str(value)})
    return rows


def _given(trace: NetTrace) -> list[QName]:
    """The QNames of what the network is given: x, t (per sample), every w, b, and η."""
    spec = trace.spec
    out = [QName("x", 0, k, sample=s) for s in range(1, spec.samples + 1)
           for k in range(1, spec.sizes[0] + 1)]
    out += [QName("t", spec.layers, j, sample=s) for s in range(1, spec.samples + 1)
            for j in range(1, spec.sizes[-1] + 1)]
    for layer in range(1, spec.layers + 1):
        out += [QName("w", layer, j, k) for j in range(1, spec.sizes[layer] + 1)
                for k in range(1, spec.sizes[layer - 1] + 1)]
        out += [QName("b", layer, j) for j in range(1, spec.sizes[layer] + 1)]
    return [*out, QName("eta")]


def net_values_csv(trace: NetTrace, lang: str) -> str:
    """Every value of a general network's trace, full precision: code name, symbol, typed
    name (kind, layer, index, source, sample: empty when none), phase, value."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([t("table.name", lang), t("export.col.symbol", lang),
                     *(t(key, lang) for key in TYPED_HEADERS), t("table.phase", lang),
                     t("table.value", lang)])
    for row in net_rows(trace):
        phase = row["phase"]
        value = row["value"]
        writer.writerow([row["name"], row["symbol"], *("" if row[f] is None else row[f]
                                                     for f in TYPED),
                         t(f"phase.{phase}", lang) if phase in PHASES else
                         t("export.given", lang),
                         fmt_full(value) if isinstance(value, float) else value])
    return out.getvalue()


def net_values_json(trace: NetTrace) -> str:
    """The network (NetSpec.to_dict) and every value of its trace, typed, as JSON (floats
    written exactly; a non-finite value as its text)."""
    values = [{k: v for k, v in row.items() if k != "symbol"} for row in net_rows(trace)]
    return json.dumps({"format": NET_FORMAT, "version": NET_VERSION,
                       "network": trace.spec.to_dict(), "values": values},
                      ensure_ascii=False, allow_nan=False, indent=1)
