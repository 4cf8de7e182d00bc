"""The network diagram: valid Plotly, values revealed only once computed, highlights, frames."""

import json
import re

import plotly.graph_objects as go
import pytest

from bpcore import EDGES, Scenario, fmt, trace_step
from tutor.charts import error_history_figure
from tutor.diagram import HIGHLIGHT, NEGATIVE, POS, POSITIVE, network_figure
from tutor.i18n import t
from tutor.plot import PrebuiltFigure

TRACE = trace_step(Scenario.worked_example())
FORWARD = TRACE.phase_steps("forward", "error")
BACKWARD = TRACE.phase_steps("backward")
UPDATE = TRACE.phase_steps("update")


def texts(fig: dict) -> str:
    notes = " | ".join(a["text"] for a in fig["layout"]["annotations"])
    return notes + " | " + " ".join(str(x) for tr in fig["data"] for x in tr.get("text", []))


def edge_line(fig: dict, index: int) -> dict:
    return fig["data"][index]["line"]


def node_note(fig: dict, node: str) -> str:
    """The value block beside a neuron (the annotation anchored at its centre, not an input)."""
    x, y = POS[node]
    return next(a["text"] for a in fig["layout"]["annotations"]
                if (a["x"], a["y"]) == (x, y) and "xanchor" not in a)


CASES = [
    ("overview", (), None, False), ("forward", FORWARD, 3, True),
    ("backward", BACKWARD, 12, True), ("update", UPDATE, 0, False),
]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(("view", "steps", "current", "animate"), CASES)
def test_every_figure_is_valid_plotly(view, steps, current, animate, lang):
    fig = network_figure(TRACE, view=view, decimals=4, lang=lang, current=current, steps=steps,
                         animate=animate)
    go.Figure(fig)  # raises on any invalid property: the app skips this check at run time
    json.dumps(fig)


def test_error_history_chart_is_valid_plotly():
    go.Figure(error_history_figure([0.3, 0.29], "zh"))


def test_prebuilt_figure_hands_over_the_same_dict():
    fig = network_figure(TRACE, view="overview", decimals=4, lang="en")
    assert PrebuiltFigure(fig).to_dict() is fig


def test_forward_reveals_only_the_values_reached():
    fig = network_figure(TRACE, view="forward", decimals=4, lang="en", current=0, steps=FORWARD)
    text = texts(fig)
    assert f"net {fmt(TRACE['net_h1'], 4)}" in text
    assert f"out {fmt(TRACE['out_h1'], 4)}" not in text and "out ?" in text
    assert node_note(fig, "o1") == "net ?<br>out ?"
    last = network_figure(TRACE, view="forward", decimals=4, lang="en",
                          current=len(FORWARD) - 1, steps=FORWARD)
    for n in ("h1", "h2", "o1", "o2"):
        assert f"out {fmt(TRACE[f'out_{n}'], 4)}" in texts(last)
    assert fmt(TRACE["E_total"], 4) in texts(last)


def test_no_gradient_shows_before_the_backward_pass_computes_it():
    before = network_figure(TRACE, view="backward", decimals=4, lang="en", current=2,
                            steps=BACKWARD)
    assert "∂E/∂w5" not in texts(before) and "δ" in texts(before)
    for view, steps in (("overview", ()), ("forward", FORWARD)):
        fig = network_figure(TRACE, view=view, decimals=4, lang="en",
                             current=len(steps) - 1 if steps else None, steps=steps)
        assert "∂E" not in texts(fig) and "δ" not in texts(fig)
    reached = [s.name for s in BACKWARD].index("dE_dw5")
    after = network_figure(TRACE, view="backward", decimals=4, lang="en", current=reached,
                           steps=BACKWARD)
    assert f"∂E/∂w5 = {fmt(TRACE['dE_dw5'], 4)}" in texts(after)
    assert fmt(TRACE["dE_dw5"], 4) not in texts(network_figure(
        TRACE, view="backward", decimals=4, lang="en", current=reached - 1, steps=BACKWARD))


def test_every_frame_shows_exactly_the_gradients_reached_and_never_a_zero():
    """micrograd's learners read a gradient of 0 as "computed, and zero": none appears early."""
    fig = network_figure(TRACE, view="backward", decimals=4, lang="en", current=0,
                         steps=BACKWARD, animate=True)
    order = [s.name for s in BACKWARD]
    for k, frame in enumerate(fig["frames"]):
        text = " | ".join(a["text"] for a in frame["layout"]["annotations"])
        shown = dict(re.findall(r"∂E/∂(w\d) = (.+?)(?:<br>| \||$)", text))
        assert shown == {w: fmt(TRACE[f"dE_d{w}"], 4) for w in
                         ("w1", "w2", "w3", "w4", "w5", "w6", "w7", "w8")
                         if order.index(f"dE_d{w}") <= k}
        assert "= 0.0000" not in text and "= -0.0000" not in text


