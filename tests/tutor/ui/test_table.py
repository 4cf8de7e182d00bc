"""Static tables handed to st.table as Arrow (tutor.ui.table)."""

from __future__ import annotations

from bpcore import Scenario, trace_step
from tutor.ui.formula import updates_rows, values_rows
from tutor.ui.table import arrow_rows


def test_rows_keep_their_columns_order_and_text():
    trace = trace_step(Scenario.worked_example())
    for rows in (values_rows(trace.phase_steps("forward", "error"), 10, 4, "zh"),
                 updates_rows(trace, 4, "en")):
        table = arrow_rows(rows)
        assert table.column_names == list(rows[0])
        assert table.to_pylist() == rows  # every cell the same text, no index column


def test_no_rows_is_an_empty_table():
    assert arrow_rows([]).num_rows == 0
