"""Start an app's kernel below the server's priority: ``python -m kit.server.kernel_launcher``.

What ``ipykernel_launcher`` does, after lowering the process's priority first. The Voilà
process serves every page and relays every widget message of every trainee; a kernel starting
for a pool (about 1.3 CPU-seconds of imports) or answering a click must not take the cores from
it. Renicing a kernel once it had started came too late: its start, the costly part, ran at the
server's priority.

The kernel is guarded before it handles a message (:mod:`kit.server.kernel_guard`): its stderr,
logs and tracebacks go to the server's log, never to the page. ipykernel is told not to capture
the kernel's file descriptors 1 and 2: what a library writes there goes to the server's log too.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

#: niceness added to every kernel process (the Voilà process keeps 0)
KERNEL_NICE = 5


def lower_priority(nice: int = KERNEL_NICE) -> None:
    """Add ``nice`` to this process's niceness (POSIX; elsewhere nothing to do)."""
    if hasattr(os, "nice"):
        with contextlib.suppress(OSError):  # not allowed here: run at the same priority
            os.nice(nice)


def main() -> None:
    lower_priority()
    # as ipykernel_launcher: the working directory leaves sys.path while the kernel loads
    if sys.path and (sys.path[0] == "" or Path(sys.path[0]) == Path.cwd()):
        del sys.path[0]
    from ipykernel import kernelapp

    from kit.server import kernel_guard

    server_log = kernel_guard.server_log_stream()  # before ipykernel takes the streams
    app = kernelapp.IPKernelApp.instance(capture_fd_output=False)
    app.initialize()
    kernel_guard.install(app, server_log)
    app.start()


if __name__ == "__main__":
    main()
