"""A lesson as a program: the cells a learner can run, each code cell with what it computes.

A Program is an ordered tuple of Cells. A code cell holds Python (NumPy and the standard
library only) written the way seed 000 writes a layer; run top to bottom, the cells reproduce
every number of the lesson. A text cell holds a Message (and optionally the Formula it
explains) for the tutor to say in the reader's language: bpcore speaks none.

``step`` ties a code cell to the Formula it computes (``Formula.name``: "net_h1", "delta_o1",
"w5_new", …), so the code view beside a step can show the cell of that step. ``prints`` names
what the cell prints, in order, one ``name = value`` line each (value written with ``repr``
of a float): the tests run the cells and compare each printed value with the engine's trace.
A cell that computes several steps at once (one matrix product gives net_h1 and net_h2) names
the first as ``step`` and the others in ``also``; for_step finds it for any of them. run()
executes a program's code cells in order in a fresh namespace and returns what each printed.
"""

from __future__ import annotations

import contextlib
import io
from dataclasses import dataclass
from typing import Literal

from bpcore.formula import Formula, Message


@dataclass(frozen=True)
class Cell:
    """One cell of a lesson: code (``source``) or text (``message``, with its ``formula``)."""

    kind: Literal["code", "text"]
    source: str = ""
    message: Message | None = None
    formula: Formula | None = None
    step: str = ""
    prints: tuple[str, ...] = ()
    also: tuple[str, ...] = ()  # further steps the same code computes (added for the code view)


Program = tuple[Cell, ...]


def code(source: str, *, step: str = "", prints: tuple[str, ...] = (),
         also: tuple[str, ...] = ()) -> Cell:
    """A code cell (its source stripped of a leading/trailing blank line)."""
    return Cell("code", source.strip("\n"), step=step, prints=prints, also=also)


def text(key: str, params: dict[str, str] | None = None, *,
         formula: Formula | None = None) -> Cell:
    """A text cell: a message key with its parameters, and the formula it explains."""
    return Cell("text", message=Message(key, params or {}), formula=formula)


def for_step(program: Program, name: str) -> tuple[Cell, ...]:
    """The code cells that compute the step ``name`` (empty when none does)."""
    return tuple(c for c in program
                 if c.kind == "code" and name and (c.step == name or name in c.also))


def parse_prints(output: str) -> dict[str, float]:
    """``name = value`` lines printed by a program's cells → {name: value} (other lines
    ignored): what the tests compare with the trace. ``name: value`` is read the same way
    (seed 003's MulLayer code prints ``price: 220.00000000000003``)."""
    found: dict[str, float] = {}
    for line in output.splitlines():
        name, sep, value = line.partition(" = ")
        if not sep:
            name, sep, value = line.partition(": ")
        if sep and name.strip().isidentifier():
            try:
                found[name.strip()] = float(value)
            except ValueError:
                continue
    return found


def run(program: Program) -> tuple[str, ...]:
    """Execute the code cells in order in one fresh namespace; what each printed (stdout).

    Only for programs this package writes (its own source, numbers written with repr).
    """
    namespace: dict[str, object] = {"__name__": "__lesson__"}
    outputs = []
    for cell in program:
        if cell.kind != "code":
            continue
        buffer = io.StringIO()
        with contextlib.redirect_stdout(buffer):
            exec(compile(cell.source, "<lesson>", "exec"), namespace)  # noqa: S102
        outputs.append(buffer.getvalue())
    return tuple(outputs)
