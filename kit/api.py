"""The one facade that notebooks, the command line and the tests call.

Functions here are thin: they name what the kit can do and delegate to the module that does it.
Nothing runs at import time.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from kit import __version__, registry
from kit.content.catalogue import Catalogue, load_catalogue, stats
from kit.content.schemas import Item
from kit.core.errors import Problem

if TYPE_CHECKING:
    from kit.grading.engine import Graded

__all__ = [
    "apps",
    "check_content",
    "content_stats",
    "exercise_key",
    "find_item",
    "grade_answer",
    "init_store",
    "list_exercises",
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
    from kit.checks import content_problems

    return content_problems(load_catalogue(root))


def content_stats(root: Path | None = None) -> dict[str, Any]:
    """Counts of lessons, exercises (by type and track) and eligibility cases."""
    return stats(load_catalogue(root))


def find_item(item_id: str, cat: Catalogue | None = None) -> Item:
    """The exercise item ``item_id``; a clear error when there is none."""
    return (cat or load_catalogue()).item(item_id)


def grade_answer(item_id: str, answer: object, cat: Catalogue | None = None) -> Graded:
    """Score one answer (the command-line form or a value from the page)."""
    from kit.grading.engine import grade

    return grade(find_item(item_id, cat), answer)


def list_exercises(
    track: str | None = None, lesson: str | None = None, cat: Catalogue | None = None
) -> list[Item]:
    """The bank in course order, filtered by track and lesson."""
    return (cat or load_catalogue()).exercises(track, lesson)


def exercise_key(item: Item) -> dict[str, Any]:
    """Accepted answers of ``item`` for a trainer's key (the rubric for writing items)."""
    from kit.grading.engine import answer_key

    return answer_key(item)


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
    data_dir: Path | None = None,
    public_url: str | None = None,
) -> int:
    """Check the content, prepare the store and serve the apps with Voilà (blocks), as
    ``kit serve`` does; 1 when the content has problems (they are printed). ``public_url`` is
    the address trainees open when the server is behind a proxy."""
    from kit.server import launch

    opts = launch.ServeOptions(
        host=host,
        port=port,
        expected_users=expected_users,
        cull_idle_seconds=cull_idle_seconds or launch.CULL_IDLE_SECONDS,
        cull_interval_seconds=cull_interval_seconds or launch.CULL_INTERVAL_SECONDS,
        preheat=preheat,
        data_dir=data_dir,
        public_url=public_url,
    )
    return launch.serve(opts)
