"""Any network other than the worked example as the stepping pages show it
(tutor/stepping/stepview.py's StepSource): the steps of bpcore.stepper_trace.trace_net in the
general notation (w^l_jk, stated under the steps), the diagram of tutor/figures/netdiagram.py,
each step's NumPy (bpcore.program_net), a ReLU's "off" note and a batch's sample, and the
update's every new parameter with the error before and after.

On the update page *Apply* makes the updated network the learner's own (network.OWN), to step
again from its new numbers; the learner's own network is edited under its steps
(tutor/stepping/neteditor.py). Practice and predict read it through tutor.modes.lens.NetLens,
its faded example is tutor.modes.fading.net_fading_view, and the sidebar's net_exports offers
the network, its values and its lesson as files.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import streamlit as st

from bpcore import Formula, fmt
from bpcore.netspec import NetSpec
from bpcore.program_net import net_program
from bpcore.qname import QName, before_update, gradient
from bpcore.stepper_trace import NetStep, NetTrace, trace_net
from tutor.figures.netdiagram import crowded, net_figure
from tutor.i18n import t
from tutor.lesson import state as lesson_state
from tutor.lesson.codeview import lesson_downloads, net_code_view
from tutor.lesson.export import net_values_csv, net_values_json
from tutor.modes.fading import net_fading_view
from tutor.modes.lens import NET_ROOM_EM, Column, NetLens, net_scope
from tutor.stepping import network
from tutor.stepping.drawn import PHASES, net_estimates_of
from tutor.stepping.neteditor import own_network_editor
from tutor.ui.choices import choice_widget
from tutor.ui.formula import say
from tutor.ui.netnotation import name_in, qtext
from tutor.ui.table import static_table

# PHASES and name_in are read from here too (the pages' tests name them with the page's keys).
__all__ = ["APPLY_KEY", "PHASES", "ROOM_EM", "STEP_KEYS", "NetSource", "name_in"]

STEP_KEYS = lesson_state.PAGE_STEP_KEYS  # each stepping page's stepper
APPLY_KEY = "net.apply"  # the update page's Apply button (a button's key, no state of its own)
# A line of a substituted formula on a page, in em (tutor.ui.formula.width): narrower than
# the worked example's LINE_EM, so a long one wraps over lines and keeps about the size of
# the text beside it in the step column, rather than shrinking to fit it. Presented, and for
# a crowded network, each formula is fitted to its column instead (NetLens.room).
ROOM_EM = NET_ROOM_EM


@dataclass(frozen=True)
class NetSource:
    """Any network of the general stepper (a preset or the learner's own) for the one page
    body: typed names in the general notation."""

    net_id: str
    spec: NetSpec
    trace: NetTrace
    presenting: bool = False
    fade_note: bool = True  # its forward and update pages say where the faded example is

    @property
    def crowded(self) -> bool:
        """A network whose diagram takes a wider share when presented (netdiagram)."""
        return crowded(self.spec)

    @property
    def lens(self) -> NetLens:
        return NetLens(self.trace, net_scope(self.net_id, self.trace), self.presenting)

    def column(self) -> Column | None:
        return self.lens.column()

    def steps(self, page: str) -> Sequence[NetStep]:
        return self.trace.phase_steps(*PHASES[page])

    @property
    def network(self) -> NetSpec:
        return self.spec

    def figure(self, page: str, current: int, decimals: int, lang: str, reveal: bool,
               presenting: bool) -> dict[str, Any]:
        return net_figure(self.trace, self.steps(page), current, view=page, decimals=decimals,
                          lang=lang, presenting=presenting, reveal_current=reveal)

    def namer(self, lang: str) -> Callable[[str], str]:
        return name_in(lang)  # a registry name (sigmoid, cross-entropy) in the reader's words

    def row_name(self, step: Formula) -> str:
        q = step.qname if isinstance(step, NetStep) else None
        return qtext(q, self.spec.samples) if q else step.name

    def estimates(self) -> Mapping[str, float]:
        return net_estimates_of(self.spec)

    def code_view(self, step: Formula, decimals: int, lang: str) -> None:
        assert isinstance(step, NetStep)
        if step.qname is not None:
            net_code_view(net_program(self.trace, decimals), self.trace, step, lang,
                          qtext(step.qname, self.spec.samples))

    def notes(self, step: Formula, reveal: bool, lang: str) -> None:
        """A batch's sample, and (once its value is shown) a ReLU that is off: its 0."""
        for kind, text in self.note_texts(step, reveal, lang):
            (st.caption if kind == "caption" else st.warning)(text)

    def note_texts(self, step: Formula, reveal: bool, lang: str) -> tuple[tuple[str, str], ...]:
        """notes' texts, each with its kind ("caption", "warning")."""
        assert isinstance(step, NetStep)
        q, samples = step.qname, self.spec.samples
        said: list[tuple[str, str]] = []
        if samples > 1 and q is not None and q.sample is not None:
            said.append(("caption", t("net.sample", lang, sample=q.sample, samples=samples)))
        if reveal and relu_off(self.trace, step):
            said.append(("warning", t("net.off", lang)))
        return tuple(said)

    def update_panel(self, decimals: int, lang: str) -> None:
        update_panel(self.trace, decimals, lang)

    def extras(self, page: str, decimals: int, lang: str) -> None:
        notation_note(lang, self.spec.samples > 1)
        if self.net_id == network.OWN:  # the learner's own: its editor under the steps,
            edited = own_network_editor(self.spec, lang)  # which keep their one screen
            if edited is not None:  # anew from the top: the steps and the address carry it
                network.set_own(st.session_state, edited)
                st.rerun()

    def faded(self, decimals: int, lang: str) -> None:
        net_fading_view(self.net_id, self.spec, decimals, lang)


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


def update_panel(trace: NetTrace, decimals: int, lang: str) -> None:
    """Every parameter before and after, and the error before and after (from the trace)."""
    st.markdown(f"**{t('net.update_title', lang)}**")
    static_table(updates_rows(trace, decimals, lang))
    before, after = st.columns(2)
    before.metric(t("update.error_before", lang), fmt(trace[QName("E")], decimals))
    after.metric(t("update.error_after", lang), fmt(trace[QName("E_new")], decimals))
    st.caption(t("net.apply_note", lang))
    st.button(t("net.apply", lang), key=APPLY_KEY, type="primary", on_click=network.set_own,
              args=(st.session_state, trace.next_spec()))


def message_text(step: NetStep, lang: str) -> str:
    """What the step means, as the formula panel says it (for tests and the table's tools)."""
    return say(step.message, lang, name_in(lang))
