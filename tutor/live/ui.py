"""The live classroom on screen: the teacher's room in the sidebar, a student following it, a
question asked of the class and its answers gathered on the teacher's screen.

app.py calls these functions each run:

- ``live_page(page, pages, lang)`` right after the navigation, before any sidebar widget:
  a teacher's session pushes its view to the room (room.show: the page and the lesson,
  tutor.lesson.codec.encode of state.current_lesson) when it changed; a student's session opened
  with ``?join=CODE`` joins, and while following applies the teacher's view when the room's
  version moved — the lesson as a link would (state.apply_lesson) but keeping the student's
  own language and presentation mode — and switches to the teacher's page.
- ``live_sidebar(page, lang)``: "Live classroom", the sidebar's last block: Start a class
  (then the code, large, the join link to copy and its QR code, Ask the class, Show the join
  screen, End the class), or join by code.
- ``live_main(page, lang)`` before the page: the student's banner (Following the teacher /
  Explore on my own / Rejoin) with the cheap check, a fragment that reads the room's version
  every second and reruns the app only when it moved; in place of the page, an open question
  (for the teacher: the class's answers, live; for a student: the answer form), the concept
  check before or after the lesson (tutor/live/check_ui.py) or the teacher's join screen.
  False when the page is not to be drawn under it.
- ``pushed_part(key, draw, page)`` around the page and the sidebar's lesson link: for a
  follower the server pushes to (tutor.live.push), each inside a fragment a push reruns alone;
  for a learner stepping on their own (no class), inside a fragment a step move reruns alone
  (tutor.stepping.stepper.rerun_step_parts).

Everything a session knows lives in its session state (tutor/live/state.py); the
teacher's secret only in the teacher's. Student text (nicknames, answers) is shown only as
plain text (st.text, st.dataframe); nothing here uses HTML.
"""

from __future__ import annotations

import io
import ipaddress
import secrets
import socket
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from types import MappingProxyType
from typing import Any, Final
from urllib.parse import urlencode, urlsplit, urlunsplit

import segno
import streamlit as st

from bpcore import Formula, Trace, fmt
from bpcore.errors import CodedError
from bpcore.formula import Message
from bpcore.stepper_trace import trace_net
from tutor import session
from tutor.figures.answers import MISTAKES, OTHER, RIGHT, Group, choice_figure, number_figure
from tutor.i18n import t, tn
from tutor.lesson import state as lesson_state
from tutor.lesson import url_state
from tutor.lesson.codec import encode
from tutor.live import check_ui, hall_view
from tutor.live import push as live_push
from tutor.live import room as rules
from tutor.live import state as live_state
from tutor.live.answers import (
    AnyTrace,
    Gathered,
    Graded,
    answers_csv,
    asks_choice,
    choice_text,
    choices,
    gather,
    grade_once,
    kinds_for,
    lens_of,
    number_of,
    page_steps,
    right_choice,
    safe_cell,
)
from tutor.live.hall import HALL
from tutor.live.model import (
    HEARTBEAT_S,
    KEY_CHARS,
    MAX_ANSWER_CHARS,
    MAX_NICKNAME_CHARS,
    QUIET_S,
    Answer,
    Question,
    Room,
)
from tutor.live.store import RoomStore
from tutor.modes.hints import said
from tutor.modes.lens import Lens, feedback, net_scope
from tutor.modes.predict import Prediction, comparison, previous
from tutor.serving.shared import traced
from tutor.stepping import network
from tutor.stepping import state as stepping_state
from tutor.stepping.stepview import PANEL_KEY
from tutor.ui import state as field_state
from tutor.ui.choices import choice_widget
from tutor.ui.formula import say, show_fitted, step_header
from tutor.ui.netnotation import name_in
from tutor.ui.plot import show_figure
from tutor.ui.reasons import reason

WATCH_EVERY_S: Final = 1.0  # a following student's check of the room's version
GATHER_EVERY_S: Final = 1.5  # the teacher's count of the answers, while the question is open
QR_SCALE: Final = 8  # pixels per QR module: ~300 px for a join link
LOOPBACK_NAMES: Final = frozenset({"localhost", "localhost.localdomain", "ip6-localhost"})
# A documentation address (RFC 5737): "connecting" a UDP socket to it sends nothing, but
# makes the system pick the interface it would use: this machine's LAN address.
ROUTE_PROBE: Final = ("192.0.2.1", 9)
KIND_LABELS: Final = MappingProxyType({"practice": "live.kind.practice",
                                       "predict": "live.kind.predict"})
PROMPTS: Final = MappingProxyType({"practice": "live.prompt.practice",
                                   "predict": "live.prompt.predict"})
# A known mistake (bpcore.mistakes, mistake.<key>) by its short name in the chart's legend.
SHORT_NAMES: Final = MappingProxyType({
    "mistake.sign_target_out": "live.short.sign_target_out",
    "mistake.net_for_out": "live.short.net_for_out",
    "mistake.out_for_net": "live.short.out_for_net",
    "mistake.sigma_for_slope": "live.short.sigma_for_slope",
    "mistake.no_sigmoid": "live.short.no_sigmoid",
    "mistake.updated_weight": "live.short.updated_weight",
    "mistake.one_path": "live.short.one_path",
    "mistake.added_step": "live.short.added_step",
    "mistake.no_eta": "live.short.no_eta",
    "mistake.averaged_twice": "live.short.averaged_twice",
    "mistake.double_slope": "live.short.double_slope",
    "mistake.no_half": "live.short.no_half",
    "mistake.no_bias": "live.short.no_bias",
    "mistake.no_slope": "live.short.no_slope",
    "mistake.weight_for_source": "live.short.weight_for_source",
    "mistake.wrong_path": "live.short.wrong_path",
    "mistake.sign_flipped": "live.short.sign_flipped",
    # another network's slips (bpcore.mistakes.net_diagnose, mistake.gen.<key>)
    "mistake.gen.sign_target_out": "live.short.sign_target_out",
    "mistake.gen.net_for_out": "live.short.net_for_out",
    "mistake.gen.updated_weight": "live.short.updated_weight",
    "mistake.gen.one_path": "live.short.one_path",
    "mistake.gen.added_step": "live.short.added_step",
    "mistake.gen.no_eta": "live.short.no_eta",
    "mistake.gen.double_slope": "live.short.double_slope",
    "mistake.gen.no_half": "live.short.no_half",
    "mistake.gen.no_bias": "live.short.no_bias",
    "mistake.gen.no_slope": "live.short.no_slope",
    "mistake.gen.weight_for_source": "live.short.weight_for_source",
    "mistake.gen.wrong_path": "live.short.wrong_path",
    "mistake.gen.sign_flipped": "live.short.sign_flipped",
    "mistake.gen.mean_in_delta": "live.short.mean_in_delta",
    "mistake.gen.no_activation": "live.short.no_activation",
    "mistake.gen.out_for_slope": "live.short.out_for_slope",
    "mistake.gen.slope_at_out": "live.short.slope_at_out",
    "mistake.gen.slope_kept": "live.short.slope_kept",
    "mistake.gen.softmax_diagonal": "live.short.softmax_diagonal",
})


