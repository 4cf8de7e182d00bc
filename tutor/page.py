"""What every worked-example page starts with: language, scenario, precision and the trace."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from bpcore import Scenario, Trace, trace_step
from tutor import state
from tutor.i18n import t


@dataclass(frozen=True)
class PageContext:
    """The session's language, scenario, display precision, and the scenario's trace."""

    lang: str
    scenario: Scenario
    decimals: int
    trace: Trace


def begin(page: str) -> PageContext:
    """Title the page and trace the session's scenario (recomputed on every run: ~0.5 ms)."""
    lang = st.session_state[state.LANG]
    scenario = st.session_state[state.SCENARIO]
    st.title(t(f"page.{page}", lang))
    return PageContext(lang, scenario, st.session_state[state.PRECISION], trace_step(scenario))


def phase_banner(phase: str, lang: str) -> None:
    """Say which phase the page shows, and what has not been computed yet."""
    st.caption(t(f"banner.{phase}", lang))
