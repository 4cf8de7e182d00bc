"""The digits recipe taken away: its notebook run by nbclient, its script by Python."""

import subprocess
import sys
from pathlib import Path

import nbformat
from jupyter_client.kernelspec import NATIVE_KERNEL_NAME
from nbclient import NotebookClient

from bpcore.program import parse_prints
from bpcore.program_digits import DigitsRecipe, program_digits
from tutor.i18n import LANGUAGES, t
from tutor.lesson.notebook import notebook_bytes, script_text
from tutor.serving import jobs

ROOT = Path(__file__).resolve().parents[3]


def curves_of(recipe):
    training = jobs.subset_training if recipe.source == "subset" else jobs.uci_training
    return training((recipe.hidden, recipe.eta, recipe.epochs, recipe.batch, recipe.seed),
                    lambda _: None)[1]


def notebook(recipe: DigitsRecipe, lang: str) -> nbformat.NotebookNode:
    return nbformat.reads(notebook_bytes(program_digits(recipe), lang, 4).decode("utf-8"),
                          as_version=4)


def code_of(nb: nbformat.NotebookNode) -> list[str]:
    return [c.source for c in nb.cells if c.cell_type == "code"]


def test_every_languages_notebook_has_the_same_code_in_its_own_words():
    # The notebook run below is the English one; every other language's differs only in its
    # words, so running it too would print the same numbers.
    recipe = DigitsRecipe("subset", 128, 0.1, 3, 64, 0)
    english = code_of(notebook(recipe, "en"))
    for lang in LANGUAGES:
        nb = notebook(recipe, lang)
        markdown = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
        assert t("prog.digits.step", lang) in markdown
        assert code_of(nb) == english, lang


def test_the_notebook_runs_and_prints_bpcores_accuracies():
    recipe = DigitsRecipe("subset", 128, 0.1, 3, 64, 0)
    nb = notebook(recipe, "en")
    # the python3 kernel that ipykernel provides for this very interpreter (no kernel spec
    # installed system-wide); run inside the checkout, where data/ is
    NotebookClient(nb, kernel_name=NATIVE_KERNEL_NAME, timeout=120,
                   resources={"metadata": {"path": str(ROOT)}}).execute()
    text = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code"
                   for o in c.outputs)
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs
              if o.output_type == "error"]
    assert not errors
    printed = parse_prints(text)
    curves = curves_of(recipe)
    assert [printed[f"test_accuracy_{k}"] for k in (1, 2, 3)] == curves.test_accuracy[1:].tolist()
    assert printed["best_accuracy"] == curves.test_accuracy.max()


def test_the_script_runs_from_a_folder_inside_the_checkout(tmp_path):
    recipe = DigitsRecipe("uci", 32, 0.1, 4, 32, 0)
    script = tmp_path / "digits.py"
    script.write_text(script_text(program_digits(recipe), "zh", 4), encoding="utf-8")
    done = subprocess.run([sys.executable, str(script)], cwd=ROOT / "tests", capture_output=True,
                          text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    printed = parse_prints(done.stdout)
    curves = curves_of(recipe)
    assert [printed[f"test_accuracy_{k}"] for k in range(1, 5)] == curves.test_accuracy[1:].tolist()
    assert printed["last_accuracy"] == curves.test_accuracy[-1]


def test_the_script_outside_the_checkout_says_where_to_run_it(tmp_path):
    script = tmp_path / "digits.py"
    script.write_text(script_text(program_digits(DigitsRecipe("subset", 8, 0.1, 1, 64, 0)),
                                  "en", 4), encoding="utf-8")
    done = subprocess.run([sys.executable, str(script)], cwd=tmp_path, capture_output=True,
                          text=True, timeout=60, check=False)
    assert done.returncode != 0 and "run this inside the Backprop Tutor folder" in done.stderr
