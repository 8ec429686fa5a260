"""The ``kit`` command. Exit codes: 0 ok, 1 problems found or the operation failed, 2 wrong usage.

Every message is Vietnamese first, then English on the next line (the terminal has no switch).
This module holds only the parser, the list of commands and the error handling: each command is
declared beside the capability it fronts, and each action lives in its own module
(:mod:`kit.core.commands`).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from kit import __version__
from kit.assessment.commands import ASSESS
from kit.calendar.deadline_cli import DEADLINE
from kit.checks_cli import CHECK
from kit.content.commands import CONTENT
from kit.core.commands import Declared
from kit.core.errors import KitError
from kit.docs_cli import README
from kit.eligibility.commands import ELIGIBILITY
from kit.grading.commands import EXERCISE
from kit.plans.commands import PLAN
from kit.server.serve_cli import SERVE
from kit.store.commands import DB
from kit.units.commands import UNITS
from kit.workshops.commands import TRAINER, WORKSHOP

#: every command of ``kit``, in the order ``kit --help`` lists them
COMMANDS: tuple[Declared, ...] = (
    SERVE,
    CHECK,
    CONTENT,
    EXERCISE,
    README,
    DB,
    PLAN,
    ASSESS,
    UNITS,
    WORKSHOP,
    TRAINER,
    ELIGIBILITY,
    DEADLINE,
)


class _Parser(argparse.ArgumentParser):
    """Wrong usage: the usage line, then why, and exit code 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        sys.stderr.write(f"kit: sai cách dùng / wrong usage: {message}\n")
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    """The parser of every command (this imports every action module, not what they run)."""
    parser = _Parser(
        prog="kit",
        description="Bộ công cụ truyền thông dự thảo chính sách (Đề án 407) / "
        "Draft-policy communication kit (Scheme 407)",
    )
    parser.add_argument("--version", action="version", version=f"kit {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for command in COMMANDS:
        command.add_parser(sub, _Parser)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    command = next((c for c in COMMANDS if c.name == args.command), None)
    if command is None:
        parser.print_help(sys.stderr)
        return 2
    try:
        return command.run(args)
    except KitError as exc:
        print(f"{exc.vi}\n{exc.en}" if exc.en != exc.vi else exc.vi, file=sys.stderr)
        return exc.exit_code
    except BrokenPipeError:  # output piped into `head` and closed: not an error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
