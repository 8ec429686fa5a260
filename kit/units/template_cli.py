"""``kit units template -o FILE.xlsx``: the unit list template (:mod:`kit.units.template`)."""

from __future__ import annotations

import argparse
from pathlib import Path

from kit.core.commands import Actions
from kit.core.errors import UsageError


def add_parser(actions: Actions, parser_class: type[argparse.ArgumentParser]) -> None:
    template = actions.add_parser(
        "template", help="tệp mẫu danh sách đơn vị / the unit list template"
    )
    template.add_argument(
        "-o", "--output", type=Path, required=True, metavar="FILE.xlsx", help="tệp mẫu .xlsx"
    )


def run(args: argparse.Namespace) -> int:
    if args.output.suffix.lower() != ".xlsx":
        raise UsageError(
            f"{args.output}: tên tệp mẫu phải có đuôi .xlsx.",
            f"{args.output}: the template file must end in .xlsx.",
        )
    from kit.core.files import write_output
    from kit.units.template import write_template

    write_output(args.output, write_template())
    print(
        f"Đã ghi tệp mẫu danh sách đơn vị: {args.output}\nUnit list template written: {args.output}"
    )
    return 0
