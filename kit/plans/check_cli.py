"""``kit plan check PLAN.json [--json]``: check a communication plan and score it.

``--json`` prints :meth:`kit.plans.checker.Report.to_json`; otherwise the score, its breakdown,
how many places are still to fill (placeholders such as "[Tên tỉnh]", empty required fields) and
every problem (error or note, what it costs, where in words, what, why), Vietnamese then English.
A plan file that cannot be read is exit 1, naming the place of the problem.
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
    if report.base != report.score:
        print(f"  (điểm theo tiêu chí / criteria score: {report.base}; trừ lỗi và giới hạn / after")
        print("   errors' costs and caps: tối đa 80 khi còn lỗi, 60 khi còn chỗ trống)")
    left = len(report.to_fill)
    if left:
        print(
            f"Còn {left} chỗ cần điền ({len(report.placeholders)} chữ mẫu/chỗ trống); bản xuất là "
            f"bản nháp.\n{left} places still to fill ({len(report.placeholders)} placeholders); "
            "an export is a draft."
        )
    print(f"\nVấn đề / problems: {len(report.problems)}")
    for p in report.problems:
        level = "Lỗi / error" if p.level == "error" else "Lưu ý / note"
        cost = f", −{p.weight}" if p.weight else ""
        print(f"  [{level}{cost}] {p.place}\n      {p.what}\n      {p.what_en}")
        print(f"      vì / why: {p.why} / {p.why_en}")
    return 0
