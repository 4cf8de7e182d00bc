"""Opening a page of the app under AppTest, shared by the page tests."""

from __future__ import annotations

import json
from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def open_page(page: str, lang: str = "en", timeout: float = 60) -> AppTest:
    """The app in ``lang`` (as ?lang= sets it), switched to app_pages/PAGE.py and run."""
    at = AppTest.from_file(APP, default_timeout=timeout)
    at.query_params["lang"] = lang
    at.run()
    return at.switch_page(f"app_pages/{page}.py").run()


def figures(at: AppTest) -> list[dict]:
    """Every Plotly figure on the page, as the dict the browser receives."""
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def field(at: AppTest, canonical_key: str):
    """The text box of the typed number field kept under ``canonical_key`` (tutor.fields)."""
    from tutor.state import field_text_key

    return at.text_input(key=field_text_key(canonical_key))
