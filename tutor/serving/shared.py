"""The pure results every session of the server shares: one bounded SharedCache per computation.

A class that opens the Training page asks for the same 10,000 updates twenty times; here they
are made once (tutor.serving.kept explains keys, bounds, freezing and waiting). Each cache binds its
one computation to its key, so two different keys never share a result and one key always
means one computation. Sizes: an entry's worst case times max_entries stays within a few
hundred MB per cache; MNIST's arrays (about 220 MB for the full set) are kept twice at most,
memory-mapped from one set of files per content (tutor.serving.mapped) that the workers map too.
The long ones (training, learning rates, builder runs, digits and MNIST training) are the
pure functions of tutor.serving.jobs, sent to the server's worker pool (tutor.serving.pool) so they
do not hold up other sessions' clicks: a cache's one computation is the one run a worker makes.
All arithmetic is bpcore's.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple, Protocol, TypeVar

import numpy as np

from bpcore import History, Network, Scenario, Trace, trace_step
from bpcore.bowl import Bowl, BowlRun, descend
from bpcore.builder import Run
from bpcore.landscape import Grid, Slice, descent_path, error_grid, error_slice
from bpcore.landscape import Path as DescentPath
from bpcore.mnist import (
    MAX_FILE_BYTES,
    Mnist,
    load_mnist_folder,
    load_mnist_uploads,
    mnist_folder_files,
)
from bpcore.recipe import Recipe
from bpcore.sgd import Curves
from tutor.serving import jobs
from tutor.serving.jobs import DigitsSettings, uci_digits
from tutor.serving.kept import Progress, SharedCache, exact_key
from tutor.serving.mapped import mapped_mnist, shareable
from tutor.serving.pool import POOL

R = TypeVar("R")
TTL_SECONDS = 3600.0  # a lesson: a result nobody asked for in an hour is made again if needed


# --- the worked example's trace (every stepping page, the live class) ------------------------
def _trace(scenario: Scenario, _progress: Progress) -> Trace:
    return trace_step(scenario)


# One traced step per scenario for the server: every rerun of a stepping page traced the
# session's scenario again (~0.7 ms), and a class following one teacher has one scenario.
# A Trace is frozen (its values a read-only mapping, its steps frozen Formulas): ~60 steps.
TRACES: SharedCache[Scenario, Trace] = SharedCache("traces", _trace, max_entries=256,
                                                   ttl_seconds=TTL_SECONDS)


def traced(scenario: Scenario) -> Trace:
    """trace_step(scenario), made once per server and scenario (compared exactly)."""
    return TRACES.get(scenario)


# --- the worked example: training and learning rates ----------------------------------------
def session_id() -> str | None:
    """The Streamlit session this script run serves (None outside a script run: tests, the
    benchmark)."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx(suppress_warning=True)
    return None if ctx is None else ctx.session_id


def pooled(name: str, fn: Callable[[Any, Progress], R], arg: Any, key: object,
           progress: Progress) -> R:
    """``fn(arg, progress)`` made by the server's worker pool; ``key`` (the shared cache's
    key, compared exactly) names the run, and the session asking owns it: a session has one
    run on its way at most, and a run whose session has gone is cancelled (tutor.serving.pool)."""
    return POOL.run(fn, arg, progress, key=(name, exact_key(key)), owner=session_id())


def training_history(key: tuple[Scenario, int], progress: Progress) -> History:
    """(scenario, n) → n updates of the scenario at its own η (bpcore.train, in the pool)."""
    return pooled("training", jobs.training_history, key, key, progress)


def rate_histories(key: tuple[Scenario, tuple[float, ...], int], progress: Progress
                   ) -> tuple[History, ...]:
    """(scenario, rates, n) → one History per rate, from one batched run (bpcore.train_rates,
    in the pool)."""
    return pooled("rates", jobs.rate_histories, key, key, progress)


# 10,000 updates keep 15 floats a row: 1.2 MB (12 MB at the 100,000 maximum), 8 rates 9.6 MB.
TRAINING: SharedCache[tuple[Scenario, int], History] = SharedCache(
    "training", training_history, max_entries=16, ttl_seconds=TTL_SECONDS)
RATES: SharedCache[tuple[Scenario, tuple[float, ...], int], tuple[History, ...]] = SharedCache(
    "rates", rate_histories, max_entries=16, ttl_seconds=TTL_SECONDS)


