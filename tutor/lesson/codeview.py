"""The code beside a step, and the lesson to take away: a Program shown, run and downloaded.

One Program per lesson (bpcore.program_*) is the single source. The code view beside a step
shows the cells that compute it (bpcore.program.for_step) and what they print when run; the
download buttons give the whole program as a Jupyter notebook (.ipynb) or a .py script, in
the reader's language.

Why a switch that puts the code in place of the diagram: the formula column is narrow (a
third of 1280 px), and code there wraps every line and runs below the fold, while the
diagram's column holds a 60-character line in projector-sized type. With the switch on, the
formula and its numbers stay where they were, on the right, and the code computing them sits
beside them on the left, both on one screen at 1280×720; the switch stays on while stepping
(and across the three pages), so a teacher turns it on once for the class and a student
alone flips between the picture and the code. Off by default: the page opens as before.
The builder and the graph page, where code is a second look at a long page, keep it in a
closed expander (program_view, source_view).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import streamlit as st

from bpcore.program import Cell, Program, code, for_step, run
from bpcore.program_net import printed, step_source
from bpcore.stepper_trace import NetStep, NetTrace
from tutor.i18n import t
from tutor.lesson import state as lesson_state
from tutor.lesson.notebook import NOTEBOOK_MIME, SCRIPT_MIME, notebook_bytes, script_text
from tutor.stepping import state as stepping_state
from tutor.ui import notation
from tutor.ui.panel import opened_panel

CODE_KEY = "code-view"  # the expander's container (the style sheet and the tests find it)


@st.cache_data(max_entries=256, show_spinner=False)
def _outputs(sources: tuple[str, ...]) -> tuple[str, ...]:
    """What each code cell prints, run in order (shared by every session: same code, same
    output)."""
    return run(tuple(code(s) for s in sources))


def outputs(program: Program) -> dict[int, str]:
    """What each code cell of ``program`` prints, by its index in the program."""
    indices = [k for k, c in enumerate(program) if c.kind == "code"]
    printed = _outputs(tuple(program[k].source for k in indices))
    return dict(zip(indices, printed, strict=True))


def cell_outputs(program: Program, cells: Sequence[Cell]) -> list[str]:
    """What each of ``cells`` (cells of ``program``) prints when the program runs."""
    printed = outputs(program)
    return [printed[next(k for k, c in enumerate(program) if c is cell)] for cell in cells]


def code_block(source: str, printed: str, lang: str) -> None:
    """One cell's code and, under it, what it prints."""
    st.code(source, language="python", wrap_lines=True)
    if printed:
        st.caption(t("code.prints", lang))
        st.code(printed.rstrip("\n"), language="text", wrap_lines=True)


def code_view(program: Program, step: str, lang: str, name: str | None = None) -> None:
    """The code that computes ``step`` and what it prints, under a note naming the step.

    Nothing is drawn when no cell computes the step. ``name`` is how the note names the step
    (the tutorial's notation by default).
    """
    cells = for_step(program, step)
    if not cells:
        return
    with st.container(key=CODE_KEY):
        st.caption(t("code.step_note", lang, name=name or notation.text(step)))
        for cell, printed in zip(cells, cell_outputs(program, cells), strict=True):
            code_block(cell.source, printed, lang)


def net_code_view(program: Program, trace: NetTrace, step: NetStep, lang: str,
                  name: str) -> None:
    """The NumPy that computes ``step`` of a general network (bpcore.program_net), and the
    line it prints: the trace's value, as the code prints it (the app does not run the
    code; the tests do, and find that number). Only the step's own show line is kept."""
    cells = for_step(program, step.name) if step.qname is not None else ()
    if not cells or step.qname is None:
        return
    with st.container(key=CODE_KEY):
        st.caption(t("code.net_step_note", lang, name=name))
        for cell in cells:
            code_block(step_source(cell, step.qname, trace.spec.samples),
                       printed(step.qname, step.value, trace.spec.samples), lang)


def code_toggle(lang: str) -> None:
    """The switch that puts the step's code in place of the diagram (kept across the three
    stepping pages)."""
    st.toggle(t("code.toggle", lang), key=stepping_state.SHOW_CODE,
              help=t("code.toggle_help", lang))


def showing_code() -> bool:
    """True while the learner has the code in place of the diagram."""
    return bool(st.session_state.get(stepping_state.SHOW_CODE))


def lesson_downloads(program: Callable[[], Program], stem: str, lang: str,
                     decimals: int, name: Callable[[str], str] | None = None) -> None:
    """Download buttons for the lesson: a Jupyter notebook and a .py script of ``program()``,
    made only when a button is pressed (``name``: how its messages write their parameters)."""
    st.download_button(
        t("export.download_ipynb", lang), lambda: notebook_bytes(program(), lang, decimals, name),
        file_name=f"{stem}-{lang}.ipynb", mime=NOTEBOOK_MIME, width="stretch",
        icon=":material/code:", key=f"{stem}.ipynb", on_click="ignore")
    st.download_button(
        t("export.download_py", lang), lambda: script_text(program(), lang, decimals, name),
        file_name=f"{stem}-{lang}.py", mime=SCRIPT_MIME, width="stretch",
        icon=":material/terminal:", key=f"{stem}.py", on_click="ignore")


def program_view(program: Program, lang: str, note: str = "", title: str = "code.title"
                 ) -> None:
    """A whole (short) program in a closed expander (``title``, an i18n key): every code cell
    with what it prints, ``note`` above them; drawn (and run) only while it is open."""
    with st.container(key=f"{CODE_KEY}-program"), opened_panel(
            t(title, lang), lesson_state.code_open_key("program"),
            icon=":material/code:") as is_open:
        if not is_open:
            return  # nothing laid out, highlighted or run while it is closed (tutor.ui.panel)
        if note:
            st.caption(note)
        printed = outputs(program)
        for k, cell in enumerate(program):
            if cell.kind == "code":
                code_block(cell.source, printed[k], lang)


def source_view(cells: Sequence[Cell], lang: str, note: str = "", key: str = "source"
                ) -> None:
    """Code cells in a closed Code expander, not run (a training loop is for the notebook),
    ``note`` above them, drawn only while it is open; ``key`` tells apart two views on one
    page."""
    with st.container(key=f"{CODE_KEY}-{key}"), opened_panel(
            t("code.title", lang), lesson_state.code_open_key(key),
            icon=":material/code:") as is_open:
        if not is_open:
            return
        if note:
            st.caption(note)
        for cell in cells:
            st.code(cell.source, language="python", wrap_lines=True)
