"""The page's side of the load client: what a browser speaks and keeps for a Voilà app.

HTTP: a browser's connections to the server, six of them, each sending its requests one after
another on one TCP connection (HTTP/1.1 keep-alive) and asking for compressed bodies. A new
connection per request, as tornado's simple client opens, would use thousands of local ports
per wave on the server's own machine, and a kernel that picks one of them for its ZMQ sockets
fails to start ("Address already in use").

Kernel websocket: Jupyter's ``v1.kernel.websocket.jupyter.org`` subprotocol, the one Voilà 0.5's
page speaks (seen in a captured chromium session): a binary frame holding little-endian 64-bit
offsets, then the channel name, then the JSON header, parent header, metadata and content of a
message, then its binary buffers.

Mirror: ``model_id → (model name, state)``. The kernel ran the notebook before the page connected,
so the page asks for every model at once (``request_states`` on the ``jupyter.widget.control``
comm); afterwards ``comm_open`` adds a model, an ``update`` / ``echo_update`` ``comm_msg`` changes
some of its keys (binary values travel as buffers placed at ``buffer_paths``) and ``comm_close``
removes it. What the page shows is the tree reachable from the cell output's model through
``children``: the kernel never closes replaced widgets, so the mirror also holds stale ones.

Answers: what a trainee who knows the key types into an exercise's widgets.
"""

from __future__ import annotations

import asyncio
import json
import re
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode, urlparse

from tornado import httputil
from tornado.http1connection import HTTP1Connection, HTTP1ConnectionParameters
from tornado.iostream import IOStream
from tornado.tcpclient import TCPClient

SUBPROTOCOL = "v1.kernel.websocket.jupyter.org"
#: what Voilà 0.5's page puts in its headers
PROTOCOL_VERSION = "5.2"
#: ipywidgets refuses a control comm opened without this version in the metadata
CONTROL_VERSION = "1.0.0"
WIDGET_TARGET = "jupyter.widget"
CONTROL_TARGET = "jupyter.widget.control"
MODEL_REF = "IPY_MODEL_"

Message = dict[str, Any]


# ----------------------------------------------------------------------------- HTTP

#: a browser opens about six connections to one host
BROWSER_CONNECTIONS = 6


@dataclass
class Response:
    code: int = 0
    headers: httputil.HTTPHeaders = field(default_factory=httputil.HTTPHeaders)
    body: bytearray = field(default_factory=bytearray)


class _Collect(httputil.HTTPMessageDelegate):
    def __init__(self, response: Response) -> None:
        self.response = response

    def headers_received(
        self,
        start_line: httputil.RequestStartLine | httputil.ResponseStartLine,
        headers: httputil.HTTPHeaders,
    ) -> None:
        if isinstance(start_line, httputil.ResponseStartLine):
            self.response.code = start_line.code
        self.response.headers = headers

    def data_received(self, chunk: bytes) -> None:
        self.response.body.extend(chunk)


class BrowserHttp:
    """A browser's HTTP/1.1 connections to one server, reused request after request, with the
    cookies the server sets (the page's ``_xsrf`` cookie goes back with its shutdown beacon)."""

    def __init__(self, base_url: str, timeout: float) -> None:
        url = urlparse(base_url)
        self.host, self.port = url.hostname or "127.0.0.1", url.port or 80
        self.timeout = timeout
        self._idle: list[IOStream] = []
        self._open: list[IOStream] = []
        self._slots = asyncio.Semaphore(BROWSER_CONNECTIONS)
        self.cookies: dict[str, str] = {}

    async def request(
        self, path: str, method: str = "GET", read: bool = True, form: dict[str, str] | None = None
    ) -> Response:
        """One request; ``read=False`` leaves the body as sent (compressed); ``form`` is sent as
        ``application/x-www-form-urlencoded``."""
        async with self._slots:
            stream = self._idle.pop() if self._idle else None
            if stream is None or stream.closed():
                stream = await asyncio.wait_for(
                    TCPClient().connect(self.host, self.port), self.timeout
                )
                self._open.append(stream)
            response = Response()
            try:
                await asyncio.wait_for(
                    self._exchange(stream, path, method, read, response, form), self.timeout
                )
            except BaseException:
                stream.close()
                raise
            for cookie in response.headers.get_list("Set-Cookie"):
                name, _, rest = cookie.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
            if response.headers.get("Connection", "").lower() == "close":
                stream.close()
            elif not stream.closed():
                self._idle.append(stream)
            return response

    async def _exchange(
        self,
        stream: IOStream,
        path: str,
        method: str,
        read: bool,
        response: Response,
        form: dict[str, str] | None,
    ) -> None:
        params = HTTP1ConnectionParameters(decompress=read, max_body_size=256 * 2**20)
        conn = HTTP1Connection(stream, True, params)
        headers = httputil.HTTPHeaders(
            {"Host": f"{self.host}:{self.port}", "Accept-Encoding": "gzip"}
        )
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = urlencode(form).encode("ascii") if form is not None else b""
        if form is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if method != "GET":
            headers["Content-Length"] = str(len(body))
        await conn.write_headers(httputil.RequestStartLine(method, path, "HTTP/1.1"), headers)
        if body:
            await conn.write(body)
        conn.finish()
        await conn.read_response(_Collect(response))

    def close(self) -> None:
        for stream in self._open:
            stream.close()