# --- learning rates on a quadratic bowl (learning-rate page) ----------------------------------
def bowl_runs(key: tuple[Bowl, tuple[float, ...], int], progress: Progress
              ) -> tuple[BowlRun, ...]:
    """(bowl, rates, n) → n steps of descent on the bowl at every rate (bpcore.bowl.descend)."""
    bowl, rates, n = key
    return descend(bowl, rates, n)


# At most 8 rates × 1,001 rows × 2 floats: 128 kB an entry.
BOWLS: SharedCache[tuple[Bowl, tuple[float, ...], int], tuple[BowlRun, ...]] = SharedCache(
    "bowls", bowl_runs, max_entries=64, ttl_seconds=TTL_SECONDS)


# --- the gradient-descent landscape ----------------------------------------------------------
class Landscape(NamedTuple):
    """Descent's path over two weights and the error on a rectangle that holds all of it."""

    path: DescentPath
    grid: Grid


def landscape(key: tuple[Scenario, str, str, float, int], progress: Progress) -> Landscape:
    """(scenario, p, q, span, steps) → ``steps`` of descent in p and q, and the error grid on
    the rectangle centred on the start, ±span wide, widened to hold the whole path."""
    scenario, p, q, span, steps = key
    path = descent_path(scenario, p, q, steps)
    p_range = (min(float(path.p.min()), path.p[0] - span), max(float(path.p.max()),
                                                               path.p[0] + span))
    q_range = (min(float(path.q.min()), path.q[0] - span), max(float(path.q.max()),
                                                               path.q[0] + span))
    return Landscape(path, error_grid(scenario, p, q, p_range, q_range))


def error_cut(key: tuple[Scenario, str, float], progress: Progress) -> Slice:
    """(scenario, weight, span) → J along that one weight, its tangent and one step."""
    scenario, name, span = key
    return error_slice(scenario, name, span)


# A 60 × 60 grid and a 201-step path: about 30 kB an entry.
LANDSCAPES: SharedCache[tuple[Scenario, str, str, float, int], Landscape] = SharedCache(
    "landscapes", landscape, max_entries=64, ttl_seconds=TTL_SECONDS)
SLICES: SharedCache[tuple[Scenario, str, float], Slice] = SharedCache(
    "slices", error_cut, max_entries=64, ttl_seconds=TTL_SECONDS)


# --- the network builder -------------------------------------------------------------------
def builder_run(recipe: Recipe, progress: Progress) -> Run:
    """A recipe → its data made and its network trained (bpcore.recipe, in the pool;
    BuilderError when a choice is refused, and then nothing is stored)."""
    return pooled("builder", jobs.builder_run, recipe, recipe, progress)


# At most 5,000 points and 6 × 64 units: a few MB an entry.
BUILDER_RUNS: SharedCache[Recipe, Run] = SharedCache(
    "builder", builder_run, max_entries=32, ttl_seconds=TTL_SECONDS)


# --- the handwritten digits ----------------------------------------------------------------
class DigitsRun(NamedTuple):
    """A trained n_in-hidden-10 relu/softmax network, its curves and the test set it saw."""

    network: Network
    curves: Curves
    X_test: np.ndarray
    y_test: np.ndarray


def uci_run(settings: DigitsSettings, progress: Progress) -> DigitsRun:
    """The bundled digits' network for these settings (trained in the pool; the split follows
    the seed)."""
    network, curves = pooled("digits", jobs.uci_training, settings, settings, progress)
    _, _, X_test, y_test = uci_digits(settings[4])
    return DigitsRun(network, curves, X_test, y_test)


@dataclass(frozen=True)
class MnistFiles:
    """Four IDX files known by their content: each file's (name, sha-256) is the key (a name
    says which file is which). Where they came from ("folder" or "upload"), ``read``, which
    loads them here, and ``source``, which says where they are for a worker of the pool (a
    folder; None for an upload: its bytes never travel, the worker maps the copy
    tutor.serving.mapped made of them), are not part of it: the same files give the same data
    either way."""

    digests: tuple[tuple[str, str], ...]
    kind: str = field(compare=False)
    read: Callable[[], Mnist] = field(compare=False, repr=False)
    source: Callable[[], jobs.MnistSource | None] = field(compare=False, repr=False)


def file_digest(path: Path) -> str:
    """sha-256 of one file; a file too big or unreadable gets a marker instead (loading it
    then says why it is refused, and a refusal is never stored)."""
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            return "too-big"
        digest = hashlib.sha256()
        with path.open("rb") as handle:  # in 1 MiB chunks (hashlib.file_digest is 3.11+)
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
        return digest.hexdigest()
    except OSError:
        return "unreadable"


