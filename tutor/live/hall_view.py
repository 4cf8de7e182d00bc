"""A follower's stepping page drawn in the browser: the view tutor.live.hall serves.

One st.components.v2 element in the place of the diagram, the step's panel and the values
table, laid out as tutor.stepping.stepview lays them out (the diagram at the page's share of
the width, the panel beside it, the table under them; one column on a phone), with the
frame's own classes, so the frame's style sheet sizes its formula as on the page
(tutor.ui.page.FRAME_CSS: ``st-key-step-panel``, ``st-key-step-formula``). It draws a
step's card (tutor.stepping.card): the picture, the header, the explanation in a box a
screen reader reads (role="status"), the formula typeset by the KaTeX module Streamlit
itself serves (the same one ``st.latex`` uses; its source as text if it cannot load), the
formula in words (a polite live region), the notes and the table.

Then it holds one request open on ``hall.STEP_PATH`` with the version it shows: an answer
with a card is drawn in place (``data-version``, ``data-step`` and ``data-flips`` on the
element say what it drew, for the tests and the benchmark); ``rerun`` (or a route that
fails three times running) sets its trigger ``moved``, which reruns the page (inside the
follower's pushed fragment: tutor.live.ui.pushed_part), and the page applies the move as
it always did. Nothing the browser sends back is read but that trigger.
"""

from __future__ import annotations

import secrets
from typing import Any, Final

import streamlit as st

from tutor.lesson import state as lesson_state
from tutor.lesson.codeview import showing_code
from tutor.live import push as live_push
from tutor.live import state as live_state
from tutor.live.hall import HALL, STEP_PATH, WAIT_S, View, base_of, katex_path
from tutor.modes import state as modes_state
from tutor.stepping.card import CardKey, card
from tutor.stepping.network import STEPPING_PAGES

HALL_TOKEN: Final = "live.hall_token"  # str: this session's view's token (tutor.live.hall)
HALL_RUNS: Final = "live.hall_runs"  # int: how many times this session drew its view
VIEW_KEY: Final = "live.hall_view"  # the element's key (its class st-key-live-hall-view)

