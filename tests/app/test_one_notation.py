"""One notation on every screen (issue 26): the explanation, the values table, the diagram, the
prompts and the code view write a name one way on a page — the worked example's plain names
(w5, i1, b1, net_h1, δ_o1, ∂E/∂w5, w5⁺, E_total), a preset's general notation (w²₁₁, δ²₁) —
never subscript digits beside underscored names (w₆ beside δ_o1). Formulas are typeset and
left out: they write the same names with real subscripts."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.apptest import APP, PICTURE, figures, open_page, svg_pictures
from tutor.figures.svg import texts_in
from tutor.figures.words import words_of
from tutor.i18n import LANGUAGES
from tutor.pages import graph as graph_state
from tutor.stepping import state as stepping_state

# A name's index written with Unicode sub- or superscripts: w₅, i₁, outₕ₁, w²₁₁, δ¹₂, x₁.
SUBSCRIPTED = re.compile(r"[A-Za-zδ][⁰¹²³⁴⁵⁶⁷⁸⁹⁽⁾]*[₀-₉ₐ-ₜ]")
# The same in plain text: w5, i1, b2 (a parameter or input and its number), net_h1, δ_o1,
# ∂E/∂out_o1, E_total, b_h1 (an underscore before the neuron).
PLAIN = re.compile(r"(?<![\w\\.])(?:[wib]\d\b|(?:net|out|target|δ|E|b)_(?:[ho]\d|total)\b)")
LATEX = re.compile(r"\$[^$]*\$")
MIDDLE = {"forward": 6, "backward": 9, "update": 4}  # a step a page is shown at


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list | tuple):
        for v in value:
            yield from _strings(v)


def visible_text(at: AppTest) -> list[str]:
    """What the main area shows as text, formulas ($…$, st.latex) left out: prose, captions,
    call-outs, the tables' names, the diagrams' labels and words, the widgets' labels."""
    main = at.main
    texts = [m.value for kind in ("markdown", "caption", "info", "warning", "success", "error",
                                  "subheader", "header", "title")
             for m in getattr(main, kind) if not PICTURE.fullmatch(str(m.value))]
    for words, svg in svg_pictures(at):  # the diagrams drawn as SVG: their labels and words
        texts += [*texts_in(svg), words]
    for table in at.get("table"):
        frame = table.value
        texts += [str(c) for c in frame.columns]
        texts += [str(v) for row in frame.itertuples(index=False) for v in row]
    for fig in figures(at):
        texts += [a.get("text", "") for a in fig["layout"].get("annotations", [])]
        texts += [s for trace in fig["data"] for s in _strings(trace.get("text"))]
        texts.append(words_of(fig) or "")
    for kind in ("button", "text_input", "number_input", "selectbox", "toggle", "slider",
                 "radio", "checkbox", "expander"):
        texts += [getattr(w, "label", "") or "" for w in getattr(main, kind)]
    return [LATEX.sub(" ", text) for text in texts]


def notations(texts: list[str]) -> dict[str, set[str]]:
    """Each notation the texts write a name in, with the names written in it."""
    found: dict[str, set[str]] = {}
    for text in texts:
        if "↔" in text:  # the worked pages' folded table of names says "w5 ↔ w²₁₁": a map
            continue     # from one notation to the other, the one place both belong
        for kind, pattern in (("subscripts", SUBSCRIPTED), ("plain", PLAIN)):
            found.setdefault(kind, set()).update(pattern.findall(text))
    return {k: v for k, v in found.items() if v}


def stepped(page: str, lang: str, net: str | None = None) -> AppTest:
    """PAGE (forward, backward, update) in LANG at its middle step, for the worked example or
    the preset NET."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = lang
    if net is not None:
        at.query_params["net"] = net
    at.switch_page(f"app_pages/{page}.py").run()
    key = {"forward": stepping_state.STEP_FORWARD, "backward": stepping_state.STEP_BACKWARD,
           "update": stepping_state.STEP_UPDATE}[page]
    at.slider(key=stepping_state.slider_key(key)).set_value(MIDDLE[page]).run()
    assert not at.exception
    return at


def test_the_audit_sees_a_mixed_screen():
    """The check itself: w₆ beside δ_o1 (the issue's screen) is two notations."""
    assert set(notations(["∂net_o2/∂w₇ is the input on that edge, so δ_o2 …"])) == {
        "subscripts", "plain"}
    assert set(notations(["∂net_o2/∂w7 is the input on that edge, so δ_o2 …"])) == {"plain"}
    assert set(notations(["∂E/∂w²₁₃ = δ²₁ · out¹₃"])) == {"subscripts"}


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("page", ["forward", "backward", "update"])
def test_a_worked_page_writes_every_name_in_the_tutorials_plain_notation(page, lang):
    found = notations(visible_text(stepped(page, lang)))
    assert set(found) == {"plain"}, found
    assert {"w5", "i1"} <= found["plain"] or page == "forward", found  # the diagram's labels


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(("page", "net"), [("backward", "softmax"), ("update", "batch")])
def test_a_preset_page_writes_every_name_in_the_general_notation(page, net, lang):
    found = notations(visible_text(stepped(page, lang, net)))
    assert set(found) == {"subscripts"}, found


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_graph_pages_o1_neuron_and_reverse_network_write_the_worked_names_plainly(lang):
    """The graph page's o1 neuron and its reverse network: out_h1, w5, δ_o1 as the worked
    pages write them, no subscript letter (outₕ₁, δₒ₁: glyphs the app's font lacks)."""
    at = open_page("graph", lang)
    at.selectbox(key=graph_state.GRAPH_EXAMPLE).set_value("neuron_o1").run()
    at.slider(key=stepping_state.slider_key(graph_state.graph_step_key("neuron_o1"))
              ).set_value(3).run()
    found = notations(visible_text(at))
    assert set(found) == {"plain"}, found
    assert {"w5", "out_h1", "δ_o1"} <= found["plain"], found


@pytest.mark.parametrize("lang", LANGUAGES)
def test_practice_feedback_and_the_predict_prompt_write_the_worked_names_plainly(lang):
    """A wrong answer's feedback at ∂E/∂w7 (backward step 9) and the predict prompt there:
    the same plain names as the page around them."""
    from tutor.modes import state as modes_state

    at = stepped("backward", lang)
    at.sidebar.toggle(key=modes_state.PRACTICE).set_value(True).run()
    index = MIDDLE["backward"] - 1
    at.text_input(key=modes_state.practice_answer_key("backward", index)).input("0.5").run()
    at.button(key=f"practice.check.backward.{index}").click().run()
    assert not at.exception
    found = notations(visible_text(at))
    assert set(found) == {"plain"}, found
    at.sidebar.toggle(key=modes_state.PRACTICE).set_value(False).run()
    at.sidebar.toggle(key=modes_state.PREDICT).set_value(True).run()
    assert not at.exception
    found = notations(visible_text(at))
    assert set(found) == {"plain"}, found
