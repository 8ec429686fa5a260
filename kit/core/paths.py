"""Where the kit's files are, found from the package and never from the working directory.

A wheel carries the content folders inside the package (``kit/_content/…``); an editable install
(the developer's and ``make run``'s) finds them beside the package, at the project root.

The content served, first that is there:

1. ``KIT_CONTENT_DIR`` (a trainer's own copy, kept anywhere);
2. the content folder in the data folder (``<data folder>/content``), made by the first save of
   a bank in the trainer app (:mod:`kit.content.content_folder`): the installed package is
   never written, and the copy is served from then on;
3. the shipped content.

The notebooks (the apps' code, not content) come from ``KIT_CONTENT_DIR`` when it is set, and
otherwise always from the installed kit.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

#: Set to serve or check content kept outside the installed kit (e.g. a trainer's own copy).
CONTENT_DIR_ENV = "KIT_CONTENT_DIR"

CONTENT_FOLDERS = ("lessons", "exercises", "notebooks")
#: the content folder inside the data folder, and the file that marks it as complete
DATA_CONTENT = "content"
DATA_CONTENT_MARK = ".kit-content-folder"


def package_dir() -> Path:
    """The folder of the ``kit`` package itself."""
    return Path(str(resources.files("kit")))


def content_override() -> Path | None:
    """``KIT_CONTENT_DIR``, when it is set."""
    override = os.environ.get(CONTENT_DIR_ENV, "").strip()
    return Path(override).expanduser().resolve() if override else None


def data_content_dir() -> Path:
    """Where the content folder of the data folder is (or would be)."""
    from kit.core.config import data_dir

    return data_dir(create=False) / DATA_CONTENT


def data_content_in_use() -> bool:
    """Is the content folder of the data folder served (no ``KIT_CONTENT_DIR``, and a complete
    copy there)?"""
    if content_override() is not None:
        return False
    return (data_content_dir() / DATA_CONTENT_MARK).is_file()


def content_root() -> Path:
    """The folder that holds ``lessons/`` and ``exercises/`` (see the module docstring)."""
    override = content_override()
    if override is not None:
        return override
    if data_content_in_use():
        return data_content_dir()
    return shipped_root()


def shipped_root() -> Path:
    """The content installed with the kit (never written by the kit)."""
    packaged = package_dir() / "_content"
    if (packaged / "lessons").is_dir():
        return packaged
    return package_dir().parent


def lessons_dir(root: Path | None = None) -> Path:
    return (root or content_root()) / "lessons"


def exercises_dir(root: Path | None = None) -> Path:
    return (root or content_root()) / "exercises"


def notebooks_dir(root: Path | None = None) -> Path:
    return (root or content_override() or shipped_root()) / "notebooks"


def share_dir() -> Path:
    """Jupyter data folder shipped with the kit (holds the offline Voilà template)."""
    return package_dir() / "server" / "share"