def test_static_figure_is_the_frame_of_the_current_step():
    fig = network_figure(TRACE, view="forward", decimals=4, lang="zh", current=5, steps=FORWARD,
                         animate=True)
    assert fig["data"] == fig["frames"][5]["data"]
    assert fig["layout"]["annotations"] == fig["frames"][5]["layout"]["annotations"]
    assert fig["layout"]["sliders"][0]["active"] == 5


def test_gradient_sign_colours_and_magnitude_widths():
    fig = network_figure(TRACE, view="backward", decimals=4, lang="en",
                         current=len(BACKWARD) - 1, steps=BACKWARD)
    edges = ["w1", "w2", "w3", "w4", "w5", "w6", "w7", "w8"]
    w5, w7 = edge_line(fig, edges.index("w5")), edge_line(fig, edges.index("w7"))
    assert w5["color"] == POSITIVE and w7["color"] == NEGATIVE
    assert w5["width"] > edge_line(fig, edges.index("w1"))["width"]


def test_the_current_steps_edges_stand_out_from_the_rest():
    k = [s.name for s in FORWARD].index("net_h1")  # w1, w2 and the bias edge into h1
    fig = network_figure(TRACE, view="forward", decimals=4, lang="en", current=k, steps=FORWARD)
    lines = [tr["line"] for tr in fig["data"][:-1]]
    lit = [ln for ln, e in zip(lines, EDGES, strict=True) if e in ("w1", "w2", "b_h1")]
    rest = [ln for ln, e in zip(lines, EDGES, strict=True) if e not in ("w1", "w2", "b_h1")]
    assert len(lit) == 3
    assert all(ln["width"] > max(r["width"] for r in rest) for ln in lit)
    assert {ln["color"] for ln in lit}.isdisjoint(r["color"] for r in rest)


def test_the_current_steps_nodes_and_edges_are_highlighted():
    k = [s.name for s in BACKWARD].index("dE_dout_h1")  # the two paths: w5 and w7
    fig = network_figure(TRACE, view="backward", decimals=4, lang="en", current=k,
                         steps=BACKWARD)
    colours = [fig["data"][i]["line"]["color"] for i in range(8)]
    assert [c == HIGHLIGHT for c in colours] == [e in ("w5", "w7") for e in
                                                 ("w1", "w2", "w3", "w4", "w5", "w6", "w7", "w8")]
    nodes = fig["data"][-1]
    lit = {n for n, c in zip(nodes["text"], nodes["marker"]["line"]["color"], strict=True)
           if c == HIGHLIGHT}
    assert lit == {"o1", "o2", "h1"}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_animation_has_one_frame_per_step_and_translated_buttons(lang):
    fig = network_figure(TRACE, view="backward", decimals=4, lang=lang, current=0,
                         steps=BACKWARD, animate=True)
    assert len(fig["frames"]) == len(BACKWARD)
    labels = [b["label"] for b in fig["layout"]["updatemenus"][0]["buttons"]]
    assert labels == [t("diagram.play", lang), t("diagram.pause", lang)]
    last = fig["frames"][-1]["layout"]["annotations"]
    assert any(f"∂E/∂w4 = {fmt(TRACE['dE_dw4'], 4)}" in a["text"] for a in last)


def test_update_view_shows_old_and_new_and_fixed_biases():
    fig = network_figure(TRACE, view="update", decimals=4, lang="en", current=len(UPDATE) - 1,
                         steps=UPDATE)
    assert "w5: 0.4000 → 0.3589" in texts(fig)
    assert f"→ {fmt(TRACE['out_o1_new'], 4)}" in node_note(fig, "o1")
    assert f"→ {fmt(TRACE['E_total_new'], 4)}" in texts(fig)
    before = network_figure(TRACE, view="update", decimals=4, lang="en", current=0, steps=UPDATE)
    assert "w5: 0.4000 → 0.3589" in texts(before) and "w6: 0.4500 → ?" in texts(before)
    assert "→" not in node_note(before, "o1")
    assert fmt(TRACE["E_total_new"], 4) not in texts(before)
    assert "b1 = 0.3500 (fixed)" in texts(fig)
    trained = trace_step(Scenario(train_biases=True))
    fig = network_figure(trained, view="update", decimals=4, lang="zh",
                         current=len(trained.phase_steps("update")) - 1,
                         steps=trained.phase_steps("update"))
    assert f"b_o1: 0.6000 → {fmt(trained['b_o1_new'], 4)}" in texts(fig)


def test_numbers_follow_the_chosen_precision():
    fig = network_figure(TRACE, view="overview", decimals=9, lang="en")
    assert f"out {fmt(TRACE['out_h1'], 9)}" in texts(fig) and "0.593269992" in texts(fig)
