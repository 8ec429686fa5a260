"""A load client that plays trainees against a running ``kit serve`` through Voilà's own protocol.

Forty real browsers would swamp the two cores they are meant to measure (each page is a whole
chromium drawing the page and running the widget manager), so each simulated trainee does what
the page does, without drawing anything:

1. GET the app page; read the kernel id (``kernelId`` in the ``jupyter-config-data`` script) and
   the app's root model (the ``widget-view+json`` cell output); optionally GET the static files a
   real page loads (the benchmark records their list with one chromium page) over six
   keep-alive connections, as a browser does;
2. GET ``/api/kernels/<id>``, open ``/api/kernels/<id>/channels`` with the ``v1`` subprotocol,
   send ``kernel_info_request``, then ask the ``jupyter.widget.control`` comm for every model
   (``request_states``) — the kernel ran the notebook before anyone connected, so nothing else
   would bring the models to the page;
3. behave like the token widget's script (``kit/apps/ui/static/browser_token.js``): once the token
   model is shown, send ``ready=True`` (an empty ``stored``, like a new browser) and, once a token
   is ``issued``, send it back as ``stored``;
4. in the exercise app: type a name and unit, click the start button, then for each item type the
   key (:class:`~devtools.loadclient_widgets.AnswerBook`), click submit, read the feedback and
   click next;
5. on leaving, close the websocket and POST ``/voila/api/shutdown/<id>`` as the page does on
   ``beforeunload``.

What is timed (``time.perf_counter``, in the client):

* *first widget*: from the start of the page's GET to the message after which a model carrying
  the app's ``main_widget`` class is shown (reachable from the root model);
* *answer round trip*: from sending the submit click to the message that puts the feedback in
  the page (the app body's ``children`` now reach the HTML holding ``kit-feedback``, the same
  element the browser test waits for). An error shown in the app's error area ends the wait too
  and is counted as an error, never as a round trip.

What is counted: the widget ``comm_open`` messages (new models) the page receives for each
answered item, i.e. those the kernel sent while handling the submit click and the next click
(told apart by their parent header, and counted once the kernel reported idle for that click).
Unlike a time, this number does not vary from run to run: each new model is one more message
for the kernel to send, Voilà to relay and the page to build.

The client does not parse or lay out anything, so its time is the server's: kernel start and
execution, Voilà's page, tornado's websocket and the kernel's callbacks. It types a whole value
in one message where a browser sends one per keystroke.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from tornado.httpclient import HTTPRequest
from tornado.websocket import WebSocketClientConnection, websocket_connect

from devtools.loadclient_widgets import (
    CONTROL_TARGET,
    CONTROL_VERSION,
    INPUT_MODELS,
    SUBPROTOCOL,
    WIDGET_TARGET,
    AnswerBook,
    BrowserHttp,
    Message,
    Model,
    WidgetMirror,
    button,
    decode,
    encode,
    new_message,
    subtree,
)
from kit import registry

T = TypeVar("T")
TOKEN_KEYS = frozenset({"stored", "issued", "ready"})
_CONFIG = re.compile(r'<script id="jupyter-config-data"[^>]*>(.*?)</script>', re.S)
_OUTPUT = re.compile(
    r'<script type="application/vnd\.voila\.cell-output\+json">(.*?)</script>', re.S
)
_VIEW = "application/vnd.jupyter.widget-view+json"


class PageError(Exception):
    """The page did not do what a trainee needs (no kernel, an error shown, a timeout…)."""


@dataclass(frozen=True)
class PageInfo:
    kernel_id: str
    roots: tuple[str, ...]


def parse_page(html: str) -> PageInfo:
    """The kernel id and the root widget models of a Voilà 0.5 page."""
    config = _CONFIG.search(html)
    if config is None:
        raise PageError("incomplete page: no jupyter-config-data (Voilà failed rendering it)")
    kernel_id = str(json.loads(config.group(1)).get("kernelId") or "")
    if not kernel_id:
        raise PageError("no kernelId in the page")
    roots = []
    for match in _OUTPUT.finditer(html):
        view = (json.loads(match.group(1)).get("data") or {}).get(_VIEW)
        if view and view.get("model_id"):
            roots.append(str(view["model_id"]))
    return PageInfo(kernel_id, tuple(roots))


@dataclass
class TraineeResult:
    """What one simulated trainee saw; times are seconds from the start of the page's GET."""

    name: str
    kernel_id: str = ""
    page_s: float | None = None
    assets_s: float | None = None
    connected_s: float | None = None
    states_s: float | None = None
    first_widget_s: float | None = None
    joined_s: float | None = None
    round_trips_ms: list[float] = field(default_factory=list)
    #: item ids whose feedback came back (each must be stored exactly once)
    answered: list[str] = field(default_factory=list)
    #: item ids whose submit was clicked
    submitted: list[str] = field(default_factory=list)
    #: per answered item, the widget ``comm_open`` messages its submit and next clicks caused
    comm_opens: list[int] = field(default_factory=list)
    error: str | None = None
    #: HTTP status of the kernel shutdown sent on leaving (Voilà answers 204 when it shuts down)
    shutdown_status: int = 0


