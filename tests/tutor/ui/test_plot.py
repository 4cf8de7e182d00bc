"""A still figure as an inline SVG picture (tutor.ui.plot.svg_picture): one Markdown HTML block
a screen reader takes as one picture named by its words, in the page's own font."""

from __future__ import annotations

import html
import re

from bpcore import Scenario, trace_step
from tests.app.apptest import PICTURE
from tutor.figures.network import network_figure
from tutor.figures.svg import figure_svg
from tutor.figures.words import words_of
from tutor.ui.plot import PICTURE_CLASS, svg_picture

TRACE = trace_step(Scenario.worked_example())


def step_figure(lang: str = "en") -> dict:
    steps = TRACE.phase_steps("backward")
    return network_figure(TRACE, view="backward", decimals=4, lang=lang, current=4, steps=steps)


def test_the_picture_is_the_figure_s_svg_named_by_its_words():
    fig = step_figure()
    picture = svg_picture(fig, words_of(fig) or "")
    found = PICTURE.fullmatch(picture)
    assert found is not None and f'class="{PICTURE_CLASS}"' in picture
    assert found.group(2) == figure_svg(fig)
    assert html.unescape(found.group(1)) == " ".join((words_of(fig) or "").split())


def test_the_picture_is_one_markdown_html_block_without_a_font_of_its_own():
    # Markdown takes "<div" up to the first blank line as raw HTML: no line break at all
    fig = step_figure("zh")
    picture = svg_picture(fig, "a\n\nb")
    assert picture.startswith("<div ") and "\n" not in picture
    assert "@font-face" not in picture and "base64" not in picture
    assert len(picture.encode()) < 16_000  # the step's picture, sent on every step


def test_words_that_look_like_markup_stay_words():
    picture = svg_picture(step_figure(), 'w5 "<b>" & ∂E/∂w5 > 0')
    label = re.search(r'aria-label="([^"]*)"', picture).group(1)
    assert "<" not in label and ">" not in label and '"' not in label
    assert html.unescape(label) == 'w5 "<b>" & ∂E/∂w5 > 0'


def test_markup_in_a_figure_s_texts_is_drawn_as_text_never_as_markup():
    """The picture is raw HTML in the page (st.markdown with unsafe_allow_html: st.html's
    sanitiser drops SVG), so every text the figure carries comes out escaped, and a tag
    Plotly's rich text does not have is refused, never drawn."""
    import copy

    import pytest

    from tutor.figures.svg import Unsupported

    fig = copy.deepcopy(step_figure())
    note = fig["layout"]["annotations"][0]
    note["text"] = '&lt;script&gt;alert(1)&lt;/script&gt; "a" < b & c'
    picture = svg_picture(fig, '<img src=x onerror="alert(2)">')
    assert "<script" not in picture and "<img" not in picture
    assert "&lt;script&gt;alert(1)" in picture  # said, as text
    note["text"] = '<img src=x onerror="alert(3)">'  # no rich-text tag: text, escaped
    picture = svg_picture(fig, "words")
    assert "<img" not in picture and "&lt;img" in picture
    note["text"] = "<u>w5</u>"  # a tag Plotly's rich text lacks: refused, never drawn
    with pytest.raises(Unsupported):
        svg_picture(fig, "words")


def test_a_chart_s_json_is_written_by_orjson_and_reads_back_as_the_standard_json_s():
    """Streamlit writes every chart with plotly.io.to_json, whose "auto" engine takes orjson
    when it is installed (requirements.txt: 5–20x faster on the builder's charts); what the
    browser reads must be what the standard json engine writes: the same numbers, NaN as
    null."""
    import json

    import orjson  # noqa: F401 (the engine "auto" picks; its absence fails here)
    import plotly.io as pio

    from bpcore.recipe import Recipe
    from tutor.builder.controls import toy_plane_figure
    from tutor.builder.playframes import curves_spec
    from tutor.ui.plot import PrebuiltFigure

    assert pio.json.config.default_engine in ("auto", "orjson")
    run = Recipe(epochs=3).run()
    figures = [toy_plane_figure(run, run.network, "zh", 340, 24, None, False, True),
               curves_spec(run, "en", 1), step_figure(),
               {"data": [{"type": "scatter", "x": [0, 1, 2], "y": [0.1, float("nan"), 1e-300]}],
                "layout": {"title": {"text": "η = 0.5"}}}]
    for figure in figures:
        fast = pio.to_json(PrebuiltFigure(figure), validate=False)
        plain = pio.to_json(PrebuiltFigure(figure), validate=False, engine="json")
        assert fast == pio.to_json(PrebuiltFigure(figure), validate=False, engine="orjson")
        assert json.loads(fast) == json.loads(plain)
    assert json.loads(fast)["data"][0]["y"][1] is None