def folder_files(folder: str, root: Path) -> MnistFiles:
    """The standard files of a server folder inside ``root``, by content (IdxError when the
    folder is refused: outside the root, not a folder, a file missing)."""
    files = mnist_folder_files(Path(folder), root)
    digests = tuple(sorted((path.name, file_digest(path)) for path in files.values()))
    return MnistFiles(digests, "folder", lambda: load_mnist_folder(folder, root=root),
                      lambda: ("folder", folder, str(root)))


class Upload(Protocol):
    """An uploaded file as Streamlit gives it (st.file_uploader's UploadedFile)."""

    name: str

    def getvalue(self) -> bytes: ...


def upload_files(uploads: Sequence[Upload]) -> MnistFiles:
    """Uploaded files, by content (in any order). Their bytes are read for the digest and
    again to load them, never copied into the key: a session keeps no second copy of its
    uploads."""
    files = tuple(uploads)
    digests = tuple(sorted((f.name, hashlib.sha256(f.getvalue()).hexdigest()) for f in files))
    return MnistFiles(digests, "upload",
                      lambda: load_mnist_uploads([(f.name, f.getvalue()) for f in files]),
                      lambda: None)


def mnist_data(files: MnistFiles, progress: Progress) -> Mnist:
    """The files read, checked and normalised (bpcore.mnist; IdxError when refused), as
    tutor.serving.mapped shares them: written once per content and memory-mapped, so this server's
    copy and its pool workers' are the same pages of the page cache."""
    return mapped_mnist(files.digests, files.read)


@dataclass(frozen=True)
class MnistRun:
    """What an MNIST run is made from: the files (by content) and the settings."""

    files: MnistFiles
    settings: DigitsSettings
    data: Mnist = field(compare=False, repr=False)


def mnist_run(run: MnistRun, progress: Progress) -> DigitsRun:
    """The seed article's recipe on MNIST (tutor.serving.jobs.mnist_training, in the pool, which
    maps the same on-disk arrays as this server). The worker is sent the files' digests (and a
    folder's path), never an upload's bytes: the mapped copy is made (or touched, so it is
    pruned last) here first. The test set drawn is the shared data's own arrays."""
    d = run.data
    if shareable(run.files.digests):  # on disk and most recently used (else it never is)
        mapped_mnist(run.files.digests, run.files.read)
    source = ("mapped", run.files.digests, run.files.source())
    network, curves = pooled("mnist", jobs.mnist_training, (source, run.settings), run,
                             progress)
    return DigitsRun(network, curves, d.X_test, d.y_test)


DIGITS_RUNS: SharedCache[DigitsSettings, DigitsRun] = SharedCache(
    "digits", uci_run, max_entries=16, ttl_seconds=TTL_SECONDS)
# 60,000 + 10,000 float32 images of 784 pixels: about 220 MB, so two sets at most; memory-
# mapped from tutor.mapped's files, so the pages are the page cache's, shared with the workers.
MNIST_SETS: SharedCache[MnistFiles, Mnist] = SharedCache(
    "mnist", mnist_data, max_entries=2, ttl_seconds=TTL_SECONDS)
MNIST_RUNS: SharedCache[MnistRun, DigitsRun] = SharedCache(
    "mnist_runs", mnist_run, max_entries=8, ttl_seconds=TTL_SECONDS)

ALL: tuple[SharedCache[Any, Any], ...] = (TRAINING, RATES, BOWLS, LANDSCAPES, SLICES,
                                          BUILDER_RUNS, DIGITS_RUNS, MNIST_SETS, MNIST_RUNS)


def clear_all() -> None:
    """Forget every shared result (tests that count computations, the benchmark)."""
    for cache in ALL:
        cache.clear()


# --- the bundled MNIST subset (the digits page; owner: digits) -------------------------------
def subset_run(settings: DigitsSettings, progress: Progress) -> DigitsRun:
    """The seed's recipe on the bundled 4,000/1,000 MNIST subset for these settings (trained
    in the pool; the test set drawn is read here, 0.8 MB, once per run made)."""
    from bpcore.mnist import load_mnist_subset

    network, curves = pooled("subset", jobs.subset_training, settings, settings, progress)
    d = load_mnist_subset()
    return DigitsRun(network, curves, d.X_test, d.y_test)


# A network of 784-128-10 float32 and 1,000 test images: about 3.5 MB an entry.
SUBSET_RUNS: SharedCache[DigitsSettings, DigitsRun] = SharedCache(
    "subset_runs", subset_run, max_entries=16, ttl_seconds=TTL_SECONDS)
ALL = (*ALL, SUBSET_RUNS)
