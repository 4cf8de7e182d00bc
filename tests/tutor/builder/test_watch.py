"""tutor.builder.watch's player callback: the end of a play-through of the recorded run is told
by the browser's report, and reruns the watched fragment alone, not the page."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from tutor.builder import state, watch
from tutor.ui import player


class Rerun(Exception):
    """What the fake st.rerun raises (Streamlit's halts the callback the same way)."""


def session_after_report(monkeypatch, seq: int, at: int, *, ahead: int, sent: tuple[int, ...],
                         sent_seq: int) -> tuple[dict, list]:
    """A session playing the recorded run (its newest batch ``sent``, numbered ``sent_seq``,
    ending at ``ahead``) whose browser reports batch ``seq`` with epoch ``at`` on screen."""
    session = {state.WATCH_PLAYING: True, state.WATCH_EPOCH: sent[0], state.WATCH_SENT: sent,
               state.WATCH_AHEAD: ahead, state.WATCH_SEQ: sent_seq,
               state.WATCH_PLAYER: {"shown": {"seq": seq, "at": at}}}
    reruns: list = []

    def rerun(scope: str = "app") -> None:
        reruns.append(scope)
        raise Rerun

    fake = SimpleNamespace(session_state=session, rerun=rerun)
    monkeypatch.setattr(watch, "st", fake)
    monkeypatch.setattr(player, "st", fake)  # the player's report is read from the session
    return session, reruns


def test_the_last_epoch_shown_stops_play_there_and_reruns_only_the_watched_fragment(
        monkeypatch):
    session, reruns = session_after_report(monkeypatch, 2, 10, ahead=10, sent=(9, 10),
                                           sent_seq=2)
    with pytest.raises(Rerun):
        watch._on_shown(10)
    assert reruns == [watch.WATCHED_FRAGMENT]
    assert not session[state.WATCH_PLAYING] and session[state.WATCH_EPOCH] == 10


@pytest.mark.parametrize(("seq", "at", "ahead"), [
    (2, 9, 10),   # the last batch on screen, not at its end yet
    (1, 8, 10),   # an older batch's end
    (1, 10, 10),  # the last epoch, but reported for an older batch than the newest sent
    (2, 8, 8),    # the end of a batch that is not the run's last
])
def test_any_other_report_plays_on_and_asks_for_no_rerun(monkeypatch, seq, at, ahead):
    sent = (8, 9, 10) if ahead == 10 else (7, 8)
    session, reruns = session_after_report(monkeypatch, seq, at, ahead=ahead, sent=sent,
                                           sent_seq=2)
    watch._on_shown(10)
    assert reruns == [] and session[state.WATCH_PLAYING]
    assert session[state.WATCH_EPOCH] == at  # the epoch on screen is the one shown


def test_the_own_network_s_report_only_says_the_epoch_shown(monkeypatch):
    session, reruns = session_after_report(monkeypatch, 2, 10, ahead=10, sent=(9, 10),
                                           sent_seq=2)
    watch._on_shown()  # no last epoch given: the own network's player (tutor.builder.liveplay)
    assert reruns == [] and session[state.WATCH_PLAYING] and session[state.WATCH_EPOCH] == 10
