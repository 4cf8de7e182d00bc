"""Long runs off the script thread: a small, bounded pool of worker processes per server.

One Streamlit process runs every session's script on one core, and its threads share the GIL:
100,000 updates computed in a script thread hold up every other student's click. ``Pool.run``
sends such a run — ``fn(arg, progress)``, a pure, module-level function — to one of a fixed
number of worker processes and waits for it in the script thread without holding the GIL:

- **Workers**: ``BPTUTOR_POOL_WORKERS`` (default 1) processes, started with the *spawn*
  context (never fork: the server has threads), lazily at the first run (``warm()`` starts
  them early), once per server process; they run at a lower priority (nice +10) so a click
  is served before a long run goes on, and exit with the server (they watch for it).
  ``BPTUTOR_POOL_WORKERS=0`` runs everything in-process: the documented switch the AppTest
  page tests set (tests/app/conftest.py) to stay fast.
- **A bounded queue**: at most ``BPTUTOR_POOL_QUEUE`` (default 16) runs wait for a worker;
  one more is refused with ``PoolError("pool", "busy", limit=…)`` (a coded refusal the page
  says in the reader's language: the server is busy, try again in a moment) and nothing is
  queued. A waiting run is told how many runs are ahead of it (``progress.queued(ahead)``
  when the caller's progress callback has that method: tutor.serving.kept's progress bar does).
- **Progress**: the worker's ``progress(fraction)`` calls travel back through one
  ``multiprocessing`` queue to a listener thread; the waiting script thread passes the
  latest fraction to its own progress callback (so Streamlit can also stop the run there).
  A job may also send a partial result (``progress.partial(value)``, at most every
  PARTIAL_SECONDS; small: the builder's newest kept epoch): the waiting thread hands the
  newest one to its callback's ``partial`` method, when it has one (the builder draws it).
- **Failures**: an exception in ``fn`` (a refusal such as BuilderError, or a bug) is raised
  in the caller with its type, args and attributes; a run whose result says it diverged is a
  result like any other. Either way the worker is free for the next run. A worker that dies
  (killed, out of memory) fails its run with ``PoolError("pool", "crashed")`` and the pool
  starts afresh at the next run.
- **One run per key**: a run asked for again while the same key is still on its way (the
  session that asked was interrupted by a rerun) waits for that one instead of queueing a
  second; tutor.serving.shared's SharedCache makes sure only one session asks in the first place,
  and freezes what comes back.
- **One run per session, and none for a session that has gone**: a run names its ``owner``
  (the Streamlit session that asked); a new run from the same owner supersedes its previous
  one, which is cancelled unless another caller still waits for it. A run nobody waits for any
  more (its session reran with other settings, or left: Streamlit stops a disconnected
  session's script, and the waiting call ends with it) is cancelled too: dropped from the
  queue if it has not started, else, when nobody has asked for it again within
  ``ORPHAN_SECONDS`` (a rerun with the same settings does), stopped by the worker at its
  next progress report (sgd reports once an epoch), through a flag in memory the workers
  share. So the queue holds at most one run per session, first come first served: one
  session cannot fill it, and a started run whose session has gone frees its worker within
  ORPHAN_SECONDS and an epoch.

Nothing here holds per-user data; like ``st.cache_resource`` the pool is a process-wide
resource (``POOL``). This module imports no Streamlit: the workers import it.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import logging
import math
import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Hashable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from multiprocessing import spawn as mp_spawn
from typing import Any, TypeVar

from bpcore.errors import CodedError

_LOG = logging.getLogger(__name__)  # refusals and dead workers, for the server's log
A = TypeVar("A")
R = TypeVar("R")
Progress = Callable[[float], None]

WORKERS_ENV = "BPTUTOR_POOL_WORKERS"  # worker processes per server; 0: run in-process
QUEUE_ENV = "BPTUTOR_POOL_QUEUE"  # runs that may wait for a worker; one more is refused
DEFAULT_WORKERS = 1
DEFAULT_QUEUE = 16
MAX_WORKERS = 16
MAX_QUEUE = 256
WORKER_NICE = 10  # a worker yields the core to the script threads serving clicks
POLL_SECONDS = 0.1  # how often a waiting script thread looks at its run
PARENT_CHECK_SECONDS = 1.0  # how often a worker looks whether the server is still there
SHOW_SECONDS = 0.25  # how often it redraws the progress (or its place in the queue)
ORPHAN_SECONDS = 2.0  # a started run nobody waits for is cancelled after this (a rerun of
# the same session with the same settings asks for it again well within it)
PARTIAL_SECONDS = 0.25  # a job sends a partial result at most this often


class PoolError(CodedError):
    """The pool could not run a job: ``busy`` (``limit`` runs already wait) or ``crashed``."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__("pool", code, **params)


