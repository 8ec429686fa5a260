"""Submitted self-assessments, kept with their history: a resubmission is a new version.

Once units are registered (:mod:`kit.units`), a review is submitted only with a
:class:`~kit.units.access.UnitAccess`: the unit's access code or the trainer. The unit is then the
registered one, whatever the answers say: its name, level and province are the registry's, the
version is the next of *that* unit (known by its id and the period), and the row records the unit,
the code that made it and who (``submitted_by``: ``"code"`` or ``"trainer"``). The access is
checked again in the transaction that writes, so a code revoked a moment ago is refused. Without
an access, a submission is refused, naming the registered units its name may be (for a person to
confirm; a name never decides).

While no unit is registered, a unit is known by
:attr:`UnitIdentity.key <kit.assessment.collection.sheets.UnitIdentity.key>`: its
name, level and province folded as a reader compares them ("Hòa" = "Hoà", case and spacing
ignored) and its reporting period (``submitted_by`` is ``"file"`` for a file, empty for the app).

``submit`` validates the app's saved JSON in full and stores
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

from kit.assessment.collection.sheets import UnitIdentity, unit_identity
from kit.assessment.questionnaire.answers import InvalidAnswers, check_answers
from kit.assessment.questionnaire.saved import read_saved, to_saved
from kit.core.errors import InputError, StoreError
from kit.store import db
from kit.store.models import AssessmentSubmission, Unit, UnitCode
from kit.units import access as unit_access
from kit.units.access import UnitAccess
from kit.units.matching import match_unit
from kit.units.registry import RegisteredUnit, all_units, has_units

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
    #: who made it: "code" (the unit's access code), "trainer", "file", or "" (the app before
    #: any unit was registered); the registered unit's code and the access code's hint
    submitted_by: str = ""
    unit_code: str = ""
    code_hint: str = ""

    def saved(self) -> dict[str, object]:
        """The stored file, parsed (the format of
        :func:`~kit.assessment.questionnaire.saved.read_saved`)."""
        parsed: dict[str, object] = json.loads(self.data)
        return parsed


def unit_key(answers: Mapping[str, object]) -> str:
    """The key of the unit and period that validated ``answers`` describe."""
    return unit_identity(answers).key


def registry_answers(unit: RegisteredUnit) -> dict[str, object]:
    """The answers that name the unit, as the registry has them (they replace any typed)."""
    return {"unit_name": unit.name, "unit_level": unit.level, "province": unit.province or None}


def submit(
    saved: Mapping[str, object],
    source: str = "app",
    eng: Engine | None = None,
    *,
    by: UnitAccess | None = None,
) -> Submission:
    """Store the app's saved JSON (already parsed) as the unit's next version.

    The answers must be complete and consistent: otherwise
    :class:`~kit.assessment.questionnaire.answers.InvalidAnswers` lists every problem and nothing
    is stored.
    ``source`` says where it came from ("app", a file name, "tep.xlsx dòng 5"); ``by`` is the
    access that opened a registered unit (see the module docstring).
    """
    from kit.assessment.questionnaire.consensus import consensus
    from kit.assessment.questionnaire.scoring import score_answers

    read = read_saved(dict(saved), source)
    raw = dict(read.raw)
    if by is not None:  # the registered unit, as the database has it now
        raw.update(registry_answers(unit_access.check(by, eng)))
    elif has_units(eng):
        raise _registered_only(unit_identity(raw), eng)
    checked = check_answers(raw, "complete")
    if read.problems or checked.problems:
        raise InvalidAnswers((*read.problems, *checked.problems))
    answers = checked.answers
    scored = score_answers(answers)
    agreed = consensus(scored, read.assessments, read.agreed) if read.assessments else None
    file = to_saved(answers, read.assessments, read.agreed, read.notes)
    identity = unit_identity(answers)
    fields: dict[str, object] = {
        "unit_key": identity.key if by is None else _registered_key(by.unit, identity),
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
        "submitted_by": by.by if by is not None else ("" if source == "app" else "file"),
        "unit_id": by.unit.id if by is not None else None,
        "unit_code_id": by.code_id if by is not None else None,
    }
    key = str(fields["unit_key"])
    for _ in range(MAX_TRIES):
        try:
            with db.session(eng) as sess:
                if by is not None:  # revoked or signed out since the page opened: refused
                    unit_access.verify(by, sess)
                latest = _latest(sess, key)
                if latest is not None and latest.data == fields["data"]:
                    return _submission(latest, created=False, who=_who(sess, [latest]))
                row = AssessmentSubmission(version=latest.version + 1 if latest else 1, **fields)
                sess.add(row)
                sess.flush()
                return _submission(row, who=_who(sess, [row]))
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
        rows = list(
            sess.scalars(
                select(AssessmentSubmission)
                .where(AssessmentSubmission.unit_key == unit_key)
                .order_by(AssessmentSubmission.version)
            )
        )
        who = _who(sess, rows)
        return [_submission(r, who=who) for r in rows]


def unit_history(by: UnitAccess, eng: Engine | None = None) -> list[Submission]:
    """Every version the registered unit ``by`` opens has submitted (any period), the newest
    first; refused when the access no longer opens it."""
    with db.session(eng) as sess:
        unit = unit_access.verify(by, sess)
        rows = list(
            sess.scalars(
                select(AssessmentSubmission)
                .where(AssessmentSubmission.unit_id == unit.id)
                .order_by(AssessmentSubmission.submitted_at.desc(), AssessmentSubmission.id.desc())
            )
        )
        who = _who(sess, rows)
        return [_submission(r, who=who) for r in rows]


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
        rows = list(sess.scalars(query.order_by(table.province, table.unit_name, table.unit_key)))
        who = _who(sess, rows)
        return [_submission(r, who=who) for r in rows]


def _latest(sess: Session, key: str) -> AssessmentSubmission | None:
    return sess.scalars(
        select(AssessmentSubmission)
        .where(AssessmentSubmission.unit_key == key)
        .order_by(AssessmentSubmission.version.desc())
        .limit(1)
    ).first()


def _registered_key(unit: RegisteredUnit, identity: UnitIdentity) -> str:
    """The key of a registered unit's period: its id, never its (typed) name."""
    days = [d.isoformat() if d else "" for d in (identity.period_start, identity.period_end)]
    return "|".join([f"#{unit.id}", *days])


