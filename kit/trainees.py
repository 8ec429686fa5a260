"""Trainee identity and the attempt store.

A trainee is known by a random token the browser keeps (stored here only as a SHA-256 hash),
plus a name and a unit. A six-digit PIN, shown once at registration and stored as a salted
PBKDF2 hash, lets them resume on another device; a name alone never opens a record.

How hard the PIN hash is to compute (:data:`PBKDF2_ROUNDS`) is weighed, not maximised. The PIN
is six random digits made by the kit, never chosen by a person nor used anywhere else, so a
million guesses find it whatever the rounds: stretching cannot protect it from someone holding
the database file, who holds every name and answer in clear anyway. Against guessing through
the app, the delay after a wrong PIN and the name and unit it must come with are what count.
Stretching did cost the room, though: at 120,000 rounds a join took ≈ 45 ms of CPU, and forty
trainees joining together kept both cores of the trainer's laptop busy for ~2 s, so that the
pages of those still arriving and the first answers of those already in waited behind it
(``make bench``, capacity). Hashes made with the earlier rounds are still read (a hash carries
its rounds, ``"12000$<hex>"``; one without them is :data:`LEGACY_ROUNDS`) and are renewed when
the PIN is next used. The hashing itself is :mod:`kit.core.hashing`'s; the wait after a wrong PIN
is this module's (:func:`_after_wrong_pin`).

Every answer is written when it is given, so a closed page, a culled kernel or a restarted
server loses nothing. One answer per trainee, item and context: the database refuses a second one.
"""

from __future__ import annotations

import hashlib
import secrets
import time
import unicodedata
from dataclasses import dataclass

from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError

from kit.core import hashing
from kit.core.errors import InputError
from kit.core.text import fold
from kit.grading.engine import Graded
from kit.store import db
from kit.store.models import Attempt, Trainee, utcnow

PIN_DIGITS = 6
PBKDF2_ROUNDS = 12_000
#: the rounds of a hash stored without them (before migration 0007)
LEGACY_ROUNDS = 120_000
WRONG_PIN_DELAY_S = 1.0
NAME_MAX, UNIT_MAX = 120, 200


@dataclass(frozen=True)
class Identity:
    id: int
    name: str
    unit: str
    track: str


@dataclass(frozen=True)
class Registration:
    identity: Identity
    token: str
    pin: str


@dataclass(frozen=True)
class StoredAttempt:
    item_id: str
    answer: str
    score: float
    max_score: int


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _hash_pin(pin: str, salt: str) -> str:
    """``"<rounds>$<hex>"``: the PBKDF2-SHA256 hash of ``pin`` salted with ``salt`` (hex) and
    today's rounds."""
    return hashing.to_rounds_digest(hashing.make(pin, PBKDF2_ROUNDS, bytes.fromhex(salt)))


def _stored_pin(row: Trainee) -> hashing.Hashed | None:
    """The PIN hash of ``row`` (in either format); None when it cannot be read."""
    try:
        return hashing.from_rounds_digest(row.pin_hash, row.pin_salt, LEGACY_ROUNDS)
    except hashing.DamagedRecord:
        return None


def _after_wrong_pin() -> None:
    """Slow down guessing: the wait before a wrong name, unit or PIN is answered."""
    time.sleep(WRONG_PIN_DELAY_S)


def _clean(value: object, limit: int, vi: str, en: str) -> str:
    text = " ".join(unicodedata.normalize("NFC", str(value or "")).split())
    if not text:
        raise InputError(f"Chưa nhập {vi}.", f"Please enter your {en}.")
    if len(text) > limit:
        raise InputError(f"{vi.capitalize()} dài quá {limit} ký tự.", f"{en} is over {limit}.")
    return text


def _track(value: object) -> str:
    track = str(value or "").strip().upper()
    if track not in ("A", "B"):
        raise InputError("Chọn nhóm A hoặc B.", "Choose track A or B.")
    return track


def _identity(row: Trainee) -> Identity:
    return Identity(row.id, row.name, row.unit, row.track)


