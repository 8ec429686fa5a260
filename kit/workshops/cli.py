"""``kit workshop ACTION``: workshops from the command line (see :mod:`kit.cli_group`)."""

from __future__ import annotations

from kit.cli_group import CommandGroup

GROUP = CommandGroup(
    "workshop",
    "hội thảo, lớp tập huấn / workshops",
    {
        "stats": "kit.workshops.stats_cli",
    },
)
add_parser = GROUP.add_parser
run = GROUP.run