def _registered_only(identity: UnitIdentity, eng: Engine | None) -> InputError:
    """Why a review with no access is refused once units are registered, with the registered
    units its name may be (for a person to confirm)."""
    found = match_unit(
        identity.name, all_units(True, eng), level=identity.level, province=identity.province
    )
    maybe = [*([found.exact] if found.exact else []), *(c.unit for c in found.candidates)]
    names = "; ".join(f"{u.code} «{u.name}»" for u in maybe[:5])
    return InputError(
        "Đã có danh sách đơn vị: bản tự đánh giá chỉ nộp được bằng mã truy cập của đơn vị hoặc "
        "với quyền giảng viên; chưa lưu."
        + (f" «{identity.name}» có thể là: {names} (cần người xác nhận)." if names else ""),
        "Units are registered: a review is submitted only with the unit's access code or by the "
        "trainer; nothing was stored."
        + (f" “{identity.name}” may be: {names} (for a person to confirm)." if names else ""),
    )


Who = dict[tuple[str, int | None], str]


def _who(sess: Session, rows: list[AssessmentSubmission]) -> Who:
    """The registered units' codes and the access codes' hints of ``rows``, in two reads."""
    units = {r.unit_id for r in rows if r.unit_id is not None}
    codes = {r.unit_code_id for r in rows if r.unit_code_id is not None}
    out: Who = {}
    if units:
        for unit_id, code in sess.execute(select(Unit.id, Unit.code).where(Unit.id.in_(units))):
            out[("unit", unit_id)] = code
    if codes:
        query = select(UnitCode.id, UnitCode.hint).where(UnitCode.id.in_(codes))
        for code_id, hint in sess.execute(query):
            out[("code", code_id)] = hint
    return out


def _submission(
    row: AssessmentSubmission, created: bool = True, who: Who | None = None
) -> Submission:
    who = who or {}
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
        row.submitted_by,
        who.get(("unit", row.unit_id), ""),
        who.get(("code", row.unit_code_id), ""),
    )
