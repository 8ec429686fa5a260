"""``kit db restore FILE [--data-dir DIR]``: a backup restored into an empty database, SQLite or
PostgreSQL (:mod:`kit.store.restore`); a database that holds data is refused and left as it is."""

from __future__ import annotations

import argparse
from pathlib import Path

from kit.core.commands import Actions, both


def add_parser(actions: Actions, parser_class: type[argparse.ArgumentParser]) -> None:
    command = actions.add_parser(
        "restore", help="khôi phục bản sao lưu vào cơ sở dữ liệu trống / restore into an empty one"
    )
    command.add_argument("file", type=Path, metavar="FILE.zip")
    command.add_argument("--data-dir", type=Path)


def run(args: argparse.Namespace) -> int:
    from kit.core import config
    from kit.store import db
    from kit.store.restore import restore_from

    if args.data_dir:
        config.set_data_dir(args.data_dir)
    eng = db.create()
    try:
        summary = restore_from(args.file, eng)
    finally:
        eng.dispose()
    print(
        both(
            "province.restore_done",
            tables=summary.tables,
            rows=summary.rows,
            revision=summary.revision,
            url=eng.url.render_as_string(hide_password=True),
        )
    )
    return 0