def env_count(name: str, default: int, hi: int) -> int:
    """The whole number 0 … hi in environment variable ``name``; ``default`` when it is unset
    or not such a number (a mistyped setting must not stop the server)."""
    text = os.environ.get(name, "").strip()
    if not text.isdigit() or int(text) > hi:
        return default
    return int(text)


# --- the worker side ------------------------------------------------------------------------
_REPORTS: list[Any] = []  # in a worker process only: its progress queue (set by _start_worker)
_CANCELLED: list[Any] = []  # in a worker process only: the shared cancel flags (_start_worker)
CANCEL_SLOTS = 1024  # job id k is cancelled when slot k % CANCEL_SLOTS holds k + 1


class Cancelled(PoolError):
    """Raised inside a worker's job when its run was cancelled (nobody waits for it)."""

    def __init__(self) -> None:
        super().__init__("cancelled")


def _start_worker(reports: Any, nice: int, cancelled: Any = None) -> None:
    """A worker's initializer: keep the progress queue and the cancel flags, lower the
    priority, die with the server.

    Not PR_SET_PDEATHSIG: that signal follows the *thread* that started the worker, and a
    Streamlit script thread ends with its run. A daemon thread watches the parent instead.
    """
    _REPORTS[:] = [reports]
    _CANCELLED[:] = [cancelled]
    if nice:
        with contextlib.suppress(OSError):
            os.nice(nice)
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_SECONDS)
        os._exit(0)  # the server is gone: nothing to report to

    threading.Thread(target=watch, name="bptutor-pool-parent", daemon=True).start()


@dataclass(frozen=True)
class _Raised:
    """An exception made portable: rebuilt in the caller with its type, args and attributes
    (a coded refusal's ``__init__`` takes other arguments than its ``args``, so plain pickling
    of it fails)."""

    kind: type[BaseException]
    args: tuple[Any, ...]
    attributes: dict[str, Any]
    text: str

    def rebuild(self) -> BaseException:
        err = self.kind.__new__(self.kind, *self.args)
        err.args = self.args
        err.__dict__.update(self.attributes)
        return err


class _Reporter:
    """A worker job's progress callback: ``progress(fraction)`` (a cancelled run stops
    there) and ``progress.partial(value)`` (sent at most every PARTIAL_SECONDS; the rest
    dropped: only the newest matters)."""

    def __init__(self, job_id: int, reports: Any, flags: Any) -> None:
        self.job_id, self.reports, self.flags = job_id, reports, flags
        self.fraction, self.sent = 0.0, -math.inf

    def check(self) -> None:
        if self.flags is not None and self.flags[self.job_id % CANCEL_SLOTS] == self.job_id + 1:
            raise Cancelled()

    def __call__(self, fraction: float) -> None:
        self.check()  # between epochs: a run nobody waits for stops here
        self.fraction = float(fraction)
        self.reports.put((self.job_id, self.fraction))

    def partial(self, value: object) -> None:
        now = time.monotonic()
        if now - self.sent >= PARTIAL_SECONDS:
            self.sent = now
            self.reports.put((self.job_id, self.fraction, value))


def _job(job_id: int, fn: Callable[[A, Progress], R], arg: A) -> R | _Raised:
    """Run one job in a worker: say it started, pass its progress on, return its result (or
    its exception, made portable)."""
    reports = _REPORTS[0]
    progress = _Reporter(job_id, reports, _CANCELLED[0] if _CANCELLED else None)
    try:
        progress.check()  # cancelled while it was already on its way to this worker
        reports.put((job_id, None))
        return fn(arg, progress)
    except Exception as err:  # every failure goes back to the session that asked
        try:
            return _Raised(type(err), err.args, dict(vars(err)), str(err))
        except TypeError:
            raise err from None


