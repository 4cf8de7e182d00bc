"""The body shared by the forward, backward and update pages: diagram, then the step's panel
(formula, or the practice question), then the values so far."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import streamlit as st

from bpcore import Step, Trace
from tutor import state
from tutor.diagram import network_figure
from tutor.formula import estimate_note, formula_panel, values_table
from tutor.plot import show_figure
from tutor.practice import answered, practice_panel


def step_view(page: str, trace: Trace, steps: Sequence[Step], current: int, decimals: int,
              lang: str, beside: Callable[[], None] | None = None,
              estimates: Mapping[str, float] | None = None) -> None:
    """Draw the step view; ``beside`` replaces the values table (the update page's table)."""
    practising = bool(st.session_state.get(state.PRACTICE))
    reveal = not practising or answered(page, current)
    # Play would reveal every answer, so practice mode draws a still diagram.
    show_figure(network_figure(trace, view=page, decimals=decimals, lang=lang, current=current,
                               steps=steps, animate=not practising and page != "update",
                               reveal_current=reveal), f"{page}.diagram")
    # Full width, one above the other: a substituted formula is long, and a projector needs it
    # whole (side by side, net_h1's numbers were clipped at the column's edge).
    left, right = st.container(), st.container()
    with left:
        if practising:
            practice_panel(page, state.PAGE_STEP_KEYS[page], steps[current], current,
                           len(steps), decimals, lang)
        elif not state.is_hidden(st.session_state, "formula"):
            formula_panel(steps[current], current, len(steps), decimals, lang)
            if estimates is not None:
                estimate_note(steps[current], estimates, decimals, lang)
    with right:
        if beside is not None:
            beside()
        elif not state.is_hidden(st.session_state, "table"):
            values_table(steps, current if reveal else current - 1, decimals, lang, estimates)
