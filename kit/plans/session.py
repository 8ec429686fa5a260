"""One person building one plan: the plan being edited, the step they are at, the checker's
report, and a save to the store after every change (nothing typed is lost on a reload or a
kernel restart). The builder app is a view of this; tests drive it without widgets.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import TypeVar

from sqlalchemy import Engine

from kit.plans import store
from kit.plans.checker import Problem, Report, check
from kit.plans.editor import PlanEditor
from kit.plans.model import Plan, SectionKind
from kit.plans.store import STEPS

T = TypeVar("T")

#: the builder step where a section of each kind is edited
STEP_OF_SECTION: dict[SectionKind, str] = {
    "purpose": "purpose",
    "scope": "scope",
    "content": "tasks",
    "focus": "tasks",
    "funding": "funding",
    "organisation": "organisation",
    "other": "organisation",
}
_STEP_OF_ROOT = {
    "header": "header",
    "drafts": "drafts",
    "reporting": "organisation",
    "recipients": "organisation",
    "signature": "organisation",
}


def step_of(where: str, plan: Plan) -> str:
    """The builder step where the problem at ``where`` is fixed (``review`` when it is the plan
    as a whole, e.g. a missing section or a missing task group)."""
    parts = where.split("/")
    if parts[0] == "sections" and len(parts) > 1:
        if parts[2:3] == ["tasks"] and parts[4:5] == ["funding"]:
            return "funding"
        section = next((s for s in plan.sections if s.id == parts[1]), None)
        return STEP_OF_SECTION[section.kind] if section else "review"
    return _STEP_OF_ROOT.get(parts[0], "review")


class BuilderSession:
    def __init__(self, owner: int, stored: store.StoredPlan, eng: Engine | None = None) -> None:
        self.owner = owner
        self.plan_id = stored.id
        self.step = stored.step
        self.editor = PlanEditor(stored.plan)
        self.saved_at: datetime | None = stored.updated_at
        self._eng = eng
        self._report: Report | None = None

    @classmethod
    def start(cls, owner: int, plan: Plan, eng: Engine | None = None) -> BuilderSession:
        """A new stored plan for ``owner`` (from a template, a seed or an upload)."""
        plan_id = store.create(owner, plan, eng)
        return cls(owner, store.load(owner, plan_id, eng), eng)

    @classmethod
    def resume(cls, owner: int, plan_id: object, eng: Engine | None = None) -> BuilderSession:
        return cls(owner, store.load(owner, plan_id, eng), eng)

    @property
    def plan(self) -> Plan:
        return self.editor.plan

    @property
    def report(self) -> Report:
        if self._report is None:
            self._report = check(self.plan)
        return self._report

    def _save(self) -> None:
        store.save(self.owner, self.plan_id, self.plan, self.step, self._eng)
        self.saved_at = datetime.now(UTC)
        self._report = None

    def edit(self, change: Callable[[PlanEditor], T]) -> T:
        """Apply ``change`` to the plan and save it; a refused change saves nothing."""
        result = change(self.editor)
        self._save()
        return result

    def set(self, path: str, value: object) -> None:
        self.edit(lambda e: e.set(path, value))

    def set_lines(self, path: str, text: object) -> None:
        self.edit(lambda e: e.set_lines(path, text))

    def go(self, step: object) -> None:
        """Move to ``step`` (anything else from the page is ignored)."""
        if isinstance(step, str) and step in STEPS and step != self.step:
            self.step = step
            self._save()

    def move(self, delta: int) -> None:
        i = STEPS.index(self.step) + (1 if delta > 0 else -1)
        self.go(STEPS[max(0, min(len(STEPS) - 1, i))])

    def problems(self, step: str | None = None) -> list[Problem]:
        """The checker's problems, all of them or those fixed at ``step``."""
        found = self.report.problems
        if step is None:
            return list(found)
        return [p for p in found if step_of(p.where, self.plan) == step]