# ----------------------------------------------------------------------------- one page


class Page:
    """One open app page: its HTTP client, its kernel websocket and its widget mirror."""

    def __init__(self, base_url: str, timeout: float) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.http = BrowserHttp(self.base_url, timeout)
        self.session = uuid.uuid4().hex
        self.mirror = WidgetMirror()
        self.info = PageInfo("", ())
        self.local_token = ""  # the browser's localStorage entry
        self._ws: WebSocketClientConnection | None = None
        self._reader: asyncio.Task[None] | None = None
        self._waiters: list[tuple[Callable[[], Any], asyncio.Future[tuple[Any, float]]]] = []
        self._closed: BaseException | None = None
        self._control = ""
        self._token_id = ""
        self._states_received = False
        self._replied: set[str] = set()
        self._idle: set[str] = set()
        #: widget ``comm_open`` messages received, by the id of the request that caused them
        self.opened_by: dict[str, int] = {}
        #: the id of the last click sent
        self.last_click = ""
        #: what went over the websocket, for the report of a page that got stuck
        self.traffic: list[str] = []
        #: keep every frame received in :attr:`frames` (the hardening tests read them all)
        self.record = False
        self.frames: list[bytes] = []

    # ------------------------------------------------------------------ HTTP

    async def get(self, path: str, read: bool = True) -> bytes:
        """GET ``path`` (compressed, as a browser asks); ``read=False`` leaves it compressed."""
        response = await self.http.request(f"/{path.lstrip('/')}", read=read)
        if response.code != 200:
            raise PageError(f"GET {path}: HTTP {response.code}")
        return bytes(response.body)

    async def load(self, url_path: str, assets: Sequence[str]) -> dict[str, float]:
        """GET the page and its static files, open the kernel websocket, receive the models.

        Returns when each step ended, in seconds from the start.
        """
        t0 = time.perf_counter()
        marks: dict[str, float] = {}
        html = (await self.get(url_path)).decode("utf-8", "replace")
        self.info = parse_page(html)
        marks["page"] = time.perf_counter() - t0
        if assets:
            await asyncio.gather(*(self.get(a, read=False) for a in assets))
            marks["assets"] = time.perf_counter() - t0
        await self.get(f"api/kernels/{self.info.kernel_id}")
        await self.connect()
        marks["connected"] = time.perf_counter() - t0
        await self.request_states()
        marks["states"] = time.perf_counter() - t0
        return marks

    async def shutdown_kernel(self) -> int:
        """What the page does on ``beforeunload``: a beacon posting the ``_xsrf`` cookie's value
        as a form field; the HTTP status."""
        if not self.info.kernel_id:
            return 0
        path = f"/voila/api/shutdown/{self.info.kernel_id}"
        form = {"_xsrf": self.http.cookies.get("_xsrf", "")}
        return (await self.http.request(path, method="POST", form=form)).code

    # ------------------------------------------------------------------ websocket

    async def connect(self) -> None:
        ws_base = "ws" + self.base_url[len("http") :]
        url = f"{ws_base}/api/kernels/{self.info.kernel_id}/channels?session_id={self.session}"
        # a browser sends its cookies with the upgrade (a proxy routes the socket by one)
        jar = "; ".join(f"{k}={v}" for k, v in self.http.cookies.items())
        request = HTTPRequest(
            url,
            connect_timeout=self.timeout,
            request_timeout=self.timeout,
            headers={"Cookie": jar} if jar else None,
        )
        self._ws = await websocket_connect(
            request, subprotocols=[SUBPROTOCOL], max_message_size=256 * 2**20
        )
        self._reader = asyncio.create_task(self._read())
        msg_id = await self.send("kernel_info_request", {})
        await self.wait_for(lambda: msg_id in self._replied or None, "kernel_info_reply")

    async def send(
        self,
        msg_type: str,
        content: dict[str, Any],
        metadata: dict[str, Any] | None = None,
        buffers: Sequence[bytes] = (),
    ) -> str:
        if self._ws is None:
            raise PageError("the websocket is not open")
        msg = new_message(msg_type, content, self.session, metadata)
        self._note("sent", msg_type, content)
        await self._ws.write_message(encode("shell", msg, buffers), binary=True)
        return str(msg["header"]["msg_id"])

    @property
    def is_open(self) -> bool:
        """The websocket is open and the server has not closed it."""
        ws = self._ws
        return ws is not None and self._closed is None and ws.close_code is None

    async def kernel_info(self) -> None:
        """A ``kernel_info_request`` and its reply: the connection and the kernel still answer."""
        msg_id = await self.send("kernel_info_request", {})
        await self.wait_for(lambda: msg_id in self._replied or None, "kernel_info_reply")

    async def upload(self, model: Model, files: Sequence[tuple[str, bytes]]) -> str:
        """Choose ``files`` in a FileUpload widget, as the page sends them: the files' bytes as
        the message's buffers. Returns the message's id."""
        value = [
            {"name": name, "type": "", "size": len(data), "last_modified": 0, "content": None}
            for name, data in files
        ]
        paths = [["value", i, "content"] for i in range(len(files))]
        data = {"method": "update", "state": {"value": value}, "buffer_paths": paths}
        content = {"comm_id": model.id, "data": data}
        return await self.send("comm_msg", content, buffers=[d for _, d in files])

    async def request_states(self) -> None:
        """Ask the kernel for every widget model, as the page's widget manager does."""
        self._control = uuid.uuid4().hex
        self.mirror.own_comms.add(self._control)
        before = len(self.mirror.models)
        await self.send(
            "comm_open",
            {"comm_id": self._control, "target_name": CONTROL_TARGET, "data": {}},
            {"version": CONTROL_VERSION},
        )
        await self.send(
            "comm_msg", {"comm_id": self._control, "data": {"method": "request_states"}}
        )
        await self.wait_for(lambda: self._states_received or None, "widget states")
        await self.send("comm_close", {"comm_id": self._control, "data": {}})
        if len(self.mirror.models) <= before:
            raise PageError("the kernel holds no widget")

    async def set_state(self, model: Model, state: dict[str, Any]) -> None:
        """Set values as the page does: locally at once, then an ``update`` to the kernel."""
        model.state.update(state)
        data = {"method": "update", "state": state, "buffer_paths": []}
        await self.send("comm_msg", {"comm_id": model.id, "data": data})

    async def click(self, model: Model) -> float:
        """Click a button; returns when the click was sent (``perf_counter``)."""
        data = {"method": "custom", "content": {"event": "click"}}
        sent = time.perf_counter()
        self.last_click = await self.send("comm_msg", {"comm_id": model.id, "data": data})
        return sent

    async def settled(self, msg_id: str) -> int:
        """Wait until the kernel is idle after handling ``msg_id``; the widget ``comm_open``
        messages it sent meanwhile."""
        await self.wait_for(lambda: msg_id in self._idle or None, "the kernel to be idle")
        return self.opened_by.get(msg_id, 0)

    async def wait_for(self, check: Callable[[], T | None], what: str) -> tuple[T, float]:
        """Wait until ``check()`` returns a value; returns it and when (``perf_counter``)."""
        value = check()
        if value:
            return value, time.perf_counter()
        if self._closed is not None:
            raise PageError(f"connection closed while waiting for {what}") from self._closed
        future: asyncio.Future[tuple[Any, float]] = asyncio.get_running_loop().create_future()
        entry = (check, future)
        self._waiters.append(entry)
        try:
            return await asyncio.wait_for(future, self.timeout)
        except TimeoutError as exc:
            raise PageError(f"no {what} after {self.timeout:.0f} s; {self.describe()}") from exc
        finally:
            if entry in self._waiters:
                self._waiters.remove(entry)

    async def _read(self) -> None:
        ws = self._ws
        if ws is None:
            return
        try:
            while True:
                frame = await ws.read_message()
                if frame is None:
                    raise PageError("the server closed the websocket")
                if isinstance(frame, str):
                    continue  # the v1 subprotocol sends binary frames only
                if self.record:
                    self.frames.append(frame)
                await self._receive(decode(frame))
        except Exception as exc:
            self._closed = exc
            for _check, future in list(self._waiters):
                if not future.done():
                    future.set_exception(PageError(f"websocket: {exc}"))

    async def _receive(self, msg: Message) -> None:
        kind = msg["header"].get("msg_type")
        parent = str((msg.get("parent_header") or {}).get("msg_id", ""))
        content = msg.get("content") or {}
        if kind == "kernel_info_reply":
            self._replied.add(parent)
        elif kind == "status" and content.get("execution_state") == "idle":
            self._idle.add(parent)
        elif kind == "comm_open" and content.get("target_name") == WIDGET_TARGET:
            self.opened_by[parent] = self.opened_by.get(parent, 0) + 1
        self._note("got", str(kind), content)
        if kind == "comm_msg" and content.get("comm_id") == self._control:
            self._states_received = True
        self.mirror.apply(msg)
        await self._token_script()
        now = time.perf_counter()
        for check, future in list(self._waiters):
            if future.done():
                continue
            value = check()
            if value:
                future.set_result((value, now))

    async def _token_script(self) -> None:
        """``browser_token.js``: publish the stored token once shown; keep an issued one."""
        token = self._token()
        if token is None or all(m.id != token.id for m in self.shown()):
            return
        issued = token.text("issued")
        if issued and issued != self.local_token:
            self.local_token = issued
        changes: dict[str, Any] = {}
        if token.text("stored") != self.local_token:
            changes["stored"] = self.local_token
        if token.state.get("ready") is not True:
            changes["ready"] = True
        if changes:
            await self.set_state(token, changes)

    def _note(self, way: str, kind: str, content: dict[str, Any]) -> None:
        data = content.get("data") or {}
        method = data.get("method") if isinstance(data, dict) else None
        if kind == "status":
            method = content.get("execution_state")
        keys = sorted((data.get("state") or {}) if isinstance(data, dict) else {})[:4]
        self.traffic.append(
            f"{way} {kind}"
            + (f"/{method}" if method else "")
            + (f"{keys}" if keys and kind == "comm_msg" else "")
        )

    def describe(self) -> str:
        """A short account of the page's state (for a page that got stuck)."""
        token = self._token()
        token_text = (
            "none"
            if token is None
            else f"ready={token.state.get('ready')} shown={any(m is token for m in self.shown())}"
        )
        classes = sorted({c for m in self.shown() for c in m.classes})
        tail = "; ".join(self.traffic[-12:])
        return (
            f"page roots {list(self.info.roots)}, {len(self.mirror.models)} models, "
            f"shown classes {classes}, token {token_text}, "
            f"error {self.error_text()!r}, {len(self.traffic)} messages, last: {tail}"
        )

    def _token(self) -> Model | None:
        """The token widget's model (it lives as long as the kernel)."""
        if self._token_id not in self.mirror.models:
            found = self.mirror.find_by_keys(set(TOKEN_KEYS))
            self._token_id = found.id if found is not None else ""
        return self.mirror.models.get(self._token_id)

    def shown(self) -> list[Model]:
        return list(self.mirror.shown(self.info.roots))

    def first(self, css_class: str) -> Model | None:
        return self.mirror.first(self.info.roots, css_class)

    def error_text(self) -> str | None:
        """The app's error area, if it shows an error."""
        area = self.first("kit-error-area")
        return area.text() if area is not None and area.has_element("kit-error") else None

    async def close(self) -> int:
        """Leave the page; returns the status of the kernel shutdown request."""
        if self._ws is not None:
            self._ws.close()
        if self._reader is not None:
            self._reader.cancel()
        try:
            return await self.shutdown_kernel()
        finally:
            self.http.close()


