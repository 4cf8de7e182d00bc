"""A step as data for a browser that draws it itself: a follower's view in a lecture hall.

A follower used to be shown the teacher's next step by a rerun of its page, ~20–55 ms of
server CPU each (Streamlit's own run, whatever the page holds), so a move cost a lecture
hall of 200 seconds of CPU. The follower's view (tutor.live.hall) instead draws the step in
the browser from this card, which the server makes once per step as every follower of it
shows it (``StepKey``: the network, page, step, precision, language…) and sends the same
bytes to all of them. Everything in it comes from tutor.stepping.drawn's drawing of the step
(the diagram's SVG picture and its words, the formula's breakings, the explanation, the
values table) and from bpcore's trace: nothing is computed here that the page does not show
the same way.

The card is JSON (UTF-8 bytes), with these fields:

- ``step``, ``count``: the step's index (0-based) and the page's number of steps;
- ``place``, ``phase``, ``symbol``: the header ("Step 2 of 11", "forward pass", the step's
  symbol as LaTeX), as tutor.ui.formula.step_header writes it;
- ``picture``: the diagram, the markup tutor.ui.plot.show_picture draws (SVG and its words);
- ``explanation``: what the step means (plain text, as in the page's info box);
- ``fits``: the formula's breakings, widest first, ``[{"latex", "em"}]``, and ``fit_css`` the
  style sheet that shows the one the panel's width holds (tutor.ui.formula.fitted_css);
- ``width_em``: the panel's formula width (tutor.stepping.stepview.panel_style);
- ``words``: the formula in words with its numbers, for a screen reader's live region;
- ``notes``: ``[{"kind": "caption" | "warning" | "success", "text"}]`` said under the
  formula (a batch's sample, a ReLU that is off, the finite-difference estimate);
- ``table``: ``{"title", "columns", "rows"}`` (every cell as shown), or null.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from bpcore import fmt
from tutor.i18n import t
from tutor.serving.kept import Progress, SharedCache
from tutor.serving.shared import TTL_SECONDS
from tutor.stepping.drawn import StepKey, drawn
from tutor.ui.formula import fitted_css
from tutor.ui.notation import upright


@dataclass(frozen=True)
class CardKey:
    """A card: the drawn step, and whether the values table is shown (a lesson may hide it;
    the update page shows every parameter's old → new in its place, outside the card)."""

    step: StepKey
    table: bool


def card(key: CardKey) -> bytes:
    """The card of ``key`` (see the module docstring), made once per server while kept."""
    return CARDS.get(key)


def _card(key: CardKey, _progress: Progress) -> bytes:
    from tutor.stepping.stepview import source_of  # (stepview draws through this package)

    s = key.step
    source = source_of(s.scenario, s.presenting)
    steps = source.steps(s.page)
    step, drawing = steps[s.current], drawn(s)
    notes = []  # in the page's order: the estimate under the formula, then the source's
    if s.estimates:
        estimates = source.estimates()
        if step.name in estimates:
            notes.append({"kind": "success", "text": t(
                "backward.estimate", s.lang, value=fmt(estimates[step.name], s.decimals),
                analytic=fmt(step.value, s.decimals))})
    notes += [{"kind": kind, "text": text}
              for kind, text in source.note_texts(step, s.reveal, s.lang)]
    table = None
    if key.table and drawing.table is not None:
        table = {"title": t("table.title", s.lang), "columns": drawing.table.column_names,
                 "rows": [[str(row[c]) for c in drawing.table.column_names]
                          for row in drawing.table.to_pylist()]}
    body = {"step": s.current, "count": len(steps),
            "place": t("formula.step_of", s.lang, index=s.current + 1, count=len(steps)),
            "phase": t(f"phase.{step.phase}", s.lang), "symbol": upright(step.symbol),
            "picture": drawing.picture, "explanation": drawing.explanation,
            "fits": [{"latex": f.latex, "em": round(f.em, 2)} for f in drawing.fits],
            "fit_css": fitted_css(drawing.fits).removeprefix("<style>").removesuffix("</style>"),
            "width_em": round(drawing.width_em, 2), "words": drawing.live_words,
            "notes": notes, "table": table}
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()


# A card is about 15 kB (the drawing's picture and table as text): as many as the drawings.
CARDS: SharedCache[CardKey, bytes] = SharedCache("step_cards", _card, max_entries=512,
                                                ttl_seconds=TTL_SECONDS)
