"""Start the server: the checks before it starts, the Voilà configuration from the app registry,
then Voilà. ``kit serve`` and :func:`kit.api.serve` both call :func:`serve`.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from kit import registry
from kit.core import config, network
from kit.core import paths as _paths
from kit.core.commands import both

#: A kernel left without a page for this long is shut down.
CULL_IDLE_SECONDS = 600
CULL_INTERVAL_SECONDS = 60


@dataclass(frozen=True)
class ServeOptions:
    host: str = "127.0.0.1"
    port: int = 8866
    expected_users: int = 4
    cull_idle_seconds: int = CULL_IDLE_SECONDS
    cull_interval_seconds: int = CULL_INTERVAL_SECONDS
    #: False starts a kernel per page (benchmarks measure the cold path with it)
    preheat: bool = True
    #: memory the pools may be sized against (None: what is available at start)
    memory_mib: int | None = None
    #: the data folder (None: ``KIT_DATA_DIR`` or the default one)
    data_dir: Path | None = None
    #: the address trainees open when the server is behind a proxy (None: its own addresses)
    public_url: str | None = None

    def pools(self) -> dict[str, int]:
        return pool_sizes(self.expected_users, self.memory_mib)


#: memory of one idle app kernel (unique set size measured: 40–70 MiB; kept with a margin)
KERNEL_MIB = 75
#: share of the memory free at start that the kernel pools may take
MEMORY_SHARE = 0.6


def available_mib() -> int:
    import psutil

    return int(psutil.virtual_memory().available / 2**20)


def pool_sizes(expected_users: int, memory_mib: int | None = None) -> dict[str, int]:
    """Preheated kernels per notebook, from the registry and the expected number of users,
    scaled down (each pool keeps at least one) when they would not fit in ``MEMORY_SHARE`` of
    ``memory_mib`` (default: the memory available now)."""
    sizes = {app.notebook: app.pool_size(expected_users) for app in registry.APPS}
    budget = int((available_mib() if memory_mib is None else memory_mib) * MEMORY_SHARE)
    fits = max(budget // KERNEL_MIB, len(sizes))
    total = sum(sizes.values())
    if total <= fits:
        return sizes
    scaled = {nb: max(1, n * fits // total) for nb, n in sizes.items()}
    while sum(scaled.values()) > fits:  # the floor of one kernel each may overshoot
        biggest = max(scaled, key=lambda nb: scaled[nb])
        if scaled[biggest] <= 1:
            break
        scaled[biggest] -= 1
    return scaled


def voila_config(opts: ServeOptions) -> Any:
    """The traitlets configuration of the kit's Voilà server."""
    from traitlets.config import Config

    c = Config()
    c.Voila.ip = opts.host
    c.Voila.port = opts.port
    c.Voila.port_retries = 0  # a busy port is an error, not a silent move elsewhere
    c.Voila.open_browser = False
    c.Voila.root_dir = str(_paths.notebooks_dir())
    c.VoilaConfiguration.template = "kit"
    c.VoilaConfiguration.strip_sources = True
    c.VoilaConfiguration.show_tracebacks = False
    c.VoilaConfiguration.preheat_kernel = opts.preheat
    c.VoilaConfiguration.default_pool_size = 0
    c.VoilaConfiguration.file_allowlist = []  # serve no file of the notebooks folder
    pools: dict[str, Any] = {nb: {"pool_size": n} for nb, n in opts.pools().items()}
    pools["default"] = {"pool_size": 0}
    c.VoilaKernelManager.kernel_pools_config = pools
    c.VoilaKernelManager.fill_delay = 0.5
    c.MappingKernelManager.cull_idle_timeout = opts.cull_idle_seconds
    c.MappingKernelManager.cull_interval = opts.cull_interval_seconds
    c.MappingKernelManager.cull_connected = False
    c.MappingKernelManager.cull_busy = False
    # kernels start below the server's priority (kit.server.kernel_launcher)
    c.MappingKernelManager.kernel_manager_class = "kit.server.kernels.NicedKernelManager"
    # kernels talk to the server over Unix sockets named after their connection file, not TCP
    # ports picked at random: with many kernels starting while trainees' connections hold
    # ephemeral ports, a picked port was sometimes taken ("Address already in use")
    if os.name == "posix":
        c.KernelManager.transport = "ipc"
    return c


