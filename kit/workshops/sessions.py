"""Workshops in the store: created by a trainer, joined by trainees with a short code.

A trainee's answers in a workshop are attempts in the contexts ``ws:CODE`` (exercises),
``ws:CODE:pre`` and ``ws:CODE:post`` (the tests), so they never mix with private practice.

The test items are kept out of the workshop's exercises and held back from its trainees'
practice until the tests close (:mod:`kit.workshops.secrecy`); a workshop whose tests would
leave its lessons without an exercise is refused.
"""

from __future__ import annotations

import json
import secrets
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from sqlalchemy import Engine, select

from kit.content.catalogue import Catalogue
from kit.core.errors import InputError
from kit.core.schema import field_errors
from kit.store import db
from kit.store.models import Workshop, WorkshopMember

#: letters and digits nobody confuses when read aloud or from a projector (no 0/O, 1/I/L, 2/Z, 5/S)
CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
CODE_LENGTH = 6
Phase = Literal["pre", "post"]


class WorkshopSpec(BaseModel):
    """What a trainer fills in to open a workshop (validated: it comes from a page)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    title: str = Field(min_length=3, max_length=300)
    day: date
    place: str = Field(default="", max_length=200)
    track: Literal["A", "B"]
    lessons: list[str] = Field(default_factory=list, max_length=50)
    pre_items: list[str] = Field(default_factory=list, max_length=60)
    post_items: list[str] = Field(default_factory=list, max_length=60)
    survey: bool = True
    expected: int = Field(default=0, ge=0, le=500)

    @field_validator("title", "place")
    @classmethod
    def _nfc(cls, value: str) -> str:
        return unicodedata.normalize("NFC", value)


@dataclass(frozen=True)
class WorkshopInfo:
    id: int
    code: str
    title: str
    day: date
    place: str
    track: str
    lessons: tuple[str, ...]
    pre_items: tuple[str, ...]
    post_items: tuple[str, ...]
    survey: bool
    expected: int
    #: when the trainer closed the tests (None: open; see :mod:`kit.workshops.secrecy`)
    tests_closed_at: datetime | None = None

    @property
    def test_items(self) -> frozenset[str]:
        """The items of the pre- and the post-test."""
        return frozenset((*self.pre_items, *self.post_items))

    def context(self, phase: str | None = None) -> str:
        return f"ws:{self.code}" + (f":{phase}" if phase else "")


def _info(row: Workshop) -> WorkshopInfo:
    return WorkshopInfo(
        row.id,
        row.code,
        row.title,
        date.fromisoformat(row.day),
        row.place,
        row.track,
        tuple(json.loads(row.lessons)),
        tuple(json.loads(row.pre_items)),
        tuple(json.loads(row.post_items)),
        bool(row.survey),
        row.expected,
        _utc(row.tests_closed_at),
    )


def _utc(moment: datetime | None) -> datetime | None:
    """A stored time in UTC (SQLite gives it back without its zone)."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)


def _spec_error(exc: ValidationError) -> InputError:
    lines = "; ".join(err.line("/") for err in field_errors(exc))
    return InputError(f"Thông tin lớp chưa hợp lệ: {lines}", f"The workshop is not valid: {lines}")


def lesson_items(catalogue: Catalogue, track: str, lessons: Collection[str]) -> list[str]:
    """The items of ``lessons`` for ``track``, in course order."""
    chosen = set(lessons)
    order = {lesson.id: i for i, lesson in enumerate(catalogue.ordered_lessons())}
    served = catalogue.served().values()
    items = [it for it in served if it.lesson in chosen and track in it.tracks]
    return [it.id for it in sorted(items, key=lambda it: (order.get(it.lesson, 999), it.id))]


def validate_spec(raw: object, catalogue: Catalogue) -> WorkshopSpec:
    """The spec, with every lesson and item checked against the content and the track; the
    tests may not take every item of the lessons (they are kept out of the exercises)."""
    try:
        spec = WorkshopSpec.model_validate(raw)
    except ValidationError as exc:
        raise _spec_error(exc) from exc
    unknown_lessons = [x for x in spec.lessons if x not in catalogue.lessons]
    items = [*spec.pre_items, *spec.post_items]
    served = catalogue.served()
    unknown_items = [x for x in items if x not in served or spec.track not in served[x].tracks]
    if unknown_lessons or unknown_items:
        names = ", ".join([*unknown_lessons, *unknown_items])
        raise InputError(
            f"Không có bài học hoặc câu hỏi này cho nhóm {spec.track}: {names}.",
            f"No such lesson or item for track {spec.track}: {names}.",
        )
    tested = {*spec.pre_items, *spec.post_items}
    if spec.lessons and not set(lesson_items(catalogue, spec.track, spec.lessons)) - tested:
        raise InputError(
            "Các câu của bài kiểm tra đã dùng hết câu hỏi của các bài học đã chọn, nên lớp không "
            "còn bài tập nào (câu kiểm tra không được dùng làm bài tập): hãy chọn thêm bài học "
            "hoặc bớt câu kiểm tra.",
            "The test items take every item of the chosen lessons, so the workshop has no "
            "exercise left (test items are kept out of the exercises): choose more lessons or "
            "fewer test items.",
        )
    return spec


