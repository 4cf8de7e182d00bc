"""A learner's own 2-D points for the network builder: read from CSV, checked, edited, written.

A data set is :class:`Points`: X (n, 2) float64 coordinates x1, x2 and y (n,) int classes
0 … k − 1, known by the sha-256 of their canonical bytes (``digest``), so two equal sets are
one key of the builder's shared cache and a Recipe compares them in O(1).

The CSV format (the one :func:`to_csv` writes and :func:`parse_csv` reads): UTF-8, comma
separated, one point a row, columns x1, x2, class; a first row naming the columns
(``x1,x2,class`` in any order) is optional. Everything is checked before use, and a refusal
is a ``CodedError("data_file", code, **params)``: empty, too_big (bytes, before decoding),
not_utf8, not_csv, header, duplicate_header, columns, empty_cell, too_long (a cell longer than
bpcore.errors.MAX_NUMBER_CHARS), not_a_number, not_finite, out_of_range, class_not_whole,
too_many_classes, too_many_points, and the checks of :func:`check_trainable`
(too_few_points, one_class, class_gap). bpcore speaks no language: tutor.ui.reasons says them.
"""

from __future__ import annotations

import csv
import hashlib
import io
import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from bpcore.data import split
from bpcore.errors import MAX_TEXT, CodedError, parse_number
from bpcore.limits import POINTS

FIELD = "data_file"  # the field of every refusal of a file
MAX_BYTES = 256 * 1024  # a 1,000-point CSV at full precision is about 45 kB
MAX_POINTS = POINTS.hi  # the builder's point limit
MIN_POINTS = 4  # enough for a training and a test share
MAX_CLASSES = 3  # the output layer's size: one unit per class, one chart colour per class
COORDINATE = 1000.0  # |x1|, |x2| at most this: the inputs of a network, not of a spreadsheet
COLUMNS = ("x1", "x2", "class")
LINK_POINTS = 100  # a lesson link carries at most this many points …
LINK_DECIMALS = 3  # … each coordinate exact at this many decimals (clicked points are)
CLICK_GRID = 36  # the clickable plane: this many positions a side
LINK_INT = int(COORDINATE * 10**LINK_DECIMALS)  # the largest |value| a link's points carry


@dataclass(frozen=True)
class Points:
    """A checked data set: X (n, 2) float64, y (n,) int64, equal by ``digest`` alone."""

    digest: str
    X: np.ndarray = field(compare=False, repr=False)
    y: np.ndarray = field(compare=False, repr=False)

    @property
    def n(self) -> int:
        """How many points."""
        return len(self.y)

    @property
    def classes(self) -> int:
        """How many classes the labels name: max(y) + 1 (0 for no points)."""
        return int(self.y.max()) + 1 if self.n else 0


def make_points(X: Any, y: Any) -> Points:
    """Points from coordinates (n, 2) and classes (n,), read-only, with their digest."""
    X = np.array(X, dtype=np.float64).reshape(-1, 2)
    y = np.array(y, dtype=np.int64).reshape(-1)
    if len(X) != len(y):
        raise ValueError("X and y must have the same number of rows")
    X.flags.writeable = False
    y.flags.writeable = False
    digest = hashlib.sha256(X.tobytes() + b"|" + y.tobytes()).hexdigest()
    return Points(digest, X, y)


EMPTY = make_points(np.zeros((0, 2)), np.zeros(0))


def check_points(points: Points, field_name: str = FIELD) -> Points:
    """``points`` if within the limits any data set must keep (count, classes, coordinates),
    else a CodedError: too_many_points (count, limit), too_many_classes (value, limit),
    not_finite / out_of_range (value, lo, hi)."""
    if points.n > MAX_POINTS:
        raise CodedError(field_name, "too_many_points", count=points.n, limit=MAX_POINTS)
    if points.n and (points.y.min() < 0 or points.y.max() >= MAX_CLASSES):
        raise CodedError(field_name, "too_many_classes", value=int(points.y.max()),
                         limit=MAX_CLASSES)
    if not np.isfinite(points.X).all():
        raise CodedError(field_name, "not_finite", value="nan")
    worst = float(np.abs(points.X).max(initial=0.0))
    if worst > COORDINATE:
        raise CodedError(field_name, "out_of_range", value=f"{worst:g}", lo=-COORDINATE,
                         hi=COORDINATE)
    return points


