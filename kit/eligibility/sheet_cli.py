"""``kit eligibility batch IN.(xlsx|csv) -o OUT.xlsx [--rule-set ID]``: decide a whole spreadsheet.

Writes the result workbook and prints the count of each conclusion, Vietnamese then English.
Rows with data errors are decided as far as they can be and named on stderr; they do not change
the exit code (0), as with ``kit workshop stats``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kit.core.commands import Actions
from kit.core.errors import UsageError
from kit.eligibility.commands import add_rule_set_option, chosen_rule_set

#: how many rows with data errors are named on stderr
SHOWN_ERRORS = 20


def add_parser(actions: Actions, parser_class: type[argparse.ArgumentParser]) -> None:
    batch = actions.add_parser(
        "batch", help="quyết định cho cả bảng tính / decide a whole spreadsheet"
    )
    batch.add_argument("input", type=Path, help="tệp .xlsx hoặc .csv / an .xlsx or .csv file")
    batch.add_argument("-o", "--output", type=Path, required=True, help="tệp kết quả .xlsx")
    add_rule_set_option(batch)


def run(args: argparse.Namespace) -> int:
    rule_set = chosen_rule_set(args)
    source: Path = args.input
    target: Path = args.output
    if target.suffix.lower() != ".xlsx":
        raise UsageError(
            f"Tệp kết quả phải là .xlsx: {target}", f"The output must be an .xlsx file: {target}"
        )
    if target.resolve() == source.resolve():
        raise UsageError(
            "Tệp kết quả không được ghi đè tệp nguồn.", "The output must not overwrite the input."
        )
    from kit.core.files import write_output
    from kit.eligibility.batch import contract, decide, workbook

    result = decide.run_batch_path(source, rule_set)
    write_output(target, workbook.write_result(result))
    labels = contract.conclusion_labels(rule_set)
    print(f"Đã quyết định {len(result.rows)} dự thảo → {target}")
    for vi, _en in labels:
        print(f"  {vi}: {result.counts[vi]}")
    print(f"Decided {len(result.rows)} drafts → {target}")
    for vi, en in labels:
        print(f"  {en}: {result.counts[vi]}")
    if result.examples:
        rows = ", ".join(str(n) for n in result.examples)
        print(
            f"Bỏ qua dòng ví dụ của bảng mẫu (dòng {rows}), không quyết định.\n"
            f"Skipped the template's example row (row {rows}); not decided."
        )
    errors = result.errors
    if errors:
        shown = ", ".join(str(r.row) for r in errors[:SHOWN_ERRORS])
        shown += " …" if len(errors) > SHOWN_ERRORS else ""
        print(
            f"{len(errors)} dòng lỗi dữ liệu (xem cột Lý do): dòng {shown}\n"
            f"{len(errors)} row(s) with data errors (see the Lý do column): rows {shown}",
            file=sys.stderr,
        )
        for row in errors[:SHOWN_ERRORS]:
            for problem in row.problems:
                print(f"  dòng/row {row.row}: {problem}", file=sys.stderr)
    return 0
