"""``kit eligibility ACTION``: Scheme 407 eligibility from the command line (see
:mod:`kit.core.commands`). Every action takes ``--rule-set``; :func:`add_rule_set_option` adds it
and :func:`chosen_rule_set` loads the one chosen (an unknown id is a usage error, exit 2)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from kit.core.commands import CommandGroup

if TYPE_CHECKING:
    from kit.eligibility.rules import RuleSet

ELIGIBILITY = CommandGroup(
    "eligibility",
    "xác định phạm vi Đề án 407 / Scheme 407 eligibility",
    {
        "batch": "kit.eligibility.sheet_cli",
        "template": "kit.eligibility.template_cli",
        "facts": "kit.eligibility.facts_cli",
        "explain": "kit.eligibility.explain_cli",
    },
)


def add_rule_set_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--rule-set", help="bộ quy tắc / rule set (mặc định / default de-an-407)")


def chosen_rule_set(args: argparse.Namespace) -> RuleSet:
    """The rule set ``--rule-set`` names, or the default one."""
    from kit.eligibility import rules

    return rules.load_rule_set(args.rule_set) if args.rule_set else rules.load_rule_set()
