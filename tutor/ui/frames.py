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
figure's words go to a screen reader as show_figure's do; there is no selection or hover
state: a frame is only looked at.

Where one script run must draw many frames (a key is used once per run: the builder's run
drawn while it trains), each is a new element in a ``stack``: laid over the one before, which
stays seen until the new one is drawn.
"""

from __future__ import annotations

import functools
from typing import Any

import plotly.io as pio
import streamlit as st

from tutor.ui.a11y import sr_only
from tutor.ui.plot import PLOTLY_CONFIG, PrebuiltFigure, figure_words, scale_caption

# The figure arrives as Plotly's JSON text (NumPy arrays included), drawn into one div that
# keeps its height between frames (no jump when a frame is slow).
FRAME_JS = """
export default function (component) {
  const { data, parentElement } = component;
  let div = parentElement.querySelector(".bp-frame");
  if (!div) {
    div = document.createElement("div");
    div.className = "bp-frame";
    parentElement.appendChild(div);
  }
  if (!window.Plotly || !data) return;
  const figure = JSON.parse(data.figure);
  // The app's look: the template Streamlit gave the page's other Plotly charts.
  const themed = document.querySelector(".stPlotlyChart .js-plotly-plot");
  if (themed && themed.layout && themed.layout.template && figure.layout
      && !figure.layout.template) {
    figure.layout.template = themed.layout.template;
  }
  div.style.minHeight = (figure.layout && figure.layout.height || 0) + "px";
  const drawn = window.Plotly.react(div, figure.data, figure.layout,
                                    Object.assign({}, data.config, { responsive: true }));
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
    same key redraws the same chart in place. Its words precede it, its scale follows it."""
    sr_only(figure_words(spec))
    # Its height held from the start: a new one (in a stack) keeps its caption where the
    # drawing before had it.
    height = spec.get("layout", {}).get("height")
    _component()(key=key, data={"figure": pio.to_json(PrebuiltFigure(spec), validate=False),
                                "config": PLOTLY_CONFIG},
                 height=int(height) if isinstance(height, (int, float)) else "content")
    scale_caption(spec)
