"""Every page setting that outlives a page switch, with its default: PAGE_DEFAULTS gathers the
DEFAULTS of each feature, and keep_widgets (called by app.py on every run) keeps them.

These widgets take no value= of their own (Streamlit warns when a widget has both a default
and a value set through Session State). A tuple default is handed out as a fresh list. See
tutor.session for kept and mirrored widgets.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Final

from tutor.builder import state as builder_state
from tutor.digits import state as digits_state
from tutor.pages import activations, chain_rule, graph, landscape, learning_rate, training
from tutor.session import SessionState
from tutor.stepping import state as stepping_state

PAGE_DEFAULTS: Final[Mapping[str, Any]] = MappingProxyType({
    **training.DEFAULTS, **learning_rate.DEFAULTS, **landscape.DEFAULTS,
    **activations.DEFAULTS, **chain_rule.DEFAULTS, **graph.DEFAULTS,
    **stepping_state.DEFAULTS,  # the code beside a step
    **builder_state.BUILDER_DEFAULTS,  # the default Recipe, every possible layer included
    **digits_state.DEFAULTS,
})


def keep_widgets(session_state: SessionState) -> None:
    """Give each kept widget its default once, then assign it to itself on every run, so a
    page switch does not drop it."""
    for key, default in PAGE_DEFAULTS.items():
        if key not in session_state:
            session_state[key] = list(default) if isinstance(default, tuple) else default
        else:
            session_state[key] = session_state[key]
