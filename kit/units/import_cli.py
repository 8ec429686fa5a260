"""``kit units import FILE.(xlsx|csv)``: bring the registry of units to the list in the file.

Each good row creates or updates the unit with its code; each row with a problem is named on
stderr (row, column, what to do) and skipped; a unit registered before and missing from the file
is kept and marked inactive. A file with no good row changes nothing. Exit code 0 when every row
was imported, 1 when some rows were skipped (the good ones are imported all the same).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kit.core.commands import Actions
from kit.core.errors import InputError


def add_parser(actions: Actions, parser_class: type[argparse.ArgumentParser]) -> None:
    command = actions.add_parser(
        "import", help="nhập danh sách đơn vị (.xlsx, .csv) / import the unit list"
    )
    command.add_argument(
        "file",
        type=Path,
        metavar="FILE",
        help="danh sách đơn vị .xlsx hoặc .csv (cột Mã đơn vị, Tên đơn vị, Cấp, Tỉnh/thành phố)",
    )


def _codes(codes: tuple[str, ...]) -> str:
    shown = ", ".join(codes[:20])
    return f"{shown}, …" if len(codes) > 20 else shown


def run(args: argparse.Namespace) -> int:
    from kit.units.reader import LIMITS, read_units_file
    from kit.units.registry import apply_import

    path: Path = args.file
    try:
        LIMITS.check_size(path.stat().st_size, path.name)  # before the file is read into memory
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(
            f"Không mở được tệp {path}: {exc.strerror or exc}",
            f"Cannot open {path}: {exc.strerror or exc}",
        ) from exc
    found = read_units_file(data, path.name)
    for problem in found.problems:
        print(f"{problem.message('vi')}\n  {problem.message('en')}", file=sys.stderr)
    if not found.entries:
        raise InputError(
            f"{path.name}: không có dòng nào đúng; danh sách đơn vị chưa thay đổi.",
            f"{path.name}: no good row; the unit list was not changed.",
        )
    outcome = apply_import(found.entries, found.listed)
    skipped = len({p.row for p in found.problems})
    for warning in found.warnings:
        print(f"Lưu ý / note: {warning.message('vi')}\n  {warning.message('en')}", file=sys.stderr)
    print(
        f"Đã nhập {len(found.entries)} đơn vị từ {path.name}: {len(outcome.created)} mới, "
        f"{len(outcome.updated)} cập nhật, {len(outcome.unchanged)} không đổi; bỏ qua "
        f"{skipped} dòng có lỗi nêu trên.\n"
        f"Imported {len(found.entries)} unit(s) from {path.name}: {len(outcome.created)} new, "
        f"{len(outcome.updated)} updated, {len(outcome.unchanged)} unchanged; "
        f"{skipped} row(s) with the problems above skipped."
    )
    if outcome.reactivated:
        print(f"Hoạt động lại / active again: {_codes(outcome.reactivated)}")
    if outcome.deactivated:
        print(
            f"Không có trong tệp, giữ lại và đánh dấu ngừng hoạt động: "
            f"{_codes(outcome.deactivated)}\n"
            f"Not in the file, kept and marked inactive: {_codes(outcome.deactivated)}"
        )
    if outcome.created:
        print(
            "Cấp mã truy cập cho đơn vị mới bằng lệnh `kit units codes`.\n"
            "Issue access codes to the new units with `kit units codes`."
        )
    return 1 if found.problems else 0
