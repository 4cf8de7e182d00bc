"""The editor of a learner's own small network: shape, activations, loss, samples, η and
every weight, bias, input and target, for the general stepper (bpcore.netspec.NetSpec).

``own_network_editor(spec, lang)`` draws it in an expander and returns a new valid NetSpec
when the learner applied a change (the page stores it and steps it), else None. Everything a
browser sends is judged by bpcore before it counts: a typed η as any typed field
(tutor.ui.fields), a table cell by ``NetSpec.with_cells`` (text, nan, inf, 1e400, a huge
string, an added or deleted row, a cell that does not exist: a coded refusal), a shape by the
constructor and the builder's pairing rule (bpcore.builder.Architecture.check, the one home of
that rule), pasted text by ``NetSpec.with_pasted`` (length first, no eval). A refusal changes
nothing: the network in use stays, and the reason is said beside what was refused.

Matrices are shown in the engine's row convention (bpcore.netspec, the generated code's
x @ W + b): W^l has a row per neuron k of layer l−1 and a column per neuron j of layer l, so
the cell in row k, column j is w^l_jk; the pasted text uses the same layout.

Tables are ``st.data_editor``s whose edits are read from their widget state at the start of
the next run (before anything is drawn), not in an on_change callback, so that AppTest, which
sets that state directly, exercises the same path as a browser. Each table's key carries a
version that moves on whenever the network shown changes or an edit is refused, so a table
always starts from the numbers in use.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

import streamlit as st

from bpcore.activations import ACTIVATIONS
from bpcore.errors import CodedError
from bpcore.limits import MAX_MAGNITUDE, PASTE_FIELD_CHARS, SEED
from bpcore.netspec import (
    HIDDEN_LAYERS,
    INPUTS,
    OUTPUTS,
    SAMPLES,
    STEP_LOSSES,
    WIDTH,
    NetSpec,
    elementwise_activations,
)
from tutor import session as app_session
from tutor.i18n import t
from tutor.stepping import neteditor_state as ns
from tutor.ui.choices import choice_widget
from tutor.ui.fields import kept_number, number_field
from tutor.ui.reasons import reason

# The pasted text's own refusals (bpcore.netspec.parse_numpy) are said as the paste box's,
# naming the array where the reader stopped; the rest (shapes, numbers) name the array.
_PASTE_CODES = ("syntax", "too_deep", "duplicate", "empty", "not_text", "too_long")
_SHAPE_FIELDS = {"inputs": "neteditor.inputs", "hidden_layers": "neteditor.hidden_layers",
                 "width": "neteditor.width_any", "outputs": "neteditor.outputs",
                 "samples": "neteditor.samples", "seed": "neteditor.seed"}
_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_ROW = "row"  # a table's column of row labels (k = 1, sample 1, bias): not a number


def own_network_editor(spec: NetSpec, lang: str, *, expanded: bool = False) -> NetSpec | None:
    """Draw the editor of ``spec`` in an expander; the new spec when the learner applied a
    change in this run, else None.

    Changes: "Apply shape" (sizes, activations, loss, samples; numbers kept where their place
    still exists, new ones drawn from the seed), "Random with seed" (every number drawn from
    the seed: weights N(0, 1)/√n_{l−1}, biases U(−0.5, 0.5), 2 decimals), η, training the
    biases, a table cell, or pasted NumPy text. The page keeps the spec it is given; the
    editor keeps only what it drew (tutor.stepping.neteditor_state).
    """
    session = st.session_state
    refusals: dict[str, CodedError] = session.setdefault(ns.OWN_REFUSALS, {})
    shown: NetSpec | None = session.get(ns.OWN_SHOWN)
    changed: NetSpec | None = session.pop(ns.OWN_PENDING, None)
    if changed is None and shown is not None:
        changed = _table_edits(shown, refusals)
    current = changed or spec
    if current != shown:
        _show(current, refusals)
    with st.expander(t("neteditor.title", lang), expanded=expanded):
        st.caption(t("neteditor.notation", lang, w="$w^{l}_{jk}$", b="$b^{l}_{j}$"))
        _shape_controls(current, lang)
        _tables(current, lang)
        _paste_box(lang)
    return changed


# --- what the editor shows -----------------------------------------------------------------------
def _show(spec: NetSpec, refusals: dict[str, CodedError]) -> None:
    """Draw ``spec`` from now on: fresh tables, the draft controls and the paste box set to it,
    earlier refusals dropped (they were about other numbers)."""
    session = st.session_state
    session[ns.OWN_SHOWN] = spec
    session[ns.OWN_VERSION] = session.get(ns.OWN_VERSION, 0) + 1
    refusals.clear()
    hidden = spec.sizes[1:-1]
    session[ns.OWN_INPUTS], session[ns.OWN_OUTPUTS] = spec.sizes[0], spec.sizes[-1]
    session[ns.OWN_HIDDEN] = len(hidden)
    for layer, width in enumerate(hidden, start=1):
        session[ns.width_key(layer)] = width
        session[ns.activation_key(layer)] = spec.activations[layer - 1]
    session[ns.OWN_OUTPUT_ACTIVATION] = spec.activations[-1]
    session[ns.OWN_LOSS] = spec.loss
    session[ns.OWN_SAMPLES] = spec.samples
    session[ns.OWN_TRAIN_BIASES] = spec.train_biases
    session[ns.OWN_PASTE] = spec.to_numpy()


def _refusal(section: str, label: Callable[[CodedError], str], lang: str) -> None:
    """The section's refusal, if any, said in full width under it; ``label(err)`` names the
    refused field as the reader sees it."""
    err = st.session_state[ns.OWN_REFUSALS].get(section)
    if err is not None:
        # a reason written as whole sentences (the builder's pairing) brings its own full
        # stop, and editor.rejected puts one after {reason}
        said = reason(err, lang, field=label(err)).rstrip(".。")
        st.error(t("editor.rejected", lang, reason=said), icon="⚠️")


def _propose(section: str, make: Callable[[], NetSpec]) -> None:
    """A button's change: the spec ``make`` builds becomes the page's, or its refusal is kept
    under ``section`` (the spec in use unchanged)."""
    session = st.session_state
    try:
        spec = make()
    except CodedError as err:
        session[ns.OWN_REFUSALS][section] = err
        return
    session[ns.OWN_PENDING] = spec


def _shown() -> NetSpec:
    shown: NetSpec = st.session_state[ns.OWN_SHOWN]
    return shown


# --- shape, activations, loss, samples, η, seed --------------------------------------------------
def _choices(bounds: Any) -> list[int]:
    return list(range(bounds.lo, bounds.hi + 1))


def _draft() -> tuple[tuple[Any, ...], tuple[Any, ...], Any, Any]:
    """The shape the controls show: sizes, activations, loss, samples (bpcore judges them)."""
    session = st.session_state
    hidden = session.get(ns.OWN_HIDDEN)
    layers = range(1, hidden + 1) if isinstance(hidden, int) and HIDDEN_LAYERS.contains(
        hidden) else range(0)
    sizes = (session.get(ns.OWN_INPUTS), *(session.get(ns.width_key(k)) for k in layers),
             session.get(ns.OWN_OUTPUTS))
    acts = (*(session.get(ns.activation_key(k)) for k in layers),
            session.get(ns.OWN_OUTPUT_ACTIVATION))
    return sizes, acts, session.get(ns.OWN_LOSS), session.get(ns.OWN_SAMPLES)


def _on_apply_shape() -> None:
    sizes, acts, loss, samples = _draft()
    _propose("shape", lambda: _shown().reshaped(sizes, acts, loss, samples,
                                                st.session_state[ns.OWN_SEED]))


def _on_random() -> None:
    sizes, acts, loss, samples = _draft()
    shown = _shown()
    _propose("shape", lambda: NetSpec.random(sizes, acts, loss, st.session_state[ns.OWN_SEED],
                                             samples, shown.eta, shown.train_biases))


def _on_eta(eta: float) -> None:
    st.session_state[ns.OWN_PENDING] = _shown().with_arrays({"eta": eta})  # CodedError: refused


def _on_train_biases() -> None:
    value: Any = st.session_state.get(ns.OWN_TRAIN_BIASES)  # NetSpec refuses anything not a bool
    _propose("shape", lambda: replace(_shown(), train_biases=value))


def _activation_name(lang: str) -> Callable[[str], str]:
    return lambda name: t(f"activation.name.{name}", lang)


def _shape_controls(spec: NetSpec, lang: str) -> None:
    """Sizes, activations and loss (a draft, applied together), samples, seed; η; biases."""
    session = st.session_state
    st.markdown(f"**{t('neteditor.shape', lang)}**")
    top = st.columns(4)
    choice_widget(
        top[0].selectbox, t("neteditor.inputs", lang), _choices(INPUTS), key=ns.OWN_INPUTS)
    hidden = choice_widget(
        top[1].selectbox, t("neteditor.hidden_layers", lang), _choices(HIDDEN_LAYERS),
        key=ns.OWN_HIDDEN)
    choice_widget(
        top[2].selectbox, t("neteditor.outputs", lang), _choices(OUTPUTS), key=ns.OWN_OUTPUTS)
    choice_widget(
        top[3].selectbox, t("neteditor.samples", lang), _choices(SAMPLES), key=ns.OWN_SAMPLES)
    name = _activation_name(lang)
    count = hidden if isinstance(hidden, int) and HIDDEN_LAYERS.contains(hidden) else 1
    for layer in range(1, count + 1):
        # a layer just added starts as the last hidden layer shown (or 2 sigmoid units)
        session.setdefault(ns.width_key(layer), session.get(ns.width_key(layer - 1), 2))
        session.setdefault(ns.activation_key(layer),
                           session.get(ns.activation_key(layer - 1), "sigmoid"))
        left, right = st.columns(2)
        choice_widget(
            left.selectbox, t("neteditor.width", lang, layer=layer), _choices(WIDTH),
            key=ns.width_key(layer))
        choice_widget(
            right.selectbox, t("neteditor.activation", lang, layer=layer),
            list(elementwise_activations()), format_func=name, key=ns.activation_key(layer))
    left, right = st.columns(2)
    choice_widget(
        left.selectbox, t("neteditor.output_activation", lang, layer=count + 1), list(ACTIVATIONS),
        format_func=name, key=ns.OWN_OUTPUT_ACTIVATION)
    choice_widget(
        right.selectbox, t("neteditor.loss", lang), list(STEP_LOSSES),
        format_func=lambda loss: t(f"builder.loss.{loss}", lang), key=ns.OWN_LOSS)
    session.setdefault(ns.OWN_SEED, ns.OWN_DEFAULT_SEED)
    seed, apply, draw = st.columns([2, 3, 3], vertical_alignment="bottom")
    kept_number(t("neteditor.seed", lang), ns.OWN_SEED, *SEED.bounds, lang=lang, integer=True,
                where=seed)
    apply.button(t("neteditor.apply_shape", lang), on_click=_on_apply_shape, width="stretch")
    draw.button(t("neteditor.random", lang), on_click=_on_random, width="stretch")
    st.caption(t("neteditor.shape_help", lang))
    _refusal("shape", lambda err: t(_SHAPE_FIELDS.get(err.field, "neteditor.shape"), lang),
             lang)
    eta, biases = st.columns(2, vertical_alignment="bottom")
    number_field(t("field.eta", lang), ns.OWN_ETA_FIELD, spec.eta, -math.inf, math.inf, _on_eta,
                 lang=lang, name="eta", where=eta)
    biases.toggle(t("editor.train_biases", lang), key=ns.OWN_TRAIN_BIASES,
                  on_change=_on_train_biases)


# --- the tables ----------------------------------------------------------------------------------
def _sup(n: int) -> str:
    return str(n).translate(_SUPERSCRIPT)


def _array_label(name: str) -> str:
    """How a table is named beside it and in its refusals: X, T, W¹, b²."""
    return name if name in ("X", "T") else f"{name[0]}{_sup(int(name[1:]))}"


def _labels(spec: NetSpec, name: str, lang: str) -> tuple[list[str], list[str]]:
    """Row and column labels of array ``name`` in the general notation."""
    rows, cols = len(spec.array(name)), len(spec.array(name)[0])
    if name in ("X", "T"):
        letter = "x" if name == "X" else "t"
        return ([t("neteditor.sample", lang, s=s) for s in range(1, rows + 1)],
                [f"{letter}{c}" for c in range(1, cols + 1)])
    columns = [t("neteditor.col_j", lang, j=j) for j in range(1, cols + 1)]
    if name[0] == "b":
        return [t("neteditor.bias_row", lang)], columns
    return [t("neteditor.row_k", lang, k=k) for k in range(1, rows + 1)], columns


def _caption(spec: NetSpec, name: str, lang: str) -> str:
    if name == "X":
        return t("neteditor.inputs_table", lang)
    if name == "T":
        return t("neteditor.targets_table", lang)
    layer = int(name[1:])
    if name[0] == "b":
        return t("neteditor.biases_table", lang, b=f"$b^{{{layer}}}$",
                 bj=f"$b^{{{layer}}}_{{j}}$", layer=layer)
    return t("neteditor.weights_table", lang, W=f"$W^{{{layer}}}$", w=f"$w^{{{layer}}}_{{jk}}$",
             layer=layer, prev=layer - 1)


def _table(spec: NetSpec, name: str, lang: str) -> None:
    """One array as a small data editor (fixed rows), its refusal under it."""
    rows, columns = _labels(spec, name, lang)
    keys = [f"c{c}" for c in range(1, len(columns) + 1)]
    array = spec.array(name)
    # columns by name (a dict, no pandas): the row labels first, read-only
    data: dict[str, list[Any]] = {_ROW: rows}
    data |= {key: [r[c] for r in array] for c, key in enumerate(keys)}
    decimals = st.session_state.get(app_session.PRECISION, app_session.DEFAULT_PRECISION)
    config: dict[str, Any] = {_ROW: st.column_config.TextColumn("", disabled=True)}
    config |= {key: st.column_config.NumberColumn(
        label, format=f"%.{decimals}f", min_value=-MAX_MAGNITUDE, max_value=MAX_MAGNITUDE,
        required=True) for key, label in zip(keys, columns, strict=True)}
    st.caption(_caption(spec, name, lang))
    st.data_editor(data, key=ns.table_key(name, st.session_state[ns.OWN_VERSION]),
                   column_config=config, num_rows="fixed", hide_index=True,
                   disabled=[_ROW], width="stretch")
    _refusal(name, lambda err: _cell_label(name, err.params, lang), lang)


def _cell_label(name: str, params: Mapping[str, Any], lang: str) -> str:
    """The refused array, and where in it when the refusal says: "W¹, row 2, column 1"."""
    label = _array_label(name)
    if "row" in params and "col" in params:
        return t("neteditor.cell", lang, array=label, row=params["row"], col=params["col"])
    if "row" in params:
        return t("neteditor.row", lang, array=label, row=params["row"])
    return label


def _tables(spec: NetSpec, lang: str) -> None:
    """X and T side by side, then each layer's W^l beside its b^l."""
    st.markdown(f"**{t('neteditor.numbers', lang)}**")
    for pair in (("X", "T"), *((f"W{n}", f"b{n}") for n in range(1, spec.layers + 1))):
        for column, name in zip(st.columns(2), pair, strict=True):
            with column:
                _table(spec, name, lang)


