"""The network the stepping pages step: a preset of bpcore.presets (the worked example by
default), chosen in the sidebar's "Network" box, by ``?net=ID`` on /forward, /backward and
/update, or by a lesson link; kept in the session as its id and its NetSpec.

The worked example is stepped from its editable Scenario (tutor/stepping/worked.py), any
other network from bpcore.stepper_trace.trace_net of the spec kept here
(tutor/stepping/netview.py), both on the one page body of tutor/stepping/stepview.py. A
network the learner builds (tutor/stepping/neteditor.py) is one more id, ``OWN``, with its
spec under the same key: choosing it starts from the network on screen, which the learner
then edits.

``?net=`` is read like ``?lesson=``: a value this session has applied or written is never
applied again (a late click still carrying the old address must not undo the choice), an
unknown or overlong one is refused with a message and changes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping
from typing import Any, Final

from bpcore import presets
from bpcore.errors import CodedError
from bpcore.netspec import NetSpec
from tutor.session import SessionState
from tutor.stepping.state import PLAYING, STEP_KEYS

NET_ID: Final = "net.id"  # str: the network in use, a key of bpcore.presets.PRESETS
NET_SPEC: Final = "net.spec"  # NetSpec of NET_ID (the future own network keeps its own here)
NET_WIDGET: Final = "net.widget"  # the sidebar's selectbox, mirrors NET_ID
NET_ERROR: Final = "net.error"  # str | None: a refused ?net= value (bounded), said once
NET_SEEN: Final = "net.seen"  # the ?net= value last applied or written by this session
URL_PARAM = "net"  # the address's ?net= (a parameter name, not a session key)
MAX_PARAM_CHARS = 40  # a preset id is a short word; longer text is refused unread
STEPPING_PAGES = ("forward", "backward", "update")  # url_paths that step the network
OWN: Final = presets.OWN  # the id of the learner's own network (its spec is NET_SPEC's)
# The ids the selectbox offers, in this order: the presets, then the learner's own.
CHOICES: tuple[str, ...] = (*presets.PRESETS, OWN)


def net_id(session_state: SessionState) -> str:
    """The id of the network in use (the worked example until one is chosen)."""
    return str(session_state.get(NET_ID) or presets.DEFAULT)


def is_worked(session_state: SessionState) -> bool:
    """True when the stepping pages show the worked example (its editable Scenario, its
    tutorial's names: tutor.stepping.worked)."""
    return net_id(session_state) == presets.DEFAULT


def spec_in_use(session_state: SessionState) -> NetSpec:
    """The NetSpec of the network in use."""
    spec = session_state.get(NET_SPEC)
    if isinstance(spec, NetSpec):
        return spec
    chosen = net_id(session_state)
    return presets.preset(chosen if chosen in presets.PRESETS else presets.DEFAULT)


def set_net(session_state: SessionState, new_id: str) -> None:
    """Make preset ``new_id`` the network in use (CodedError if there is none).

    A different network sends every stepper back to its first step and stops Play: a step
    of one network has no meaning in another (and may be past its last).
    """
    if new_id == OWN:  # the learner's own starts as a copy of the network on screen
        if net_id(session_state) == OWN:
            return
        spec = spec_in_use(session_state)
    else:
        spec = presets.preset(new_id)
    if net_id(session_state) == new_id and NET_SPEC in session_state:
        return
    changed = net_id(session_state) != new_id
    session_state[NET_ID] = new_id
    session_state[NET_SPEC] = spec
    if changed:
        for key in STEP_KEYS:
            session_state[key] = 0
        session_state[PLAYING] = None


def set_own(session_state: SessionState, spec: NetSpec) -> None:
    """Make ``spec`` the learner's own network, in use (an edit keeps the stepper's place; a
    step past the new network's last is brought back by the step controls)."""
    if net_id(session_state) != OWN:
        set_net(session_state, OWN)
    session_state[NET_SPEC] = spec


def on_widget(session_state: SessionState) -> None:
    """on_change of the selectbox: its choice becomes the network in use. A value that is no
    choice (whatever a browser sends: Streamlit hands on a label it does not know) changes
    nothing, and the box shows the network in use again."""
    chosen = session_state[NET_WIDGET]
    if chosen not in CHOICES:
        session_state[NET_WIDGET] = net_id(session_state)
        return
    set_net(session_state, chosen)
    session_state[NET_ERROR] = None


def apply_param(session_state: SessionState, query_params: Mapping[str, Any]) -> None:
    """Apply ``?net=`` once: a known preset becomes the network in use; anything else keeps
    the network and leaves the refused value (cut to MAX_PARAM_CHARS) for the page to say."""
    param = query_params.get(URL_PARAM)
    if not param or param == session_state.get(NET_SEEN):  # absent or empty: no choice
        return
    session_state[NET_SEEN] = param
    text = str(param)
    if len(text) > MAX_PARAM_CHARS:  # bounded before anything looks at it
        session_state[NET_ERROR] = text[:MAX_PARAM_CHARS] + "…"
        return
    try:
        set_net(session_state, text)
    except CodedError:
        session_state[NET_ERROR] = text
        return
    session_state[NET_ERROR] = None


def url_net(session_state: SessionState, page: str) -> str | None:
    """The ``?net=`` value of ``page``'s address: the network in use on a stepping page,
    none for the worked example (its addresses stay as they were) or on other pages."""
    return None if is_worked(session_state) or page not in STEPPING_PAGES else \
        net_id(session_state)


def keep_in_url(session_state: SessionState, query_params: MutableMapping[str, Any],
                page: str) -> None:
    """Bring the address's ``?net=`` in step with the session (url_net)."""
    wanted = url_net(session_state, page)
    if wanted is None:
        if URL_PARAM in query_params:
            del query_params[URL_PARAM]
        return
    if query_params.get(URL_PARAM) != wanted:
        query_params[URL_PARAM] = wanted
    session_state[NET_SEEN] = wanted
