"""The network diagram: valid Plotly, values revealed only once computed, highlights, the
tutorial's notation at the learner's precision, and a layout where nothing collides."""

import json
import re

import plotly.graph_objects as go
import pytest

from bpcore import EDGES, Scenario, fmt, trace_step
from tutor.figures.history import error_history_figure
from tutor.figures.network import (
    HIGHLIGHT,
    NEGATIVE,
    PAGE_LOOK,
    POS,
    POSITIVE,
    PRESENT_LOOK,
    layout_problems,
    network_figure,
    text_px,
)
from tutor.i18n import LANGUAGES
from tutor.ui.notation import text as notation
from tutor.ui.plot import PrebuiltFigure

TRACE = trace_step(Scenario.worked_example())
FORWARD = TRACE.phase_steps("forward", "error")
BACKWARD = TRACE.phase_steps("backward")
UPDATE = TRACE.phase_steps("update")
TRAINED = trace_step(Scenario(train_biases=True))
PHASES = {"overview": (), "forward": ("forward", "error"), "backward": ("backward",),
          "update": ("update",)}


def texts(fig: dict) -> str:
    """Every label's text, a line broken after "=" joined back ("∂E/∂w5 =<br>0.08" reads
    "∂E/∂w5 = 0.08"), then the nodes' names."""
    notes = " | ".join(a["text"].replace("=<br>", "= ") for a in fig["layout"]["annotations"])
    return notes + " | " + " ".join(str(x) for tr in fig["data"] for x in tr.get("text", []))


def edge_line(fig: dict, index: int) -> dict:
    return fig["data"][index]["line"]


def node_note(fig: dict, node: str) -> str:
    """The value block beside a node (the annotation named after it)."""
    return next(a["text"] for a in fig["layout"]["annotations"] if a["name"] == node)


def figure(view: str, current: int | None, trace=TRACE, decimals: int = 4, lang: str = "en",
           presenting: bool = False) -> dict:
    steps = trace.phase_steps(*PHASES[view]) if PHASES[view] else ()
    return network_figure(trace, view=view, decimals=decimals, lang=lang, current=current,
                          steps=steps, presenting=presenting)


CASES = [("overview", None), ("forward", 3), ("backward", 12), ("update", 0)]


@pytest.mark.parametrize("presenting", [False, True])
@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(("view", "current"), CASES)
def test_every_figure_is_valid_plotly(view, current, lang, presenting):
    fig = figure(view, current, lang=lang, presenting=presenting)
    go.Figure(fig)  # raises on any invalid property: the app skips this check at run time
    json.dumps(fig)


def test_error_history_chart_is_valid_plotly():
    go.Figure(error_history_figure([0.3, 0.29], "zh"))


def test_prebuilt_figure_hands_over_the_same_dict():
    fig = network_figure(TRACE, view="overview", decimals=4, lang="en")
    assert PrebuiltFigure(fig).to_dict() is fig


def test_forward_reveals_only_the_values_reached():
    fig = figure("forward", 0)
    text = texts(fig)
    assert f"net {fmt(TRACE['net_h1'], 4)}" in text
    assert f"out {fmt(TRACE['out_h1'], 4)}" not in text and "out ?" in text
    assert node_note(fig, "o1") == "net ?<br>out ?"
    last = figure("forward", len(FORWARD) - 1)
    for n in ("h1", "h2", "o1", "o2"):
        assert f"out {fmt(TRACE[f'out_{n}'], 4)}" in texts(last)
    assert fmt(TRACE["E_total"], 4) in texts(last)


