"""The forward, backward and update pages for any network other than the worked example: the
steps of bpcore.stepper_trace.trace_net, with the same step controls, formula panel and
values table as the worked example's pages (tutor/stepping/stepview.py), the diagram of
tutor/figures/netdiagram.py and the general notation stated under them.

The update page shows every new parameter and the error before and after; *Apply* makes the
updated network the learner's own (network.OWN), to step again from its new numbers. The
code switch puts the step's NumPy (bpcore.program_net) in the diagram's place, and the
sidebar's net_exports offers the network, its values and its lesson as files. Practice
and predict work here as on the worked example's pages (tutor.modes.lens.NetLens); the faded
example stays with the worked example, and with another network the page says so.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import streamlit as st

from bpcore import Formula, fmt
from bpcore.program_net import net_program
from bpcore.qname import MAZUR, QName, before_update, gradient
from bpcore.stepper_trace import NetStep, NetTrace, trace_net
from tutor.figures.netdiagram import CROWDED_SHARE, crowded, net_figure
from tutor.i18n import t
from tutor.lesson import state as lesson_state
from tutor.lesson.codeview import code_toggle, lesson_downloads, net_code_view, showing_code
from tutor.lesson.export import net_values_csv, net_values_json
from tutor.modes import state as modes_state
from tutor.modes.lens import NET_ROOM_EM, NetLens, net_scope
from tutor.modes.practice import answered, practice_panel
from tutor.modes.predict import PAGES as PREDICTED_PAGES
from tutor.modes.predict import made, prediction_form, prediction_result
from tutor.stepping import network
from tutor.stepping import state as stepping_state
from tutor.stepping.drawn import net_estimates_of
from tutor.stepping.neteditor import own_network_editor
from tutor.stepping.stepper import WayOn, step_controls
from tutor.stepping.stepview import DIAGRAM_SHARE, PANEL_KEY, PRESENT_SHARE
from tutor.ui.choices import choice_widget
from tutor.ui.formula import estimate_note, formula_panel, say, step_header
from tutor.ui.formula import values_rows as formula_rows
from tutor.ui.formula_width import formula_em
from tutor.ui.netnotation import name_in, qtext
from tutor.ui.plot import show_svg

# The worked example's names shown beside the general notation (inputs, parameters, a few
# values): w5 ↔ w²₁₁.
MAZUR_SHOWN = ("i1", "i2", "w1", "w2", "w3", "w4", "w5", "w6", "w7", "w8", "b_h1", "b_h2",
               "b_o1", "b_o2", "net_h1", "out_h1", "net_o1", "out_o1", "delta_o1", "delta_h1",
               "target_o1", "target_o2")
PHASES = {"forward": ("forward", "error"), "backward": ("backward",), "update": ("update",)}
STEP_KEYS = {"forward": stepping_state.STEP_FORWARD, "backward": stepping_state.STEP_BACKWARD,
             "update": stepping_state.STEP_UPDATE}
WAYS_ON = {"forward": WayOn("app_pages/backward.py", "page.backward"),
           "backward": WayOn("app_pages/update.py", "page.update"),
           "update": WayOn("app_pages/training.py", "page.training")}
APPLY_KEY = "net.apply"  # the update page's Apply button (a button's key, no state of its own)
# A line of a substituted formula on a page, in em (tutor.ui.formula.width): narrower than
# the worked example's LINE_EM, so a long one wraps over lines and keeps about the size of
# the text beside it in the step column, rather than shrinking to fit it. Presented, and for
# a crowded network, each formula is fitted to its column instead (NetLens.room).
ROOM_EM = NET_ROOM_EM


def relu_off(trace: NetTrace, step: NetStep) -> bool:
    """True when the step is about a ReLU neuron that is off (net ≤ 0): its slope, its δ or
    the gradients of the parameters into it, which are all 0 (the gradient reaching its out
    is not: the slope stops it)."""
    q = step.qname
    if q is None or q.kind not in ("dout_dnet", "delta", "dE_dw", "dE_db"):
        return False
    if not 1 <= q.layer < trace.spec.layers or trace.spec.activations[q.layer - 1] != "relu":
        return False
    samples = [q.sample] if q.sample is not None else range(1, trace.spec.samples + 1)
    return all(trace.values.get(QName("dout_dnet", q.layer, q.index, sample=s)) == 0.0
               for s in samples) and any(
        QName("dout_dnet", q.layer, q.index, sample=s) in trace for s in samples)


def values_rows(trace: NetTrace, steps: Sequence[NetStep], upto: int, decimals: int,
                lang: str, estimates: Mapping[str, float] | None = None) -> list[dict[str, str]]:
    """The values table's rows (tutor.ui.formula.values_rows): each step reached, named in the
    general notation; with ``estimates``, a column of them beside every parameter gradient."""
    m = trace.spec.samples

    def name(step: Formula) -> str:
        q = step.qname if isinstance(step, NetStep) else None
        return qtext(q, m) if q else step.name

    return formula_rows(steps, upto, decimals, lang, estimates, name)


def updates_rows(trace: NetTrace, decimals: int, lang: str) -> list[dict[str, str]]:
    """old → new for every parameter the update changes, with ∂E/∂w and η·∂E/∂w."""
    rows = []
    for step in trace.phase_steps("update"):
        q = step.qname
        if q is None or q.kind not in ("w_new", "b_new"):
            continue
        old = before_update(q)
        grad = gradient(old)
        rows.append({t("update.param", lang): qtext(old),
                     t("update.old", lang): fmt(trace.value(old), decimals),
                     t("update.gradient", lang): fmt(trace[grad], decimals),
                     t("update.change", lang): fmt(trace.change(grad), decimals),
                     t("update.new", lang): fmt(step.value, decimals)})
    return rows


def notation_note(lang: str, batch: bool) -> None:
    """The general notation, stated under the step view."""
    st.caption(t("net.notation", lang))
    if batch:
        st.caption(t("net.notation_batch", lang))


def mazur_table(lang: str) -> None:
    """The worked example's names beside the general notation (w5 ↔ w²₁₁), in an expander:
    additive to the worked pages, folded so their layout stays as it was; hidden with the
    other tables when a lesson hides the table panel. A Markdown table of typeset names, not
    an st.table: the page's own tables stay the only ones (tests and lessons find them)."""
    if lesson_state.is_hidden(st.session_state, "table"):
        return
    with st.expander(t("net.mazur.title", lang)):
        st.markdown(t("net.mazur.intro", lang))
        st.markdown(mazur_markdown(lang))


