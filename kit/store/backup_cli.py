"""``kit db backup -o FILE [--data-dir DIR]``: the whole database as one portable file
(:mod:`kit.store.backup`)."""

from __future__ import annotations

import argparse
from pathlib import Path

from kit.core.commands import Actions, both


def add_parser(actions: Actions, parser_class: type[argparse.ArgumentParser]) -> None:
    command = actions.add_parser(
        "backup", help="sao lưu toàn bộ dữ liệu vào một tệp / back up every table to one file"
    )
    command.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.zip")
    command.add_argument("--data-dir", type=Path)


def run(args: argparse.Namespace) -> int:
    from kit.core import config
    from kit.store import db
    from kit.store.backup import backup_to

    if args.data_dir:
        config.set_data_dir(args.data_dir)
    summary = backup_to(args.output, db.engine())
    print(
        both(
            "province.backup_written",
            tables=summary.tables,
            rows=summary.rows,
            revision=summary.revision,
            file=args.output,
        )
    )
    return 0
