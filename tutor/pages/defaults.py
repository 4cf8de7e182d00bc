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


# Given when their page is first drawn (page_defaults, called by tutor.ui.page.begin), not in
# every session on every page: the builder's 39, the digits' 17, the learning rates', the
# landscape's and the chain rule's were 73 of a session's ~140 keys, and every keyed widget on
# every page copies the whole session state (Streamlit's filtered_state), so they made each
# click and each live follower's rerun dearer. Kept across pages once given, like the rest.
ON_ITS_PAGE: Final[Mapping[str, Mapping[str, Any]]] = MappingProxyType({
    "builder": builder_state.BUILDER_DEFAULTS, "digits": digits_state.DEFAULTS,
    "learning_rate": learning_rate.DEFAULTS, "landscape": landscape.DEFAULTS,
    "chain_rule": chain_rule.DEFAULTS})
GIVEN_ON_ITS_PAGE: Final[frozenset[str]] = frozenset(
    key for defaults in ON_ITS_PAGE.values() for key in defaults)


def _fresh(default: Any) -> Any:
    return list(default) if isinstance(default, tuple) else default


def keep_widgets(session_state: SessionState) -> None:
    """Give each kept widget its default once (some on their own page: page_defaults), then
    assign it to itself on every run, so a page switch does not drop it."""
    for key, default in PAGE_DEFAULTS.items():
        if key in session_state:
            session_state[key] = session_state[key]
        elif key not in GIVEN_ON_ITS_PAGE:
            session_state[key] = _fresh(default)


def page_defaults(session_state: SessionState, page: str) -> None:
    """The kept widgets of ``page`` (its name in tutor.ui.page.begin) given their defaults (a
    value already there stays): first thing on the page, before any of them is drawn or
    read."""
    for key, default in ON_ITS_PAGE.get(page, {}).items():
        if key not in session_state:
            session_state[key] = _fresh(default)