def register(name: object, unit: object, track: object, eng: Engine | None = None) -> Registration:
    """A new trainee; returns the browser token and the PIN (shown once, never stored in clear)."""
    clean_name = _clean(name, NAME_MAX, "họ tên", "name")
    clean_unit = _clean(unit, UNIT_MAX, "đơn vị", "unit")
    token = secrets.token_urlsafe(32)
    pin = "".join(secrets.choice("0123456789") for _ in range(PIN_DIGITS))
    salt = secrets.token_hex(16)
    row = Trainee(
        token_hash=_hash_token(token),
        name=clean_name,
        unit=clean_unit,
        track=_track(track),
        pin_salt=salt,
        pin_hash=_hash_pin(pin, salt),
    )
    with db.session(eng) as sess:
        sess.add(row)
        sess.flush()
        identity = _identity(row)
    return Registration(identity, token, pin)


def by_token(token: object, eng: Engine | None = None) -> Identity | None:
    """The trainee whose browser holds ``token`` (None for an unknown or malformed token)."""
    text = str(token or "")
    if not 20 <= len(text) <= 100:
        return None
    with db.session(eng) as sess:
        row = sess.scalar(select(Trainee).where(Trainee.token_hash == _hash_token(text)))
        if row is None:
            return None
        row.last_seen_at = utcnow()
        return _identity(row)


def resume(name: object, unit: object, pin: object, eng: Engine | None = None) -> Registration:
    """Open a record on a new device with name, unit and PIN; issues a new browser token."""
    clean_name = _clean(name, NAME_MAX, "họ tên", "name")
    clean_unit = _clean(unit, UNIT_MAX, "đơn vị", "unit")
    given = str(pin or "").strip()
    with db.session(eng) as sess:
        candidates = [
            row
            for row in sess.scalars(select(Trainee))
            if fold(row.name) == fold(clean_name) and fold(row.unit) == fold(clean_unit)
        ]
        for row in candidates:
            stored = _stored_pin(row)
            if stored is not None and stored.matches(given):
                if stored.needs_rehash(PBKDF2_ROUNDS):
                    row.pin_hash = _hash_pin(given, row.pin_salt)  # renewed: today's rounds
                token = secrets.token_urlsafe(32)
                row.token_hash = _hash_token(token)
                row.last_seen_at = utcnow()
                return Registration(_identity(row), token, given)
    _after_wrong_pin()
    raise InputError(
        "Không tìm thấy học viên với họ tên, đơn vị và mã PIN này.",
        "No trainee with this name, unit and PIN.",
    )


def record_attempt(
    trainee_id: int,
    item_id: str,
    answer: str,
    score: float,
    max_score: int,
    context: str = "practice",
    eng: Engine | None = None,
) -> None:
    """Store one answer now; a second answer to the same item in the same context is refused."""
    try:
        with db.session(eng) as sess:
            sess.add(
                Attempt(
                    trainee_id=trainee_id,
                    item_id=item_id,
                    context=context,
                    answer=answer,
                    score=score,
                    max_score=max_score,
                )
            )
    except IntegrityError as exc:
        raise InputError(
            "Câu này đã được trả lời; câu trả lời đầu tiên được giữ.",
            "This item was already answered; the first answer is kept.",
        ) from exc


def record_graded(
    trainee_id: int, graded: Graded, context: str, eng: Engine | None = None
) -> StoredAttempt:
    """Store a graded answer (see :func:`record_attempt`) and return what was stored."""
    record_attempt(trainee_id, graded.item, graded.answer, graded.score, graded.max, context, eng)
    return StoredAttempt(graded.item, graded.answer, graded.score, graded.max)


def attempts(
    trainee_id: int, context: str = "practice", eng: Engine | None = None
) -> dict[str, StoredAttempt]:
    with db.session(eng) as sess:
        rows = sess.scalars(
            select(Attempt).where(Attempt.trainee_id == trainee_id, Attempt.context == context)
        )
        return {r.item_id: StoredAttempt(r.item_id, r.answer, r.score, r.max_score) for r in rows}
