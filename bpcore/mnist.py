"""MNIST from its standard IDX files, checked before anything large is allocated.

An IDX file is a tiny header (magic number, type, dimensions) and the raw bytes. MNIST ships as
four of them: training and test images (n, 28, 28) and labels (n,), each optionally gzipped.
Nothing is downloaded: the files come from a folder on the server, from uploads, or from the
5,000-image subset bundled in data/mnist-subset (``load_mnist_subset``). The images
are normalised as the seed article does: (x/255 − 0.5)/0.5, float32 rows (n, rows·cols).
"""

from __future__ import annotations

import gzip
import io
import math
import struct
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

import numpy as np

from bpcore.errors import CodedError


class IdxError(CodedError):
    """Why an IDX or MNIST file was refused (nothing large was allocated first).

    ``field`` names what was refused: the file concerned, else the input ("data" for bytes
    not yet named, "folder", "uploads"); ``code`` (one of CODES) and ``params`` let a UI say
    why in its own language. ``params["file"]``, when present, names the file concerned.
    """

    CODES = ("magic", "cut_short", "dims", "length", "gzip", "too_large", "file_too_big",
             "unreadable", "not_a_folder", "outside_root", "bad_folder", "missing",
             "images_ndim", "labels_ndim", "count",
             "label_range", "image_size", "image_side", "unknown_upload", "duplicate",
             "too_many_files", "too_many_bytes", "gone")

    def for_file(self, name: str) -> IdxError:
        """The same refusal, naming the file it concerns (as the field and params["file"])."""
        return IdxError(name, self.code, **{**self.params, "file": name})


def read_idx(data: bytes, max_elements: int = 60_000 * 28 * 28) -> np.ndarray:
    """An IDX array (MNIST's format), optionally gzipped, checked before allocating.

    Header: two zero bytes, a type code (0x08 = unsigned byte, the only one MNIST uses), the
    number of dimensions, then each dimension as a big-endian int32. The data must be exactly
    the product of the dimensions; a gzip stream is inflated only up to that size.
    """
    if data[:2] == b"\x1f\x8b":
        data = _gunzip(data, limit=16 + 4 * 3 + max_elements)
    if len(data) < 4 or data[:2] != b"\x00\x00" or data[2] != 0x08 or not 1 <= data[3] <= 3:
        raise IdxError("data", "magic")
    ndim = data[3]
    if len(data) < 4 + 4 * ndim:
        raise IdxError("data", "cut_short")
    dims = struct.unpack(f">{ndim}i", data[4:4 + 4 * ndim])
    count = math.prod(dims)  # Python ints: a product of int32 dims cannot wrap around
    if min(dims) <= 0 or count > max_elements:
        raise IdxError("data", "dims", dims=" × ".join(map(str, dims)))
    body = len(data) - 4 - 4 * ndim
    if body != count:
        raise IdxError("data", "length", need=count, holds=body)
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def _gunzip(data: bytes, limit: int) -> bytes:
    """Inflate at most ``limit`` + 1 bytes, so a small bomb cannot grow without bound."""
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
            out = stream.read(limit + 1)
    except (OSError, EOFError, zlib.error) as err:
        raise IdxError("data", "gzip") from err
    if len(out) > limit:
        raise IdxError("data", "too_large", limit=limit)
    return out


# --- MNIST from its four standard IDX files ------------------------------------------------
MNIST_FILES: Mapping[tuple[str, str], str] = MappingProxyType({
    ("train", "images"): "train-images-idx3-ubyte",
    ("train", "labels"): "train-labels-idx1-ubyte",
    ("test", "images"): "t10k-images-idx3-ubyte",
    ("test", "labels"): "t10k-labels-idx1-ubyte",
})
# The largest MNIST file, train-images, is 16 + 60,000·28·28 = 47,040,016 bytes uncompressed;
# anything much larger is not an MNIST file and is refused before it is read.
MAX_FILE_BYTES = 48_000_000
# An image's rows and columns, each: MNIST's are 28 × 28. Up to 64 × 64 (4,096 inputs, 5.2×
# MNIST's 784) holds the MNIST-format sets a class may bring (Fashion-MNIST and EMNIST 28 × 28,
# USPS 16 × 16, digits scanned at twice MNIST's resolution, 56 × 56) and keeps the first
# layer small: 4,096 × 256 float32 weights are 4 MB, where the 1 × 47,040,000 "images" the
# element cap alone let through needed 1.5 GB of weights at 8 hidden units. The element cap
# then bounds the number of such images (11,484 of 64 × 64), and a weight image still reads
# on the page (one picture per hidden unit, rows × cols).
MAX_IMAGE_SIDE = 64


