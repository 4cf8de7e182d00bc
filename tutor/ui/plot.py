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
from dataclasses import dataclass
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


@dataclass(frozen=True)
class Still:
    """A still chart ready to draw (``show_still``): its figure dict, its words for a screen
    reader, its colour scale in words ("" when it draws a colour bar or none) and its curves'
    numbers as a Markdown table ("" when not asked for or none). Pure, so a chart every
    session draws alike (the builder's paused frame) is made once per server
    (tutor.builder.playframes) and only sent by each."""

    figure: dict[str, Any]
    words: str
    scale: str
    table: str = ""


def still(spec: dict[str, Any], decimals: int, lang: str, table: bool = False) -> Still:
    """``spec`` as a Still: its words at ``decimals`` in ``lang``; ``table``: with its table."""
    return Still(spec, describe(spec, decimals, lang), scale_of(spec) or "",
                 table_markdown(spec, decimals) if table else "")


def show_still(drawn: Still, key: str, lang: str, **select: Any) -> None:
    """Render a Still at full width with the app's chart config, its words (what it shows,
    with its numbers) just before it for a screen reader, its colour scale in words under it
    and its table, if any, in a closed "Show as a table" expander; ``select``:
    st.plotly_chart's ``on_select`` and ``selection_mode`` for a chart a click chooses in."""
    sr_only(drawn.words)
    st.plotly_chart(PrebuiltFigure(drawn.figure), config=PLOTLY_CONFIG, key=key,
                    width="stretch", **select)
    if drawn.scale:
        st.caption(drawn.scale)
    draw_table(drawn.table, lang)


def show_figure(spec: dict[str, Any], key: str, table: bool = False) -> None:
    """Render a figure dict as a Still (``show_still``) in the session's language at its
    precision; ``table``: its curves' numbers in a closed "Show as a table" expander under it
    (a curve chart, where a table serves a reader who cannot see or hover the chart
    better)."""
    ss = st.session_state
    lang = ss.get(session.LANG, "en")
    show_still(still(spec, int(ss.get(session.PRECISION, 4)), lang, table), key, lang)


def table_markdown(spec: dict[str, Any], decimals: int) -> str:
    """The figure's curves as a Markdown table (tutor.figures.words.table_of: x, one column per
    curve, at most 50 rows with the first, the last and each curve's lowest), "" when it has
    none. A Markdown table, not st.table: a page's own tables stay the only st.table elements
    (the page tests and the browser's locators find them by position)."""
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
