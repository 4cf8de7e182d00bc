"""The diagram of any stepped network: a valid Plotly figure of every unit and edge, the current
step's units and edges lit, the values known so far on the neurons, the sample of a batch
named, and no label on another label or on a node, for every preset and page."""

from __future__ import annotations

import plotly.graph_objects as go
import pytest

from bpcore import fmt
from bpcore.presets import PRESETS, preset
from bpcore.qname import QName
from bpcore.stepper_trace import trace_net
from tutor.figures.netdiagram import layout_problems, net_figure, sample_of
from tutor.figures.theme import HIGHLIGHT
from tutor.i18n import t

PHASES = {"forward": ("forward", "error"), "backward": ("backward",), "update": ("update",)}
NETS = list(PRESETS)


def units(sizes) -> int:
    return sum(sizes) + len(sizes) - 1  # every neuron and one bias unit per computing layer


@pytest.mark.parametrize("net", NETS)
def test_every_unit_and_edge_is_drawn_and_plotly_takes_the_figure(net):
    trace = trace_net(preset(net))
    steps = trace.phase_steps("forward", "error")
    fig = net_figure(trace, steps, 0, view="forward", decimals=4, lang="en")
    go.Figure(fig)  # validates every key
    sizes = trace.spec.sizes
    edges = sum((a + 1) * b for a, b in zip(sizes, sizes[1:], strict=False))
    assert len(fig["data"]) == edges + 1
    assert len(fig["data"][-1]["x"]) == units(sizes)


