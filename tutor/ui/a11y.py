"""What every page does for a learner who uses the keyboard, a presenter clicker or a screen
reader: the keys that step a lesson, a visible focus ring, the page's language and title, and
text a screen reader reads in place of a figure.

Streamlit has no key events and writes ``<html lang="en">`` on every page, so one small
script, installed once per browser tab, does what the server cannot:

- **Keys.** PageDown / → (a presenter clicker sends PageDown) click the stepper's Next (at the
  last step, the way on to the next page), PageUp / ← its Previous (at the first step, the way
  back, where a page has one), Space its Play / Pause,
  Home its Step 1 — unless focus is in a field (a text box, a slider, a choice, a tab or radio
  group keeps its own keys) or a modifier is held. A stepper is any container keyed
  ``<name>.controls`` with buttons keyed ``<name>.next`` / ``.previous`` / ``.play`` /
  ``.pause`` / ``.restart`` (tutor/stepping/stepper.py's ``step_controls``, the faded
  example's ``fade.controls``): Streamlit gives each a class ``st-key-<name>-…``. On a page
  with several, the one last used (clicked or focused), else the first on screen, moves.
- **Language.** ``<html lang>`` follows a marker the page draws every run (``data-bp-lang``),
  so it changes with the language picker and survives reruns.
- **Tab order.** The collapsed sidebar is ``inert``: its controls leave the Tab order.
- **Scrolling formulas.** A formula wider than its column scrolls; it gets ``tabindex=0`` so
  a keyboard can reach and scroll it (axe: scrollable-region-focusable).

Installed once: a rerun draws the element again, the flag on ``window`` keeps one listener.
"""

from __future__ import annotations

import html
from typing import Final

import streamlit as st

from tutor.i18n import catalog, t

SR_CLASS: Final = "bp-sr-only"  # read by a screen reader, not drawn
HOOK_KEY: Final = "bp-a11y"  # the container of the marker and the script (never drawn)

# The focus ring: 3 px of the diagrams' highlight purple (#7b2cbf: 7.6:1 on white, 3.5:1
# on the light grey of a secondary button's hover) two pixels off the element, on every
# control — Streamlit's own ring is a 50 % tint of the primary colour (2.3:1). Code colours
# at ≥ 5:1 on the code block's #f7f9fb (Streamlit's were 2.6–3.5:1: comments #808495,
# strings #09ab3b, operators #ed6f13, numbers #29b09d). A visually hidden element sits out of
# the page's flow (absolute): no flex gap for an empty line.
A11Y_CSS: Final = f"""<style>
:focus-visible, button:focus-visible, a:focus-visible, [role="slider"]:focus-visible,
[tabindex]:focus-visible, summary:focus-visible {{
  outline: 3px solid #7b2cbf !important; outline-offset: 2px !important;
}}
[data-baseweb="input"]:focus-within, [data-baseweb="select"] > div:focus-within,
[data-baseweb="textarea"]:focus-within {{
  outline: 3px solid #7b2cbf !important; outline-offset: 1px;
}}
[data-testid="stCode"] .token:is(.comment, .prolog, .doctype, .cdata, .punctuation) {{
  color: #5b6070 !important; }}
[data-testid="stCode"] .token:is(.string, .char, .attr-value, .inserted) {{
  color: #0a7a2f !important; }}
[data-testid="stCode"] .token:is(.operator, .entity, .url, .variable) {{
  color: #a84800 !important; }}
[data-testid="stCode"] .token:is(.number, .boolean, .constant, .symbol) {{
  color: #00766a !important; }}
[data-testid="stCode"] .token:is(.keyword, .atrule) {{ color: #0054a3 !important; }}
[data-testid="stCode"] .token:is(.function, .builtin, .class-name) {{
  color: #7b2cbf !important; }}
.{SR_CLASS} {{
  position: absolute !important; width: 1px; height: 1px; padding: 0; margin: -1px;
  overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0;
}}
[data-testid="stElementContainer"]:has(.{SR_CLASS}), .st-key-{HOOK_KEY} {{
  position: absolute !important; width: 1px; height: 1px; overflow: hidden;
  clip: rect(0 0 0 0); margin: 0; padding: 0;
}}
</style>"""

