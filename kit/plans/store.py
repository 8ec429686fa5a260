"""Plans in progress, kept in the store as PLAN.json text and written on every change.

A plan belongs to the trainee (or unit) who made it; every read and write names the owner, so a
plan id from a page can never open, change or delete somebody else's plan (an id that is not a
whole number, as a forged page may send, is not found either). No other identity changes a plan,
the trainer's included: the trainer reads plans as their owners export them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, delete, select

from kit.core.errors import InputError
from kit.plans.files import dump_plan, parse_plan
from kit.plans.model import Plan
from kit.store import db
from kit.store.models import PlanRecord

STEPS = (
    "header",
    "purpose",
    "scope",
    "drafts",
    "tasks",
    "funding",
    "organisation",
    "review",
)


@dataclass(frozen=True)
class StoredPlan:
    id: int
    title: str
    step: str
    updated_at: datetime
    plan: Plan


@dataclass(frozen=True)
class PlanListing:
    id: int
    title: str
    updated_at: datetime


def _title(plan: Plan) -> str:
    return (plan.header.title or plan.header.issuing_body or "")[:300]


def _step(step: object) -> str:
    return step if isinstance(step, str) and step in STEPS else STEPS[0]


def create(owner: int, plan: Plan, eng: Engine | None = None) -> int:
    """Store a new plan for ``owner``; return its id."""
    with db.session(eng) as sess:
        row = PlanRecord(trainee_id=owner, title=_title(plan), data=dump_plan(plan), step=STEPS[0])
        sess.add(row)
        sess.flush()
        return row.id


def _checked_id(plan_id: object) -> int:
    if not isinstance(plan_id, int) or isinstance(plan_id, bool):
        raise _not_found(plan_id)
    return plan_id


def save(owner: int, plan_id: object, plan: Plan, step: object, eng: Engine | None = None) -> None:
    """Write the plan as it is now (and the step the builder is at); only its owner can."""
    plan_id = _checked_id(plan_id)
    with db.session(eng) as sess:
        row = sess.get(PlanRecord, plan_id)
        if row is None or row.trainee_id != owner:
            raise _not_found(plan_id)
        row.data = dump_plan(plan)
        row.title = _title(plan)
        row.step = _step(step)


def load(owner: int, plan_id: object, eng: Engine | None = None) -> StoredPlan:
    """The owner's plan ``plan_id`` (any other id, or a forged one, is not found)."""
    plan_id = _checked_id(plan_id)
    with db.session(eng) as sess:
        row = sess.get(PlanRecord, plan_id)
        if row is None or row.trainee_id != owner:
            raise _not_found(plan_id)
        return StoredPlan(row.id, row.title, _step(row.step), row.updated_at, parse_plan(row.data))


def latest(owner: int, eng: Engine | None = None) -> StoredPlan | None:
    """The plan the owner edited last, if any."""
    with db.session(eng) as sess:
        plan_id = sess.scalar(
            select(PlanRecord.id)
            .where(PlanRecord.trainee_id == owner)
            .order_by(PlanRecord.updated_at.desc(), PlanRecord.id.desc())
            .limit(1)
        )
    return None if plan_id is None else load(owner, plan_id, eng)


def listing(owner: int, eng: Engine | None = None) -> list[PlanListing]:
    """The owner's plans, the most recently edited first."""
    with db.session(eng) as sess:
        rows = sess.execute(
            select(PlanRecord.id, PlanRecord.title, PlanRecord.updated_at)
            .where(PlanRecord.trainee_id == owner)
            .order_by(PlanRecord.updated_at.desc(), PlanRecord.id.desc())
        ).all()
    return [PlanListing(r.id, r.title, r.updated_at) for r in rows]


def remove(owner: int, plan_id: object, eng: Engine | None = None) -> None:
    """Delete the owner's plan ``plan_id`` (another's, or a forged id, deletes nothing)."""
    if not isinstance(plan_id, int) or isinstance(plan_id, bool):
        return
    with db.session(eng) as sess:
        sess.execute(
            delete(PlanRecord).where(PlanRecord.id == plan_id, PlanRecord.trainee_id == owner)
        )


def _not_found(plan_id: object) -> InputError:
    return InputError(
        f"Không tìm thấy kế hoạch số {plan_id} của bạn.", f"No plan {plan_id} of yours was found."
    )
