"""``kit workshop ACTION``: workshops from the command line.

Each action lives in its own module exposing ``add_parser(actions, parser_class)`` and
``run(args) -> int``; this module only lists them.
"""

from __future__ import annotations

import argparse
from importlib import import_module
from typing import Any

from kit.errors import UsageError

#: action name -> module holding ``add_parser`` and ``run``
ACTIONS: dict[str, str] = {
    "stats": "kit.workshops.stats_cli",
}


def add_parser(sub: Any, parser_class: type[argparse.ArgumentParser]) -> None:
    workshop = sub.add_parser("workshop", help="hội thảo, lớp tập huấn / workshops")
    actions = workshop.add_subparsers(
        dest="workshop_command", metavar="ACTION", parser_class=parser_class
    )
    for module in ACTIONS.values():
        import_module(module).add_parser(actions, parser_class)


def run(args: argparse.Namespace) -> int:
    module = ACTIONS.get(args.workshop_command or "")
    if module is None:
        names = "|".join(ACTIONS) or "…"
        raise UsageError(f"Dùng: kit workshop {names}", f"Usage: kit workshop {names}")
    result: int = import_module(module).run(args)
    return result
