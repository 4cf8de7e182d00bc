"""How a session shows a shared computation in Streamlit: a progress bar or a spinner while it
computes, a waiting message while another session computes the same result, and the pool's
queue position while the run waits for a worker (the Views of tutor.serving.kept)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import streamlit as st

from tutor.i18n import t
from tutor.serving.kept import Progress, Tick


class BarProgress:
    """A progress bar's callback: ``progress(fraction)``, and ``queued(ahead)`` while the run
    waits for a worker of the pool (tutor.serving.pool), which says so on the bar."""

    def __init__(self, bar: Any, text: str, lang: str) -> None:
        self._bar, self._text, self._lang = bar, text, lang

    def __call__(self, fraction: float) -> None:
        self._bar.progress(min(max(fraction, 0.0), 1.0), text=self._text)

    def queued(self, ahead: int) -> None:
        self._bar.progress(0.0, text=queued_text(ahead, self._lang))


def queued_text(ahead: int, lang: str) -> str:
    """The run waits for a free worker: next in line, or ``ahead`` runs before it."""
    if ahead == 0:
        return t("pool.queued_next", lang)
    return t("pool.queued", lang, ahead=ahead)


@dataclass(frozen=True)
class ProgressBar:
    """A View for Streamlit: a progress bar for the session that computes, removed when done
    (saying so while the run waits for a worker); an info message for a session that waits
    for the same result."""

    text: str
    waiting_text: str
    lang: str = "en"

    @contextmanager
    def computing(self) -> Iterator[Progress]:
        bar = st.progress(0.0, text=self.text)
        try:
            yield BarProgress(bar, self.text, self.lang)
        finally:
            bar.empty()

    @contextmanager
    def waiting(self) -> Iterator[Tick]:
        slot = st.empty()

        def tick() -> None:  # a redraw is a point where Streamlit may stop or rerun this run
            slot.info(self.waiting_text, icon=":material/hourglass_top:")

        try:
            yield tick
        finally:
            slot.empty()


class SpinnerProgress:
    """A spinner's callback: progress is not shown; ``queued(ahead)`` says the run waits for a
    worker of the pool, in a message above the spinner."""

    def __init__(self, slot: Any, lang: str) -> None:
        self._slot, self._lang = slot, lang

    def __call__(self, fraction: float) -> None:
        self._slot.empty()

    def queued(self, ahead: int) -> None:
        self._slot.info(queued_text(ahead, self._lang), icon=":material/hourglass_top:")


@dataclass(frozen=True)
class Spinner:
    """A View for Streamlit that shows a spinner while computing, a message while waiting."""

    text: str
    waiting_text: str
    lang: str = "en"

    @contextmanager
    def computing(self) -> Iterator[Progress]:
        slot = st.empty()
        try:
            with st.spinner(self.text):
                yield SpinnerProgress(slot, self.lang)
        finally:
            slot.empty()

    @contextmanager
    def waiting(self) -> Iterator[Tick]:
        with ProgressBar(self.text, self.waiting_text, self.lang).waiting() as tick:
            yield tick


def bar(text: str, lang: str) -> ProgressBar:
    """A progress bar saying ``text``; a session that waits is told why, in ``lang``."""
    return ProgressBar(text, t("shared.waiting", lang), lang)


def spinner(text: str, lang: str) -> Spinner:
    """A spinner saying ``text``; a session that waits is told why, in ``lang``."""
    return Spinner(text, t("shared.waiting", lang), lang)


