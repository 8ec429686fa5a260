"""Scheduled backups while ``kit serve`` runs (``--backup-every 6h --backup-dir DIR
--backup-keep 14``): every so often the whole database is written to a new file in the folder
(:mod:`kit.store.backup`), and only the newest ``keep`` of the files it made are kept.

The backups run on a thread of their own, so a slow disk never holds up a page; a failed one is
logged and the next one is tried at its time. Behind a proxy with several servers, give the
option to one of them only (they share one database).
"""

from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from kit.core.errors import KitError

log = logging.getLogger(__name__)

PREFIX = "kit-backup-"
_NAME = re.compile(rf"^{PREFIX}\d{{8}}-\d{{6}}-\d{{6}}(-\d+)?\.zip$")
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_EVERY = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd])\s*$", re.IGNORECASE)
#: the shortest interval accepted (a backup reads every table)
MIN_SECONDS = 1.0
MAX_SECONDS = 366 * 86400


def parse_every(text: str) -> float:
    """``"6h"`` → 21600 seconds; also ``s``, ``m``, ``d``. ValueError for anything else."""
    found = _EVERY.match(text)
    if found is None:
        raise ValueError(text)
    seconds = float(found.group(1)) * _UNITS[found.group(2).lower()]
    if not MIN_SECONDS <= seconds <= MAX_SECONDS:
        raise ValueError(text)
    return seconds


def backups_in(folder: Path) -> list[Path]:
    """The backups this schedule made in ``folder``, oldest first (other files are not touched)."""
    return sorted(p for p in folder.iterdir() if p.is_file() and _NAME.match(p.name))


@dataclass
class BackupSchedule:
    folder: Path
    every_s: float
    keep: int

    def __post_init__(self) -> None:
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def run_once(self) -> Path:
        """Write one backup now and prune the oldest beyond ``keep``; the file written."""
        from kit.store import db
        from kit.store.backup import backup_to

        self.folder.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S-%f")
        path, n = self.folder / f"{PREFIX}{stamp}.zip", 1
        while path.exists():
            n += 1
            path = self.folder / f"{PREFIX}{stamp}-{n}.zip"
        backup_to(path, db.engine())
        for old in backups_in(self.folder)[: -self.keep]:
            old.unlink(missing_ok=True)
        return path

    def _loop(self) -> None:
        while not self._stop.wait(self.every_s):
            try:
                written = self.run_once()
                log.info("backup written: %s", written)
            except (KitError, OSError) as exc:
                log.error("scheduled backup failed: %s", exc)
            except Exception:  # a backup must never take the server down
                log.exception("scheduled backup failed")

    def start(self) -> None:
        self._thread = threading.Thread(target=self._loop, name="kit-backups", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=30)
