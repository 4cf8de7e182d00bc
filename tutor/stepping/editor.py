"""The sidebar scenario editor: every number of the worked example, validated by bpcore.

Each number is a typed field (tutor.ui.fields): what is typed must be a number, and then
Scenario.with_value decides (its range, its reason). A refused value keeps the last valid
scenario and shows why under the pair of fields until the field is fixed. Valid values show
at the learner's precision (bpcore.fmt), the scenario keeps the full float.
"""

from __future__ import annotations

import math
from functools import partial

import streamlit as st

from bpcore import Scenario, ScenarioError, fmt, trace_step
from bpcore.limits import DECIMALS
from bpcore.program_worked import worked_program
from tutor import session
from tutor.i18n import t
from tutor.lesson.codeview import lesson_downloads
from tutor.lesson.export import read_scenario, solution_markdown, values_csv
from tutor.serving.uploads import SMALL_UPLOAD_MB
from tutor.stepping import state as stepping_state
from tutor.ui import state as field_state
from tutor.ui.fields import number_field
from tutor.ui.reasons import reason

# Editor rows: pairs of tutorial names side by side (the network's own grouping).
_ROWS = (
    ("i1", "i2"), ("target_o1", "target_o2"), ("w1", "w2"), ("w3", "w4"),
    ("w5", "w6"), ("w7", "w8"), ("b1", "b2"), ("eta",),
)


def widget_key(name: str) -> str:
    """Session key of the text box that edits ``name``."""
    return f"{stepping_state.EDIT_PREFIX}{name}"


def _apply(name: str, value: float) -> None:
    """A typed number becomes the scenario's, or ScenarioError says why not."""
    stepping_state.set_scenario(st.session_state,
                       st.session_state[stepping_state.SCENARIO].with_value(name, value))


def _on_train_biases() -> None:
    scenario = st.session_state[stepping_state.SCENARIO].with_value(
        "train_biases", bool(st.session_state[stepping_state.TRAIN_BIASES_WIDGET]))
    stepping_state.set_scenario(st.session_state, scenario)


def _on_reset() -> None:
    st.session_state[field_state.FIELD_ERRORS].clear()
    stepping_state.set_scenario(st.session_state, Scenario.worked_example(), restart=True)


def _sync_widgets(scenario: Scenario) -> None:
    """Show the scenario's switch and the precision (the number fields sync themselves)."""
    st.session_state[stepping_state.TRAIN_BIASES_WIDGET] = scenario.train_biases
    st.session_state[session.PRECISION_WIDGET] = st.session_state[session.PRECISION]


def _row(names: tuple[str, ...], scenario: Scenario, decimals: int, lang: str) -> None:
    """Fields side by side; a refusal of either is said under the pair, at full width."""
    columns = st.columns(len(names))
    below = st.container()
    for column, name in zip(columns, names, strict=True):
        # Any number may be typed; the scenario's own range check says what is allowed.
        number_field(t(f"field.{name}", lang), widget_key(name), scenario.get(name),
                     -math.inf, math.inf, partial(_apply, name), lang=lang,
                     name=name, decimals=decimals, where=column, message_where=below)


def _on_upload() -> None:
    """Apply an uploaded scenario whole, or keep why not; either way only once per file."""
    upload = st.session_state[stepping_state.UPLOAD_WIDGET]
    if upload is None:
        return
    try:
        scenario = read_scenario(upload.getvalue())
    except ScenarioError as err:
        st.session_state[stepping_state.UPLOAD_OUTCOME] = ("rejected", err, upload.name)
        return
    st.session_state[field_state.FIELD_ERRORS].clear()
    stepping_state.set_scenario(st.session_state, scenario, restart=True)
    st.session_state[stepping_state.UPLOAD_OUTCOME] = ("loaded", None, upload.name)


def import_export(scenario: Scenario, decimals: int, lang: str) -> None:
    """Download the scenario, load one, and export the worked solution in this language."""
    with st.expander(t("export.heading", lang)):
        st.download_button(t("export.download_json", lang), scenario.to_json(),
                           file_name="backprop-scenario.json", mime="application/json",
                           width="stretch")
        st.file_uploader(t("export.upload", lang), type=["json"], key=stepping_state.UPLOAD_WIDGET,
                         on_change=_on_upload, max_upload_size=SMALL_UPLOAD_MB)
        outcome = st.session_state.get(stepping_state.UPLOAD_OUTCOME)
        if outcome is not None:
            kind, err, name = outcome
            if kind == "loaded":
                st.success(t("export.loaded", lang, name=name))
            else:
                st.error(t("export.rejected", lang, reason=reason(err, lang)))
        # The files are built only when a button is pressed, not on every rerun.
        st.download_button(t("export.download_md", lang),
                           lambda: solution_markdown(trace_step(scenario), decimals, lang),
                           file_name=f"backprop-solution-{lang}.md", mime="text/markdown",
                           width="stretch")
        st.download_button(t("export.download_csv", lang),
                           lambda: values_csv(trace_step(scenario), lang),
                           file_name=f"backprop-values-{lang}.csv", mime="text/csv",
                           width="stretch")
        lesson_downloads(lambda: worked_program(trace_step(scenario), decimals),
                         "backprop-lesson", lang, decimals)


def scenario_editor(lang: str) -> None:
    """Render the editor in the current container (the pages put it in the sidebar)."""
    scenario: Scenario = st.session_state[stepping_state.SCENARIO]
    decimals = st.session_state[session.PRECISION]
    _sync_widgets(scenario)
    st.subheader(t("editor.title", lang))
    for row in _ROWS:
        _row(row, scenario, decimals, lang)
        if row == ("b1", "b2") and not (scenario.shared_bias("b1")
                                        and scenario.shared_bias("b2")):
            st.caption(t("editor.biases_differ", lang, biases=", ".join(
                f"{n} = {fmt(v, decimals)}" for n, v in zip(("b_h1", "b_h2", "b_o1", "b_o2"),
                                                            scenario.biases, strict=True))))
    st.toggle(t("editor.train_biases", lang), key=stepping_state.TRAIN_BIASES_WIDGET,
              on_change=_on_train_biases)
    st.slider(t("editor.precision", lang), *DECIMALS.bounds, key=session.PRECISION_WIDGET,
              on_change=session.copy_widget,
              args=(st.session_state, session.PRECISION_WIDGET, session.PRECISION))
    st.button(t("editor.reset", lang), on_click=_on_reset, width="stretch")
    import_export(scenario, st.session_state[session.PRECISION], lang)
