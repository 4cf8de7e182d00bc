"""The app's last line of defence: an unexpected error is logged, never shown as a traceback.

Every refusal the app expects is a coded error said beside its field. Anything else (a bug)
must still not show a learner Python's traceback, the server's paths or Streamlit's "Ask
Google" links: :func:`guarded` catches it around the page, writes the traceback to the server's
log and shows one short sentence in the learner's language instead. The session goes on: the
sidebar, the navigation and the state are untouched, and the next click reruns the page.
``client.showErrorDetails = "none"`` (.streamlit/config.toml) covers what runs outside it
(widget callbacks): Streamlit then shows only a generic message.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

from tutor.i18n import t

LOG = logging.getLogger("tutor.ui.guard")


@contextmanager
def guarded(where: str, lang: str) -> Iterator[None]:
    """Run the block; an unexpected exception is logged (with ``where``) and said as
    ``app.unexpected`` in ``lang``. Streamlit's own st.stop / st.rerun / st.switch_page are
    BaseExceptions, not Exceptions, and pass through untouched."""
    try:
        yield
    except Exception:  # the one place every unexpected error ends; logged in full below
        LOG.exception("unexpected error on %s", where)
        st.error(t("app.unexpected", lang), icon="⚠️")
