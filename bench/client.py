"""A student's browser as far as the server can tell: Streamlit's own websocket protocol.

Like the browser, a student first fetches the page (GET /, which is where HAProxy sets its
SERVERID cookie) and /_stcore/health (Streamlit's XSRF cookie), then opens
ws://HOST/_stcore/stream with those cookies, the "streamlit" subprotocol and the XSRF token,
and sends BackMsg protobufs: a rerun_script for a page (its url path, the query string) and,
for a click, the widget states with the clicked button's trigger. The server answers with
ForwardMsgs until script_finished; a run is timed from the send to that message.

Widgets are found by the id Streamlit gives them ("$$ID-<hash>-<key>"), read from the deltas
of the run before; the page's text (markdown) is kept so a caller can check what a click did.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
from contextlib import suppress
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

RUN_TIMEOUT_S = 120.0
PLAYER = "bptutor_frame_player"  # tutor.ui.player: a batch of Play's frames
FINISHED_OK = (ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY)


class ProtocolError(RuntimeError):
    """The server did something a browser would show as broken (a reason code first)."""


@dataclass
class Run:
    """One script run as the client saw it."""

    seconds: float
    texts: list[str] = field(default_factory=list)  # every markdown body (and metric), in order
    exceptions: list[str] = field(default_factory=list)
    frames: int = 0  # charts drawn in place (tutor.ui.frames' component): a frame of Play
    # Batches of frames for the browser to play (tutor.ui.player's element): (its widget id,
    # the fragment it is in, the payload).
    batches: list[tuple[str, str, bytes]] = field(default_factory=list)
    # Every other st.components.v2 element drawn: (its component's name, its widget id, the
    # fragment it is in, its data as JSON text, "" if it has none or not as JSON).
    components: list[tuple[str, str, str, str]] = field(default_factory=list)
    fragments: tuple[str, ...] = ()  # the fragments this run reran alone; () for the app's
    sent: int = 0  # bytes the server sent for this run

    def find(self, pattern: str) -> re.Match[str] | None:
        """The first markdown text matching ``pattern``."""
        for text in self.texts:
            match = re.search(pattern, text)
            if match:
                return match
        return None


async def http_get(base: str, path: str, cookies: dict[str, str]) -> int:
    """GET base+path with ``cookies``; keep the cookies it sets; the status code."""
    parts = urlsplit(base)
    reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
    try:
        cookie = "; ".join(f"{k}={v}" for k, v in cookies.items())
        request = (f"GET {path} HTTP/1.1\r\nHost: {parts.netloc}\r\nConnection: close\r\n"
                   + (f"Cookie: {cookie}\r\n" if cookie else "") + "\r\n")
        writer.write(request.encode())
        await writer.drain()
        head = await reader.readuntil(b"\r\n\r\n")
        status = int(head.split(b" ", 2)[1])
        for line in head.decode("latin-1").split("\r\n")[1:]:
            name, _, value = line.partition(":")
            if name.strip().lower() == "set-cookie":
                key, _, rest = value.strip().partition("=")
                cookies[key] = rest.split(";", 1)[0]
        await reader.read()  # the body, to the end (Connection: close)
        return status
    finally:
        writer.close()


class Session:
    """One browser tab: a websocket session on one page."""

    def __init__(self, base: str, page: str, query: str) -> None:
        self.base, self.page, self.query = base, page, query
        self.cookies: dict[str, str] = {}
        self.widget_ids: dict[str, str] = {}  # widget key → Streamlit's element id
        self.widget_fragments: dict[str, str] = {}  # widget key → the fragment it is drawn in
        self.values: dict[str, WidgetState] = {}  # id → the value this tab holds
        self.page_hash = ""
        self.ws: websockets.ClientConnection | None = None
        self.auto_reruns: dict[str, float] = {}  # fragment id → run_every seconds (st.fragment)

    @property
    def replica(self) -> str | None:
        """The replica HAProxy keeps this tab on (its SERVERID cookie), if any."""
        return self.cookies.get("SERVERID")

    async def open(self) -> Run:
        """Load the page as a fresh browser does; the first script run."""
        start = time.perf_counter()
        for path in ("/", "/_stcore/health"):
            status = await http_get(self.base, path, self.cookies)
            if status != 200:
                raise ProtocolError(f"http_{status}")
        xsrf = self.cookies.get("_streamlit_xsrf", "")
        self.ws = await websockets.connect(
            self.base.replace("http://", "ws://") + "/_stcore/stream",
            subprotocols=[websockets.Subprotocol("streamlit"),
                          *([websockets.Subprotocol(xsrf)] if xsrf else [])],
            origin=websockets.Origin(self.base),
            additional_headers={"Cookie": "; ".join(f"{k}={v}" for k, v in
                                                    self.cookies.items())},
            max_size=None, open_timeout=RUN_TIMEOUT_S)
        run = await self._run()
        run.seconds = time.perf_counter() - start
        return run

    async def click(self, key: str, fragment_id: str | None = None) -> Run:
        """Press the button whose key is ``key`` as a browser does: a button drawn in a
        fragment reruns that fragment alone (``fragment_id``: that fragment; by default the
        one the button was last drawn in, "" for the app's own)."""
        if fragment_id is None:
            fragment_id = self.widget_fragments.get(key, "")
        return await self._run(WidgetState(id=self._id(key), trigger_value=True),
                               fragment_id=fragment_id, auto=False)

    async def set_value(self, key: str, **value: object) -> Run:
        """Change a widget: bool_value=…, double_value=…, string_value=…, double_array_value=[…];
        as a browser does, a widget drawn in a fragment reruns that fragment alone."""
        widget_id = self._id(key)
        state = WidgetState(id=widget_id)
        for name, v in value.items():
            if name == "double_array_value":
                state.double_array_value.data.extend(v)  # type: ignore[call-overload]
            else:
                setattr(state, name, v)
        self.values[widget_id] = state
        return await self._run(fragment_id=self.widget_fragments.get(key, ""), auto=False)

    async def fragment(self, fragment_id: str) -> Run:
        """Rerun the fragment ``fragment_id`` as a browser's run_every timer does."""
        return await self._run(fragment_id=fragment_id)

    async def component_state(self, widget_id: str, fragment_id: str, value: object) -> Run:
        """An st.components.v2 element's setStateValue: its whole state ``value`` (JSON) kept
        as the tab's, and its fragment rerun (the browser's flush of a component's change)."""
        self.values[widget_id] = WidgetState(id=widget_id, json_value=json.dumps(value))
        return await self._run(fragment_id=fragment_id, auto=False)

    async def trigger(self, key: str, event: str, value: object,
                      fragment_id: str | None = None) -> Run:
        """An st.components.v2 element's setTriggerValue(``event``, ``value``) as the browser
        sends it (Streamlit 1.67's WidgetStateManager.setTriggerValue): the element's one
        trigger widget, "$$STREAMLIT_INTERNAL_KEY_<its id>__events", whose json_trigger_value
        is the list of the events flushed together ([{"event", "value"}]), and a rerun of the
        fragment the element is drawn in (by default the one it was last drawn in)."""
        widget_id = self._id(key)
        if fragment_id is None:
            fragment_id = self.widget_fragments.get(key, "")
        state = WidgetState(id=f"$$STREAMLIT_INTERNAL_KEY_{widget_id}__events",
                            json_trigger_value=json.dumps([{"event": event, "value": value}]))
        return await self._run(state, fragment_id=fragment_id, auto=False)

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()

    def _id(self, key: str) -> str:
        if key not in self.widget_ids:
            raise ProtocolError(f"no_widget:{key}")
        return self.widget_ids[key]

    async def _run(self, trigger: WidgetState | None = None, fragment_id: str = "",
                   auto: bool = True) -> Run:
        assert self.ws is not None
        msg = BackMsg()
        rerun = msg.rerun_script
        rerun.query_string, rerun.page_name = self.query, self.page
        rerun.page_script_hash = self.page_hash
        if fragment_id:
            rerun.fragment_id, rerun.is_auto_rerun = fragment_id, auto
        rerun.widget_states.widgets.extend([*self.values.values(),
                                            *([trigger] if trigger else [])])
        start = time.perf_counter()
        await self.ws.send(msg.SerializeToString())
        run = Run(0.0)
        await asyncio.wait_for(self._read(run), RUN_TIMEOUT_S)
        run.seconds = time.perf_counter() - start
        return run

    async def pushed(self, timeout: float, wake: asyncio.Event | None = None) -> Run | None:
        """A run the server started by itself (tutor.live.push: a teacher's move), read to
        its end; None if none began within ``timeout`` seconds, or before one began ``wake``
        was set (another task of the tab's has something to send)."""
        assert self.ws is not None
        until = time.perf_counter() + timeout
        while True:  # messages between runs (a session status) are taken and waited past
            try:  # cancelling recv is safe (websockets)
                data = await self._recv_unless(until - time.perf_counter(), wake)
            except TimeoutError:
                return None
            if data is None:
                return None
            fm = ForwardMsg()
            fm.ParseFromString(data)  # type: ignore[arg-type]
            if fm.WhichOneof("type") == "new_session":  # a run (of the app or fragments)
                break
            self._handle(data, Run(0.0))
        start, run = time.perf_counter(), Run(0.0)
        run.fragments, run.sent = tuple(fm.metadata.run.fragment_ids), len(data)
        await asyncio.wait_for(self._read(run), RUN_TIMEOUT_S)
        run.seconds = time.perf_counter() - start
        return run

    async def _recv_unless(self, timeout: float,
                           wake: asyncio.Event | None) -> str | bytes | None:
        """The next message within ``timeout`` (TimeoutError if none), or None as soon as
        ``wake`` is set first."""
        assert self.ws is not None
        if wake is None:
            return await asyncio.wait_for(self.ws.recv(), timeout)
        if wake.is_set():
            return None
        recv = asyncio.ensure_future(self.ws.recv())
        woken = asyncio.ensure_future(wake.wait())
        try:
            done, _ = await asyncio.wait({recv, woken}, timeout=max(timeout, 0.0),
                                         return_when=asyncio.FIRST_COMPLETED)
        finally:
            woken.cancel()
            if not recv.done():
                recv.cancel()
                with suppress(asyncio.CancelledError):
                    await recv
        if recv in done:
            return recv.result()
        if woken in done:
            return None
        raise TimeoutError

    async def _read(self, run: Run) -> None:
        assert self.ws is not None
        while not self._handle(await self.ws.recv(), run):
            pass

    def _handle(self, data: str | bytes, run: Run) -> bool:
        """Take one message from the server into ``run``; True when the run has finished."""
        fm = ForwardMsg()
        fm.ParseFromString(data)  # type: ignore[arg-type]
        run.sent += len(data)
        kind = fm.WhichOneof("type")
        if kind == "navigation" and fm.navigation.page_script_hash:
            self.page_hash = fm.navigation.page_script_hash
        elif kind == "page_info_changed":
            self.query = fm.page_info_changed.query_string
        elif kind == "auto_rerun":
            self.auto_reruns[fm.auto_rerun.fragment_id] = fm.auto_rerun.interval
        elif kind == "delta" and fm.delta.WhichOneof("type") == "new_element":
            self._element(fm.delta.new_element, run, fm.delta.fragment_id)
        elif kind == "script_finished":
            if fm.script_finished in FINISHED_OK:
                return True
            if fm.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                raise ProtocolError("compile_error")
        return False

    def _element(self, element: object, run: Run, fragment_id: str = "") -> None:
        kind = element.WhichOneof("type")  # type: ignore[attr-defined]
        body = getattr(element, kind) if kind else None
        if kind == "markdown":
            run.texts.append(body.body)  # type: ignore[union-attr]
        elif kind == "metric":  # "label: value", e.g. the digits' test accuracy
            run.texts.append(f"{body.label}: {body.body}")  # type: ignore[union-attr]
        elif kind == "bidi_component" and body.component_name == PLAYER:  # type: ignore[union-attr]
            run.batches.append((body.id, fragment_id, body.bytes))  # type: ignore[union-attr]
        elif kind == "bidi_component":
            run.frames += 1
            which = body.WhichOneof("data")  # type: ignore[union-attr]
            data = (body.json if which == "json"  # type: ignore[union-attr]
                    else body.mixed.json if which == "mixed" else "")  # type: ignore[union-attr]
            run.components.append((body.component_name, body.id,  # type: ignore[union-attr]
                                   fragment_id, data))
        elif kind == "exception":
            run.exceptions.append(f"{body.type}: {body.message}")  # type: ignore[union-attr]
        widget_id = getattr(body, "id", "")
        if isinstance(widget_id, str) and widget_id.startswith("$$ID-"):
            key = widget_id.split("-", 2)[2]
            if key != "None":
                self.widget_ids[key] = widget_id
                self.widget_fragments[key] = fragment_id