def _table_edits(shown: NetSpec, refusals: dict[str, CodedError]) -> NetSpec | None:
    """The spec the tables' pending edits make of ``shown``, or None (no edit, or refused:
    the refusal kept under the array's name and the tables drawn afresh)."""
    session = st.session_state
    version = session.get(ns.OWN_VERSION, 0)
    spec = shown
    for name in shown.array_names():
        try:
            state = session.get(ns.table_key(name, version))
            cells = _edited_cells(name, state, shown)
            if cells:
                spec = spec.with_cells(name, cells)
        except CodedError as err:
            refusals[name] = err
            session[ns.OWN_VERSION] = version + 1
            return None
        except (ValueError, TypeError, AttributeError, KeyError):  # state no client sends
            refusals[name] = CodedError(name, "cell", rows=len(shown.array(name)),
                                        cols=len(shown.array(name)[0]))
            session[ns.OWN_VERSION] = version + 1
            return None
    return None if spec == shown else spec


def _edited_cells(name: str, state: Any, spec: NetSpec) -> dict[tuple[int, int], Any]:
    """A data editor's state ({edited_rows: {row: {column: value}}, added_rows, deleted_rows})
    as cells (row, col) from 1 → the value sent; rows added or deleted, or a column that is
    not a number of the array, refused (``rows_fixed``, ``cell``)."""
    if state is None:
        return {}
    rows, cols = len(spec.array(name)), len(spec.array(name)[0])
    if state.get("added_rows") or state.get("deleted_rows"):
        raise CodedError(name, "rows_fixed", rows=rows)
    cells: dict[tuple[int, int], Any] = {}
    for row, changes in dict(state.get("edited_rows") or {}).items():
        for column, value in dict(changes).items():
            col = (int(column[1:]) if isinstance(column, str) and column[:1] == "c"
                   and column[1:].isdigit() and len(column) < 4 else 0)
            if not isinstance(row, int) or not 0 <= row < rows or not 1 <= col <= cols:
                raise CodedError(name, "cell", rows=rows, cols=cols)
            cells[(row + 1, col)] = value
    return cells


