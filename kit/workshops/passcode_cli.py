"""``kit trainer passcode [--stdin] [--data-dir DIR]``: set the trainer passcode on the server.

Asks twice without echo (``getpass``); with ``--stdin`` reads one line instead, for scripts.
Exit 0 when set, 1 when the passcode is refused (too short or too long), 2 when the two
entries differ or the action is missing.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from kit.core.commands import Actions
from kit.core.errors import KitError, UsageError


def add_parser(actions: Actions, parser_class: type[argparse.ArgumentParser]) -> None:
    passcode = actions.add_parser(
        "passcode", help="đặt mật khẩu giảng viên / set the trainer passcode"
    )
    passcode.add_argument(
        "--stdin",
        action="store_true",
        help="đọc mật khẩu từ một dòng stdin / read the passcode from one line of stdin",
    )
    passcode.add_argument("--data-dir", type=Path, help="thư mục dữ liệu / data folder")


def _ask() -> str:
    try:
        first = getpass.getpass("Mật khẩu giảng viên mới / new trainer passcode: ")
        second = getpass.getpass("Nhập lại / repeat it: ")
    except (EOFError, KeyboardInterrupt):
        print(file=sys.stderr)
        raise KitError("Đã huỷ; chưa đặt mật khẩu.", "Cancelled; no passcode was set.") from None
    if first != second:
        raise UsageError(
            "Hai lần nhập không khớp; chưa đặt mật khẩu. Hãy chạy lại lệnh.",
            "The two entries differ; no passcode was set. Run the command again.",
        )
    return first


def _read_stdin() -> str:
    line = sys.stdin.readline()
    return line.removesuffix("\n").removesuffix("\r")


def run(args: argparse.Namespace) -> int:
    from kit.core import config
    from kit.store import db
    from kit.workshops.passcode import set_passcode

    if args.data_dir:
        config.set_data_dir(args.data_dir)
    new = _read_stdin() if args.stdin else _ask()
    eng = db.create()
    try:
        db.ensure_schema(eng)
        set_passcode(new, eng)
    finally:
        eng.dispose()
    print("Đã đặt mật khẩu giảng viên.\nThe trainer passcode is set.")
    return 0