def _store() -> RoomStore:
    return rules.open_store()


def _ss() -> Any:
    return st.session_state


# --- links --------------------------------------------------------------------------------------
def join_link(code: str, lang: str) -> str:
    """The link a student opens: this server's root with ?join=CODE (and the teacher's
    language as the student's first one)."""
    parts = urlsplit(st.context.url or "")
    origin = f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""
    return f"{origin}/?{urlencode({live_state.JOIN_PARAM: code, 'lang': lang})}"


def is_loopback(host: str) -> bool:
    """True for a host name or address that only this machine reaches (127.0.0.1, ::1,
    localhost…)."""
    host = host.strip("[]").lower()
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def lan_address() -> str | None:
    """This machine's address on its network (the interface a packet out would leave by),
    found without sending anything; None when there is none (no network, only loopback)."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(ROUTE_PROBE)
            address = str(probe.getsockname()[0])
    except OSError:
        return None
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return None
    return None if ip.is_loopback or ip.is_unspecified else address


def loopback_warning(link: str, lang: str,
                     find: Callable[[], str | None] = lan_address) -> str | None:
    """What to tell a teacher whose join link only this machine can open (its host is
    loopback): the link with this machine's LAN address, or how to find it; None when the
    link's host is fine. ``find``: how to find the LAN address (asked only for loopback)."""
    parts = urlsplit(link)
    host = parts.hostname or ""
    if not host or not is_loopback(host):
        return None
    lan = find()
    if lan is None:
        return t("live.loopback_unknown", lang, host=host)
    netloc = f"{lan}:{parts.port}" if parts.port else lan
    return t("live.loopback", lang, host=host, link=urlunsplit(parts._replace(netloc=netloc)))


@st.cache_data(show_spinner=False, max_entries=64)
def qr_png(link: str) -> bytes:
    """The join link as a QR code, PNG bytes (segno; error correction M)."""
    out = io.BytesIO()
    segno.make(link, error="m").save(out, kind="png", scale=QR_SCALE, border=2)
    return out.getvalue()


# --- every run, after the navigation ------------------------------------------------------------
def live_page(page: Any, pages: Sequence[Any], lang: str) -> None:
    """Join from ?join=, then push the teacher's view or follow it (may switch page)."""
    ss, now = _ss(), time.time()
    here = page.url_path or "overview"
    teacher = ss.get(live_state.LIVE_TEACHER)
    if teacher is not None:
        resumed_on = ss.get(live_state.LIVE_RESUMED_PAGE)
        if resumed_on:  # a resumed class: this session goes where the class is
            ss[live_state.LIVE_RESUMED_PAGE] = None
            for candidate in pages:
                if (candidate.url_path or "overview") == resumed_on != here:
                    st.switch_page(candidate, query_params={"lang": lang})
        push(teacher, here, now)
        return
    _join_from_url(now)
    _keep_student_in_url()
    hall_view.forget()  # the page draws its view again if it is still one
    target = follow(now)
    if target is not None and target != here:
        for candidate in pages:
            if (candidate.url_path or "overview") == target:
                st.switch_page(candidate, query_params={
                    "lang": lang, live_state.JOIN_PARAM: ss[live_state.LIVE_CODE],
                    live_state.ME_PARAM: student_id()})


def _keep_student_in_url() -> None:
    """A joined student's URL keeps ``?join=CODE&me=ID`` (a page switch of their own drops
    the query string): a reload, on any replica, re-joins as the same student."""
    ss = _ss()
    code = ss.get(live_state.LIVE_CODE)
    if not code:
        return
    for param, value in ((live_state.JOIN_PARAM, code), (live_state.ME_PARAM, student_id())):
        if st.query_params.get(param) != value:
            st.query_params[param] = value


def push(teacher: rules.Teacher, page: str, now: float) -> None:
    """Store the teacher's view in the room, when it differs from the one last pushed."""
    ss = _ss()
    lesson = encode(lesson_state.current_lesson(ss, page))
    if ss.get(live_state.LIVE_SHOWN) == (page, lesson):
        return
    try:
        rules.show(_store(), teacher, page, lesson, now)
    except CodedError as err:
        _lost(err)
        return
    ss[live_state.LIVE_SHOWN] = (page, lesson)
    question = ss.get(live_state.LIVE_QUESTION)
    if question is not None and question.revealed:  # moved on: the question is done
        ss[live_state.LIVE_DISMISSED] = question.id


def _lost(err: CodedError) -> None:
    """The room refused the teacher (ended, expired, or not this session's): let it go —
    else (the store out of reach, a refused view) keep it and try again next run."""
    ss = _ss()
    ss[live_state.LIVE_REFUSAL] = err
    if err.code not in ("gone", "closed", "forbidden"):
        return
    ss[live_state.LIVE_TEACHER] = None
    ss[live_state.LIVE_QUESTION] = None
    ss[live_state.LIVE_CHECK_SCREEN] = False


def student_id() -> str:
    """This student's random, anonymous id: the URL's ``?me=`` when it has the app's form
    (a reload), else a new one (kept in the session, and in the URL once joined)."""
    ss = _ss()
    if not ss.get(live_state.LIVE_STUDENT):
        from_url = st.query_params.get(live_state.ME_PARAM)
        ss[live_state.LIVE_STUDENT] = (from_url if rules.valid_student_id(from_url)
                                  else rules.new_student_id())
    return str(ss[live_state.LIVE_STUDENT])


def caller() -> rules.Caller:
    """Who this session is to the rate limits: its own random id, the client's address
    (the TCP peer, or a trusted balancer's X-Forwarded-For: uvicorn's FORWARDED_ALLOW_IPS;
    "" on loopback or unknown)."""
    ss = _ss()
    if not ss.get(live_state.LIVE_CALLER):
        ss[live_state.LIVE_CALLER] = secrets.token_hex(8)
    address = st.context.ip_address  # (under AppTest, not a string: no address)
    return rules.Caller(str(ss[live_state.LIVE_CALLER]), address if isinstance(address,
                                                                               str) else "")


