"""A small network for the stepper, as data: shape, activations, loss, samples, every parameter.

A :class:`NetSpec` is frozen and validated on construction (bpcore.errors.CodedError naming the
first bad field), round-trips through JSON (``to_dict``/``from_dict``, every field checked:
hostile input gives a NetSpec or a CodedError, nothing else), can be drawn at random from an
explicit seed (``random``) and takes parameters pasted as NumPy text (``with_pasted``,
parsed by :func:`parse_numpy`, no eval).

Shapes, in the engine's row convention (bpcore.network, the generated code's x @ W + b):
``sizes`` = (n_in, n_1, …, n_L) with 1–4 inputs, 1–3 hidden layers of 1–4 units, 1–4
outputs; ``weights[l − 1]`` is W_l of shape (n_{l−1}, n_l), W_l[k − 1][j − 1] = w^l_{jk}
(bpcore.qname); ``biases[l − 1]`` is b_l of shape (n_l,); ``X`` is (m, n_in) and ``T`` is
(m, n_L), m = 1–4 samples. Losses: ``half_sse`` E = Σ ½(t − out)², ``binary_cross_entropy``,
``cross_entropy`` (categorical), each per sample; E of a batch is the mean over samples.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from bpcore.activations import ACTIVATIONS
from bpcore.builder import Architecture
from bpcore.errors import CodedError, parse_number
from bpcore.limits import ETA, MAX_MAGNITUDE, PASTE_CHARS, SEED, Range
from bpcore.network import Network

FORMAT = "bpcore.netspec"
VERSION = 1

INPUTS = Range(1, 4)  # inputs of a stepped network
HIDDEN_LAYERS = Range(1, 3)  # hidden layers
WIDTH = Range(1, 4)  # units of a hidden layer
OUTPUTS = Range(1, 4)  # outputs
SAMPLES = Range(1, 4)  # samples in the batch
STEP_LOSSES = ("half_sse", "binary_cross_entropy", "cross_entropy")
MAX_PASTE = PASTE_CHARS  # characters of pasted NumPy text (bpcore.limits)
MAX_NUMBER_TEXT = 32  # characters of one pasted number
_KEYS = ("format", "version", "sizes", "activations", "loss", "X", "T", "weights", "biases",
         "eta", "train_biases")


def _number(field: str, value: Any, **where: int) -> float:
    """value as a float within ±MAX_MAGNITUDE, or CodedError (not_a_number, not_finite,
    too_large) naming the field and where in it (row, col: from 1)."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise CodedError(field, "not_a_number", value=repr(value)[:40], **where)
    if isinstance(value, (int, np.integer)) and abs(int(value)) > MAX_MAGNITUDE:
        raise CodedError(field, "too_large", value=float(MAX_MAGNITUDE) * (1 if value > 0 else -1),
                         limit=MAX_MAGNITUDE, **where)  # float() of 10**400 would overflow
    x = float(value)
    if not math.isfinite(x):
        raise CodedError(field, "not_finite", value=x, **where)
    if abs(x) > MAX_MAGNITUDE:
        raise CodedError(field, "too_large", value=x, limit=MAX_MAGNITUDE, **where)
    return x


def _seq(field: str, value: Any, count: int, **where: int) -> Sequence[Any]:
    """value as a list or tuple of exactly ``count`` items, else CodedError (not_a_list, count)."""
    if not isinstance(value, (list, tuple, np.ndarray)):
        raise CodedError(field, "not_a_list", count=count, **where)
    if len(value) != count:
        raise CodedError(field, "count", count=count, got=len(value), **where)
    return tuple(value)


def _vector(field: str, value: Any, count: int) -> tuple[float, ...]:
    return tuple(_number(field, v, col=c + 1)
                 for c, v in enumerate(_seq(field, value, count)))


def _matrix(field: str, value: Any, rows: int, cols: int) -> tuple[tuple[float, ...], ...]:
    out = []
    for r, row in enumerate(_seq(field, value, rows)):
        items = _seq(field, row, cols, row=r + 1)
        out.append(tuple(_number(field, v, row=r + 1, col=c + 1) for c, v in enumerate(items)))
    return tuple(out)


