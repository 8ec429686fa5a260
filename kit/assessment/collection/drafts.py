"""A unit's self-assessment as it is being filled: the answers as typed and the step, stored on
every change, so a reload, a closed browser or a kernel restart reopens the form where it was
left.

Once units are registered, the draft belongs to the unit: it is read and written only with a
:class:`~kit.units.access.UnitAccess` (the unit's access code or the trainer), checked against
the database in the transaction that reads or writes, so a revoked code or a closed trainer
session reads and writes nothing. Before any unit is registered, the draft belongs to the person
filling it (the same identity as the learning path): only their id reads or writes it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from kit.store import db
from kit.store.models import AssessmentDraft
from kit.units.access import UnitAccess, verify


@dataclass(frozen=True)
class StoredDraft:
    #: the session's state (its answers as typed, the assessors' scores)
    state: dict[str, object]
    step: str
    updated_at: datetime


def _stored(row: AssessmentDraft | None) -> StoredDraft | None:
    if row is None:
        return None
    data = json.loads(row.data)
    return StoredDraft(data if isinstance(data, dict) else {}, row.step, row.updated_at)


def _write(sess: Session, row: AssessmentDraft, state: dict[str, object], step: str) -> datetime:
    row.data = json.dumps(state, ensure_ascii=False, sort_keys=True)
    row.step = step[:40]
    if row.id is None:
        sess.add(row)
    sess.flush()
    return row.updated_at


def load(owner: int, eng: Engine | None = None) -> StoredDraft | None:
    """The draft of the person ``owner`` (before any unit is registered)."""
    with db.session(eng) as sess:
        return _stored(
            sess.scalar(select(AssessmentDraft).where(AssessmentDraft.trainee_id == owner))
        )


def save(owner: int, state: dict[str, object], step: str, eng: Engine | None = None) -> datetime:
    """Store the state and step of ``owner``'s draft; return the time saved (UTC)."""
    with db.session(eng) as sess:
        row = sess.scalar(select(AssessmentDraft).where(AssessmentDraft.trainee_id == owner))
        return _write(sess, row or AssessmentDraft(trainee_id=owner), state, step)


def load_unit(by: UnitAccess, eng: Engine | None = None) -> StoredDraft | None:
    """The draft of the registered unit ``by`` opens (refused when it no longer opens it)."""
    with db.session(eng) as sess:
        unit = verify(by, sess)
        return _stored(
            sess.scalar(select(AssessmentDraft).where(AssessmentDraft.unit_id == unit.id))
        )


def save_unit(
    by: UnitAccess, state: dict[str, object], step: str, eng: Engine | None = None
) -> datetime:
    """Store the draft of the registered unit ``by`` opens; refused, with nothing written, when
    the access no longer opens it. Two pages of one unit writing its first draft at once: the
    database keeps one row, and the later write updates it."""
    try:
        return _save_unit(by, state, step, eng)
    except IntegrityError:  # another page of the unit wrote its first draft a moment ago
        return _save_unit(by, state, step, eng)


def _save_unit(by: UnitAccess, state: dict[str, object], step: str, eng: Engine | None) -> datetime:
    with db.session(eng) as sess:
        unit = verify(by, sess)
        row = sess.scalar(select(AssessmentDraft).where(AssessmentDraft.unit_id == unit.id))
        return _write(sess, row or AssessmentDraft(unit_id=unit.id), state, step)
