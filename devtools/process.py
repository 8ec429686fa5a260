"""Run ``kit serve`` (or any Voilà command) as a child process on a free loopback port.

Used by the browser tests, the benchmarks and the load client: they need a real server, started
the way a user starts it, and stopped cleanly afterwards.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class ServerProcess:
    base_url: str
    port: int
    log_path: Path
    process: subprocess.Popen[bytes]

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def wait_ready(self, timeout: float = 120, log_marker: str | None = None) -> None:
        """Wait until the server answers (and ``log_marker`` appears in its log, if given)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited ({self.process.returncode}):\n{self.log()}")
            try:
                with urllib.request.urlopen(f"{self.base_url}/voila/static/voila.js", timeout=2):
                    pass
                if log_marker is None or log_marker in self.log():
                    return
            except OSError:
                pass
            time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"server did not start in {timeout:.0f} s:\n{self.log()}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def start(args: Sequence[str], workdir: Path, env: dict[str, str] | None = None) -> ServerProcess:
    """Start ``args`` with ``{port}`` replaced by a free port; its output goes to a log file."""
    port = free_port()
    log_path = workdir / f"server-{port}.log"
    cmd = [a.replace("{port}", str(port)) for a in args]
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            cmd, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})}
        )
    return ServerProcess(f"http://127.0.0.1:{port}", port, log_path, proc)


def start_kit(
    workdir: Path,
    *extra: str,
    expected_users: int = 2,
    env: dict[str, str] | None = None,
) -> ServerProcess:
    """``kit serve`` with a temporary data folder inside ``workdir``."""
    data_dir = workdir / "data"
    args = [
        sys.executable,
        "-m",
        "kit",
        "serve",
        "--port",
        "{port}",
        "--data-dir",
        str(data_dir),
        "--expected-users",
        str(expected_users),
        *extra,
    ]
    return start(args, workdir, env)
