"""``kit assess report IN -o OUT.docx``: write a unit's review report (Báo cáo sơ kết) as DOCX.

``IN`` is the JSON file the self-assessment app saves
(:func:`kit.assessment.questionnaire.saved.read_saved`)
or a collection template (``.xlsx``, or its ``.csv``) filled in for one unit
(:func:`kit.assessment.collection.sheets.read_units`). The answers must be complete: otherwise every
problem is printed per field, in Vietnamese then English, the exit code is 1 and no file is
written. The report carries the annex of scores, and the consensus when the JSON file holds
assessors' scores. The document is written whole or not at all
(:func:`kit.core.files.write_output`).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from kit.core.commands import Actions
from kit.core.errors import InputError, UsageError
from kit.core.files import write_output

if TYPE_CHECKING:  # the scoring and document modules load only when the action runs
    from kit.assessment.questionnaire.consensus import Assessment, Override

SHEET_SUFFIXES = (".xlsx", ".xlsm", ".csv")


def add_parser(actions: Actions, parser_class: type[argparse.ArgumentParser]) -> None:
    report = actions.add_parser(
        "report",
        help="xuất báo cáo sơ kết (DOCX) / write the review report (DOCX)",
        description="Viết Báo cáo sơ kết theo Nghị định 30/2020 từ bảng tự đánh giá của một đơn "
        "vị. / Writes the unit's review report in the Decree 30/2020 format from its answers.",
    )
    report.add_argument(
        "input",
        type=Path,
        metavar="IN",
        help="tệp .json ứng dụng lưu, hoặc mẫu .xlsx/.csv đã điền cho một đơn vị / the saved "
        ".json, or the .xlsx/.csv template filled in for one unit",
    )
    report.add_argument(
        "-o", "--output", type=Path, required=True, metavar="OUT.docx", help="tệp DOCX / the DOCX"
    )


def run(args: argparse.Namespace) -> int:
    output: Path = args.output
    if output.suffix.lower() != ".docx":
        raise UsageError("Tệp xuất phải có đuôi .docx.", "The output file must end in .docx.")
    loaded = _load(args.input)
    if isinstance(loaded, list):
        print(
            f"{args.input}: {len(loaded)} câu trả lời cần sửa, chưa xuất báo cáo / "
            "answer(s) to fix, no report written:",
            file=sys.stderr,
        )
        for field, vi, en in loaded:
            print(f"  {field}: {vi}\n  {' ' * len(field)}  {en}", file=sys.stderr)
        return 1
    answers, assessments, agreed = loaded
    from kit.assessment.questionnaire.consensus import consensus
    from kit.assessment.questionnaire.scoring import score_answers
    from kit.assessment.report.document import build_report
    from kit.export.decree30 import render

    score = score_answers(answers)
    together = consensus(score, assessments, agreed) if assessments else None
    write_output(output, render(build_report(answers, score, agreed=together)))
    print(f"Đã xuất báo cáo / report written: {output}")
    return 0


Loaded = tuple[dict[str, object], tuple["Assessment", ...], dict[str, "Override"]]
Problems = list[tuple[str, str, str]]


def _load(path: Path) -> Loaded | Problems:
    """The complete answers (and assessors' scores) in ``path``, or its problems per field."""
    if path.suffix.lower() in SHEET_SUFFIXES:
        return _load_sheet(path)
    if path.suffix.lower() != ".json":
        raise UsageError(
            f"Chưa hỗ trợ loại tệp «{path.suffix or path.name}». Dùng tệp .json do ứng dụng tự "
            "đánh giá lưu, hoặc mẫu thu thập .xlsx (.csv) đã điền cho một đơn vị.",
            f"Unsupported file type “{path.suffix or path.name}”. Use the .json file the "
            "self-assessment app saves, or the .xlsx (.csv) collection template filled in for "
            "one unit.",
        )
    from kit.assessment.questionnaire.answers import check_answers
    from kit.assessment.questionnaire.score_cli import read_input

    saved = read_input(path)
    checked = check_answers(saved.raw, "complete")
    problems = [*saved.problems, *checked.problems]
    if problems:
        return [(p.field, p.vi, p.en) for p in problems]
    return checked.answers, saved.assessments, saved.agreed


def _load_sheet(path: Path) -> Loaded | Problems:
    from kit.assessment.collection.sheets import read_units

    found = read_units(path, mode="complete")
    if found.problems:
        return [(p.field, p.message("vi"), p.message("en")) for p in found.problems]
    if len(found.units) != 1:
        raise InputError(
            f"{path}: tệp có {len(found.units)} đơn vị; báo cáo sơ kết viết cho từng đơn vị. Hãy "
            "để một đơn vị trong tệp (tổng hợp nhiều đơn vị: kit assess rollup).",
            f"{path}: the file holds {len(found.units)} units; a review report is written for one "
            "unit. Keep one unit in the file (for many units: kit assess rollup).",
        )
    return found.units[0].answers, (), {}
