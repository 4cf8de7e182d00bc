"""The lesson taken away: the notebook, run by nbclient, and the .py script, run by Python,
print every value of the trace (rel. 1e-12); their Markdown says each step in the language.

The kernel is the venv's own ipykernel under its native name (jupyter_client's
NATIVE_KERNEL_NAME, which KernelSpecManager provides from the installed ipykernel without a
kernel spec being installed anywhere).
"""

from __future__ import annotations

import json
import math
import subprocess
import sys

import nbformat
import pytest
from jupyter_client.kernelspec import NATIVE_KERNEL_NAME
from nbclient import NotebookClient

from bpcore import Scenario, trace_step
from bpcore.program import parse_prints
from bpcore.program_worked import worked_program
from tutor.i18n import LANGUAGES, t
from tutor.lesson.notebook import notebook_bytes, script_text
from tutor.ui.formula import formula_latex, say

SCENARIOS = {
    "worked": Scenario(),
    "other_weights": Scenario(weights=(0.3, -0.2, 0.1, 0.9, -1.5, 0.45, 2.0, 0.55),
                              targets=(0.7, 0.05), eta=1.5),
    "train_biases": Scenario(train_biases=True, biases=(0.35, -0.1, 0.6, 0.2)),
}


def assert_matches_trace(printed: dict[str, float], trace) -> None:
    """Every printed name is the trace's value; every traced value is printed."""
    assert set(trace.names()) <= set(printed)
    for name, value in printed.items():
        assert math.isclose(value, trace[name], rel_tol=1e-12, abs_tol=1e-300), name


def executed(nb_bytes: bytes) -> nbformat.NotebookNode:
    nb = nbformat.reads(nb_bytes.decode("utf-8"), as_version=4)
    NotebookClient(nb, kernel_name=NATIVE_KERNEL_NAME, timeout=60).execute()
    return nb


def stream_text(cell: nbformat.NotebookNode) -> str:
    return "".join(o.get("text", "") for o in cell.get("outputs", [])
                   if o.get("output_type") == "stream" and o.get("name") == "stdout")


def printed_by(nb: nbformat.NotebookNode) -> dict[str, float]:
    """Every name = value the executed notebook's code cells printed (none of them failed)."""
    printed: dict[str, float] = {}
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert not [o for o in cell.outputs if o.output_type == "error"]
            printed.update(parse_prints(stream_text(cell)))
    return printed


@pytest.mark.parametrize(("name", "lang"), [("worked", "en"), ("other_weights", "zh"),
                                            ("train_biases", "en")])
def test_the_notebook_run_by_nbclient_prints_the_trace(name: str, lang: str) -> None:
    trace = trace_step(SCENARIOS[name])
    nb = executed(notebook_bytes(worked_program(trace), lang, 4))
    printed = printed_by(nb)
    assert_matches_trace(printed, trace)


@pytest.mark.parametrize("name", SCENARIOS)
def test_the_script_run_by_python_prints_the_trace(name: str, tmp_path) -> None:
    trace = trace_step(SCENARIOS[name])
    script = tmp_path / "lesson.py"
    script.write_text(script_text(worked_program(trace), "zh", 4), encoding="utf-8")
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                          timeout=60, check=True)
    assert_matches_trace(parse_prints(done.stdout), trace)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_markdown_carries_every_formula_with_its_numbers_in_the_language(lang: str) -> None:
    trace = trace_step(SCENARIOS["other_weights"])
    nb = json.loads(notebook_bytes(worked_program(trace), lang, 3))
    markdown = "\n".join("".join(c["source"]) for c in nb["cells"]
                         if c["cell_type"] == "markdown")
    for step in trace.steps:
        assert formula_latex(step, 3) in markdown, step.name
        assert say(step.message, lang) in markdown, step.name
    assert t("program.heading.backward", lang) in markdown
    assert nb["metadata"]["kernelspec"]["name"] == "python3"


def test_the_script_keeps_the_markdown_as_comments() -> None:
    trace = trace_step(Scenario())
    script = script_text(worked_program(trace), "en", 4)
    assert "# ## Backward pass" in script
    assert "net_hidden = x @ W_hidden + b_hidden" in script
    compile(script, "lesson.py", "exec")


def test_the_builder_recipe_as_a_notebook_prints_the_builders_curves() -> None:
    from bpcore.builder import Architecture, DataSpec
    from bpcore.program_batch import batch_program, curve_values
    from bpcore.recipe import Recipe

    recipe = Recipe(arch=Architecture((6,), ("relu",), "softmax", "cross_entropy"),
                    data=DataSpec("spiral", 80, 0.05, 2, 0.25), epochs=12, batch=10, seed=3)
    nb = executed(notebook_bytes(batch_program(recipe), "zh", 4))
    printed = printed_by(nb)
    expected = curve_values(recipe.run().curves, recipe.epochs)
    assert set(printed) == set(expected)
    for name, value in expected.items():
        assert math.isclose(printed[name], value, rel_tol=1e-12, abs_tol=1e-15), name
