"""A command group of the CLI (``kit assess …``, ``kit workshop …``): each action lives in its own
module exposing ``add_parser(actions, parser_class)`` and ``run(args) -> int``; the group only
lists them, so adding an action never touches the group or ``kit/cli.py``."""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from importlib import import_module
from typing import Any

from kit.core.errors import UsageError


@dataclass(frozen=True)
class CommandGroup:
    name: str
    help: str
    #: action name -> module holding ``add_parser`` and ``run``
    actions: dict[str, str]

    @property
    def dest(self) -> str:
        return f"{self.name}_command"

    def add_parser(self, sub: Any, parser_class: type[argparse.ArgumentParser]) -> None:
        group = sub.add_parser(self.name, help=self.help)
        actions = group.add_subparsers(dest=self.dest, metavar="ACTION", parser_class=parser_class)
        for module in self.actions.values():
            import_module(module).add_parser(actions, parser_class)

    def run(self, args: argparse.Namespace) -> int:
        module = self.actions.get(getattr(args, self.dest, None) or "")
        if module is None:
            names = "|".join(self.actions) or "…"
            raise UsageError(f"Dùng: kit {self.name} {names}", f"Usage: kit {self.name} {names}")
        result: int = import_module(module).run(args)
        return result
