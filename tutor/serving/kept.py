"""Results kept per session and computed once per server: the one place that does both.

Two layers, used together by every page that computes something worth keeping:

- ``SharedCache[K, R]`` holds one pure computation ``compute(key, progress) -> R`` for every
  session of the server. Bounded (``max_entries``, least recently used out first, and
  ``ttl_seconds`` since the result was made), keyed exactly (``exact_key``: every bit of every
  float, so 0.15 and the next float up never share a result), frozen (``freeze``: every NumPy
  array of a result is read-only, so no session can change what another one sees), and
  single-flight: identical requests that arrive while the first is being computed wait for it
  instead of each computing. Only the session that computes sees the progress display; the
  others see a waiting message (``View``; Streamlit's progress bar and spinner are in
  tutor.ui.progress).
- ``KeptResult[K, R]`` is a session slot: the last valid ``Kept(inputs, result)``. The result
  is fetched again only when the inputs change (compared with ``exact_key``); when the new
  inputs are refused (an exception of ``refusals``), the last valid result stays.

Why not ``st.cache_resource``: it does make concurrent identical calls wait for the first (one
lock per key), but an element made outside a cached function cannot be drawn from inside it
(the progress bar: ``CacheReplayClosureError``), a session cannot tell whether it computes or
waits, and its key is Streamlit's hash of the arguments rather than the inputs themselves.

Module-level caches are the one deliberate exception to "nothing mutable at module level":
they exist to be shared by every session, and they hold only frozen, pure results.
"""

from __future__ import annotations

import dataclasses
import threading
import time
import types
from collections import OrderedDict, deque
from collections.abc import Callable, Hashable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from typing import Generic, NamedTuple, Protocol, TypeVar

import numpy as np

from tutor.session import SessionState

K = TypeVar("K")
R = TypeVar("R")
T = TypeVar("T")

Progress = Callable[[float], None]  # fraction done, 0 … 1
Tick = Callable[[], None]  # called now and then while a session waits for another's result


# --- exact keys and frozen results ---------------------------------------------------------
def exact_key(value: object) -> Hashable:
    """A hashable key equal for two values exactly when they are the same inputs.

    Floats by every bit (``float.hex``: −0.0 ≠ 0.0, 0.15 ≠ nextafter(0.15)), each value with
    its type (True ≠ 1 ≠ 1.0), tuples and lists item by item, dataclasses by the fields their
    equality compares (a field declared ``compare=False`` is not part of the key), arrays by
    dtype, shape and bytes. Anything else is refused with TypeError rather than guessed at.
    """
    if value is None or isinstance(value, (str, bytes)):
        return (type(value).__name__, value)
    if isinstance(value, (bool, np.bool_)):
        return ("bool", bool(value))
    if isinstance(value, (int, np.integer)):
        return ("int", int(value))
    if isinstance(value, (float, np.floating)):
        return (type(value).__name__, float(value).hex())
    if isinstance(value, (tuple, list)):
        return (type(value).__name__, tuple(exact_key(v) for v in value))
    if isinstance(value, np.ndarray):
        return ("ndarray", value.dtype.str, value.shape, value.tobytes())
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        cls = type(value)
        return (f"{cls.__module__}.{cls.__qualname__}",
                tuple((f.name, exact_key(getattr(value, f.name)))
                      for f in dataclasses.fields(value) if f.compare))
    raise TypeError(f"{type(value).__name__} cannot be part of a shared key")


_NOT_WALKED = (str, bytes, int, float, complex, bool, type(None), type, types.ModuleType,
               types.FunctionType, types.BuiltinFunctionType, types.MethodType)


def freeze(value: T) -> T:
    """``value`` itself, with every NumPy array reachable from it made read-only.

    Walks tuples, lists, sets, dicts' values, dataclasses and plain objects' attributes (a
    bpcore Network's weight lists included), and an array's base. In-place arithmetic on a
    frozen array raises ValueError, so a shared result cannot be changed through a session.
    """
    seen: set[int] = set()

    def walk(v: object) -> None:
        if id(v) in seen or isinstance(v, _NOT_WALKED):
            return
        seen.add(id(v))
        if isinstance(v, np.ndarray):
            v.flags.writeable = False
            if isinstance(v.base, np.ndarray):
                walk(v.base)
        elif isinstance(v, (tuple, list, set, frozenset)):
            for item in v:
                walk(item)
        elif isinstance(v, dict):
            for item in v.values():
                walk(item)
        elif dataclasses.is_dataclass(v):
            for f in dataclasses.fields(v):
                walk(getattr(v, f.name))
        elif hasattr(v, "__dict__"):
            for item in vars(v).values():
                walk(item)

    walk(value)
    return value


