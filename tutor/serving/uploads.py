"""Uploads bounded by what they cost: how many files and bytes a session's uploader holds.

Streamlit keeps every uploaded file's bytes in the server's memory (its upload store) until
the browser removes the file or the session ends, and a multiple-file uploader keeps every
file added to it: a session that added MNIST's files again and again, or many 64 MB files,
would hold them all. Here a session's MNIST uploader holds one set at most:

- at most ``MAX_MNIST_FILES`` files and ``MAX_MNIST_BYTES`` bytes together; the browser is
  told each file's limit (``MNIST_UPLOAD_MB``, st.file_uploader's ``max_upload_size``, which
  only the browser enforces: the server's own limit is server.maxUploadSize), and the sizes
  are checked again on receipt;
- files added beside the set last used **replace** it when together they are over the
  bounds (a fourth file added to three is kept with them): the earlier files are let go
  (removed from Streamlit's store, so their bytes are freed) and the new ones used, when they
  are within the bounds; files over the bounds are refused with a coded reason and let go
  too, so nothing over the bounds stays in memory;
- when the session's store holds more than the bounds (files sent to the upload endpoint
  that no uploader lists), the files the uploader does not list are let go.

What the MNIST set is made of then lives once per content on disk (tutor.serving.mapped). A session
holds the bytes of the set in use (to make that copy again should it be pruned) and, while the
uploader lists them, of files refused on reading: two sets at most, each within the bounds.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol, TypeVar

from bpcore.mnist import MAX_FILE_BYTES, MNIST_FILES, IdxError
from tutor.session import SessionState

MAX_MNIST_FILES = len(MNIST_FILES)  # the four IDX files
# Each file as the browser limits it, in MiB (Streamlit's unit): 48,000,000 bytes is 45.8 MiB.
MNIST_UPLOAD_MB = -(-MAX_FILE_BYTES // (1024 * 1024))
# Two image files at the reader's limit and their labels: every MNIST-format set the reader
# accepts fits (MNIST itself: 54,950,048 bytes unpacked, 11.6 MB gzipped).
MAX_MNIST_BYTES = 2 * MAX_FILE_BYTES + 2 * 1_000_000
SMALL_UPLOAD_MB = 1  # the lesson's JSON (16 kB) and the builder's CSV (256 kB) need less


class Upload(Protocol):
    """An uploaded file as Streamlit gives it: its id in the store, name and size."""

    file_id: str
    name: str
    size: int


U = TypeVar("U", bound=Upload)


def bounded(uploads: Sequence[U], seen: SessionState, key: str
            ) -> tuple[list[U], IdxError | None]:
    """The uploads to use and why others were refused (None when nothing was).

    ``seen[key]`` holds the file ids of the set last used; files beyond it are new. New files
    replace that set (the old ones are let go); too many files or bytes are refused, and the
    refused files are let go (``release``): a refusal never keeps bytes in memory.
    """
    files = list(uploads)
    previous = set(seen.get(key) or ())
    new = [f for f in files if f.file_id not in previous]
    if over(files) and new and len(new) < len(files):
        # a new set added beside the one last used (a file added to a partial set is kept
        # with it while the bounds allow): the new files replace the old ones
        release([f for f in files if f.file_id in previous])
        files = new
    refusal: IdxError | None = None
    if len(files) > MAX_MNIST_FILES:
        refusal = IdxError("uploads", "too_many_files", count=len(files), limit=MAX_MNIST_FILES)
    elif sum(f.size for f in files) > MAX_MNIST_BYTES:
        refusal = IdxError("uploads", "too_many_bytes", size=sum(f.size for f in files),
                           limit=MAX_MNIST_BYTES)
    if refusal is not None:
        release(files)
        seen[key] = ()
        return [], refusal
    seen[key] = tuple(f.file_id for f in files)
    sweep(files)
    return files, None


def over(files: Sequence[Upload]) -> bool:
    """True when ``files`` are more files or bytes than one MNIST set may be."""
    return len(files) > MAX_MNIST_FILES or sum(f.size for f in files) > MAX_MNIST_BYTES


def _store() -> tuple[Any, str] | None:
    """Streamlit's upload store and this session's id (None outside a running server)."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx(suppress_warning=True)
    manager = getattr(ctx, "uploaded_file_mgr", None)
    if ctx is None or manager is None:
        return None
    return manager, ctx.session_id


def release(files: Sequence[Upload]) -> None:
    """Remove ``files`` from Streamlit's upload store, freeing their bytes (they then drop out
    of the uploader's value on the next run). Only a store that can remove a file does."""
    store = _store()
    if store is None:
        return
    manager, session = store
    remove = getattr(manager, "remove_file", None)  # MemoryUploadedFileManager's
    if remove is None:
        return
    for f in files:
        remove(session_id=session, file_id=f.file_id)


def sweep(keep: Sequence[Upload]) -> int:
    """When this session's store holds more than the bounds, let go every file not in
    ``keep`` (files sent to the upload endpoint that no uploader lists); how many went."""
    store = _store()
    if store is None:
        return 0
    manager, session = store
    held = getattr(manager, "file_storage", {}).get(session) or {}
    records = list(held.values())
    if (len(records) <= MAX_MNIST_FILES + 2
            and sum(len(r.data) for r in records) <= MAX_MNIST_BYTES):
        return 0  # within the bounds (the four files, a lesson and a CSV): nothing to do
    kept = {f.file_id for f in keep}
    extra = [r for r in records if r.file_id not in kept]
    release(extra)
    return len(extra)