def check_trainable(points: Points, field_name: str = FIELD) -> Points:
    """``points`` if a classifier can be trained and tested on them, else a CodedError:
    too_few_points (count, limit), one_class (value: the class), class_gap (value: the
    first class with no point, classes: how many the labels name)."""
    if points.n < MIN_POINTS:
        raise CodedError(field_name, "too_few_points", count=points.n, limit=MIN_POINTS)
    present = np.bincount(points.y, minlength=points.classes)
    if np.count_nonzero(present) < 2:
        raise CodedError(field_name, "one_class", value=int(points.y[0]))
    missing = np.flatnonzero(present == 0)
    if len(missing):
        raise CodedError(field_name, "class_gap", value=int(missing[0]),
                         classes=points.classes)
    return points


def _header(row: list[str]) -> list[int] | None:
    """Where x1, x2 and class are, if ``row`` is a header (not all numbers); else None."""
    names = [cell.strip().lower() for cell in row]
    if all(_is_number(cell) for cell in names):
        return None
    for name in names:
        if names.count(name) > 1:
            raise CodedError(FIELD, "duplicate_header", value=name[:MAX_TEXT])
    if len(names) != len(COLUMNS) or set(names) != set(COLUMNS):
        raise CodedError(FIELD, "header", value=",".join(row)[:MAX_TEXT])
    return [names.index(c) for c in COLUMNS]


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def parse_csv(data: bytes) -> Points:
    """The checked points of a CSV file (the module docstring's format), or a CodedError.

    Checked in this order: size in bytes (before anything is decoded), UTF-8 (a byte-order
    mark is allowed), the header, each row's column count, each number (row and column
    named), the class labels, the number of points and classes, and that a classifier can be
    trained on them (check_trainable). Blank lines are skipped; a Chinese full-width comma
    counts as a comma.
    """
    if len(data) > MAX_BYTES:
        raise CodedError(FIELD, "too_big", size=len(data), limit=MAX_BYTES)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CodedError(FIELD, "not_utf8") from None
    try:
        rows = [(k, row) for k, row in enumerate(
                    csv.reader(io.StringIO(text.replace("，", ","))), start=1)
                if any(cell.strip() for cell in row)]
    except csv.Error:  # e.g. a cell past the csv module's field limit (128 kB)
        raise CodedError(FIELD, "not_csv") from None
    if not rows:
        raise CodedError(FIELD, "empty")
    order = _header(rows[0][1])
    if order is not None:
        rows = rows[1:]
        if not rows:
            raise CodedError(FIELD, "empty")
    order = order or [0, 1, 2]
    if len(rows) > MAX_POINTS:
        raise CodedError(FIELD, "too_many_points", count=len(rows), limit=MAX_POINTS)
    X = np.empty((len(rows), 2))
    y = np.empty(len(rows), dtype=np.int64)
    for i, (line, row) in enumerate(rows):
        if len(row) != len(COLUMNS):
            raise CodedError(FIELD, "columns", row=line, found=len(row), expected=len(COLUMNS))
        for j in range(2):
            X[i, j] = _cell(row[order[j]], line, COLUMNS[j])
        y[i] = _label(row[order[2]], line)
    return check_trainable(check_points(make_points(X, y)))


def _cell(text: str, line: int, column: str) -> float:
    """One coordinate: a finite number within ±COORDINATE (row and column named if not)."""
    try:
        return parse_number(column, text, -COORDINATE, COORDINATE)
    except CodedError as err:
        code = "empty_cell" if err.code == "empty" else err.code
        raise CodedError(FIELD, code, row=line, column=column, **err.params) from None


def _label(text: str, line: int) -> int:
    """One class: a whole number 0 … MAX_CLASSES − 1 ("1.0" counts as 1)."""
    try:
        value = parse_number("class", text, -math.inf, math.inf, integer=True)
    except CodedError as err:
        code = {"not_whole": "class_not_whole", "not_finite": "class_not_whole",
                "empty": "empty_cell"}.get(err.code, err.code)
        raise CodedError(FIELD, code, row=line, column="class", **err.params) from None
    if value < 0:
        raise CodedError(FIELD, "class_not_whole", row=line, column="class",
                         value=text.strip()[:40])
    if value >= MAX_CLASSES:
        raise CodedError(FIELD, "too_many_classes", row=line, value=int(value),
                         limit=MAX_CLASSES)
    return int(value)


def to_csv(points: Points) -> bytes:
    """The points as the CSV parse_csv reads: header x1,x2,class, each coordinate in its
    shortest exact form (parse_csv(to_csv(p)) == p)."""
    lines = ["x1,x2,class"]
    lines += [f"{x1!r},{x2!r},{c}" for (x1, x2), c in zip(points.X.tolist(),
                                                          points.y.tolist(), strict=True)]
    return ("\n".join(lines) + "\n").encode("utf-8")


