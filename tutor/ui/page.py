"""What every worked-example page starts with: language, scenario, precision and the trace; and
the frame's style sheet, which keeps a stepping page on one screen at 1280×720."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from bpcore import Scenario, Trace
from tutor import session
from tutor.i18n import t
from tutor.lesson import state as lesson_state
from tutor.serving.shared import traced
from tutor.stepping import state as stepping_state

# The frame's own fixed style sheet (no user text goes through it). Streamlit's default top
# padding (6rem), side padding (5rem) and title (2.75rem with 2.25rem of padding) took a third
# of a 1280×720 screen; the top bar holds the page list, so the page starts just below it.
# The step panel is a size container: its formula takes min(its usual size, the column's
# width ÷ the formula's estimated width in em) — --formula-em is set per step, and per
# breaking of it (tutor.ui.formula.fitted_css: a container query shows the one that fits at
# the words' type, so a long one wraps rather than shrinking). On a phone
# (a student following a live class, 390 px) the 2-2-2 diagram keeps the 620 px its labels
# need and scrolls sideways inside its own block, rather than cutting the outer labels off.
# A table in an expander (a chart shown as a table: a column per curve) fits its column:
# its columns share the width and a long header wraps, rather than running past the page.
FRAME_CSS = """<style>
[data-testid="stMainBlockContainer"] { padding: 4.25rem 1.5rem 3rem 1.5rem; }
[data-testid="stMainBlockContainer"] h1 { font-size: 2.1rem; padding: 0 0 0.1rem 0; }
.st-key-step-panel { container-type: inline-size; }
.st-key-stepper-focus { display: none; }
.st-key-step-panel .katex-display > .katex {
  font-size: min(var(--formula-max, 1.21em), calc((100cqi - 10px) / var(--formula-em, 26)));
}
[data-testid="stExpander"] [data-testid="stMarkdownContainer"] table {
  table-layout: fixed; width: 100%; }
[data-testid="stExpander"] [data-testid="stMarkdownContainer"] :is(th, td) {
  overflow-wrap: anywhere; }
@media (max-width: 640px) {
  [data-testid="stVerticalBlock"]:has(> .st-key-overview-diagram, > .st-key-forward-diagram,
      > .st-key-backward-diagram, > .st-key-update-diagram) { overflow-x: auto; }
  .st-key-overview-diagram, .st-key-forward-diagram, .st-key-backward-diagram,
  .st-key-update-diagram { min-width: 620px; }
}
</style>"""


STEPPING = ("forward", "backward", "update")  # the pages that step through the trace
# The pages whose banner line presentation mode leaves to the teacher: the stepping pages and
# the graph's, whose diagram and formula need the line's height to share one screen.
BANNER_FOLDED = (*STEPPING, "graph")


@dataclass(frozen=True)
class PageContext:
    """The session's language, scenario, display precision, the scenario's trace, and whether
    presentation mode is on (larger type and diagram)."""

    lang: str
    scenario: Scenario
    decimals: int
    trace: Trace
    presenting: bool = False


def begin(page: str) -> PageContext:
    """Give the page's kept widgets their defaults if it has not been drawn before
    (tutor.pages.defaults.page_defaults), title the page and trace the session's scenario
    (once per server and scenario: tutor.serving.shared.traced)."""
    from tutor.pages.defaults import page_defaults  # (tutor.pages imports tutor.ui)

    page_defaults(st.session_state, page)
    lang = st.session_state[session.LANG]
    scenario = st.session_state[stepping_state.SCENARIO]
    st.title(t(f"page.{page}", lang))
    return PageContext(lang, scenario, st.session_state[session.PRECISION], traced(scenario),
                       bool(st.session_state.get(lesson_state.PRESENTATION)))


def phase_banner(phase: str, lang: str) -> None:
    """Say which phase the page shows, and what has not been computed yet.

    Not in presentation mode on the stepping pages and the graph's: there the teacher says
    it, the step panel names the phase, and the line is worth more to the diagram's height.
    """
    if phase in BANNER_FOLDED and st.session_state.get(lesson_state.PRESENTATION):
        return
    st.caption(t(f"banner.{phase}", lang))
