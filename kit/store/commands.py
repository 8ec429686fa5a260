"""``kit db ACTION``: the database from the command line (see :mod:`kit.core.commands`)."""

from __future__ import annotations

from kit.core.commands import CommandGroup

DB = CommandGroup(
    "db",
    "cơ sở dữ liệu / database",
    {
        "backup": "kit.store.backup_cli",
        "restore": "kit.store.restore_cli",
        "upgrade": "kit.store.upgrade_cli",
    },
)
