"""A unit's self-assessment as it is being filled: the answers as typed and the step, stored on
every change under the person filling it (the same identity as the learning path), so a reload,
a closed browser or a kernel restart reopens the form where it was left."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, select

from kit.store import db
from kit.store.models import AssessmentDraft


@dataclass(frozen=True)
class StoredDraft:
    #: the session's state (its answers as typed, the assessors' scores)
    state: dict[str, object]
    step: str
    updated_at: datetime


def load(owner: int, eng: Engine | None = None) -> StoredDraft | None:
    with db.session(eng) as sess:
        row = sess.scalar(select(AssessmentDraft).where(AssessmentDraft.trainee_id == owner))
        if row is None:
            return None
        data = json.loads(row.data)
        return StoredDraft(data if isinstance(data, dict) else {}, row.step, row.updated_at)


def save(owner: int, state: dict[str, object], step: str, eng: Engine | None = None) -> datetime:
    """Store the state and step of ``owner``'s draft; return the time saved (UTC)."""
    text = json.dumps(state, ensure_ascii=False, sort_keys=True)
    with db.session(eng) as sess:
        row = sess.scalar(select(AssessmentDraft).where(AssessmentDraft.trainee_id == owner))
        if row is None:
            row = AssessmentDraft(trainee_id=owner, data=text, step=step[:40])
            sess.add(row)
        else:
            row.data, row.step = text, step[:40]
        sess.flush()
        return row.updated_at
