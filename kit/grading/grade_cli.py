"""``kit exercise grade ITEM --answer V [--json]``: grade one answer to one exercise.

``--json`` prints :meth:`kit.grading.engine.Graded.to_json`; an unknown item is exit 1.
"""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

from kit.core.commands import Actions

if TYPE_CHECKING:
    pass


def add_parser(actions: Actions, parser_class: type[argparse.ArgumentParser]) -> None:
    grade = actions.add_parser("grade", help="chấm một câu trả lời / grade one answer")
    grade.add_argument("item_id")
    grade.add_argument("--answer", required=True)
    grade.add_argument("--json", action="store_true")


def run(args: argparse.Namespace) -> int:
    from kit.content.catalogue import load_catalogue
    from kit.grading.engine import grade

    graded = grade(load_catalogue().item(args.item_id), args.answer)
    if args.json:
        print(json.dumps(graded.to_json(), ensure_ascii=False))
        return 0
    print(f"{graded.item}: {graded.score:g}/{graded.max}")
    for line in graded.feedback:
        print(f"- {line}")
    print(f"Giải thích / explanation: {graded.explanation}")
    print(f"Nguồn / source: {graded.source}")
    if graded.pending_trainer:
        print(f"(+{graded.pending_trainer} điểm do giảng viên chấm / points a trainer awards)")
    return 0
