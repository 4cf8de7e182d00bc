"""The README's Quick start commands and .ci/run must not drift apart."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

RUN_CMD = (
    "python3 -m venv .venv && .venv/bin/pip install -q -r requirements.txt"
    " && .venv/bin/streamlit run serve.py"
)
TEST_CMD = (
    "python3 -m venv .venv && .venv/bin/pip install -q -r requirements-dev.txt"
    " && .venv/bin/python -m pytest -n auto --dist loadscope --no-loadscope-reorder"
)


def _quick_start() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(r"^## Quick start\n(.*?)(?=^## |\Z)", readme, re.M | re.S)
    assert match, "README.md has no '## Quick start' section"
    return match.group(1)


def test_quick_start_has_exactly_the_run_and_test_commands() -> None:
    blocks = re.findall(r"^```[a-z]*\n(.*?)^```", _quick_start(), re.M | re.S)
    assert [b.strip() for b in blocks] == [RUN_CMD, TEST_CMD]


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert f"TEST_CMD='{TEST_CMD}'" in ci
    assert 'bash -c "$TEST_CMD"' in ci


def test_ci_script_is_executable() -> None:
    assert (ROOT / ".ci" / "run").stat().st_mode & 0o111
