"""``kit assess template -o FILE.xlsx``: write the self-assessment collection template.

The workbook (see :mod:`kit.assessment.collection.template`) has one row per unit, Vietnamese
headers with
help notes, drop-down lists and the template-version cell the importer checks.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from kit.core.commands import Actions
from kit.core.errors import UsageError
from kit.core.files import write_output


def add_parser(actions: Actions, parser_class: type[argparse.ArgumentParser]) -> None:
    template = actions.add_parser(
        "template",
        help="tạo mẫu thu thập XLSX / write the XLSX collection template",
        description="Mẫu một dòng một đơn vị, có ghi chú hướng dẫn, danh sách chọn và ô phiên bản "
        "mẫu. / One row per unit, with help notes, drop-down lists and a template-version cell.",
    )
    template.add_argument(
        "-o",
        "--output",
        type=Path,
        required=True,
        metavar="FILE.xlsx",
        help="tệp sẽ ghi / the file to write",
    )


def run(args: argparse.Namespace) -> int:
    output: Path = args.output
    if output.suffix.lower() != ".xlsx":
        raise UsageError("Tệp mẫu phải có đuôi .xlsx.", "The template file must end in .xlsx.")
    from kit.assessment.collection.template import template_version, write_template

    write_output(output, write_template())
    version = template_version()
    print(f"Đã ghi mẫu thu thập tự đánh giá (phiên bản {version}) vào {output}")
    print(f"Wrote the self-assessment collection template (version {version}) to {output}")
    return 0
