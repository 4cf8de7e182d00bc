"""tutor.serving.kept: exact keys, frozen results, one computation per key for the whole server
(even
when identical requests arrive together), bounds, and the session's last valid result."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace

import numpy as np
import pytest

from bpcore import History, Network, Scenario, train
from bpcore.builder import DataSpec
from bpcore.recipe import Recipe
from tutor.serving.kept import (
    QUIET,
    Kept,
    KeptResult,
    Progress,
    SharedCache,
    Tick,
    exact_key,
    freeze,
)

WORKED = Scenario.worked_example()
LAST_BIT = WORKED.with_value("w5", float(np.nextafter(0.40, 1.0)))  # one bit above w5 = 0.40


# --- exact keys -----------------------------------------------------------------------------
def test_keys_tell_apart_what_equality_might_merge():
    assert exact_key(0.4) != exact_key(float(np.nextafter(0.4, 1.0)))
    assert exact_key(0.0) != exact_key(-0.0)  # 0.0 == -0.0, but they are different inputs
    assert len({exact_key(True), exact_key(1), exact_key(1.0)}) == 3  # True == 1 == 1.0
    assert exact_key((WORKED, 10)) == exact_key((Scenario.worked_example(), 10))


@pytest.mark.parametrize("other", [LAST_BIT, WORKED.with_value("eta", 0.5000001),
                                   WORKED.with_value("train_biases", True)])
def test_scenarios_that_differ_in_one_bit_eta_or_train_biases_have_different_keys(other):
    assert other != WORKED
    assert exact_key(other) != exact_key(WORKED)


RECIPE_ETA = float(np.nextafter(Recipe().eta, 1.0))


@pytest.mark.parametrize("other", [Recipe(eta=RECIPE_ETA), Recipe(seed=1),
                                   Recipe(data=DataSpec(noise=float(np.nextafter(0.1, 1.0))))])
def test_recipes_that_differ_anywhere_have_different_keys(other):
    assert exact_key(other) != exact_key(Recipe())


def test_two_recipes_one_bit_apart_are_trained_apart():
    cache = SharedCache("builder", lambda recipe, progress: recipe.run(progress),
                        max_entries=4, ttl_seconds=60)
    short = Recipe(epochs=3)
    runs = [cache.get(short), cache.get(replace(short, eta=RECIPE_ETA))]
    assert cache.computations == 2 and runs[0].eta == 0.1 and runs[1].eta == RECIPE_ETA


def test_a_field_left_out_of_equality_is_left_out_of_the_key():
    @dataclass(frozen=True)
    class Files:
        digest: str
        read: object = field(compare=False)

    assert exact_key(Files("abc", read=1)) == exact_key(Files("abc", read=2))
    assert exact_key(Files("abc", read=1)) != exact_key(Files("abd", read=1))


def test_a_value_without_an_exact_key_is_refused():
    with pytest.raises(TypeError):
        exact_key({"a": 1})
    with pytest.raises(TypeError):
        exact_key(object())


# --- frozen results -------------------------------------------------------------------------
def test_freeze_makes_every_array_of_a_result_read_only():
    history = freeze(train(WORKED, 3))
    network = freeze(Network.random((2, 3, 2), ("tanh", "softmax"), "cross_entropy", seed=0))
    for array in (history.errors, history.weights, network.weights[0], network.biases[1]):
        assert not array.flags.writeable
    with pytest.raises(ValueError):
        history.errors[0] = 1.0
    with pytest.raises(ValueError):
        network.weights[0] -= 1.0  # what an update in place would do
    copy = network.copy()  # a copy is the learner's own, and trains
    copy.weights[0] -= 1.0
    np.testing.assert_array_equal(copy.weights[0], network.weights[0] - 1.0)


# --- the shared cache -----------------------------------------------------------------------
class Counting:
    """A computation that counts its calls: key → (key, call number)."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, key: object, progress: Progress) -> tuple[object, int]:
        self.calls += 1
        progress(1.0)
        return key, self.calls


def test_a_result_is_made_once_and_then_served():
    compute = Counting()
    cache = SharedCache("t", compute, max_entries=4, ttl_seconds=60)
    first = cache.get("a")
    assert cache.get("a") is first and compute.calls == cache.computations == 1
    assert cache.get("b") == ("b", 2) and cache.computations == 2