def test_no_gradient_shows_before_the_backward_pass_computes_it():
    before = figure("backward", 2)
    assert notation("dE_dw5") not in texts(before) and "δ" in texts(before)
    for view, steps in (("overview", ()), ("forward", FORWARD)):
        fig = figure(view, len(steps) - 1 if steps else None)
        assert "∂E" not in texts(fig) and "δ" not in texts(fig)
    reached = [s.name for s in BACKWARD].index("dE_dw5")
    after = figure("backward", reached)
    assert f"{notation('dE_dw5')} = {fmt(TRACE['dE_dw5'], 4)}" in texts(after)
    assert fmt(TRACE["dE_dw5"], 4) not in texts(figure("backward", reached - 1))


def test_every_step_shows_exactly_the_gradients_reached_and_never_a_zero():
    """micrograd's learners read a gradient of 0 as "computed, and zero": none appears early."""
    order = [s.name for s in BACKWARD]
    weights = [f"w{k}" for k in range(1, 9)]
    for k in range(len(BACKWARD)):
        text = " | ".join(a["text"].replace("=<br>", "= ")
                          for a in figure("backward", k)["layout"]["annotations"])
        shown = dict(re.findall(r"∂E/∂(w[1-8]) = (.+?)(?:<br>| \||$)", text))
        assert shown == {notation(w): fmt(TRACE[f"dE_d{w}"], 4) for w in weights
                         if order.index(f"dE_d{w}") <= k}
        assert "= 0.0000" not in text and "= -0.0000" not in text


def test_one_picture_per_step_and_no_player_of_its_own():
    """The page's own controls move the diagram: no frames, no Play button, no second slider."""
    for view, current in CASES:
        fig = figure(view, current)
        assert "frames" not in fig
        assert "updatemenus" not in fig["layout"] and "sliders" not in fig["layout"]


def test_the_layout_holds_still_while_stepping():
    first = figure("backward", 0)
    for k in (5, len(BACKWARD) - 1):
        fig = figure("backward", k)
        assert fig["layout"]["xaxis"]["range"] == first["layout"]["xaxis"]["range"]
        assert fig["layout"]["yaxis"]["range"] == first["layout"]["yaxis"]["range"]
        assert fig["layout"]["annotations"][0]["font"] == first["layout"]["annotations"][0]["font"]


def test_gradient_sign_colours_and_magnitude_widths():
    fig = figure("backward", len(BACKWARD) - 1)
    edges = ["w1", "w2", "w3", "w4", "w5", "w6", "w7", "w8"]
    w5, w7 = edge_line(fig, edges.index("w5")), edge_line(fig, edges.index("w7"))
    assert w5["color"] == POSITIVE and w7["color"] == NEGATIVE
    assert w5["width"] > edge_line(fig, edges.index("w1"))["width"]


def test_the_current_steps_edges_stand_out_from_the_rest():
    k = [s.name for s in FORWARD].index("net_h1")  # w1, w2 and the bias edge into h1
    fig = figure("forward", k)
    lines = [tr["line"] for tr in fig["data"][:-1]]
    lit = [ln for ln, e in zip(lines, EDGES, strict=True) if e in ("w1", "w2", "b_h1")]
    rest = [ln for ln, e in zip(lines, EDGES, strict=True) if e not in ("w1", "w2", "b_h1")]
    assert len(lit) == 3
    assert all(ln["width"] > max(r["width"] for r in rest) for ln in lit)
    assert {ln["color"] for ln in lit}.isdisjoint(r["color"] for r in rest)


def test_the_current_steps_nodes_and_edges_are_highlighted():
    k = [s.name for s in BACKWARD].index("dE_dout_h1")  # the two paths: w5 and w7
    fig = figure("backward", k)
    colours = [fig["data"][i]["line"]["color"] for i in range(8)]
    assert [c == HIGHLIGHT for c in colours] == [e in ("w5", "w7") for e in
                                                 ("w1", "w2", "w3", "w4", "w5", "w6", "w7", "w8")]
    nodes = fig["data"][-1]
    lit = {n for n, c in zip(nodes["text"], nodes["marker"]["line"]["color"], strict=True)
           if c == HIGHLIGHT}
    assert lit == {"o1", "o2", "h1"}


