"""Trainee identity and the attempt store.

A trainee is known by a random token the browser keeps (stored here only as a SHA-256 hash),
plus a name and a unit. A six-digit PIN, shown once at registration and stored as a salted
PBKDF2 hash, lets them resume on another device; a name alone never opens a record.

How hard the PIN hash is to compute (:data:`PBKDF2_ROUNDS`) is weighed, not maximised. The PIN
is six random digits made by the kit, never chosen by a person nor used anywhere else, so a
million guesses find it whatever the rounds: stretching cannot protect it from someone holding
the database file, who holds every name and answer in clear anyway. Against guessing through
the app, the count of wrong PINs per identity (below) is what counts.
Stretching did cost the room, though: at 120,000 rounds a join took ≈ 45 ms of CPU, and forty
trainees joining together kept both cores of the trainer's laptop busy for ~2 s, so that the
pages of those still arriving and the first answers of those already in waited behind it
(``make bench``, capacity). Hashes made with the earlier rounds are still read (a hash carries
its rounds, ``"12000$<hex>"``; one without them is :data:`LEGACY_ROUNDS`) and are renewed when
the PIN is next used. The hashing itself is :mod:`kit.core.hashing`'s.

Wrong PINs are counted in the database (:mod:`kit.store.guesses`), per **identity**: the name and
unit as :func:`resume` compares them (folded, :func:`kit.core.text.fold`), hashed into the key
``pin:<sha256>`` (:func:`pin_key`). The identity is the same whether or not a trainee has that
name and unit, and several trainees with the same name and unit share it; so a name that exists
and one that does not are answered alike, counted alike and locked alike, and guessing cannot be
used to find out which names exist (a name that matches no one still costs one PIN hash, so that
the answer takes as long). The rule (:data:`PIN_RULE`), counted across every page, server and
restart: the 5th wrong PIN locks the identity for 15 minutes; the 10th locks it until a trainer
unlocks it (:func:`unlock`) or gives a new PIN (:func:`reset_pin`); while it is locked no PIN is
checked, the right one neither. A right PIN forgets that identity's failures, no one else's.
Each attempt is counted before the PIN is checked, in one atomic statement, so any number of
pages guessing at once get no more than 10 wrong PINs checked for one identity, ever, until a
trainer steps in. A wrong PIN also waits :data:`WRONG_PIN_DELAY_S` on its page.

Every answer is written when it is given, so a closed page, a culled kernel or a restarted
server loses nothing. One answer per trainee, item and context: the database refuses a second one.
"""

from __future__ import annotations

import hashlib
import math
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from kit.core import hashing
from kit.core.errors import InputError
from kit.core.text import bare_key, fold
from kit.grading.engine import Graded
from kit.store import db, guesses
from kit.store.models import Attempt, Trainee, utcnow

PIN_DIGITS = 6
PBKDF2_ROUNDS = 12_000
#: the rounds of a hash stored without them (before migration 0007)
LEGACY_ROUNDS = 120_000
WRONG_PIN_DELAY_S = 1.0
NAME_MAX, UNIT_MAX = 120, 200
#: wrong PINs of one identity: every 5th locks it for 15 minutes, the 10th until a trainer acts
PIN_PAUSE_AFTER, PIN_PAUSE, PIN_LOCK_AFTER = 5, timedelta(minutes=15), 10
PIN_RULE = guesses.Rule(PIN_PAUSE_AFTER, PIN_PAUSE, PIN_LOCK_AFTER)
#: the most matches :func:`find` gives
FIND_LIMIT = 30
#: hashed in place of a PIN when no trainee has the name and unit (the same time either way)
_NO_ONE_SALT = bytes(hashing.SALT_BYTES)


class PinLocked(InputError):
    """The name and unit are locked after wrong PINs: the PIN given was not checked."""


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


@dataclass(frozen=True)
class PinLock:
    """Where an identity stands with wrong PINs: failures counted, the end of a 15-minute lock
    still running (None when none runs), and whether it waits for a trainer."""

    failures: int = 0
    paused_until: datetime | None = None
    locked: bool = False

    @property
    def blocked(self) -> bool:
        return self.locked or self.paused_until is not None


