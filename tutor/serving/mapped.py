"""MNIST's arrays on disk once per content, memory-mapped by every process of the server.

A replica keeps the set it shows (the test images, the charts) and its pool worker reads the
same set to train (tutor.serving.jobs): loaded separately, each process would hold its own ~220 MB
of
float32 images. Here the normalised arrays are written once, as .npy files in a folder named
by the files' content (the sha-256 of each IDX file, as tutor.serving.shared keys them), and every
process opens them with ``np.load(..., mmap_mode="r")``: the operating system's page cache
holds one copy, shared by every process that maps it, and the arrays are read-only.

- **Keyed by content**: the entry's name is the sha-256 of ``FORMAT`` and the (name, sha-256)
  pairs; a changed file has another digest, so another entry. Only true sha-256 digests are
  written to disk (a file marked "too-big" or "unreadable" is loaded in memory, as before).
- **Written once**: the arrays go to a temporary folder beside the entry, ``meta.json`` last,
  and the folder is renamed into place (atomic); one lock file for the folder makes a second
  process that asks for the same entry wait for the first instead of converting it again
  (and keeps pruning from removing an entry while it is being opened). An entry that cannot
  be read back (cut short, edited) is removed and written again.
- **Bounded and cleaned**: at most ``MAX_ENTRIES`` entries (least recently used go first,
  each use touches its ``meta.json``); temporary folders left by a writer that died are
  removed after ``STALE_SECONDS``. A removed entry stays readable for a process that has it
  mapped (POSIX keeps the file until it is unmapped).
- **Where**: ``$BPTUTOR_DATA_DIR/arrays`` when that variable is set, else
  ``<temp dir>/bptutor-arrays-<uid>``, created private to the user (mode 0700).

The values are bpcore.mnist's, bit for bit: the arrays written are the ones it returned.
NumPy and the standard library only (the pool's workers import this module).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import numpy as np

from bpcore.mnist import Mnist

FORMAT = "bptutor-mnist-npy-1"  # bump when what is written changes (normalisation, layout)
DIR_ENV = "BPTUTOR_DATA_DIR"
MAX_ENTRIES = 4  # full MNIST sets: about 220 MB of disk each
STALE_SECONDS = 3600.0  # a temporary folder this old belongs to a writer that died
ARRAYS = ("X_train", "y_train", "X_test", "y_test")
META = "meta.json"
LOCK = ".lock"  # one lock for the folder: converting, reading and pruning take turns
SHA256 = re.compile(r"[0-9a-f]{64}")
Digests = Sequence[tuple[str, str]]  # (file name, sha-256 hex) of each IDX file

try:  # POSIX; elsewhere two processes may both convert, and the second rename gives way
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]


def cache_root() -> Path:
    """The folder the entries live in: $BPTUTOR_DATA_DIR/arrays, else a per-user temp folder."""
    base = os.environ.get(DIR_ENV, "").strip()
    if base:
        return Path(base).expanduser() / "arrays"
    uid = os.getuid() if hasattr(os, "getuid") else "user"
    return Path(tempfile.gettempdir()) / f"bptutor-arrays-{uid}"


def shareable(digests: Digests) -> bool:
    """True when every file is known by a sha-256 (not a "too-big" or "unreadable" marker)."""
    return bool(digests) and all(SHA256.fullmatch(d) is not None for _, d in digests)


def entry_name(digests: Digests) -> str:
    """The entry's folder name: sha-256 of FORMAT and the sorted (name, sha-256) pairs."""
    text = json.dumps([FORMAT, sorted([name, d] for name, d in digests)])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def load_entry(folder: Path) -> Mnist:
    """The arrays of a complete entry, memory-mapped read-only (ValueError or OSError when it
    is incomplete or not what its meta.json says)."""
    meta = json.loads((folder / META).read_text(encoding="utf-8"))
    arrays = {name: np.load(folder / f"{name}.npy", mmap_mode="r", allow_pickle=False)
              for name in ARRAYS}
    for name in ARRAYS:
        if [arrays[name].dtype.str, list(arrays[name].shape)] != meta["arrays"][name]:
            raise ValueError(f"{folder.name}/{name}.npy is not what {META} says")
    rows, cols = meta["shape"]
    return Mnist(arrays["X_train"], arrays["y_train"], arrays["X_test"], arrays["y_test"],
                 (int(rows), int(cols)))


