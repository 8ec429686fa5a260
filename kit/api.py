"""The one facade that notebooks, the command line and the tests call.

Functions here are thin: they name what the kit can do and delegate to the module that does it.
Nothing runs at import time.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kit import __version__, registry
from kit.content.catalogue import Catalogue, load_catalogue, stats
from kit.errors import Problem

__all__ = [
    "apps",
    "check_content",
    "content_stats",
    "init_store",
    "load_content",
    "serve",
    "version",
]


def version() -> str:
    return __version__


def apps() -> tuple[registry.AppSpec, ...]:
    """Every app the kit serves, in menu order."""
    return registry.APPS


def load_content(root: Path | None = None) -> Catalogue:
    """All lessons and exercise banks, validated (problems are listed, not raised)."""
    return load_catalogue(root)


def check_content(root: Path | None = None) -> list[Problem]:
    """Every problem in the content files, as ``path:line: what``."""
    return load_catalogue(root).problems


def content_stats(root: Path | None = None) -> dict[str, Any]:
    """Counts of lessons, exercises (by type and track) and eligibility cases."""
    return stats(load_catalogue(root))


def init_store() -> str:
    """Create or upgrade the database; return its URL (password hidden)."""
    from kit.store import db

    return db.engine().url.render_as_string(hide_password=True)


def serve(
    host: str = "127.0.0.1",
    port: int = 8866,
    expected_users: int = 4,
    cull_idle_seconds: int | None = None,
    cull_interval_seconds: int | None = None,
    preheat: bool = True,
) -> int:
    """Validate content, prepare the store and serve the apps with Voilà (blocks)."""
    from kit.server import launch

    opts = launch.ServeOptions(
        host=host,
        port=port,
        expected_users=expected_users,
        cull_idle_seconds=cull_idle_seconds or launch.CULL_IDLE_SECONDS,
        cull_interval_seconds=cull_interval_seconds or launch.CULL_INTERVAL_SECONDS,
        preheat=preheat,
    )
    return launch.serve(opts)
