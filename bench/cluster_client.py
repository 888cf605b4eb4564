"""A visitor of the cluster at the protocol level, as a browser would be, without drawing anything.

A :class:`Visitor` keeps a browser's cookies (nginx's affinity cookie ``st_route`` and Streamlit's
``_streamlit_xsrf``, which the workshop derives a group's secret from) and speaks Streamlit's protocol
over its own websocket through nginx: it opens a page with a query string, sets widgets and clicks
buttons by their keys (inside their fragment, as the browser does), follows the query string the page
writes, runs the fragments that ask for a timed rerun, and reconnects with the same cookies when its
connection breaks (the browser's reconnect after a replica died), replaying the page with its URL.

Used by bench/cluster.py; needs the local cluster's ``X-Cluster-Replica`` header (scripts/cluster.sh) to
tell which replica served it.
"""

from __future__ import annotations

import asyncio
import time
import urllib.request
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from typing import Any


class Disconnected(Exception):
    """The websocket closed (the replica went away)."""


@dataclass
class Widget:
    """A widget as the page last drew it: its element proto, its kind and the fragment it lives in."""

    kind: str
    proto: Any
    fragment_id: str


@dataclass
class RunResult:
    """One script run as the visitor saw it: milliseconds from request to finish, and the elements drawn."""

    ms: float
    elements: list[tuple[str, Any]] = field(default_factory=list)

    def texts(self) -> list[str]:
        """Every text the run drew (markdown, alerts, metric labels and values, headings, captions)."""
        out: list[str] = []
        for kind, el in self.elements:
            if kind == "markdown":
                out.append(el.markdown.body)
            elif kind == "alert":
                out.append(el.alert.body)
            elif kind == "metric":
                out.append(f"{el.metric.label}: {el.metric.body}")
            elif kind == "heading":
                out.append(el.heading.body)
        return out

    def metric(self, label: str) -> str | None:
        """The value of the metric with this label, if the run drew it."""
        for kind, el in self.elements:
            if kind == "metric" and el.metric.label == label:
                return str(el.metric.body)
        return None


def key_of(widget_id: str) -> str:
    """A widget's user key from its element id (``$$ID-<hash>-<key>``), or the id itself."""
    parts = widget_id.split("-", 2)
    return parts[2] if widget_id.startswith("$$ID-") and len(parts) == 3 else widget_id


