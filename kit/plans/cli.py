"""``kit plan check|export|schema``: the plan builder from the command line."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from kit.core.errors import UsageError


def add_parser(sub: Any, parser_class: type[argparse.ArgumentParser]) -> None:
    plan = sub.add_parser("plan", help="kế hoạch truyền thông / communication plans")
    actions = plan.add_subparsers(dest="plan_command", metavar="ACTION", parser_class=parser_class)
    check = actions.add_parser("check", help="kiểm tra và chấm điểm / check and score")
    check.add_argument("plan_file", type=Path, metavar="PLAN.json")
    check.add_argument("--json", action="store_true")
    export = actions.add_parser("export", help="xuất DOCX theo Nghị định 30/2020 / export DOCX")
    export.add_argument("plan_file", type=Path, metavar="PLAN.json")
    export.add_argument("-o", "--output", type=Path, required=True, metavar="OUT.docx")
    actions.add_parser("schema", help="in JSON Schema của PLAN.json / print the JSON Schema")


def run(args: argparse.Namespace) -> int:
    if args.plan_command == "schema":
        from kit.plans.model import json_schema

        print(json.dumps(json_schema(), ensure_ascii=False, indent=2))
        return 0
    if args.plan_command not in {"check", "export"}:
        raise UsageError(
            "Dùng: kit plan check|export|schema", "Usage: kit plan check|export|schema"
        )
    from kit.plans.files import load_plan

    plan = load_plan(args.plan_file)
    if args.plan_command == "export":
        return _export(plan, args.output)
    from kit.plans.checker import check

    report = check(plan)
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


def _export(plan: Any, output: Path) -> int:
    if output.suffix.lower() != ".docx":
        raise UsageError("Tệp xuất phải có đuôi .docx.", "The output file must end in .docx.")
    from kit.plans.export import export_plan

    output.write_bytes(export_plan(plan))
    print(f"Đã xuất / exported: {output}")
    return 0
