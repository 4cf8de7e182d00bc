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


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_graph_and_the_reverse_network_say_the_new_steps_numbers_after_next(
        lang: str) -> None:
    from bpcore.graph import evaluate
    from bpcore.graph_examples import EXAMPLES
    from tutor.figures.graph import REVERSE_ORDER, label
    from tutor.pages import graph as graph_state

    at = open_page("graph", lang)
    example = at.session_state[graph_state.GRAPH_EXAMPLE]
    steps = evaluate(EXAMPLES[example]()).steps
    graph = EXAMPLES[example]()
    at.button(key=f"{graph_state.graph_step_key(example)}.next").click().run()
    step = steps[1]
    words = " ".join(_said(at))
    assert t("words.graph", lang, output=label(graph, graph.output, lang)) in words
    assert t("words.graph_forward", lang, index=2, count=len(steps),
             phase=t(f"phase.{step.phase}", lang), name=label(graph, step.node, lang),
             value=fmt(step.value, 4)) in words
    at.button(key=f"{graph_state.GRAPH_REVERSE_STEP}.next").click().run()
    n = REVERSE_ORDER[1]
    words = " ".join(_said(at))
    assert t("words.reverse_step", lang, index=2, count=len(REVERSE_ORDER), neuron=n,
             dE=fmt(TRACE[f"dE_dout_{n}"], 4), gain=fmt(TRACE[f"dout_{n}_dnet_{n}"], 4),
             delta=fmt(TRACE[f"delta_{n}"], 4)) in words


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_error_history_can_be_read_as_a_table_in_a_closed_expander(lang: str) -> None:
    at = open_page("update", lang)
    assert not [e for e in at.expander if e.label == t("chart.show_table", lang)]
    at.button(key="update.apply").click().run()
    [shown] = [e for e in at.expander if e.label == t("chart.show_table", lang)]
    assert shown.proto.expanded is False
    [table] = shown.markdown
    lines = table.value.splitlines()
    assert lines[0] == f"| {t('chart.iteration', lang)} | E_total |"
    assert lines[2] == f"| 0 | {fmt(TRACE['E_total'], 4)} |" and lines[3].startswith("| 1 | ")
    assert len(lines) == 4