def normalise_code(raw: object) -> str:
    """A join code as typed (spaces, dashes, lower case) in its stored form."""
    text = "".join(ch for ch in str(raw or "").upper() if ch.isalnum())
    return text[:12]


def create(spec: WorkshopSpec, eng: Engine | None = None) -> WorkshopInfo:
    with db.session(eng) as sess:
        taken = set(sess.scalars(select(Workshop.code)))
        code = ""
        while not code or code in taken:
            code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        row = Workshop(
            code=code,
            title=spec.title,
            day=spec.day.isoformat(),
            place=spec.place,
            track=spec.track,
            lessons=json.dumps(spec.lessons),
            pre_items=json.dumps(spec.pre_items),
            post_items=json.dumps(spec.post_items),
            survey=int(spec.survey),
            expected=spec.expected,
        )
        sess.add(row)
        sess.flush()
        return _info(row)


def by_code(raw: object, eng: Engine | None = None) -> WorkshopInfo | None:
    code = normalise_code(raw)
    if not code:
        return None
    with db.session(eng) as sess:
        row = sess.scalar(select(Workshop).where(Workshop.code == code))
        return _info(row) if row else None


def listing(eng: Engine | None = None) -> list[WorkshopInfo]:
    with db.session(eng) as sess:
        rows = sess.scalars(select(Workshop).order_by(Workshop.day.desc(), Workshop.id.desc()))
        return [_info(r) for r in rows]


def tests_closed(workshop: WorkshopInfo, eng: Engine | None = None) -> bool:
    """Has the trainer closed the workshop's tests? (read afresh: another page may close them)"""
    with db.session(eng) as sess:
        closed = sess.scalar(select(Workshop.tests_closed_at).where(Workshop.id == workshop.id))
        return closed is not None


def close_tests(workshop: WorkshopInfo, eng: Engine | None = None) -> WorkshopInfo:
    """Close the workshop's tests for good (the trainer's action, e.g. at the end of the day): no
    test answer is taken from then on, and the test items are no longer held back from its
    trainees' practice. Closing twice keeps the first time."""
    with db.session(eng) as sess:
        row = sess.get(Workshop, workshop.id)
        if row is None:
            raise InputError("Không có lớp này.", "No such workshop.")
        if row.tests_closed_at is None:
            row.tests_closed_at = datetime.now(UTC)
        sess.flush()
        return _info(row)


def open_memberships(trainee_id: int, eng: Engine | None = None) -> list[WorkshopInfo]:
    """The workshops the trainee joined whose tests the trainer has not closed."""
    with db.session(eng) as sess:
        rows = sess.scalars(
            select(Workshop)
            .join(WorkshopMember, WorkshopMember.workshop_id == Workshop.id)
            .where(WorkshopMember.trainee_id == trainee_id, Workshop.tests_closed_at.is_(None))
        )
        return [_info(r) for r in rows]


def join(workshop: WorkshopInfo, trainee_id: int, eng: Engine | None = None) -> None:
    """Make the trainee a member (joining twice is the same as once)."""
    with db.session(eng) as sess:
        known = sess.scalar(
            select(WorkshopMember.id).where(
                WorkshopMember.workshop_id == workshop.id, WorkshopMember.trainee_id == trainee_id
            )
        )
        if known is None:
            sess.add(WorkshopMember(workshop_id=workshop.id, trainee_id=trainee_id))


def joined(workshop: WorkshopInfo, trainee_id: int, eng: Engine | None = None) -> bool:
    with db.session(eng) as sess:
        return (
            sess.scalar(
                select(WorkshopMember.id).where(
                    WorkshopMember.workshop_id == workshop.id,
                    WorkshopMember.trainee_id == trainee_id,
                )
            )
            is not None
        )
