"""Opening a page of the app under AppTest, shared by the page tests."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "app.py")
# Pages whose url_path (in app.py) is their file's name: AppTest finds those before the first
# run (by file name), so they open in one run; the others need a first run that registers the
# navigation (on the overview) and a switch.
_PAGES = re.findall(r'st\.Page\(\s*"app_pages/(\w+)\.py".*?url_path="([^"]+)"',
                    Path(APP).read_text(encoding="utf-8"), re.S)
OPENED_DIRECTLY = frozenset(stem for stem, url_path in _PAGES if stem == url_path)


def open_page(page: str, lang: str = "en", timeout: float = 60,
              preset: Mapping[str, Any] | None = None) -> AppTest:
    """The app in ``lang`` (as ?lang= sets it) on app_pages/PAGE.py, run once.

    ``preset`` puts values into the session before the first run, e.g. a page default such
    as the training page's iteration count, so a test can ask for a smaller run than a
    learner gets (state.keep_widgets never overwrites a value already there).
    """
    at = AppTest.from_file(APP, default_timeout=timeout)
    at.query_params["lang"] = lang
    for key, value in (preset or {}).items():
        at.session_state[key] = value
    if page not in OPENED_DIRECTLY:
        at.run()
    return at.switch_page(f"app_pages/{page}.py").run()


def with_panels_open(at: AppTest, *keys: str) -> AppTest:
    """The page with the panels kept under ``keys`` open (tutor.ui.panel: their contents are
    drawn only while open), as a learner's click on each leaves it: run once more if one
    was closed."""
    closed = [k for k in keys if not (k in at.session_state and at.session_state[k])]
    for key in closed:
        at.session_state[key] = True
    return at.run() if closed else at


def shared_link(at: AppTest) -> str:
    """The sidebar's lesson link, as a learner reads it: "Share this lesson" opened."""
    from tutor.lesson.state import SHARE_OPEN

    (code,) = with_panels_open(at, SHARE_OPEN).sidebar.code
    return str(code.value)


def figures(at: AppTest) -> list[dict]:
    """Every Plotly figure on the page, as the dict the browser receives."""
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def field(at: AppTest, canonical_key: str):
    """The text box of the typed number field kept under ``canonical_key`` (tutor.ui.fields)."""
    from tutor.ui.state import field_text_key

    return at.text_input(key=field_text_key(canonical_key))


def svg_pictures(at: AppTest) -> list[tuple[str, str]]:
    """Every inline SVG picture on the page (tutor.ui.plot.svg_picture, drawn by st.markdown),
    in page order, as (the words a screen reader says for it, the SVG text the browser draws)."""
    import html

    found = (PICTURE.fullmatch(md.proto.body) for md in at.get("markdown"))
    return [(html.unescape(m.group(1)), m.group(2)) for m in found if m]


def step_formulas(at: AppTest) -> list[str]:
    """The step panel's formula as each of its breakings (tutor.ui.formula.fitted: the
    browser shows the one the panel's width holds), widest first, without the $$ around it."""
    from tutor.ui.formula import FIT_KEY

    return [x.value.removeprefix("$$\n").removesuffix("\n$$").strip()
            for x in at.container(FIT_KEY).latex]


def prose(at: AppTest) -> list[str]:
    """The page's Markdown texts in page order, its SVG pictures (svg_pictures) left out."""
    return [m.value for m in at.markdown if not PICTURE.fullmatch(m.value)]


# tutor.ui.plot.svg_picture's markup: its words (escaped) and its SVG
PICTURE = re.compile(r'<div class="bp-picture" role="img" aria-label="([^"]*)">'
                     r"(<svg .*</svg>)</div>", re.S)
