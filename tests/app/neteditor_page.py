"""A page holding only the own-network editor, for its tests (AppTest and one browser test).

``?net=ID`` picks the preset it starts from (xor by default) and ``?lang=`` the language;
the spec in use is kept under SPEC, the editor's result stored there as a stepping page would,
every applied change counted under APPLIED, and the spec in use written out as JSON.
"""

import streamlit as st

from bpcore.presets import preset
from tutor import session
from tutor.stepping.neteditor import own_network_editor

SPEC = "test.spec"
APPLIED = "test.applied"

session.init_state(st.session_state, st.query_params)
lang = session.lang_from_query(st.query_params)
if SPEC not in st.session_state:
    st.session_state[SPEC] = preset(st.query_params.get("net", "xor"))
    st.session_state[APPLIED] = 0
new = own_network_editor(st.session_state[SPEC], lang, expanded=True)
if new is not None:
    st.session_state[SPEC] = new
    st.session_state[APPLIED] += 1
st.code(st.session_state[SPEC].to_json(), language="json")