def tutorial_latex(name: str) -> str:
    """A tutorial name as LaTeX: w5 → w_{5}, net_h1 → net_{h1}, delta_o1 → \\delta_{o1}."""
    match = re.fullmatch(r"([a-z])(\d)", name)
    if match:
        return f"{match.group(1)}_{{{match.group(2)}}}"
    base, sub = name.rsplit("_", 1)
    return f"{chr(92) + base if base == 'delta' else base}_{{{sub}}}"


def mazur_markdown(lang: str) -> str:
    """The worked example's tutorial names and their general notation, a Markdown table."""
    rows = [f"| ${tutorial_latex(n)}$ | ${MAZUR[n].latex()}$ |" for n in MAZUR_SHOWN]
    return "\n".join([f"| {t('net.mazur.tutorial', lang)} | {t('net.mazur.general', lang)} |",
                      "| --- | --- |", *rows])


def network_picker(lang: str) -> None:
    """The sidebar's "Network" box: the presets by their names in the reader's language (a
    mirrored widget: the network in use lives under network.NET_ID)."""
    ss = st.session_state
    if ss.get(network.NET_WIDGET) != network.net_id(ss):  # only when it moved elsewhere: a
        ss[network.NET_WIDGET] = network.net_id(ss)  # value set on every run upset Play's clicks
    choice_widget(
        st.selectbox, t("net.label", lang), network.CHOICES, key=network.NET_WIDGET,
        format_func=lambda i: t(f"net.name.{i}", lang), help=t("net.help", lang),
        on_change=network.on_widget, args=(ss,))