def write_entry(folder: Path, data: Mnist, digests: Digests) -> None:
    """Write ``data`` as the entry ``folder``: into a temporary folder, meta.json last, then
    renamed into place (if another process put it there first, its entry stays)."""
    folder.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".tmp-{folder.name[:16]}-", dir=folder.parent))
    try:
        arrays = {"X_train": data.X_train, "y_train": data.y_train, "X_test": data.X_test,
                  "y_test": data.y_test}
        for name, array in arrays.items():
            np.save(tmp / f"{name}.npy", np.ascontiguousarray(array), allow_pickle=False)
        meta = {"format": FORMAT, "files": [list(p) for p in sorted(digests)],
                "shape": list(data.shape),
                "arrays": {name: [np.asarray(a).dtype.str, list(np.shape(a))]
                           for name, a in arrays.items()}}
        (tmp / META).write_text(json.dumps(meta), encoding="utf-8")
        try:
            tmp.rename(folder)
        except OSError:
            if not (folder / META).is_file():
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` (created if needed) while the block runs."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    with path.open("a") as handle:
        if fcntl is not None:
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            if fcntl is not None:
                fcntl.flock(handle, fcntl.LOCK_UN)


def prune(root: Path, keep: int = MAX_ENTRIES, now: float | None = None) -> list[str]:
    """Remove all but the ``keep`` most recently used entries and stale temporary folders;
    the names removed (called with the lock held)."""
    now = time.time() if now is None else now
    removed: list[str] = []
    entries: list[tuple[float, Path]] = []
    with contextlib.suppress(OSError):
        for path in root.iterdir():
            with contextlib.suppress(OSError):
                if path.name.startswith(".tmp-"):
                    if now - path.stat().st_mtime > STALE_SECONDS:
                        shutil.rmtree(path, ignore_errors=True)
                        removed.append(path.name)
                elif path.is_dir():
                    meta = path / META
                    used = meta.stat().st_mtime if meta.is_file() else path.stat().st_mtime
                    entries.append((used, path))
    entries.sort(reverse=True)
    for _, path in entries[keep:]:
        shutil.rmtree(path, ignore_errors=True)
        removed.append(path.name)
    return removed


def mapped_mnist(digests: Digests, read: Callable[[], Mnist], root: Path | None = None,
                 keep: int = MAX_ENTRIES) -> Mnist:
    """The set these files hold, memory-mapped from its entry; ``read()`` (bpcore.mnist's
    loader: checked, normalised; IdxError when refused, and then nothing is written) makes
    the entry the first time. Files not known by sha-256, or a cache folder that cannot be
    written, give ``read()``'s arrays in memory instead."""
    if not shareable(digests):
        return read()
    root = cache_root() if root is None else root
    folder = root / entry_name(digests)
    fresh: Mnist | None = None
    try:
        with _locked(root / LOCK):
            if (folder / META).is_file():
                try:
                    data = load_entry(folder)
                    os.utime(folder / META)  # used now: pruned last
                    return data
                except (OSError, ValueError, KeyError, TypeError):
                    shutil.rmtree(folder, ignore_errors=True)  # cut short or changed: again
            fresh = read()
            write_entry(folder, fresh, digests)
            fresh = None  # the mapped copy replaces the one in memory
            data = load_entry(folder)
            prune(root, keep)
    except OSError:  # no room, no permission: this process keeps its own copy
        return fresh if fresh is not None else read()
    return data