VIEW_JS = r"""
const FAILS = 3;  // a route that fails this many times running: the page reruns instead
const RETRY_MS = 30000;  // the longest wait between two reruns asked for
const POLL_MS = __POLL_MS__;  // a poll not answered by then is given up (the server's wait + 10 s)
export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  let root = parentElement.querySelector(".bp-hall");
  if (!root) {
    root = document.createElement("div");
    root.className = "bp-hall";
    root.innerHTML = `
      <div class="bp-hall-row">
        <div class="bp-hall-diagram"></div>
        <div class="bp-hall-panel st-key-step-panel">
          <p class="bp-hall-head"></p>
          <div class="bp-hall-info" role="status" aria-live="polite"></div>
          <style class="bp-hall-fit"></style>
          <div class="st-key-step-formula bp-hall-formula"></div>
          <div class="bp-hall-words" role="status" aria-live="polite"></div>
          <div class="bp-hall-notes"></div>
        </div>
      </div>
      <div class="bp-hall-table"></div>`;
    parentElement.append(root);
    root.bp = { version: -1, token: "", run: -1, flips: 0, fails: 0, asked: 0,
                polling: false, katex: null };
  }
  const bp = root.bp;
  if (!data || typeof data.token !== "string") return;
  bp.data = data;  // every drawing, the poll's included, reads the page's newest
  bp.trigger = setTriggerValue;
  const el = (name) => root.querySelector(".bp-hall-" + name);
  const text = (tag, value, cls) => {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    node.textContent = value;
    return node;
  };
  const tex = (latex, display) => {
    const node = document.createElement(display ? "div" : "span");
    // As st.latex nests it (span.katex-display > span.katex), for the frame's type rule.
    const math = document.createElement("span");
    if (display) math.className = "katex-display";
    node.append(math);
    if (bp.katex) {
      try {
        bp.katex.render(latex, math, { displayMode: display, throwOnError: false,
                                       output: "mathml" });
        // A minus after an opening bracket or an operator is a sign, drawn close to its
        // number as KaTeX's HTML draws it ("(−0.0227)"), not spaced as a subtraction.
        math.querySelectorAll("mo").forEach((mo) => {
          const before = mo.previousElementSibling;
          if (mo.textContent === "\u2212" && before && before.localName === "mo"
              && !/^[)\]]$/.test(before.textContent)) {
            mo.setAttribute("lspace", "0");
            mo.setAttribute("rspace", "0");
          }
        });
        return node;
      } catch (err) { /* drawn as its source below */ }
    }
    math.textContent = latex;
    return node;
  };
  const draw = (card) => {
    const d = bp.data;
    root.style.setProperty("--bp-diagram", d.share + "fr");
    root.style.setProperty("--bp-panel", (1 - d.share) + "fr");
    el("diagram").className = "bp-hall-diagram st-key-" + d.page + "-diagram";
    el("diagram").innerHTML = card.picture;  // the server's own SVG markup (tutor.ui.plot)
    const panel = el("panel");
    panel.style.setProperty("--formula-em", String(card.width_em));
    if (d.formula_max) panel.style.setProperty("--formula-max", d.formula_max);
    else panel.style.removeProperty("--formula-max");
    const head = el("head");
    head.replaceChildren(text("strong", card.place), document.createTextNode(
      " · " + card.phase + " · "), tex(card.symbol, false));
    el("info").textContent = card.explanation;
    el("fit").textContent = card.fit_css;
    el("formula").replaceChildren(...card.fits.map((fit) => tex(fit.latex, true)));
    el("words").textContent = card.words;
    el("notes").replaceChildren(...card.notes.map(
      (note) => text("div", note.text, "bp-hall-note bp-hall-" + note.kind)));
    const table = el("table");
    table.replaceChildren();
    if (card.table) {
      table.append(text("p", card.table.title, "bp-hall-title"));
      const grid = document.createElement("table");
      const headRow = document.createElement("tr");
      card.table.columns.forEach((c) => headRow.append(text("th", c)));
      grid.append(headRow);
      card.table.rows.forEach((row) => {
        const tr = document.createElement("tr");
        row.forEach((cell) => tr.append(text("td", cell)));
        grid.append(tr);
      });
      table.append(grid);
    }
    root.dataset.step = String(card.step);
    root.dataset.count = String(card.count);
  };
  const show = (version, card) => {
    bp.version = version;
    bp.card = card;
    draw(card);
    root.dataset.version = String(version);
  };
  // A wait the page's next drawing cuts short (bp.wake).
  const sleep = (ms) => new Promise((done) => { bp.wake = done; setTimeout(done, ms); });
  // The page's run applies what the view cannot draw, then draws the view anew (a new
  // token or version for the next poll). Asked again, less often, while none comes (a
  // trigger lost on a reconnecting socket), never more than every RETRY_MS.
  const rerun = async () => {
    bp.asked = (bp.asked || 0) + 1;
    bp.trigger("moved", bp.version);
    await sleep(Math.min(RETRY_MS, 2000 * bp.asked));
  };
  const poll = async () => {
    if (bp.polling) return;
    bp.polling = true;
    try {
      while (root.isConnected) {
        const token = bp.token, run = bp.run;
        let body = null;
        // A poll that hangs (a phone changing networks) is given up after POLL_MS.
        const control = new AbortController();
        const timer = setTimeout(() => control.abort(), POLL_MS);
        bp.abort = control;
        bp.since = Date.now();
        try {
          const url = bp.data.path + "?t=" + encodeURIComponent(token) + "&v=" + bp.version;
          const answer = await fetch(url, { cache: "no-store", credentials: "same-origin",
                                            signal: control.signal });
          body = answer.ok ? await answer.json() : null;
        } catch (err) {
          body = null;
        } finally {
          clearTimeout(timer);
        }
        if (!root.isConnected) return;  // the page no longer draws the view: its runs do
        // The page drew the view anew meanwhile: ask again, from what it drew.
        const drawnFor = body && typeof body.run === "number" ? body.run : run;
        if (token !== bp.token || drawnFor !== bp.run) continue;
        if (!body) {
          bp.fails += 1;
          if (bp.fails >= FAILS) await rerun();
          else await sleep(1000 * bp.fails);
          continue;
        }
        bp.fails = 0;
        if (body.rerun) { await rerun(); continue; }
        bp.asked = 0;
        if (body.card && body.version > bp.version) {
          bp.flips += 1;
          root.dataset.flips = String(bp.flips);
          show(body.version, body.card);
        }
      }
    } finally {
      bp.polling = false;
    }
  };
  const start = async () => {
    if (data.run !== bp.run) {  // a new drawing: a rerun asked for came, or anything else
      bp.run = data.run;
      bp.asked = 0;
      if (bp.wake) bp.wake();
    }
    if (bp.polling && bp.abort && Date.now() - bp.since > POLL_MS) bp.abort.abort();
    if (!bp.katex && data.katex) {
      // (a full address: this module's own may be a blob:, against which a path resolves
      // to nothing)
      const at = new URL(data.katex, window.location.href).href;
      try { bp.katex = (await import(at)).default; } catch (err) { bp.katex = null; }
    }
    // The page's run is newer than what the view shows, or the same: it is drawn as sent.
    if (data.token !== bp.token || data.version >= bp.version) {
      bp.token = data.token;
      show(data.version, JSON.parse(data.card));
    } else if (bp.card) {
      draw(bp.card);
    }
    poll();
  };
  start();
}
""".replace("__POLL_MS__", str(int((WAIT_S + 10) * 1000)))

