"""Backprop Tutor — Streamlit entrypoint: page config, language selector, navigation.

Run with ``streamlit run app.py``. The page scripts live in ``app_pages/`` (not ``pages/``:
a ``pages/`` folder next to the entrypoint makes Streamlit 1.67 run the first request of
a fresh server in legacy multipage mode, bypassing this file).

The page list sits in the top bar (``position="top"``): twelve links in the sidebar pushed the
language, the presentation switch and the editor below the fold at 1280×720, and with the
sidebar closed (presentation mode) the pages stay one click away. The sidebar starts with
the language and presentation mode, then the editor; the live classroom (tutor/live/ui.py)
comes last.
"""

import streamlit as st

from tutor import session
from tutor.i18n import LANGUAGE_NAMES, LANGUAGES, t
from tutor.lesson import state as lesson_state
from tutor.lesson import url_state
from tutor.lesson.share import PRESENTATION_CSS, lesson_notice, presentation_toggle, share_panel
from tutor.live import state as live_state
from tutor.live.push import PAGE_FRAGMENT, SHARE_FRAGMENT
from tutor.live.ui import (
    following,
    live_main,
    live_page,
    live_sidebar,
    numbers_note,
    page_run,
    pushed_part,
)
from tutor.modes.practice import practice_sidebar
from tutor.pages import defaults as page_defaults
from tutor.serving.pool import POOL
from tutor.stepping import network
from tutor.stepping import state as stepping_state
from tutor.stepping.editor import scenario_editor
from tutor.stepping.netview import net_exports, network_notice, network_picker
from tutor.stepping.stepper import stop_elsewhere
from tutor.ui import a11y
from tutor.ui.choices import choice_widget
from tutor.ui.guard import guarded
from tutor.ui.page import FRAME_CSS

# Pages that do not use the worked example: the builder and the digits have their own inputs,
# the chain rule its own 1-1-1 (its own w1 beside the 2-2-2's would be two different w1), the
# activations none. (The graph page keeps the editor: its o1 neuron and its reverse network
# are the 2-2-2's, and change with it.)
OWN_INPUTS = ("network-builder", "digits", "chain-rule", "activations")

POOL.warm()  # the server's worker processes start with its first session, not its first long run
session.init_state(st.session_state, st.query_params)
stepping_state.init_scenario(st.session_state)
page_defaults.keep_widgets(st.session_state)
# A shared link is applied once per session, before anything reads the scenario.
lesson_state.apply_lesson(st.session_state, st.query_params.get(lesson_state.LESSON_PARAM))
presenting = bool(st.session_state.get(lesson_state.PRESENTATION))
# A student joining a live class (often on a phone) starts with the page, not the sidebar;
# so does anyone else on a narrow screen ("auto": closed below 1024 px, where the open sidebar
# covered the page, open from there, as on a classroom laptop or projector).
joining = bool(st.query_params.get(live_state.JOIN_PARAM))
st.set_page_config(page_title="Backprop Tutor", layout="wide",
                   initial_sidebar_state="collapsed" if presenting or joining else "auto")
st.html(FRAME_CSS)
if presenting:
    st.html(PRESENTATION_CSS)


def _on_language_change() -> None:
    st.session_state[session.LANG] = st.session_state[session.LANG_WIDGET]
    # every choice on screen is sent again, in the new language (session.resend_choices)
    session.resend_choices(st.session_state, [str(k) for k in st.session_state])


# The canonical language is st.session_state[LANG]; the widget mirrors it every run.
st.session_state[session.LANG_WIDGET] = st.session_state[session.LANG]
lang = st.session_state[session.LANG]

with st.sidebar:
    st.markdown(f"**{t('app.title', lang)}**")
    # st.radio (not st.segmented_control): never empty, and the same API on every
    # Streamlit >= 1.40 that requirements.txt allows.
    choice_widget(
        st.radio, t("app.language", lang), LANGUAGES, format_func=LANGUAGE_NAMES.__getitem__,
        key=session.LANG_WIDGET, horizontal=True, on_change=_on_language_change)
    presentation_toggle(lang)

# Keep ?lang= in the URL on every page (a sidebar page switch drops the query string),
# so a copied link or a browser reload keeps the language.
if st.query_params.get(session.LANG) != lang:
    st.query_params[session.LANG] = lang


def _overview_alias() -> None:
    """/overview: the overview, which Streamlit serves only at the root as the default page."""
    st.switch_page("app_pages/overview.py")


