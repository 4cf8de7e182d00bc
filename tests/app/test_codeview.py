"""The code beside the step: on the forward, backward and update pages a switch (off at first)
puts, in the diagram's place beside the formula, the NumPy that computes the current step
with the current numbers and what it prints (the trace's values); the sidebar offers the
lesson as a notebook and a script; the builder and the graph page show their code too."""

from __future__ import annotations

import json
import math

import pytest
from streamlit.testing.v1 import AppTest

from bpcore import Scenario, trace_step
from bpcore.program import parse_prints
from tests.app.apptest import open_page, svg_pictures, with_panels_open
from tutor.i18n import LANGUAGES, t
from tutor.lesson.state import code_open_key
from tutor.modes import state as modes_state
from tutor.pages import graph as graph_state
from tutor.stepping import state as stepping_state
from tutor.stepping.editor import widget_key

PAGES = {"forward": (stepping_state.STEP_FORWARD, ("forward", "error")),
         "backward": (stepping_state.STEP_BACKWARD, ("backward",)),
         "update": (stepping_state.STEP_UPDATE, ("update",))}


def code_blocks(at: AppTest) -> list[str]:
    """The code view's blocks in the main area: [source, printed, source, …] (the share
    link's plain-text block left out)."""
    return [c.value for c in at.main.code if c.language in ("python", "text")]


def open_with_code(page: str, lang: str = "en") -> AppTest:
    at = open_page(page, lang)
    return at.toggle(key=stepping_state.SHOW_CODE).set_value(True).run()


def press_next(at: AppTest, key: str) -> AppTest:
    return at.button(key=f"{key}.next").click().run()


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("page", PAGES)
def test_the_code_view_shows_the_steps_code_and_its_printed_value(page: str,
                                                                    lang: str) -> None:
    at = open_with_code(page, lang)
    assert not at.exception
    assert at.toggle(key=stepping_state.SHOW_CODE).label == t("code.toggle", lang)
    assert not svg_pictures(at)  # the code took the diagram's place
    key, phases = PAGES[page]
    trace = trace_step(Scenario())
    steps = trace.phase_steps(*phases)
    for index in range(3):
        source, printed, *_ = code_blocks(at)
        name = steps[index].name
        values = parse_prints(printed)
        assert name in values, (page, index, printed)
        for printed_name, value in values.items():
            assert math.isclose(value, trace[printed_name], rel_tol=1e-12)
        assert "show(" in source and f'"{name}"' in source
        at = press_next(at, key)


def test_the_switch_is_off_at_first_and_stays_on_across_the_stepping_pages() -> None:
    at = open_page("forward")
    assert at.toggle(key=stepping_state.SHOW_CODE).value is False
    assert not code_blocks(at) and len(svg_pictures(at)) == 1
    at.toggle(key=stepping_state.SHOW_CODE).set_value(True).run()
    at.switch_page("app_pages/backward.py").run()
    assert at.toggle(key=stepping_state.SHOW_CODE).value is True
    assert "dE_dout_output = -(t - out_output)" in code_blocks(at)[0]
    at.toggle(key=stepping_state.SHOW_CODE).set_value(False).run()
    assert not code_blocks(at) and len(svg_pictures(at)) == 1


def test_the_forward_code_is_seed_000s_layer_with_the_live_shapes() -> None:
    at = open_with_code("forward")
    source, printed = code_blocks(at)
    assert "net_hidden = x @ W_hidden + b_hidden" in source
    assert "# x: (1, 2) = [[0.0500, 0.1000]]" in source
    net_h2 = trace_step(Scenario())["net_h2"]
    assert printed.splitlines() == ["net_h1 = 0.3775", f"net_h2 = {net_h2!r}"]


def test_an_edited_weight_moves_into_the_code_and_its_output() -> None:
    at = open_with_code("forward")
    at.text_input(key=widget_key("w1")).input("0.5").run()
    source, printed = code_blocks(at)
    assert ("W_hidden: (2, 2) = [[0.5000, 0.2500],\n"
            "#                     [0.2000, 0.3000]]") in source
    trace = trace_step(Scenario().with_value("w1", 0.5))
    assert math.isclose(parse_prints(printed)["net_h1"], trace["net_h1"], rel_tol=1e-12)