def test_different_scenarios_never_share_a_training():
    cache = SharedCache("training", lambda key, progress: train(key, 5, progress),
                        max_entries=8, ttl_seconds=60)
    scenarios = [WORKED, LAST_BIT, WORKED.with_value("eta", 0.5000001),
                 WORKED.with_value("train_biases", True)]
    histories = [cache.get(s) for s in scenarios]
    assert cache.computations == 4
    for scenario, history in zip(scenarios, histories, strict=True):
        assert history.scenario == scenario  # each run is the run of its own scenario
        np.testing.assert_array_equal(history.errors, train(scenario, 5).errors)
    assert histories[1].weights[0, 4] == np.nextafter(0.40, 1.0)


class Recording:
    """A View that records who computed and who waited (thread-safe)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.computed = 0
        self.waited = 0
        self.ticks = 0

    @contextmanager
    def computing(self) -> Iterator[Progress]:
        with self.lock:
            self.computed += 1
        yield lambda fraction: None

    @contextmanager
    def waiting(self) -> Iterator[Tick]:
        with self.lock:
            self.waited += 1

        def tick() -> None:
            with self.lock:
                self.ticks += 1

        yield tick


def test_identical_requests_that_arrive_together_wait_for_the_first():
    sessions = 8
    view = Recording()
    release = threading.Event()

    def slow(key: str, progress: Progress) -> np.ndarray:
        # Finish only once every other session has arrived and is waiting for this result.
        release.wait(10)
        return np.arange(3.0)

    cache = SharedCache("slow", slow, max_entries=2, ttl_seconds=60)
    cache.poll_seconds = 0.01
    results: list[np.ndarray] = []

    def session() -> None:
        results.append(cache.get("same", view))

    threads = [threading.Thread(target=session) for _ in range(sessions)]
    for thread in threads:
        thread.start()
    for _ in range(1000):  # until all but the computing session wait
        with view.lock:
            if view.waited == sessions - 1:
                break
        threading.Event().wait(0.01)
    release.set()
    for thread in threads:
        thread.join(10)
    assert cache.computations == 1 and view.computed == 1 and view.waited == sessions - 1
    assert view.ticks >= sessions - 1  # each waiting session's message is drawn at least once
    assert len(results) == sessions and all(r is results[0] for r in results)
    assert not results[0].flags.writeable


def test_a_failed_computation_stores_nothing_and_the_waiting_session_computes_again():
    view = Recording()
    started, release = threading.Event(), threading.Event()
    calls: list[str] = []

    def flaky(key: str, progress: Progress) -> str:
        calls.append(key)
        if len(calls) == 1:  # the first run is stopped (as Streamlit stops a rerun)
            started.set()
            release.wait(10)
            raise KeyboardInterrupt
        return "made"

    cache = SharedCache("flaky", flaky, max_entries=2, ttl_seconds=60)
    cache.poll_seconds = 0.01
    outcome: dict[str, object] = {}

    def first() -> None:
        try:
            cache.get("k", view)
        except KeyboardInterrupt:
            outcome["first"] = "stopped"

    def second() -> None:
        outcome["second"] = cache.get("k", view)

    a = threading.Thread(target=first)
    a.start()
    started.wait(10)
    b = threading.Thread(target=second)
    b.start()
    for _ in range(1000):
        with view.lock:
            if view.waited:
                break
        threading.Event().wait(0.01)
    release.set()
    a.join(10)
    b.join(10)
    assert outcome == {"first": "stopped", "second": "made"}
    assert calls == ["k", "k"] and cache.computations == 1


def test_the_cache_is_bounded_by_entries_and_by_age():
    now = [0.0]
    compute = Counting()
    cache = SharedCache("b", compute, max_entries=2, ttl_seconds=10, clock=lambda: now[0])
    cache.get("a")
    cache.get("b")
    cache.get("a")  # "a" is now the most recently used
    cache.get("c")  # so "b" leaves
    assert len(cache) == 2
    cache.get("a")
    assert compute.calls == 3
    cache.get("b")
    assert compute.calls == 4  # "b" was made again
    now[0] = 10.0  # every entry is now ttl old
    assert len(cache) == 0
    cache.get("a")
    assert compute.calls == 5
    with pytest.raises(ValueError):
        SharedCache("bad", compute, max_entries=0, ttl_seconds=1)


def test_an_entry_made_again_after_eviction_lives_its_own_ttl_and_the_records_stay_bounded():
    now = [0.0]
    compute = Counting()
    cache = SharedCache("r", compute, max_entries=2, ttl_seconds=10, clock=lambda: now[0])
    cache.get("a")  # made at 0
    now[0] = 5.0
    cache.get("b")
    cache.get("c")  # "a" leaves (least recently used)
    cache.get("a")  # made again at 5
    now[0] = 10.0  # the record of "a" made at 0 is ttl old; "a" itself is 5 s old
    cache.get("a")
    assert compute.calls == 4  # "a" kept: its older record did not take it
    for i in range(50):  # many keys, each evicting another: the records are pruned
        cache.get(f"k{i}")
    assert len(cache._made) <= 2 * cache.max_entries + 1
    now[0] = 20.0
    assert len(cache) == 0


# --- the session's kept result --------------------------------------------------------------
class Refused(ValueError):
    """A refusal of these tests' computation (an input below zero)."""