# The script (fixed text: nothing a user types goes into it).
KEYS_JS: Final = """<script>
(() => {
  if (window.__bpA11y) { return; }
  window.__bpA11y = true;
  const FIELD = 'input, textarea, select, [contenteditable=""], [contenteditable="true"], '
    + '[role="slider"], [role="spinbutton"], [role="combobox"], [role="listbox"], '
    + '[role="option"], [role="radio"], [role="radiogroup"], [role="tab"], [role="menu"], '
    + '[role="menuitem"], [role="dialog"], [role="textbox"], [data-baseweb="select"]';
  const ACTS = {
    PageDown: ['next', 'way_on'], ArrowRight: ['next', 'way_on'],
    PageUp: ['previous', 'way_back'], ArrowLeft: ['previous', 'way_back'],
    ' ': ['pause', 'play'], Home: ['restart'],
  };
  let lastUsed = null;
  const steppers = () => [...document.querySelectorAll('[class*="-controls"]')]
    .flatMap(el => {
      const hit = [...el.classList].map(c => c.match(/^st-key-(.+)-controls$/)).find(Boolean);
      return hit && el.getClientRects().length ? [{el, name: hit[1]}] : [];
    });
  const onScreen = s => {
    const r = s.el.getBoundingClientRect();
    return r.bottom > 0 && r.top < window.innerHeight;
  };
  const pick = () => {
    const all = steppers();
    return all.find(s => s.name === lastUsed) || all.find(onScreen) || all[0];
  };
  const remember = e => {
    const s = steppers().find(s => s.el.contains(e.target));
    if (s) { lastUsed = s.name; }
  };
  document.addEventListener('click', remember, true);
  document.addEventListener('focusin', remember, true);
  document.addEventListener('keydown', e => {
    const wanted = ACTS[e.key];
    if (!wanted || e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) {
      return;
    }
    const at = e.target instanceof Element ? e.target : null;
    if (at && at.closest(FIELD)) { return; }
    if (e.key === ' ' && at && at.closest('button, a, summary, label')) { return; }
    const s = pick();
    if (!s) { return; }
    for (const act of wanted) {
      const button = s.el.querySelector(`.st-key-${s.name}-${act} button`);
      if (button && !button.disabled) {
        e.preventDefault();
        lastUsed = s.name;
        button.click();
        return;
      }
    }
  });
  const tidy = () => {
    const marker = document.querySelector('[data-bp-lang]');
    const lang = marker && marker.getAttribute('data-bp-lang');
    if (lang && document.documentElement.lang !== lang) {
      document.documentElement.lang = lang;
    }
    const sidebar = document.querySelector('[data-testid="stSidebar"]');
    if (sidebar) {
      const closed = sidebar.getAttribute('data-collapsed') === 'true'
        || sidebar.getAttribute('aria-expanded') === 'false';
      if (sidebar.inert !== closed) { sidebar.inert = closed; }
    }
    document.querySelectorAll('.katex-display').forEach(el => {
      if (el.scrollWidth > el.clientWidth + 1 && !el.hasAttribute('tabindex')) {
        el.setAttribute('tabindex', '0');
      }
    });
  };
  let queued = false;
  new MutationObserver(() => {
    if (!queued) {
      queued = true;
      requestAnimationFrame(() => { queued = false; tidy(); });
    }
  }).observe(document.body, {childList: true, subtree: true, attributes: true,
                             attributeFilter: ['data-collapsed', 'aria-expanded',
                                               'data-bp-lang']});
  window.addEventListener('resize', tidy);
  tidy();
})();
</script>"""


def html_lang(lang: str) -> str:
    """The BCP 47 tag of ``lang`` for ``<html lang>`` (zh → zh-Hans), from its locale file."""
    return catalog().tags.get(lang, lang)


def page_title(page: str, lang: str) -> str:
    """The browser tab's title: the page's own (translated) name, then the app's ("Forward
    pass · Backprop Tutor"), so every page and every language has its own."""
    return f"{page} · {t('app.title', lang)}"


def frame(lang: str) -> None:
    """The style sheet, the language marker and the keys' script, drawn out of sight."""
    st.html(A11Y_CSS)
    with st.container(key=HOOK_KEY):
        st.html(f'<span data-bp-lang="{html.escape(html_lang(lang))}"></span>{KEYS_JS}',
                unsafe_allow_javascript=True)


def sr_only(text: str, *, live: bool = False) -> None:
    """``text`` for a screen reader only (a figure's words, a step's result); with ``live``, a
    polite live region, read out whenever its text changes (each Next)."""
    role = ' role="status" aria-live="polite"' if live else ""
    st.html(f'<div class="{SR_CLASS}"{role}>{html.escape(text)}</div>')