class ReadOnlyDict(dict):  # type: ignore[type-arg]
    """A dict no session can change: what ``read_only`` makes of a figure dict for a shared
    cache. Reading (and JSON, which sees a dict) is a dict's; every change raises TypeError,
    except ``pop`` of a key it does not hold (plotly.io.to_json pops each trace's "uid" to
    clean the figure it is given: there is none, so nothing changes)."""

    __slots__ = ()

    def _refuse(self, *_: object, **__: object) -> None:
        raise TypeError("a shared result cannot be changed")

    __setitem__ = __delitem__ = _refuse
    clear = popitem = setdefault = update = __ior__ = _refuse  # type: ignore[assignment]

    def pop(self, key: object, *default: object) -> object:  # noqa: D102
        if key in self or not default:
            self._refuse()
        return default[0]


def read_only(value: object) -> object:
    """A JSON-like value (dicts, lists, tuples, text, numbers) made unchangeable: each dict a
    ReadOnlyDict, each list a tuple (JSON writes both as arrays), all the way down."""
    if isinstance(value, dict):
        return ReadOnlyDict((k, read_only(v)) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return tuple(read_only(v) for v in value)
    return value


# --- how a session shows a shared computation ----------------------------------------------
class View(Protocol):
    """What a session shows while its result is made: ``computing()`` while it computes (yields
    the progress callback), ``waiting()`` while another session computes the same (yields a
    tick, called every ``SharedCache.poll_seconds``, so Streamlit can stop a waiting run)."""

    def computing(self) -> AbstractContextManager[Progress]: ...

    def waiting(self) -> AbstractContextManager[Tick]: ...


def _ignore(*_: object) -> None:
    """A progress callback or tick that shows nothing."""


class Quiet:
    """A View that shows nothing (tests, and results quick enough to need no display)."""

    @contextmanager
    def computing(self) -> Iterator[Progress]:
        yield _ignore

    @contextmanager
    def waiting(self) -> Iterator[Tick]:
        yield _ignore


QUIET: Quiet = Quiet()


# --- the server-wide cache -----------------------------------------------------------------
class SharedCache(Generic[K, R]):
    """One pure computation shared by every session: ``get(key)`` is ``compute(key, progress)``
    made once per server while it stays in the cache (see the module docstring).

    At most ``max_entries`` results (the least recently used leaves first), each for at most
    ``ttl_seconds`` after it was made. An exception from ``compute`` (a refusal, or Streamlit
    stopping the computing run) stores nothing; a session that was waiting then asks again.
    ``computations`` counts the results made, for tests and the benchmark.
    """

    poll_seconds = 0.25

    def __init__(self, name: str, compute: Callable[[K, Progress], R], *, max_entries: int,
                 ttl_seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        if max_entries < 1 or ttl_seconds <= 0:
            raise ValueError("a shared cache needs max_entries ≥ 1 and ttl_seconds > 0")
        self.name, self.max_entries, self.ttl_seconds = name, max_entries, ttl_seconds
        self._compute, self._clock = compute, clock
        self._lock = threading.Lock()
        self._entries: OrderedDict[Hashable, tuple[float, R]] = OrderedDict()
        # When each entry was made, oldest first (``_entries`` is in order of use): expiry
        # looks at the oldest only, not at every entry on every get. A record of an entry
        # since evicted or made again stays until it is looked at (or the list is rebuilt).
        self._made: deque[tuple[float, Hashable]] = deque()
        self._pending: dict[Hashable, threading.Event] = {}
        self.computations = 0

    def __len__(self) -> int:
        with self._lock:
            self._expire()
            return len(self._entries)

    def clear(self) -> None:
        """Forget every result (computations already running still finish and are stored)."""
        with self._lock:
            self._entries.clear()
            self._made.clear()

    def get(self, key: K, view: View = QUIET) -> R:
        """The result for ``key``: from the cache, by waiting for the session computing it, or
        by computing it here (with ``view``'s progress display)."""
        exact = exact_key(key)
        while True:
            with self._lock:
                self._expire()
                if exact in self._entries:
                    self._entries.move_to_end(exact)
                    return self._entries[exact][1]
                pending = self._pending.get(exact)
                if pending is None:
                    pending = self._pending[exact] = threading.Event()
                    break
            with view.waiting() as tick:
                tick()
                while not pending.wait(self.poll_seconds):
                    tick()
            # Stored now, or the computation failed: look again (and perhaps compute).
        try:
            with view.computing() as progress:
                result = freeze(self._compute(key, progress))
        except BaseException:
            with self._lock:
                del self._pending[exact]
            pending.set()
            raise
        with self._lock:
            made = self._clock()
            self._entries[exact] = (made, result)
            self._made.append((made, exact))
            if len(self._made) > 2 * self.max_entries:  # records of evicted entries: drop them
                self._made = deque(sorted(((m, e) for e, (m, _) in self._entries.items()),
                                          key=lambda record: record[0]))
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)
            del self._pending[exact]
            self.computations += 1
        pending.set()
        return result

    def _expire(self) -> None:
        """Drop the results older than the ttl (the caller holds the lock): the oldest made
        first, so a get costs the entries it drops, not a look at every entry (a class's
        players read 400 frames' cache several times a batch)."""
        oldest = self._clock() - self.ttl_seconds
        while self._made and self._made[0][0] <= oldest:
            made, exact = self._made.popleft()
            entry = self._entries.get(exact)
            if entry is not None and entry[0] == made:  # not an older record of it
                del self._entries[exact]


# --- the session's kept result -------------------------------------------------------------
class Kept(NamedTuple, Generic[K, R]):
    """What a session keeps: the inputs and the result made from them."""

    inputs: K
    result: R


@dataclass(frozen=True)
class Outcome(Generic[K, R]):
    """What ``KeptResult.keep`` found: the result to show (for the inputs asked, or the last
    valid one when they were refused), the refusal if any, and whether it is new this run."""

    inputs: K
    kept: Kept[K, R] | None
    refusal: Exception | None = None
    fresh: bool = False

    @property
    def result(self) -> R:
        """The result to show (RuntimeError when there is none yet: the first inputs asked
        for were refused; a page that passes refusals checks ``kept`` first)."""
        if self.kept is None:
            raise RuntimeError("no valid result yet")
        return self.kept.result

    @property
    def stale(self) -> bool:
        """True when the result shown is an older one: the inputs asked for were refused."""
        return self.kept is not None and exact_key(self.kept.inputs) != exact_key(self.inputs)


class KeptResult(Generic[K, R]):
    """A session's last valid result of one shared computation, under session key ``key``."""

    def __init__(self, key: str, shared: SharedCache[K, R]) -> None:
        self.key, self.shared = key, shared

    def get(self, session: SessionState) -> Kept[K, R] | None:
        """The kept (inputs, result), or None before the first valid result."""
        value = session.get(self.key)
        return None if value is None else Kept(*value)

    def matching(self, session: SessionState, inputs: K) -> R | None:
        """The kept result if it was made from exactly these inputs, else None."""
        kept = self.get(session)
        if kept is None or exact_key(kept.inputs) != exact_key(inputs):
            return None
        return kept.result

    def keep(self, session: SessionState, inputs: K, view: View = QUIET,
             refusals: tuple[type[Exception], ...] = ()) -> Outcome[K, R]:
        """The result for ``inputs``: the kept one when the inputs are unchanged, else the shared
        cache's (computed with ``view`` if nobody has). An exception of ``refusals`` keeps the
        last valid result and is returned as the outcome's refusal; others propagate."""
        kept = self.get(session)
        if kept is not None and exact_key(kept.inputs) == exact_key(inputs):
            if kept.inputs is not inputs:  # parts outside the key (where files came from) follow
                kept = Kept(inputs, kept.result)
                session[self.key] = kept
            return Outcome(inputs, kept)
        try:
            result = self.shared.get(inputs, view)
        except refusals as err:
            return Outcome(inputs, kept, err)
        kept = Kept(inputs, result)
        session[self.key] = kept
        return Outcome(inputs, kept, fresh=True)
