"""The server's worker pool (tutor.serving.pool): same results as in-process, failures that free
their
slot, a bounded queue with a coded refusal the pages translate, progress, clean shutdown.

Nothing here is timed: a job that must stay busy waits for a file the test creates once it has
seen what it checks (a generous deadline only keeps a broken pool from hanging the suite).
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from bpcore import Scenario, train
from bpcore.builder import BuilderError
from bpcore.recipe import Recipe
from tests.app.apptest import open_page
from tutor.i18n import LANGUAGES, t
from tutor.pages import learning_rate as rates_state
from tutor.pages import training as training_state
from tutor.serving import busy, jobs, shared
from tutor.serving.pool import WORKERS_ENV, Pool, PoolError, env_count
from tutor.ui import state as field_state
from tutor.ui.reasons import reason

DEADLINE_S = 120.0  # only a broken pool gets near this


# --- jobs a worker is sent by name (module level, so the worker can import them) ----------
def blocked(path: str, progress: Callable[[float], None]) -> str:
    """Report a quarter done, then wait until ``path`` exists."""
    progress(0.25)
    give_up = time.monotonic() + DEADLINE_S
    while not os.path.exists(path):
        if time.monotonic() > give_up:
            raise TimeoutError(path)
        time.sleep(0.01)
    return path


def spinning(path: str, progress: Callable[[float], None]) -> str:
    """Report progress every 10 ms (as sgd does once an epoch) until ``path`` exists: a run
    that only cancellation ends early."""
    give_up = time.monotonic() + DEADLINE_S
    while not os.path.exists(path):
        if time.monotonic() > give_up:
            raise TimeoutError(path)
        progress(0.5)
        time.sleep(0.01)
    return path


def broken(arg: int, progress: Callable[[float], None]) -> float:
    """A bug in a job: division by zero."""
    return 1 / arg


def partial_then_blocked(path: str, progress: Any) -> str:
    """Send the builder's run so far (a short run's, as a page draws it while it trains),
    then block as ``blocked`` does."""
    progress.partial(Recipe(epochs=2).run())
    return blocked(path, progress)


def dies(arg: int, progress: Callable[[float], None]) -> None:
    """A worker that dies in the middle of a job (killed, out of memory)."""
    os._exit(arg)


def pid_of_worker(arg: None, progress: Callable[[float], None]) -> int:
    return os.getpid()


def main_imported(arg: None, progress: Callable[[float], None]) -> bool:
    """Whether the worker imported its parent's main module (under streamlit run: app.py)."""
    import sys

    return getattr(sys.modules.get("__mp_main__"), "__file__", None) is not None


# --- helpers ------------------------------------------------------------------------------
def quiet(fraction: float) -> None:
    """A progress callback that shows nothing."""


class Recorder:
    """A progress callback that records fractions and places in the queue, and can act on
    the first of each (``on_progress``, ``on_queued``)."""

    def __init__(self, on_progress: Callable[[], None] | None = None,
                 on_queued: Callable[[], None] | None = None) -> None:
        self.fractions: list[float] = []
        self.places: list[int] = []
        self.on_progress, self.on_queued = on_progress, on_queued

    def __call__(self, fraction: float) -> None:
        self.fractions.append(fraction)
        if self.on_progress is not None:
            self.on_progress()

    def queued(self, ahead: int) -> None:
        self.places.append(ahead)
        if self.on_queued is not None:
            self.on_queued()


def in_thread(fn: Callable[[], Any]) -> tuple[threading.Thread, dict[str, Any]]:
    """Run ``fn`` in a thread; its result or exception lands in the returned dict."""
    out: dict[str, Any] = {}

    def target() -> None:
        try:
            out["result"] = fn()
        except BaseException as err:  # noqa: BLE001 - the test looks at it
            out["error"] = err

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    return thread, out


def until(condition: Callable[[], bool]) -> None:
    """Wait for ``condition`` (polling; fails only past the generous deadline)."""
    give_up = time.monotonic() + DEADLINE_S
    while not condition():
        assert time.monotonic() < give_up, "condition never held"
        time.sleep(0.01)


@pytest.fixture(scope="module")
def pool() -> Iterator[Pool]:
    """One worker and a queue of one, shared by this module's tests (spawning costs ~1 s)."""
    p = Pool(workers=1, queue_bound=1, nice=0)
    yield p
    p.shutdown()


