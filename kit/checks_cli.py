"""``kit check [--root DIR]``: validate every content file and the kit's rule data.

Prints each problem as ``path:line: what`` and exits 1 when there is one; otherwise prints the
counts and exits 0. The server makes the same content check before it starts
(:func:`kit.server.launch.serve`).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kit.core.commands import Actions, Command, both

CHECK = Command("check", __name__)


def add_parser(actions: Actions, parser_class: type[argparse.ArgumentParser]) -> None:
    check = actions.add_parser(
        "check", help="kiểm tra mọi tệp nội dung / validate every content file"
    )
    check.add_argument("--root", type=Path, help="thư mục chứa lessons/ và exercises/")


def run(args: argparse.Namespace) -> int:
    from kit.checks import check_rule_data, content_problems
    from kit.content.catalogue import load_catalogue

    cat = load_catalogue(args.root)
    rule_files, rule_problems = check_rule_data()
    problems = [str(p) for p in content_problems(cat)] + rule_problems
    for problem in problems:
        print(problem)
    for warning in cat.warnings:
        print(f"{warning} [cảnh báo / warning]", file=sys.stderr)
    if problems:
        print(both("cli.check_failed", n=len(problems)), file=sys.stderr)
        return 1
    counts = {"lessons": len(cat.lessons), "exercises": len(cat.items), "cases": len(cat.cases)}
    print(both("cli.check_ok", rules=rule_files, **counts))
    return 0