# --- paste from NumPy ----------------------------------------------------------------------------
def _on_paste() -> None:
    text = st.session_state.get(ns.OWN_PASTE)

    def make() -> NetSpec:
        try:
            return _shown().with_pasted(text)  # type: ignore[arg-type]  # not text: refused
        except CodedError as err:
            if err.code in _PASTE_CODES:  # said as the box's, naming where it stopped
                raise CodedError("paste", err.code, array=err.field, **err.params) from None
            raise

    _propose("paste", make)


def _paste_box(lang: str) -> None:
    """The network as NumPy text (copy it, edit it, apply it), read by NetSpec.with_pasted."""
    st.markdown(f"**{t('neteditor.paste', lang)}**")
    st.text_area(t("neteditor.paste_label", lang), key=ns.OWN_PASTE, max_chars=PASTE_FIELD_CHARS,
                 height=240, help=t("neteditor.paste_help", lang))
    st.button(t("neteditor.apply_paste", lang), on_click=_on_paste)
    _refusal("paste", lambda err: _pasted_label(err, lang), lang)


def _pasted_label(err: CodedError, lang: str) -> str:
    """The refused part of a paste: the box, an array of the network (and where in it), η,
    or a name the network has not."""
    if err.field == "paste":
        return t("neteditor.paste_label", lang)
    if err.field == "eta":
        return t("field.eta", lang)
    if err.field in _shown().array_names():
        return _cell_label(err.field, err.params, lang)
    return err.field