def join(code: str, now: float) -> bool:
    """Join the room ``code`` and follow it; a refusal is kept to be said. True if joined."""
    ss = _ss()
    try:
        room = rules.join(_store(), code, student_id(), now, caller())
    except CodedError as err:
        ss[live_state.LIVE_REFUSAL] = err
        return False
    ss[live_state.LIVE_BEAT] = now
    ss[live_state.LIVE_MOVED] = room.moved
    ss[live_state.LIVE_CODE] = room.code
    ss[live_state.LIVE_FOLLOWING] = True
    ss[live_state.LIVE_SEEN] = None
    ss[live_state.LIVE_VIEW] = None
    ss[live_state.LIVE_ENDED] = None
    ss[live_state.LIVE_QUESTION] = None
    ss[live_state.LIVE_SENT] = {}
    return True


def _join_from_url(now: float) -> None:
    ss = _ss()
    code = st.query_params.get(live_state.JOIN_PARAM)
    if not code or ss.get(live_state.LIVE_JOIN_TRIED) == code:
        return
    ss[live_state.LIVE_JOIN_TRIED] = code
    if rules.normal_code(code) != ss.get(live_state.LIVE_CODE):
        join(code, now)


def following() -> bool:
    """True while this session follows a live class (joined, following, not ended)."""
    ss = _ss()
    return bool(ss.get(live_state.LIVE_CODE) and ss.get(live_state.LIVE_FOLLOWING)
                and not ss.get(live_state.LIVE_ENDED))


def numbers_note(lang: str) -> None:
    """In the editor's place while following: the numbers are the teacher's.

    A follower's edits would be replaced at the teacher's next move, and the editor's ~20
    keyed widgets are most of a follower's rerun (Streamlit copies the whole session state
    for each keyed text input): 200 followers redraw it on every move of the teacher.
    """
    st.caption(t("live.numbers_follow", lang))


def session_id() -> str | None:
    """This browser session's Streamlit id (None outside a script run)."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx(suppress_warning=True)
    return None if ctx is None else ctx.session_id


def _ended(why: str) -> None:
    ss = _ss()
    ss[live_state.LIVE_ENDED] = why
    ss[live_state.LIVE_FOLLOWING] = False
    ss[live_state.LIVE_QUESTION] = None


def follow(now: float) -> str | None:
    """A following student: when the room's version moved, apply the teacher's view and
    return the teacher's page (None: nothing to follow, or nothing changed)."""
    ss = _ss()
    code = ss.get(live_state.LIVE_CODE)
    if not code or not ss.get(live_state.LIVE_FOLLOWING) or ss.get(live_state.LIVE_ENDED):
        return None
    store = _store()
    try:
        version = store.version(code, now)
        if version == ss.get(live_state.LIVE_SEEN) and version is not None:
            return None
        room = None if version is None else store.room(code, now)
    except CodedError as err:  # the store cannot be reached: say so, try again next run
        ss[live_state.LIVE_REFUSAL] = err
        return None
    if room is None or room.closed:
        _ended("gone" if room is None else "closed")
        return None
    return _take(room)


def _take(room: Room) -> str:
    """The teacher's view of ``room`` in this session (it moved): the lesson, the question;
    the teacher's page."""
    ss = _ss()
    ss[live_state.LIVE_SEEN] = room.version
    ss[live_state.LIVE_MOVED] = room.moved
    view = (room.page, room.lesson)
    if ss.get(live_state.LIVE_VIEW) != view:
        question = ss.get(live_state.LIVE_QUESTION)
        if question is not None and question.revealed and ss.get(live_state.LIVE_VIEW):
            ss[live_state.LIVE_DISMISSED] = question.id  # the teacher moved on after the reveal
        apply_view(room.lesson)
        ss[live_state.LIVE_VIEW] = view
    ss[live_state.LIVE_QUESTION] = room.question
    return room.page


def pushed_part(key: str, draw: Callable[[], None], page: str) -> None:
    """Draw ``draw`` (the page, or the sidebar's lesson link) — for a follower the server
    pushes to, inside the fragment ``key`` (live_push.PAGE_FRAGMENT, SHARE_FRAGMENT), which a
    push reruns alone; for a learner stepping alone (``_stepping_alone``), inside the same
    fragment, which a step move reruns alone (``_own_part``); for anyone else as it is.

    Why: a push used to rerun the follower's whole app, ~15 ms of CPU each (half of it
    app.py around the page: navigation, sidebar, theme) and ~38 kB sent, 200 times per
    press. Everything a follower's screen shows outside these fragments stays as it was
    when the teacher only steps on the same page; any other move (another page, network,
    mode, question, the room closed) reruns the whole app from the fragment, as a click
    inside it that changed the lesson (the follower's own Next) does: the address, the
    lesson link and the sidebar then show it, as before.
    """
    pushed = _pushed()
    alone = not pushed and _stepping_alone(page)
    # The lesson link (the sidebar) is drawn before the page: once the page is drawn too, a
    # step move reruns the two.
    _ss()[stepping_state.STEP_PARTS] = (
        live_push.PUSHED_FRAGMENTS if alone and key == live_push.PAGE_FRAGMENT else ())
    if pushed:
        st.fragment(_part, key=key)(key, draw, page)
    elif alone:
        st.fragment(_own_part, key=key)(key, draw, page)
    else:
        draw()


def _stepping_alone(page: str) -> bool:
    """True for a learner on a stepping page with no live class (neither teaching, which
    pushes each move to the room from the app's run, nor in one) in a Streamlit runtime
    session (never under AppTest): a step move then reruns the page and the lesson link
    alone (tutor.stepping.stepper.rerun_step_parts)."""
    ss, sid = _ss(), session_id()
    return (page in network.STEPPING_PAGES and ss.get(live_state.LIVE_TEACHER) is None
            and not ss.get(live_state.LIVE_CODE) and sid is not None
            and live_push.runtime_session(sid) is not None)


def _own_part(key: str, draw: Callable[[], None], page: str) -> None:
    """Body of a learner's own step fragment (see pushed_part, _stepping_alone): in a step
    move's rerun (STEP_RUNS names it), draw it anew, the address following the step; a run
    of it for anything else (a click inside that is not a step move: a mode's answer, a
    toggle, Apply, the lesson link's hidden panels) reruns the whole app, as before, so the
    sidebar (a score, the editor's numbers) shows what it changed."""
    ss = _ss()
    if _fragment_run():
        runs = tuple(ss.get(stepping_state.STEP_RUNS) or ())
        way = key == live_push.PAGE_FRAGMENT and ss.get(stepping_state.WAY_WANTED)
        if key not in runs and not way:  # (a way on switches the page from here)
            st.rerun(scope="app")
        ss[stepping_state.STEP_RUNS] = tuple(k for k in runs if k != key)
        if key == live_push.PAGE_FRAGMENT:
            url_state.keep_in_url(ss, st.query_params, page)  # the address carries the step
    draw()


