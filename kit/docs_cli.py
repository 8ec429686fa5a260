"""``kit readme [--write [README.md]]``: print the README's apps table, or refresh it in place."""

from __future__ import annotations

import argparse
from pathlib import Path

from kit.core.commands import Actions, Command
from kit.core.errors import KitError

README = Command("readme", __name__)


def add_parser(actions: Actions, parser_class: type[argparse.ArgumentParser]) -> None:
    readme = actions.add_parser("readme", help="bảng ứng dụng cho README / the README apps table")
    readme.add_argument(
        "--write",
        type=Path,
        nargs="?",
        const=Path("README.md"),
        default=None,
        help="ghi vào README.md / write it into README.md",
    )


def run(args: argparse.Namespace) -> int:
    from kit import docs

    if args.write is None:
        print(docs.apps_table())
        return 0
    try:
        changed = docs.write_readme(args.write)
    except (OSError, ValueError) as exc:
        raise KitError(
            f"Không cập nhật được {args.write}: {exc}", f"Cannot update {args.write}: {exc}"
        ) from exc
    print(f"{args.write}: {'đã cập nhật / updated' if changed else 'không đổi / unchanged'}")
    return 0
