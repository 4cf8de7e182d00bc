"""A closed panel whose contents are drawn only while it is open.

Why: Streamlit sends a closed expander's contents and the browser lays them out anyway. A
code block in one loads and runs Streamlit's syntax highlighter (the language grammars are
evaluated when the first block on a page appears): measured on the forward page, whose only
code block was the sidebar's lesson link, a fresh page load took 2.85 CPU-s of Chromium
without the panel drawn lazily and 2.45 with it. A learner who never opens the panel pays
nothing; one who opens it waits for one rerun of the panel's fragment or page.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st


@contextmanager
def opened_panel(label: str, key: str, icon: str | None = None) -> Iterator[bool]:
    """An expander (closed at first) under the session key ``key`` (True while open; opening
    or closing it reruns); yields whether it is open, so the caller draws its contents only
    then: ``with opened_panel(...) as is_open: if is_open: ...``."""
    with st.expander(label, key=key, icon=icon, on_change="rerun") as box:
        yield bool(box.open)