def page_run(page: Any) -> Callable[[], None]:
    """``page.run`` as a pushed fragment can call it again: Streamlit lets the page that
    st.navigation returned run once per app run, and a fragment's rerun is not one."""
    def run() -> None:
        page._can_be_called = True  # (Streamlit 1.67's StreamlitPage: its one-run guard)
        page.run()
    return run


def _pushed() -> bool:
    """True when this session follows a room and pushes can reach it (a Streamlit runtime
    session, which _watch_every registers with live_push.PUSHER; never under AppTest)."""
    sid = session_id()
    return following() and sid is not None and live_push.runtime_session(sid) is not None


def _fragment_run() -> bool:
    """True in a run of fragments alone (a push, a click inside one), not the app's."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx(suppress_warning=True)
    return bool(ctx is not None and ctx.fragment_ids_this_run)


def _part(key: str, draw: Callable[[], None], page: str) -> None:
    """Body of a follower's pushed fragment (see pushed_part)."""
    ss = _ss()
    if _fragment_run():
        if lesson_state.current_lesson(ss, page) != ss.get(live_state.LIVE_DRAWN):
            st.rerun(scope="app")  # a click inside changed the lesson: everything shows it
        if key == live_push.PAGE_FRAGMENT:
            _follow_here(page, time.time())
            url_state.keep_in_url(ss, st.query_params, page)  # the address carries the step
    draw()
    if key == live_push.PAGE_FRAGMENT:
        ss[live_state.LIVE_DRAWN] = lesson_state.current_lesson(ss, page)


def _outside(page: str) -> tuple[object, ...]:
    """What a follower's screen shows outside its pushed fragments that a teacher's move can
    change: the lesson but its step (network, numbers, mode, precision, hidden panels…),
    the question and whether it was set aside, the teacher's quiet notice."""
    ss = _ss()
    moved = ss.get(live_state.LIVE_MOVED)
    return (replace(lesson_state.current_lesson(ss, page), step=0),
            ss.get(live_state.LIVE_QUESTION), ss.get(live_state.LIVE_DISMISSED),
            moved is not None and time.time() - float(moved) > QUIET_S)


def _follow_here(page: str, now: float) -> None:
    """In a follower's pushed page fragment: apply the teacher's move when it only steps on
    this page; else rerun the whole app, whose follow() applies it (another page, the room
    over or out of reach, a new question, anything outside the page changed)."""
    ss = _ss()
    code = ss.get(live_state.LIVE_CODE)
    store = _store()
    try:
        version = store.version(code, now)
        if version == ss.get(live_state.LIVE_SEEN) and version is not None:
            return
        room = None if version is None else store.room(code, now)
    except CodedError:
        st.rerun(scope="app")
    if (room is None or room.closed or room.page != page
            or room.question != ss.get(live_state.LIVE_QUESTION)):
        st.rerun(scope="app")
    before = _outside(page)
    _take(room)
    if _outside(page) != before:
        st.rerun(scope="app")


def apply_view(lesson: str) -> None:
    """The teacher's lesson in this session, as a link would apply it, keeping the
    student's presentation mode (the language is not in a lesson)."""
    ss = _ss()
    presenting = bool(ss.get(lesson_state.PRESENTATION, False))
    # Applied even if this session wrote the same lesson before (lesson_state.apply_lesson skips
    # the session's own values: the teacher going back to a step the student saw).
    ss[lesson_state.LESSON_WRITTEN] = tuple(
        v for v in ss.get(lesson_state.LESSON_WRITTEN, ()) if v != lesson)
    ss[lesson_state.LESSON_APPLIED] = None
    lesson_state.apply_lesson(ss, lesson)
    ss[lesson_state.PRESENTATION] = presenting


# --- the sidebar block --------------------------------------------------------------------------
def _start(page: str) -> None:
    ss = _ss()
    lesson = encode(lesson_state.current_lesson(ss, page))
    try:
        teacher = rules.start(_store(), page, lesson, int(ss.get(live_state.LIVE_ROOMS_MADE, 0)),
                              time.time())
    except CodedError as err:
        ss[live_state.LIVE_REFUSAL] = err
        return
    ss[live_state.LIVE_ROOMS_MADE] = int(ss.get(live_state.LIVE_ROOMS_MADE, 0)) + 1
    ss[live_state.LIVE_TEACHER] = teacher
    ss[live_state.LIVE_SHOWN] = (page, lesson)
    ss[live_state.LIVE_QUESTION] = None
    ss[live_state.LIVE_KEY_HIDDEN] = False  # the key is shown (in the sidebar) to keep
    ss[live_state.LIVE_CHECK_RUNS] = {}  # a new class: no concept check yet
    ss[live_state.LIVE_CHECK_SCREEN] = False
    _become_teacher()
    ss[live_state.LIVE_JOIN_SCREEN] = True  # the projector shows the code and the QR code first


def _become_teacher() -> None:
    """This session leads a class now: it follows no one, and its URL says nothing of a
    student (no ?join=, no ?me=) nor of the teacher (the key is never in a URL)."""
    ss = _ss()
    ss[live_state.LIVE_CODE] = None
    ss[live_state.LIVE_FOLLOWING] = False
    ss[live_state.LIVE_ENDED] = None
    for param in (live_state.JOIN_PARAM, live_state.ME_PARAM):
        if param in st.query_params:
            del st.query_params[param]


def _resume() -> None:
    """Take a class back with its code and key (after a reload, on another device)."""
    ss = _ss()
    now = time.time()
    try:
        teacher = rules.resume(_store(), str(ss.get(live_state.LIVE_RESUME_CODE) or ""),
                               str(ss.get(live_state.LIVE_RESUME_KEY) or ""), now, caller())
        room = _store().room(teacher.code, now)
    except CodedError as err:
        ss[live_state.LIVE_REFUSAL] = err
        return
    ss[live_state.LIVE_RESUME_KEY] = ""  # not kept in a widget once used
    ss[live_state.LIVE_TEACHER] = teacher
    ss[live_state.LIVE_KEY_HIDDEN] = True  # they have it: they just typed it
    if room is not None:  # take the class's view: the class is not pulled back to this one
        apply_view(room.lesson)
        ss[live_state.LIVE_RESUMED_PAGE] = room.page
    ss[live_state.LIVE_SHOWN] = None  # then the view goes to the room (unchanged: no write)
    ss[live_state.LIVE_QUESTION] = room.question if room is not None else None
    # the concept checks the class took, from the room: the same pre/post results and gain
    ss[live_state.LIVE_CHECK_RUNS] = rules.check_runs(room)
    ss[live_state.LIVE_JOIN_SCREEN] = False
    _become_teacher()