def _whole(field: str, value: Any, bounds: Range[int]) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise CodedError(field, "not_whole", value=repr(value)[:40])
    return int(bounds.check(field, int(value)))


@dataclass(frozen=True)
class NetSpec:
    """Shape, activation per layer, loss, samples X and targets T, W_l and b_l, η, train_biases.

    Construction validates everything and stores plain tuples of floats (hashable, so a spec
    can key a cache). Refusals, each a CodedError: sizes (``not_a_list``, ``out_of_range`` on
    "inputs", "hidden_layers", "width", "outputs", "samples"); the builder's own check of
    activations, loss and their pairing (bpcore.builder.Architecture.check: ``activation``,
    ``loss``, ``pairing``); a loss the stepper does not teach (``unknown``); softmax on one
    output (``softmax_single``); numbers (``not_a_number``, ``not_finite``, ``too_large``,
    ``count``, ``not_a_list``); targets a cross-entropy cannot take (``target_probability``:
    BCE targets in [0, 1]; ``target_distribution``: categorical CE rows in [0, 1] summing to
    exactly 1); η (``eta_range``); train_biases (``not_bool``).
    """

    sizes: tuple[int, ...]
    activations: tuple[str, ...]
    loss: str
    X: tuple[tuple[float, ...], ...]
    T: tuple[tuple[float, ...], ...]
    weights: tuple[tuple[tuple[float, ...], ...], ...]
    biases: tuple[tuple[float, ...], ...]
    eta: float = 0.5
    train_biases: bool = False

    def __post_init__(self) -> None:
        sizes = self.sizes
        if not isinstance(sizes, (list, tuple)) or len(sizes) < 2:
            raise CodedError("sizes", "not_a_list", count=HIDDEN_LAYERS.lo + 2)
        HIDDEN_LAYERS.check("hidden_layers", len(sizes) - 2)
        n_in = _whole("inputs", sizes[0], INPUTS)
        hidden = tuple(_whole("width", n, WIDTH) for n in sizes[1:-1])
        n_out = _whole("outputs", sizes[-1], OUTPUTS)
        sizes = (n_in, *hidden, n_out)
        acts = self.activations
        if not isinstance(acts, (list, tuple)) or len(acts) != len(sizes) - 1:
            raise CodedError("activations", "count", count=len(sizes) - 1,
                             got=len(acts) if isinstance(acts, (list, tuple)) else 0)
        if not all(isinstance(a, str) for a in acts) or not isinstance(self.loss, str):
            raise CodedError("activations", "not_a_list", count=len(sizes) - 1)
        # The builder's own check: known activations, element-wise hidden ones, the loss and
        # its pairing with the output (categorical CE needs softmax, BCE a probability).
        Architecture(hidden, tuple(acts[:-1]), acts[-1], self.loss).check()
        if self.loss not in STEP_LOSSES:
            raise CodedError("loss", "unknown", name=self.loss, choices=", ".join(STEP_LOSSES))
        if acts[-1] == "softmax" and n_out == 1:
            raise CodedError("output", "softmax_single")
        if not isinstance(self.X, (list, tuple, np.ndarray)):
            raise CodedError("X", "not_a_list", count=n_in)
        m = _whole("samples", len(self.X), SAMPLES)
        X = _matrix("X", self.X, m, n_in)
        T = _matrix("T", self.T, m, n_out)
        self._check_targets(T)
        ws = _seq("weights", self.weights, len(sizes) - 1)
        bs = _seq("biases", self.biases, len(sizes) - 1)
        weights = tuple(_matrix(f"W{i + 1}", ws[i], sizes[i], sizes[i + 1])
                        for i in range(len(sizes) - 1))
        biases = tuple(_vector(f"b{i + 1}", bs[i], sizes[i + 1]) for i in range(len(sizes) - 1))
        if isinstance(self.eta, bool) or not isinstance(self.eta, (int, float, np.floating)):
            raise CodedError("eta", "not_a_number", value=repr(self.eta)[:40])
        # an integer too large for a float is out of range, not an OverflowError
        big = isinstance(self.eta, (int, np.integer)) and abs(int(self.eta)) > ETA.hi
        eta = math.inf if big else float(self.eta)
        if not ETA.contains(eta):
            raise CodedError("eta", "eta_range", value=eta, limit=ETA.hi)
        if not isinstance(self.train_biases, bool):
            raise CodedError("train_biases", "not_bool", value=repr(self.train_biases)[:40])
        for name, value in (("sizes", sizes), ("activations", tuple(acts)), ("X", X), ("T", T),
                            ("weights", weights), ("biases", biases), ("eta", eta)):
            object.__setattr__(self, name, value)

    def _check_targets(self, T: tuple[tuple[float, ...], ...]) -> None:
        """Targets a cross-entropy can take: probabilities; for categorical CE each row a
        distribution summing to exactly 1 (so that δ = out − t is exact)."""
        if self.loss == "half_sse":
            return
        for r, row in enumerate(T):
            for c, t in enumerate(row):
                if not 0.0 <= t <= 1.0:
                    code = ("target_probability" if self.loss == "binary_cross_entropy"
                            else "target_distribution")
                    raise CodedError("T", code, row=r + 1, col=c + 1, value=t)
            if self.loss == "cross_entropy" and math.fsum(row) != 1.0:
                raise CodedError("T", "target_distribution", row=r + 1, value=math.fsum(row))

    # --- what it describes -----------------------------------------------------------------------
    @property
    def layers(self) -> int:
        """L, the number of computing layers (hidden and output)."""
        return len(self.sizes) - 1

    @property
    def samples(self) -> int:
        """m, the number of samples in the batch."""
        return len(self.X)

    def network(self) -> Network:
        """The engine's Network (float64) with these weights, biases, activations and loss."""
        return Network([np.array(W, dtype=np.float64) for W in self.weights],
                       [np.array(b, dtype=np.float64) for b in self.biases],
                       self.activations, self.loss)

    def batch(self) -> tuple[np.ndarray, np.ndarray]:
        """X (m, n_in) and T (m, n_L) as float64 arrays."""
        return np.array(self.X, dtype=np.float64), np.array(self.T, dtype=np.float64)

    def with_parameters(self, weights: Sequence[Any], biases: Sequence[Any]) -> NetSpec:
        """This spec with new W_l and b_l (validated; self unchanged)."""
        return replace(self, weights=tuple(np.asarray(W).tolist() for W in weights),
                       biases=tuple(np.asarray(b).tolist() for b in biases))

    # --- JSON -----------------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """JSON-ready plain values with the format name and version; floats round-trip exactly."""
        return {"format": FORMAT, "version": VERSION, "sizes": list(self.sizes),
                "activations": list(self.activations), "loss": self.loss,
                "X": [list(r) for r in self.X], "T": [list(r) for r in self.T],
                "weights": [[list(r) for r in W] for W in self.weights],
                "biases": [list(b) for b in self.biases], "eta": self.eta,
                "train_biases": self.train_biases}

    @classmethod
    def from_dict(cls, data: Any) -> NetSpec:
        """The spec in ``data`` (as to_dict writes it), or CodedError naming what is wrong.

        Exactly the keys of to_dict; each list's length is checked before it is read, so
        no input (deep nesting, huge lists, huge integers) costs more than a valid spec.
        """
        if not isinstance(data, dict):
            raise CodedError("netspec", "not_object")
        unknown = sorted(str(k)[:40] or repr(k) for k in data if k not in _KEYS)
        if unknown:
            raise CodedError(unknown[0], "unknown_field")
        missing = [k for k in _KEYS if k not in data]
        if missing:
            raise CodedError(missing[0], "missing_field")
        if data["format"] != FORMAT:
            raise CodedError("format", "format", expected=FORMAT)
        if data["version"] != VERSION or isinstance(data["version"], bool):
            raise CodedError("version", "version", expected=VERSION)
        sizes = data["sizes"]
        if not isinstance(sizes, list) or len(sizes) < 2:
            raise CodedError("sizes", "not_a_list", count=HIDDEN_LAYERS.lo + 2)
        HIDDEN_LAYERS.check("hidden_layers", len(sizes) - 2)
        acts = data["activations"]
        if not isinstance(acts, list) or not all(isinstance(a, str) for a in acts):
            raise CodedError("activations", "not_a_list", count=len(sizes) - 1)
        if not isinstance(data["loss"], str):
            raise CodedError("loss", "unknown", name=repr(data["loss"])[:40],
                             choices=", ".join(STEP_LOSSES))
        for key in ("X", "T", "weights", "biases"):
            if not isinstance(data[key], list):
                raise CodedError(key, "not_a_list", count=len(sizes) - 1)
        return cls(tuple(sizes), tuple(acts), data["loss"], data["X"], data["T"],
                   data["weights"], data["biases"], data["eta"], data["train_biases"])

    def to_json(self) -> str:
        """to_dict() as JSON text (repr-exact floats)."""
        return json.dumps(self.to_dict())

    @classmethod
    def from_json(cls, text: str, limit: int = 20_000) -> NetSpec:
        """Parse JSON text (at most ``limit`` characters, checked first; NaN and Infinity
        literals refused) and validate."""
        if not isinstance(text, str):
            raise CodedError("netspec", "not_text")
        if len(text) > limit:
            raise CodedError("netspec", "too_big", limit=limit)

        def reject(literal: str) -> float:
            raise CodedError("netspec", "json_constant", value=literal)

        try:
            data = json.loads(text, parse_constant=reject)
        except json.JSONDecodeError as err:
            raise CodedError("netspec", "not_json", line=err.lineno) from err
        except RecursionError as err:
            raise CodedError("netspec", "not_json", line=1) from err
        return cls.from_dict(data)

    # --- random with seed -------------------------------------------------------------------------
    @classmethod
    def random(cls, sizes: Sequence[int], activations: Sequence[str], loss: str, seed: int,
               samples: int = 1, eta: float = 0.5, train_biases: bool = False) -> NetSpec:
        """A network drawn from ``seed`` (the same seed, the same numbers), 2 decimals each.

        Weights N(0, 1)/√n_in, biases U(−0.5, 0.5), inputs U(−1, 1); targets U(0, 1) for
        squared error, 0/1 for BCE, one-hot for categorical CE.
        """
        _whole("seed", seed, SEED)
        if not isinstance(sizes, (list, tuple)) or len(sizes) < 2:
            raise CodedError("sizes", "not_a_list", count=HIDDEN_LAYERS.lo + 2)
        HIDDEN_LAYERS.check("hidden_layers", len(sizes) - 2)
        for field, n, bounds in (("inputs", sizes[0], INPUTS), ("outputs", sizes[-1], OUTPUTS),
                                 *(("width", h, WIDTH) for h in sizes[1:-1])):
            _whole(field, n, bounds)
        _whole("samples", samples, SAMPLES)
        rng = np.random.default_rng(seed)
        weights = [np.round(rng.standard_normal((a, b)) / math.sqrt(a), 2)
                   for a, b in zip(sizes[:-1], sizes[1:], strict=False)]
        biases = [np.round(rng.uniform(-0.5, 0.5, b), 2) for b in sizes[1:]]
        X = np.round(rng.uniform(-1, 1, (samples, sizes[0])), 2)
        n_out = sizes[-1]
        if loss == "cross_entropy":
            T = np.eye(n_out)[rng.integers(0, n_out, samples)]
        elif loss == "binary_cross_entropy":
            T = rng.integers(0, 2, (samples, n_out)).astype(float)
        else:
            T = np.round(rng.uniform(0, 1, (samples, n_out)), 2)
        return cls(tuple(sizes), tuple(activations), loss, X.tolist(), T.tolist(),
                   tuple(W.tolist() for W in weights), tuple(b.tolist() for b in biases),
                   eta, train_biases)

    # --- paste from NumPy -----------------------------------------------------------------------
    def with_pasted(self, text: str) -> NetSpec:
        """This spec with the arrays assigned in ``text`` (see parse_numpy): W1…W4 and b1…b4
        (shapes as in this spec: W_l is (n_{l−1}, n_l), rows the inputs), X, T, eta.

        Names that are not these are refused (``unknown_field``); shapes and values are
        validated as any spec's (a ragged or mis-shaped array: ``count`` or ``not_a_list``
        naming the array, and the row). Self is unchanged. ``to_numpy`` writes text this
        reads back to the same spec.
        """
        return self.with_arrays(parse_numpy(text))

    def array_names(self) -> tuple[str, ...]:
        """The names of this spec's arrays as pasted and edited: X, T, W1, b1, …, W_L, b_L."""
        return ("X", "T", *(f"{kind}{layer}" for layer in range(1, self.layers + 1)
                            for kind in "Wb"))

    def array(self, name: str) -> tuple[tuple[float, ...], ...]:
        """The named array as rows (a bias b_l as one row of n_l); CodedError(name,
        "unknown_field") for a name that is not one of array_names()."""
        if name not in self.array_names():
            raise CodedError(name[:40], "unknown_field")
        if name in ("X", "T"):
            return self.X if name == "X" else self.T
        layer = int(name[1]) - 1
        return self.weights[layer] if name[0] == "W" else (self.biases[layer],)

    def with_arrays(self, arrays: Mapping[str, Any]) -> NetSpec:
        """This spec with the named arrays replaced (names of array_names() and ``eta``; a
        bias as a vector), validated as a whole; self unchanged."""
        weights: list[Any] = list(self.weights)
        biases: list[Any] = list(self.biases)
        changes: dict[str, Any] = {}
        for name, value in arrays.items():
            if name in ("X", "T", "eta"):
                changes[name] = value
            elif name in self.array_names():
                (weights if name[0] == "W" else biases)[int(name[1]) - 1] = value
            else:
                raise CodedError(str(name)[:40], "unknown_field")
        return replace(self, weights=tuple(weights), biases=tuple(biases), **changes)

    def with_cells(self, name: str, cells: Mapping[tuple[int, int], Any]) -> NetSpec:
        """This spec with cells of one array changed: ``cells`` maps (row, col), both from 1,
        to what a table cell sent (see :func:`cell_number`); a bias is one row.

        A position outside the array is refused (``cell``, with rows and cols); each value
        as cell_number refuses it; the result is validated as any spec (a BCE target of 2:
        ``target_probability`` naming T, row and col). Self is unchanged.
        """
        rows = [list(r) for r in self.array(name)]
        for position, raw in cells.items():
            if (not isinstance(position, tuple) or len(position) != 2
                    or not all(isinstance(i, int) and not isinstance(i, bool) for i in position)
                    or not (1 <= position[0] <= len(rows) and 1 <= position[1] <= len(rows[0]))):
                raise CodedError(name, "cell", rows=len(rows), cols=len(rows[0]))
            r, c = position
            rows[r - 1][c - 1] = cell_number(name, raw, row=r, col=c)
        return self.with_arrays({name: rows[0] if name[0] == "b" else rows})

    # --- a new shape -----------------------------------------------------------------------------
    def reshaped(self, sizes: Sequence[int], activations: Sequence[str], loss: str,
                 samples: int, seed: int) -> NetSpec:
        """This network with another shape, activations, loss or batch; η and train_biases kept.

        Every number whose place still exists is kept (W_l and b_l of a layer l both have,
        the top-left block where a size changed; X's first samples and inputs; T's likewise
        when they are targets the new loss takes); every other number is drawn as
        ``NetSpec.random(sizes, activations, loss, seed, samples)`` draws it. Refusals as
        ``random`` and the constructor give them (e.g. the builder's ``pairing``).
        """
        fresh = NetSpec.random(sizes, activations, loss, seed, samples, self.eta,
                               self.train_biases)

        def overlay(new: Sequence[Sequence[float]],
                    old: Sequence[Sequence[float]]) -> tuple[tuple[float, ...], ...]:
            return tuple(tuple(old[r][c] if r < len(old) and c < len(old[r]) else x
                               for c, x in enumerate(row)) for r, row in enumerate(new))

        weights = [overlay(W, self.weights[i]) if i < self.layers else W
                   for i, W in enumerate(fresh.weights)]
        biases = [overlay([b], [self.biases[i]])[0] if i < self.layers else b
                  for i, b in enumerate(fresh.biases)]
        spec = replace(fresh, X=overlay(fresh.X, self.X), weights=tuple(weights),
                       biases=tuple(biases))
        try:  # the old targets, where the new loss takes them
            return replace(spec, T=overlay(fresh.T, self.T))
        except CodedError:
            return spec

    # --- NumPy text ------------------------------------------------------------------------------
    def to_numpy(self) -> str:
        """Every array as NumPy text that ``with_pasted`` (and Python) reads back exactly.

        A comment line names sizes, activations and loss; then W1, b1, …, X, T and eta, one
        assignment each, matrices a row a line, numbers in their shortest exact form (repr).
        """
        def number(x: float) -> str:
            return repr(float(x))

        def vector(v: Sequence[float]) -> str:
            return "[" + ", ".join(number(x) for x in v) + "]"

        def matrix(name: str, m: Sequence[Sequence[float]]) -> str:
            pad = ",\n" + " " * (len(name) + 4)
            return f"{name} = [" + pad.join(vector(r) for r in m) + "]"

        acts = ", ".join(f'"{a}"' for a in self.activations)
        lines = [f"# sizes = {self.sizes}; activations = ({acts}); loss = \"{self.loss}\""]
        for layer in range(self.layers):
            lines.append(matrix(f"W{layer + 1}", self.weights[layer]))
            lines.append(f"b{layer + 1} = {vector(self.biases[layer])}")
        lines += [matrix("X", self.X), matrix("T", self.T), f"eta = {number(self.eta)}"]
        return "\n".join(lines) + "\n"


