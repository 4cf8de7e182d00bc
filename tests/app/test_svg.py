"""The SVG renderer (tutor.figures.svg) and the overview page that shows its picture: Plotly's
mapping from data to pixels, every label of the diagram present and escaped, refusal of what
it does not draw, and every figure the network diagram makes drawn without refusal."""

import base64
import re
import xml.etree.ElementTree as ET

import pytest

from bpcore import Scenario, fmt, trace_step
from tests.app.apptest import figures, open_page, svg_pictures
from tutor.figures.network import POS, network_figure
from tutor.figures.svg import Unsupported, app_font_css, figure_svg, rich_lines, texts_in
from tutor.figures.words import words_of
from tutor.i18n import LANGUAGES, t
from tutor.lesson import state as lesson_state
from tutor.stepping import state as stepping_state
from tutor.ui.notation import text as notation

TRACE = trace_step(Scenario.worked_example())
SVG_NS = "{http://www.w3.org/2000/svg}"
PHASES = {"overview": (), "forward": ("forward", "error"), "backward": ("backward",),
          "update": ("update",)}


def overview(lang: str = "en", presenting: bool = False, decimals: int = 4, trace=TRACE) -> dict:
    return network_figure(trace, view="overview", decimals=decimals, lang=lang,
                          presenting=presenting)


def parse(svg: str) -> ET.Element:
    """The SVG as XML: it must be a well-formed document."""
    return ET.fromstring(svg)


def x_px(attr: str, transform: str, width: float) -> float:
    """Where an x attribute ("37.5%" or "12.3") lands in a figure ``width`` px wide, after
    the element's translate(dx, 0)."""
    dx = float(re.fullmatch(r"translate\(([-\d.]+),0\)", transform).group(1))
    return (float(attr[:-1]) / 100 * width if attr.endswith("%") else float(attr)) + dx


def plotly_px(fig: dict, x: float, y: float, width: float) -> tuple[float, float]:
    """plotly.js's mapping: axis range to the plot area inside the margins."""
    lay = fig["layout"]
    m, (x0, x1), (y0, y1) = lay["margin"], lay["xaxis"]["range"], lay["yaxis"]["range"]
    return (m["l"] + (x - x0) / (x1 - x0) * (width - m["l"] - m["r"]),
            m["t"] + (y1 - y) / (y1 - y0) * (lay["height"] - m["t"] - m["b"]))


# --- mapping -------------------------------------------------------------------------------
@pytest.mark.parametrize("width", [512.0, 583.75, 740.0, 1000.0])
@pytest.mark.parametrize("node", ["h1", "o2", "b1"])
def test_a_node_sits_where_plotly_maps_it_at_any_container_width(node, width):
    fig = overview()
    circles = parse(figure_svg(fig)).findall(f"{SVG_NS}circle")
    circle = circles[list(POS).index(node)]
    want = plotly_px(fig, *POS[node], width)
    assert x_px(circle.get("cx"), circle.get("transform"), width) == pytest.approx(want[0],
                                                                                  abs=0.01)
    assert float(circle.get("cy")) == pytest.approx(want[1], abs=0.01)
    assert float(circle.get("r")) == 54 / 2 if node[0] != "b" else 38 / 2


def test_a_fixed_width_figure_is_drawn_in_plain_pixels():
    fig = overview()
    fig = {**fig, "layout": {**fig["layout"], "width": 600}}
    root = parse(figure_svg(fig))
    assert root.get("width") == "600"
    h1 = root.findall(f"{SVG_NS}circle")[list(POS).index("h1")]
    assert float(h1.get("cx")) == pytest.approx(plotly_px(fig, *POS["h1"], 600)[0], abs=0.01)


def test_the_picture_stretches_like_plotly_width_free_and_height_fixed():
    root = parse(figure_svg(overview()))
    assert root.get("width") == "100%" and root.get("height") == "455"
    assert parse(figure_svg(overview(presenting=True))).get("height") == "475"


