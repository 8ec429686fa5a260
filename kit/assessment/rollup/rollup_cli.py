"""``kit assess rollup IN… -o OUT.xlsx [--docx OUT.docx] [--threshold N]``: roll up many units.

Each ``IN`` is read by :func:`read_inputs`: the JSON file the app saves (format:
:func:`kit.assessment.questionnaire.saved.read_saved`), validated as a complete questionnaire
(``check_answers(mode="complete")``). A file that cannot be used is named on stderr with its
reasons, in Vietnamese then English, and skipped; the others are scored and rolled up
(:func:`kit.assessment.rollup.aggregate.roll_up`) into the workbook ``-o`` and, with ``--docx``, the
consolidated report. Exit code 0 when at least one unit was rolled up (even if some files were
skipped), 1 when none could be.

A filled collection template or a CSV of it (``.xlsx``, ``.xlsm``, ``.csv``) holds many units:
it is read by :func:`kit.assessment.collection.sheets.read_units` (complete mode); each good row is
a
unit, each row with problems is named (file, sheet, row) with its reasons and skipped, and a file it
cannot read (another template version, a wrong file type) is skipped as a whole.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from kit.core.commands import Actions
from kit.core.errors import InputError, UsageError
from kit.core.files import write_output

if TYPE_CHECKING:  # scoring and export load only when the action runs, not with the parser
    from kit.assessment.rollup.sources import Inputs, Progress

SHEET_SUFFIXES = (".xlsx", ".xlsm", ".csv")
# the same as kit.assessment.rollup.aggregate.DEFAULT_THRESHOLD (checked by a test)
DEFAULT_THRESHOLD = 50.0


def add_parser(actions: Actions, parser_class: type[argparse.ArgumentParser]) -> None:
    rollup = actions.add_parser(
        "rollup", help="tổng hợp kết quả tự đánh giá nhiều đơn vị / roll up many units"
    )
    rollup.add_argument(
        "inputs",
        nargs="+",
        type=Path,
        metavar="IN",
        help="tệp JSON ứng dụng lưu, mẫu XLSX hoặc CSV đã điền / saved JSON, filled XLSX or CSV",
    )
    rollup.add_argument(
        "-o",
        "--output",
        type=Path,
        required=True,
        metavar="OUT.xlsx",
        help="bảng tổng hợp XLSX / the roll-up workbook",
    )
    rollup.add_argument(
        "--docx", type=Path, metavar="OUT.docx", help="báo cáo tổng hợp / consolidated report"
    )
    rollup.add_argument(
        "--threshold",
        type=_threshold,
        default=DEFAULT_THRESHOLD,
        metavar="N",
        help=f"ngưỡng điểm cần hỗ trợ (mặc định {DEFAULT_THRESHOLD:g}) / threshold (0–100)",
    )
    rollup.add_argument(
        "--issuing-body",
        default="",
        metavar="BODY",
        help="cơ quan tổng hợp, ghi trên báo cáo / issuing body",
    )
    rollup.add_argument(
        "--place", default="", metavar="PLACE", help="địa danh ghi trên báo cáo / place"
    )
    rollup.add_argument(
        "--date",
        type=_day,
        default=None,
        metavar="dd/mm/yyyy",
        help="ngày báo cáo (mặc định hôm nay) / report date (default today)",
    )


def _threshold(text: str) -> float:
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        value = -1.0
    if not 0 <= value <= 100:
        raise argparse.ArgumentTypeError(
            f"ngưỡng phải là số từ 0 đến 100 / the threshold must be 0–100: {text}"
        )
    return value


def _day(text: str) -> date:
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    raise argparse.ArgumentTypeError(f"ngày dd/mm/yyyy / a date as dd/mm/yyyy: {text}")


def read_inputs(paths: Sequence[Path], progress: Progress | None = None) -> Inputs:
    """Every usable unit of ``paths``, scored, and every file or row left out with its reasons
    (:func:`kit.assessment.rollup.sources.read_paths`)."""
    from kit.assessment.rollup.sources import read_paths

    return read_paths(paths, progress)


def run(args: argparse.Namespace) -> int:
    for path, suffix in ((args.output, ".xlsx"), (args.docx, ".docx")):
        if path is not None and path.suffix.lower() != suffix:
            raise UsageError(
                f"{path}: tên tệp kết quả phải có đuôi {suffix}.",
                f"{path}: the output file must end in {suffix}.",
            )
    inputs = read_inputs(args.inputs, _progress if sys.stderr.isatty() else None)
    for bad in inputs.rejected:
        print(f"{bad.source}: bỏ qua / skipped", file=sys.stderr)
        for vi, en in bad.reasons:
            print(f"  {vi}\n  {en}", file=sys.stderr)
    if not inputs.units:
        raise InputError("Không có tệp nào hợp lệ để tổng hợp.", "No valid file to roll up.")
    from kit.assessment.rollup.aggregate import roll_up
    from kit.assessment.rollup.document import rollup_docx
    from kit.assessment.rollup.workbook import rollup_xlsx

    rolled = roll_up(inputs.units, args.threshold, excluded=[bad.source for bad in inputs.rejected])
    write_output(args.output, rollup_xlsx(rolled))
    written = [str(args.output)]
    if args.docx is not None:
        day = args.date or date.today()
        write_output(args.docx, rollup_docx(rolled, args.issuing_body, args.place, day))
        written.append(str(args.docx))
    skipped = len(inputs.rejected)
    print(
        f"Đã tổng hợp {rolled.n} đơn vị, bỏ qua {skipped} tệp hoặc dòng → {', '.join(written)}\n"
        f"Rolled up {rolled.n} unit(s), skipped {skipped} file(s) or row(s) → {', '.join(written)}"
    )
    return 0


def _progress(done: int, total: int) -> None:
    """On a terminal: "Đã đọc 120/3.321 tệp / read 120/3,321 files", rewritten in place."""
    if done == total or done % 100 == 0:
        end = "\n" if done == total else ""
        print(f"\rĐã đọc / read {done}/{total}", end=end, file=sys.stderr, flush=True)
