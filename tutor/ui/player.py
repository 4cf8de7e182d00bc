"""Play's watched area as one element that plays a batch of frames in the browser.

A fragment rerun's cost to the server is mostly its elements, not its charts
(tutor.builder.playframes makes a recorded run's frames once per server). So while the
builder plays its recorded run, one rerun sends a *batch*: the next few frames, compressed
(tutor.builder.playbatch), and this keyed st.components.v2 element inflates them (the
browser's DecompressionStream) and shows them one after another at the batch's pace (``ms``
between two), the counter, the network picture, the output plot and the marker on the loss
curves together, each chart redrawn in place with ``Plotly.react`` (never blank: the last
frame stays until the next).

The browser asks for the next batch itself: when what it has left to show is AHEAD batches
or less, it sets its state value ``shown`` ({"seq": the newest batch it has, "at": the epoch it
shows}), which reruns the fragment (setStateValue reruns its element's fragment). If no new
batch comes within RETRY_MS it asks again. A click on a button of Play's row (Pause, Step…)
first freezes the frames where they are and reports that epoch in the same message as the
click: Pause stops on the epoch the learner sees, and the server's state says that epoch.

What the browser sends back is only read through ``report``: anything but a small dict of
integers is ignored (a hostile page can send any JSON). The element exposes what it did as
data attributes, for the tests: ``data-epoch`` (shown), ``data-frames`` (frames shown),
``data-batches`` (batches received).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, NamedTuple

import streamlit as st

RETRY_MS = 4000  # no new batch this long after asking: ask again
AHEAD = 2  # the browser asks for the next batch when it has this many batches or less to show
ROW_CLASS = "st-key-builder_play"  # Play's row of buttons: a click there reports the frame

PLAYER_JS = """
const AHEAD = __AHEAD__;  // batches the browser keeps in hand at most, past the one it shows
export default async function (component) {
  const { data, parentElement, setStateValue } = component;
  let area = parentElement.querySelector(".bp-player");
  if (!area) {
    area = document.createElement("div");
    area.className = "bp-player";
    area.style.cssText = "display:flex;flex-direction:column;gap:0.5rem";
    const hidden = "position:absolute;width:1px;height:1px;padding:0;margin:-1px;"
      + "overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0";
    const scaleCss = "font-size:0.875rem;line-height:1.6;color:rgba(17,17,17,0.66);"
      + "padding-top:0.25rem";
    const chart = (name) => {
      const box = document.createElement("div");
      box.className = "bp-" + name;
      box.style.minWidth = "0";
      const words = document.createElement("div");
      words.className = "bp-words";
      words.style.cssText = hidden;
      const plot = document.createElement("div");
      plot.className = "bp-plot";
      const scale = document.createElement("div");
      scale.className = "bp-scale";
      scale.style.cssText = scaleCss;
      box.append(words, plot, scale);
      return box;
    };
    const counter = document.createElement("div");
    counter.className = "bp-counter";
    counter.setAttribute("aria-live", "off");
    counter.style.cssText = "line-height:1.6";
    const row = document.createElement("div");
    row.style.cssText = "display:grid;grid-template-columns:1.2fr 1fr;gap:1rem";
    row.append(chart("network"), chart("plane"));
    area.append(counter, row, chart("curves"));
    parentElement.append(area);
    area.bp = { queue: [], seq: -1, asked: -1, askedAt: 0, frames: 0, batches: 0,
                timer: null, at: null, frozen: false, last: false };
  }
  const bp = area.bp;
  const Plotly = window.Plotly;
  const themed = () => {
    const chart = document.querySelector(".stPlotlyChart .js-plotly-plot");
    return chart && chart.layout && chart.layout.template;
  };
  const draw = (box, drawn) => {
    const plot = box.querySelector(".bp-plot");
    box.querySelector(".bp-words").textContent = (drawn && drawn.words) || "";
    box.querySelector(".bp-scale").textContent = (drawn && drawn.scale) || "";
    if (!drawn) { if (Plotly) Plotly.purge(plot); plot.style.minHeight = "0"; return; }
    if (!Plotly) return;
    const figure = drawn.figure;
    const template = themed();
    if (template && figure.layout && !figure.layout.template) {
      figure.layout.template = template;
    }
    plot.style.minHeight = ((figure.layout && figure.layout.height) || 0) + "px";
    Plotly.react(plot, figure.data, figure.layout,
                 Object.assign({}, drawn.config, { responsive: true }));
  };
  // The loss curves are sent once a batch: only the line at the epoch shown moves.
  const mark = () => {
    const curves = area.querySelector(".bp-curves .bp-plot");
    if (Plotly && curves.data && bp.marker !== undefined) {
      Plotly.relayout(curves, { "shapes[0].x0": bp.marker, "shapes[0].x1": bp.marker });
    }
  };
  const ask = () => {
    bp.asked = bp.seq;
    bp.askedAt = Date.now();
    setStateValue("shown", { seq: bp.seq, at: bp.at, asked: bp.askedAt });
  };
  const show = () => {
    if (!area.isConnected) { clearInterval(bp.timer); bp.timer = null; return; }
    if (bp.frozen) return;
    const frame = bp.queue.shift();
    if (frame) {
      bp.at = frame.at;
      bp.frames += 1;
      area.querySelector(".bp-counter").innerHTML = frame.counter;
      draw(area.querySelector(".bp-network"), frame.network);
      draw(area.querySelector(".bp-plane"), frame.plane);
      // The own network's frames each carry their curves (its curve grows as it trains).
      if (frame.curves) draw(area.querySelector(".bp-curves"), frame.curves);
      bp.marker = frame.marker;
      mark();
      area.dataset.epoch = String(frame.at);
      area.dataset.frames = String(bp.frames);
    }
    // Ask for the next batch when two batches or less are left (a busy server's rerun can
    // take a second or two), and at the end, to say so; ask again when the answer is late
    // (a rerun the server dropped).
    const end = bp.last && !bp.queue.length;
    if (bp.asked !== bp.seq ? end || (!bp.last && bp.queue.length <= AHEAD * bp.batch)
        : (end || !bp.last) && Date.now() - bp.askedAt > __RETRY_MS__) {
      ask();
    }
  };
  // A click on Play's row (Pause, Step…): the frames stop where they are, and that epoch goes
  // to the server with the click (one message: Streamlit flushes a task's changes together).
  if (!window.__bpPlayerClick) {
    window.__bpPlayerClick = true;
    document.addEventListener("click", (event) => {
      const player = document.querySelector(".bp-player");
      if (!player || !player.bp || !player.bp.report) return;
      if (!event.target.closest || !event.target.closest(".__ROW__")) return;
      player.bp.report();
    }, true);
  }
  bp.report = () => {
    if (bp.frozen || bp.at === null) return;
    bp.frozen = true;
    setStateValue("shown", { seq: bp.seq, at: bp.at, asked: Date.now(), stop: true });
  };
  // The batch (tutor.builder.playbatch): "BPB1", then length-prefixed parts: the header
  // (JSON), the curves and each frame's charts (JSON, zlib-compressed).
  const bytes = data instanceof ArrayBuffer ? new Uint8Array(data)
    : data && data.buffer ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
    : null;
  if (!bytes || bytes.length < 8 || new TextDecoder().decode(bytes.subarray(0, 4)) !== "BPB1") {
    return;
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const parts = [];
  for (let at = 4; at + 4 <= bytes.length;) {
    const size = view.getUint32(at);
    parts.push(bytes.subarray(at + 4, at + 4 + size));
    at += 4 + size;
  }
  const inflate = async (part) => JSON.parse(await new Response(
    new Blob([part]).stream().pipeThrough(new DecompressionStream("deflate"))).text());
  let batch = null;
  try {
    batch = JSON.parse(new TextDecoder().decode(parts[0]));
    if (!batch || typeof batch.seq !== "number" || batch.seq <= (bp.taken ?? -1)) return;
    bp.taken = batch.seq;  // this one is on its way (inflating is asynchronous)
    batch.curves = await inflate(parts[1]);
    const charts = await Promise.all(parts.slice(2).map(inflate));
    batch.frames.forEach((frame, k) => Object.assign(frame, charts[k]));
  } catch (err) {
    return;
  }
  if (batch.seq <= bp.seq || !area.isConnected) return;
  bp.seq = batch.seq;
  bp.batches += 1;
  bp.batch = batch.frames.length;
  bp.last = !!batch.last;
  area.dataset.batches = String(bp.batches);
  draw(area.querySelector(".bp-curves"), batch.curves);
  mark();
  for (const frame of batch.frames) bp.queue.push(frame);
  // Bounded however it is driven (the server keeps these batches' epochs as sent).
  while (bp.queue.length > (AHEAD + 1) * bp.batch) bp.queue.shift();
  if (bp.timer === null) {
    show();
    bp.timer = setInterval(show, batch.ms);
  }
  // No cleanup returned: Streamlit calls it before every new batch; the timer stops itself
  // once the area is gone (show).
}
""".replace("__RETRY_MS__", str(RETRY_MS)).replace("__ROW__", ROW_CLASS).replace(
    "__AHEAD__", str(AHEAD))


class Report(NamedTuple):
    """What the browser said it shows: the newest batch it has (``seq``), the epoch on
    screen (``at``), and ``stop``: sent with a click on Play's row (the frames froze)."""

    seq: int
    at: int
    stop: bool


def report(value: Any) -> Report | None:
    """The browser's ``shown`` state as a Report, or None for anything else (whatever a
    browser sends: only a dict with integer seq and at in range is read)."""
    if not isinstance(value, dict):
        return None
    seq, at = value.get("seq"), value.get("at")
    if not (type(seq) is int and type(at) is int and 0 <= seq < 2**31 and 0 <= at < 2**31):
        return None
    return Report(seq, at, value.get("stop") is True)


@functools.cache
def _component() -> Any:
    """The component, registered once per process (registering again only logs a warning)."""
    return st.components.v2.component("bptutor_frame_player", js=PLAYER_JS,
                                       isolate_styles=False)


def play(payload: bytes, key: str, on_shown: Callable[[], None]) -> Report | None:
    """Send one batch (tutor.builder.playbatch's payload) to the player under ``key``; what
    it reported it shows (``on_shown``: called when that changes, before the script)."""
    result = _component()(key=key, data=payload, height="content", on_shown_change=on_shown)
    return report(getattr(result, "shown", None))


def shown(key: str) -> Report | None:
    """The player's last report from the session (in a callback: before the script draws)."""
    value = st.session_state.get(key)
    return report(value.get("shown") if isinstance(value, dict) else None)
