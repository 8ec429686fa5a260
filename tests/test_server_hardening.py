"""Hostile input against a real server on loopback: what may reach a page, and what a probe of
the server's paths gets.

* uploads as large as the apps accept go through; a larger one gets a message, the page's
  connection stays open (F6);
* no traceback, SQL or secret reaches a page, whatever fails in the kernel; the server's log holds
  the traceback under the error code the page shows (F7);
* a comm the kernel does not know is ignored, ``comm_info_request`` names the widget comms only;
* every path probe gets a 403 or 404, never a 500 nor a file outside what is served (F10).
"""

from __future__ import annotations

import asyncio
import http.client
import logging
import os
import re
import sqlite3
import time
import uuid
from collections.abc import Callable, Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

import pytest

from devtools.loadclient import Page
from devtools.loadclient_widgets import CONTROL_TARGET, CONTROL_VERSION, Model, decode
from devtools.process import ServerProcess, start_kit
from kit import registry
from kit.core import uploads
from kit.core.i18n import t

T = TypeVar("T")
TIMEOUT = 60.0
SECRET = "SECRET-PROBE-7Q2X"
#: what no frame a page receives may hold
FORBIDDEN = ("Traceback", "INSERT", "sqlite", "SQL:", SECRET)
CODE = re.compile(r"\b[0-9A-F]{8}\b")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    """``kit serve`` starting a kernel per page (no pools: fewer processes on two cores)."""
    started = start_kit(tmp_path_factory.mktemp("kit-hardening"), "--no-preheat")
    started.wait_ready()
    yield started
    started.stop()


