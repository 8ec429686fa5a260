"""``kit workshop ACTION``: workshops from the command line (see :mod:`kit.core.commands`)."""

from __future__ import annotations

from kit.core.commands import CommandGroup

GROUP = CommandGroup(
    "workshop",
    "hội thảo, lớp tập huấn / workshops",
    {
        "stats": "kit.workshops.stats_cli",
    },
)
add_parser = GROUP.add_parser
run = GROUP.run
