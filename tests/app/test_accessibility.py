"""Every figure has words and each step is announced (AppTest: what the browser is sent)."""

from __future__ import annotations

import pytest

from bpcore import Scenario, fmt, trace_step
from tests.app.apptest import figures, open_page
from tutor.i18n import LANGUAGES, t
from tutor.ui.a11y import SR_CLASS, html_lang

TRACE = trace_step(Scenario.worked_example())


def _said(at) -> list[str]:
    """The texts drawn for a screen reader only, in page order."""
    return [h.proto.body for h in at.get("html") if SR_CLASS in h.proto.body]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_forward_diagram_and_the_step_are_said_with_their_numbers(lang: str) -> None:
    at = open_page("forward", lang)
    at.button(key="step.forward.next").click().run()
    said = _said(at)
    assert len(said) >= len(figures(at)) + 1  # every chart, and the step's live region
    diagram = next(s for s in said if t("words.network", lang)[:6] in s)
    for name in ("net_h1", "out_h1"):
        assert fmt(TRACE[name], 4) in diagram
    live = next(s for s in said if 'role="status"' in s)
    assert "out h1 = σ(net h1)" in live and fmt(TRACE["out_h1"], 4) in live


def test_every_chart_on_the_graph_page_has_words() -> None:
    at = open_page("graph", "en")
    assert len([s for s in _said(at) if 'role="status"' not in s]) >= len(figures(at)) > 0


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_page_says_its_language_to_the_browser(lang: str) -> None:
    at = open_page("backward", lang)
    marker = [h.proto.body for h in at.get("html") if "data-bp-lang" in h.proto.body]
    assert len(marker) == 1
    assert f'data-bp-lang="{html_lang(lang)}"' in marker[0]