def prepare_environment(opts: ServeOptions) -> None:
    """Settings the kernels inherit: the kit's Voilà template, and where to reach the server."""
    # a preheated kernel asks the server for its page's query string; when the server listens
    # on one LAN address only, 127.0.0.1 does not answer
    wildcard = opts.host in ("0.0.0.0", "::", "")
    os.environ["VOILA_APP_IP"] = "127.0.0.1" if wildcard else opts.host
    # what the join sheet may print: the addresses this server answers on (kit.core.network)
    os.environ[network.LISTEN_HOST_ENV] = opts.host
    os.environ[network.LISTEN_PORT_ENV] = str(opts.port)
    if opts.public_url:
        os.environ[network.PUBLIC_URL_ENV] = opts.public_url
    else:
        os.environ.pop(network.PUBLIC_URL_ENV, None)
    share = str(_paths.share_dir())
    current = os.environ.get("JUPYTER_PATH", "")
    if share not in current.split(os.pathsep):
        os.environ["JUPYTER_PATH"] = os.pathsep.join(p for p in (share, current) if p)
    os.environ.setdefault("PYTHONUNBUFFERED", "1")


def serve(opts: ServeOptions) -> int:
    """Check the content, prepare the store, say what is served, then run the server until
    interrupted. Returns the process exit code (1 when the content has problems)."""
    if opts.data_dir:
        config.set_data_dir(opts.data_dir)
    if not content_is_valid():
        return 1
    print(both("cli.db_ready", url=init_store()))
    from kit.workshops.passcode import startup_notice

    if notice := startup_notice():
        print(notice)
    if opts.memory_mib is None:  # the pools printed are the pools configured
        opts = replace(opts, memory_mib=available_mib())
    announce(opts)
    sys.stdout.flush()
    return run_voila(opts)


def content_is_valid() -> bool:
    """True when the content has no problem; otherwise print them (stderr) and return False."""
    from kit.checks import content_problems
    from kit.content.catalogue import load_catalogue

    problems = content_problems(load_catalogue())
    if problems:
        print(both("serve.content_invalid"), file=sys.stderr)
        for problem in problems:
            print(problem, file=sys.stderr)
    return not problems


def init_store() -> str:
    """Create or upgrade the database; return its URL (password hidden)."""
    from kit.store import db

    return db.engine().url.render_as_string(hide_password=True)


def announce(opts: ServeOptions) -> None:
    """Print where the server listens, its data folder, the kernel pools and, when the pools were
    scaled down or the server listens beyond this machine, what that means."""
    sizes = opts.pools()
    shown = ", ".join(f"{nb}={n}" for nb, n in sizes.items())
    url = f"http://{opts.host}:{opts.port}/"
    print(both("serve.starting", url=url, data_dir=config.data_dir()))
    print(both("serve.pools", pools=shown))
    wanted = sum(spec.pool_size(opts.expected_users) for spec in registry.APPS)
    if sum(sizes.values()) < wanted:
        print(both("serve.pools_memory", wanted=wanted, kept=sum(sizes.values())))
    print_addresses(opts)


def print_addresses(opts: ServeOptions) -> None:
    """Every address a phone could open, or why there is none."""
    if opts.public_url:
        print(both("join.serve_public", url=opts.public_url))
        return
    urls = network.base_urls(opts.host, opts.port)
    if network.is_loopback(opts.host):
        print(both("join.serve_loopback", url=urls[0]))
    elif all(network.is_loopback(h) for h in network.reachable_hosts(opts.host)):
        print(both("join.serve_no_network"))
    else:
        print(both("join.serve_addresses"))
        for url in urls:
            print(f"    {url}/")


def run_voila(opts: ServeOptions) -> int:
    """Run the Voilà server until interrupted. Returns the process exit code."""
    prepare_environment(opts)
    from kit.server.app import KitVoila

    app = KitVoila(config=voila_config(opts))
    app.initialize([])
    try:
        app.start()
    except SystemExit as exc:  # Voilà exits(1) when it cannot listen
        return int(exc.code or 0)
    except KeyboardInterrupt:
        return 0
    finally:
        sys.stdout.flush()
    return 0
