"""Where the kit's files are, found from the package and never from the working directory.

A wheel carries the content folders inside the package (``kit/_content/…``); an editable install
(the developer's and ``make run``'s) finds them beside the package, at the project root.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

#: Set to serve or check content kept outside the installed kit (e.g. a trainer's own copy).
CONTENT_DIR_ENV = "KIT_CONTENT_DIR"

CONTENT_FOLDERS = ("lessons", "exercises", "notebooks")


def package_dir() -> Path:
    """The folder of the ``kit`` package itself."""
    return Path(str(resources.files("kit")))


def content_root() -> Path:
    """The folder that holds ``lessons/``, ``exercises/`` and ``notebooks/``."""
    override = os.environ.get(CONTENT_DIR_ENV, "").strip()
    if override:
        return Path(override).expanduser().resolve()
    packaged = package_dir() / "_content"
    if (packaged / "lessons").is_dir():
        return packaged
    return package_dir().parent


def lessons_dir(root: Path | None = None) -> Path:
    return (root or content_root()) / "lessons"


def exercises_dir(root: Path | None = None) -> Path:
    return (root or content_root()) / "exercises"


def notebooks_dir(root: Path | None = None) -> Path:
    return (root or content_root()) / "notebooks"


def share_dir() -> Path:
    """Jupyter data folder shipped with the kit (holds the offline Voilà template)."""
    return package_dir() / "server" / "share"
