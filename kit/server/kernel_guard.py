"""What an app's kernel lets reach its page: widgets and messages in words, nothing else.

Installed in every kernel the server starts (:mod:`kit.server.kernel_launcher`), once ipykernel
is set up and before it handles its first message. The page is whoever holds the link; a kernel
must not tell it how the kit is built, still less the data behind it.

* **Output meant for people who run the server goes to the server's log.** A kernel inherits the
  server's stderr, but ipykernel replaces ``sys.stderr`` with a stream it sends to the page:
  everything logged (Python's last-resort handler writes to ``sys.stderr``), every warning and
  every traceback a library printed reached the page, and the server's log saw none of it (a
  join on a read-only database sent the page the SQL ``INSERT`` with the trainee's token hash,
  PIN salt and PIN hash). Here ``sys.stderr`` and the root logger write to a copy of the stderr
  the kernel started with, and ipykernel does not capture that file descriptor.
* **No traceback goes to the page.** IPython publishes one to every page of the kernel when a
  widget callback raises (ipywidgets calls ``showtraceback``) or a cell fails. Here the error is
  logged with its traceback under a short error code, and the page gets an ``error`` message
  holding only that code in words; every app of the kernel shows the code in its error area
  (the apps' shell registers how, :func:`report_to`: the server never imports the apps). An
  error while handling a widget message (a value refused by a trait, an observer that raised)
  is reported the same way.
* **A comm the kernel does not know is ignored.** A ``comm_open`` for a target no one
  registered got an error logged to the page; now it gets nothing (and no comm is made).
* **The page learns only the widget comms** from a ``comm_info_request``: the widget manager
  asks for these when it reconnects; any other comm of the kernel is none of its business.
* **An upload larger than :data:`kit.core.uploads.MAX_BYTES` is refused** before any widget
  sees it, with a message in words in the page (the server lets a little more through, for
  the message's envelope).
"""

from __future__ import annotations

import io
import logging
import os
import secrets
import sys
from collections.abc import Callable
from functools import partial
from typing import Any, TextIO

from kit.core import uploads

#: a line of a kernel in the server's log (the server's own lines look alike)
LOG_FORMAT = "[%(levelname)1.1s %(asctime)s kernel %(process)d %(name)s] %(message)s"
#: the comms a page needs to know of: the widgets' models
WIDGET_TARGET = "jupyter.widget"

log = logging.getLogger("kit.server.kernel")


class Error(Exception):
    """What the page is told of an error: its code in words, never its traceback."""


class ServerLog(io.TextIOBase):
    """A text stream writing straight to a file descriptor: each ``write`` at once and whole
    (a traceback is not cut by another process's lines), nothing buffered, and a write that
    fails (a full disk) dropped, never raised into the kernel handling a page's message."""

    encoding = "utf-8"
    errors = "backslashreplace"

    def __init__(self, fd: int) -> None:
        super().__init__()
        self._fd = fd

    def writable(self) -> bool:
        return True

    def fileno(self) -> int:
        return self._fd

    def write(self, text: str) -> int:
        data = str(text).encode(self.encoding, self.errors)
        try:
            while data:
                data = data[os.write(self._fd, data) :]
        except OSError:
            pass
        return len(text)


def server_log_stream() -> TextIO:
    """A stream on a copy of this process's stderr as it is now, before ipykernel takes the
    standard streams: the server's own stderr, which a kernel inherits."""
    return ServerLog(os.dup(2))  # type: ignore[return-value]


def route_output(stream: TextIO) -> None:
    """Send ``sys.stderr``, the root logger and warnings to ``stream``."""
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    root = logging.getLogger()
    root.handlers = [handler]
    logging.captureWarnings(True)
    sys.stderr = stream


def install(app: Any, stream: TextIO) -> None:
    """Guard the kernel of an initialised ``IPKernelApp`` (see the module's docstring)."""
    route_output(stream)
    kernel = app.kernel
    quiet_tracebacks(kernel.shell)
    manager = kernel.comm_manager
    handlers = kernel.shell_handlers
    handlers["comm_open"] = partial(comm_open, manager)
    handlers["comm_msg"] = partial(comm_msg, manager)
    handlers["comm_close"] = partial(comm_close, manager)
    handlers["comm_info_request"] = partial(comm_info_request, kernel)


# ----------------------------------------------------------------------------- errors