@pytest.mark.parametrize("page", list(PHASES))
@pytest.mark.parametrize("net", NETS)
def test_the_current_steps_units_and_edges_are_lit(net, page):
    trace = trace_net(preset(net))
    steps = trace.phase_steps(*PHASES[page])
    for current in (0, len(steps) // 2, len(steps) - 1):
        fig = net_figure(trace, steps, current, view=page, decimals=4, lang="en")
        nodes = fig["data"][-1]
        lit = {n for n, c in zip(nodes["customdata"], nodes["marker"]["line"]["color"],
                                 strict=True) if c == HIGHLIGHT}
        assert lit == {n.id for n in steps[current].node_refs}
        lit_edges = [d for d in fig["data"][:-1] if d["line"]["color"] == HIGHLIGHT]
        assert len(lit_edges) == len(steps[current].edge_refs)


def test_the_neurons_show_what_the_steps_so_far_computed_and_nothing_later():
    trace = trace_net(preset("xor"))
    steps = trace.phase_steps("forward", "error")
    fig = net_figure(trace, steps, 0, view="forward", decimals=4, lang="en")
    texts = " ".join(a["text"] for a in fig["layout"]["annotations"])
    assert f"net = {fmt(trace[QName('net', 1, 1, sample=1)], 4)}" in texts
    assert "out = " not in texts  # σ of the net comes with the next step
    back = trace.phase_steps("backward")
    fig = net_figure(trace, back, len(back) - 1, view="backward", decimals=4, lang="zh")
    texts = " ".join(a["text"] for a in fig["layout"]["annotations"])
    assert f"δ = {fmt(trace[QName('delta', 1, 2, sample=1)], 4)}" in texts
    assert t("net.diagram.output", "zh") in texts


def test_a_batch_says_which_sample_it_shows():
    trace = trace_net(preset("batch"))
    steps = trace.phase_steps("forward", "error")
    second = next(i for i, s in enumerate(steps) if s.qname.sample == 2)
    assert sample_of(steps, second) == 2
    fig = net_figure(trace, steps, second, view="forward", decimals=4, lang="en")
    texts = [a["text"] for a in fig["layout"]["annotations"]]
    assert t("net.diagram.sample", "en", sample=2, samples=2) in texts
    x1 = fmt(trace.spec.X[1][0], 4)
    assert f"= {x1}" in texts  # the inputs of sample 2


@pytest.mark.parametrize("presenting", [False, True])
@pytest.mark.parametrize("page", list(PHASES))
@pytest.mark.parametrize("net", NETS)
def test_no_label_meets_another_or_a_node_at_any_step(net, page, presenting):
    trace = trace_net(preset(net))
    steps = trace.phase_steps(*PHASES[page])
    for current in range(len(steps)):
        lang = ("en", "zh")[current % 2]
        assert layout_problems(trace, steps, current, view=page, decimals=4, lang=lang,
                               presenting=presenting) == [], (net, page, current)


@pytest.mark.parametrize("decimals", [2, 10])
def test_long_numbers_still_fit_the_widest_shapes(decimals):
    for net in ("softmax", "deep", "batch"):
        trace = trace_net(preset(net))
        steps = trace.phase_steps("backward")
        for current in (0, len(steps) - 1):
            assert layout_problems(trace, steps, current, view="backward", decimals=decimals,
                                   lang="en") == [], (net, current)


def test_a_lit_edge_says_what_the_steps_formula_takes_from_it():
    trace = trace_net(preset("xor"))
    back = trace.phase_steps("backward")

    def edge_labels(steps, current, view):
        fig = net_figure(trace, steps, current, view=view, decimals=4, lang="en")
        return [a["text"] for a in fig["layout"]["annotations"]
                if a["name"].startswith(("w[", "b["))]

    path = next(i for i, s in enumerate(back) if s.qname.kind == "path")
    assert edge_labels(back, path, "backward") == ["w²₁₁ = 0.7000"]  # δ·w uses the weight
    grad = next(i for i, s in enumerate(back) if s.qname == QName("dE_dw", 2, 1, 1))
    assert edge_labels(back, grad, "backward") == [
        f"∂E/∂w²₁₁ = {fmt(trace[QName('dE_dw', 2, 1, 1)], 4)}"]
    upd = trace.phase_steps("update")
    again = next(i for i, s in enumerate(upd) if s.qname.kind == "net_new")
    assert f"w¹₁₁⁺ = {fmt(trace[QName('w_new', 1, 1, 1)], 4)}" in edge_labels(upd, again, "update")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_diagram_says_its_step_the_units_lit_and_their_numbers(lang):
    from tutor.figures.words import words_of
    from tutor.ui.netnotation import qtext

    trace = trace_net(preset("softmax"))
    steps = trace.phase_steps("backward")
    current = next(i for i, s in enumerate(steps) if s.qname.kind == "delta")
    step = steps[current]
    words = words_of(net_figure(trace, steps, current, view="backward", decimals=4,
                                lang=lang))
    assert words is not None
    assert t("words.net", lang, sizes="2-3-3") in words
    assert t("words.network_step", lang, index=current + 1, count=len(steps),
             name=qtext(step.qname), value=fmt(step.value, 4)) in words
    node = next(n for n in step.node_refs if n.index)
    assert f"δ = {fmt(trace[QName('delta', node.layer, node.index, sample=1)], 4)}" in words
    # Before a prediction the words keep the step's value back, as the labels do.
    hidden = words_of(net_figure(trace, steps, current, view="backward", decimals=4,
                                 lang=lang, reveal_current=False))
    assert hidden is not None and f"{qtext(step.qname)} = ?" in hidden
    assert f"δ = {fmt(step.value, 4)}" not in hidden


def test_faded_units_keep_an_outline_at_3_to_1():
    from tutor.figures.theme import contrast

    trace = trace_net(preset("xor"))
    steps = trace.phase_steps("forward", "error")
    outlines = net_figure(trace, steps, 0, view="forward", decimals=4,
                          lang="en")["data"][-1]["marker"]["line"]["color"]
    assert all(c == HIGHLIGHT or contrast(c, "#ffffff") >= 3 for c in outlines)
    assert len(set(outlines)) == 2  # lit, and faded


def largest_own():
    """The learner's own network at its largest: 4 inputs, 3 hidden layers of 4, 4 outputs,
    4 samples (what tests/app/test_net_pages.py links whole)."""
    from bpcore.netspec import NetSpec

    return NetSpec.random((4, 4, 4, 4, 4), ("tanh", "relu", "sigmoid", "softmax"),
                          "cross_entropy", seed=3, samples=4)


def one_of_each(steps):
    """The first step of each kind and layer (a net, an out, a δ, a gradient … of each layer)."""
    seen: dict = {}
    for i, s in enumerate(steps):
        seen.setdefault((s.qname.kind, s.qname.layer) if s.qname else s.name, i)
    return list(seen.values())


@pytest.mark.parametrize("presenting", [False, True])
@pytest.mark.parametrize("page", list(PHASES))
def test_the_largest_own_network_has_no_label_on_another_or_a_node_in_readable_type(
        page, presenting):
    from tutor.figures.netdiagram import look_of

    spec = largest_own()
    trace = trace_net(spec)
    steps = trace.phase_steps(*PHASES[page])
    least = 0.75 * look_of(spec, presenting).label_px  # below READABLE only without edges
    for current in one_of_each(steps):
        for lang in ("en", "zh"):
            assert layout_problems(trace, steps, current, view=page, decimals=4, lang=lang,
                                   presenting=presenting) == [], (page, current, lang)
            fig = net_figure(trace, steps, current, view=page, decimals=4, lang=lang,
                             presenting=presenting)
            assert fig["layout"]["font"]["size"] >= least - 0.1, (page, current, lang)


def test_the_placements_quick_checks_agree_with_the_diagrams_own_tests():
    """_on_a_label and _on_a_unit (the placement's inner loops, written out for speed) say
    exactly what any(boxes_meet …) and any(circle_meets …) say, on boxes and units near,
    touching and far, GAP px apart included."""
    import random

    from tutor.figures.netdiagram import GAP, _on_a_label, _on_a_unit
    from tutor.figures.network import boxes_meet, circle_meets

    rng = random.Random(7)

    def box():
        left, bottom = rng.choice((rng.uniform(0, 60), float(rng.randrange(0, 60, 4)))), \
            rng.uniform(0, 60)
        return (left, left + rng.choice((rng.uniform(1, 20), 4.0)), bottom,
                bottom + rng.uniform(1, 20))

    labels = {True: 0, False: 0}
    units = {True: 0, False: 0}
    for _ in range(4000):
        mine, others = box(), [box() for _ in range(rng.randrange(0, 4))]
        # a box GAP px right of mine: the edge case boxes_meet counts as apart
        others.append((mine[1] + GAP, mine[1] + GAP + 5, mine[2], mine[3]))
        expected = any(boxes_meet(mine, other) for other in others)
        assert _on_a_label(mine, others) == expected
        labels[expected] += 1
        circles = [(rng.uniform(-10, 90), rng.uniform(-10, 90), rng.uniform(1, 12))
                   for _ in range(rng.randrange(0, 4))]
        expected = any(circle_meets(mine, x, y, r) for x, y, r in circles)
        assert _on_a_unit(mine, [(x, y, r + GAP) for x, y, r in circles]) == expected
        units[expected] += 1
    assert min(*labels.values(), *units.values()) > 200  # both answers, many times each