def cell_number(field: str, raw: Any, *, row: int, col: int) -> float:
    """The number a table cell sent (a browser's data editor), or CodedError naming the field,
    row and col: a number within ±MAX_MAGNITUDE (``not_finite`` for nan, inf and 1e400,
    ``too_large``), text read as a typed field reads it (bpcore.errors.parse_number: its length
    checked first, ``too_long``; ``not_a_number``, ``empty``), nothing (``empty``); anything
    else (true, a list, an object) ``not_a_number``."""
    if raw is None:
        raise CodedError(field, "empty", row=row, col=col)
    if isinstance(raw, str):
        try:
            return parse_number(field, raw, -MAX_MAGNITUDE, MAX_MAGNITUDE)
        except CodedError as err:
            raise CodedError(field, err.code, **{**err.params, "row": row, "col": col}) \
                from None
    return _number(field, raw, row=row, col=col)


Nested = float | list[Any]
_WRAPS = ("np.array(", "numpy.array(", "array(")


def parse_numpy(text: str, limit: int = MAX_PASTE) -> dict[str, Nested]:
    """The assignments in pasted NumPy text: ``W1 = [[0.15, 0.25], [0.2, 0.3]]`` → a dict.

    Assignments ``name = value`` are separated by new lines or ``;``; a name is letters,
    digits and _ (at most 8 characters); a value is a number or a list of numbers nested at
    most two deep, its items separated by commas or spaces (as ``print(W)`` writes them),
    spread over lines if it likes, optionally wrapped in ``np.array(…)``, ``numpy.array(…)``
    or ``array(…)`` (as ``repr`` writes it); ``#`` starts a comment. The length is checked
    before anything reads the text; a hand-written scanner (no regex, no eval) reads it once.
    Refusals (field "paste" or the name): ``too_long``, ``syntax`` (with the text where it
    stopped), ``too_deep``, ``not_a_number``, ``not_finite`` (1e999), ``duplicate``,
    ``empty``, ``not_text``.
    """
    if not isinstance(text, str):
        raise CodedError("paste", "not_text")
    if len(text) > limit:
        raise CodedError("paste", "too_long", limit=limit, got=len(text))
    return _Scanner(text).assignments()