def _sleep_job(seconds: float, progress: Progress | None) -> float:
    """A job that only waits (warming the workers; tests of the queue)."""
    time.sleep(seconds)
    return seconds


# --- the server side ------------------------------------------------------------------------
@contextlib.contextmanager
def without_main() -> Iterator[None]:
    """Start worker processes without the server's main module.

    Spawn re-imports the parent's ``__main__`` in every child; under ``streamlit run`` that is
    the page script being run (app.py), which would run the whole app in each worker. Every
    worker is started inside an ``executor.submit`` of this module, under the pool's lock, so
    the preparation data is trimmed only there (only this module uses multiprocessing here).
    """
    original = mp_spawn.get_preparation_data

    def without(name: str) -> dict[str, Any]:
        data = original(name)
        data.pop("init_main_from_path", None)
        data.pop("init_main_from_name", None)
        return data

    mp_spawn.get_preparation_data = without
    try:
        yield
    finally:
        mp_spawn.get_preparation_data = original


@dataclass(eq=False)
class _Job:
    """One run on its way: its future, whether a worker has it, its last progress."""

    id: int
    key: Hashable
    future: Future[Any]
    started: bool = False
    fraction: float = 0.0
    waiters: int = 0
    partial: object = None  # the newest partial result the worker sent (None: none yet)
    listeners: list[Progress] = field(default_factory=list)
    owners: set[Hashable] = field(default_factory=set)
    cancelled: bool = False


@dataclass(eq=False)
class _Workers:
    """One executor with its progress queue and the thread that reads it."""

    executor: ProcessPoolExecutor
    reports: Any
    listener: threading.Thread
    cancelled: Any  # multiprocessing Array of CANCEL_SLOTS job ids + 1, shared with workers


