"""``kit units status [--period YYYY] [--json]``: who has submitted the yearly review, who has not,
who was late (:mod:`kit.units.status`)."""

from __future__ import annotations

import argparse
import json
from datetime import date

from kit.core.commands import Actions, both
from kit.core.errors import UsageError

FIRST_YEAR, LAST_YEAR = 2000, 2100


def _year(text: str) -> int:
    if not text.strip().isdigit() or not FIRST_YEAR <= int(text) <= LAST_YEAR:
        raise argparse.ArgumentTypeError(
            f"cần một năm {FIRST_YEAR}–{LAST_YEAR} / a year {FIRST_YEAR}–{LAST_YEAR} is needed"
        )
    return int(text)


def add_parser(actions: Actions, parser_class: type[argparse.ArgumentParser]) -> None:
    command = actions.add_parser(
        "status", help="đơn vị đã nộp, chưa nộp, nộp muộn / who has and has not submitted"
    )
    command.add_argument(
        "--period", type=_year, metavar="YYYY", help="năm của kỳ báo cáo / the review year"
    )
    command.add_argument("--json", action="store_true", help="in JSON / print JSON")


def _day(value: date) -> str:
    return value.strftime("%d/%m/%Y")


def run(args: argparse.Namespace) -> int:
    from kit.units.levels import level_label
    from kit.units.registry import has_units
    from kit.units.status import units_status

    if not args.json and not has_units():
        raise UsageError(
            "Chưa có danh sách đơn vị phải báo cáo: hãy nhập danh sách trước (kit units import).",
            "No list of units expected to report yet: import one first (kit units import).",
        )
    status = units_status(args.period)
    if args.json:
        print(json.dumps(status.to_json(), ensure_ascii=False, indent=2))
        return 0
    print(
        both(
            "province.status_head",
            period=status.period,
            deadline=_day(status.deadline),
            submitted=status.submitted,
            expected=status.expected,
            missing=len(status.missing),
            late=len(status.late),
        )
    )
    for count in status.by_level:
        print(
            f"  {level_label(count.level)} / {level_label(count.level, 'en')}: "
            f"{count.submitted}/{count.expected}, "
            + both("province.status_level", missing=count.missing, late=count.late).replace(
                "\n", " / "
            )
        )
    if status.missing:
        print(both("province.status_missing"))
        for unit in status.missing:
            print(f"  {unit.code}  {unit.name}  ({level_label(unit.level)})")
    if status.late:
        print(both("province.status_late"))
        for unit in status.late:
            when = unit.submitted_at.strftime("%d/%m/%Y %H:%M UTC") if unit.submitted_at else ""
            print(f"  {unit.code}  {unit.name}  {when}")
    return 0
