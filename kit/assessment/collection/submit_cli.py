"""``kit assess submit FILE.(json|xlsx|csv)…``: store filled reviews from files, each attributed to
the registered unit it names (:mod:`kit.assessment.collection.file_submit`).

One line per review stored and one per review refused, Vietnamese then English; exit code 0
when every review was stored, 1 when any was refused (the others are kept).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kit.core.commands import Actions, both


def add_parser(actions: Actions, parser_class: type[argparse.ArgumentParser]) -> None:
    command = actions.add_parser(
        "submit",
        help="nộp bản tự đánh giá từ tệp (.json, .xlsx, .csv) / submit reviews from files",
    )
    command.add_argument(
        "files",
        type=Path,
        nargs="+",
        metavar="FILE",
        help="tệp .json ứng dụng lưu, hoặc mẫu thu thập .xlsx/.csv (một dòng một đơn vị)",
    )


def run(args: argparse.Namespace) -> int:
    from kit.assessment.collection.file_submit import submit_file

    stored = refused = 0
    for path in args.files:
        for outcome in submit_file(path):
            if outcome.refused:
                refused += 1
                print(outcome.line(), file=sys.stderr)
            else:
                stored += 1
                print(outcome.line())
    print(both("province.submit_summary", stored=stored, refused=refused))
    return 1 if refused else 0
