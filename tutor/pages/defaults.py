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


# Given when the builder's page is first drawn (builder_defaults), not in every session on
# every page: its 39 widgets were a quarter of a session's keys, and every keyed widget on
# every page copies the whole session state (Streamlit's filtered_state), so they made each
# click and each live follower's rerun dearer. Kept across pages once given, like the rest.
ON_ITS_PAGE: Final[frozenset[str]] = frozenset(builder_state.BUILDER_DEFAULTS)


def _fresh(default: Any) -> Any:
    return list(default) if isinstance(default, tuple) else default


def keep_widgets(session_state: SessionState) -> None:
    """Give each kept widget its default once (the builder's on its page: builder_defaults),
    then assign it to itself on every run, so a page switch does not drop it."""
    for key, default in PAGE_DEFAULTS.items():
        if key in session_state:
            session_state[key] = session_state[key]
        elif key not in ON_ITS_PAGE:
            session_state[key] = _fresh(default)


def builder_defaults(session_state: SessionState) -> None:
    """The builder's kept widgets given their defaults (a value already there stays): first
    thing on its page, before any of them is drawn or read."""
    for key, default in builder_state.BUILDER_DEFAULTS.items():
        if key not in session_state:
            session_state[key] = _fresh(default)