def test_an_annotation_hangs_from_its_anchor_as_plotly_anchors_it():
    """xanchor left + xshift: the box's left edge xshift px right of the anchor; yanchor
    middle: the box centred on the anchor's row."""
    fig = overview()
    notes = fig["layout"]["annotations"]
    i = next(k for k, a in enumerate(notes) if a["name"] == "E_total")
    rects = parse(figure_svg(fig)).findall(f"{SVG_NS}rect")[1:]  # after the paper
    rect, note = rects[i], notes[i]
    ax, ay = plotly_px(fig, note["x"], note["y"], 583.75)
    border = note["borderwidth"]
    left = x_px(rect.get("x"), rect.get("transform"), 583.75) - border / 2
    assert left == pytest.approx(ax + note["xshift"], abs=0.01)
    top = float(rect.get("y")) - border / 2
    height = float(rect.get("height")) + border
    assert top + height / 2 == pytest.approx(ay, abs=0.6)  # whole px, as plotly rounds


# --- text ----------------------------------------------------------------------------------
def diagram_lines(fig: dict) -> list[str]:
    """Every line of every label of the figure, and each node's name."""
    lines = [ln for a in fig["layout"]["annotations"] for ln in a["text"].split("<br>")]
    return lines + [str(x) for tr in fig["data"] for x in tr.get("text", [])]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("presenting", [False, True])
def test_every_label_of_the_overview_is_in_the_svg(lang, presenting):
    fig = overview(lang, presenting)
    drawn = list(texts_in(figure_svg(fig)))
    assert sorted(drawn) == sorted(diagram_lines(fig))
    for name in ("w5", "w1", "i1"):
        assert f"{notation(name)} = {fmt(TRACE.scenario.get(name), 4)}" in drawn
    assert fmt(TRACE["E_total"], 4) in drawn and fmt(TRACE["out_o1"], 4) in " ".join(drawn)
    assert t("diagram.target", lang) in drawn


def test_text_is_escaped_and_the_document_stays_well_formed():
    fig = {"data": [], "layout": {
        "height": 200, "margin": {"l": 0, "r": 0, "t": 0, "b": 0},
        "xaxis": {"visible": False, "range": [0, 1]}, "yaxis": {"visible": False, "range": [0, 1]},
        "annotations": [{"x": 0.5, "y": 0.5, "showarrow": False,
                         "text": 'x < y & "z" \'q\' &amp; ]]> 目标值'}]}}
    svg = figure_svg(fig, title="a < b & c")
    root = parse(svg)
    assert root.find(f"{SVG_NS}title").text == "a < b & c"
    assert list(texts_in(svg)) == ['x < y & "z" \'q\' & ]]> 目标值']
    assert "x &lt; y &amp;" in svg and "<title>a &lt; b &amp; c</title>" in svg


def test_rich_text_tags_become_styled_runs_and_lines():
    lines = rich_lines("<b>net</b> h<sub>1</sub><br>x<sup>2</sup> <i>i</i>")
    assert [[(r.text, r.bold, r.italic, r.shift) for r in ln] for ln in lines] == [
        [("net", True, False, ""), (" h", False, False, ""), ("1", False, False, "sub")],
        [("x", False, False, ""), ("2", False, False, "sup"), (" ", False, False, ""),
         ("i", False, True, "")]]
    fig = {"data": [], "layout": {
        "height": 100, "xaxis": {"visible": False, "range": [0, 1]},
        "yaxis": {"visible": False, "range": [0, 1]},
        "annotations": [{"x": 0.5, "y": 0.5, "showarrow": False,
                         "text": "<b>a</b><br>E<sub>1</sub>"}]}}
    root = parse(figure_svg(fig))
    spans = root.iter(f"{SVG_NS}tspan")
    styled = {(s.text, s.get("font-weight"), s.get("baseline-shift")) for s in spans}
    assert ("a", "bold", None) in styled and ("1", None, "sub") in styled


# --- refusal -------------------------------------------------------------------------------
def with_change(change) -> dict:
    fig = overview()
    fig = {"data": [dict(tr) for tr in fig["data"]],
           "layout": {**fig["layout"], "annotations": [dict(a) for a in
                                                       fig["layout"]["annotations"]]}}
    change(fig)
    return fig


