"""A small static table (st.table) handed to Streamlit as Arrow, the form it sends.

st.table given a list of row dicts builds a pandas DataFrame twice (once to see whether the
index is the default one, once to serialise it): about 6 ms for the 11-row values table on
this machine, on every rerun of a stepping page — for 200 students following a teacher, on
every move. Built here as an Arrow table with the index hidden (what st.table does with row
dicts, whose index is always 0, 1, 2…), the same table costs about 0.3 ms.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pyarrow as pa
import streamlit as st


def arrow_rows(rows: Sequence[Mapping[str, str]]) -> pa.Table:
    """Rows of text as an Arrow table: every column any row has, in the order they first
    appear, and null where a row lacks one (as pandas reads a list of dicts: a run's "after
    n updates" column is its own when the runs stopped at different counts)."""
    columns = list(dict.fromkeys(c for row in rows for c in row))
    return pa.table({c: pa.array([row.get(c) for row in rows], type=pa.string())
                     for c in columns})


def static_table(rows: Sequence[Mapping[str, str]]) -> None:
    """st.table(rows) as it shows row dicts (no index column), without pandas in between."""
    show_arrow(arrow_rows(rows))


def show_arrow(table: pa.Table) -> None:
    """An Arrow table of text as st.table shows row dicts (no index column); a shared one
    (tutor.stepping.drawn) is sent as it is: Arrow tables cannot be changed."""
    st.table(table, hide_index=True)