# ----------------------------------------------------------------------------- a trainee


@dataclass
class Trainee:
    """One simulated trainee in the exercise app."""

    base_url: str
    name: str
    unit: str
    book: AnswerBook
    answers: int = 3
    assets: Sequence[str] = ()
    think_s: float = 1.0
    timeout: float = 180.0
    result: TraineeResult = field(init=False)
    page: Page = field(init=False)

    def __post_init__(self) -> None:
        self.result = TraineeResult(self.name)
        self.page = Page(self.base_url, self.timeout)

    async def work(self) -> TraineeResult:
        """Open the app, join and answer; the page stays open (see :meth:`leave`)."""
        try:
            await self._work()
        except Exception as exc:  # the page's, tornado's or a timeout: counted, not raised
            self.result.error = f"{type(exc).__name__}: {exc}"
        return self.result

    async def leave(self) -> None:
        try:
            self.result.shutdown_status = await self.page.close()
        except Exception as exc:  # leaving must not hide the measurements
            self.result.error = self.result.error or f"on leaving: {exc}"

    async def _work(self) -> None:
        spec = registry.get("exercises")
        page, r = self.page, self.result
        t0 = time.perf_counter()
        marks = await page.load(spec.url_path, self.assets)
        r.kernel_id = page.info.kernel_id
        r.page_s, r.assets_s = marks["page"], marks.get("assets")
        r.connected_s, r.states_s = marks["connected"], marks["states"]
        if not page.info.roots:
            raise PageError("blank page: the app's cell came without its widget output")
        join, at = await page.wait_for(lambda: page.first(spec.main_widget), spec.main_widget)
        r.first_widget_s = at - t0
        await asyncio.sleep(self.think_s)
        await self._join(join)
        r.joined_s = time.perf_counter() - t0
        for _ in range(self.answers):
            await asyncio.sleep(self.think_s)
            if not await self._answer():
                break

    async def _join(self, form: Model) -> None:
        from kit.core.i18n import t

        page = self.page
        models = subtree(page.mirror, form)
        texts = [m for m in models if m.name == "TextModel"]
        start = button(models, t("exercises.start", self.book.lang))
        if len(texts) < 2 or start is None:
            raise PageError("the join form has no name, unit or start button")
        await page.set_state(texts[0], {"value": self.name})
        await page.set_state(texts[1], {"value": self.unit})
        await page.click(start)
        await self._until("kit-item", "the first item")

    async def _answer(self) -> bool:
        """Answer the item on the page; False when there is none left."""
        from kit.core.i18n import t

        page, lang = self.page, self.book.lang
        view = page.first("kit-item")
        if view is None:
            return False
        models = subtree(page.mirror, view)
        head = "".join(m.text() for m in models if m.name == "HTMLModel")
        item = self.book.item_in(head)
        if item is None:
            raise PageError("the item on the page is not in the bank")
        controls = [m for m in models if m.name in INPUT_MODELS]
        for model, state in self.book.updates(item, controls):
            await page.set_state(model, state)
        submit = button(models, t("exercises.submit", lang))
        if submit is None:
            raise PageError("the item has no submit button")
        sent = await page.click(submit)
        submit_id = page.last_click
        self.result.submitted.append(item.id)
        _, at = await page.wait_for(self._feedback_or_error, "feedback")
        if (error := page.error_text()) is not None:
            raise PageError(f"the app showed an error after submitting: {error}")
        self.result.round_trips_ms.append((at - sent) * 1000)
        self.result.answered.append(item.id)
        opened = await page.settled(submit_id)
        await asyncio.sleep(self.think_s / 2)
        feedback = subtree(page.mirror, page.first("kit-exercises-body") or view)
        nxt = button(feedback, t("exercises.next", lang))
        if nxt is None:
            raise PageError("the feedback has no next button")
        await page.click(nxt)
        next_id = page.last_click
        await self._until("kit-item", "the next item")
        self.result.comm_opens.append(opened + await page.settled(next_id))
        return True

    def _feedback_or_error(self) -> str | None:
        if self.page.error_text() is not None:
            return "error"
        shown = self.page.shown()
        if any(m.name == "HTMLModel" and m.has_element("kit-feedback") for m in shown):
            return "feedback"
        return None

    async def _until(self, css_class: str, what: str) -> None:
        page = self.page

        def seen() -> str | None:
            if page.error_text() is not None:
                return "error"
            return "ok" if page.first(css_class) is not None else None

        await page.wait_for(seen, what)
        if (error := page.error_text()) is not None:
            raise PageError(f"the app showed an error waiting for {what}: {error}")