@dataclass(frozen=True)
class Found:
    """A trainee a trainer looked up: who, when they joined, and their identity's PIN lock."""

    identity: Identity
    joined_at: datetime
    lock: PinLock


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


def pin_key(name: str, unit: str) -> str:
    """The guess counter's key of the identity (name, unit) as :func:`resume` compares them."""
    folded = f"{fold(name)}\n{fold(unit)}".encode()
    return f"pin:{hashlib.sha256(folded).hexdigest()}"


def _pin(value: object) -> str:
    given = "".join(str(value or "").split())
    if len(given) != PIN_DIGITS or not given.isascii() or not given.isdigit():
        raise InputError(f"Mã PIN gồm {PIN_DIGITS} chữ số.", f"The PIN is {PIN_DIGITS} digits.")
    return given


def _minutes(until: datetime, now: datetime) -> int:
    return max(1, math.ceil((until - now).total_seconds() / 60))


_ASK_TRAINER = (
    "Hãy nhờ giảng viên mở khóa hoặc cấp mã PIN mới.",
    "Ask the trainer to unlock it or to give you a new PIN.",
)


def _refused(counter: guesses.Counter, now: datetime) -> PinLocked:
    """What a trainee is told when the identity is locked (the PIN was not checked)."""
    until = counter.paused_until(now)
    if counter.locked or until is None:
        return PinLocked(
            "Họ tên và đơn vị này đã bị khóa vì nhập sai mã PIN nhiều lần. " + _ASK_TRAINER[0],
            "This name and unit are locked after too many wrong PINs. " + _ASK_TRAINER[1],
        )
    m = _minutes(until, now)
    return PinLocked(
        "Họ tên và đơn vị này đang tạm khóa vì nhập sai mã PIN nhiều lần. "
        f"Hãy thử lại sau {m} phút, hoặc nhờ giảng viên mở khóa.",
        f"This name and unit are locked for now after too many wrong PINs. Try again in {m} "
        "minutes, or ask the trainer to unlock it.",
    )


def _wrong(counter: guesses.Counter, now: datetime) -> InputError:
    """What a trainee is told after a wrong PIN (the same whether the name exists or not)."""
    vi = "Không tìm thấy học viên với họ tên, đơn vị và mã PIN này."
    en = "No trainee with this name, unit and PIN."
    n = counter.failures
    if counter.locked:
        return InputError(
            f"{vi} Đã sai {n} lần nên họ tên này bị khóa. {_ASK_TRAINER[0]}",
            f"{en} After {n} wrong PINs this name is locked. {_ASK_TRAINER[1]}",
        )
    if counter.locked_until is not None:
        m = _minutes(counter.locked_until, now)
        return InputError(
            f"{vi} Đã sai {n} lần nên họ tên này bị tạm khóa {m} phút; "
            "hãy thử lại sau, hoặc nhờ giảng viên mở khóa.",
            f"{en} After {n} wrong PINs this name is locked for {m} minutes; try again later, "
            "or ask the trainer to unlock it.",
        )
    left = PIN_LOCK_AFTER - n if n > PIN_PAUSE_AFTER else PIN_PAUSE_AFTER - n
    tries = f"{left} more {'try' if left == 1 else 'tries'}"
    if n > PIN_PAUSE_AFTER:
        return InputError(
            f"{vi} Còn {left} lần thử trước khi bị khóa hẳn.",
            f"{en} {tries} before it is locked until the trainer unlocks it.",
        )
    return InputError(
        f"{vi} Còn {left} lần thử trước khi bị tạm khóa.",
        f"{en} {tries} before it is locked for a while.",
    )


