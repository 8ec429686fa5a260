"""``kit units codes [-o FILE.(xlsx|docx)] [--reissue CODE] [--revoke CODE]``: access codes.

Without an option, a code is issued to each active unit that has none; with ``--reissue``, the
units named get a new code (their code in use stops working); with ``--revoke``, the units named
lose theirs. The codes issued are listed once, here (printed, or written to ``-o``): only their
hash is stored. The action lives beside the DOCX list it may write (:mod:`kit.export.unit_codes`);
the group is declared in :mod:`kit.units.commands`.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from kit.core.commands import Actions
from kit.core.errors import KitError, UsageError

if TYPE_CHECKING:  # the store loads only when the action runs
    from kit.units.codes import IssuedCode

SUFFIXES = (".xlsx", ".docx")


def add_parser(actions: Actions, parser_class: type[argparse.ArgumentParser]) -> None:
    codes = actions.add_parser(
        "codes", help="cấp, cấp lại, thu hồi mã truy cập của đơn vị / issue, reissue, revoke codes"
    )
    codes.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="FILE.(xlsx|docx)",
        help="ghi danh sách mã vừa cấp ra tệp (mặc định: in ra màn hình) / write the list",
    )
    codes.add_argument(
        "--reissue",
        action="append",
        default=[],
        metavar="CODE",
        help="cấp lại mã cho đơn vị có mã đơn vị CODE (mã cũ hết hiệu lực) / reissue",
    )
    codes.add_argument(
        "--revoke",
        action="append",
        default=[],
        metavar="CODE",
        help="thu hồi mã truy cập của đơn vị có mã đơn vị CODE / revoke",
    )


def run(args: argparse.Namespace) -> int:
    out: Path | None = args.output
    if out is not None and out.suffix.lower() not in SUFFIXES:
        raise UsageError(
            f"{out}: tên tệp danh sách mã phải có đuôi .xlsx hoặc .docx.",
            f"{out}: the list of codes must end in .xlsx or .docx.",
        )
    both = {c.strip().upper() for c in args.reissue} & {c.strip().upper() for c in args.revoke}
    if both:
        raise UsageError(
            f"Đơn vị {', '.join(sorted(both))}: chọn cấp lại hoặc thu hồi, không cả hai.",
            f"Unit {', '.join(sorted(both))}: reissue or revoke, not both.",
        )
    if out is not None and not os.access(out.resolve().parent, os.W_OK):
        raise UsageError(  # checked before any code is issued, so none is lost
            f"{out}: không ghi được vào thư mục này; chọn thư mục khác.",
            f"{out}: this folder cannot be written to; choose another one.",
        )
    if args.revoke and out is not None and not args.reissue:
        raise UsageError(
            "Thu hồi mã không tạo danh sách mã nào để ghi ra tệp.",
            "Revoking codes makes no list of codes to write.",
        )
    from kit.units import codes

    for unit_code, revoked in zip(args.revoke, codes.revoke_many(args.revoke), strict=True):
        if revoked:
            print(
                f"Đã thu hồi mã truy cập của đơn vị {unit_code}: mã không mở được gì nữa.\n"
                f"Revoked the access code of unit {unit_code}: it opens nothing any more."
            )
        else:
            print(
                f"Đơn vị {unit_code} không có mã truy cập nào đang dùng.\n"
                f"Unit {unit_code} has no access code in use."
            )
    if args.revoke and not args.reissue:
        return 0
    if args.reissue:
        issued = codes.reissue_many(args.reissue)
    else:
        issued, had = codes.issue_missing()
        if had:
            print(
                f"{had} đơn vị đã có mã (không in lại; dùng --reissue để cấp lại).\n"
                f"{had} unit(s) already have a code (not shown again; use --reissue)."
            )
    if not issued:
        print(
            "Không có mã nào mới được cấp (chưa nhập danh sách đơn vị, hoặc mọi đơn vị đang hoạt "
            "động đã có mã).\n"
            "No new code issued (no unit list imported yet, or every active unit has a code)."
        )
        return 0
    return _list(issued, out)


def _list(issued: Sequence[IssuedCode], out: Path | None) -> int:
    from kit.units.codes_list import codes_text, codes_xlsx

    if out is None:
        print(codes_text(issued))
        return 0
    from kit.core.files import write_output

    try:
        if out.suffix.lower() == ".docx":
            from kit.export.unit_codes import codes_docx

            write_output(out, codes_docx(issued))
        else:
            write_output(out, codes_xlsx(issued))
    except KitError:  # the codes are issued: show them rather than lose them
        print(codes_text(issued), file=sys.stderr)
        raise
    print(
        f"Đã cấp {len(issued)} mã; danh sách ghi ở {out} (mã không được lưu ở đâu khác).\n"
        f"Issued {len(issued)} code(s); the list is in {out} (the codes are kept nowhere else)."
    )
    return 0
