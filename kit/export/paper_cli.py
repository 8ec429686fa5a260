"""``kit exercise paper --lesson ID [--track A|B] [--items N] [--seats N] -o FILE.docx``: a test
on paper, for halls without phones.

Writes three files: ``FILE.docx``, the test; ``FILE-dap-an.docx``, its answer key; and
``FILE-bang-diem.xlsx``, the response sheet the trainer types the marks into, which
``kit workshop stats`` reads. The action lives beside the documents it writes
(:mod:`kit.export.paper`); the group is declared in :mod:`kit.grading.commands`.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from kit.core.commands import Actions
from kit.core.errors import UsageError

KEY_SUFFIX = "-dap-an"
SHEET_SUFFIX = "-bang-diem"


def add_parser(actions: Actions, parser_class: type[argparse.ArgumentParser]) -> None:
    paper = actions.add_parser(
        "paper", help="in bài kiểm tra trên giấy và đáp án / a paper test and its answer key"
    )
    paper.add_argument("--lesson", required=True, metavar="ID", help="mã bài học / lesson id")
    paper.add_argument("--track", choices=["A", "B"], help="nhóm / track")
    paper.add_argument(
        "--items", type=int, metavar="N", help="số câu (mặc định: tất cả) / number of items"
    )
    paper.add_argument(
        "--seats",
        type=int,
        default=30,
        metavar="N",
        help="số hàng học viên trong bảng điểm (mặc định 30) / rows of trainees in the sheet",
    )
    paper.add_argument(
        "-o", "--output", type=Path, required=True, metavar="FILE.docx", help="tệp đề / the test"
    )


def outputs(out: Path) -> tuple[Path, Path, Path]:
    """The test, the key and the response sheet written for ``-o out``."""
    if out.suffix.lower() != ".docx":
        raise UsageError(
            f"{out}: tên tệp đề phải có đuôi .docx.", f"{out}: the test's file must end in .docx."
        )
    return (
        out,
        out.with_name(out.stem + KEY_SUFFIX + ".docx"),
        out.with_name(out.stem + SHEET_SUFFIX + ".xlsx"),
    )


def run(args: argparse.Namespace) -> int:
    from kit.content.catalogue import load_catalogue
    from kit.core.files import write_output
    from kit.export import paper

    test_path, key_path, sheet_path = outputs(args.output)
    cat = load_catalogue()
    cat.raise_for_problems()
    chosen = paper.choose(cat, args.lesson, args.track, args.items)
    sheet = paper.response_sheet(chosen, args.seats)
    write_output(test_path, paper.test_docx(chosen))
    write_output(key_path, paper.key_docx(chosen))
    write_output(sheet_path, sheet)
    adapted = sum(item.type in paper.ADAPTED for item in chosen.items)
    print(
        f"Đã ghi đề ({len(chosen.items)} câu, {chosen.total} điểm; {adapted} câu chuyển sang dạng"
        f" giấy): {test_path}\nđáp án: {key_path}\nbảng điểm: {sheet_path}\n"
        f"Wrote the test ({len(chosen.items)} items, {chosen.total} marks; {adapted} adapted"
        f" for paper), its key and the response sheet."
    )
    return 0
