"""tutor.live.push: the server tells its followers of a move once, and forgets who left."""

from __future__ import annotations

import threading

from bpcore.errors import CodedError
from tutor.live.push import Pusher


class Versions:
    """A room store that knows only versions (all the pusher reads)."""

    def __init__(self, **versions: int | None) -> None:
        self.versions = dict(versions)
        self.reads = 0
        self.down = False

    def version(self, code: str, now: float) -> int | None:
        self.reads += 1
        if self.down:
            raise CodedError("live", "store_unavailable")
        return self.versions.get(code)


class Reruns:
    """Records the reruns asked for; sessions in ``gone`` are no longer on the server."""

    def __init__(self, gone: frozenset[str] = frozenset()) -> None:
        self.asked: list[str] = []
        self.gone = set(gone)
        self.event = threading.Event()

    def __call__(self, session_id: str) -> bool:
        if session_id in self.gone:
            return False
        self.asked.append(session_id)
        self.event.set()
        return True


def test_a_move_reruns_each_follower_of_that_room_once_and_no_other() -> None:
    store, reruns = Versions(ROOMA=3, ROOMB=7), Reruns()
    pusher = Pusher(lambda: store, reruns, poll_s=3600)  # ticks by hand below
    for sid in ("s1", "s2"):
        assert pusher.follow("ROOMA", sid, seen=3)
    pusher.follow("ROOMB", "s3", seen=7)
    assert pusher.tick(0.0) == 0 and reruns.asked == []  # nothing moved
    store.versions["ROOMA"] = 4
    assert pusher.tick(0.0) == 2
    assert sorted(reruns.asked) == ["s1", "s2"]
    assert pusher.tick(0.0) == 0  # told once, not at every tick
    assert store.reads == 6  # one read per followed room per tick, not one per follower


def test_a_follower_that_left_or_is_gone_is_not_told_again() -> None:
    store, reruns = Versions(ROOMA=1), Reruns(gone=frozenset({"s2"}))
    pusher = Pusher(lambda: store, reruns, poll_s=3600)
    for sid in ("s1", "s2", "s3"):
        pusher.follow("ROOMA", sid, seen=1)
    pusher.leave("s3")
    store.versions["ROOMA"] = 2
    assert pusher.tick(0.0) == 1 and reruns.asked == ["s1"]
    assert pusher.followers("ROOMA") == frozenset({"s1"})  # s2's session is gone


def test_following_another_room_leaves_the_first() -> None:
    store, reruns = Versions(ROOMA=1, ROOMB=1), Reruns()
    pusher = Pusher(lambda: store, reruns, poll_s=3600)
    pusher.follow("ROOMA", "s1", seen=1)
    pusher.follow("ROOMB", "s1", seen=1)
    store.versions["ROOMA"] = 2
    assert pusher.tick(0.0) == 0 and pusher.followers("ROOMA") == frozenset()


def test_a_store_out_of_reach_pushes_nothing_and_the_move_is_pushed_once_it_is_back() -> None:
    store, reruns = Versions(ROOMA=1), Reruns()
    pusher = Pusher(lambda: store, reruns, poll_s=3600)
    pusher.follow("ROOMA", "s1", seen=1)
    store.versions["ROOMA"], store.down = 2, True
    assert pusher.tick(0.0) == 0
    store.down = False
    assert pusher.tick(0.0) == 1 and reruns.asked == ["s1"]


def test_a_room_gone_is_pushed_once_and_its_followers_forgotten() -> None:
    store, reruns = Versions(ROOMA=1), Reruns()
    pusher = Pusher(lambda: store, reruns, poll_s=3600)
    pusher.follow("ROOMA", "s1", seen=1)
    del store.versions["ROOMA"]
    assert pusher.tick(0.0) == 1  # its rerun says the class is over
    assert pusher.followers("ROOMA") == frozenset()


def test_the_thread_pushes_a_move_by_itself() -> None:
    store, reruns = Versions(ROOMA=1), Reruns()
    pusher = Pusher(lambda: store, reruns, poll_s=0.01)
    pusher.follow("ROOMA", "s1", seen=1)
    store.versions["ROOMA"] = 2
    assert reruns.event.wait(timeout=10), "the push thread never told the follower"
    assert reruns.asked == ["s1"]
    pusher.leave("s1")


def test_without_a_streamlit_server_no_push_is_promised() -> None:
    pusher = Pusher(lambda: Versions(ROOMA=1))  # the real rerun: needs a runtime session
    assert pusher.follow("ROOMA", "no-such-session", seen=1) is False
    assert pusher.followers("ROOMA") == frozenset()


class Storage:
    """Streamlit's fragment storage as the push reads it: fragment ids by their keys."""

    def __init__(self, **ids: str) -> None:
        self.ids = {key.replace("_", "-"): value for key, value in ids.items()}

    def resolve_target(self, key: str) -> list[str]:
        if key not in self.ids:
            raise ValueError(f"no fragment {key}")  # Streamlit raises its API exception
        return [self.ids[key]]


class FakeSession:
    def __init__(self, storage: Storage) -> None:
        self._fragment_storage = storage


def test_a_push_reruns_the_followers_page_fragment_and_its_lesson_link_in_that_order() -> None:
    from tutor.live.push import PAGE_FRAGMENT, SHARE_FRAGMENT, pushed_fragment_ids

    assert (PAGE_FRAGMENT, SHARE_FRAGMENT) == ("live-page", "live-share")
    session = FakeSession(Storage(live_share="s-id", live_page="p-id"))
    assert pushed_fragment_ids(session) == ["p-id", "s-id"]  # the page applies the move first
    assert pushed_fragment_ids(FakeSession(Storage(live_page="p-id"))) == ["p-id"]


def test_without_the_page_fragment_a_push_reruns_the_whole_app() -> None:
    from tutor.live.push import pushed_fragment_ids

    # A page not drawn as a fragment (a question in its place): [] is the whole app's rerun.
    assert pushed_fragment_ids(FakeSession(Storage(live_share="s-id"))) == []
    assert pushed_fragment_ids(object()) == []


def test_a_pushed_followers_own_check_leaves_a_move_to_the_push_for_one_check() -> None:
    from tutor.live.ui import check_reruns

    # Not pushed (AppTest, no runtime): the check shows a move at once, as before.
    assert check_reruns(version=5, seen=4, awaited=None, pushed=False)
    # Pushed: the first check that finds the move leaves it to the push (its page fragment)…
    assert not check_reruns(version=5, seen=4, awaited=4, pushed=True)
    # …the next, finding it still not shown (a push lost), reruns the whole app.
    assert check_reruns(version=5, seen=4, awaited=5, pushed=True)
    assert not check_reruns(version=5, seen=5, awaited=5, pushed=True)  # shown: nothing to do
    assert check_reruns(version=None, seen=4, awaited=None, pushed=True)  # the room is gone