class Visitor:
    """One browser: cookies, one Streamlit session at a time over a websocket through nginx.

    Args:
        base: the cluster's address, e.g. ``http://127.0.0.1:8080``.
        route: a value for the affinity cookie (visitors with the same value land on the same replica);
            None lets nginx choose one on the first request.
        timeout: seconds to wait for one script run.
    """

    def __init__(self, base: str, route: str | None = None, timeout: float = 180) -> None:
        self.base = base.rstrip("/")
        self.timeout = timeout
        self.cookies: dict[str, str] = {} if route is None else {"st_route": route}
        self.replica = ""
        self.replicas_seen: list[str] = []
        self.ws: Any = None
        self.page_name = ""
        self.page_hash = ""
        self.query = ""
        self.widgets: dict[str, Widget] = {}
        self.auto_reruns: dict[str, float] = {}
        self.reconnects = 0

    # -- HTTP: cookies and the replica -----------------------------------------------------------
    def _cookie_header(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())

    def _health(self) -> None:
        """GET /_stcore/health as the page does: takes the cookies nginx and Streamlit set, notes the replica."""
        request = urllib.request.Request(self.base + "/_stcore/health", headers={"Cookie": self._cookie_header()})
        with urllib.request.urlopen(request, timeout=30) as response:
            for header in response.headers.get_all("Set-Cookie") or []:
                jar = SimpleCookie()
                jar.load(header)
                for name, morsel in jar.items():
                    self.cookies[name] = morsel.value
            replica = response.headers.get("X-Cluster-Replica", "")
        self.replica = replica.split(",")[-1].strip()  # after a failover nginx lists every replica it tried
        self.replicas_seen.append(self.replica)

    # -- the websocket ---------------------------------------------------------------------------
    async def connect(self) -> None:
        """Take the cookies (as the page load does) and open a websocket session through nginx."""
        import websockets

        await asyncio.to_thread(self._health)
        self.ws = await websockets.connect(
            self.base.replace("http://", "ws://") + "/_stcore/stream",
            subprotocols=["streamlit"],
            additional_headers={"Origin": self.base, "Cookie": self._cookie_header()},
            max_size=None,
            open_timeout=self.timeout,
            ping_interval=None,
        )
        self.widgets = {}
        self.auto_reruns = {}

    async def close(self) -> None:
        """Close the websocket."""
        if self.ws is not None:
            await self.ws.close()
            self.ws = None

    def _back_msg(self, states: dict[str, Any] | None = None, fragment_id: str = "", auto: bool = False) -> Any:
        from streamlit.proto.BackMsg_pb2 import BackMsg

        msg = BackMsg()
        client = msg.rerun_script
        client.query_string = self.query
        if self.page_hash:
            client.page_script_hash = self.page_hash
        else:
            client.page_name = self.page_name
        if fragment_id:
            client.fragment_id = fragment_id
        client.is_auto_rerun = auto
        for key, value in (states or {}).items():
            widget = self.widgets[key]
            state = client.widget_states.widgets.add()
            state.id = widget.proto.id
            _set_value(state, widget, value)
        return msg

    async def _run(self, msg: Any) -> RunResult:
        """Send a rerun request; collect what is drawn until the run (or the rerun it asked for) finished."""
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        t0 = time.perf_counter()
        try:
            await self.ws.send(msg.SerializeToString())
        except Exception as exc:
            raise Disconnected(str(exc)) from exc
        result = RunResult(0.0)
        while True:
            try:
                raw = await asyncio.wait_for(self.ws.recv(), self.timeout)
            except TimeoutError:
                raise
            except Exception as exc:
                raise Disconnected(str(exc)) from exc
            fm = ForwardMsg()
            fm.ParseFromString(raw)
            kind = fm.WhichOneof("type")
            if kind == "navigation":
                self.page_hash = fm.navigation.page_script_hash
            elif kind == "page_info_changed":
                self.query = fm.page_info_changed.query_string
            elif kind == "auto_rerun":
                self.auto_reruns[fm.auto_rerun.fragment_id] = fm.auto_rerun.interval
            elif kind == "stop_auto_rerun":
                self.auto_reruns.clear()
            elif kind == "delta" and fm.delta.WhichOneof("type") == "new_element":
                el = fm.delta.new_element
                etype = str(el.WhichOneof("type"))
                result.elements.append((etype, el))
                proto = getattr(el, etype, None)
                if proto is not None and hasattr(proto, "id") and isinstance(proto.id, str) and proto.id:
                    self.widgets[key_of(proto.id)] = Widget(etype, proto, fm.delta.fragment_id)
            elif kind == "script_finished" and fm.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                result.ms = (time.perf_counter() - t0) * 1000
                return result

    # -- what a person does ----------------------------------------------------------------------
    async def open(self, page: str, query: str) -> RunResult:
        """Open ``page`` (its url path) with ``query`` on a fresh connection, as typing the address does."""
        self.page_name, self.page_hash, self.query = page, "", query
        await self.connect()
        return await self._run(self._back_msg())

    async def act(self, states: dict[str, Any], click: str | None = None) -> RunResult:
        """Set widgets (by key) and click a button (by key), all at once, inside the button's fragment."""
        if click is not None:
            states = {**states, click: True}
        fragments = {self.widgets[k].fragment_id for k in states}
        fragment = fragments.pop() if len(fragments) == 1 else ""
        return await self._run(self._back_msg(states, fragment))

    async def tick(self) -> RunResult | None:
        """Run the page's timed fragment once, as the browser does every interval (None if it has none)."""
        if not self.auto_reruns:
            return None
        fragment = next(iter(self.auto_reruns))
        return await self._run(self._back_msg(fragment_id=fragment, auto=True))

    async def reconnect(self) -> RunResult:
        """After the connection broke: a new websocket through nginx with the same cookies, and the page again
        with the URL it had (the browser's reconnect; the server side starts a new session)."""
        self.reconnects += 1
        await self.close()
        await self.connect()
        self.page_hash = ""
        return await self._run(self._back_msg())


def _set_value(state: Any, widget: Widget, value: Any) -> None:
    """Put ``value`` into a WidgetState as the frontend sends it for this kind of widget."""
    from streamlit.proto.NumberInput_pb2 import NumberInput

    kind = widget.kind
    if kind in ("button", "form_submit_button"):
        state.trigger_value = bool(value)
    elif kind == "checkbox":
        state.bool_value = bool(value)
    elif kind == "number_input":
        if widget.proto.data_type == NumberInput.INT:
            state.int_value = int(value)
        else:
            state.double_value = float(value)
    elif kind in ("radio", "selectbox", "text_input", "text_area"):
        state.string_value = str(value)
    elif kind in ("multiselect", "date_input"):
        state.string_array_value.data.extend(str(v) for v in value)
    else:
        raise ValueError(f"cannot set a {kind} widget")
