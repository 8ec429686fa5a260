"""``kit db upgrade [--data-dir DIR]``: create the database, or bring it to the newest schema."""

from __future__ import annotations

import argparse
from pathlib import Path

from kit.core.commands import Actions, both


def add_parser(actions: Actions, parser_class: type[argparse.ArgumentParser]) -> None:
    upgrade = actions.add_parser("upgrade", help="tạo hoặc nâng cấp / create or upgrade")
    upgrade.add_argument("--data-dir", type=Path)


def run(args: argparse.Namespace) -> int:
    from kit.core import config
    from kit.store import db

    if args.data_dir:
        config.set_data_dir(args.data_dir)
    url = db.engine().url.render_as_string(hide_password=True)
    print(both("cli.db_ready", url=url))
    return 0
