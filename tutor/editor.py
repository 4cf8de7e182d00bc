"""The sidebar scenario editor: every number of the worked example, validated by bpcore.

An edit goes through Scenario.with_value in the widget's callback. A rejected value keeps the
last valid scenario and shows bpcore's message beside its field until the field is fixed.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from bpcore import Scenario, ScenarioError, trace_step
from bpcore.limits import DECIMALS
from tutor import state
from tutor.export import read_scenario, solution_markdown, values_csv
from tutor.i18n import t

# Editor rows: pairs of tutorial names side by side (the network's own grouping).
_ROWS = (
    ("i1", "i2"), ("target_o1", "target_o2"), ("w1", "w2"), ("w3", "w4"),
    ("w5", "w6"), ("w7", "w8"), ("b1", "b2"),
)
_FORMAT = "%.6f"  # six places fit the sidebar; the scenario keeps the full float


def widget_key(name: str) -> str:
    """Session key of the number input that edits ``name``."""
    return f"{state.EDIT_PREFIX}{name}"


def _on_edit(name: str) -> None:
    """Apply one field's new value, or remember why it was rejected."""
    errors: dict[str, ScenarioError] = st.session_state[state.FIELD_ERRORS]
    value = st.session_state[widget_key(name)]
    try:
        scenario = st.session_state[state.SCENARIO].with_value(name, value)
    except ScenarioError as err:
        errors[name] = err  # kept language-free; reason_text() says it in the reader's language
        return
    errors.pop(name, None)
    state.set_scenario(st.session_state, scenario)


def _on_train_biases() -> None:
    scenario = st.session_state[state.SCENARIO].with_value(
        "train_biases", bool(st.session_state[state.TRAIN_BIASES_WIDGET]))
    state.set_scenario(st.session_state, scenario)


def _on_reset() -> None:
    st.session_state[state.FIELD_ERRORS].clear()
    state.set_scenario(st.session_state, Scenario.worked_example(), restart=True)


def _sync_widgets(scenario: Scenario) -> None:
    """Show the scenario in every field, except a field whose rejected value is on show."""
    errors = st.session_state[state.FIELD_ERRORS]
    for name in Scenario.field_names():
        if name not in errors:
            st.session_state[widget_key(name)] = scenario.get(name)
    st.session_state[state.TRAIN_BIASES_WIDGET] = scenario.train_biases
    st.session_state[state.PRECISION_WIDGET] = st.session_state[state.PRECISION]


def reason_text(err: ScenarioError, lang: str) -> str:
    """Why bpcore rejected a value, in the reader's language (numbers as %g)."""
    params = {k: f"{v:g}" if isinstance(v, float) else v for k, v in err.params.items()}
    return t(f"reason.{err.code}", lang, field=err.field, **params)


def _field(name: str, lang: str, **kwargs: Any) -> None:
    st.number_input(t(f"field.{name}", lang), key=widget_key(name), format=_FORMAT,
                    on_change=_on_edit, args=(name,), **kwargs)
    err = st.session_state[state.FIELD_ERRORS].get(name)
    if err is not None:
        st.error(t("editor.rejected", lang, reason=reason_text(err, lang)), icon="⚠️")


def _on_upload() -> None:
    """Apply an uploaded scenario whole, or keep why not; either way only once per file."""
    upload = st.session_state[state.UPLOAD_WIDGET]
    if upload is None:
        return
    try:
        scenario = read_scenario(upload.getvalue())
    except ScenarioError as err:
        st.session_state[state.UPLOAD_OUTCOME] = ("rejected", err, upload.name)
        return
    st.session_state[state.FIELD_ERRORS].clear()
    state.set_scenario(st.session_state, scenario, restart=True)
    st.session_state[state.UPLOAD_OUTCOME] = ("loaded", None, upload.name)


def import_export(scenario: Scenario, decimals: int, lang: str) -> None:
    """Download the scenario, load one, and export the worked solution in this language."""
    with st.expander(t("export.heading", lang)):
        st.download_button(t("export.download_json", lang), scenario.to_json(),
                           file_name="backprop-scenario.json", mime="application/json",
                           width="stretch")
        st.file_uploader(t("export.upload", lang), type=["json"], key=state.UPLOAD_WIDGET,
                         on_change=_on_upload)
        outcome = st.session_state.get(state.UPLOAD_OUTCOME)
        if outcome is not None:
            kind, err, name = outcome
            if kind == "loaded":
                st.success(t("export.loaded", lang, name=name))
            else:
                st.error(t("export.rejected", lang, reason=reason_text(err, lang)))
        # The files are built only when a button is pressed, not on every rerun.
        st.download_button(t("export.download_md", lang),
                           lambda: solution_markdown(trace_step(scenario), decimals, lang),
                           file_name=f"backprop-solution-{lang}.md", mime="text/markdown",
                           width="stretch")
        st.download_button(t("export.download_csv", lang),
                           lambda: values_csv(trace_step(scenario), lang),
                           file_name=f"backprop-values-{lang}.csv", mime="text/csv",
                           width="stretch")


def scenario_editor(lang: str) -> None:
    """Render the editor in the current container (the pages put it in the sidebar)."""
    scenario: Scenario = st.session_state[state.SCENARIO]
    _sync_widgets(scenario)
    st.subheader(t("editor.title", lang))
    for row in _ROWS:
        for col, name in zip(st.columns(2), row, strict=True):
            with col:
                _field(name, lang, step=0.01)
    if not (scenario.shared_bias("b1") and scenario.shared_bias("b2")):
        st.caption(t("editor.biases_differ", lang, biases=", ".join(
            f"{n} = {v:.6f}" for n, v in zip(("b_h1", "b_h2", "b_o1", "b_o2"),
                                             scenario.biases, strict=True))))
    _field("eta", lang, step=0.1)
    st.toggle(t("editor.train_biases", lang), key=state.TRAIN_BIASES_WIDGET,
              on_change=_on_train_biases)
    st.slider(t("editor.precision", lang), *DECIMALS.bounds, key=state.PRECISION_WIDGET,
              on_change=state.copy_widget,
              args=(st.session_state, state.PRECISION_WIDGET, state.PRECISION))
    st.button(t("editor.reset", lang), on_click=_on_reset, width="stretch")
    import_export(scenario, st.session_state[state.PRECISION], lang)
