"""``kit exercise import FILE --lesson ID -o BANK.yaml``: questions from the kit's workbook,
Moodle XML or GIFT (known by content) into a bank file ``kit check`` accepts.

The bank's id is the output file's name. The output is a new file, or the bank of that name
(whose titles are kept). Every refused question is printed with its position; the good ones
are written. An id another bank already holds refuses the whole import, naming the ids.
Exit 0 when at least one question was imported and none refused, 1 otherwise, 2 wrong usage.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from kit.core.commands import Actions


def add_parser(actions: Actions, parser_class: type[argparse.ArgumentParser]) -> None:
    imp = actions.add_parser(
        "import", help="nhập câu hỏi từ Excel, Moodle XML, GIFT / import questions"
    )
    imp.add_argument("file", type=Path)
    imp.add_argument("--lesson", required=True)
    imp.add_argument("-o", "--output", required=True, type=Path)


def _existing_titles(path: Path, bank_id: str) -> tuple[str | None, str | None]:
    """The titles of the bank file at ``path`` (None when there is none); a file there that is
    not the bank ``bank_id`` is refused (nothing is overwritten by mistake)."""
    import yaml

    from kit.core.errors import UsageError
    from kit.core.i18n import t

    if not path.exists():
        return None, None
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        data = None
    if not isinstance(data, dict) or data.get("bank") != bank_id:
        raise UsageError(
            t("authoring.not_a_bank", "vi", path=path), t("authoring.not_a_bank", "en", path=path)
        )
    return data.get("title"), data.get("title_en")


def run(args: argparse.Namespace) -> int:
    from kit.content.authoring.importer import bank_yaml, collisions, read_questions
    from kit.content.authoring.xlsx_read import QUESTION_FILE
    from kit.content.catalogue import load_catalogue
    from kit.content.schemas import ID_PATTERN
    from kit.core.errors import UsageError
    from kit.core.files import read_input, write_output
    from kit.core.i18n import t

    cat = load_catalogue()
    if cat.lessons and args.lesson not in cat.lessons:
        raise UsageError(
            t("authoring.no_lesson", "vi", lesson=args.lesson),
            t("authoring.no_lesson", "en", lesson=args.lesson),
        )
    bank_id = args.output.stem
    if args.output.suffix != ".yaml" or not re.fullmatch(ID_PATTERN, bank_id):
        raise UsageError(t("authoring.bad_output", "vi"), t("authoring.bad_output", "en"))
    title, title_en = _existing_titles(args.output, bank_id)
    result = read_questions(read_input(args.file, QUESTION_FILE), args.file.name, args.lesson, cat)
    taken = collisions(result.items, bank_id, cat)
    if taken:
        for lang in ("vi", "en"):
            print(t("authoring.collision", lang, ids=", ".join(taken)))
        return 1
    for lang in ("vi", "en"):
        print(t("authoring.read", lang, count=len(result.items), format=result.format))
    for p in result.problems:
        print(f"- {p.position}: {p.message_vi}\n  {p.position_en or p.position}: {p.message_en}")
    for n in result.notes:
        print(f"  ({n.position}: {n.message_vi} / {n.message_en})")
    if not result.items:
        print(t("authoring.none", "vi") + "\n" + t("authoring.none", "en"))
        return 1
    if title is None and args.lesson in cat.lessons:
        order = [lesson.id for lesson in cat.ordered_lessons()]
        number = order.index(args.lesson) + 1 if args.lesson in order else 0
        meta = cat.lessons[args.lesson].meta
        title = f"Bài tập bài {number}: {meta.title}" if number else f"Bài tập: {meta.title}"
        title_en = f"Lesson {number} exercises: {meta.title_en}" if number else meta.title_en
    write_output(
        args.output, bank_yaml(bank_id, args.lesson, result.items, title=title, title_en=title_en)
    )
    for lang in ("vi", "en"):
        print(t("authoring.saved", lang, count=len(result.items), path=args.output))
    return 1 if result.problems else 0
