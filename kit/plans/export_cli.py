"""``kit plan export PLAN.json -o OUT.docx``: the plan as a DOCX in the Decree 30/2020 format."""

from __future__ import annotations

import argparse
from pathlib import Path

from kit.core.commands import Actions
from kit.core.errors import UsageError


def add_parser(actions: Actions, parser_class: type[argparse.ArgumentParser]) -> None:
    export = actions.add_parser("export", help="xuất DOCX theo Nghị định 30/2020 / export DOCX")
    export.add_argument("plan_file", type=Path, metavar="PLAN.json")
    export.add_argument("-o", "--output", type=Path, required=True, metavar="OUT.docx")


def run(args: argparse.Namespace) -> int:
    from kit.core.files import write_output
    from kit.plans.files import load_plan

    plan = load_plan(args.plan_file)
    output: Path = args.output
    if output.suffix.lower() != ".docx":
        raise UsageError("Tệp xuất phải có đuôi .docx.", "The output file must end in .docx.")
    from kit.plans.export import export_plan

    write_output(output, export_plan(plan))
    print(f"Đã xuất / exported: {output}")
    return 0