def same_arrays(a: object, b: object) -> None:
    """Every array field of two results equal bit for bit (dtype, shape and bytes)."""
    for name in vars(a):
        x, y = getattr(a, name), getattr(b, name)
        if isinstance(x, np.ndarray):
            assert x.dtype == y.dtype and x.shape == y.shape and x.tobytes() == y.tobytes(), name
        else:
            assert type(x) is type(y), name


# --- the tests ----------------------------------------------------------------------------
def test_a_worker_returns_what_the_in_process_call_returns_bit_for_bit(pool):
    key = (Scenario.worked_example(), 700)
    history = pool.run(jobs.training_history, key, quiet, key="training")
    here = jobs.training_history(key, quiet)
    same_arrays(history, here)
    assert history.scenario == here.scenario and history.iterations == 700
    recipe = replace(Recipe(), epochs=20)
    run = pool.run(jobs.builder_run, recipe, quiet, key="builder")
    local = recipe.run()
    for name in ("train_loss", "test_loss", "train_accuracy", "grad_norms"):
        assert getattr(run.curves, name).tobytes() == getattr(local.curves, name).tobytes()
    # The builder's live frames (Play on the own network) sent as a Trainer and back: the
    # recorded run's epochs, bit for bit, and the session's trainer untouched by the worker.
    start = local.trainer_at(local.frames[3])
    trainer, frames, rows = pool.run(jobs.live_frames, (start, 3, 8, 20), quiet, key="live")
    assert start.epoch == 3 and trainer.epoch == 20
    assert [epoch for epoch, _ in frames] == [6, 9, 12, 15, 18, 20]  # never past ``until``
    for epoch, frame in frames:
        for mine, kept in zip([*frame.weights, *frame.biases],
                              [*local.frames[epoch].weights, *local.frames[epoch].biases],
                              strict=True):
            assert mine.tobytes() == kept.tobytes()
    assert [r[1] for r in rows] == local.curves.train_loss[4:].tolist()
    for w, v in zip(run.network.weights, local.network.weights, strict=True):
        assert w.tobytes() == v.tobytes()


def test_a_refused_run_raises_its_coded_reason_and_frees_the_slot(pool):
    recipe = replace(Recipe(), arch=replace(Recipe().arch, output="sigmoid",
                                            loss="cross_entropy"))
    with pytest.raises(BuilderError) as caught:
        recipe.run()
    with pytest.raises(BuilderError) as remote:
        pool.run(jobs.builder_run, recipe, quiet, key="refused")
    assert (remote.value.field, remote.value.code, remote.value.params) == (
        caught.value.field, caught.value.code, caught.value.params)
    with pytest.raises(ZeroDivisionError):
        pool.run(broken, 0, quiet, key="bug")
    assert pool.run(broken, 4, quiet, key="fine") == 0.25  # the one worker is free again


def test_a_diverging_run_reports_its_divergence_and_the_next_run_goes_on(pool):
    key = (replace(Scenario.worked_example(), eta=1000.0), 3000)
    history = pool.run(jobs.training_history, key, quiet, key="diverges")
    assert history.diverged == train(*key).diverged
    same_arrays(history, train(*key))
    assert pool.run(broken, 2, quiet, key="after") == 0.5


def test_a_worker_that_dies_fails_its_run_with_a_coded_reason_and_the_pool_recovers(pool):
    with pytest.raises(PoolError) as caught:
        pool.run(dies, 3, quiet, key="dies")
    assert caught.value.code == "crashed"
    assert "stopped" in reason(caught.value, "en")
    assert pool.run(broken, 8, quiet, key="recovered") == 0.125


def test_progress_from_the_worker_reaches_the_caller(pool, tmp_path):
    release = tmp_path / "release"
    seen = Recorder(on_progress=release.touch)
    assert pool.run(blocked, str(release), seen, key="progress") == str(release)
    assert 0.25 in seen.fractions


def test_a_partial_result_from_the_worker_reaches_the_caller_s_partial(pool, tmp_path):
    release = tmp_path / "release"
    runs = []

    class Drawing(Recorder):
        def partial(self, value: Any) -> None:  # what the builder's progress bar draws
            runs.append(value)
            release.touch()

    assert pool.run(partial_then_blocked, str(release), Drawing(), key="partial") == str(
        release)
    [run] = runs  # sent once, handed on once
    expected = Recipe(epochs=2).run()
    assert run.network.weights[0].tobytes() == expected.network.weights[0].tobytes()