def test_update_view_shows_old_and_new_and_fixed_biases():
    fig = figure("update", len(UPDATE) - 1)
    assert "w5 = 0.4000<br>w5⁺ = 0.3589" in texts(fig)
    assert f"out⁺ {fmt(TRACE['out_o1_new'], 4)}" in node_note(fig, "o1")
    assert f"→ {fmt(TRACE['E_total_new'], 4)}" in texts(fig)
    before = figure("update", 0)
    assert "w5⁺ = 0.3589" in texts(before) and "w6⁺ = ?" in texts(before)
    assert "out⁺" not in node_note(before, "o1")
    assert fmt(TRACE["E_total_new"], 4) not in texts(before)
    assert "b1 = 0.3500<br>(fixed)" in texts(fig)
    fig = figure("update", len(TRAINED.phase_steps("update")) - 1, trace=TRAINED, lang="zh")
    assert f"b_o1⁺ = {fmt(TRAINED['b_o1_new'], 4)}" in texts(fig)


def test_update_view_shows_the_new_hidden_outputs_once_their_step_is_reached():
    k = [s.name for s in UPDATE].index("out_h1_new")
    before, reached = figure("update", k - 1), figure("update", k)
    assert "out⁺" not in node_note(before, "h1")
    assert f"out⁺ {fmt(TRACE['out_h1_new'], 4)}" in node_note(reached, "h1")
    assert "out⁺" not in node_note(reached, "h2") and "out⁺" not in node_note(reached, "o1")
    last = figure("update", len(UPDATE) - 1)
    for n in ("h1", "h2", "o1", "o2"):
        assert f"out⁺ {fmt(TRACE[f'out_{n}_new'], 4)}" in node_note(last, n)


def test_numbers_follow_the_chosen_precision():
    fig = network_figure(TRACE, view="overview", decimals=9, lang="en")
    assert f"out {fmt(TRACE['out_h1'], 9)}" in texts(fig) and "0.593269992" in texts(fig)


# Code names only: w5, i1 and b1 are the tutorial's own names (tutor.ui.notation writes them so
# on every screen), dE_dw5, delta_o1 and w5_new are not.
CODE_NAME = re.compile(r"dE_|dout_|delta_|_new|E_o\d|net_|out_|target_o")


@pytest.mark.parametrize("decimals", [2, 10])
@pytest.mark.parametrize("trace", [TRACE, TRAINED], ids=["shared-biases", "trained-biases"])
def test_labels_use_the_tutorials_notation_never_code_names(trace, decimals):
    for view in PHASES:
        count = len(trace.phase_steps(*PHASES[view])) if PHASES[view] else 1
        for current in range(count):
            fig = figure(view, current if PHASES[view] else None, trace=trace, decimals=decimals)
            for note in fig["layout"]["annotations"]:
                assert not CODE_NAME.search(note["text"]), (view, current, note["text"])
            assert not CODE_NAME.search(" ".join(fig["data"][-1]["text"]))


@pytest.mark.parametrize("decimals", [2, 10])
def test_every_value_shown_is_bpcore_fmt_at_the_learners_precision(decimals):
    """The last step of each view shows every value it has reached, each as fmt() writes it."""
    checks = {
        "overview": ["i1", "i2", "w1", "w8", "b1", "b2", "net_h1", "out_o2", "E_total"],
        "backward": ["delta_o1", "delta_h2", "dE_dw1", "dE_dw4", "dE_dw5", "dE_dw8"],
        "update": ["w1_new", "w8_new", "out_h1_new", "out_h2_new", "out_o1_new", "out_o2_new",
                   "E_total_new"],
    }
    for view, names in checks.items():
        count = len(TRACE.phase_steps(*PHASES[view])) if PHASES[view] else 1
        fig = figure(view, count - 1 if PHASES[view] else None, decimals=decimals)
        text = texts(fig)
        for name in names:
            value = TRACE[name] if name in TRACE.values else TRACE.scenario.get(name)
            assert fmt(value, decimals) in text, (view, name)