def test_practice_mode_hides_the_code_until_the_step_is_answered() -> None:
    at = open_with_code("forward")
    at.sidebar.toggle(key=modes_state.PRACTICE).set_value(True).run()
    assert not code_blocks(at) and len(svg_pictures(at)) == 1
    assert not [w for w in at.toggle if w.key == stepping_state.SHOW_CODE]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_sidebar_offers_the_lesson_as_notebook_and_script(lang: str) -> None:
    at = open_page("forward", lang)
    labels = [b.label for b in at.get("download_button")]
    assert t("export.download_ipynb", lang) in labels
    assert t("export.download_py", lang) in labels
    assert t("export.download_csv", lang) in labels  # beside the existing exports


def test_the_notebook_button_gives_a_notebook_of_the_current_numbers() -> None:
    """What the button serves: the editor's lesson_downloads with the editor's scenario."""
    from bpcore.program_worked import worked_program
    from tutor.lesson.notebook import notebook_bytes

    edited = Scenario().with_value("w5", 0.9)
    nb = json.loads(notebook_bytes(worked_program(trace_step(edited)), "zh", 4))
    setup = "".join(nb["cells"][2]["source"])
    assert "W_output = np.array([[0.9, 0.5], [0.45, 0.55]])" in setup
    assert any("前向传播" in "".join(c["source"]) for c in nb["cells"]
               if c["cell_type"] == "markdown")


def graph_code(at: AppTest, lang: str) -> list[str]:
    with_panels_open(at, code_open_key("program"))
    views = [e for e in at.main.expander if e.label == t("code.title_python", lang)]
    return [c.value for v in views for c in v.code]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("example", ["apples", "apples_oranges"])
def test_the_graph_page_shows_the_shopping_graph_as_mullayer_code(example: str,
                                                                   lang: str) -> None:
    from bpcore.graph import evaluate
    from bpcore.graph_examples import EXAMPLES
    from bpcore.program_apple import PRINTS

    at = open_page("graph", lang)
    at.selectbox(key=graph_state.GRAPH_EXAMPLE).set_value(example).run()
    blocks = graph_code(at, lang)
    assert "class MulLayer:" in blocks[0]
    printed = parse_prints("\n".join(blocks[2::2]))
    trace = evaluate(EXAMPLES[example]())
    for name, (kind, key) in PRINTS[example].items():
        expected = trace.values[key] if kind == "value" else trace.grads[key]
        assert math.isclose(printed[name], expected, rel_tol=1e-12), name
    if example == "apples":
        assert "price: 220.00000000000003" in blocks and "dTax: 200" in blocks[4]


def test_the_graph_code_follows_an_edited_leaf_and_only_the_shopping_graphs_have_it() -> None:
    at = open_page("graph")
    at.selectbox(key=graph_state.GRAPH_EXAMPLE).set_value("apples").run()
    at.text_input(key=graph_state.graph_leaf_key("apples", "apple") + ".text").input("150").run()
    blocks = graph_code(at, "en")
    assert blocks[1].startswith("apple = 150\n") and blocks[2] == "price: 330.0"
    at.selectbox(key=graph_state.GRAPH_EXAMPLE).set_value("add_multiply").run()
    assert not graph_code(at, "en")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_builder_shows_its_batch_code_and_offers_the_recipe(lang: str) -> None:
    from tutor.builder import state as builder_state

    at = open_page("builder", lang, preset={builder_state.BUILDER_EPOCHS: 20})
    assert not at.exception
    assert not [c for e in at.main.expander for c in e.code]  # closed: nothing drawn
    with_panels_open(at, code_open_key("source"), code_open_key("micro"))
    views = [e for e in at.main.expander if e.label == t("code.title", lang)]
    assert len(views) == 2  # the training tab's and the microscope's
    sources = [c.value for v in views for c in v.code]
    assert any("dE_dW = self.x.T @ (delta / m)" in s for s in sources)
    assert any("epochs, batch = 0.1, 20, 32" in s for s in sources)
    labels = [b.label for b in at.get("download_button")]
    assert labels.count(t("export.download_ipynb", lang)) == 1
    assert labels.count(t("export.download_py", lang)) == 1
    assert any(t("code.micro_note", lang, b=32) in c.value for v in views for c in v.caption)
