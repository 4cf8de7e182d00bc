"""The learner's place carried in the address bar, so a reload on any replica restores it.

Every run ends the URL's query string in ``?lang=<lang>&lesson=<encode(current_lesson)>``
(the page is the URL's path already). A new session opened at that URL, on this server or
on another one behind the load balancer, applies the lesson once (``state.apply_lesson``) and
is back at the same page, language, numbers, step, precision and lesson options. Nothing is
stored on the server. A session's state that is the default one (the worked example at its
first step, nothing hidden) writes no ``?lesson=``, so a first visit keeps a clean address.

The values written here, and the link the session applied, are remembered in the session
(``state.LESSON_WRITTEN``, the last ``KEEP_WRITTEN``) and ``apply_lesson`` never re-applies
one of them: a click the browser sent before it saw the newest URL still carries an older
value of ours, and applying it would undo the click. The one time an older value of ours is
meant is the browser's Back or Forward button (each new address is a history entry): that
run is marked by Streamlit as a history navigation, and then the address's lesson (or the
default one, for an address without) is applied and the page drawn again from it.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from dataclasses import replace
from typing import Any, Final

import streamlit as st

from bpcore import Scenario
from bpcore.presets import PRESETS
from bpcore.recipe import Recipe
from tutor import session
from tutor.builder import state as builder_state
from tutor.lesson import state as lesson_state
from tutor.lesson.codec import Lesson, encode
from tutor.stepping import network

KEEP_WRITTEN: Final = 32  # own values remembered (~300 characters each): a burst of clicks


def default_lesson(page: str) -> Lesson:
    """What a fresh session shows on ``page``: the worked example, the builder's default."""
    return Lesson(Scenario.worked_example(),
                  builder=Recipe() if page == builder_state.BUILDER_PAGE else None)


def address_lesson(page: str, net: object = None) -> Lesson:
    """What an address without ``?lesson=`` shows on ``page``: the default lesson, on the
    preset its ``?net=`` names (/forward?net=xor as typed: xor at its first step)."""
    lesson = default_lesson(page)
    if page in network.STEPPING_PAGES and isinstance(net, str) and net in PRESETS:
        return replace(lesson, net=net)
    return lesson


def wanted_lesson(session_state: session.SessionState, page: str) -> str | None:
    """The ``?lesson=`` value that reproduces this session on ``page``; None at the default."""
    lesson = lesson_state.current_lesson(session_state, page)
    return None if lesson == default_lesson(page) else encode(lesson)


def address(session_state: session.SessionState, page: str) -> dict[str, str]:
    """The query string a switch to ``page`` opens with (``st.switch_page(…,
    query_params=…)``): the language, the lesson the session is on there (none at the
    default) and the network (``?net=``, on a stepping page), as ``keep_in_url`` will want
    them on arrival.

    Why: each address is a history entry. A switch that opened ``/backward?lang=en`` and
    wrote the lesson on arrival left an entry without it, and Back to that entry brought the
    default lesson back (presentation mode off, the edited numbers gone). The lesson is
    recorded as the session's own, so arriving does not apply it again."""
    params = {session.LANG: str(session_state[session.LANG])}
    wanted = wanted_lesson(session_state, page)
    if wanted is not None:
        params[lesson_state.LESSON_PARAM] = wanted
        _remember(session_state, wanted)
    net = network.url_net(session_state, page)
    if net is not None:
        params[network.URL_PARAM] = net
    return params


def _remember(session_state: session.SessionState | MutableMapping[str, Any], wanted: str,
              also: str | None = None) -> None:
    """``wanted`` (and ``also``, the link applied before) among the session's own values
    (lesson_state.LESSON_WRITTEN, the last KEEP_WRITTEN), never applied back."""
    seen = [v for v in dict.fromkeys((*session_state.get(lesson_state.LESSON_WRITTEN, ()),
                                      also)) if v and v != wanted]
    session_state[lesson_state.LESSON_WRITTEN] = (*seen[-(KEEP_WRITTEN - 1):], wanted)


def history_navigation() -> bool:
    """True when this run comes from the browser's Back or Forward button.

    Streamlit (1.67) marks such a run in its script-run context; a Streamlit without the
    mark reads as False, so Back then only changes the page, as before.
    """
    from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

    return bool(getattr(get_script_run_ctx(), "is_history_navigation", False))


def go_to_address(session_state: MutableMapping[str, Any], param: str | None,
                  page: str, net: object = None) -> bool:
    """Back / Forward: make the session what the address ``param`` on ``page`` says.

    An address this session wrote (which ``apply_lesson`` skipped) is applied now, and an
    address without ``?lesson=`` brings the default lesson back, on the preset its ``?net=``
    (``net``) names. True when the state changed.
    """
    if param is None:
        lesson = address_lesson(page, net)
        target = None if lesson == default_lesson(page) else encode(lesson)
    elif param not in session_state.get(lesson_state.LESSON_WRITTEN, ()):
        return False  # not one of ours: apply_lesson has already dealt with it
    else:
        target = param
    if target == wanted_lesson(session_state, page):
        return False
    applied = target if target is not None else encode(default_lesson(page))
    session_state[lesson_state.LESSON_WRITTEN] = tuple(
        v for v in session_state.get(lesson_state.LESSON_WRITTEN, ()) if v != applied)
    session_state[lesson_state.LESSON_APPLIED] = None
    lesson_state.apply_lesson(session_state, applied)
    return True


def keep_in_url(session_state: MutableMapping[str, Any],
                query_params: MutableMapping[str, Any], page: str,
                history: bool | None = None) -> None:
    """Bring ``?lang=`` and ``?lesson=`` in step with the session; write only what changed.

    ``page`` is the current page's url_path ("overview" for the root); ``history`` says
    whether this run is a Back / Forward (None: ask Streamlit). A value written here becomes
    the session's applied lesson (``lesson_state.LESSON_APPLIED``) and joins the session's own
    values (``lesson_state.LESSON_WRITTEN``), so the next run does not apply it back. After a Back
    or Forward the address wins instead, and the script runs again from the state it gave.
    """
    if (history_navigation() if history is None else history) and go_to_address(
            session_state, query_params.get(lesson_state.LESSON_PARAM), page,
            query_params.get(network.URL_PARAM)):
        st.rerun()
    lang = session_state[session.LANG]
    if query_params.get(session.LANG) != lang:
        query_params[session.LANG] = lang
    wanted = wanted_lesson(session_state, page)
    if wanted is None:
        if lesson_state.LESSON_PARAM in query_params:
            del query_params[lesson_state.LESSON_PARAM]
        return
    if query_params.get(lesson_state.LESSON_PARAM) != wanted:
        query_params[lesson_state.LESSON_PARAM] = wanted
    # The link this session applied before joins the own values too: a hand-made link's
    # text differs from its canonical encoding, and a late click may still carry it.
    _remember(session_state, wanted, session_state.get(lesson_state.LESSON_APPLIED))
    session_state[lesson_state.LESSON_APPLIED] = wanted