def _hide_key() -> None:
    _ss()[live_state.LIVE_KEY_HIDDEN] = True


def _end() -> None:
    ss = _ss()
    teacher = ss.get(live_state.LIVE_TEACHER)
    if teacher is None:
        return
    try:
        rules.close(_store(), teacher, time.time())
    except CodedError as err:
        ss[live_state.LIVE_REFUSAL] = err
    ss[live_state.LIVE_TEACHER] = None
    ss[live_state.LIVE_QUESTION] = None
    ss[live_state.LIVE_SHOWN] = None
    ss[live_state.LIVE_JOIN_SCREEN] = False
    ss[live_state.LIVE_CHECK_SCREEN] = False


def _ask(page: str) -> None:
    ss = _ss()
    teacher = ss.get(live_state.LIVE_TEACHER)
    kinds = kinds_for(page)
    if teacher is None or not kinds:
        return
    kind = ss.get(live_state.LIVE_ASK_KIND)
    kind = kind if kind in kinds else kinds[0]
    now = time.time()
    ss[live_state.LIVE_SHOWN] = None
    push(teacher, page, now)  # the class is on this very step when the question comes
    try:
        question = rules.ask(_store(), teacher, page,
                             int(ss.get(lesson_state.PAGE_STEP_KEYS[page], 0)),
                             kind, now)
    except CodedError as err:
        _lost(err)
        return
    ss[live_state.LIVE_QUESTION] = question
    ss[live_state.LIVE_JOIN_SCREEN] = False


def _show_join(shown: bool) -> None:
    _ss()[live_state.LIVE_JOIN_SCREEN] = shown


def _join_typed() -> None:
    join(str(_ss().get(live_state.LIVE_JOIN_WIDGET) or ""), time.time())


def live_sidebar(page: str, lang: str) -> None:
    """The "Live classroom" block: a running class's code, link, QR code, question and end;
    else Start a class and Join a class."""
    ss = _ss()
    teacher = ss.get(live_state.LIVE_TEACHER)
    if teacher is None and ss.get(live_state.LIVE_CODE) and not room_over():
        # A student in a class: its banner says so and leads; no join or resume fields here
        # (three text inputs are a good part of every follower's rerun: Streamlit reads the
        # whole session state for each).
        return
    if teacher is None:
        with st.expander(t("live.heading", lang)):
            st.caption(t("live.about", lang))
            st.button(t("live.start", lang), key="live.start", type="primary", width="stretch",
                      on_click=_start, args=(page,))
            st.text_input(t("live.join_code", lang), key=live_state.LIVE_JOIN_WIDGET,
                          max_chars=16, placeholder="ABC234")
            st.button(t("live.join", lang), key="live.join", width="stretch",
                      on_click=_join_typed)
            st.markdown(f"**{t('live.resume_heading', lang)}**")
            st.text_input(t("live.resume_code", lang), key=live_state.LIVE_RESUME_CODE,
                          max_chars=16, placeholder="ABC234")
            st.text_input(t("live.resume_key", lang), key=live_state.LIVE_RESUME_KEY,
                          max_chars=2 * KEY_CHARS, type="password")
            st.button(t("live.resume", lang), key="live.resume", width="stretch",
                      on_click=_resume)
        return
    with st.container(border=True, key="live-room"):
        st.markdown(f"**{t('live.heading', lang)}**")
        st.caption(t("live.code", lang))
        st.title(rules.shown_code(teacher.code), anchor=False)  # CODE_ALPHABET and "-" only
        link = join_link(teacher.code, lang)
        st.caption(t("live.join_at", lang))
        st.code(link, language=None, wrap_lines=True)
        warning = loopback_warning(link, lang)
        if warning:
            st.warning(warning)
        st.image(qr_png(link), caption=t("live.scan", lang), width=220,
                 alt=t("live.qr_alt", lang, link=link))
        try:
            st.caption(tn("live.joined", rules.seats(_store(), teacher.code, time.time()), lang))
        except CodedError as err:
            st.caption(reason(err, lang))
        # Asked on the network the class steps (its students follow the teacher's network),
        # graded on its own trace.
        kinds = kinds_for(page)
        if kinds:
            if ss.get(live_state.LIVE_ASK_KIND) not in kinds:
                ss[live_state.LIVE_ASK_KIND] = kinds[0]
            choice_widget(
                st.radio, t("live.ask_kind", lang), kinds, key=live_state.LIVE_ASK_KIND,
                horizontal=True, format_func=lambda k: t(KIND_LABELS[k], lang))
        else:
            st.caption(t("live.ask_where", lang))
        st.button(t("live.ask", lang), key="live.ask", type="primary", width="stretch",
                  on_click=_ask, args=(page,), disabled=not kinds)
        check_ui.sidebar_block(_lost, lang)
        st.button(t("live.show_join", lang), key="live.show_join", width="stretch",
                  on_click=_show_join, args=(True,))
        st.button(t("live.end", lang), key="live.end", width="stretch", on_click=_end)
        if not ss.get(live_state.LIVE_KEY_HIDDEN):
            # Collapsed: a projected sidebar shows only its title; the key is never on the
            # join screen, in the join link or in this page's URL.
            with st.expander(t("live.key_heading", lang), expanded=False):
                st.caption(t("live.key_about", lang))
                st.code(teacher.secret, language=None)  # its copy button
                st.button(t("live.key_hide", lang), key="live.key_hide", width="stretch",
                          on_click=_hide_key)


# --- the main area ------------------------------------------------------------------------------
def live_main(page: str, lang: str) -> bool:
    """A refusal to say, the student's banner, an open question; False: draw no page."""
    ss = _ss()
    refusal = ss.get(live_state.LIVE_REFUSAL)
    if refusal is not None:
        ss[live_state.LIVE_REFUSAL] = None
        st.error(t("live.refused", lang, reason=reason(refusal, lang)))
    question = ss.get(live_state.LIVE_QUESTION)
    open_here = question is not None and question.id != ss.get(live_state.LIVE_DISMISSED)
    teacher = ss.get(live_state.LIVE_TEACHER)
    if teacher is not None:
        if check_ui.teacher_showing():
            check_ui.teacher_screen(teacher, lang)
            return False
        if open_here:
            return not _teacher_question(teacher, question, lang)
        if ss.get(live_state.LIVE_JOIN_SCREEN):
            _join_screen(teacher, lang)
            return False
        return True
    if not ss.get(live_state.LIVE_CODE):
        return True
    _banner(page, lang)
    if open_here and ss.get(live_state.LIVE_FOLLOWING) and not ss.get(live_state.LIVE_ENDED):
        if rules.is_check(question):
            check_ui.student_screen(question, student_id(), caller(), lang)
            return False
        return not _student_question(question, lang)
    return True