VIEW_CSS = """<style>
.bp-hall-row { display: grid; gap: 1rem; align-items: start;
  grid-template-columns: minmax(0, var(--bp-diagram, 0.58fr)) minmax(0, var(--bp-panel, 0.42fr)); }
.bp-hall-head { margin: 0 0 0.5rem 0; }
/* read by a screen reader, not drawn (as tutor.ui.a11y's, whose class would hide the element) */
.bp-hall-words { position: absolute !important; width: 1px; height: 1px; padding: 0;
  margin: -1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
.bp-hall-info { background: rgba(28, 131, 225, 0.1); color: #0b3c6e; border-radius: 0.5rem;
  padding: 0.75rem 1rem; margin-bottom: 0.5rem; }
/* KaTeX's MathML (its HTML needs the style sheet of the KaTeX Streamlit bundles for st.latex,
   another version): an aligned formula's columns as KaTeX lays them out, which MathML Core
   leaves to the style sheet (its columnalign and columnspacing are not in Core) */
.bp-hall-panel mtable mtd { padding: 0.15em 0; }
/* the math font's widths are not KaTeX's, on which the breaking was chosen: never cut off */
.bp-hall-formula > div { overflow-x: auto; overflow-y: hidden; }
.bp-hall-panel mtable mtd:nth-child(odd) { text-align: right; }
.bp-hall-panel mtable mtd:nth-child(even) { text-align: left; }
.bp-hall-panel .katex-display { margin: 0.5em 0; text-align: center; }
.bp-hall-note { margin-top: 0.5rem; }
.bp-hall-caption { font-size: 0.875rem; color: rgba(17, 17, 17, 0.66); }
.bp-hall-warning { background: rgba(255, 189, 69, 0.2); color: #6b4400; border-radius: 0.5rem;
  padding: 0.75rem 1rem; }
.bp-hall-success { background: rgba(33, 195, 84, 0.12); color: #0c4a22;
  border-radius: 0.5rem; padding: 0.75rem 1rem; }
.bp-hall-title { font-weight: 600; margin: 1rem 0 0.25rem 0; }
.bp-hall-table { overflow-x: auto; }  /* a phone: the table scrolls, not the page */
.bp-hall-table table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
.bp-hall-table :is(th, td) { border: 1px solid #9aa4b2; padding: 0.25rem 0.75rem;
  text-align: left; }
.bp-hall-table th { background: #eef2f7; font-weight: 600; }
@media (max-width: 640px) {
  .bp-hall-row { grid-template-columns: minmax(0, 1fr); }
  .bp-hall-row > .bp-hall-diagram { overflow-x: auto; }
  .bp-hall-row > .bp-hall-diagram > * { min-width: 620px; }
}
</style>"""


