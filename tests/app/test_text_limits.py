"""Every text field is bounded: max_chars from bpcore.limits on the widget (the browser stops
there), and the same bound checked by the reader on the server (a client can skip the browser)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from bpcore import limits
from bpcore.errors import MAX_NUMBER_CHARS, CodedError
from tests.app.apptest import open_page
from tutor.i18n import LANGUAGES, t
from tutor.stepping import state as stepping_state
from tutor.stepping.editor import widget_key
from tutor.ui.reasons import reason

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [ROOT / "app.py", *sorted((ROOT / "app_pages").glob("*.py")),
           *sorted(p for p in (ROOT / "tutor").rglob("*.py") if "live" not in p.parts)]
PASTE = "1" + " " * 200_000 + "1"


def text_widgets() -> list[tuple[str, ast.Call]]:
    found = []
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in ("text_input", "text_area", "chat_input")):
                found.append((f"{path.relative_to(ROOT)}:{node.lineno}", node))
    return found


def test_the_scan_finds_the_text_fields():
    assert len(text_widgets()) >= 7  # fields, rates, practice, predict ×2, fading, digits folder


@pytest.mark.parametrize(("where", "call"), text_widgets(), ids=[w for w, _ in text_widgets()])
def test_every_text_field_takes_max_chars_from_bpcore_limits(where, call):
    limit = {k.arg: k.value for k in call.keywords}.get("max_chars")
    assert limit is not None, f"{where}: no max_chars"
    assert isinstance(limit, ast.Name) and hasattr(limits, limit.id), (
        f"{where}: max_chars must name a constant of bpcore.limits, not {ast.unparse(limit)}")


def test_the_editors_fields_tell_the_browser_the_limit():
    at = open_page("forward")
    box = at.sidebar.text_input(key=widget_key("eta"))
    assert box.proto.max_chars == MAX_NUMBER_CHARS + 1 == limits.NUMBER_FIELD_CHARS


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_200000_character_paste_that_skips_the_browser_is_refused_and_eta_kept(lang):
    at = open_page("forward", lang)
    eta = at.session_state[stepping_state.SCENARIO].eta
    # set_value, not input: AppTest's input() drops text past max_chars as a browser would;
    # set_value sends the whole paste in the widget state, as a client skipping it can
    at.sidebar.text_input(key=widget_key("eta")).set_value(PASTE).run()
    assert not at.exception
    assert at.session_state[stepping_state.SCENARIO].eta == eta
    why = reason(CodedError("eta", "too_long", limit=MAX_NUMBER_CHARS), lang,
                 field=t("field.eta", lang))
    assert [e.value for e in at.sidebar.error] == [t("editor.rejected", lang, reason=why)]


def test_a_long_list_of_rates_is_refused_before_it_is_split():
    at = open_page("learning_rate")
    box = next(b for b in at.text_input if b.proto.max_chars == limits.LIST_FIELD_CHARS)
    box.set_value("0.1 " * 100_000).run()  # past the browser's max_chars, see above
    assert not at.exception
    assert [e.value for e in at.error] == [t("rates.rejected", "en", reason=t(
        "reason.rates.too_long", "en", limit=limits.LIST_CHARS))]