@dataclass(frozen=True)
class Mnist:
    """MNIST-style data, normalised as the seed article does: (x/255 − 0.5)/0.5, float32.

    X_train (n_train, rows·cols) and X_test (n_test, rows·cols) in [−1, 1]; y_train (n_train,)
    and y_test (n_test,) int labels 0…9; shape = (rows, cols) of one image.
    """

    X_train: np.ndarray
    y_train: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray
    shape: tuple[int, int]


def normalise_images(images: np.ndarray) -> np.ndarray:
    """Bytes (n, rows, cols) 0…255 as float32 rows (n, rows·cols): (x/255 − 0.5)/0.5 ∈ [−1, 1]."""
    flat = images.reshape(len(images), -1).astype(np.float32)
    return (flat / np.float32(255) - np.float32(0.5)) / np.float32(0.5)


def mnist_pair(images: np.ndarray, labels: np.ndarray, part: str
               ) -> tuple[np.ndarray, np.ndarray]:
    """Check one images/labels pair and normalise it: X (n, rows·cols) float32, y (n,) int.

    images must be (n, rows, cols), labels (n,) with values 0…9; ``part`` ("train" or "test")
    names the pair in a refusal.
    """
    name = MNIST_FILES[(part, "images")]
    if images.ndim != 3:
        raise IdxError(name, "images_ndim", file=name, ndim=images.ndim)
    rows, cols = images.shape[1:]
    if max(rows, cols) > MAX_IMAGE_SIDE:
        raise IdxError(name, "image_side", file=name, rows=int(rows), cols=int(cols),
                       limit=MAX_IMAGE_SIDE)
    labels_name = MNIST_FILES[(part, "labels")]
    if labels.ndim != 1:
        raise IdxError(labels_name, "labels_ndim", file=labels_name, ndim=labels.ndim)
    if len(images) != len(labels):
        raise IdxError(labels_name, "count", file=labels_name, images=len(images),
                       labels=len(labels))
    if labels.max() > 9:
        raise IdxError(labels_name, "label_range", file=labels_name, value=int(labels.max()))
    return normalise_images(images), labels.astype(int)


def mnist_from_arrays(arrays: Mapping[tuple[str, str], np.ndarray]) -> Mnist:
    """Mnist from the four raw arrays keyed like MNIST_FILES: checked, paired, normalised."""
    X_train, y_train = mnist_pair(arrays[("train", "images")], arrays[("train", "labels")],
                                  "train")
    X_test, y_test = mnist_pair(arrays[("test", "images")], arrays[("test", "labels")], "test")
    shape = arrays[("train", "images")].shape[1:]
    if arrays[("test", "images")].shape[1:] != shape:
        raise IdxError(MNIST_FILES[("test", "images")], "image_size",
                       train=f"{shape[0]}×{shape[1]}",
                       test="×".join(map(str, arrays[("test", "images")].shape[1:])))
    return Mnist(X_train, y_train, X_test, y_test, (int(shape[0]), int(shape[1])))


def read_idx_file(path: Path, max_bytes: int | None = None) -> np.ndarray:
    """One IDX file (or its .gz) from disk; its size is checked with stat before it is read.

    Returns the array, e.g. (n, rows, cols) uint8 for images, (n,) for labels.
    """
    limit = MAX_FILE_BYTES if max_bytes is None else max_bytes
    try:
        size = path.stat().st_size
        if size > limit:
            raise IdxError(path.name, "file_too_big", file=path.name, size=size, limit=limit)
        data = path.read_bytes()
    except OSError as err:
        raise IdxError(path.name, "unreadable", file=path.name) from err
    return _named(path.name, data)


def _named(name: str, data: bytes) -> np.ndarray:
    """read_idx, with the file's name added to a refusal."""
    try:
        return read_idx(data)
    except IdxError as err:
        raise err.for_file(name) from None


def mnist_folder_files(folder: Path, root: Path | None = None) -> dict[tuple[str, str], Path]:
    """The standard files present in ``folder`` (each plain or .gz), keyed like MNIST_FILES.

    Only the four standard names are looked at; missing ones are refused with their names.
    With ``root``, a folder that does not lie inside it is refused before anything is looked
    at, so a visitor cannot probe the rest of the server's disk.
    """
    try:
        resolved = folder.expanduser().resolve()
        if root is not None and not resolved.is_relative_to(root.expanduser().resolve()):
            raise IdxError("folder", "outside_root", folder=str(folder), root=str(root))
        if not resolved.is_dir():
            raise IdxError("folder", "not_a_folder", folder=str(folder))
        found: dict[tuple[str, str], Path] = {}
        for key, name in MNIST_FILES.items():
            for candidate in (resolved / name, resolved / f"{name}.gz"):
                if candidate.is_file():
                    found[key] = candidate
                    break
    except IdxError:
        raise
    except (OSError, ValueError) as err:  # a name too long, a NUL byte, no permission
        raise IdxError("folder", "bad_folder", folder=str(folder)) from err
    missing = [name for key, name in MNIST_FILES.items() if key not in found]
    if missing:
        raise IdxError("folder", "missing", files=", ".join(missing))
    return found