# ----------------------------------------------------------------------------- wire


def new_message(
    msg_type: str,
    content: dict[str, Any],
    session: str,
    metadata: dict[str, Any] | None = None,
) -> Message:
    """A message from the page (empty parent header, no buffers)."""
    header = {
        "msg_id": uuid.uuid4().hex,
        "msg_type": msg_type,
        "username": "",
        "session": session,
        "date": datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        "version": PROTOCOL_VERSION,
    }
    return {"header": header, "parent_header": {}, "metadata": metadata or {}, "content": content}


def encode(channel: str, msg: Message, buffers: Sequence[bytes] = ()) -> bytes:
    """One websocket frame of the v1 subprotocol."""
    parts = [channel.encode("utf-8")]
    for key in ("header", "parent_header", "metadata", "content"):
        parts.append(json.dumps(msg[key], ensure_ascii=False).encode("utf-8"))
    parts.extend(bytes(b) for b in buffers)
    offsets = [8 * (len(parts) + 2)]
    for part in parts:
        offsets.append(offsets[-1] + len(part))
    head = len(offsets).to_bytes(8, "little") + b"".join(o.to_bytes(8, "little") for o in offsets)
    return head + b"".join(parts)


def decode(frame: bytes) -> Message:
    """A message from one websocket frame; ``channel`` and ``buffers`` are added as keys."""
    count = int.from_bytes(frame[:8], "little")
    offsets = [int.from_bytes(frame[8 * (i + 1) : 8 * (i + 2)], "little") for i in range(count)]
    parts = [frame[offsets[i] : offsets[i + 1]] for i in range(count - 1)]
    if len(parts) < 5:
        raise ValueError(f"a kernel message has at least 5 parts, got {len(parts)}")
    header, parent, metadata, content = (json.loads(p) for p in parts[1:5])
    return {
        "channel": parts[0].decode("utf-8"),
        "header": header,
        "parent_header": parent,
        "metadata": metadata,
        "content": content,
        "buffers": parts[5:],
    }


def put_buffers(state: Any, paths: Sequence[Sequence[Any]], buffers: Sequence[bytes]) -> None:
    """Place binary ``buffers`` into ``state`` at ``paths`` (ipywidgets' ``_put_buffers``)."""
    for path, buf in zip(paths, buffers, strict=False):
        if not path:
            continue
        node = state
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = buf


# ----------------------------------------------------------------------------- models


@dataclass
class Model:
    id: str
    name: str
    state: dict[str, Any] = field(default_factory=dict)

    @property
    def classes(self) -> list[str]:
        return list(self.state.get("_dom_classes") or [])

    @property
    def children(self) -> list[str]:
        return [ref_id(c) for c in self.state.get("children") or [] if isinstance(c, str)]

    def text(self, key: str = "value") -> str:
        value = self.state.get(key)
        return value if isinstance(value, str) else ""

    def has_element(self, css_class: str) -> bool:
        """Does this HTML model's markup hold an element of ``css_class``? (Not a style sheet
        that merely names the class.)"""
        pattern = rf"""class\s*=\s*["'][^"']*(?<![\w-]){re.escape(css_class)}(?![\w-])"""
        return re.search(pattern, self.text()) is not None


def ref_id(ref: str) -> str:
    """``IPY_MODEL_<id>`` → ``<id>``."""
    return ref[len(MODEL_REF) :] if ref.startswith(MODEL_REF) else ref


