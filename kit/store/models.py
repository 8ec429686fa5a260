"""Tables. Every change to them comes with an Alembic migration in ``migrations/versions``."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Setting(Base):
    """Server-wide settings kept between runs (e.g. the trainer passcode hash, content stamp)."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, default=utcnow, onupdate=utcnow
    )


class Trainee(Base):
    """A trainee, known by a random browser token (stored hashed) plus name, unit and a PIN.

    The token and the PIN are never stored in clear; a name alone never opens a record.
    """

    __tablename__ = "trainees"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    name: Mapped[str] = mapped_column(String(120), nullable=False)
    unit: Mapped[str] = mapped_column(String(200), nullable=False)
    track: Mapped[str] = mapped_column(String(1), nullable=False)
    pin_salt: Mapped[str] = mapped_column(String(32), nullable=False)
    pin_hash: Mapped[str] = mapped_column(String(96), nullable=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Attempt(Base):
    """One answer to one item, stored when given. ``context`` is ``practice`` or a workshop code;
    one answer per trainee, item and context (the database refuses a duplicate)."""

    __tablename__ = "attempts"
    __table_args__ = (UniqueConstraint("trainee_id", "item_id", "context"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    trainee_id: Mapped[int] = mapped_column(
        ForeignKey("trainees.id", ondelete="CASCADE"), nullable=False, index=True
    )
    item_id: Mapped[str] = mapped_column(String(80), nullable=False)
    context: Mapped[str] = mapped_column(String(40), nullable=False, default="practice")
    answer: Mapped[str] = mapped_column(Text, nullable=False)
    score: Mapped[float] = mapped_column(Float, nullable=False)
    max_score: Mapped[int] = mapped_column(Integer, nullable=False)
    submitted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    #: points a trainer awarded by hand (writing items), with the comment the trainee sees
    trainer_score: Mapped[float | None] = mapped_column(Float, nullable=True)
    trainer_comment: Mapped[str | None] = mapped_column(Text, nullable=True)
    graded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class PlanRecord(Base):
    """A communication plan a trainee or unit is building, stored as PLAN.json text each time it
    changes (so a reload or a kernel restart loses nothing), with the builder step it was at."""

    __tablename__ = "plans"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    trainee_id: Mapped[int] = mapped_column(
        ForeignKey("trainees.id", ondelete="CASCADE"), nullable=False, index=True
    )
    title: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    data: Mapped[str] = mapped_column(Text, nullable=False)
    step: Mapped[str] = mapped_column(String(20), nullable=False, default="header")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )


class Workshop(Base):
    """A workshop run by a trainer: what it covers and its join code. Lists (lessons, test items)
    are JSON text; trainees' answers are attempts in the contexts ``ws:CODE``, ``ws:CODE:pre`` and
    ``ws:CODE:post``."""

    __tablename__ = "workshops"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(12), nullable=False, unique=True)
    title: Mapped[str] = mapped_column(String(300), nullable=False)
    day: Mapped[str] = mapped_column(String(10), nullable=False)
    place: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    track: Mapped[str] = mapped_column(String(1), nullable=False)
    lessons: Mapped[str] = mapped_column(Text, nullable=False, default="[]")
    pre_items: Mapped[str] = mapped_column(Text, nullable=False, default="[]")
    post_items: Mapped[str] = mapped_column(Text, nullable=False, default="[]")
    survey: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    expected: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    #: when the trainer closed the workshop's tests (None: open); from then on no test answer is
    #: taken and the test items are no longer held back from its trainees' practice
    tests_closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class WorkshopMember(Base):
    """A trainee who joined a workshop (once)."""

    __tablename__ = "workshop_members"
    __table_args__ = (UniqueConstraint("workshop_id", "trainee_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workshop_id: Mapped[int] = mapped_column(
        ForeignKey("workshops.id", ondelete="CASCADE"), nullable=False, index=True
    )
    trainee_id: Mapped[int] = mapped_column(
        ForeignKey("trainees.id", ondelete="CASCADE"), nullable=False
    )
    joined_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class SurveyResponse(Base):
    """A trainee's reaction survey for a workshop (Kirkpatrick level 1), answers as JSON."""

    __tablename__ = "survey_responses"
    __table_args__ = (UniqueConstraint("workshop_id", "trainee_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workshop_id: Mapped[int] = mapped_column(
        ForeignKey("workshops.id", ondelete="CASCADE"), nullable=False, index=True
    )
    trainee_id: Mapped[int] = mapped_column(
        ForeignKey("trainees.id", ondelete="CASCADE"), nullable=False
    )
    answers: Mapped[str] = mapped_column(Text, nullable=False)
    submitted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class AssessmentSubmission(Base):
    """One submitted self-assessment of a unit for a period, as the app's saved JSON. A
    resubmission is a new row with the next ``version``; earlier versions are kept as history.
    ``unit_key`` folds the unit's name, level, province and period, so spellings a reader takes
    as the same ("Hòa"/"Hoà") are one unit."""

    __tablename__ = "assessment_submissions"
    __table_args__ = (UniqueConstraint("unit_key", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    unit_key: Mapped[str] = mapped_column(String(800), nullable=False)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    unit_name: Mapped[str] = mapped_column(String(300), nullable=False)
    unit_level: Mapped[str] = mapped_column(String(60), nullable=False)
    province: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    period_start: Mapped[date] = mapped_column(Date, nullable=False)
    period_end: Mapped[date] = mapped_column(Date, nullable=False, index=True)
    submitted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    source: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    data: Mapped[str] = mapped_column(Text, nullable=False)
    #: the total proposed from the answers, its level, and the assessors' agreed total if any
    total: Mapped[float | None] = mapped_column(Float, nullable=True)
    level: Mapped[str | None] = mapped_column(String(60), nullable=True)
    agreed_total: Mapped[float | None] = mapped_column(Float, nullable=True)
    #: the registered unit and the access code that made this version (None: before the
    #: registry, or made by the trainer); ``submitted_by`` says who: "code", "trainer", "file",
    #: or "" (the app, before any unit was registered). A registered unit's ``unit_key`` is
    #: ``#<unit id>|<period>``: its versions follow the unit, never a typed name
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), nullable=True, index=True)
    unit_code_id: Mapped[int | None] = mapped_column(ForeignKey("unit_codes.id"), nullable=True)
    submitted_by: Mapped[str] = mapped_column(String(20), nullable=False, default="")


class AssessmentDraft(Base):
    """A self-assessment being filled in the app, as typed (valid or not), with its step, written
    on every change: one per registered unit (opened with the unit's access code or by the
    trainer) or, where no unit is registered, one per person filling it. Exactly one of
    ``unit_id`` and ``trainee_id`` is set."""

    __tablename__ = "assessment_drafts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    trainee_id: Mapped[int | None] = mapped_column(
        ForeignKey("trainees.id", ondelete="CASCADE"), nullable=True, unique=True
    )
    unit_id: Mapped[int | None] = mapped_column(
        ForeignKey("units.id", ondelete="CASCADE"), nullable=True, unique=True
    )
    data: Mapped[str] = mapped_column(Text, nullable=False)
    step: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )


class Unit(Base):
    """A unit expected to submit its yearly review (the registry a province keeps). Never
    deleted: a unit missing from a re-import is marked inactive."""

    __tablename__ = "units"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(40), nullable=False, unique=True)
    name: Mapped[str] = mapped_column(String(300), nullable=False)
    #: the name folded for loose matching (diacritics, case, "UBND" = "Ủy ban nhân dân")
    name_key: Mapped[str] = mapped_column(String(300), nullable=False, index=True)
    level: Mapped[str] = mapped_column(String(60), nullable=False)
    province: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )


