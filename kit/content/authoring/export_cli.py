"""``kit exercise export --format (xlsx|gift|moodle-xml) [--track A|B] [--lesson ID] -o FILE``.

The workbook a trainer edits in Excel, or the questions for Moodle (Moodle XML, GIFT). For the
Moodle formats the command prints what the file holds: the count per Moodle question type, how
many items are carried exactly and which are written as the nearest type (also written in the
file as comments).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from kit.core.commands import Actions


def add_parser(actions: Actions, parser_class: type[argparse.ArgumentParser]) -> None:
    export = actions.add_parser(
        "export", help="xuất câu hỏi ra Excel, Moodle XML, GIFT / export questions"
    )
    export.add_argument("--format", required=True, choices=["xlsx", "gift", "moodle-xml"])
    export.add_argument("--track", choices=["A", "B"])
    export.add_argument("--lesson")
    export.add_argument("-o", "--output", required=True, type=Path)


def run(args: argparse.Namespace) -> int:
    from kit.content.authoring import faithful, gift, moodle_xml, xlsx_bank
    from kit.content.catalogue import load_catalogue
    from kit.core.errors import UsageError
    from kit.core.files import write_output
    from kit.core.i18n import t

    cat = load_catalogue()
    if args.lesson and args.lesson not in cat.lessons:
        raise UsageError(
            t("authoring.no_lesson", "vi", lesson=args.lesson),
            t("authoring.no_lesson", "en", lesson=args.lesson),
        )
    items = xlsx_bank.chosen_items(cat, args.track, args.lesson, None)
    if not items:
        raise UsageError(t("authoring.nothing", "vi"), t("authoring.nothing", "en"))
    if args.format == "xlsx":
        write_output(args.output, xlsx_bank.export_xlsx(cat, track=args.track, lesson=args.lesson))
    elif args.format == "moodle-xml":
        write_output(
            args.output, moodle_xml.export_moodle(cat, track=args.track, lesson=args.lesson)
        )
        print("\n".join(faithful.report(items).lines()))
    else:
        write_output(args.output, gift.export_gift(cat, track=args.track, lesson=args.lesson))
        lines = [
            f"- {item.id} ({item.type}): {vi} / {en}"
            for item in items
            for vi, en in gift.approximations(item)
        ]
        if lines:
            print(
                t("authoring.gift_approximated", "vi")
                + " / "
                + t("authoring.gift_approximated", "en")
            )
            print("\n".join(lines))
    print(t("authoring.written", "vi", count=len(items), path=args.output))
    print(t("authoring.written", "en", count=len(items), path=args.output))
    return 0