@pytest.mark.parametrize("presenting", [False, True], ids=["page", "presentation"])
@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("trace", [TRACE, TRAINED], ids=["shared-biases", "trained-biases"])
@pytest.mark.parametrize("view", list(PHASES))
def test_nothing_collides_at_any_precision(view, trace, lang, presenting):
    """At the least width it is laid out for, with everything the view reveals: no label on
    another label or on a node, no value block on an edge, nothing outside the plot."""
    steps = trace.phase_steps(*PHASES[view]) if PHASES[view] else ()
    for decimals in (range(2, 11) if not presenting else (2, 4, 7, 10)):
        assert layout_problems(trace, view=view, decimals=decimals, lang=lang, steps=steps,
                               presenting=presenting) == [], decimals


def test_labels_are_drawn_large_where_there_is_room():
    """The default lesson (4 decimals) draws every label at full size on the forward page and
    the overview; presentation mode draws the diagram larger than the page does."""
    def label_px(fig: dict) -> float:
        return fig["layout"]["annotations"][0]["font"]["size"]

    for view in ("overview", "forward"):
        assert label_px(figure(view, None)) == PAGE_LOOK.label_px
        assert label_px(figure(view, None, presenting=True)) == PRESENT_LOOK.label_px
    for view in PHASES:
        page, shown = figure(view, None), figure(view, None, presenting=True)
        assert label_px(shown) > 1.1 * label_px(page)
        nodes_page, nodes_shown = page["data"][-1]["marker"], shown["data"][-1]["marker"]
        assert min(nodes_shown["size"]) > min(nodes_page["size"])
        assert shown["layout"]["height"] > page["layout"]["height"]


def test_text_width_estimate_counts_wide_and_narrow_characters():
    assert text_px("0.1500", 16) < text_px("0.15000000", 16)
    assert text_px("总误差", 10) > text_px("abc", 10)  # a CJK character is one em
    assert text_px("w1 = 0.15", 20) == pytest.approx(2 * text_px("w1 = 0.15", 10))


def test_node_positions_are_the_classic_layout():
    assert POS["i1"][0] < POS["h1"][0] < POS["o1"][0]
    assert POS["i1"][1] > POS["i2"][1] and POS["b1"][1] < POS["i2"][1]


SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def unicode_fmt(x: float, decimals: int = 4) -> str:
    """fmt as the formulas' number style will write it: 4.3857 × 10⁻⁴ instead of 4.3857e-04."""
    text = fmt(x, decimals)
    if "e" not in text:
        return text
    mantissa, exponent = text.split("e")
    return f"{mantissa} × 10{str(int(exponent)).translate(SUPERSCRIPT)}"


@pytest.mark.parametrize("presenting", [False, True], ids=["page", "presentation"])
def test_the_layout_holds_with_numbers_written_as_powers_of_ten(monkeypatch, presenting):
    """bpcore.fmt is moving to "4.3857 × 10⁻⁴" (wider than "4.3857e-04"): still no collision."""
    import tutor.figures.network as diagram

    monkeypatch.setattr(diagram, "fmt", unicode_fmt)
    diagram._fit.cache_clear()
    try:
        for trace in (TRACE, TRAINED):
            for view in PHASES:
                steps = trace.phase_steps(*PHASES[view]) if PHASES[view] else ()
                for decimals in (2, 4, 10):
                    assert layout_problems(trace, view=view, decimals=decimals, lang="zh",
                                           steps=steps, presenting=presenting) == []
        shown = texts(figure("backward", len(BACKWARD) - 1, decimals=2))
        assert f"{notation('dE_dw1')} = {unicode_fmt(TRACE['dE_dw1'], 2)}" in shown
    finally:
        diagram._fit.cache_clear()  # later tests fit with the real fmt
