"""The learner's place carried in the address bar, so a reload on any replica restores it.

Every run ends the URL's query string in ``?lang=<lang>&lesson=<encode(current_lesson)>``
(the page is the URL's path already). A new session opened at that URL, on this server or
on another one behind the load balancer, applies the lesson once (``state.apply_lesson``) and
is back at the same page, language, numbers, step, precision and lesson options. Nothing is
stored on the server.

The values written here, and the link the session applied, are remembered in the session
(``state.LESSON_WRITTEN``, the last ``KEEP_WRITTEN``) and ``apply_lesson`` never re-applies
one of them: a click sent by the
browser before it saw the newest URL still carries an older value of ours, and applying it
would undo the click. A session's state that is the default one (the worked example at its
first step, nothing hidden) writes no ``?lesson=``, so a first visit keeps a clean address.
"""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping
from typing import Any, Final

from bpcore import Scenario
from bpcore.recipe import Recipe
from tutor import state
from tutor.lesson import Lesson, encode

KEEP_WRITTEN: Final = 32  # own values remembered (~300 characters each): a burst of clicks


def default_lesson(page: str) -> Lesson:
    """What a fresh session shows on ``page``: the worked example, the builder's default."""
    return Lesson(Scenario.worked_example(),
                  builder=Recipe() if page == state.BUILDER_PAGE else None)


def wanted_lesson(session_state: Mapping[str, Any], page: str) -> str | None:
    """The ``?lesson=`` value that reproduces this session on ``page``; None at the default."""
    lesson = state.current_lesson(session_state, page)
    return None if lesson == default_lesson(page) else encode(lesson)


def keep_in_url(session_state: MutableMapping[str, Any],
                query_params: MutableMapping[str, Any], page: str) -> None:
    """Bring ``?lang=`` and ``?lesson=`` in step with the session; write only what changed.

    ``page`` is the current page's url_path ("overview" for the root). A value written here
    becomes the session's applied lesson (``state.LESSON_APPLIED``) and joins the session's
    own values (``state.LESSON_WRITTEN``), so the next run does not apply it back.
    """
    lang = session_state[state.LANG]
    if query_params.get(state.LANG) != lang:
        query_params[state.LANG] = lang
    wanted = wanted_lesson(session_state, page)
    if wanted is None:
        if state.LESSON_PARAM in query_params:
            del query_params[state.LESSON_PARAM]
        return
    if query_params.get(state.LESSON_PARAM) != wanted:
        query_params[state.LESSON_PARAM] = wanted
    # The link this session applied before joins the own values too: a hand-made link's
    # text differs from its canonical encoding, and a late click may still carry it.
    seen = [v for v in dict.fromkeys((*session_state.get(state.LESSON_WRITTEN, ()),
                                      session_state.get(state.LESSON_APPLIED)))
            if v and v != wanted]
    session_state[state.LESSON_WRITTEN] = (*seen[-(KEEP_WRITTEN - 1):], wanted)
    session_state[state.LESSON_APPLIED] = wanted
