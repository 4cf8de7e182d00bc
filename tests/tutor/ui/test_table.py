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


def test_rows_with_different_columns_get_every_column_and_nulls_as_pandas_reads_them():
    import pandas as pd

    rows = [{"η": "0.1", "after 100": "0.5"}, {"η": "9", "after 7": "inf", "verdict": "x"}]
    table = arrow_rows(rows)
    expected = pd.DataFrame(rows)
    assert table.column_names == list(expected.columns)
    assert table.to_pandas().where(table.to_pandas().notna(), None).values.tolist() == \
        expected.where(expected.notna(), None).values.tolist()