def _session_id() -> str | None:
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx(suppress_warning=True)
    return None if ctx is None else ctx.session_id


def will_draw(page: str) -> bool:
    """True when ``page`` is drawn as this session's view: a stepping page, watching (no
    learning mode), its formula not hidden, not showing the step's code, and ``wanted``."""
    ss = st.session_state
    return (page in STEPPING_PAGES and not modes_state.mode(ss)
            and not lesson_state.is_hidden(ss, "formula") and not showing_code() and wanted())


def wanted() -> bool:
    """True when this session's stepping page is to be a view drawn in the browser: it
    follows a class on a server that serves the view's route (serve.py), in a Streamlit
    runtime session (never under AppTest)."""
    ss = st.session_state
    if not (HALL.enabled and ss.get(live_state.LIVE_CODE) and ss.get(live_state.LIVE_FOLLOWING)
            and not ss.get(live_state.LIVE_ENDED)):
        return False
    sid = _session_id()
    return sid is not None and live_push.runtime_session(sid) is not None


def forget() -> None:
    """This session's page is not (or not yet, in this run) the view: the pusher reruns it
    at a move, as any follower's (called as each run of the app starts, and by a stepping
    page drawn otherwise, as after a toggle inside its fragment)."""
    sid = _session_id()
    if sid is not None:
        HALL.forget(sid)


def _base_path() -> str:
    from streamlit import config

    base = str(config.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{base}" if base else ""


def show_view(page: str, key: CardKey, count: int, share: float,
              formula_max: str | None) -> None:
    """Draw step ``key`` of ``page`` (of ``count`` steps) as the follower's view, the
    diagram at ``share`` of the width, and register it with the server's hall."""
    ss = st.session_state
    sid = _session_id()
    if sid is None:
        return
    token = ss.get(HALL_TOKEN) or secrets.token_urlsafe(16)
    ss[HALL_TOKEN] = token
    seen = int(ss.get(live_state.LIVE_SEEN) or 0)
    ss[HALL_RUNS] = int(ss.get(HALL_RUNS) or 0) + 1
    HALL.show(token, View(sid, str(ss[live_state.LIVE_CODE]), page,
                          base_of(lesson_state.current_lesson(ss, page)),
                          ss.get(live_state.LIVE_QUESTION), key, count, seen, ss[HALL_RUNS],
                          float(ss.get(live_state.LIVE_MOVED) or 0.0)))
    base = _base_path()
    # ``run``: new each time the page draws the view, so the browser's script runs again
    # even when nothing else changed (Streamlit calls it only when the data changes): a
    # view whose poll was answered "rerun" then polls anew.
    data: dict[str, Any] = {"token": token, "version": seen, "page": page, "share": share,
                            "run": ss[HALL_RUNS],
                            "path": base + STEP_PATH, "katex": base + katex_path(),
                            "formula_max": formula_max, "card": card(key).decode()}
    st.html(VIEW_CSS)
    _component()(key=VIEW_KEY, data=data, height="content", on_moved_change=_moved)


def _moved() -> None:
    """The view's room moved in a way it cannot draw: the page's run applies it."""


def _component() -> Any:
    """The component, registered once per process."""
    return st.components.v2.component("bptutor_hall_view", js=VIEW_JS, isolate_styles=False)