def _join_screen(teacher: rules.Teacher, lang: str) -> None:
    """For the projector: the code in large type, the QR code, the link, who has joined."""
    link = join_link(teacher.code, lang)
    with st.container(horizontal=True, vertical_alignment="center", key="live-join-head"):
        st.subheader(t("live.join_screen", lang), anchor=False, width="content")
        st.button(t("live.back", lang), key="live.join_back", type="primary",
                  on_click=_show_join, args=(False,))
    qr, words = st.columns([1, 1.4], vertical_alignment="center")
    qr.image(qr_png(link), width=360, alt=t("live.qr_alt", lang, link=link))
    with words:
        st.caption(t("live.code", lang))
        st.title(rules.shown_code(teacher.code), anchor=False)
        st.caption(t("live.join_at", lang))
        st.code(link, language=None, wrap_lines=True)
        warning = loopback_warning(link, lang)
        if warning:
            st.warning(warning)
        st.fragment(_joined, run_every=GATHER_EVERY_S)(teacher.code, lang)


def _joined(code: str, lang: str) -> None:
    """How many students have joined (the join screen's live count)."""
    try:
        st.metric(t("live.joined_label", lang), rules.seats(_store(), code, time.time()))
    except CodedError as err:
        st.caption(reason(err, lang))


def _explore() -> None:
    # From the step the screen shows: a follower's view (tutor.live.hall) may have drawn
    # the teacher's newer steps than its page's state holds.
    follow(time.time())
    _ss()[live_state.LIVE_FOLLOWING] = False


def _rejoin() -> None:
    ss = _ss()
    ss[live_state.LIVE_FOLLOWING] = True
    ss[live_state.LIVE_SEEN] = None
    ss[live_state.LIVE_VIEW] = None


def _watch(code: str, lang: str) -> None:
    """Every second while following: rerun the app only if the room's version moved, and
    say when the teacher has not moved for QUIET_S; following or exploring, every HEARTBEAT_S
    tell the room this student is still there."""
    ss = _ss()
    if ss.get(live_state.LIVE_CODE) != code or ss.get(live_state.LIVE_ENDED):
        return
    following = bool(ss.get(live_state.LIVE_FOLLOWING))
    store, now = _store(), time.time()
    try:
        if now - float(ss.get(live_state.LIVE_BEAT) or 0.0) >= HEARTBEAT_S:  # explorers too
            rules.heartbeat(store, code, student_id(), now)
            ss[live_state.LIVE_BEAT] = now
        if not following:
            return
        version = store.version(code, now)
    except CodedError:
        return  # the store is out of reach for now: the next tick tries again
    seen = _seen_here()
    if version != seen:
        if check_reruns(version, seen, ss.get(live_state.LIVE_AWAITED), _pushed()):
            st.rerun(scope="app")
        ss[live_state.LIVE_AWAITED] = version
    quiet_notice(now, lang)


def _seen_here() -> int | None:
    """The room version this follower's screen shows: its view's, where the view draws the
    teacher's steps in the browser (tutor.live.hall) and is past the version its page was
    drawn at; else the page's."""
    seen, sid = _ss().get(live_state.LIVE_SEEN), session_id()
    shown = None if sid is None else HALL.shown(sid)
    return shown if shown is not None and (seen is None or shown > seen) else seen


def check_reruns(version: int | None, seen: int | None, awaited: int | None,
                 pushed: bool) -> bool:
    """Whether a follower's own version check reruns the whole app: the room's ``version``
    is not the ``seen`` one and, where pushes reach the session (``pushed``), it was already
    so at the previous check (``awaited``: the version that check found).

    Why: a push shows the move by rerunning the follower's page alone (pushed_part). On a
    busy server a push can take longer than the gap to the follower's next check, which then
    found the move first and reran the whole app in the push's place, at twice the cost,
    for most of a class. The check stays the fallback for a push that was lost (the session
    reconnecting): it then shows the move one check later (at most 2 × FALLBACK_S)."""
    return version != seen and (not pushed or awaited == version)