class UnitCode(Base):
    """An access code of a unit, stored only as its hash; ``hint`` (its last characters) lets a
    trainer tell codes apart. A revoked code opens nothing."""

    __tablename__ = "unit_codes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    unit_id: Mapped[int] = mapped_column(
        ForeignKey("units.id", ondelete="CASCADE"), nullable=False, index=True
    )
    code_hash: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    hint: Mapped[str] = mapped_column(String(8), nullable=False, default="")
    issued_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class GuessCounter(Base):
    """Wrong guesses of one secret by one subject (``pin:<sha256 of the folded name and unit>``,
    ``passcode:all``, ``passcode:page:…``), counted in the database so a limit holds across pages,
    servers and restarts (:mod:`kit.store.guesses`); ``locked`` stays until a trainer unlocks it."""

    __tablename__ = "guess_counters"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    locked: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )


class PeerRound(Base):
    """A peer-review round on one writing item of a workshop (one per workshop and item): who
    reviews what is drawn from ``seed`` when it opens (:class:`PeerAssignment`); the calibration
    answer is one the trainer marked against the item's rubric (``calibration_marks``: JSON, one
    mark per rubric row); ``closed_at`` set: no review is taken any more."""

    __tablename__ = "peer_rounds"
    __table_args__ = (UniqueConstraint("workshop_id", "item_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workshop_id: Mapped[int] = mapped_column(
        ForeignKey("workshops.id", ondelete="CASCADE"), nullable=False, index=True
    )
    item_id: Mapped[str] = mapped_column(String(80), nullable=False)
    seed: Mapped[int] = mapped_column(Integer, nullable=False)
    calibration_attempt_id: Mapped[int] = mapped_column(
        ForeignKey("attempts.id", ondelete="CASCADE"), nullable=False
    )
    calibration_marks: Mapped[str] = mapped_column(Text, nullable=False)
    calibration_total: Mapped[float] = mapped_column(Float, nullable=False)
    opened_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class PeerAssignment(Base):
    """One answer a reviewer was given in a round, in the order shown (``calibration``: the
    trainer-marked answer, reviewed like the others, counted only for the reviewer's
    reliability)."""

    __tablename__ = "peer_assignments"
    __table_args__ = (UniqueConstraint("round_id", "reviewer_id", "attempt_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    round_id: Mapped[int] = mapped_column(
        ForeignKey("peer_rounds.id", ondelete="CASCADE"), nullable=False, index=True
    )
    reviewer_id: Mapped[int] = mapped_column(
        ForeignKey("trainees.id", ondelete="CASCADE"), nullable=False
    )
    attempt_id: Mapped[int] = mapped_column(
        ForeignKey("attempts.id", ondelete="CASCADE"), nullable=False
    )
    position: Mapped[int] = mapped_column(Integer, nullable=False)
    calibration: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)


class PeerReview(Base):
    """A reviewer's marks on one answer (``marks``: JSON, one per rubric row), stored when sent:
    one per reviewer and answer, like attempts (the database refuses a second)."""

    __tablename__ = "peer_reviews"
    __table_args__ = (UniqueConstraint("reviewer_id", "attempt_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    round_id: Mapped[int] = mapped_column(
        ForeignKey("peer_rounds.id", ondelete="CASCADE"), nullable=False, index=True
    )
    reviewer_id: Mapped[int] = mapped_column(
        ForeignKey("trainees.id", ondelete="CASCADE"), nullable=False
    )
    attempt_id: Mapped[int] = mapped_column(
        ForeignKey("attempts.id", ondelete="CASCADE"), nullable=False
    )
    marks: Mapped[str] = mapped_column(Text, nullable=False)
    total: Mapped[float] = mapped_column(Float, nullable=False)
    comment: Mapped[str] = mapped_column(Text, nullable=False, default="")
    submitted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
