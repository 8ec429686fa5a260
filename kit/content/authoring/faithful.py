"""Which items Moodle XML carries exactly, checked by writing each one and reading it back.

An item is faithful when the item read back is the same, field for field, with one allowance:
the order of a matching item's right column (Moodle keeps no order for it and shuffles it on
the page), so rights are compared by their texts and pairs by the texts they join. Items of a
type Moodle has no counterpart for (:data:`~.moodle_xml.NEAREST`) are never faithful.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from kit.content import schemas as s
from kit.content.authoring.moodle_xml import NEAREST, moodle_type, quiz


def comparable(item: s.Item) -> dict[str, Any]:
    """``item``'s fields, a matching item's right column by text (see the module docstring)."""
    data = item.model_dump()
    if isinstance(item, s.Matching):
        rights = {r.id: r.text for r in item.right}
        data["right"] = sorted(rights.values())
        data["answer"] = {k: rights[v] for k, v in item.answer.items()}
    return data


def round_trip(items: list[s.Item], lesson: str) -> dict[str, s.Item]:
    """``items`` (of one lesson) written as Moodle XML and read back, by id."""
    from pathlib import Path

    from kit.content.authoring.importer import item_adapter
    from kit.content.authoring.moodle_read import read_quiz
    from kit.content.catalogue import Catalogue

    data = quiz([(lesson, lesson, "", items)])
    found = read_quiz(data, "round-trip.xml", lesson, Catalogue(root=Path(".")))
    out = {}
    for raw, _, _ in found.items:
        try:
            item = item_adapter().validate_python(raw)
        except ValueError:
            continue
        out[item.id] = item
    return out


@dataclass
class MoodleReport:
    """What an export to Moodle XML holds: the count per Moodle type, the faithful items and
    the approximated ones with what was approximated (vi, en)."""

    total: int = 0
    by_type: Counter[str] = field(default_factory=Counter)
    faithful: list[str] = field(default_factory=list)
    approximated: list[tuple[str, str, str, str]] = field(default_factory=list)

    @property
    def share_faithful(self) -> float:
        return len(self.faithful) / self.total if self.total else 0.0

    def lines(self) -> list[str]:
        from babel.numbers import format_percent

        out = [
            f"Số câu / items: {self.total}",
            "Theo loại câu Moodle / by Moodle type: "
            + ", ".join(f"{k} {v}" for k, v in sorted(self.by_type.items())),
            f"Giữ nguyên / faithful: {len(self.faithful)}"
            f" ({format_percent(self.share_faithful, '#,##0.0%', locale='vi')})",
        ]
        if self.approximated:
            out.append("Viết gần đúng / approximated:")
            out += [f"- {i} ({kind}): {vi} / {en}" for i, kind, vi, en in self.approximated]
        return out


def report(items: list[s.Item]) -> MoodleReport:
    out = MoodleReport(total=len(items))
    by_lesson: dict[str, list[s.Item]] = {}
    for item in items:
        out.by_type[moodle_type(item)] += 1
        by_lesson.setdefault(item.lesson, []).append(item)
    for lesson, mine in by_lesson.items():
        back = round_trip(mine, lesson)
        for item in mine:
            if item.type in NEAREST:
                _, vi, en = NEAREST[item.type]
                out.approximated.append((item.id, item.type, vi, en))
            elif item.id in back and comparable(back[item.id]) == comparable(item):
                out.faithful.append(item.id)
            else:
                out.approximated.append(
                    (item.id, item.type, "không đọc lại được y nguyên", "not read back the same")
                )
    return out