class WidgetMirror:
    """The widget models as the page knows them, fed with the kernel's messages."""

    def __init__(self) -> None:
        self.models: dict[str, Model] = {}
        #: comm ids of comms this page opened (e.g. the control comm), not widget models
        self.own_comms: set[str] = set()

    def apply(self, msg: Message) -> None:
        """Update the mirror from one kernel message (others are ignored)."""
        kind = msg["header"].get("msg_type")
        content = msg.get("content") or {}
        comm_id = content.get("comm_id", "")
        data = content.get("data") or {}
        if kind == "comm_open" and content.get("target_name") == WIDGET_TARGET:
            state = dict(data.get("state") or {})
            put_buffers(state, data.get("buffer_paths") or [], msg.get("buffers") or [])
            self.models[comm_id] = Model(comm_id, str(state.get("_model_name", "")), state)
        elif kind == "comm_msg" and comm_id in self.own_comms:
            if data.get("method") == "update_states":
                self.apply_states(data, msg.get("buffers") or [])
        elif kind == "comm_msg" and data.get("method") in ("update", "echo_update"):
            model = self.models.get(comm_id)
            if model is not None:
                state = dict(data.get("state") or {})
                put_buffers(state, data.get("buffer_paths") or [], msg.get("buffers") or [])
                model.state.update(state)
        elif kind == "comm_close":
            self.models.pop(comm_id, None)

    def apply_states(self, data: dict[str, Any], buffers: Sequence[bytes]) -> None:
        """The control comm's ``update_states`` answer: every model the kernel holds."""
        states = data.get("states") or {}
        put_buffers(states, data.get("buffer_paths") or [], buffers)
        for model_id, entry in states.items():
            state = dict(entry.get("state") or {})
            self.models[model_id] = Model(model_id, str(entry.get("model_name", "")), state)

    def shown(self, roots: Sequence[str]) -> Iterator[Model]:
        """The models reachable from ``roots`` through ``children``, depth first, in order."""
        seen: set[str] = set()
        stack = [r for r in reversed(roots)]
        while stack:
            model_id = stack.pop()
            if model_id in seen or model_id not in self.models:
                continue
            seen.add(model_id)
            model = self.models[model_id]
            yield model
            stack.extend(reversed(model.children))

    def first(self, roots: Sequence[str], css_class: str) -> Model | None:
        """The first shown model carrying ``css_class``."""
        return next((m for m in self.shown(roots) if css_class in m.classes), None)

    def find_by_keys(self, keys: set[str]) -> Model | None:
        """A model (shown or not) whose state has all ``keys`` (e.g. an anywidget's traits)."""
        return next((m for m in self.models.values() if keys <= m.state.keys()), None)


def subtree(mirror: WidgetMirror, root: Model) -> list[Model]:
    """``root`` and the models under it, in page order."""
    return list(mirror.shown([root.id]))


def button(models: Sequence[Model], description: str) -> Model | None:
    """The button labelled ``description`` among ``models``."""
    return next(
        (m for m in models if m.name == "ButtonModel" and m.text("description") == description),
        None,
    )


# ----------------------------------------------------------------------------- answers

#: the input models an item view may hold, in the order ``ItemInput.controls`` walks them
INPUT_MODELS = frozenset(
    {"TextModel", "TextareaModel", "RadioButtonsModel", "CheckboxModel", "DropdownModel"}
)


class UnsupportedItem(Exception):
    """The client does not know how to fill this item's widgets (ordering, matching, …)."""


class AnswerBook:
    """What a trainee who knows the key types into an item's widgets (Vietnamese page).

    The item on the page is recognised by its prompt; the answer is the first one that scores
    full marks. Ordering and matching items (drop-downs paired by text) are not supported.
    """

    def __init__(self, track: str, lang: str = "vi") -> None:
        import html

        from kit import api

        self.lang = lang
        self.items = api.list_exercises(track)
        self._prompts = [(html.escape(i.prompt, quote=True), i) for i in self.items]

    def item_in(self, head_html: str) -> Any:
        """The item whose prompt the item view's heading shows (None if unknown)."""
        return next((item for prompt, item in self._prompts if prompt in head_html), None)

    def updates(self, item: Any, controls: Sequence[Model]) -> list[tuple[Model, dict[str, Any]]]:
        """``(model, state)`` updates that enter the item's key into ``controls``."""
        from kit.content import schemas as s
        from kit.core.i18n import t
        from kit.grading.engine import accepted_answers

        answer = accepted_answers(item)[0]
        kinds = [c.name for c in controls]
        match item:
            case s.Numeric() | s.DateItem() | s.ShortText() if "TextModel" in kinds:
                return [(controls[kinds.index("TextModel")], {"value": answer})]
            case s.Writing() if "TextareaModel" in kinds:
                return [(controls[kinds.index("TextareaModel")], {"value": answer})]
            case s.SingleChoice():
                label = next(o.text for o in item.options if o.id == answer)
                return [_choose(controls, label)]
            case s.TrueFalse():
                return [_choose(controls, t(f"exercises.{answer}", self.lang))]
            case s.Scenario() if ":" not in answer:
                return [_choose(controls, t(f"exercises.scenario_{answer}", self.lang))]
            case s.MultipleSelect():
                wanted = {o.text for o in item.options if o.id in answer.split(",")}
                return [
                    (c, {"value": True})
                    for c in controls
                    if c.name == "CheckboxModel" and c.text("description") in wanted
                ]
        raise UnsupportedItem(f"{type(item).__name__} {item.id}")


def _choose(controls: Sequence[Model], label: str) -> tuple[Model, dict[str, Any]]:
    """Pick the radio option labelled ``label`` (the page sends the option's index)."""
    for control in controls:
        labels = control.state.get("_options_labels") or []
        if control.name == "RadioButtonsModel" and label in labels:
            return control, {"index": labels.index(label)}
    raise UnsupportedItem(f"no radio option {label!r}")