def square(key: float, progress: Progress) -> float:
    if key < 0:
        raise Refused(key)
    return key * key


def test_the_kept_result_is_fetched_again_only_when_the_inputs_change():
    cache = SharedCache("square", square, max_entries=8, ttl_seconds=60)
    slot = KeptResult("kept.square", cache)
    session: dict[str, object] = {}
    assert slot.get(session) is None
    first = slot.keep(session, 3.0)
    assert first.result == 9.0 and first.fresh and not first.stale
    assert session["kept.square"] == Kept(3.0, 9.0)
    session["kept.square"] = (3.0, -1.0)  # what is kept is used, not fetched again
    again = slot.keep(session, 3.0)
    assert again.result == -1.0 and not again.fresh
    assert slot.keep(session, -0.0).fresh  # −0.0 is another input than 0.0 or 3.0
    assert slot.matching(session, -0.0) == 0.0 and slot.matching(session, 0.0) is None


def test_refused_inputs_keep_the_last_valid_result():
    cache = SharedCache("square", square, max_entries=8, ttl_seconds=60)
    slot = KeptResult("kept.square", cache)
    session: dict[str, object] = {}
    before = slot.keep(session, -1.0, refusals=(Refused,))
    assert before.kept is None and isinstance(before.refusal, Refused)
    with pytest.raises(RuntimeError):
        _ = before.result
    slot.keep(session, 2.0, refusals=(Refused,))
    refused = slot.keep(session, -5.0, QUIET, refusals=(Refused,))
    assert refused.result == 4.0 and refused.stale and isinstance(refused.refusal, Refused)
    assert slot.get(session) == Kept(2.0, 4.0)
    with pytest.raises(Refused):  # a refusal that is not declared is not swallowed
        slot.keep(session, -5.0)


def test_a_kept_history_is_the_shared_one():
    cache = SharedCache("training", lambda key, progress: train(key, 5, progress),
                        max_entries=8, ttl_seconds=60)
    slot: KeptResult[Scenario, History] = KeptResult("kept.training", cache)
    one: dict[str, object] = {}
    two: dict[str, object] = {}
    mine, theirs = slot.keep(one, WORKED).result, slot.keep(two, WORKED).result
    assert mine is theirs and cache.computations == 1
    with pytest.raises(ValueError):
        mine.errors[-1] = 0.0
    np.testing.assert_array_equal(theirs.errors, train(WORKED, 5).errors)


def test_inputs_equal_by_key_keep_the_result_and_take_the_new_inputs():
    @dataclass(frozen=True)
    class Files:
        digest: str
        kind: str = field(compare=False)

    cache = SharedCache("files", lambda key, progress: key.digest.upper(), max_entries=2,
                        ttl_seconds=60)
    slot = KeptResult("kept.files", cache)
    session: dict[str, object] = {}
    slot.keep(session, Files("abc", "folder"))
    again = slot.keep(session, Files("abc", "upload"))  # the same files, uploaded this time
    assert not again.fresh and again.result == "ABC" and cache.computations == 1
    assert slot.get(session).inputs.kind == "upload"
