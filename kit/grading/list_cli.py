"""``kit exercise list [--track A|B] [--lesson ID] [--with-answers] [--json]``: the bank.

Items come in course order (:meth:`kit.content.catalogue.Catalogue.exercises`); ``--with-answers``
adds each item's key: the accepted answers, or the rubric of a writing item.
"""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, Any

from kit.core.commands import Actions

if TYPE_CHECKING:
    pass


def add_parser(actions: Actions, parser_class: type[argparse.ArgumentParser]) -> None:
    listing = actions.add_parser("list", help="liệt kê bài tập / list the bank")
    listing.add_argument("--track", choices=["A", "B"])
    listing.add_argument("--lesson")
    listing.add_argument("--with-answers", action="store_true")
    listing.add_argument("--json", action="store_true")


def run(args: argparse.Namespace) -> int:
    from kit.content.catalogue import load_catalogue
    from kit.grading.engine import answer_key

    items = load_catalogue().exercises(args.track, args.lesson)
    rows = []
    for item in items:
        row: dict[str, Any] = {
            "id": item.id,
            "type": item.type,
            "tracks": list(item.tracks),
            "lesson": item.lesson,
            "points": item.points,
            "difficulty": item.difficulty,
            "prompt": item.prompt,
        }
        if args.with_answers:
            row.update(answer_key(item))
        rows.append(row)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return 0
    for item, row in zip(items, rows, strict=True):
        line = f"{item.id:<12} {item.type:<16} {','.join(item.tracks):<4} {item.points}"
        if args.with_answers:
            keys = row["answers"] or ["(rubric)"]
            line += "  → " + " | ".join(keys)
        print(line)
    return 0