def test_a_full_queue_refuses_with_a_reason_the_page_translates(pool, tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    started = Recorder()
    runs = [in_thread(lambda: pool.run(blocked, str(first), started, key="first"))]
    until(lambda: 0.25 in started.fractions)  # the one worker is busy
    waiting = Recorder()
    runs.append(in_thread(lambda: pool.run(blocked, str(second), waiting, key="second")))
    until(lambda: 0 in waiting.places)  # queued, told it is next
    with pytest.raises(PoolError) as caught:  # a queue of one: the third is refused
        pool.run(broken, 1, quiet, key="third")
    assert (caught.value.code, caught.value.params) == ("busy", {"limit": 1})
    assert reason(caught.value, "en") == t("reason.pool.busy", "en", limit=1)
    assert "服务器正忙" in reason(caught.value, "zh")
    first.touch()
    second.touch()
    for thread, out in runs:
        thread.join(DEADLINE_S)
        assert "error" not in out
    assert [out["result"] for _, out in runs] == [str(first), str(second)]
    assert pool.run(broken, 1, quiet, key="third") == 1.0  # room again


def test_the_same_key_on_its_way_is_waited_for_not_queued_twice(pool, tmp_path):
    release = tmp_path / "release"
    first = Recorder()
    runs = [in_thread(lambda: pool.run(blocked, str(release), first, key="same"))]
    until(lambda: 0.25 in first.fractions)
    before = pool.runs
    second = Recorder(on_progress=release.touch)
    runs.append(in_thread(lambda: pool.run(blocked, str(release), second, key="same")))
    for thread, out in runs:
        thread.join(DEADLINE_S)
        assert out["result"] == str(release)
    assert pool.runs == before  # the second caller sent nothing


class SessionGone(Exception):
    """What Streamlit raises in a script thread it stops (a rerun, or the session left)."""


def test_a_new_run_from_the_same_session_cancels_its_running_one_and_frees_the_worker(
        pool, tmp_path):
    never = tmp_path / "never"  # the first run ends only by being cancelled
    started = Recorder()
    first = in_thread(lambda: pool.run(spinning, str(never), started, key="seed 1",
                                       owner="session a"))
    until(lambda: 0.5 in started.fractions)  # running in the one worker
    # the same session asks for another seed: the worker is free for it within an epoch
    assert pool.run(broken, 4, quiet, key="seed 2", owner="session a") == 0.25
    first[0].join(DEADLINE_S)
    assert isinstance(first[1]["error"], PoolError)
    assert first[1]["error"].code == "cancelled"
    assert "replaced" in reason(first[1]["error"], "en")
    assert not never.exists()


def test_a_run_whose_session_has_gone_is_stopped_between_epochs(pool, tmp_path):
    never = tmp_path / "never"

    def stop() -> None:  # the session's script is stopped while it waits (tab closed)
        raise SessionGone

    waiting = Recorder(on_progress=stop)
    thread, out = in_thread(lambda: pool.run(spinning, str(never), waiting, key="gone",
                                             owner="session b"))
    thread.join(DEADLINE_S)
    assert isinstance(out["error"], SessionGone)
    # the one worker is free again: the run nobody waits for was stopped, not finished
    assert pool.run(broken, 2, quiet, key="after gone", owner="session c") == 0.5
    assert not never.exists()


def test_a_rerun_with_the_same_settings_finds_its_run_still_going(pool, tmp_path):
    release = tmp_path / "release"

    def stop() -> None:
        raise SessionGone

    first = Recorder(on_progress=stop)  # the script stops (a rerun) while the run goes on
    thread, out = in_thread(lambda: pool.run(spinning, str(release), first, key="same run",
                                             owner="session f"))
    thread.join(DEADLINE_S)
    assert isinstance(out["error"], SessionGone)
    before = pool.runs
    again = Recorder(on_progress=release.touch)  # the rerun asks for the same run at once
    assert pool.run(spinning, str(release), again, key="same run",
                    owner="session f") == str(release)
    assert pool.runs == before  # the run that was going, not a new one


def test_one_session_cannot_fill_the_queue(pool, tmp_path):
    """A queue of one: a session's runs replace each other; another session still queues."""
    release = tmp_path / "release"
    runs = []
    for n in range(4):  # one session changing its seed again and again
        seen = Recorder()
        runs.append(in_thread(lambda n=n, seen=seen: pool.run(
            spinning, str(release), seen, key=f"seed {n}", owner="session d")))
        until(lambda seen=seen: bool(seen.fractions or seen.places))
    other = Recorder()
    theirs = in_thread(lambda: pool.run(broken, 8, other, key="theirs", owner="session e"))
    until(lambda: bool(other.places))  # queued behind session d's one run, not refused
    release.touch()
    theirs[0].join(DEADLINE_S)
    assert theirs[1] == {"result": 0.125}
    for thread, _ in runs:
        thread.join(DEADLINE_S)
    assert [out.get("error").code if "error" in out else "done" for _, out in runs] == [
        "cancelled", "cancelled", "cancelled", "done"]


def test_a_worker_does_not_run_the_servers_main_module(pool):
    assert pool.run(main_imported, None, quiet, key="main") is False


def test_a_worker_outlives_the_script_thread_that_started_it():
    p = Pool(workers=1, queue_bound=1, nice=0)
    try:
        thread, out = in_thread(lambda: p.run(pid_of_worker, None, quiet, key="first"))
        thread.join(DEADLINE_S)  # a Streamlit script thread ends with its run
        assert p.run(pid_of_worker, None, quiet, key="second") == out["result"]
    finally:
        p.shutdown()


def test_no_worker_is_left_after_shutdown():
    p = Pool(workers=2, queue_bound=1, nice=0)
    pid = p.run(pid_of_worker, None, quiet, key="pid")
    workers = p.pids()
    assert pid in workers and pid != os.getpid()
    p.shutdown()
    assert p.pids() == []
    until(lambda: not any(Path(f"/proc/{w}").exists() and "Z" not in
                          Path(f"/proc/{w}/stat").read_text().rsplit(")", 1)[1].split()[:1]
                          for w in workers if Path(f"/proc/{w}/stat").exists()))


def test_no_workers_means_in_process_and_bad_settings_fall_back(monkeypatch):
    assert Pool(workers=0).run(pid_of_worker, None, quiet, key="here") == os.getpid()
    monkeypatch.setenv(WORKERS_ENV, "lots")
    assert env_count(WORKERS_ENV, 1, 16) == 1
    monkeypatch.setenv(WORKERS_ENV, "3")
    assert env_count(WORKERS_ENV, 1, 16) == 3 and Pool().workers == 3


# --- the pages ----------------------------------------------------------------------------
def test_the_training_page_trains_in_a_real_worker_end_to_end(monkeypatch):
    monkeypatch.setenv(WORKERS_ENV, "1")
    monkeypatch.setattr(shared, "POOL", Pool())  # a pool of this test's own, shut below
    shared.clear_all()
    try:
        at = open_page("training", preset={training_state.TRAIN_ITERATIONS: 400}, timeout=120)
        assert not at.exception
        assert shared.POOL.runs == 1 and shared.POOL.pids()  # it went to a worker
        history = training_state.TRAIN_RESULT.get(at.session_state).result
        same_arrays(history, train(Scenario.worked_example(), 400))
        assert not history.errors.flags.writeable  # frozen as the shared cache requires
    finally:
        shared.POOL.shutdown()
        shared.clear_all()


class FullPool:
    """A pool whose queue is full: every run is refused as busy."""

    runs = 0

    def run(self, *args: object, **kwargs: object) -> object:
        raise PoolError("busy", limit=4)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_busy_server_is_said_plainly_and_the_last_result_stays(monkeypatch, lang):
    shared.clear_all()
    at = open_page("training", lang, preset={training_state.TRAIN_ITERATIONS: 300})
    shown = [m.value for m in at.metric]
    monkeypatch.setattr(shared, "POOL", FullPool())
    at.text_input(
        key=field_state.field_text_key(training_state.TRAIN_ITERATIONS)).set_value("301").run()
    assert not at.exception
    assert t("reason.pool.busy", lang, limit=4) in [w.value for w in at.warning]
    assert at.button(key=busy.POOL_RETRY).label == t("pool.retry", lang)
    assert [m.value for m in at.metric] == shown  # the last valid run stays
    shared.clear_all()


def test_a_busy_server_before_any_result_stops_the_page_with_the_reason(monkeypatch):
    monkeypatch.setattr(shared, "POOL", FullPool())
    shared.clear_all()
    # the worked example's runs go to the pool (the default bowl is computed in-process)
    at = open_page("learning_rate", "zh", preset={rates_state.RATES_PROBLEM: "worked"})
    assert not at.exception
    assert t("reason.pool.busy", "zh", limit=4) in [w.value for w in at.warning]
    assert not at.get("plotly_chart")
    shared.clear_all()
