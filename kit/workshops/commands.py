"""``kit workshop ACTION`` and ``kit trainer ACTION``: workshops and their trainers from the
command line (see :mod:`kit.core.commands`)."""

from __future__ import annotations

from kit.core.commands import CommandGroup

WORKSHOP = CommandGroup(
    "workshop",
    "hội thảo, lớp tập huấn / workshops",
    {
        "stats": "kit.workshops.stats_cli",
    },
)
TRAINER = CommandGroup(
    "trainer",
    "giảng viên / trainers",
    {
        "passcode": "kit.workshops.passcode_cli",
        "code": "kit.workshops.unlock_cli",
    },
)
