"""The one body of the forward, backward and update pages, for any network: the step controls,
the diagram and, beside it, the step's panel (formula, or the practice or prediction
question); the values so far below them (on the update page, every parameter old → new), and
the page's extras.

Side by side so that at 1280×720 the controls, the diagram and the current step's explanation
and formula with its result are all on one screen; the values table may run below the fold.

What differs between networks is a :class:`StepSource`: the worked example's
(tutor/stepping/worked.py: Mazur's names, its shared drawings, its iteration panel) or any
other network's (tutor/stepping/netview.py: the general notation, Apply). The layout, the
learning modes and the controls are written here once.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol

import streamlit as st

from bpcore import Formula, Scenario
from bpcore.netspec import NetSpec
from bpcore.stepper_trace import trace_net
from tutor.figures.netdiagram import CROWDED_SHARE
from tutor.i18n import t
from tutor.lesson import state as lesson_state
from tutor.lesson.codeview import code_toggle, showing_code
from tutor.live import hall_view
from tutor.modes import state as modes_state
from tutor.modes.lens import Column, Lens
from tutor.modes.practice import answered, practice_panel
from tutor.modes.predict import PAGES as PREDICTED_PAGES
from tutor.modes.predict import made, prediction_form, prediction_result
from tutor.serving.shared import traced
from tutor.stepping import network
from tutor.stepping import state as stepping_state
from tutor.stepping.card import CardKey
from tutor.stepping.drawn import StepKey, drawn
from tutor.stepping.netview import NetSource
from tutor.stepping.stepper import WayOn, step_controls
from tutor.stepping.worked import WorkedSource
from tutor.ui.formula import (
    estimate_note,
    show_fitted,
    show_panel,
    shown_values_table,
    step_header,
)
from tutor.ui.page import PageContext
from tutor.ui.plot import show_picture

# The diagram's share of the page width: the formula beside it gets the rest. At 1280 px the
# diagram then has ~520 px with the sidebar open, ~750 px in presentation mode (sidebar
# closed): the least widths diagram.PAGE_LOOK and PRESENT_LOOK are laid out for.
DIAGRAM_SHARE = 0.58
PRESENT_SHARE = 0.63
PANEL_KEY = "step-panel"  # the formula column; the frame's style sheet sizes its formulas
STEP_KEYS = lesson_state.PAGE_STEP_KEYS  # each stepping page's stepper
# Where each page leads from its last step, and back from its first (to the previous
# page's last step: WayOn.step is filled in from that page's steps).
WAYS_ON = {"forward": WayOn("app_pages/backward.py", "page.backward"),
           "backward": WayOn("app_pages/update.py", "page.update"),
           "update": WayOn("app_pages/training.py", "page.training")}
WAYS_BACK = {"backward": ("app_pages/forward.py", "page.forward", "forward"),
             "update": ("app_pages/backward.py", "page.backward", "backward")}


class StepSource(Protocol):
    """The network being stepped, as the page body needs it: all that differs between the
    worked example (tutor.stepping.worked.WorkedSource) and any other network
    (tutor.stepping.netview.NetSource)."""

    @property
    def lens(self) -> Lens:
        """How the learning modes read its steps (names, slips, hints, formulas)."""
        ...

    @property
    def crowded(self) -> bool:
        """Its diagram takes CROWDED_SHARE of the page when presented."""
        ...

    @property
    def fade_note(self) -> bool:
        """In the faded-example mode, its forward and update pages say where the example is."""
        ...

    def column(self) -> Column | None:
        """The formula column its formulas are fitted to, or None (the frame's sizing)."""
        ...

    def steps(self, page: str) -> Sequence[Formula]:
        """The steps of ``page`` (its phases of the trace)."""
        ...

    @property
    def network(self) -> Scenario | NetSpec:
        """What its drawings are keyed by (tutor.stepping.drawn.StepKey)."""
        ...

    def figure(self, page: str, current: int, decimals: int, lang: str, reveal: bool,
               presenting: bool) -> dict[str, Any]:
        """Its diagram after step ``current`` of ``page`` (a static figure dict)."""
        ...

    def namer(self, lang: str) -> Callable[[str], str]:
        """How a step's explanation writes the names it mentions."""
        ...

    def row_name(self, step: Formula) -> str:
        """How the values table names a step."""
        ...

    def estimates(self) -> Mapping[str, float]:
        """Each parameter gradient's finite-difference estimate, by step name."""
        ...

    def code_view(self, step: Formula, decimals: int, lang: str) -> None:
        """The NumPy that computes ``step``, in the diagram's place."""
        ...

    def notes(self, step: Formula, reveal: bool, lang: str) -> None:
        """What is said under the step's panel beside its formula (a sample, a ReLU off)."""
        ...

    def note_texts(self, step: Formula, reveal: bool, lang: str) -> tuple[tuple[str, str], ...]:
        """notes' texts as data, each with its kind ("caption", "warning"), for a view drawn
        in the browser (tutor.stepping.card)."""
        ...

    def update_panel(self, decimals: int, lang: str) -> None:
        """The update page's every parameter old → new, in the values table's place."""
        ...

    def extras(self, page: str, decimals: int, lang: str) -> None:
        """What the page shows under the steps (Apply, the notation, an editor …)."""
        ...

    def faded(self, decimals: int, lang: str) -> None:
        """The faded example (the backward page in that mode)."""
        ...


def source_in_use(ctx: PageContext) -> StepSource:
    """The network the session steps: the worked example (its editable Scenario) or the
    preset or own network of tutor.stepping.network."""
    ss = st.session_state
    if network.is_worked(ss):
        return WorkedSource(ctx.scenario, ctx.trace)
    spec = network.spec_in_use(ss)
    return NetSource(network.net_id(ss), spec, trace_net(spec), ctx.presenting)


def source_of(net: Scenario | NetSpec, presenting: bool) -> StepSource:
    """The source that draws ``net`` (tutor.stepping.drawn's key; a NetSource's id, the scope
    of a learner's answers, plays no part in a drawing)."""
    if isinstance(net, Scenario):
        return WorkedSource(net, traced(net))
    return NetSource("", net, trace_net(net), presenting)


def way_back(page: str, source: StepSource) -> WayOn | None:
    """The way from ``page``'s first step back to the previous page's last, if any."""
    if page not in WAYS_BACK:
        return None
    script, title, previous = WAYS_BACK[page]
    return WayOn(script, title, STEP_KEYS[previous], len(source.steps(previous)) - 1)


def step_page(page: str, ctx: PageContext) -> None:
    """The body of stepping page ``page`` (forward, backward or update) for the network in
    use, with the learning modes: in practice mode the learner works each step
    (tutor.modes.practice), in predict mode predicts it first (tutor.modes.predict), through
    the source's lens; the backward page in the faded-example mode is the faded example.
    Until a step is worked or predicted nothing shows its value: the diagram and the table
    stop at the step before, the update page's old → new table waits."""
    ss = st.session_state
    lang, decimals = ctx.lang, ctx.decimals
    source = source_in_use(ctx)
    mode = modes_state.mode(ss)
    if mode == "fade" and page == "backward":
        source.faded(decimals, lang)
        return
    if mode == "fade" and source.fade_note:
        st.caption(t("net.mode_note", lang))
    steps = source.steps(page)
    if hall_view.will_draw(page):
        _followed_page(page, ctx, source, len(steps))
        return
    hall_view.forget()  # (a toggle inside a follower's page fragment: no view from now)
    current = step_controls(STEP_KEYS[page], len(steps), lang, way_on=WAYS_ON[page],
                            play=True, way_back=way_back(page, source))
    step, lens = steps[current], source.lens
    practising = mode == "practice"
    predicting = mode == "predict" and page in PREDICTED_PAGES
    prediction = made(page, current, lens) if predicting else None
    reveal = ((not practising or step.given or answered(page, current, lens))
              and (not predicting or prediction is not None))
    asked = predicting and prediction is None  # only the question: its width tells nothing
    # The backward pass's finite-difference check: each parameter gradient beside
    # (E(θ + h) − E(θ − h)) / 2h, in the note under its formula and in the table.
    offer_fd = offers_fd(page)
    estimates = source.estimates() if offer_fd and ss.get(stepping_state.SHOW_FD) else None
    share = diagram_share(source, ctx.presenting)
    formula_shown = not lesson_state.is_hidden(ss, "formula")
    # The step's code may take the diagram's place, only once its value is shown.
    code_ok = reveal and formula_shown
    # The diagram, the formula's texts and the values table, drawn once per server for
    # every session showing this step (tutor.stepping.drawn): a class following a teacher
    # redraws nothing but the page's own elements.
    drawing = drawn(StepKey(source.network, page, current, decimals, lang, reveal, asked,
                            ctx.presenting, estimates is not None))
    diagram, panel = st.columns([share, 1 - share], gap="small")
    with diagram:
        if code_ok and showing_code():
            source.code_view(step, decimals, lang)
        else:
            # A still picture per step (each step is a rerun; no hover, no clicks), drawn as
            # SVG: a fresh browser shows it without Plotly's JavaScript.
            show_picture(drawing.picture, f"{page}.diagram")
    with panel, st.container(key=PANEL_KEY):
        panel_style(drawing.width_em, source.column())
        if practising:
            practice_panel(page, STEP_KEYS[page], lens, step, current, len(steps), decimals, lang)
        elif asked:
            prediction_form(page, lens, step, current, len(steps), decimals, lang)
        elif prediction is not None:
            # The formula, then the verdict with its reasons right under it (on screen at
            # 1280×720): the reasons say what the step's explanation would.
            step_header(step, current, len(steps), lang)
            show_fitted(lens.fits(step, decimals))
            prediction_result(lens, step, prediction, decimals, lang)
        elif formula_shown:
            st.markdown(drawing.header)
            show_panel(drawing.explanation, drawing.fits, drawing.live_words)
            if estimates is not None:
                estimate_note(step, estimates, decimals, lang)
        source.notes(step, reveal, lang)
        if offer_fd:
            st.toggle(t("backward.finite_difference", lang), key=stepping_state.SHOW_FD)
        if code_ok:
            code_toggle(lang)
    if page == "update" and not practising:  # while practising it would give answers away
        source.update_panel(decimals, lang)
    elif not lesson_state.is_hidden(ss, "table"):
        shown_values_table(drawing.table, lang)
    source.extras(page, decimals, lang)


def offers_fd(page: str) -> bool:
    """The backward page offers the finite-difference check, unless the lesson hides it."""
    return page == "backward" and not lesson_state.is_hidden(st.session_state,
                                                              "finite_difference")


def diagram_share(source: StepSource, presenting: bool) -> float:
    """The diagram's share of the page's width (the step's panel has the rest)."""
    if not presenting:
        return DIAGRAM_SHARE
    return CROWDED_SHARE if source.crowded else PRESENT_SHARE


def _followed_page(page: str, ctx: PageContext, source: StepSource, count: int) -> None:
    """step_page for a follower in a lecture hall (tutor.live.hall): the diagram, the panel
    and the table as one view that draws the teacher's next step in the browser, the step
    the page was drawn at first; no step controls (the teacher's move is the step; the
    banner's Explore on my own gives them back); the panel's toggles and the page's extras
    under it, as on the page."""
    ss = st.session_state
    lang, decimals = ctx.lang, ctx.decimals
    current = min(int(ss.get(STEP_KEYS[page], 0)), count - 1)
    offer_fd = offers_fd(page)
    share = diagram_share(source, ctx.presenting)
    column = source.column()
    key = CardKey(StepKey(source.network, page, current, decimals, lang, True, False,
                          ctx.presenting, bool(offer_fd and ss.get(stepping_state.SHOW_FD))),
                  table=page != "update" and not lesson_state.is_hidden(ss, "table"))
    hall_view.show_view(page, key, count, share, column.type_max if column else None)
    with st.container(horizontal=True, gap="small"):
        if offer_fd:
            st.toggle(t("backward.finite_difference", lang), key=stepping_state.SHOW_FD)
        code_toggle(lang)
    if page == "update":
        source.update_panel(decimals, lang)
    source.extras(page, decimals, lang)


def panel_style(width_em: float, column: Column | None) -> None:
    """The step panel's style sheet: how wide this step's formula is (em), for the frame's
    style sheet to fit it to the column; a formula fitted to a ``column`` has its type capped
    and less room above it (its lines need it)."""
    most = f" --formula-max: {column.type_max};" if column else ""
    above = f" .st-key-{PANEL_KEY} .katex-display {{ margin-top: 0.3em; }}" if column else ""
    st.html(f"<style>.st-key-{PANEL_KEY} {{ --formula-em: {width_em:.2f};{most} }}{above}"
            "</style>")
