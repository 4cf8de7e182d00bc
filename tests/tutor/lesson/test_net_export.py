"""The exports of any network but the worked example: the lesson (bpcore.program_net) as a
notebook run by nbclient and as a script run by Python prints every value of the trace; the
CSV and the JSON carry every value under its typed name, exactly; the sidebar offers them on
a preset and on the learner's own network."""

from __future__ import annotations

import csv
import io
import json
import math
import subprocess
import sys

import pytest

from bpcore.netspec import NetSpec
from bpcore.presets import PRESETS, preset
from bpcore.program import parse_prints
from bpcore.program_net import net_program
from bpcore.qname import QName, code_name
from bpcore.stepper_trace import NetTrace, trace_net
from tests.tutor.lesson.test_notebook import executed, printed_by
from tutor.i18n import LANGUAGES, t
from tutor.lesson.export import NET_FORMAT, net_values_csv, net_values_json
from tutor.lesson.notebook import notebook_bytes, script_text
from tutor.ui.formula import formula_latex, say
from tutor.ui.netnotation import name_in

NETS = [n for n in PRESETS if n != "worked"]
OWN = NetSpec.random((3, 2, 3, 2), ("tanh", "relu", "sigmoid"), "binary_cross_entropy",
                     seed=11, samples=2, train_biases=True)


def assert_prints_trace(printed: dict[str, float], trace: NetTrace) -> None:
    m = trace.spec.samples
    assert len(printed) == len(trace.values)
    for q, value in trace.values.items():
        assert math.isclose(printed[code_name(q, m)], value, rel_tol=1e-12, abs_tol=1e-300), q


@pytest.mark.parametrize(("net", "lang"), [("softmax", "zh"), ("own", "en")])
def test_the_notebook_run_by_nbclient_prints_the_trace(net: str, lang: str) -> None:
    trace = trace_net(OWN if net == "own" else preset(net))
    nb = executed(notebook_bytes(net_program(trace), lang, 4, name_in(lang)))
    printed = printed_by(nb)
    assert_prints_trace(printed, trace)


@pytest.mark.parametrize("net", NETS)
def test_the_script_run_by_python_prints_the_trace(net: str, tmp_path) -> None:
    trace = trace_net(preset(net))
    script = tmp_path / "lesson.py"
    script.write_text(script_text(net_program(trace), "zh", 4, name_in("zh")), encoding="utf-8")
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                          timeout=60, check=True)
    assert_prints_trace(parse_prints(done.stdout), trace)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_markdown_says_each_step_with_its_numbers_in_the_language(lang: str) -> None:
    trace = trace_net(preset("bce"))
    nb = json.loads(notebook_bytes(net_program(trace), lang, 3, name_in(lang)))
    markdown = "\n".join("".join(c["source"]) for c in nb["cells"]
                         if c["cell_type"] == "markdown")
    for step in trace.steps:
        assert formula_latex(step, 3) in markdown, step.name
        assert say(step.message, lang, name_in(lang)) in markdown, step.name
    assert t("program.heading.backward", lang) in markdown


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("net", [*NETS, "own"])
def test_the_csv_carries_every_value_exactly_under_its_typed_name(net: str, lang: str) -> None:
    spec = OWN if net == "own" else preset(net)
    trace = trace_net(spec)
    rows = list(csv.reader(io.StringIO(net_values_csv(trace, lang))))
    assert rows[0][0] == t("table.name", lang) and rows[0][-1] == t("table.value", lang)
    found = {}
    for name, _symbol, kind, layer, index, source, sample, _phase, value in rows[1:]:
        q = QName(kind, int(layer), int(index), int(source), int(sample) if sample else None)
        assert code_name(q, spec.samples) == name
        found[q] = float(value)
    for q, value in trace.values.items():
        assert found[q] == value  # every digit
    assert found[QName("eta")] == spec.eta
    assert found[QName("w", 1, 1, 1)] == spec.weights[0][0][0]


def test_the_json_carries_the_network_and_every_value() -> None:
    trace = trace_net(preset("batch"))
    data = json.loads(net_values_json(trace))
    assert data["format"] == NET_FORMAT
    assert NetSpec.from_dict(data["network"]) == trace.spec
    found = {QName(v["kind"], v["layer"], v["index"], v["source"], v["sample"]): v["value"]
             for v in data["values"]}
    for q, value in trace.values.items():
        assert found[q] == value
    assert {v["phase"] for v in data["values"]} == {"given", "forward", "error", "backward",
                                                    "update"}