# ----------------------------------------------------------------------------- a room


@dataclass(frozen=True)
class Wave:
    """``count`` trainees arriving evenly over ``arrival_s`` seconds, like a room."""

    count: int
    arrival_s: float = 1.5
    answers: int = 3
    think_s: float = 1.0
    track: str = "A"
    timeout: float = 180.0
    #: names are ``"{prefix} {i:03d}"``: unique in one run
    prefix: str = "Học viên thử"
    unit: str = "Đơn vị thử tải"


async def run_wave(
    base_url: str,
    wave: Wave,
    assets: Sequence[str] = (),
    book: AnswerBook | None = None,
) -> list[TraineeResult]:
    """Run the wave; every page stays open until the last trainee has answered."""
    book = book or AnswerBook(wave.track)
    trainees = [
        Trainee(
            base_url,
            f"{wave.prefix} {i:03d}",
            wave.unit,
            book,
            wave.answers,
            assets,
            wave.think_s,
            wave.timeout,
        )
        for i in range(1, wave.count + 1)
    ]
    step = wave.arrival_s / max(wave.count - 1, 1)

    async def arrive(i: int, trainee: Trainee) -> TraineeResult:
        await asyncio.sleep(i * step)
        return await trainee.work()

    results = await asyncio.gather(*(arrive(i, t) for i, t in enumerate(trainees)))
    await asyncio.gather(*(t.leave() for t in trainees))
    return list(results)


