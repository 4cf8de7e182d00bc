"""A lesson's Program as a Jupyter notebook (nbformat v4) or a plain Python script.

Text cells become Markdown in the reader's language: the message said by tutor.ui.formula.say,
then the formula it explains as display LaTeX with its numbers; code cells stay as they are.
The script writes the same Markdown as ``#`` comments, so running it prints what the
notebook's cells print.
"""

from __future__ import annotations

from collections.abc import Callable

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from bpcore.program import Cell, Program
from tutor.ui.formula import formula_latex, say

NOTEBOOK_MIME = "application/x-ipynb+json"
SCRIPT_MIME = "text/x-python"


Name = Callable[[str], str] | None  # how a message's parameters are written (None: say's own)


def markdown(cell: Cell, lang: str, decimals: int, name: Name = None) -> str:
    """A text cell's Markdown: what it says, then its formula (``$$…$$``) when it has one."""
    parts = [] if cell.message is None else [
        say(cell.message, lang) if name is None else say(cell.message, lang, name)]
    if cell.formula is not None:
        parts.append(f"$$\n{formula_latex(cell.formula, decimals)}\n$$")
    return "\n\n".join(p for p in parts if p)


def notebook(program: Program, lang: str, decimals: int, name: Name = None
             ) -> nbformat.NotebookNode:
    """The notebook of a program: one Markdown cell per text cell, one code cell per code."""
    cells = [new_markdown_cell(markdown(c, lang, decimals, name)) if c.kind == "text"
             else new_code_cell(c.source) for c in program]
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    return nb


def notebook_bytes(program: Program, lang: str, decimals: int, name: Name = None) -> bytes:
    """The notebook as the bytes of an .ipynb file (validated against nbformat's schema)."""
    nb = notebook(program, lang, decimals, name)
    nbformat.validate(nb)
    return nbformat.writes(nb).encode("utf-8")


def script_text(program: Program, lang: str, decimals: int, name: Name = None) -> str:
    """The program as a .py script: Markdown as comments, code as it is."""
    blocks = []
    for c in program:
        if c.kind == "text":
            blocks.append("\n".join(f"# {line}".rstrip()
                                    for line in markdown(c, lang, decimals, name).splitlines()))
        else:
            blocks.append(c.source)
    return "\n\n".join(blocks) + "\n"
