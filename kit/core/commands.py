"""How a command of ``kit`` is declared; ``kit/cli.py`` only lists the declarations.

Every command fronts one capability of the kit and is declared beside it:

* a :class:`CommandGroup` (``kit assess ACTION``) in the ``commands`` module of the capability's
  package (``kit/assessment/commands.py``), naming the module of each action;
* a :class:`Command` (a top-level command with no action: ``kit serve``, ``kit check``) in the
  module of its one action (``kit/server/serve_cli.py``).

Each action lives in its own module, an :class:`ActionModule` (by convention ``*_cli.py``):

* ``add_parser(actions, parser_class)`` adds the action's sub-parser (its name, help and
  arguments) to ``actions``, what ``ArgumentParser.add_subparsers()`` returned;
* ``run(args) -> int`` does the action and returns the exit code: 0 done, 1 problems found or the
  operation failed. A failure the user can act on is raised as a
  :class:`~kit.core.errors.KitError` (a :class:`~kit.core.errors.UsageError` is exit code 2).

The parser is built by importing every action module, so an action module imports at its top only
what building its parser needs; the heavy libraries (pandas, openpyxl, docx, sqlalchemy, Voilà)
load inside ``run``. Adding an action never touches ``kit/cli.py``: a new module, one line in its
group.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from importlib import import_module
from typing import Any, Protocol, TypeAlias, cast

from kit.core.errors import UsageError
from kit.core.i18n import t

#: what ``ArgumentParser.add_subparsers()`` returns (argparse's own class is private)
Actions: TypeAlias = Any


class ActionModule(Protocol):
    """The interface of every action module (see the module docstring)."""

    def add_parser(self, actions: Actions, parser_class: type[argparse.ArgumentParser]) -> None:
        """Add the action's sub-parser, named after the action, to ``actions``."""

    def run(self, args: argparse.Namespace) -> int:
        """Do the action; return the exit code."""


def _action(module: str) -> ActionModule:
    return cast(ActionModule, import_module(module))


def _add(
    actions: Actions, name: str, module: str, parser_class: type[argparse.ArgumentParser]
) -> None:
    _action(module).add_parser(actions, parser_class)
    if name not in actions.choices:
        raise LookupError(f"{module}.add_parser did not add the action {name!r}")


@dataclass(frozen=True)
class Command:
    """A top-level command with no action (``kit serve``): ``module`` is its action module."""

    name: str
    module: str

    def add_parser(self, commands: Actions, parser_class: type[argparse.ArgumentParser]) -> None:
        """Add the command's parser to ``commands``, the sub-parsers of ``kit``."""
        _add(commands, self.name, self.module, parser_class)

    def run(self, args: argparse.Namespace) -> int:
        return _action(self.module).run(args)


@dataclass(frozen=True)
class CommandGroup:
    """``kit NAME ACTION``: the group lists its actions; each is an :class:`ActionModule`."""

    name: str
    help: str
    #: action name -> the action module, in the order ``--help`` lists them
    actions: dict[str, str]

    @property
    def dest(self) -> str:
        """The attribute of the parsed arguments that holds the chosen action."""
        return f"{self.name}_command"

    def add_parser(self, commands: Actions, parser_class: type[argparse.ArgumentParser]) -> None:
        """Add the group's parser, and each action's under it, to ``commands``."""
        group = commands.add_parser(self.name, help=self.help)
        actions = group.add_subparsers(dest=self.dest, metavar="ACTION", parser_class=parser_class)
        for name, module in self.actions.items():
            _add(actions, name, module, parser_class)

    def run(self, args: argparse.Namespace) -> int:
        """Run the chosen action; without one, a usage error naming the actions."""
        module = self.actions.get(getattr(args, self.dest, None) or "")
        if module is None:
            names = "|".join(self.actions) or "…"
            raise UsageError(f"Dùng: kit {self.name} {names}", f"Usage: kit {self.name} {names}")
        return _action(module).run(args)


#: what ``kit/cli.py`` lists
Declared: TypeAlias = Command | CommandGroup


def both(key: str, **fields: object) -> str:
    """A catalogue message in Vietnamese, then English on the next line (for the terminal)."""
    return f"{t(key, 'vi', **fields)}\n{t(key, 'en', **fields)}"
