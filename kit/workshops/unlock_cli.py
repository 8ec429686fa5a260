"""``kit trainer code [--data-dir DIR]``: print a one-time unlock code for the trainer page.

The code (e.g. ``K7QX-4MZP``) opens one trainer page once, whatever server of the same database
it is typed on, and lifts the pause that many wrong passcodes put on the passcode; it lapses after
an hour and a newer code replaces it. Only its hash is stored. Exit 0 with the code printed, 1 when
no trainer passcode is set (set one with ``kit trainer passcode``).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from kit.core.commands import Actions


def add_parser(actions: Actions, parser_class: type[argparse.ArgumentParser]) -> None:
    code = actions.add_parser(
        "code",
        help="in mã mở khóa dùng một lần cho trang giảng viên / "
        "print a one-time unlock code for the trainer page",
    )
    code.add_argument("--data-dir", type=Path, help="thư mục dữ liệu / data folder")


def run(args: argparse.Namespace) -> int:
    from kit.core import config
    from kit.store import db
    from kit.workshops.passcode import UNLOCK_CODE_TTL_S, new_unlock_code

    if args.data_dir:
        config.set_data_dir(args.data_dir)
    eng = db.create()
    try:
        db.ensure_schema(eng)
        code = new_unlock_code(eng)
    finally:
        eng.dispose()
    minutes = UNLOCK_CODE_TTL_S // 60
    print(
        f"Mã mở khóa trang giảng viên: {code} (dùng một lần, trong {minutes} phút; "
        "nhập vào ô «Mã mở khóa» của ứng dụng Giảng viên)\n"
        f"Unlock code for the trainer page: {code} (once, within {minutes} minutes; "
        "type it in the «Unlock code» box of the Trainer app)"
    )
    return 0
