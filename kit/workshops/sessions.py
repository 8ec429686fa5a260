"""Workshops in the store: created by a trainer, joined by trainees with a short code.

A trainee's answers in a workshop are attempts in the contexts ``ws:CODE`` (exercises),
``ws:CODE:pre`` and ``ws:CODE:post`` (the tests), so they never mix with private practice.
"""

from __future__ import annotations

import json
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import date
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
    )


def _spec_error(exc: ValidationError) -> InputError:
    lines = "; ".join(err.line("/") for err in field_errors(exc))
    return InputError(f"Thông tin lớp chưa hợp lệ: {lines}", f"The workshop is not valid: {lines}")


def validate_spec(raw: object, catalogue: Catalogue) -> WorkshopSpec:
    """The spec, with every lesson and item checked against the content and the track."""
    try:
        spec = WorkshopSpec.model_validate(raw)
    except ValidationError as exc:
        raise _spec_error(exc) from exc
    unknown_lessons = [x for x in spec.lessons if x not in catalogue.lessons]
    items = [*spec.pre_items, *spec.post_items]
    unknown_items = [
        x for x in items if x not in catalogue.items or spec.track not in catalogue.items[x].tracks
    ]
    if unknown_lessons or unknown_items:
        names = ", ".join([*unknown_lessons, *unknown_items])
        raise InputError(
            f"Không có bài học hoặc câu hỏi này cho nhóm {spec.track}: {names}.",
            f"No such lesson or item for track {spec.track}: {names}.",
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
