"""``kit eligibility template -o FILE.xlsx [--rule-set ID]``: the input template of ``batch``."""

from __future__ import annotations

import argparse
from pathlib import Path

from kit.core.commands import Actions
from kit.eligibility.commands import add_rule_set_option, chosen_rule_set


def add_parser(actions: Actions, parser_class: type[argparse.ArgumentParser]) -> None:
    template = actions.add_parser("template", help="tệp mẫu để nhập / the input template")
    template.add_argument("-o", "--output", type=Path, required=True, help="tệp mẫu .xlsx")
    add_rule_set_option(template)


def run(args: argparse.Namespace) -> int:
    rule_set = chosen_rule_set(args)
    from kit.core.files import write_output
    from kit.eligibility.batch import workbook

    write_output(args.output, workbook.write_template(rule_set))
    print(f"Đã ghi tệp mẫu / template written: {args.output}")
    return 0