# ----------------------------------------------------------------------------- the store


@dataclass(frozen=True)
class StoreCheck:
    """The attempts the trainees saw acknowledged against what the database holds."""

    joined: int
    trainees_stored: int
    expected: int
    stored: int
    #: acknowledged (feedback shown) but not in the database
    lost: int
    #: in the database more than once for one trainee and item
    duplicated: int
    #: in the database although the trainee never saw its feedback (e.g. a timeout)
    unconfirmed: int

    @property
    def consistent(self) -> bool:
        return (
            self.lost == 0
            and self.duplicated == 0
            and self.unconfirmed == 0
            and self.trainees_stored == self.joined
        )


def check_store(database_url: str, results: Iterable[TraineeResult]) -> StoreCheck:
    """Count the wave's trainees and practice attempts in the server's database."""
    from sqlalchemy import func, select

    from kit.practice import CONTEXT
    from kit.store import db
    from kit.store.models import Attempt, Trainee

    results = list(results)
    names = [r.name for r in results]
    engine = db.create(database_url)
    try:
        with engine.connect() as conn:
            people = conn.execute(
                select(func.count()).select_from(Trainee).where(Trainee.name.in_(names))
            ).scalar_one()
            rows = conn.execute(
                select(Trainee.name, Attempt.item_id)
                .join(Attempt, Attempt.trainee_id == Trainee.id)
                .where(Trainee.name.in_(names), Attempt.context == CONTEXT)
            ).all()
    finally:
        engine.dispose()
    stored = [(str(name), str(item)) for name, item in rows]
    expected = {(r.name, item) for r in results for item in r.answered}
    return StoreCheck(
        joined=sum(r.joined_s is not None for r in results),
        trainees_stored=int(people),
        expected=len(expected),
        stored=len(stored),
        lost=len(expected - set(stored)),
        duplicated=len(stored) - len(set(stored)),
        unconfirmed=len(set(stored) - expected),
    )