class Pool:
    """A fixed number of worker processes with a bounded queue (see the module docstring).

    ``workers`` / ``queue_bound`` None: from the environment (``WORKERS_ENV``, ``QUEUE_ENV``),
    read when the workers start; ``workers`` 0 runs every job in-process. ``runs`` counts the
    jobs sent to a worker (tests, the benchmark).
    """

    def __init__(self, workers: int | None = None, queue_bound: int | None = None, *,
                 nice: int = WORKER_NICE) -> None:
        self._workers_asked, self._queue_asked, self.nice = workers, queue_bound, nice
        self.orphan_seconds = ORPHAN_SECONDS
        # Reentrant: a future already done when its callback is added runs _done at once, in
        # the thread that holds the lock in _submit.
        self._lock = threading.RLock()
        self._running: _Workers | None = None
        self._jobs: dict[Hashable, _Job] = {}
        self._by_id: dict[int, _Job] = {}
        self._owned: dict[Hashable, _Job] = {}  # owner → its one run on its way
        self._ids = itertools.count()
        self.runs = 0

    @property
    def workers(self) -> int:
        """Worker processes this pool uses (0: jobs run in-process)."""
        if self._workers_asked is not None:
            return self._workers_asked
        return env_count(WORKERS_ENV, DEFAULT_WORKERS, MAX_WORKERS)

    @property
    def queue_bound(self) -> int:
        """Runs that may wait for a worker at once."""
        if self._queue_asked is not None:
            return self._queue_asked
        return env_count(QUEUE_ENV, DEFAULT_QUEUE, MAX_QUEUE)

    def pids(self) -> list[int]:
        """The worker processes alive now."""
        with self._lock:
            running = self._running
        if running is None:
            return []
        processes = getattr(running.executor, "_processes", None) or {}
        return [p.pid for p in list(processes.values()) if p.is_alive() and p.pid]

    def warm(self) -> None:
        """Start the workers now (in the background) rather than at the first long run."""
        workers = self.workers
        if workers == 0:
            return
        with self._lock:
            if self._running is not None:
                return
            running = self._start(workers)
            for _ in range(workers):
                with contextlib.suppress(RuntimeError, BrokenProcessPool), without_main():
                    running.executor.submit(_sleep_job, 0.0, None)

    def run(self, fn: Callable[[A, Progress], R], arg: A, progress: Progress, *,
            key: Hashable, owner: Hashable | None = None) -> R:
        """``fn(arg, progress)`` computed by a worker (in-process when the pool has none).

        ``key`` names the run exactly (a run with the same key already on its way is waited
        for, not queued twice); ``owner`` (a session id) has at most one run on its way: its
        previous one is cancelled when nobody else waits for it. Raises what ``fn`` raises,
        or PoolError busy / crashed / cancelled (superseded while this call waited).
        """
        if self.workers == 0:
            return fn(arg, progress)
        job = self._submit(fn, arg, key, owner)
        try:
            self._wait(job, progress)
        finally:
            self._leave(job)
        return self._outcome(job)

    def shutdown(self) -> None:
        """Stop the workers (jobs still waiting are cancelled) and the listener thread."""
        with self._lock:
            running, self._running = self._running, None
        if running is not None:
            self._close(running, wait=True)

    # --- inside -----------------------------------------------------------------------------
    def _start(self, workers: int) -> _Workers:
        """The running executor, started if there is none (the caller holds the lock)."""
        if self._running is None:
            context = multiprocessing.get_context("spawn")
            reports = context.Queue()
            cancelled = context.Array("q", CANCEL_SLOTS, lock=False)  # one writer: this lock
            executor = ProcessPoolExecutor(workers, mp_context=context,
                                           initializer=_start_worker,
                                           initargs=(reports, self.nice, cancelled))
            listener = threading.Thread(target=self._listen, args=(reports,),
                                        name="bptutor-pool-progress", daemon=True)
            listener.start()
            self._running = _Workers(executor, reports, listener, cancelled)
        return self._running

    def _cancel(self, job: _Job) -> None:
        """Stop ``job``: dropped from the queue, else flagged for its worker to stop at its
        next progress report (the caller holds the lock)."""
        if job.cancelled or job.future.done():
            return
        job.cancelled = True
        if not job.future.cancel() and self._running is not None:
            self._running.cancelled[job.id % CANCEL_SLOTS] = job.id + 1
        if self._jobs.get(job.key) is job:  # the key is free for a new run at once
            del self._jobs[job.key]
        _LOG.info("pool run %d cancelled (nobody waits for it)", job.id)

    def _supersede(self, owner: Hashable, job: _Job) -> None:
        """``job`` is now ``owner``'s one run; its previous one loses this owner and is
        cancelled when no other owner and no caller is left (the caller holds the lock)."""
        old = self._owned.get(owner)
        self._owned[owner] = job
        job.owners.add(owner)
        if old is None or old is job:
            return
        old.owners.discard(owner)
        if not old.owners:
            self._cancel(old)

    def _listen(self, reports: Any) -> None:
        """Read the workers' reports: (job id, None) when a job starts, (job id, fraction),
        (job id, fraction, partial result)."""
        while True:
            try:
                message = reports.get()
            except (EOFError, OSError, ValueError):
                return
            if message is None:
                return
            job_id, fraction, *partial = message
            with self._lock:
                job = self._by_id.get(job_id)
                if job is not None:
                    if fraction is None:
                        job.started = True
                    else:
                        job.fraction = fraction
                    if partial:
                        job.partial = partial[0]

    def _submit(self, fn: Callable[[A, Progress], Any], arg: A, key: Hashable,
                owner: Hashable | None = None) -> _Job:
        with self._lock:
            job = self._jobs.get(key)
            if job is None:
                workers, bound = self.workers, self.queue_bound
                running = self._start(workers)
                old = self._owned.get(owner) if owner is not None else None
                if old is not None and old.owners == {owner}:
                    self._cancel(old)  # superseded: its place is this run's
                if len(self._jobs) >= workers + bound:
                    _LOG.warning("pool busy: %d runs on their way, %d workers, queue of %d",
                                 len(self._jobs), workers, bound)
                    raise PoolError("busy", limit=bound)
                job_id = next(self._ids)
                try:
                    with without_main():
                        future = running.executor.submit(_job, job_id, fn, arg)
                except (RuntimeError, BrokenProcessPool):  # broken or shut down: start afresh
                    self._running = None
                    self._close_later(running)
                    running = self._start(workers)
                    with without_main():
                        future = running.executor.submit(_job, job_id, fn, arg)
                job = _Job(job_id, key, future)
                self._jobs[key], self._by_id[job_id] = job, job
                self.runs += 1
                future.add_done_callback(functools.partial(self._done, job))
            if owner is not None:
                self._supersede(owner, job)
            job.waiters += 1
            return job

    def _ahead(self, job: _Job) -> int:
        """Runs that will start before ``job`` (the caller holds the lock)."""
        return sum(1 for other in self._by_id.values()
                   if not other.started and other.id < job.id and not other.future.done())

    def _wait(self, job: _Job, progress: Progress) -> None:
        """Wait for ``job`` in the calling thread, passing its progress (or its place in the
        queue) on every SHOW_SECONDS; an exception from the callback (Streamlit stopping the
        run) propagates."""
        queued: Callable[[int], None] | None = getattr(progress, "queued", None)
        partial: Callable[[object], None] | None = getattr(progress, "partial", None)
        shown: tuple[bool, float, int] | None = None
        drawn: object = None
        last = 0.0
        while True:
            done, _ = wait([job.future], timeout=POLL_SECONDS, return_when=FIRST_COMPLETED)
            if done:
                return
            with self._lock:
                now = (job.started, job.fraction, 0 if job.started else self._ahead(job))
                newest = job.partial
            if partial is not None and newest is not None and newest is not drawn:
                drawn = newest
                partial(newest)
            if now == shown and time.monotonic() - last < SHOW_SECONDS:
                continue
            shown, last = now, time.monotonic()
            if now[0]:
                progress(now[1])
            elif queued is not None:
                queued(now[2])

    def _leave(self, job: _Job) -> None:
        """The caller stops waiting; a run nobody waits for any more is cancelled (its
        session reran with other settings, or has gone): at once if it has not started,
        else after ORPHAN_SECONDS unless someone asks for it again (a rerun with the same
        settings, which Streamlit starts after stopping the waiting call, finds it going)."""
        with self._lock:
            job.waiters -= 1
            if job.waiters > 0:
                return
            if not job.started:
                self._cancel(job)
                return
        timer = threading.Timer(self.orphan_seconds, self._cancel_orphan, args=(job,))
        timer.daemon = True
        timer.start()

    def _cancel_orphan(self, job: _Job) -> None:
        """Cancel ``job`` if still nobody waits for it (ORPHAN_SECONDS after its last caller
        left)."""
        with self._lock:
            if job.waiters == 0:
                self._cancel(job)

    def _done(self, job: _Job, _future: Future[Any]) -> None:
        with self._lock:
            if self._jobs.get(job.key) is job:
                del self._jobs[job.key]
            self._by_id.pop(job.id, None)
            for owner in job.owners:
                if self._owned.get(owner) is job:
                    del self._owned[owner]

    def _outcome(self, job: _Job) -> Any:
        if job.future.cancelled():
            raise PoolError("cancelled")
        err = job.future.exception()
        if isinstance(err, BrokenProcessPool):
            with self._lock:  # a worker died: the executor is broken, the next run starts afresh
                running = self._running
                broken = running is not None and bool(getattr(running.executor, "_broken",
                                                              False))
                if broken:
                    self._running = None
            if running is not None and broken:
                self._close_later(running)
            _LOG.warning("pool worker died: %s", err)
            raise PoolError("crashed") from err
        if err is not None:
            raise err
        result = job.future.result()
        if isinstance(result, _Raised):
            raise result.rebuild()
        return result

    def _close_later(self, running: _Workers) -> None:
        threading.Thread(target=self._close, args=(running,), kwargs={"wait": True},
                         name="bptutor-pool-close", daemon=True).start()

    @staticmethod
    def _close(running: _Workers, *, wait: bool) -> None:
        with contextlib.suppress(Exception):
            running.executor.shutdown(wait=wait, cancel_futures=True)
        with contextlib.suppress(Exception):
            running.reports.put(None)
        running.listener.join(timeout=5)
        with contextlib.suppress(Exception):
            running.reports.close()
            running.reports.join_thread()


POOL = Pool()  # the server's pool: settings from the environment
