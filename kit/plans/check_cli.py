"""``kit plan check PLAN.json [--json]``: check a communication plan and score it.

``--json`` prints :meth:`kit.plans.checker.Report.to_json`; otherwise the score, its breakdown
and every problem (where, what, why), Vietnamese then English. A plan file that cannot be read is
exit 1, naming the place of the problem.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from kit.core.commands import Actions


def add_parser(actions: Actions, parser_class: type[argparse.ArgumentParser]) -> None:
    check = actions.add_parser("check", help="kiểm tra và chấm điểm / check and score")
    check.add_argument("plan_file", type=Path, metavar="PLAN.json")
    check.add_argument("--json", action="store_true")


def run(args: argparse.Namespace) -> int:
    from kit.plans.checker import check
    from kit.plans.files import load_plan

    report = check(load_plan(args.plan_file))
    if args.json:
        print(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
        return 0
    print(f"Điểm / score: {report.score}/100")
    for c in report.breakdown:
        mark = f"{c.score:.1f}/{c.max}" if c.applies else "không áp dụng / n/a"
        print(f"  {c.title}: {mark}" + (f" — {c.note}" if c.note else ""))
    print(f"\nVấn đề / problems: {len(report.problems)}")
    for p in report.problems:
        print(f"  {p.where}: {p.what}\n      {p.what_en}\n      vì / why: {p.why} / {p.why_en}")
    return 0