def net_exports(lang: str, decimals: int) -> None:
    """The sidebar's exports of the network in use: the network as JSON, every value of its
    step as CSV and as JSON (typed names), and the lesson as a notebook and a script
    (bpcore.program_net). Each file is made only when its button is pressed."""
    ss = st.session_state
    spec = network.spec_in_use(ss)
    stem = f"backprop-{network.net_id(ss)}"
    with st.expander(t("export.net_heading", lang)):
        st.caption(t("export.net_note", lang))
        st.download_button(t("export.download_net", lang), spec.to_json,
                           file_name=f"{stem}-network.json", mime="application/json",
                           width="stretch", key=f"{stem}.network", on_click="ignore")
        st.download_button(t("export.download_csv", lang),
                           lambda: net_values_csv(trace_net(spec), lang),
                           file_name=f"{stem}-values-{lang}.csv", mime="text/csv",
                           width="stretch", key=f"{stem}.csv", on_click="ignore")
        st.download_button(t("export.download_values_json", lang),
                           lambda: net_values_json(trace_net(spec)),
                           file_name=f"{stem}-values.json", mime="application/json",
                           width="stretch", key=f"{stem}.json", on_click="ignore")
        lesson_downloads(lambda: net_program(trace_net(spec), decimals), stem, lang, decimals,
                         name=name_in(lang))


def network_notice(lang: str) -> None:
    """Say once why a ``?net=`` was refused (the network in use stayed)."""
    refused = st.session_state.get(network.NET_ERROR)
    if refused:
        st.warning(t("net.refused", lang, name=refused, choices=", ".join(network.CHOICES)))
        st.session_state[network.NET_ERROR] = None


