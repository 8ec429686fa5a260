"""Submitted self-assessments, kept with their history: a resubmission is a new version.

A unit is known by :attr:`UnitIdentity.key <kit.assessment.collection.sheets.UnitIdentity.key>`: its
name, level and province folded as a reader compares them ("Hòa" = "Hoà", case and spacing
ignored) and its reporting period. ``submit`` validates the app's saved JSON in full and stores
it as the unit's next version (1, 2, …); a file equal to the latest version adds nothing. Two
submissions of one unit at the same moment both get a version: the database refuses a duplicate
(unit, version), and the loser tries again with the next number. Nothing invalid is stored.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import Engine, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from kit.assessment.collection.sheets import unit_identity
from kit.assessment.questionnaire.answers import InvalidAnswers, check_answers
from kit.assessment.questionnaire.saved import read_saved, to_saved
from kit.core.errors import StoreError
from kit.store import db
from kit.store.models import AssessmentSubmission

#: attempts at storing one submission while other writers take the next version numbers
MAX_TRIES = 20
SOURCE_MAX = 300


@dataclass(frozen=True)
class Submission:
    id: int
    unit_key: str
    version: int
    unit_name: str
    unit_level: str
    province: str
    period_start: date
    period_end: date
    #: when it was stored (UTC) and where it came from ("app", a file name…)
    submitted_at: datetime
    source: str
    #: the total proposed from the answers and its level; the assessors' agreed total if any
    total: float | None
    level: str | None
    agreed_total: float | None
    #: the saved JSON text, as stored
    data: str
    #: ``False`` when the file equalled the latest version and nothing new was stored
    created: bool = True

    def saved(self) -> dict[str, object]:
        """The stored file, parsed (the format of
        :func:`~kit.assessment.questionnaire.saved.read_saved`)."""
        parsed: dict[str, object] = json.loads(self.data)
        return parsed


def unit_key(answers: Mapping[str, object]) -> str:
    """The key of the unit and period that validated ``answers`` describe."""
    return unit_identity(answers).key


def submit(
    saved: Mapping[str, object], source: str = "app", eng: Engine | None = None
) -> Submission:
    """Store the app's saved JSON (already parsed) as the unit's next version.

    The answers must be complete and consistent: otherwise
    :class:`~kit.assessment.questionnaire.answers.InvalidAnswers` lists every problem and nothing
    is stored.
    ``source`` says where it came from ("app", a file name, "tep.xlsx dòng 5").
    """
    from kit.assessment.questionnaire.consensus import consensus
    from kit.assessment.questionnaire.scoring import score_answers

    read = read_saved(dict(saved), source)
    checked = check_answers(read.raw, "complete")
    if read.problems or checked.problems:
        raise InvalidAnswers((*read.problems, *checked.problems))
    answers = checked.answers
    scored = score_answers(answers)
    agreed = consensus(scored, read.assessments, read.agreed) if read.assessments else None
    file = to_saved(answers, read.assessments, read.agreed, read.notes)
    identity = unit_identity(answers)
    fields = {
        "unit_key": identity.key,
        "unit_name": identity.name,
        "unit_level": identity.level,
        "province": identity.province,
        "period_start": identity.period_start,
        "period_end": identity.period_end,
        "source": " ".join(str(source).split())[:SOURCE_MAX],
        "data": json.dumps(file, ensure_ascii=False, sort_keys=True),
        "total": scored.total,
        "level": scored.level,
        "agreed_total": agreed.total if agreed else None,
    }
    for _ in range(MAX_TRIES):
        try:
            with db.session(eng) as sess:
                latest = _latest(sess, identity.key)
                if latest is not None and latest.data == fields["data"]:
                    return _submission(latest, created=False)
                row = AssessmentSubmission(version=latest.version + 1 if latest else 1, **fields)
                sess.add(row)
                sess.flush()
                return _submission(row)
        except IntegrityError:  # another writer took this version: read the latest again
            continue
    raise StoreError(
        f"Không lưu được bản tự đánh giá của «{identity.name}»: quá nhiều lần nộp cùng lúc. "
        "Hãy thử lại.",
        f"Could not store the self-assessment of “{identity.name}”: too many submissions at "
        "once. Please try again.",
    )


def history(unit_key: str, eng: Engine | None = None) -> list[Submission]:
    """Every version stored for ``unit_key``, the first first."""
    with db.session(eng) as sess:
        rows = sess.scalars(
            select(AssessmentSubmission)
            .where(AssessmentSubmission.unit_key == unit_key)
            .order_by(AssessmentSubmission.version)
        )
        return [_submission(r) for r in rows]


def latest_per_unit(
    period: int | tuple[date, date] | None = None, eng: Engine | None = None
) -> list[Submission]:
    """The newest version of every unit, by province then name.

    ``period`` keeps only the reports of one period: a year (periods that end in it) or the
    exact ``(start, end)``.
    """
    table = AssessmentSubmission
    newest = (
        select(table.unit_key, func.max(table.version).label("version"))
        .group_by(table.unit_key)
        .subquery()
    )
    query = select(table).join(
        newest, (table.unit_key == newest.c.unit_key) & (table.version == newest.c.version)
    )
    if isinstance(period, int):
        query = query.where(table.period_end.between(date(period, 1, 1), date(period, 12, 31)))
    elif period is not None:
        query = query.where(table.period_start == period[0], table.period_end == period[1])
    with db.session(eng) as sess:
        rows = sess.scalars(query.order_by(table.province, table.unit_name, table.unit_key))
        return [_submission(r) for r in rows]


def _latest(sess: Session, key: str) -> AssessmentSubmission | None:
    return sess.scalars(
        select(AssessmentSubmission)
        .where(AssessmentSubmission.unit_key == key)
        .order_by(AssessmentSubmission.version.desc())
        .limit(1)
    ).first()


def _submission(row: AssessmentSubmission, created: bool = True) -> Submission:
    stamp = row.submitted_at
    if stamp.tzinfo is None:  # SQLite keeps no time zone; the store writes UTC
        stamp = stamp.replace(tzinfo=UTC)
    return Submission(
        row.id,
        row.unit_key,
        row.version,
        row.unit_name,
        row.unit_level,
        row.province,
        row.period_start,
        row.period_end,
        stamp,
        row.source,
        row.total,
        row.level,
        row.agreed_total,
        row.data,
        created,
    )