def load_mnist_folder(folder: Path | str, max_bytes: int | None = None,
                      root: Path | None = None) -> Mnist:
    """MNIST from a folder holding the four standard IDX files (each optionally .gz).

    Every file's size is checked with stat before reading; returns Mnist with X (n, rows·cols).
    """
    files = mnist_folder_files(Path(folder), root)
    return mnist_from_arrays({key: read_idx_file(path, max_bytes) for key, path in files.items()})


def _upload_role(name: str, array: np.ndarray) -> tuple[str | None, str]:
    """(part or None, kind) of one upload: from its name, else kind from its dimensions."""
    lower = name.lower()
    part = "train" if "train" in lower else "test" if "t10k" in lower or "test" in lower else None
    if "images" in lower or "idx3" in lower:
        kind = "images"
    elif "labels" in lower or "idx1" in lower:
        kind = "labels"
    elif array.ndim in (1, 3):
        kind = "images" if array.ndim == 3 else "labels"
    else:
        raise IdxError(name, "unknown_upload", file=name, ndim=array.ndim)
    return part, kind


def load_mnist_uploads(uploads: Mapping[str, bytes] | Sequence[tuple[str, bytes]],
                       max_bytes: int | None = None) -> Mnist:
    """MNIST from four uploaded IDX files, {name: bytes} or (name, bytes) pairs (two uploads
    may share a name: pairs keep both, and the duplicate is refused), each optionally gzipped.

    Which file is which comes from its name (train / t10k or test, images / labels); a name
    that does not say is placed by its header: 3-D images, 1-D labels, and the split whose
    other file has the same count (else the larger set is train). Returns Mnist.
    """
    limit = MAX_FILE_BYTES if max_bytes is None else max_bytes
    roles: list[tuple[str | None, str, str, np.ndarray]] = []
    for name, data in uploads.items() if isinstance(uploads, Mapping) else uploads:
        if len(data) > limit:
            raise IdxError(name, "file_too_big", file=name, size=len(data), limit=limit)
        array = _named(name, data)
        roles.append((*_upload_role(name, array), name, array))
    named_counts = {len(a): part for part, _, _, a in roles if part is not None}
    free = [part for part in ("train", "test") if part not in named_counts.values()]
    unplaced = sorted({len(a) for part, _, _, a in roles
                       if part is None and len(a) not in named_counts}, reverse=True)
    by_count = dict(named_counts)
    if len(unplaced) <= len(free):  # the larger set is the training set
        by_count.update(zip(unplaced, free, strict=False))
    arrays: dict[tuple[str, str], np.ndarray] = {}
    for part, kind, name, array in roles:
        part = part or by_count.get(len(array))
        if part is None:
            raise IdxError(name, "unknown_upload", file=name)
        if (part, kind) in arrays:
            raise IdxError(name, "duplicate", file=name, part=part, kind=kind)
        arrays[(part, kind)] = array
    missing = [name for key, name in MNIST_FILES.items() if key not in arrays]
    if missing:
        raise IdxError("uploads", "missing", files=", ".join(missing))
    return mnist_from_arrays(arrays)


def mnist_folder_signature(folder: Path | str) -> tuple[tuple[str, int, int], ...]:
    """(name, size, modification time in ns) of each standard file present in ``folder``.

    Cheap (stat only): a change means the folder's data should be read again.
    """
    found = []
    try:
        base = Path(folder).expanduser()
        for name in MNIST_FILES.values():
            for candidate in (base / name, base / f"{name}.gz"):
                if candidate.is_file():
                    info = candidate.stat()
                    found.append((candidate.name, info.st_size, info.st_mtime_ns))
    except (OSError, ValueError):  # an unusable path: loading it says why
        return ()
    return tuple(found)


# --- the bundled subset -------------------------------------------------------------------
# 5,000 real MNIST digits in MNIST's own four gzipped IDX files (data/MNIST.md): 4,000 training
# and 1,000 test images, split stratified (400 and 100 of each digit) by
# scripts/make_mnist_subset.py.
MNIST_SUBSET = Path(__file__).resolve().parents[1] / "data" / "mnist-subset"
SUBSET_SIZES = (4000, 1000)  # training and test images
SUBSET_MAX_BYTES = 1_000_000  # each bundled file (the largest, train-images.gz, is 652 kB)


def load_mnist_subset(folder: Path = MNIST_SUBSET) -> Mnist:
    """The bundled MNIST subset: X_train (4000, 784), X_test (1000, 784) float32 in [−1, 1],
    y_train (4000,) and y_test (1000,) int, normalised like any MNIST (``normalise_images``)."""
    return load_mnist_folder(folder, max_bytes=SUBSET_MAX_BYTES)