@pytest.mark.parametrize(("what", "change"), [
    ("a bar trace", lambda f: f["data"].append({"type": "bar", "x": [0], "y": [1]})),
    ("a heatmap", lambda f: f["data"].append({"type": "heatmap", "z": [[1]]})),
    ("hover", lambda f: f["data"][0].update(hoverinfo="x+y")),
    ("hover by default", lambda f: f["data"][0].pop("hoverinfo")),
    ("a dashed line", lambda f: f["data"][0].update(line={"color": "red", "dash": "dot"})),
    ("a square marker", lambda f: f["data"][-1]["marker"].update(symbol="square")),
    ("text above a marker", lambda f: f["data"][-1].update(textposition="top center")),
    ("a point outside the range", lambda f: f["data"][0].update(x=[0, 99])),
    ("an arrow", lambda f: f["layout"]["annotations"][0].update(showarrow=True)),
    ("paper coordinates", lambda f: f["layout"]["annotations"][0].update(xref="paper")),
    ("a link in text", lambda f: f["layout"]["annotations"][0].update(
        text='<a href="x">w</a>')),
    ("a visible axis", lambda f: f["layout"].update(xaxis={"range": [0, 1]})),
    ("no range", lambda f: f["layout"].update(yaxis={"visible": False})),
    ("a legend", lambda f: f["layout"].update(showlegend=True)),
    ("a title", lambda f: f["layout"].update(title={"text": "x"})),
    ("frames", lambda f: f.update(frames=[])),
    ("a colour it cannot read", lambda f: f["data"][0].update(
        line={"color": "url(#x)", "width": 2})),
])
def test_it_refuses_what_it_does_not_draw(what, change):
    with pytest.raises(Unsupported):
        figure_svg(with_change(change))


# --- every figure the diagram makes ---------------------------------------------------------
@pytest.mark.parametrize("view", list(PHASES))
@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("presenting", [False, True])
def test_every_view_and_step_of_the_network_figure_is_drawn(view, lang, presenting):
    for trace in (TRACE, trace_step(Scenario(train_biases=True))):
        steps = trace.phase_steps(*PHASES[view]) if PHASES[view] else ()
        for current in [None, *range(len(steps))]:
            for decimals in (2, 4, 10):
                fig = network_figure(trace, view=view, decimals=decimals, lang=lang,
                                     current=current, steps=steps, presenting=presenting)
                svg = figure_svg(fig)
                parse(svg)
                assert sorted(texts_in(svg)) == sorted(diagram_lines(fig))


def test_the_app_font_is_embedded_from_streamlit_s_own_file():
    css = app_font_css()
    assert css.startswith("@font-face{font-family:'Source Sans'")
    data = re.search(r"base64,([A-Za-z0-9+/=]+)\)", css).group(1)
    assert base64.b64decode(data)[:4] == b"wOF2"
    assert "Noto Sans CJK SC" in parse(figure_svg(overview(), font_css=css)).get("font-family")


# --- the overview page ----------------------------------------------------------------------
@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_overview_shows_the_diagram_as_an_svg_image_not_a_plotly_chart(lang):
    at = open_page("overview", lang)
    assert not at.exception and figures(at) == []
    ((words, svg),) = svg_pictures(at)
    assert sorted(texts_in(svg)) == sorted(diagram_lines(overview(lang)))
    # one picture for a screen reader, named by the figure's own words with its numbers
    assert words == words_of(overview(lang)) and fmt(TRACE["E_total"], 4) in words


def test_the_overview_s_picture_follows_the_example_and_presentation_mode():
    at = open_page("overview", "en")
    assert "w5 = 0.4000" in texts_in(svg_pictures(at)[0][1])
    at.session_state[stepping_state.SCENARIO] = Scenario.worked_example().with_value("w5", 0.9)
    at.run()
    assert "w5 = 0.9000" in texts_in(svg_pictures(at)[0][1])
    assert parse(svg_pictures(at)[0][1]).get("height") == "455"
    at.session_state[lesson_state.PRESENTATION] = True
    at.run()
    assert parse(svg_pictures(at)[0][1]).get("height") == "475"


# --- the stepping pages ----------------------------------------------------------------------
@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("page", ["forward", "backward", "update"])
def test_a_stepping_page_shows_its_step_s_diagram_as_an_svg_picture_not_a_plotly_chart(
        page: str, lang: str):
    at = open_page(page, lang)
    at.button(key=f"step.{page}.next").click().run()
    assert not at.exception and figures(at) == []  # no Plotly on the page at all
    steps = TRACE.phase_steps(*PHASES[page])
    fig = network_figure(TRACE, view=page, decimals=4, lang=lang, current=1, steps=steps)
    ((words, svg),) = svg_pictures(at)
    assert svg == figure_svg(fig) and sorted(texts_in(svg)) == sorted(diagram_lines(fig))
    # named for a screen reader by the step's words, with the step's own number
    assert words == " ".join(words_of(fig).split()) and fmt(steps[1].value, 4) in words
