"""Editing a plan one change at a time, the way the builder app does it.

Every change names a path into PLAN.json (``header/title``, ``sections/2/tasks/0/lead``,
``drafts/1/submission_date``) and a value from the page. The value is never trusted: the edited
plan is validated whole by the plan model, and a value the model refuses is an ``InputError`` that
leaves the plan as it was. A draft whose dates or level change gets its activities recomputed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from pydantic import ValidationError

from kit.core.errors import InputError
from kit.core.schema import field_errors
from kit.plans import timeline
from kit.plans.checker import SECTION_NAMES
from kit.plans.model import Draft, Plan, Reporting, Section, SectionKind, Task

#: the order sections take in a plan (that of the Lạng Sơn provincial plan of April 2022
#: implementing Decision 407; the Chánh Lộ ward plan of 2024 has a focus section for content)
SECTION_ORDER: tuple[SectionKind, ...] = (
    "purpose",
    "scope",
    "content",
    "focus",
    "funding",
    "organisation",
    "other",
)
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
_DRAFT_DATES = {"consultation_date", "submission_date", "level", "drafting_body"}
MAX_ITEMS = 200


def _jsonable(value: object) -> object:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    return value


def _parts(path: str) -> list[str | int]:
    return [int(p) if p.isdigit() else p for p in str(path).strip("/").split("/") if p]


def _field_message(exc: ValidationError) -> tuple[str, str]:
    """The first refusal of the plan model, located by its ``/`` path (as ``set`` takes it)."""
    err = field_errors(exc)[0]
    where = err.where("/")
    return (
        f"Giá trị không hợp lệ ở {where}: {err.message}.",
        f"Invalid value at {where}: {err.message}.",
    )


class PlanEditor:
    """A plan and the changes the builder makes to it."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan

    # ------------------------------------------------------------------ generic edits

    def _replace(self, data: dict[str, Any]) -> None:
        try:
            self.plan = Plan.model_validate(data)
        except ValidationError as exc:
            vi, en = _field_message(exc)
            raise InputError(vi, en) from exc

    def _data(self) -> dict[str, Any]:
        return self.plan.model_dump(mode="json")

    def set(self, path: str, value: object) -> None:
        """Set the value at ``path``; refuse a path or value the plan model does not accept."""
        parts = _parts(path)
        if not parts:
            raise InputError("Thiếu đường dẫn trường.", "No field path given.")
        data = self._data()
        target: Any = data
        try:
            for part in parts[:-1]:
                target = target[part]
            last = parts[-1]
            if isinstance(target, dict) and last not in target:
                raise KeyError(last)
            target[last] = _jsonable(value)
        except (KeyError, IndexError, TypeError) as exc:
            raise InputError(f"Không có trường {path}.", f"No field {path}.") from exc
        self._replace(data)
        if len(parts) == 3 and parts[0] == "drafts" and parts[2] in _DRAFT_DATES:
            self.refresh_activities(int(parts[1]))

    def set_lines(self, path: str, text: object) -> None:
        """Set a list of texts from a text area: one item per non-empty line."""
        lines = [line.strip() for line in str(text or "").splitlines()]
        self.set(path, [line for line in lines if line])

    # ------------------------------------------------------------------ sections

    def section_index(self, kind: SectionKind) -> int | None:
        return next((i for i, s in enumerate(self.plan.sections) if s.kind == kind), None)

    def ensure_section(self, kind: SectionKind) -> int:
        """The index of the section of ``kind``, adding it (sections renumbered) if missing."""
        found = self.section_index(kind)
        if found is not None:
            return found
        sections = [
            *self.plan.sections,
            Section(id="I", kind=kind, title=SECTION_NAMES.get(kind, "").upper()),
        ]
        sections.sort(key=lambda s: SECTION_ORDER.index(s.kind))
        self._renumber(sections)
        return self.section_index(kind) or 0

    def _renumber(self, sections: list[Section]) -> None:
        if len(sections) > len(ROMAN):
            raise InputError("Kế hoạch có quá nhiều mục.", "The plan has too many sections.")
        numbered = [s.model_copy(update={"id": ROMAN[i]}) for i, s in enumerate(sections)]
        self.plan = self.plan.model_copy(update={"sections": numbered})

    def task_section(self) -> int:
        """The section that holds the plan's tasks (content, or focus in the seed-002 shape)."""
        for kind in ("content", "focus"):
            index = self.section_index(kind)
            if index is not None:
                return index
        return self.ensure_section("focus" if self.plan.shape == "seed-002" else "content")

    # ------------------------------------------------------------------ lists

    def _list(self, path: str) -> list[Any]:
        target: Any = self._data()
        for part in _parts(path):
            target = target[part]
        if not isinstance(target, list):
            raise InputError(f"{path} không phải danh sách.", f"{path} is not a list.")
        return target

    def _set_list(self, path: str, items: list[Any]) -> None:
        if len(items) > MAX_ITEMS:
            raise InputError(
                f"Danh sách {path} đã đủ {MAX_ITEMS} mục.",
                f"The list {path} is full ({MAX_ITEMS}).",
            )
        self.set(path, items)

    def _index(self, items: list[Any], index: object) -> int:
        if not isinstance(index, int) or isinstance(index, bool) or not 0 <= index < len(items):
            raise InputError(f"Không có mục số {index}.", f"There is no item {index}.")
        return index

    def add_task(self, section: int, group: str = "") -> int:
        """Add an empty task (in ``group``) at the end of the section; return its index."""
        path = f"sections/{section}/tasks"
        items = self._list(path)
        self._set_list(path, [*items, Task(group=group).model_dump(mode="json")])
        return len(items)

    def remove(self, path: str, index: object) -> None:
        """Remove item ``index`` of the list at ``path`` (tasks, drafts, reporting …)."""
        items = self._list(path)
        del items[self._index(items, index)]
        self.set(path, items)

    def move(self, path: str, index: object, delta: int) -> int:
        """Move item ``index`` up (-1) or down (+1); return where it is now."""
        items = self._list(path)
        i = self._index(items, index)
        j = max(0, min(len(items) - 1, i + (1 if delta > 0 else -1)))
        items[i], items[j] = items[j], items[i]
        self.set(path, items)
        return j

    def add_reporting(self) -> int:
        items = self._list("reporting")
        self._set_list("reporting", [*items, Reporting().model_dump(mode="json")])
        return len(items)

    # ------------------------------------------------------------------ drafts

    def add_draft(self, title: str = "Dự thảo mới") -> int:
        items = self._list("drafts")
        self._set_list("drafts", [*items, Draft(title=title).model_dump(mode="json")])
        return len(items)

    def refresh_activities(self, index: int) -> None:
        drafts = list(self.plan.drafts)
        drafts[index] = timeline.with_activities(drafts[index])
        self.plan = self.plan.model_copy(update={"drafts": drafts})

    def import_drafts(self, drafts: Iterable[Draft]) -> tuple[int, int]:
        """Add drafts not yet in the plan (same code, or same title when there is no code);
        return (added, already there)."""

        def key(d: Draft) -> str:
            return d.code.casefold() if d.code else d.title.casefold()

        known = {key(d) for d in self.plan.drafts}
        new = []
        skipped = 0
        for draft in drafts:
            if key(draft) in known:
                skipped += 1
                continue
            known.add(key(draft))
            new.append(timeline.with_activities(draft))
        total = len(self.plan.drafts) + len(new)
        if total > MAX_ITEMS:
            raise InputError(
                f"Kế hoạch sẽ có {total} dự thảo, quá {MAX_ITEMS}.",
                f"The plan would have {total} drafts, more than {MAX_ITEMS}.",
            )
        self.plan = self.plan.model_copy(update={"drafts": [*self.plan.drafts, *new]})
        return len(new), skipped
