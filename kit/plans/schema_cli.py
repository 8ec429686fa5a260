"""``kit plan schema``: print the JSON Schema of ``PLAN.json``."""

from __future__ import annotations

import argparse
import json

from kit.core.commands import Actions


def add_parser(actions: Actions, parser_class: type[argparse.ArgumentParser]) -> None:
    actions.add_parser("schema", help="in JSON Schema của PLAN.json / print the JSON Schema")


def run(args: argparse.Namespace) -> int:
    from kit.plans.model import json_schema

    print(json.dumps(json_schema(), ensure_ascii=False, indent=2))
    return 0