def net_page(page: str, lang: str, decimals: int) -> None:
    """The step view of the network in use on ``page`` (forward, backward or update), with
    the learning modes: in practice mode the learner works each step (tutor.modes.practice),
    in predict mode predicts it first (tutor.modes.predict), through a NetLens. Until then
    nothing shows the step's value: the diagram and the table stop at the step before, the
    update page's old → new table waits, and a ReLU's "off" note (it would say 0) too."""
    ss = st.session_state
    spec = network.spec_in_use(ss)
    trace = trace_net(spec)
    presenting = bool(ss.get(lesson_state.PRESENTATION))
    mode = modes_state.mode(ss)
    if mode == "fade":
        st.caption(t("net.mode_note", lang))
    lens = NetLens(trace, net_scope(network.net_id(ss), trace), presenting)
    steps = trace.phase_steps(*PHASES[page])
    current = step_controls(STEP_KEYS[page], len(steps), lang, way_on=WAYS_ON[page], play=True)
    step = steps[current]
    practising = mode == "practice"
    predicting = mode == "predict" and page in PREDICTED_PAGES
    prediction = made(page, current, lens) if predicting else None
    reveal = ((not practising or step.given or answered(page, current, lens))
              and (not predicting or prediction is not None))
    # The backward pass's finite-difference check, as on the worked example's page: each
    # parameter gradient beside (E(θ + h) − E(θ − h)) / 2h, once its value is shown.
    offer_fd = page == "backward" and not lesson_state.is_hidden(ss, "finite_difference")
    estimates = net_estimates_of(spec) if offer_fd and ss.get(stepping_state.SHOW_FD) else None
    share = (CROWDED_SHARE if crowded(spec) else PRESENT_SHARE) if presenting \
        else DIAGRAM_SHARE
    room = lens.room(step, decimals)
    # The step's code may take the diagram's place, only once its value is shown.
    code_ok = reveal and not lesson_state.is_hidden(ss, "formula")
    diagram, panel = st.columns([share, 1 - share], gap="small")
    with diagram:
        if code_ok and showing_code() and step.qname is not None:
            net_code_view(net_program(trace, decimals), trace, step, lang,
                          qtext(step.qname, spec.samples))
        else:
            # A still picture per step, drawn as SVG, as the worked example's (stepview)
            show_svg(net_figure(trace, steps, current, view=page, decimals=decimals,
                                lang=lang, presenting=presenting, reveal_current=reveal),
                     f"{page}.diagram")
    with panel, st.container(key=PANEL_KEY):
        asked = predicting and prediction is None  # only the question: its width tells nothing
        width = formula_em(lens.question(step) if asked else lens.formula(step, decimals,
                                                                            reveal))
        column = lens.column()
        # A fitted formula: its type capped, and less room above it (its lines need it).
        most = f" --formula-max: {column.type_max};" if column else ""
        above = f" .st-key-{PANEL_KEY} .katex-display {{ margin-top: 0.3em; }}" if column else ""
        st.html(f"<style>.st-key-{PANEL_KEY} {{ --formula-em: {width:.2f};{most} }}{above}"
                "</style>")
        if practising:
            practice_panel(page, STEP_KEYS[page], lens, step, current, len(steps), decimals, lang)
        elif asked:
            prediction_form(page, lens, step, current, len(steps), decimals, lang)
        elif prediction is not None:  # the formula, then the verdict and its reasons
            step_header(step, current, len(steps), lang)
            st.latex(lens.formula(step, decimals))
            prediction_result(lens, step, prediction, decimals, lang)
        else:
            formula_panel(step, current, len(steps), decimals, lang, name=name_in(lang),
                          room=room, inner=True)
        if spec.samples > 1 and step.qname is not None and step.qname.sample is not None:
            st.caption(t("net.sample", lang, sample=step.qname.sample, samples=spec.samples))
        if reveal and relu_off(trace, step):
            st.warning(t("net.off", lang))
        if estimates is not None and reveal:
            estimate_note(step, estimates, decimals, lang)
        if code_ok:
            code_toggle(lang)
        if offer_fd:
            st.toggle(t("backward.finite_difference", lang), key=stepping_state.SHOW_FD)
    if page == "update":
        if not practising:  # while practising, old → new would give every answer away
            update_panel(trace, decimals, lang)
    elif not lesson_state.is_hidden(ss, "table") and (upto := current if reveal
                                                       else current - 1) >= 0:
        st.markdown(f"**{t('table.title', lang)}**")
        st.table(values_rows(trace, steps, upto, decimals, lang, estimates))
    notation_note(lang, spec.samples > 1)
    if network.net_id(ss) == network.OWN:  # the learner's own: its editor under the steps,
        edited = own_network_editor(spec, lang)  # which keep their one screen at 1280×720
        if edited is not None:  # anew from the top: the steps and the address carry it
            network.set_own(ss, edited)
            st.rerun()


def update_panel(trace: NetTrace, decimals: int, lang: str) -> None:
    """Every parameter before and after, and the error before and after (from the trace)."""
    st.markdown(f"**{t('net.update_title', lang)}**")
    st.table(updates_rows(trace, decimals, lang))
    before, after = st.columns(2)
    before.metric(t("update.error_before", lang), fmt(trace[QName("E")], decimals))
    after.metric(t("update.error_after", lang), fmt(trace[QName("E_new")], decimals))
    st.caption(t("net.apply_note", lang))
    st.button(t("net.apply", lang), key=APPLY_KEY, type="primary", on_click=network.set_own,
              args=(st.session_state, trace.next_spec()))


def message_text(step: NetStep, lang: str) -> str:
    """What the step means, as the formula panel says it (for tests and the table's tools)."""
    return say(step.message, lang, name_in(lang))
