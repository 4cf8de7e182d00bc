"""Send a prebuilt Plotly figure dict to the browser without Plotly's object layer.

Why: st.plotly_chart validates a dict by building a plotly Figure from it, which costs
about 0.5 s for the 24-frame network diagram (0.25 s even with validation off). A Figure
instance is taken as already valid and only asked for to_dict(), so a Figure that *is* the
dict costs nothing. The figures are validated once, in the tests
(tests/tutor/figures/test_diagram.py).

A still figure (the network diagrams: the overview and each step of the stepping pages) is
not sent to Plotly at all: svg_picture draws it as inline SVG on the server
(tutor.figures.svg), show_picture / show_svg put it in the page, so a fresh browser shows it
without fetching and evaluating Plotly's 4.7 MB of JavaScript.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any, Final

import plotly.graph_objects as go
import streamlit as st

from tutor import session
from tutor.figures.words import describe, scale_of, table_of, words_of
from tutor.i18n import t
from tutor.ui.a11y import sr_only

PLOTLY_CONFIG = {"displayModeBar": False, "scrollZoom": False}
# The <div> around an inline SVG picture (svg_picture): one element a screen reader names.
PICTURE_CLASS: Final = "bp-picture"


class PrebuiltFigure(go.Figure):
    """A go.Figure that hands Streamlit a ready figure dict as it is."""

    def __init__(self, spec: dict[str, Any]) -> None:  # noqa: D107
        # No super().__init__(): building Plotly's objects is exactly the cost avoided here.
        object.__setattr__(self, "_spec", spec)

    def to_dict(self) -> dict[str, Any]:
        return self._spec


def figure_words(spec: dict[str, Any]) -> str:
    """The figure in words, in the session's language at its precision (tutor.figures.words)."""
    ss = st.session_state
    return describe(spec, int(ss.get(session.PRECISION, 4)), ss.get(session.LANG, "en"))


def show_figure(spec: dict[str, Any], key: str, table: bool = False) -> None:
    """Render a figure dict at full width with the app's chart config, its words (what it
    shows, with its numbers) just before it for a screen reader; ``table``: its curves' numbers
    in a closed "Show as a table" expander under it (a curve chart, where a table serves a
    reader who cannot see or hover the chart better)."""
    sr_only(figure_words(spec))
    st.plotly_chart(PrebuiltFigure(spec), config=PLOTLY_CONFIG, key=key,
                    width="stretch")
    scale_caption(spec)
    if table:
        figure_table(spec)


def figure_table(spec: dict[str, Any]) -> None:
    """The figure's curves as a table (tutor.figures.words.table_of: x, one column per curve,
    at most 50 rows with the first, the last and each curve's lowest), in a closed expander.

    A Markdown table, not st.table: a page's own tables stay the only st.table elements (the
    page tests and the browser's locators find them by position)."""
    ss = st.session_state
    draw_table(table_markdown(spec, int(ss.get(session.PRECISION, 4))), ss.get(session.LANG, "en"))


def table_markdown(spec: dict[str, Any], decimals: int) -> str:
    """The figure's curves as a Markdown table (figure_table's), "" when it has none."""
    header, rows = table_of(spec, decimals, "")
    if len(header) < 2 or not rows:
        return ""

    def line(cells: list[str]) -> str:
        return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"

    return "\n".join([line(header), line(["---"] * len(header)), *(line(row) for row in rows)])


def draw_table(markdown: str, lang: str) -> None:
    """A table_markdown in a closed "Show as a table" expander (nothing when it is "")."""
    if markdown:
        with st.expander(t("chart.show_table", lang)):
            st.markdown(markdown)


def scale_caption(spec: dict[str, Any]) -> None:
    """The figure's colour scale in words under it, when its heatmaps draw no colour bar
    (tutor.figures.words.with_scale: one scale shared by many tiles, a class's colour)."""
    scale = scale_of(spec)
    if scale:
        st.caption(scale)


def svg_picture(spec: Mapping[str, Any], words: str) -> str:
    """A static figure dict as inline SVG markup (tutor.figures.svg) in a ``<div>`` that a
    screen reader takes as one picture named by ``words`` (role="img", aria-label).

    Inline, not an SVG image: in the page the SVG's text is drawn in the page's own web font
    (Source Sans, which Streamlit has loaded already), where an image sees no page fonts and
    had to carry the font itself, 170 kB, sent base64 twice over (~300 kB) with every picture.
    One line, no blank line: Markdown takes a block opening with ``<div`` as raw HTML up to
    the first blank line, and writes nothing of its own into it."""
    from tutor.figures.svg import figure_svg

    svg = figure_svg(spec).replace("\n", " ")
    return (f'<div class="{PICTURE_CLASS}" role="img" '
            f'aria-label="{html.escape(" ".join(words.split()), quote=True)}">{svg}</div>')


def show_picture(picture: str, key: str) -> None:
    """Draw ``picture`` (svg_picture's markup) at the column's width in a container keyed
    ``key`` (its class ``st-key-<key>``, which the tests and the benchmark look for): no
    Plotly JavaScript in the browser."""
    with st.container(key=key):
        st.markdown(picture, unsafe_allow_html=True)


def show_svg(spec: dict[str, Any], key: str, title: str = "") -> None:
    """Render a static figure dict as an inline SVG picture (svg_picture, show_picture), its
    words (the figure's own, else ``title``, else described) for a screen reader."""
    show_picture(svg_picture(spec, words_of(spec) or title or figure_words(spec)), key)