def _log_only(exc: BaseException, where: str) -> str:
    error_id = secrets.token_hex(4).upper()
    log.error("kit: error %s %s", error_id, where, exc_info=(type(exc), exc, exc.__traceback__))
    return error_id


#: how an error no guard saw is reported (logged under a code returned, the code shown in the
#: apps) and how a refused upload is told; set by the apps' shell, :func:`report_to`
_report: dict[str, Callable[..., Any]] = {
    "unexpected": _log_only,
    "refused_upload": lambda max_bytes: None,
}


def report_to(
    unexpected: Callable[[BaseException, str], str], refused_upload: Callable[[int], None]
) -> None:
    """Report through these: ``unexpected(exc, where)`` logs ``exc`` under a new error code,
    shows the code in every app of this process and returns it; ``refused_upload(max_bytes)``
    says in every app that an upload over ``max_bytes`` was refused."""
    _report.update(unexpected=unexpected, refused_upload=refused_upload)


def report(exc: BaseException, where: str) -> str:
    """Log ``exc`` (traceback) under a new error code, show the code in every app of this
    kernel; returns the code."""
    return str(_report["unexpected"](exc, where))


def words(error_id: str) -> str:
    """What the page may read of an error: the generic message and its code, both languages."""
    from kit.core.i18n import t

    return " / ".join(
        f"{t('kit.error', lang)} {t('kit.error_id', lang, id=error_id)}" for lang in ("vi", "en")
    )


def quiet_tracebacks(shell: Any) -> None:
    """Make IPython log a traceback (with a code) instead of publishing it to the page."""
    publish = shell._showtraceback

    def _showtraceback(etype: type, evalue: BaseException, stb: list[str]) -> None:
        if not isinstance(evalue, BaseException):
            evalue = Exception(f"{getattr(etype, '__name__', etype)}: {evalue}")
        text = words(report(evalue, "in a widget callback or a cell"))
        publish(Error, Error(text), [text])

    shell._showtraceback = _showtraceback


# ----------------------------------------------------------------------------- comms


def _comm(manager: Any, msg: dict[str, Any]) -> Any:
    comm_id = (msg.get("content") or {}).get("comm_id")
    return manager.comms.get(comm_id) if isinstance(comm_id, str) else None


def comm_open(manager: Any, stream: Any, ident: Any, msg: dict[str, Any]) -> None:
    """Open a comm for a target the kernel registered; ignore any other."""
    content = msg.get("content") or {}
    target = content.get("target_name")
    if not isinstance(target, str) or target not in manager.targets:
        log.debug("kit: a page opened a comm for an unknown target; ignored")
        return
    if not isinstance(content.get("comm_id"), str):
        return
    manager.comm_open(stream, ident, msg)


def comm_msg(manager: Any, stream: Any, ident: Any, msg: dict[str, Any]) -> None:
    """Hand a message to its comm; an upload over the limit is refused, an error reported."""
    comm = _comm(manager, msg)
    if comm is None:
        return
    size = sum(memoryview(b).nbytes for b in msg.get("buffers") or ())
    if size > uploads.MAX_BYTES:
        log.warning("kit: a message of %s bytes refused (more than %s)", size, uploads.MAX_BYTES)
        _report["refused_upload"](uploads.MAX_BYTES)
        return
    try:
        comm.handle_msg(msg)
    except Exception as exc:
        report(exc, "while handling a widget's message")


def comm_close(manager: Any, stream: Any, ident: Any, msg: dict[str, Any]) -> None:
    """Close a comm the page closed; an error in its close handler is reported."""
    comm = _comm(manager, msg)
    if comm is None:
        return
    comm._closed = True
    manager.comms.pop(comm.comm_id, None)
    try:
        comm.handle_close(msg)
    except Exception as exc:
        report(exc, "while closing a widget")


def comm_info_request(kernel: Any, stream: Any, ident: Any, parent: dict[str, Any]) -> None:
    """Answer with the widget comms only (all the page's widget manager asks for)."""
    asked = (parent.get("content") or {}).get("target_name")
    comms = {}
    if asked in (None, WIDGET_TARGET):
        comms = {
            comm_id: {"target_name": comm.target_name}
            for comm_id, comm in kernel.comm_manager.comms.items()
            if comm.target_name == WIDGET_TARGET
        }
    kernel.session.send(stream, "comm_info_reply", {"status": "ok", "comms": comms}, parent, ident)
