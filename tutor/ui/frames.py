"""A Plotly chart whose figure changes many times a second without ever blanking (Play).

Why not st.plotly_chart: Streamlit 1.67 hashes the figure into a chart's element id even when
the chart has a key, so every new figure is a new element: the browser mounts a new Plotly
div (0 px high until Plotly has drawn, asynchronously) and drops the old one, and a paint in
between shows nothing — about one frame in five or ten while the builder plays. This element
is a keyed st.components.v2 component (its identity is its key): the same div stays, and each
new figure is drawn into it with ``Plotly.react``, which redraws in place.

It draws with the page's own Plotly (``window.Plotly``, loaded by the st.plotly_chart charts
the page shows before Play starts) in their look (the template Streamlit gave them); without
Plotly (never, on the builder) it draws nothing. The
figure's words go to a screen reader, before the chart, as show_figure's do, and its colour
scale in words goes under it (scale_caption's): both drawn by the component itself, so a chart
is one element of the page, not three (each element is one more message a frame's script run
hands to the server's event loop, and with it the GIL). There is no selection or hover
state: a frame is only looked at.

A frame is sent as one UTF-8 JSON text in bytes (``Drawn``, made once by ``prepared``): given a
dict, Streamlit's component JSON-encodes it twice (once to send, once sorted to hash it for
the element's identity), with the figure's own JSON text escaped inside; bytes are hashed
once and sent as they are. A prepared frame holds no session state, so the builder keeps the
recorded run's frames in a cache every session shares (tutor.builder.playframes).

Where one script run must draw many frames (a key is used once per run: the builder's run
drawn while it trains), each is a new element in a ``stack``: laid over the one before, which
stays seen until the new one is drawn.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from typing import Any

import plotly.io as pio
import streamlit as st

from tutor import session
from tutor.figures.words import describe, scale_of
from tutor.ui.plot import PLOTLY_CONFIG, PrebuiltFigure

_CONFIG_JSON = json.dumps(PLOTLY_CONFIG)


@dataclass(frozen=True)
class Drawn:
    """One frame of a chart ready to send: ``payload`` the UTF-8 JSON text {"config", "words",
    "scale", "figure"} (FRAME_JS draws it), and in it the figure's words and its colour scale
    in words ("" when it draws a colour bar)."""

    payload: bytes
    words: str
    scale: str


def as_streamlit_titles(spec: dict[str, Any]) -> dict[str, Any]:
    """The figure with its title styled as st.plotly_chart styles it: Streamlit's theme (its
    PlotlyChart, 1.67) puts the layout's title text in ``<b>…</b>`` in the browser, so a frame
    drawn here with Plotly.react gets the same before it is sent (a figure without a title,
    and ``spec`` itself, unchanged). The one title style of every chart, still or playing."""
    layout = spec.get("layout")
    if not isinstance(layout, dict) or layout.get("title") is None:
        return spec
    title = layout["title"]
    title = {"text": title} if isinstance(title, str) else dict(title)
    text = title.get("text") if isinstance(title.get("text"), str) else ""
    return {**spec, "layout": {**layout, "title": {**title, "text": f"<b>{text}</b>"}}}


def prepared(spec: dict[str, Any], decimals: int, lang: str, words: str | None = None
             ) -> Drawn:
    """A figure dict as a frame to send (its words at ``decimals`` in ``lang``, or ``words``
    when given: made once for several frames; its title as a still chart's:
    ``as_streamlit_titles``): pure, made once per figure however many sessions draw it."""
    figure = pio.to_json(PrebuiltFigure(as_streamlit_titles(spec)), validate=False)
    words = describe(spec, decimals, lang) if words is None else words
    scale = scale_of(spec) or ""
    text = (f'{{"config":{_CONFIG_JSON},"words":{json.dumps(words)},'
            f'"scale":{json.dumps(scale)},"figure":{figure}}}')
    return Drawn(text.encode(), words, scale)

# The frame arrives as bytes: the UTF-8 JSON text {"config": …, "figure": …} (NumPy arrays
# included, as Plotly's typed arrays), drawn into one div that keeps its height between
# frames (no jump when a frame is slow).
FRAME_JS = """
export default function (component) {
  const { data, parentElement } = component;
  let div = parentElement.querySelector(".bp-frame");
  if (!div) {
    // The figure's words for a screen reader only (not drawn), the chart, its scale.
    const words = document.createElement("div");
    words.className = "bp-frame-words";
    words.style.cssText = "position:absolute;width:1px;height:1px;padding:0;margin:-1px;"
      + "overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0";
    div = document.createElement("div");
    div.className = "bp-frame";
    const scale = document.createElement("div");
    scale.className = "bp-frame-scale";
    scale.style.cssText = "font-size:0.875rem;line-height:1.6;color:rgba(17,17,17,0.66);"
      + "padding-top:0.25rem";
    parentElement.append(words, div, scale);
  }
  if (!window.Plotly || !data) return;
  const frame = JSON.parse(new TextDecoder().decode(data));
  const figure = frame.figure;
  parentElement.querySelector(".bp-frame-words").textContent = frame.words || "";
  parentElement.querySelector(".bp-frame-scale").textContent = frame.scale || "";
  // The app's look: the template Streamlit gave the page's other Plotly charts.
  const themed = document.querySelector(".stPlotlyChart .js-plotly-plot");
  if (themed && themed.layout && themed.layout.template && figure.layout
      && !figure.layout.template) {
    figure.layout.template = themed.layout.template;
  }
  div.style.minHeight = (figure.layout && figure.layout.height || 0) + "px";
  const drawn = window.Plotly.react(div, figure.data, figure.layout,
                                    Object.assign({}, frame.config, { responsive: true }));
  // In a stack (STACK_PREFIX): drawn, it goes over every drawing (one not drawn yet stays
  // under them, however Streamlit paints it while it loads), and those before it go.
  Promise.resolve(drawn).then(() => {
    const item = parentElement.closest('[class*="st-key-bp_stack_"] > *');
    if (!item) return;
    window.__bpStackTop = (window.__bpStackTop || 0) + 1;
    item.style.zIndex = String(window.__bpStackTop);
    for (let old = item.previousElementSibling; old; old = old.previousElementSibling) {
      if (old.style.display === "none") break;
      old.querySelectorAll(".bp-frame").forEach(d => window.Plotly.purge(d));
      old.style.display = "none";
    }
  });
}
"""
# A stack: a container keyed STACK_PREFIX + name whose drawings (one child each, appended
# in one script run, where a key can be used once) are laid over each other, the newest
# drawn on top: the one before stays seen until the newest is drawn (FRAME_JS then hides it).
STACK_PREFIX = "bp_stack_"
STACK_CSS = (f'<style>[class*="st-key-{STACK_PREFIX}"] {{ display: grid !important; }}'
             f'[class*="st-key-{STACK_PREFIX}"] > * {{ grid-area: 1 / 1; }}</style>')


@functools.cache
def _component() -> Any:
    """The component, registered once per process (registering again only logs a warning)."""
    return st.components.v2.component("bptutor_plotly_frame", js=FRAME_JS,
                                       isolate_styles=False)


def stack(name: str) -> Any:
    """A container whose drawings replace each other without a gap (see STACK_PREFIX): each
    one ``with stack_container: with st.container(): frame_figure(…)`` under keys of its own.
    The page must show STACK_CSS once."""
    return st.container(key=f"{STACK_PREFIX}{name}")


def frame_figure(spec: dict[str, Any], key: str) -> None:
    """Draw a figure dict as one frame of an animation under ``key``: the next call with the
    same key redraws the same chart in place. Its words (in the session's language at its
    precision) precede it, its scale follows it."""
    ss = st.session_state
    draw_frame(prepared(spec, int(ss.get(session.PRECISION, 4)), ss.get(session.LANG, "en")),
               key)


def draw_frame(drawn: Drawn, key: str) -> None:
    """Draw a prepared frame under ``key`` (see frame_figure): its words and its scale
    are drawn by the component itself (FRAME_JS), one element a chart rather than three
    (each element of a frame is a message the script thread hands to the server's loop)."""
    # As high as its content: the chart's div keeps the figure's height from the start
    # (FRAME_JS), its scale as many lines as it takes in the column.
    _component()(key=key, data=drawn.payload, height="content")
