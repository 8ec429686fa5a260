"""``kit content ACTION``: the content from the command line (see :mod:`kit.core.commands`)."""

from __future__ import annotations

from kit.core.commands import CommandGroup

CONTENT = CommandGroup(
    "content",
    "nội dung / content",
    {
        "stats": "kit.content.stats_cli",
    },
)