def quiet_notice(now: float, lang: str) -> None:
    """The teacher's last move was over QUIET_S ago: say so (the view stays). A follower's
    view drawn in the browser (tutor.live.hall) knows of moves its page has not run for."""
    moved, sid = _ss().get(live_state.LIVE_MOVED), session_id()
    seen_by_view = None if sid is None else HALL.moved_at(sid)
    if seen_by_view is not None and (moved is None or seen_by_view > float(moved)):
        moved = seen_by_view
    if moved is not None and now - float(moved) > QUIET_S:
        st.info(t("live.quiet", lang, minutes=int(QUIET_S // 60)))


def _banner(page: str, lang: str) -> None:
    ss = _ss()
    code = rules.shown_code(ss[live_state.LIVE_CODE])
    ended = ss.get(live_state.LIVE_ENDED)
    if ended:
        st.warning(t("live.closed" if ended == "closed" else "live.gone", lang, code=code))
        _watch_every(page, False)  # nothing left to follow: no more pushes to this session
        return
    following = bool(ss.get(live_state.LIVE_FOLLOWING))
    with st.container(horizontal=True, vertical_alignment="center", gap="small",
                      key="live-banner"):
        st.markdown(t("live.following" if following else "live.exploring", lang, code=code))
        if following:
            st.button(t("live.explore", lang), key="live.explore", on_click=_explore)
        else:
            st.button(t("live.rejoin", lang), key="live.rejoin", type="primary",
                      on_click=_rejoin)
    # Following: the server tells this session of a move (tutor.live.push), and the fragment
    # checks the version itself every FALLBACK_S, or every second where no push can reach
    # it; exploring: only the heartbeat's pace.
    st.fragment(_watch, run_every=_watch_every(page, following))(ss[live_state.LIVE_CODE], lang)


def _watch_every(page: str, following: bool) -> float:
    """How often the follower's own fragment reads the room's version (see _banner)."""
    sid = session_id()
    if not following or room_over():
        if sid is not None:
            live_push.PUSHER.leave(sid)
        return HEARTBEAT_S
    if sid is not None and live_push.PUSHER.follow(_ss()[live_state.LIVE_CODE], sid,
                                                   _ss().get(live_state.LIVE_SEEN)):
        # A page drawn as the lecture hall's view checks by its own long poll
        # (tutor.live.hall): this check is left the heartbeat's pace.
        drawn_as_view = (hall_view.will_draw(page)
                         and _ss().get(live_state.LIVE_QUESTION) is None)
        return HEARTBEAT_S if drawn_as_view else live_push.FALLBACK_S
    return WATCH_EVERY_S


def room_over() -> bool:
    """The joined room is over (closed by the teacher, or gone)."""
    return bool(_ss().get(live_state.LIVE_ENDED))


def _asked(question: Question) -> tuple[Lens, Formula, int, int] | None:
    """The network asked on (as a learning mode's lens), the asked step, its index's count and
    the decimals, from this session's network (the teacher's, or the teacher's as followed);
    None if the step is not there."""
    ss = _ss()
    if network.is_worked(ss):
        lens = lens_of(traced(ss[stepping_state.SCENARIO]))
    else:
        net = trace_net(network.spec_in_use(ss))
        lens = lens_of(net, net_scope(network.net_id(ss), net))
    steps = page_steps(lens.trace, question.page)
    if not 0 <= question.step < len(steps):
        return None
    return lens, steps[question.step], len(steps), int(ss[session.PRECISION])


def mistake_words(message: Message, lang: str) -> str:
    """A known mistake in words: the worked example's in the tutorial's notation, another
    network's (mistake.gen.*) with its registry names in the reader's language."""
    if message.key.startswith("mistake.gen."):
        return say(message, lang, name_in(lang))
    return said(message, lang)


def _prompt(lens: Lens, step: Formula, question: Question, count: int, decimals: int,
            lang: str) -> None:
    """The question as both screens show it: the step, what is asked, the formula."""
    step_header(step, question.step, count, lang)
    if asks_choice(step, question.kind):
        last = previous(lens.trace, step)
        st.caption(t("predict.sign", lang) + " " + t(
            "predict.size", lang, last=lens.text(last), value=fmt(last.value, decimals)))
    else:
        st.caption(t(PROMPTS[question.kind], lang))
    # Broken for the panel's width as the step panel's is (tutor.ui.formula.fitted): on a
    # phone a long substitution wraps over more lines instead of shrinking below the words.
    with st.container(key=PANEL_KEY):
        show_fitted(lens.fits(step, decimals, reveal=question.revealed))


# --- the teacher's screen while a question is open ---------------------------------------------
def _reveal(teacher: rules.Teacher, question: Question) -> None:
    ss = _ss()
    try:
        rules.reveal(_store(), teacher, question.id, time.time())
    except CodedError as err:
        ss[live_state.LIVE_REFUSAL] = err
        return
    ss[live_state.LIVE_QUESTION] = replace(question, revealed=True)


def _dismiss(question: Question) -> None:
    _ss()[live_state.LIVE_DISMISSED] = question.id


def _teacher_question(teacher: rules.Teacher, question: Question, lang: str) -> bool:
    """The question and the class's answers (live until revealed); True if drawn."""
    asked = _asked(question)
    if asked is None:
        return False
    lens, step, count, decimals = asked
    with st.container(horizontal=True, vertical_alignment="center", key="live-question-head"):
        st.subheader(t("live.question", lang), anchor=False, width="content")
        if question.revealed:
            st.success(t("live.truth", lang, value=fmt(step.value, decimals)))
            st.button(t("live.back", lang), key="live.back", type="primary",
                      on_click=_dismiss, args=(question,))
        else:
            st.button(t("live.reveal", lang), key="live.reveal", type="primary",
                      on_click=_reveal, args=(teacher, question))
    _prompt(lens, step, question, count, decimals, lang)
    st.fragment(_gathered, run_every=None if question.revealed else GATHER_EVERY_S)(
        teacher.code, question, lang)
    return True


def gathered(code: str, question: Question, trace: AnyTrace, step: Formula,
             decimals: int) -> tuple[Gathered, int, tuple[Answer, ...]]:
    """The class's answers to ``question`` graded, how many students joined, the answers.

    Each answer is graded once: the grades are kept in the session by (question, student,
    answer text) for as long as the question, the scenario and the precision stay, and each
    distinct text once per server (answers.grade_once); a tally every GATHER_EVERY_S looks up
    only the answers new or changed since the last."""
    ss = _ss()
    store, now = _store(), time.time()
    answers = rules.tally(store, code, question.id, now)
    basis = (question.id, question.kind,
             trace.scenario if isinstance(trace, Trace) else trace.spec, decimals)
    kept = ss.get(live_state.LIVE_GRADES)
    grades: dict[tuple[str, str, str], Graded] = (
        kept[1] if kept is not None and kept[0] == basis else {})
    graded = []
    for a in answers:
        key = (question.id, a.student, a.text)
        if key not in grades:
            grades[key] = grade_once(trace, step, question.kind, a.text, decimals)
        graded.append(grades[key])
    live_keys = {(question.id, a.student, a.text) for a in answers}
    ss[live_state.LIVE_GRADES] = (basis, {k: v for k, v in grades.items() if k in live_keys})
    return gather(graded), rules.seats(store, code, now), answers


def _gathered(code: str, question: Question, lang: str) -> None:
    """Body of the teacher's live fragment: counts, the histogram, the mistakes, the list."""
    ss = _ss()
    current = ss.get(live_state.LIVE_QUESTION)
    if current is not None and current.id == question.id:
        question = current  # a reveal since the fragment was drawn
    asked = _asked(question)
    if asked is None:
        return
    lens, step, _, decimals = asked
    try:
        found, joined, answers = gathered(code, question, lens.trace, step, decimals)
    except CodedError as err:
        st.warning(reason(err, lang))
        return
    chart, numbers = st.columns([2, 1], vertical_alignment="top")
    with numbers:
        st.metric(t("live.answered_label", lang),
                  t("live.answered", lang, n=found.answered, of=joined))
        st.metric(t("live.right_label", lang), f"{round(100 * found.share_right)} %"
                  if found.answered else "–")
        for message, n in found.mistakes:
            st.markdown(t("live.mistake_count", lang, n=n, mistake=mistake_words(message, lang)))
    with chart:
        if found.answered:
            show_figure(answers_chart(lens.trace, step, question, found, decimals, lang),
                        "live.answers_chart")
        else:
            st.caption(t("live.no_answers", lang))
    if found.answered:
        with st.expander(t("live.every_answer", lang)):
            # Cells made safe for a spreadsheet here too: the table's own download is CSV.
            header = (t("live.col.nickname", lang), t("live.col.answer", lang))
            rows = [(a.nickname or t("live.anonymous", lang), a.text) for a in answers]
            st.dataframe({header[0]: [safe_cell(r[0]) for r in rows],
                          header[1]: [safe_cell(r[1]) for r in rows]}, hide_index=True)
            st.download_button(t("live.download_answers", lang), answers_csv(header, rows),
                               file_name=f"answers-{code}.csv", mime="text/csv",
                               on_click="ignore", key="live.answers_csv")


def choice_label(choice: str, lang: str) -> str:
    """"positive bigger" → "+, bigger" in the reader's language."""
    sign, size = choice.split()
    return t("live.choice", lang, sign=t(f"predict.sign_mark.{sign}", lang),
             size=t(f"predict.size.{size}", lang))


def answers_chart(trace: AnyTrace, step: Formula, question: Question, found: Gathered,
                  decimals: int, lang: str) -> dict[str, Any]:
    """The spread of the class's answers: a histogram (numbers) or four bars (a sign and a
    size); coloured by right, each known mistake and the rest once revealed."""
    if asks_choice(step, question.kind):
        offered = choices(trace)
        counts = [sum(g.choice == c for g in found.graded) for c in offered]
        right = offered.index(right_choice(trace, step)) if (
            question.revealed and right_choice(trace, step) in offered) else None
        return choice_figure([choice_label(c, lang) for c in offered], counts, right, lang)
    def values(keep: Callable[[Graded], bool]) -> tuple[float, ...]:
        return tuple(g.number for g in found.graded if g.number is not None and keep(g))

    if not question.revealed:
        groups = [Group(t("live.chart.answers", lang), OTHER, values(lambda g: True))]
    else:
        groups = [Group(t("live.chart.right", lang), RIGHT, values(lambda g: g.right))]
        for k, (message, _) in enumerate(found.mistakes):
            groups.append(Group(t(SHORT_NAMES.get(message.key, "live.chart.other"), lang),
                                MISTAKES[k % len(MISTAKES)],
                                tuple(g.number for g in found.graded
                                      if g.number is not None and g.mistake == message)))
        groups.append(Group(t("live.chart.other", lang), OTHER,
                            values(lambda g: not g.right and g.mistake is None)))
    return number_figure(groups, step.value, question.revealed, decimals, lang)


# --- a student's screen while a question is open -----------------------------------------------
def _send(question: Question, choice: bool) -> None:
    ss = _ss()
    errors = ss.setdefault(field_state.FIELD_ERRORS, {})
    if choice:
        sign = ss.get(live_state.live_answer_key(question.id, "sign"))
        size = ss.get(live_state.live_answer_key(question.id, "size"))
        box = live_state.live_answer_key(question.id, "sign")
        if sign is None or size is None:
            errors[box] = CodedError("prediction", "empty")
            return
        text = choice_text(sign, size)
    else:
        box = live_state.live_answer_key(question.id, "number")
        raw = str(ss.get(box) or "")
        try:
            number_of(raw)
        except CodedError as err:
            errors[box] = err
            return
        text = raw.strip()
    errors.pop(box, None)
    try:
        rules.submit(_store(), ss[live_state.LIVE_CODE], student_id(), question.id, text,
                     str(ss.get(live_state.LIVE_NICKNAME) or ""), time.time(), caller())
    except CodedError as err:
        ss[live_state.LIVE_REFUSAL] = err
        return
    ss.setdefault(live_state.LIVE_SENT, {})[question.id] = text


def _student_question(question: Question, lang: str) -> bool:
    """The answer form (or, once revealed, the answer beside the student's); True if drawn."""
    ss = _ss()
    asked = _asked(question)
    if asked is None:
        return False
    lens, step, count, decimals = asked
    st.subheader(t("live.question", lang), anchor=False)
    _prompt(lens, step, question, count, decimals, lang)
    sent = ss.get(live_state.LIVE_SENT, {}).get(question.id)
    choice = asks_choice(step, question.kind)
    if question.revealed:
        st.success(t("live.truth", lang, value=fmt(step.value, decimals)))
        if sent is not None:
            st.caption(t("live.your_answer", lang))
            st.text(sent)
            _verdict(lens, step, question, sent, decimals, lang)
        st.button(t("live.back", lang), key="live.back", type="primary", on_click=_dismiss,
                  args=(question,))
        return True
    errors = ss.get(field_state.FIELD_ERRORS, {})
    if choice:
        sign_col, size_col = st.columns(2)
        choice_widget(
            sign_col.radio, t("predict.sign", lang), lens.signs, index=None, horizontal=True,
            key=live_state.live_answer_key(question.id, "sign"),
            format_func=lambda s: t(f"predict.sign_mark.{s}", lang))
        choice_widget(
            size_col.radio, t("predict.size_short", lang), lens.sizes, index=None, horizontal=True,
            key=live_state.live_answer_key(question.id, "size"),
            format_func=lambda s: t(f"predict.size.{s}", lang))
        refusal = errors.get(live_state.live_answer_key(question.id, "sign"))
        if refusal is not None:
            st.warning(t("predict.choose", lang))
    else:
        label = t("predict.number" if question.kind == "predict" else "practice.answer", lang)
        st.text_input(label, key=live_state.live_answer_key(question.id, "number"),
                      max_chars=MAX_ANSWER_CHARS)
        refusal = errors.get(live_state.live_answer_key(question.id, "number"))
        if refusal is not None:
            st.warning(t("live.not_a_number", lang, reason=reason(refusal, lang, field=label)))
    st.text_input(t("live.nickname", lang), key=live_state.LIVE_NICKNAME,
                  max_chars=MAX_NICKNAME_CHARS)
    st.button(t("live.send", lang), key=f"live.send.{question.id}", type="primary",
              width="stretch", on_click=_send, args=(question, choice))
    if sent is not None:
        st.caption(t("live.sent", lang))
        st.text(sent)
    return True


def _verdict(lens: Lens, step: Formula, question: Question, sent: str, decimals: int,
             lang: str) -> None:
    """The student's own answer against the truth, said as practice mode or predict says."""
    graded = grade_once(lens.trace, step, question.kind, sent, decimals)
    if not graded.valid:
        return
    if question.kind == "predict":
        sign, size = (graded.choice or " ").split(" ", 1) if graded.choice else (None, None)
        prediction = (Prediction(sign=sign, size=size) if graded.choice
                      else Prediction(number=graded.number))
        right, words = comparison(lens, step, prediction, decimals, lang)
        (st.success if right else st.warning)(words)
    elif graded.right:
        st.success(t("practice.right", lang, value=fmt(step.value, decimals)))
    elif graded.number is not None:
        st.warning("  \n".join(feedback(lens, step, graded.number, decimals, lang)))
