"""Two ``kit serve`` processes sharing one PostgreSQL behind Debian's nginx, configured from
``deploy/nginx/kit407.conf.template``: 20 simulated trainees through the proxy are spread over
both servers (each server's log shows pages it served), each page's websocket reaches the server
that made its kernel (the cookie nginx sets), and every acknowledged attempt is stored exactly
once; then trainees join a workshop through the proxy, on both servers, and the workshop's
dashboard, built from the shared database as server B's trainer page builds it, lists every one
of them, and server B answers its trainer page directly. Also: the Kubernetes manifests pass a
schema check.

nginx runs as this user on a free loopback port with every temporary path in the test's folder.
A functional check, not a speed claim. With ``CI=true`` it fails when nginx or PostgreSQL cannot
start; elsewhere it is skipped.
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from devtools.loadclient import PageError, Trainee, TraineeResult, Wave, check_store, run_wave
from devtools.process import ServerProcess, free_port, start_kit
from kit.server.kernels import POOLS_READY
from tests.pg_fixture import unavailable
from tests.run_async import run as run_async

pytest_plugins = ["tests.pg_fixture"]

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "deploy" / "nginx" / "kit407.conf.template"
MANIFESTS = ROOT / "deploy" / "kubernetes" / "kit407.yaml"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
TRAINEES = 20
#: trainees who join a workshop through the proxy (enough that both servers get some)
MEMBERS = 8


def site_config(listen: str, servers: list[int]) -> str:
    """The deploy template with the test's values, its HTTPS lines left out."""
    upstream = " ".join(f"server 127.0.0.1:{p};" for p in servers)
    lines = [
        line
        for line in TEMPLATE.read_text("utf-8").splitlines()
        if not line.rstrip().endswith("# tls")
    ]
    text = "\n".join(lines)
    for key, value in {
        "@LISTEN@": listen,
        "@SERVER_NAME@": "localhost",
        "@UPSTREAM_SERVERS@": upstream,
    }.items():
        text = text.replace(key, value)
    assert not re.search(r"@[A-Z_]+@", text)
    return text


def test_the_template_routes_by_a_cookie_it_sets_and_proxies_websockets() -> None:
    text = site_config("127.0.0.1:8080", [8866, 8867])
    assert "hash $kit407_route consistent;" in text
    assert "add_header Set-Cookie $kit407_set_route always;" in text
    assert "proxy_set_header Upgrade $http_upgrade;" in text
    assert "server 127.0.0.1:8866; server 127.0.0.1:8867;" in text
    assert "remote_addr" not in text and "ip_hash" not in text