def run(make: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """Run a coroutine on a thread of its own (the browser tests keep a loop on this one)."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(lambda: asyncio.run(asyncio.wait_for(make(), 4 * TIMEOUT))).result()


async def open_app(server: ServerProcess, app: str, query: str = "") -> Page:
    page = Page(server.base_url, TIMEOUT)
    page.record = True
    await page.load(registry.get(app).url_path + query, ())
    return page


def _echo(frame: bytes) -> bool:
    """Is this the kernel echoing a value the page itself sent (ipywidgets' ``echo_update``)?"""
    msg = decode(frame)
    data = (msg.get("content") or {}).get("data")
    return isinstance(data, dict) and data.get("method") == "echo_update"


def leaked(page: Page) -> list[str]:
    """The forbidden words found in what the page received (but for echoes of its own values)."""
    text = b"".join(f for f in page.frames if not _echo(f)).decode("utf-8", "replace")
    return [word for word in FORBIDDEN if word in text]


async def error_code(page: Page, msg_id: str) -> str | None:
    """The error code the app's error area shows once the kernel has handled ``msg_id``."""
    await page.settled(msg_id)
    found = CODE.search(page.error_text() or "")
    return found.group(0) if found else None


def wait_in_log(server: ServerProcess, *needles: str) -> str:
    """The server's log once it holds every needle (the kernel writes it a moment later)."""
    deadline = time.monotonic() + 20
    while True:
        text = server.log()
        if all(n in text for n in needles) or time.monotonic() > deadline:
            return text
        time.sleep(0.2)


# ----------------------------------------------------------------------------- F7: errors


def test_a_failed_join_shows_a_code_and_logs_the_sql_on_the_server_only(
    server: ServerProcess,
) -> None:
    """A database that refuses writes (as a read-only or full disk does): the join's INSERT
    fails with an error that names the SQL, the trainee's token hash, PIN salt and PIN hash."""
    db = server.log_path.parent / "data" / "kit.sqlite3"
    with sqlite3.connect(db) as con:
        con.execute(
            "CREATE TRIGGER probe BEFORE INSERT ON trainees BEGIN "
            f"SELECT RAISE(ABORT, 'attempt to write a readonly database {SECRET}'); END"
        )

    async def join() -> tuple[str, list[str], bool]:
        page = await open_app(server, "exercises")
        try:
            form, _ = await page.wait_for(lambda: page.first("kit-join"), "the join form")
            models = [m for m in page.mirror.shown([form.id]) if m.name == "TextModel"]
            start = next(
                m
                for m in page.mirror.shown([form.id])
                if m.name == "ButtonModel" and m.text("description") == t("exercises.start")
            )
            await page.set_state(models[0], {"value": "Nguyễn Văn Thử"})
            await page.set_state(models[1], {"value": "Sở Tư pháp"})
            await page.click(start)
            code = await error_code(page, page.last_click)
            await page.kernel_info()
            return code, leaked(page), page.is_open
        finally:
            await page.close()

    try:
        code, found, still_open = run(join)
    finally:
        with sqlite3.connect(db) as con:
            con.execute("DROP TRIGGER probe")
    assert found == [], f"the page received {found}"
    assert still_open
    assert code is not None, "the page shows no error code"
    log = wait_in_log(server, code, SECRET)
    assert code in log and "Traceback" in log and SECRET in log and "INSERT INTO trainees" in log


def test_errors_outside_any_guard_reach_the_log_not_the_page(server: ServerProcess) -> None:
    """A widget callback that raises (ipywidgets' own dispatcher: IPython published the
    traceback to the page) and a value a widget refuses (logged to the page's stderr)."""

    async def probe() -> tuple[list[str | None], list[str], bool]:
        page = await open_app(server, "exercises")
        try:
            button = next(m for m in page.shown() if m.name == "ButtonModel")
            switch = next(m for m in page.mirror.models.values() if "kit-lang" in m.classes)
            custom = {"method": "custom", "content": [SECRET]}  # not a dict: .get raises
            sent = await page.send("comm_msg", {"comm_id": button.id, "data": custom})
            first = await error_code(page, sent)
            update = {"method": "update", "state": {"index": SECRET}, "buffer_paths": []}
            sent = await page.send("comm_msg", {"comm_id": switch.id, "data": update})
            second = await error_code(page, sent)  # not an index: the trait refuses it
            await page.kernel_info()
            return [first, second], leaked(page), page.is_open
        finally:
            await page.close()

    codes, found, still_open = run(probe)
    assert found == [], f"the page received {found}"
    assert still_open
    assert None not in codes and len(set(codes)) == 2, f"the page shows no new code: {codes}"
    log = wait_in_log(server, *(c for c in codes if c))
    for code in codes:
        assert code in log
    assert "Traceback" in log and SECRET in log


# ----------------------------------------------------------------------------- the guard


class _Comm:
    def __init__(self, comm_id: str, target_name: str) -> None:
        self.comm_id, self.target_name = comm_id, target_name
        self.got: list[Any] = []

    def handle_msg(self, msg: Any) -> None:
        self.got.append(msg)


class _Manager:
    def __init__(self, *comms: _Comm) -> None:
        self.comms = {c.comm_id: c for c in comms}
        self.targets = {"jupyter.widget": object()}
        self.opened: list[Any] = []

    def comm_open(self, stream: Any, ident: Any, msg: Any) -> None:
        self.opened.append(msg)


def test_the_guard_answers_widget_comms_only_and_ignores_unknown_targets() -> None:
    from types import SimpleNamespace

    from kit.server import kernel_guard

    widget, control = _Comm("w1", "jupyter.widget"), _Comm("c1", "jupyter.widget.control")
    sent: list[Any] = []
    session = SimpleNamespace(send=lambda *a: sent.append(a))
    kernel = SimpleNamespace(comm_manager=_Manager(widget, control), session=session)
    kernel_guard.comm_info_request(kernel, "stream", [b"id"], {"content": {}})
    assert sent[-1][2] == {"status": "ok", "comms": {"w1": {"target_name": "jupyter.widget"}}}
    asked = {"content": {"target_name": "jupyter.widget.control"}}
    kernel_guard.comm_info_request(kernel, "stream", [b"id"], asked)
    assert sent[-1][2]["comms"] == {}
    manager = kernel.comm_manager
    for target in ("nope", None, ["jupyter.widget"]):
        msg = {"content": {"comm_id": "x", "target_name": target}}
        kernel_guard.comm_open(manager, "stream", [], msg)
    assert manager.opened == []
    kernel_guard.comm_open(
        manager, "stream", [], {"content": {"comm_id": "x", "target_name": "jupyter.widget"}}
    )
    assert len(manager.opened) == 1


def test_the_guard_refuses_a_message_larger_than_an_upload_may_be() -> None:
    from kit.server import kernel_guard

    widget = _Comm("w1", "jupyter.widget")
    manager = _Manager(widget)
    big = {"content": {"comm_id": "w1"}, "buffers": [memoryview(bytearray(uploads.MAX_BYTES + 1))]}
    kernel_guard.comm_msg(manager, "stream", [], big)
    assert widget.got == []
    fits = {"content": {"comm_id": "w1"}, "buffers": [memoryview(bytearray(1024))]}
    kernel_guard.comm_msg(manager, "stream", [], fits)
    assert widget.got == [fits]


def test_the_server_log_takes_whole_lines_and_a_full_disk_never_fails_the_kernel(
    tmp_path: Path,
) -> None:
    from kit.server.kernel_guard import ServerLog

    path = tmp_path / "server.log"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND)
    try:
        log = ServerLog(fd)
        text = "Lỗi mã 0A1B2C3D\nTraceback (most recent call last):\n"
        assert log.write(text) == len(text)
        log.flush()
        assert path.read_text("utf-8").startswith("Lỗi mã 0A1B2C3D\nTraceback")
    finally:
        os.close(fd)
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    full = os.open("/dev/full", os.O_WRONLY)
    try:
        assert ServerLog(full).write("x" * 10_000) == 10_000  # ENOSPC: dropped, not raised
    finally:
        os.close(full)


def test_the_guard_logs_a_traceback_and_publishes_only_its_code(
    caplog: pytest.LogCaptureFixture,
) -> None:
    from types import SimpleNamespace

    import kit.apps.ui.shell  # noqa: F401  (in a kernel, the app's shell reports errors)
    from kit.server import kernel_guard

    published: list[tuple[Any, Any, list[str]]] = []
    shell = SimpleNamespace(_showtraceback=lambda *a: published.append(a))
    kernel_guard.quiet_tracebacks(shell)
    try:
        raise RuntimeError(f"INSERT INTO trainees VALUES ('{SECRET}')")
    except RuntimeError as exc:
        with caplog.at_level(logging.ERROR, logger="kit.apps"):
            shell._showtraceback(RuntimeError, exc, ["Traceback (most recent call last):"])
    (etype, evalue, stb), *_ = published
    page = f"{etype.__name__} {evalue} {stb}"
    assert [w for w in FORBIDDEN if w in page] == []
    code = CODE.search(page)
    assert code is not None and code.group(0) in caplog.text
    assert "Traceback" in caplog.text and SECRET in caplog.text


# ----------------------------------------------------------------------------- comms


def test_an_unknown_comm_target_is_ignored_and_comm_info_names_widgets_only(
    server: ServerProcess,
) -> None:
    async def probe() -> tuple[list[dict[str, Any]], list[str], dict[str, Any], dict[str, Any]]:
        page = await open_app(server, "home")
        try:
            control = uuid.uuid4().hex  # a comm the page keeps open (not a widget)
            await page.send(
                "comm_open",
                {"comm_id": control, "target_name": CONTROL_TARGET, "data": {}},
                {"version": CONTROL_VERSION},
            )
            await page.kernel_info()
            before = len(page.frames)
            unknown = {"comm_id": uuid.uuid4().hex, "target_name": f"probe.{SECRET}", "data": {}}
            await page.send("comm_open", unknown)
            await page.send("comm_msg", {"comm_id": uuid.uuid4().hex, "data": {"x": SECRET}})
            await page.kernel_info()
            after = [decode(f) for f in page.frames[before:]]
            answers = []
            for target in (None, "jupyter.widget", CONTROL_TARGET):
                content = {} if target is None else {"target_name": target}
                msg_id = await page.send("comm_info_request", content)
                reply, _ = await page.wait_for(
                    lambda msg_id=msg_id: next(
                        (
                            decode(f)
                            for f in page.frames
                            if decode(f)["parent_header"].get("msg_id") == msg_id
                            and decode(f)["header"]["msg_type"] == "comm_info_reply"
                        ),
                        None,
                    ),
                    "comm_info_reply",
                )
                answers.append(reply["content"])
            return after, leaked(page), answers[0], {"widget": answers[1], "ctl": answers[2]}
        finally:
            await page.close()

    after, found, all_comms, by_target = run(probe)
    assert found == []
    kinds = sorted({m["header"]["msg_type"] for m in after})
    # only the kernel's busy/idle and the reply to the last kernel_info_request
    assert kinds == ["kernel_info_reply", "status"], kinds
    comms = all_comms["comms"]
    assert comms, "the widget comms are named"
    assert {c["target_name"] for c in comms.values()} == {"jupyter.widget"}
    assert by_target["widget"]["comms"] == comms
    assert by_target["ctl"]["comms"] == {}


# ----------------------------------------------------------------------------- F6: uploads


def test_every_apps_upload_limit_fits_what_the_server_takes() -> None:
    from kit.apps import analyze
    from kit.apps.eligibility import batch
    from kit.apps.rollup import app as rollup
    from kit.apps.ui import upload
    from kit.server import app, launch

    limits = {
        "analyze": analyze.MAX_BYTES,
        "eligibility": batch.MAX_MB * 2**20,
        "rollup": rollup.MAX_UPLOAD,
    }
    assert {k: v for k, v in limits.items() if v > uploads.MAX_BYTES} == {}
    assert upload.MAX_BYTES == uploads.MAX_BYTES
    assert app.WEBSOCKET_MAX_BYTES >= uploads.MAX_BYTES + 2**16  # room for the envelope
    del launch


def _upload_widget(page: Page) -> Model:
    found = next((m for m in page.shown() if m.name == "FileUploadModel"), None)
    assert found is not None, "the page shows no upload"
    return found


def test_an_upload_over_the_limit_gets_a_message_and_one_under_it_reaches_the_app(
    server: ServerProcess,
) -> None:
    from kit.apps.eligibility.batch import MAX_MB

    over = uploads.MAX_BYTES + 1
    under = uploads.MAX_BYTES - 64 * 2**10
    assert under > MAX_MB * 2**20, "the app's own limit must be below the server's for this test"

    async def probe() -> tuple[str, bool, str, bool]:
        page = await open_app(server, "eligibility", "?mode=batch")
        try:
            chooser = _upload_widget(page)
            await page.upload(chooser, [("danh-sach.csv", b"\0" * over)])
            refused, _ = await page.wait_for(page.error_text, "the refused upload's message")
            await page.kernel_info()
            open_after_refusal = page.is_open
            page.first("kit-error-area").state["value"] = ""  # type: ignore[union-attr]
            await page.upload(chooser, [("danh-sach.csv", b"\0" * under)])
            taken, _ = await page.wait_for(page.error_text, "the app's answer")
            await page.kernel_info()
            return refused, open_after_refusal, taken, page.is_open
        finally:
            await page.close()

    refused, open_after_refusal, taken, still_open = run(probe)
    assert open_after_refusal and still_open
    assert t("kit.upload_too_large", "vi", mb=uploads.MAX_MB) in refused
    # the app itself measured the file: it got every byte
    size = f"{under / 2**20:.1f}"
    assert t("eligibility.too_big", "vi", size=size, limit=MAX_MB) in taken


# ----------------------------------------------------------------------------- F10: paths

LONG = "a" * 6000
PROBES = [
    "/voila/templates/..%2f..%2fetc%2fpasswd",
    "/voila/templates/../../etc/passwd",
    "/voila/templates/..%2f",
    "/voila/templates/lab/..%2f..%2f",
    "/voila/templates/kit/index.html.j2",
    "/voila/templates/kit/conf.json",
    "/voila/templates/kit/static/../conf.json",
    "/voila/templates/kit/static/..%2fconf.json",
    "/voila/templates/kit/static/%2e%2e%2fconf.json",
    "/voila/templates/kit/static/..%2f..%2f..%2f..%2f..%2fetc%2fpasswd",
    "/voila/templates/%2e%2e/static/voila.js",
    "/voila/templates/",
    "/voila/templates/lab",
    "/voila/templates/%00",
    "/voila/templates/kit/static/%00",
    "/voila/templates/no-such-template/static/x.js",
    "/voila/static/../",
    "/voila/static/..%2f..%2fetc%2fpasswd",
    "/voila/static/%2e%2e/%2e%2e/etc/passwd",
    "/voila/static/%00",
    "/voila/static/" + "a/" * 3000,
    "/voila/files/../kit.sqlite3",
    "/voila/files/home.ipynb",
    "/voila/files/..%2f..%2fetc%2fpasswd",
    "/voila/files/",
    "/voila/render/../../etc/passwd",
    "/voila/render/..%2f..%2fetc%2fpasswd",
    "/voila/render/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "/voila/render/%00",
    "/voila/render/home.ipynb%00",
    "/voila/render/",
    "/voila/render/no-such-app.ipynb",
    "/voila/render/home.ipynb/..%2fhome.ipynb",
    f"/voila/render/{LONG}.ipynb",
    "/voila/labextensions/..%2f..%2fetc%2fpasswd",
    "/voila/api/themes/..%2f..%2fetc%2fpasswd",
    "/kit/static/fontawesome/..%2f..%2f..%2fetc%2fpasswd",
    "/kit/static/fontawesome/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/kit/page/..%2f..%2fetc%2fpasswd",
    "/voila/tree/..%2f",
    "/voila/api/contents/",
    "/voila/api/contents/home.ipynb",
    "/voila/api/contents/..%2f..%2fetc",
    "/logout",
    f"/{LONG}",
    "/%2e%2e/%2e%2e/etc/passwd",
]


def _get(server: ServerProcess, path: str) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        conn.putrequest("GET", path, skip_accept_encoding=True)  # sent as written
        conn.endheaders()
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def test_path_probes_get_403_or_404_never_a_500_or_a_file(server: ServerProcess) -> None:
    passwd = Path("/etc/passwd").read_bytes()[:20]
    template_conf = b"base_template"
    answers = {path: _get(server, path) for path in PROBES}
    wrong = {p[:80]: status for p, (status, _) in answers.items() if status not in (403, 404)}
    assert wrong == {}
    for path, (_, body) in answers.items():
        assert passwd not in body and template_conf not in body, path
        assert b"Traceback" not in body, path
    log = server.log()
    assert "Uncaught exception" not in log
    assert not re.search(r"\b500 (GET|HEAD|POST)", log)


def test_what_the_pages_need_is_still_served(server: ServerProcess) -> None:
    for path in (
        "/voila/static/voila.js",
        "/voila/templates/kit/static/index.css",
        "/kit/static/fontawesome/css/all.min.css",
    ):
        assert _get(server, path)[0] == 200, path


def test_the_page_refuses_a_file_over_the_limit_before_sending_it(
    server: ServerProcess,
    open_page: Callable[..., Any],  # the browser fixture of tests/conftest.py
    tmp_path: Path,
) -> None:
    big = tmp_path / "danh-sach.csv"
    with big.open("wb") as f:
        f.truncate(uploads.MAX_BYTES + 1)  # sparse: nothing is written
    small = tmp_path / "nho.csv"
    small.write_text("Mã,Tên dự thảo chính sách\n", "utf-8")
    guarded = open_page()
    page = guarded.page
    sent: list[int] = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda p: sent.append(len(p))))
    page.goto(f"{server.base_url}/{registry.get('eligibility').url_path}?mode=batch")
    chooser_button = page.locator(".widget-upload").first
    chooser_button.wait_for(timeout=TIMEOUT * 1000)

    def choose(path: Path) -> None:
        with page.expect_file_chooser() as chooser:
            chooser_button.click()
        chooser.value.set_files(str(path))

    choose(big)
    notice = page.locator(".kit-upload-refused")
    notice.wait_for(timeout=30_000)
    assert t("kit.upload_too_large", "vi", mb=uploads.MAX_MB) in notice.inner_text()
    assert max(sent, default=0) < 2**20, "the file went out"
    choose(small)  # a file the server takes goes to the app, and the notice goes away
    page.locator(".kit-error-area .kit-error, .kit-batch-table").first.wait_for(timeout=30_000)
    assert notice.count() == 0
    assert guarded.blocked == []