class _Scanner:
    """One pass over pasted text: assignments of numbers or lists nested at most two deep."""

    def __init__(self, text: str) -> None:
        self.text, self.pos, self.name = text, 0, "paste"

    def peek(self) -> str:
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def fail(self, code: str = "syntax") -> CodedError:
        return CodedError(self.name, code, at=self.text[self.pos:self.pos + 40] or "…")

    def space(self, lines: bool) -> None:
        """Skip blanks (and new lines and comments when ``lines``)."""
        while self.pos < len(self.text):
            ch = self.text[self.pos]
            if ch == "#" and lines:
                while self.pos < len(self.text) and self.text[self.pos] != "\n":
                    self.pos += 1
            elif ch in " \t\r" or (lines and ch == "\n"):
                self.pos += 1
            else:
                return

    def assignments(self) -> dict[str, Nested]:
        result: dict[str, Nested] = {}
        while True:
            self.space(lines=True)
            while self.peek() == ";":
                self.pos += 1
                self.space(lines=True)
            if not self.peek():
                break
            start = self.pos
            while self.peek().isascii() and (self.peek().isalnum() or self.peek() == "_"):
                self.pos += 1
            name = self.text[start:self.pos]
            if not name or len(name) > 8 or name[0].isdigit():
                self.pos = start
                raise self.fail()
            self.name = "paste"
            self.space(lines=False)
            if self.peek() != "=":
                raise self.fail()
            self.pos += 1
            if name in result:
                raise CodedError(name, "duplicate")
            self.name = name
            self.space(lines=False)
            wrapped = next((w for w in _WRAPS if self.text.startswith(w, self.pos)), "")
            self.pos += len(wrapped)
            result[name] = self.item(0)
            self.space(lines=bool(wrapped))
            if wrapped:
                if self.peek() != ")":
                    raise self.fail()
                self.pos += 1
                self.space(lines=False)
            if self.peek() == "#":
                self.space(lines=True)
            elif self.peek() not in ("", "\n", ";"):
                raise self.fail()
            self.name = "paste"
        if not result:
            raise CodedError("paste", "empty")
        return result

    def item(self, depth: int) -> Nested:
        """A number, or [ items ] (commas or blanks between them; new lines allowed)."""
        self.space(lines=depth > 0)
        if self.peek() != "[":
            return self.number()
        if depth >= 2:
            raise CodedError(self.name, "too_deep", limit=2)
        self.pos += 1
        items: list[Nested] = []
        while True:
            self.space(lines=True)
            if self.peek() == "]":
                self.pos += 1
                return items
            if items and self.peek() == ",":  # optional: print() writes blanks
                self.pos += 1
                self.space(lines=True)
                if self.peek() == "]":  # a trailing comma
                    self.pos += 1
                    return items
            if not self.peek():
                raise self.fail()
            items.append(self.item(depth + 1))

    def number(self) -> float:
        start = self.pos
        while self.pos < len(self.text) and self.text[self.pos] in "0123456789.eE+-_":
            self.pos += 1
        token = self.text[start:self.pos]
        if not token:
            raise self.fail("not_a_number")
        if len(token) > MAX_NUMBER_TEXT:
            raise CodedError(self.name, "not_a_number", value=token[:40])
        try:
            x = float(token)
        except ValueError:
            raise CodedError(self.name, "not_a_number", value=token[:40]) from None
        if not math.isfinite(x):
            raise CodedError(self.name, "not_finite", value=token[:40])
        return x


def elementwise_activations() -> tuple[str, ...]:
    """The activations a hidden layer may have (the registry's element-wise ones)."""
    return tuple(n for n, a in ACTIVATIONS.items() if a.elementwise)
