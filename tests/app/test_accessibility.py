"""Every figure has words and each step is announced (AppTest: what the browser is sent)."""

from __future__ import annotations

import html
import json
import math
import re
from collections.abc import Iterator
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from bpcore import Scenario, fmt, trace_step
from tests.app.apptest import PICTURE, figures, open_page, svg_pictures
from tutor.figures.svg import texts_in
from tutor.figures.words import describe
from tutor.i18n import LANGUAGES, t
from tutor.ui.a11y import SR_CLASS, html_lang

TRACE = trace_step(Scenario.worked_example())
_DECIMAL = re.compile(r"\d+\.\d+")


def _said(at) -> list[str]:
    """The texts drawn for a screen reader only, in page order."""
    return [h.proto.body for h in at.get("html") if SR_CLASS in h.proto.body]


def _in_order(node: Any) -> Iterator[Any]:
    """Every element of the page, in the order the browser draws them."""
    children = getattr(node, "children", None)
    if isinstance(children, dict):
        for k in sorted(children):
            yield from _in_order(children[k])
    else:
        yield node


def charts_and_their_words(at: AppTest) -> list[tuple[dict[str, Any], str | None]]:
    """Each Plotly chart on the page (its figure dict) with the words drawn for a screen
    reader just before it (None: none), each SVG picture ({"svg": its SVG}) with its name."""
    out: list[tuple[dict[str, Any], str | None]] = []
    words: str | None = None
    for node in _in_order(at._tree):
        kind = getattr(node, "type", "")
        if kind == "html" and SR_CLASS in node.proto.body and "role=" not in node.proto.body:
            words = html.unescape(re.sub(r"<[^>]*>", "", node.proto.body)).strip()
        elif kind == "plotly_chart":
            out.append((json.loads(node.proto.spec), words))
            words = None
        elif kind == "markdown" and (picture := PICTURE.fullmatch(node.proto.body)):
            # an SVG picture (tutor.ui.plot.svg_picture): its words are its name
            out.append(({"svg": picture.group(2)}, html.unescape(picture.group(1)) or None))
    return out


def _numbers(spec: Any) -> set[str]:
    """Every number of a figure dict as its words may write it: a value at 4 or 3 decimals
    (bpcore's fmt), a whole number as itself, and every decimal written in its texts."""
    found: set[str] = set()
    if isinstance(spec, dict):
        for value in spec.values():
            found |= _numbers(value)
    elif isinstance(spec, list):
        for value in spec:
            found |= _numbers(value)
    elif isinstance(spec, str):
        found |= set(_DECIMAL.findall(spec))
    elif isinstance(spec, (int, float)) and not isinstance(spec, bool) and math.isfinite(spec):
        found |= {fmt(spec, 4).lstrip("-−"), fmt(spec, 3).lstrip("-−")}
        if float(spec).is_integer():
            found.add(str(abs(int(spec))))
    return found


def assert_every_figure_says_its_numbers(at: AppTest, lang: str, decimals: int = 4) -> None:
    """Every chart has words just before it: the words made from the very figure sent
    (tutor.figures.words.describe, or its builder's own), and at least one of the numbers it
    draws in them; an SVG picture the same as its alt text."""
    for spec, words in charts_and_their_words(at):
        assert words, f"a chart without words: {spec.get('layout', {}).get('title')}"
        if "svg" in spec:  # a picture: its words say numbers the picture draws
            drawn = set(_DECIMAL.findall(" ".join(texts_in(spec["svg"]))))
            assert set(_DECIMAL.findall(words)) & drawn, f"words without its numbers: {words}"
        else:
            assert words == describe(spec, decimals, lang)
            written = set(_DECIMAL.findall(words)) | set(re.findall(r"\b\d+\b", words))
            assert written & _numbers(spec), f"the words say none of the chart's numbers: {words}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_forward_diagram_and_the_step_are_said_with_their_numbers(lang: str) -> None:
    at = open_page("forward", lang)
    at.button(key="step.forward.next").click().run()
    said = _said(at)
    assert len(said) >= len(figures(at)) + 1  # every chart, and the step's live region
    # the diagram: one picture (tutor.ui.plot.svg_picture), named by its words
    ((diagram, _),) = svg_pictures(at)
    assert diagram.startswith(t("words.network", lang)[:6])
    assert_every_figure_says_its_numbers(at, lang)
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


@pytest.mark.parametrize(("page", "net", "lang"), [("forward", "softmax", "zh"),
                                                   ("backward", "batch", "en"),
                                                   ("update", "xor", "zh")])
def test_a_preset_networks_diagram_and_next_say_the_new_steps_numbers(page: str, net: str,
                                                                       lang: str) -> None:
    from bpcore.presets import preset
    from bpcore.stepper_trace import trace_net
    from tests.app.test_net_pages import open_net
    from tutor.stepping.netview import PHASES, STEP_KEYS
    from tutor.ui.netnotation import qtext
    from tutor.ui.notation import spoken

    at = open_net(page, net, lang)
    at.button(key=f"{STEP_KEYS[page]}.next").click().run()
    trace = trace_net(preset(net))
    step = trace.phase_steps(*PHASES[page])[1]
    assert_every_figure_says_its_numbers(at, lang)
    diagram = next(w for _, w in charts_and_their_words(at)
                   if w and w.startswith(t("words.net", lang).split("{")[0]))
    assert t("words.network_step", lang, index=2, count=len(trace.phase_steps(*PHASES[page])),
             name=qtext(step.qname), value=fmt(step.value, 4)) in diagram
    [live] = [s for s in _said(at) if 'role="status"' in s]
    assert fmt(step.value, 4) in live and spoken(step.symbol).split()[0] in live


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_overview_and_presentation_modes_help_say_the_keys(lang: str) -> None:
    at = open_page("overview", lang)
    assert t("stepper.keys_help", lang) in [c.value for c in at.caption]
    assert "PageDown" in t("share.presentation_help", lang)