def start_nginx(folder: Path, servers: list[int]) -> tuple[subprocess.Popen[bytes], int]:
    if not Path(NGINX).exists():
        unavailable("nginx is not installed (apt-get install nginx)")
    port = free_port()
    for sub in ("client", "proxy", "fastcgi", "uwsgi", "scgi"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    conf = folder / "nginx.conf"
    conf.write_text(
        f"""daemon off;
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    log_format routed '$upstream_addr "$request" $status';
    access_log {folder}/access.log routed;
    client_body_temp_path {folder}/client;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
{site_config(f"127.0.0.1:{port}", servers)}
}}
""",
        "utf-8",
    )
    proc = subprocess.Popen(
        [NGINX, "-c", str(conf), "-p", str(folder), "-e", str(folder / "error.log")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            unavailable(f"nginx exited: {proc.stderr.read().decode(errors='replace')[-400:]}")  # type: ignore[union-attr]
        try:
            with urllib.request.urlopen(
                f"http://127.0.0.1:{port}/voila/static/voila.js", timeout=2
            ):
                return proc, port
        except OSError:
            time.sleep(0.3)
    proc.kill()
    unavailable("nginx did not answer in 20 s")
    raise AssertionError("unreachable")


@pytest.fixture
def two_servers(
    postgres_url: str, tmp_path: Path
) -> Iterator[tuple[list[ServerProcess], int, Path]]:
    env = {"KIT_DATABASE_URL": postgres_url}
    servers: list[ServerProcess] = []
    proc = None
    try:
        for name in ("a", "b"):
            (tmp_path / name).mkdir()
            servers.append(start_kit(tmp_path / name, expected_users=2, env=env))
        for server in servers:
            server.wait_ready(timeout=600, log_marker=POOLS_READY)
        proc, port = start_nginx(tmp_path / "nginx", [s.port for s in servers])
        yield servers, port, tmp_path / "nginx"
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(timeout=20)
        for server in servers:
            server.stop()


def pages_served(folder: Path, port: int) -> int:
    """App pages the server on ``port`` answered, from nginx's log of where it sent each one."""
    log = (folder / "access.log").read_text("utf-8", errors="replace").splitlines()
    return sum(
        1
        for line in log
        if line.startswith(f"127.0.0.1:{port} ")
        and "GET /voila/render/" in line
        and '" 200' in line
    )


def server_of_kernels(folder: Path) -> dict[str, int]:
    """The port of the server each kernel's websocket reached, from nginx's log."""
    found: dict[str, int] = {}
    log = (folder / "access.log").read_text("utf-8", errors="replace")
    for match in re.finditer(
        r"^127\.0\.0\.1:(\d+) \"GET /api/kernels/([0-9a-f-]+)/channels", log, re.M
    ):
        found[match.group(2)] = int(match.group(1))
    return found


class WorkshopTrainee(Trainee):
    """A trainee who opens the workshop app with the join sheet's link (``?code=``) and joins:
    the membership is stored by whichever server holds the page's kernel."""

    code: str = ""

    async def _work(self) -> None:
        from kit import registry

        spec = registry.get("workshop")
        page, r = self.page, self.result
        await page.load(f"{spec.url_path}?code={self.code}", self.assets)
        r.kernel_id = page.info.kernel_id
        form, _ = await page.wait_for(lambda: page.first("kit-join"), "the join form")
        if form is None:
            raise PageError("no join form")
        await self._join(form)
        r.joined_s = 0.0


async def join_workshop(base_url: str, code: str) -> list[TraineeResult]:
    from devtools.loadclient import AnswerBook

    book = AnswerBook("A")
    trainees = [
        WorkshopTrainee(base_url, f"Thành viên lớp {i:02d}", "Sở Tư pháp", book, 0, (), 0.2, 180)
        for i in range(1, MEMBERS + 1)
    ]
    for t in trainees:
        t.code = code

    async def arrive(i: int, trainee: Trainee) -> TraineeResult:
        await asyncio.sleep(i * 0.5)
        return await trainee.work()

    results = await asyncio.gather(*(arrive(i, t) for i, t in enumerate(trainees)))
    await asyncio.gather(*(t.leave() for t in trainees))
    return list(results)


def check_dashboard_across_servers(
    servers: list[ServerProcess], port: int, folder: Path, postgres_url: str
) -> None:
    """Trainees join one workshop through nginx; server B's view of the database (the dashboard
    its trainer page builds) lists those whose page was on server A as well as its own."""
    from kit.content.catalogue import load_catalogue
    from kit.store import db
    from kit.workshops import dashboard, sessions

    catalogue = load_catalogue()
    eng = db.create(postgres_url)
    try:
        spec = sessions.validate_spec(
            {"title": "Lớp hai máy chủ", "day": "2026-03-02", "track": "A",
             "lessons": ["l01-de-an-407"], "survey": False},
            catalogue,
        )  # fmt: skip
        workshop = sessions.create(spec, eng)
        results = run_async(join_workshop(f"http://127.0.0.1:{port}", workshop.code))
        errors = [f"{r.name}: {r.error}" for r in results if r.error]
        assert not errors, "\n".join(errors)
        where = server_of_kernels(folder)
        on = {
            s.port: [r.name for r in results if where.get(r.kernel_id) == s.port] for s in servers
        }
        assert all(on.values()), on  # both servers held some of the members' pages
        b_view = db.create(postgres_url)  # a fresh engine: nothing cached in this process
        try:
            board = dashboard.build(workshop, catalogue, b_view)
        finally:
            b_view.dispose()
        assert sorted(m.name for m in board.roster) == sorted(r.name for r in results)
    finally:
        eng.dispose()
    # server B answers the trainer's page itself (not through the proxy)
    from kit import registry

    trainer = registry.get("trainer").url_path
    with urllib.request.urlopen(f"{servers[1].base_url}/{trainer}", timeout=120) as answer:
        assert answer.status == 200 and b"kernel" in answer.read()


def test_twenty_trainees_through_nginx_use_both_servers_and_every_answer_is_stored_once(
    two_servers: tuple[list[ServerProcess], int, Path], postgres_url: str
) -> None:
    servers, port, folder = two_servers
    wave = Wave(TRAINEES, arrival_s=8.0, answers=2, think_s=0.5, timeout=300)
    results = run_async(run_wave(f"http://127.0.0.1:{port}", wave))
    errors = [f"{r.name}: {r.error}" for r in results if r.error]
    assert not errors, "\n".join(errors)
    pages = [pages_served(folder, s.port) for s in servers]
    assert all(n > 0 for n in pages) and sum(pages) >= TRAINEES, pages
    check = check_store(postgres_url, results)
    assert check.consistent, check
    assert check.expected == TRAINEES * wave.answers
    check_dashboard_across_servers(servers, port, folder, postgres_url)


def test_the_kubernetes_manifests_pass_the_schema_check() -> None:
    kubernetes_validate = pytest.importorskip("kubernetes_validate")
    docs = [d for d in yaml.safe_load_all(MANIFESTS.read_text("utf-8")) if d]
    assert {d["kind"] for d in docs} >= {"Deployment", "Service", "Ingress", "CronJob"}
    for doc in docs:
        kubernetes_validate.validate(doc, "1.30", strict=True)
    ingress = next(d for d in docs if d["kind"] == "Ingress")
    assert ingress["metadata"]["annotations"]["nginx.ingress.kubernetes.io/affinity"] == "cookie"
    assert os.path.basename(MANIFESTS) == "kit407.yaml"
