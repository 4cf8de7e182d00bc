"""No traceback ever reaches a learner: an unexpected error is said in one sentence, logged,
and the session goes on (tutor/ui/guard.py around the page in app.py)."""

import logging

import pytest

import tutor.lesson.share
import tutor.ui.page
from tests.app.apptest import open_page
from tutor.i18n import LANGUAGES, t
from tutor.stepping import state as stepping_state

SECRET = "/srv/secret/path.py line 7: boom"


def shown_text(at) -> str:
    """Everything the page and its sidebar show as text."""
    kinds = ("markdown", "error", "warning", "info", "caption", "title", "exception", "code")
    return "\n".join(str(getattr(e, "value", "")) for kind in kinds for e in at.get(kind))


def _raise(*args, **kwargs):
    raise RuntimeError(SECRET)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_an_error_in_the_page_is_one_sentence_in_the_learners_language(
        lang, monkeypatch, caplog):
    at = open_page("forward", lang)
    assert not at.exception
    before = at.session_state[stepping_state.SCENARIO]
    monkeypatch.setattr(tutor.ui.page, "begin", _raise)
    with caplog.at_level(logging.ERROR, logger="tutor.ui.guard"):
        at.run()
    assert not at.exception
    assert [e.value for e in at.error] == [t("app.unexpected", lang)]
    assert SECRET not in shown_text(at) and "Traceback" not in shown_text(at)
    assert SECRET in caplog.text  # the details are in the server's log, not on the page
    assert at.sidebar.radio  # the sidebar (language, editor) still works …
    assert at.session_state[stepping_state.SCENARIO] == before  # … and nothing was lost
    monkeypatch.undo()
    at.run()  # the next run is the page again
    assert not at.exception and not at.error
    assert at.title[0].value == t("page.forward", lang)


def test_an_error_in_the_sidebar_leaves_the_page_working(monkeypatch):
    at = open_page("forward")
    monkeypatch.setattr(tutor.lesson.share, "share_panel", _raise)  # app.py imports it every run
    at.run()
    assert not at.exception
    assert [e.value for e in at.sidebar.error] == [t("app.unexpected", "en")]
    assert at.title[0].value == t("page.forward", "en")  # the page itself is drawn
    assert SECRET not in shown_text(at)