# --- editing by clicks --------------------------------------------------------------------
def add_point(points: Points, x1: float, x2: float, cls: int) -> Points:
    """``points`` with (x1, x2) of class ``cls`` added at the end (check_points' refusals,
    field "click", when past a limit)."""
    added = make_points(np.vstack([points.X, [[x1, x2]]]), np.append(points.y, cls))
    return check_points(added, "click")


def remove_point(points: Points, index: int) -> Points:
    """``points`` without the point at ``index`` (IndexError when there is none)."""
    if not 0 <= index < points.n:
        raise IndexError(f"no point {index} among {points.n}")
    keep = np.arange(points.n) != index
    return make_points(points.X[keep], points.y[keep])


def plane(X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The rectangle a data set is drawn and edited on: low (2,), high (2,).

    It spans the points and the square [−1, 1]², widened on every side by a tenth of its
    size (at least 0.3), so there is always room to click beyond the outermost point.
    """
    corners = np.array([[-1.0, -1.0], [1.0, 1.0]])
    both = np.vstack([X.reshape(-1, 2), corners])
    low, high = both.min(axis=0), both.max(axis=0)
    margin = np.maximum(0.1 * (high - low), 0.3)
    return low - margin, high + margin


def click_positions(points: Points, size: int = CLICK_GRID) -> np.ndarray:
    """Where a click may add a point: (m, 2), a size × size grid over plane(points.X), each
    coordinate rounded to LINK_DECIMALS, without the positions closer than one grid step to
    an existing point (a click there means that point)."""
    low, high = plane(points.X)
    xs = np.round(np.linspace(low[0], high[0], size), LINK_DECIMALS)
    ys = np.round(np.linspace(low[1], high[1], size), LINK_DECIMALS)
    gx, gy = np.meshgrid(xs, ys)
    grid = np.c_[gx.ravel(), gy.ravel()]
    if not points.n:
        return grid
    step = (high - low) / (size - 1)
    scaled = (grid[:, None, :] - points.X[None, :, :]) / step
    free = (np.abs(scaled).max(axis=2) >= 1.0).all(axis=1)
    return grid[free]


# --- the split and the lesson link --------------------------------------------------------
def split_indices(n: int, test_fraction: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Which points train and which test: the indices bpcore.data.split puts in each."""
    index = np.arange(n)
    train, _, test, _ = split(index, index, test_fraction, seed)
    return train, test


def split_points(points: Points, test_fraction: float, seed: int
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(X_train, y_train, X_test, y_test): bpcore.data.split's seeded shuffle of the points."""
    return split(points.X, points.y, test_fraction, seed)


def linkable(points: Points) -> bool:
    """True when a lesson link can carry the points: at most LINK_POINTS, every coordinate
    exact at LINK_DECIMALS decimals."""
    scale = 10.0**LINK_DECIMALS
    return points.n <= LINK_POINTS and bool(
        (np.round(points.X * scale) / scale == points.X).all())


def to_link(points: Points) -> dict[str, Any]:
    """The points as plain JSON values for a link: {"v": 1, "xyc": [x1·10³, x2·10³, class, …]}
    (only when linkable)."""
    scale = 10**LINK_DECIMALS
    flat = np.c_[np.round(points.X * scale).astype(np.int64), points.y].ravel()
    return {"v": 1, "xyc": flat.tolist()}


def from_link(d: Any) -> Points:
    """The points a link carries (to_link's form), checked as a file is; ValueError if not.

    Each value is bounded while still a Python int: 10**20 would overflow int64 in NumPy."""
    if not (isinstance(d, dict) and set(d) == {"v", "xyc"} and d["v"] == 1
            and isinstance(d["xyc"], list) and len(d["xyc"]) % 3 == 0
            and len(d["xyc"]) <= 3 * LINK_POINTS
            and all(isinstance(v, int) and not isinstance(v, bool) and abs(v) <= LINK_INT
                    for v in d["xyc"])):
        raise ValueError("points: not a link's points")
    flat = np.array(d["xyc"], dtype=np.int64).reshape(-1, 3)
    points = make_points(flat[:, :2] / 10**LINK_DECIMALS, flat[:, 2])
    try:
        return check_trainable(check_points(points))
    except CodedError as err:
        raise ValueError(str(err)) from err
