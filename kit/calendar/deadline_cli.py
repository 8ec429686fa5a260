"""``kit deadline --from YYYY-MM-DD --days N [--json]``: the last day of a period in days.

The period follows the Civil Code rule kept in data (the day given is not counted; a last day that
is not a working day of state agencies moves to the next working day). ``--json`` prints
:meth:`kit.calendar.deadlines.Deadline.to_json` (keys ``from``, ``days``, ``nominal_last_day``,
``last_day``, ``moved_because``, ``rule``, ``calendar_status``); otherwise a short explanation,
Vietnamese then English. A malformed date or N < 1 is wrong usage (exit 2).
"""

from __future__ import annotations

import argparse
import json
import re
from datetime import date

from kit.core.commands import Actions, Command
from kit.core.errors import UsageError

DEADLINE = Command("deadline", __name__)
RULE_ID = "bo-luat-dan-su-2015"


def add_parser(actions: Actions, parser_class: type[argparse.ArgumentParser]) -> None:
    deadline = actions.add_parser(
        "deadline",
        help="hạn cuối của thời hạn tính bằng ngày / the last day of a period in days",
    )
    deadline.add_argument(
        "--from",
        dest="start",
        required=True,
        metavar="YYYY-MM-DD",
        help="ngày xảy ra sự kiện, không tính / the day of the event, not counted",
    )
    deadline.add_argument("--days", required=True, metavar="N", help="số ngày / days (N ≥ 1)")
    deadline.add_argument("--json", action="store_true")


def _parse(args: argparse.Namespace) -> tuple[date, int]:
    try:
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", args.start):
            raise ValueError(args.start)
        start = date.fromisoformat(args.start)
    except ValueError:
        raise UsageError(
            f"Ngày không hợp lệ: '{args.start}' (cần dạng YYYY-MM-DD, ví dụ 2027-03-17).",
            f"Not a valid date: '{args.start}' (expected YYYY-MM-DD, e.g. 2027-03-17).",
        ) from None
    text = str(args.days).strip()
    days = int(text) if re.fullmatch(r"[0-9]{1,6}", text) else 0
    if days < 1:
        raise UsageError(
            f"Số ngày phải là số nguyên từ 1 đến 999999: '{args.days}'.",
            f"The number of days must be a whole number from 1 to 999999: '{args.days}'.",
        )
    return start, days


def run(args: argparse.Namespace) -> int:
    from kit.calendar.deadlines import last_day
    from kit.calendar.explain import explain

    start, days = _parse(args)
    try:
        deadline = last_day(start, days, RULE_ID)
    except OverflowError:
        raise UsageError(
            "Hạn cuối nằm ngoài lịch (sau năm 9999).", "The last day is past the calendar's end."
        ) from None
    if args.json:
        print(json.dumps(deadline.to_json(), ensure_ascii=False, indent=2))
        return 0
    print(explain(deadline, "vi"))
    print()
    print(explain(deadline, "en"))
    return 0
