"""Where a capacity benchmark keeps its figures: appended to its results file, run by run.

A results file (bench/classroom_results.md, bench/live_results.md) is the record the README's
tables are read from, so a new run is added under a dated heading and never replaces the runs
before it.
"""

from __future__ import annotations

import time
from pathlib import Path


def save(command: str, text: str, out: Path) -> None:
    """Append one run's ``text`` to ``out`` under "## Run of <UTC time>" (the file starts with
    "# `python -m <command>`" when new), and say where it went."""
    stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    head = "" if out.exists() else f"# `python -m {command}`\n"
    with out.open("a", encoding="utf-8") as f:
        f.write(f"{head}\n## Run of {stamp}\n\n{text}")
    print(f"added to {out}")
