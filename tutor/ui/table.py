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
    """Rows of text (every row the same columns, in the first row's order) as an Arrow table."""
    columns = list(rows[0]) if rows else []
    return pa.table({c: pa.array([row[c] for row in rows], type=pa.string()) for c in columns})


def static_table(rows: Sequence[Mapping[str, str]]) -> None:
    """st.table(rows) as it shows row dicts (no index column), without pandas in between."""
    st.table(arrow_rows(rows), hide_index=True)