def resume(
    name: object,
    unit: object,
    pin: object,
    eng: Engine | None = None,
    *,
    clock: guesses.Clock | None = None,
) -> Registration:
    """Open a record on a new device with name, unit and PIN; issues a new browser token. Wrong
    PINs are counted and lock the identity (see the module's docstring)."""
    clean_name = _clean(name, NAME_MAX, "họ tên", "name")
    clean_unit = _clean(unit, UNIT_MAX, "đơn vị", "unit")
    given = _pin(pin)
    clock = clock or guesses.SYSTEM_CLOCK
    key = pin_key(clean_name, clean_unit)
    counted = guesses.charge(key, PIN_RULE, clock.now(), eng)
    if not counted.allowed:
        raise _refused(counted.counter, counted.at)
    opened: Registration | None = None
    with db.session(eng) as sess:
        candidates = [
            row
            for row in sess.scalars(select(Trainee))
            if fold(row.name) == fold(clean_name) and fold(row.unit) == fold(clean_unit)
        ]
        if not candidates:
            hashing.make(given, PBKDF2_ROUNDS, _NO_ONE_SALT)  # as long as a real check
        for row in candidates:
            stored = _stored_pin(row)
            if stored is not None and stored.matches(given):
                if stored.needs_rehash(PBKDF2_ROUNDS):
                    row.pin_hash = _hash_pin(given, row.pin_salt)  # renewed: today's rounds
                token = secrets.token_urlsafe(32)
                row.token_hash = _hash_token(token)
                row.last_seen_at = utcnow()
                opened = Registration(_identity(row), token, given)
                break
    if opened is not None:
        guesses.clear(key, eng)
        return opened
    clock.sleep(WRONG_PIN_DELAY_S)
    raise _wrong(counted.counter, counted.at)


# --- what a trainer does for a trainee (re-check the trainer gate before calling these) -----


def _lock(counter: guesses.Counter | None, now: datetime) -> PinLock:
    if counter is None:
        return PinLock()
    return PinLock(counter.failures, counter.paused_until(now), counter.locked)


def find(
    query: object,
    eng: Engine | None = None,
    *,
    clock: guesses.Clock | None = None,
    limit: int = FIND_LIMIT,
) -> list[Found]:
    """Trainees whose name or unit holds ``query`` (folded: case, Unicode form and tone
    placement do not matter; typed without diacritics it also matches), by name, at most
    ``limit``, each with its identity's PIN lock."""
    text = _clean(query, UNIT_MAX, "họ tên hoặc đơn vị cần tìm", "name or unit to look for")
    key, bare = fold(text), bare_key(text)

    def hit(value: str) -> bool:
        return key in fold(value) or (bool(bare) and bare in bare_key(value))

    with db.session(eng) as sess:
        rows = [r for r in sess.scalars(select(Trainee)) if hit(r.name) or hit(r.unit)]
        rows.sort(key=lambda r: (fold(r.name), fold(r.unit), r.id))
        picked = [(_identity(r), r.created_at, pin_key(r.name, r.unit)) for r in rows[:limit]]
    stored = guesses.counters(sorted({k for _i, _j, k in picked}), eng)
    now = (clock or guesses.SYSTEM_CLOCK).now()
    return [
        Found(identity, guesses.as_utc(joined) or now, _lock(stored.get(k), now))
        for identity, joined, k in picked
    ]


def _row(sess: Session, trainee_id: object) -> Trainee:
    ok = isinstance(trainee_id, int) and not isinstance(trainee_id, bool)
    row = sess.get(Trainee, trainee_id) if ok else None
    if row is None:
        raise InputError("Không tìm thấy học viên này.", "No such trainee.")
    return row


def unlock(trainee_id: object, eng: Engine | None = None) -> None:
    """Forget the wrong PINs of the trainee's identity and lift its lock."""
    with db.session(eng) as sess:
        row = _row(sess, trainee_id)
        key = pin_key(row.name, row.unit)
    guesses.clear(key, eng)


def reset_pin(trainee_id: object, eng: Engine | None = None) -> str:
    """A new PIN for the trainee (the old one no longer opens the record), returned once to be
    handed over, stored only hashed; the identity's lock is lifted."""
    pin = "".join(secrets.choice("0123456789") for _ in range(PIN_DIGITS))
    salt = secrets.token_hex(16)
    with db.session(eng) as sess:
        row = _row(sess, trainee_id)
        row.pin_salt, row.pin_hash = salt, _hash_pin(pin, salt)
        key = pin_key(row.name, row.unit)
    guesses.clear(key, eng)
    return pin


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
