"""Settings read from the environment: the data folder and the database URL.

Data folder, first that is set:

1. ``--data-dir DIR`` on the command line (the CLI exports it as ``KIT_DATA_DIR`` so that the
   kernels the server starts see the same folder);
2. the ``KIT_DATA_DIR`` environment variable;
3. the user data folder of the operating system: ``~/.local/share/kit407`` on Linux,
   ``%LOCALAPPDATA%\\kit407`` on Windows, ``~/Library/Application Support/kit407`` on macOS.

Database: ``KIT_DATABASE_URL`` if set, else SQLite file ``kit.sqlite3`` in the data folder.
"""

from __future__ import annotations

import os
from pathlib import Path

from kit.core.errors import ConfigError

DATA_DIR_ENV = "KIT_DATA_DIR"
DATABASE_URL_ENV = "KIT_DATABASE_URL"
DB_FILENAME = "kit.sqlite3"


def default_data_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir("kit407", appauthor=False))


def data_dir(create: bool = True) -> Path:
    """The data folder; created when ``create`` is true."""
    raw = os.environ.get(DATA_DIR_ENV, "").strip()
    path = Path(raw).expanduser() if raw else default_data_dir()
    if create:
        try:
            path.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ConfigError(
                f"Không tạo được thư mục dữ liệu {path}: {exc.strerror}.",
                f"Cannot create the data folder {path}: {exc.strerror}.",
            ) from exc
    return path


def database_url() -> str:
    """SQLAlchemy URL of the store."""
    url = os.environ.get(DATABASE_URL_ENV, "").strip()
    if url:
        return url
    return f"sqlite:///{data_dir() / DB_FILENAME}"


def set_data_dir(path: str | Path) -> Path:
    """Use ``path`` as the data folder for this process and the kernels it starts."""
    resolved = Path(path).expanduser().resolve()
    os.environ[DATA_DIR_ENV] = str(resolved)
    return data_dir()