# Fixed url_paths so links like /forward?lang=zh are stable. The overview, the default page,
# is served at the root URL (Streamlit ignores a default page's url_path, and answers it with
# "Page not found"), so /overview is a hidden page that opens it.
pages = {
    t("section.worked_example", lang): [
        # "home": its script hash (from url_path) must differ from the /overview alias's.
        st.Page("app_pages/overview.py", title=t("page.overview", lang), url_path="home"),
        st.Page("app_pages/forward.py", title=t("page.forward", lang), url_path="forward"),
        st.Page("app_pages/backward.py", title=t("page.backward", lang), url_path="backward"),
        st.Page("app_pages/update.py", title=t("page.update", lang), url_path="update"),
    ],
    t("section.training", lang): [
        st.Page("app_pages/training.py", title=t("page.training", lang), url_path="training"),
        st.Page("app_pages/learning_rate.py", title=t("page.learning_rate", lang),
                url_path="learning-rate"),
        st.Page("app_pages/landscape.py", title=t("page.landscape", lang),
                url_path="landscape"),
        st.Page("app_pages/chain_rule.py", title=t("page.chain_rule", lang),
                url_path="chain-rule"),
        st.Page("app_pages/activations.py", title=t("page.activations", lang),
                url_path="activations"),
    ],
    t("section.beyond", lang): [
        st.Page("app_pages/graph.py", title=t("page.graph", lang), url_path="graph"),
        st.Page("app_pages/builder.py", title=t("page.builder", lang),
                url_path="network-builder"),
        st.Page("app_pages/digits.py", title=t("page.digits", lang), url_path="digits"),
    ],
}
overview_alias = st.Page(_overview_alias, title=t("page.overview", lang), url_path="overview",
                         visibility="hidden")
first, *rest = pages.items()
page = st.navigation(dict([(first[0], [*first[1], overview_alias]), *rest]), position="top")
# Each page its own title in the reader's language, and the language said to the browser.
st.set_page_config(page_title=a11y.page_title(page.title, lang))
a11y.frame(lang)
network.apply_param(st.session_state, st.query_params)  # ?net=ID, once, before it is read
# A teacher's view goes to the room; a following student takes the teacher's (and page).
live_page(page, [p for section in pages.values() for p in section], lang)
stop_elsewhere(st.session_state, page.url_path or "overview")
# Every page about the worked example shares one editor (unless the lesson hides it); the
# pages of OWN_INPUTS do not use it, so the 2-2-2's would only distract there.
# The editor's widgets mirror canonical keys, so nothing is lost while it is not drawn.
# An unexpected error (a bug) in the sidebar or the page is logged on the server and said in
# one sentence in its place (tutor/ui/guard.py): never a traceback, and the rest still works.
with st.sidebar, guarded("sidebar", lang):
    stepping_page = page.url_path in network.STEPPING_PAGES
    if stepping_page:  # the network the stepping pages step (the own network joins it here)
        network_picker(lang)
    if stepping_page and not network.is_worked(st.session_state):
        chosen = network.net_id(st.session_state)
        st.caption(t("net.editor_note_own", lang) if chosen == network.OWN else
                   t("net.editor_note", lang, name=t(f"net.name.{chosen}", lang)))
        net_exports(lang, st.session_state[session.PRECISION])
    elif page.url_path not in OWN_INPUTS and not lesson_state.is_hidden(st.session_state,
                                                                        "editor"):
        # A following student's numbers are the teacher's: no editor to redraw on each move.
        (numbers_note if following() else scenario_editor)(lang)
    practice_sidebar(lang)
    # A pushed follower's lesson link reruns with its page (it carries the step).
    pushed_part(SHARE_FRAGMENT, lambda: share_panel(page.url_path or "overview", lang),
                page.url_path or "overview")
    live_sidebar(page.url_path or "overview", lang)
lesson_notice(lang)
network_notice(lang)
url_state.keep_in_url(st.session_state, st.query_params, page.url_path or "overview")
network.keep_in_url(st.session_state, st.query_params, page.url_path or "overview")


def _draw_page() -> None:
    with guarded(page.url_path or "overview", lang):  # a pushed fragment's run too
        page_run(page)()


with guarded(page.url_path or "overview", lang):
    if live_main(page.url_path or "overview", lang):  # an open live question takes its place
        # A pushed follower's page is a fragment the server reruns alone at a move.
        pushed_part(PAGE_FRAGMENT, _draw_page, page.url_path or "overview")
