"""A throwaway PostgreSQL cluster on loopback for the tests, and the ``db_url`` fixture that runs
a test on SQLite and on PostgreSQL.

The cluster is made with Debian's ``initdb`` and ``pg_ctl`` (``/usr/lib/postgresql/<ver>/bin``,
not on PATH), in a temporary folder, on a free loopback port, with no socket file outside it. Run
as root, the server runs as the ``postgres`` user (``runuser -u postgres``; PostgreSQL refuses to
run as root) and its folder is given to that user. Each test gets a database of its own.

When PostgreSQL cannot start, a test that asks for it is skipped on a developer's machine but
**fails** with ``CI=true``: a CI run never passes by skipping it.

Use it from a test module with ``pytest_plugins = ["tests.pg_fixture"]``.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

PG_ROOT = Path("/usr/lib/postgresql")
START_TIMEOUT_S = 60


def _bin_dir() -> Path | None:
    versions = sorted(
        (p for p in PG_ROOT.glob("*/bin") if (p / "initdb").exists()),
        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
    )
    return versions[-1] if versions else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def unavailable(reason: str) -> None:
    """Skip a test that needs PostgreSQL, but fail it in CI (``CI=true``)."""
    message = f"PostgreSQL cannot start / không khởi động được PostgreSQL: {reason}"
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(message)
    pytest.skip(message)


@dataclass
class PgCluster:
    """A running cluster: its port and how to make databases on it."""

    bin_dir: Path
    data_dir: Path
    port: int
    as_postgres: list[str]
    log: Path

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*self.as_postgres, *args], capture_output=True, text=True, check=check, timeout=60
        )

    def url(self, database: str = "postgres") -> str:
        """The URL as a user would write it (plain scheme: the kit maps it to psycopg 3)."""
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self, prefix: str = "kit") -> str:
        name = f"{prefix}_{uuid.uuid4().hex[:12]}"
        self.run(str(self.bin_dir / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), name)
        return self.url(name)

    def stop(self) -> None:
        self.run(
            str(self.bin_dir / "pg_ctl"),
            "-D",
            str(self.data_dir),
            "-m",
            "immediate",
            "stop",
            check=False,
        )


def start_cluster(base: Path) -> PgCluster:
    """Make and start a cluster under ``base`` (raises RuntimeError when it cannot)."""
    bin_dir = _bin_dir()
    if bin_dir is None:
        raise RuntimeError(f"no initdb under {PG_ROOT} (apt-get install postgresql)")
    as_postgres: list[str] = []
    if os.geteuid() == 0:
        runuser = shutil.which("runuser")
        if runuser is None:
            raise RuntimeError("running as root and runuser is missing")
        as_postgres = [runuser, "-u", "postgres", "--"]
        base.chmod(0o755)
    data_dir, log = base / "data", base / "postgres.log"
    data_dir.mkdir()
    log.touch()
    if as_postgres:
        shutil.chown(data_dir, "postgres", "postgres")
        shutil.chown(log, "postgres", "postgres")
        shutil.chown(base, "postgres", "postgres")
    port = free_port()
    cluster = PgCluster(bin_dir, data_dir, port, as_postgres, log)
    init = cluster.run(
        str(bin_dir / "initdb"),
        "-D",
        str(data_dir),
        "-U",
        "postgres",
        "--auth=trust",
        "-E",
        "UTF8",
        "--locale=C.UTF-8",
        check=False,
    )
    if init.returncode != 0:
        raise RuntimeError(f"initdb failed: {init.stderr.strip()[-400:]}")
    options = f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories={base}"
    options += " -c fsync=off -c max_connections=200"
    started = cluster.run(
        str(bin_dir / "pg_ctl"),
        "-D",
        str(data_dir),
        "-l",
        str(log),
        "-o",
        options,
        "-w",
        "-t",
        str(START_TIMEOUT_S),
        "start",
        check=False,
    )
    if started.returncode != 0:
        raise RuntimeError(f"pg_ctl start failed: {log.read_text(errors='replace')[-400:]}")
    return cluster


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PgCluster | None]:
    """The session's cluster, or None when it cannot start (see :func:`postgres_url`)."""
    base = Path(tempfile.mkdtemp(prefix="kit-pg-"))
    try:
        cluster: PgCluster | None = start_cluster(base)
        error = ""
    except (RuntimeError, OSError, subprocess.SubprocessError) as exc:
        cluster, error = None, str(exc)
    os.environ["KIT_TEST_PG_ERROR"] = error
    yield cluster
    if cluster is not None:
        cluster.stop()
    shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def postgres_url(pg_cluster: PgCluster | None) -> str:
    """A new empty database on the cluster (skipped, or failed in CI, when there is none)."""
    if pg_cluster is None:
        unavailable(os.environ.get("KIT_TEST_PG_ERROR", "unknown"))
        raise AssertionError("unreachable")
    return pg_cluster.create_database()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A new empty database, once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'kit.sqlite3'}"
    url: str = request.getfixturevalue("postgres_url")
    return url
