"""``kit plan ACTION``: communication plans from the command line (see
:mod:`kit.core.commands`)."""

from __future__ import annotations

from kit.core.commands import CommandGroup

PLAN = CommandGroup(
    "plan",
    "kế hoạch truyền thông / communication plans",
    {
        "check": "kit.plans.check_cli",
        "export": "kit.plans.export_cli",
        "schema": "kit.plans.schema_cli",
    },
)
