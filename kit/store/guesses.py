"""Wrong guesses of a secret, counted in the database per subject, and the locks they bring.

A subject is a key (``pin:<hash of the folded name and unit>``, ``passcode:all``,
``passcode:page:<page>``): one row of ``guess_counters`` holds its failures, the end of a timed
lock (``locked_until``) and a lock that stays until someone clears it (``locked``). Being in the
database, a limit holds across pages, kernels, servers and restarts.

An attempt is **charged before the secret is checked** (:func:`charge`): one statement adds a
failure and, in the same step, sets the locks the :class:`Rule` asks for, but only when the
subject is not locked at that moment; when it is, nothing changes and the attempt is refused
without the secret being looked at. The statement is an insert-on-conflict-update with
``RETURNING`` (SQLite ≥ 3.35 and PostgreSQL), so two attempts at once, from two processes or
two servers, can never both see the same count: the limit holds however many guessers there
are, and no failure is lost. A right guess then gives its charge back: :func:`clear` forgets the
subject's failures and locks (a right PIN, a trainer's unlock), :func:`refund` takes back only
the one charge it made (a right passcode, which must not wipe out the failures others made).

How long things last is reckoned from the ``now`` the caller passes (from a :class:`Clock`), never
read here, so tests move time on without waiting.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from sqlalchemy import Engine, and_, case, delete, literal, not_, or_, select, update
from sqlalchemy.sql.elements import ColumnElement

from kit.core.errors import StoreError
from kit.store import db
from kit.store.models import GuessCounter

__all__ = [
    "SYSTEM_CLOCK",
    "Charge",
    "Clock",
    "Counter",
    "Rule",
    "as_utc",
    "charge",
    "clear",
    "counters",
    "forget_stale",
    "refund",
]


class Clock(Protocol):
    """What time it is (aware, UTC) and how to wait; tests pass one that only moves on."""

    def now(self) -> datetime: ...

    def sleep(self, seconds: float) -> None: ...


class _SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)

    def sleep(self, seconds: float) -> None:
        if seconds > 0:
            time.sleep(seconds)


SYSTEM_CLOCK: Clock = _SystemClock()


@dataclass(frozen=True)
class Rule:
    """When failures lock a subject.

    * every ``pause_after``-th failure (5, 10, 15 … for 5) locks it for ``pause``;
    * the ``lock_after``-th failure locks it until :func:`clear`;
    * failures are forgotten when none came for ``forget_after`` (never when None).
    """

    pause_after: int | None = None
    pause: timedelta = timedelta(0)
    lock_after: int | None = None
    forget_after: timedelta | None = None


@dataclass(frozen=True)
class Counter:
    """A subject's failures and locks as stored."""

    key: str
    failures: int = 0
    locked_until: datetime | None = None
    locked: bool = False

    def paused_until(self, now: datetime) -> datetime | None:
        """The end of a timed lock still running at ``now`` (None when none runs)."""
        if self.locked_until is not None and self.locked_until > now:
            return self.locked_until
        return None

    def blocked(self, now: datetime) -> bool:
        """Whether an attempt made at ``now`` is refused unchecked."""
        return self.locked or self.paused_until(now) is not None


@dataclass(frozen=True)
class Charge:
    """The outcome of :func:`charge`: whether the attempt may be checked, and the counter after
    it (with this attempt counted when allowed; as it stands when refused)."""

    allowed: bool
    counter: Counter
    at: datetime


def as_utc(value: datetime | None) -> datetime | None:
    """A stored datetime made aware: SQLite gives back naive ones, and every stored one is UTC."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=UTC)


def _utc(now: datetime) -> datetime:
    if now.tzinfo is None:
        raise ValueError("an aware datetime is needed")
    return now.astimezone(UTC)


def _insert(eng: Engine) -> Any:
    """The insert of the engine's dialect that knows ``ON CONFLICT``."""
    name = eng.dialect.name
    if name == "sqlite":
        from sqlalchemy.dialects import sqlite

        return sqlite.insert(GuessCounter)
    if name == "postgresql":
        from sqlalchemy.dialects import postgresql

        return postgresql.insert(GuessCounter)
    raise StoreError(
        f"Cơ sở dữ liệu {name} chưa được hỗ trợ (dùng SQLite hoặc PostgreSQL).",
        f"The database {name} is not supported (use SQLite or PostgreSQL).",
    )


def _when(value: datetime | None) -> ColumnElement[Any]:
    return literal(value, GuessCounter.locked_until.type)


def _locks(failures: Any, rule: Rule, now: datetime) -> tuple[Any, Any]:
    """(locked_until, locked) after ``failures`` (a number or a column expression)."""
    pause_at = _when(now + rule.pause)
    if isinstance(failures, int):
        paused = rule.pause_after is not None and failures % rule.pause_after == 0
        return (now + rule.pause if paused else None), (
            rule.lock_after is not None and failures >= rule.lock_after
        )
    until = (
        case(((failures % rule.pause_after) == 0, pause_at), else_=_when(None))
        if rule.pause_after is not None
        else _when(None)
    )
    locked = (
        case((failures >= rule.lock_after, literal(True)), else_=literal(False))
        if rule.lock_after is not None
        else literal(False)
    )
    return until, locked


def charge(key: str, rule: Rule, now: datetime, eng: Engine | None = None) -> Charge:
    """Count one attempt on ``key`` at ``now`` unless the subject is locked (see the module's
    docstring); one atomic statement, then a read of the row when the attempt was refused."""
    now = _utc(now)
    eng = eng or db.engine()
    table = GuessCounter.__table__.c
    if rule.forget_after is not None:
        failures: Any = case(
            (table.updated_at < _when(now - rule.forget_after), literal(1)),
            else_=table.failures + 1,
        )
    else:
        failures = table.failures + 1
    until, locked = _locks(failures, rule, now)
    first_until, first_locked = _locks(1, rule, now)
    stmt = (
        _insert(eng)
        .values(key=key, failures=1, locked_until=first_until, locked=first_locked, updated_at=now)
        .on_conflict_do_update(
            index_elements=[table.key],
            set_={"failures": failures, "locked_until": until, "locked": locked, "updated_at": now},
            where=and_(
                not_(table.locked),
                or_(table.locked_until.is_(None), table.locked_until <= _when(now)),
            ),
        )
        .returning(table.failures, table.locked_until, table.locked)
    )
    with db.session(eng) as sess:
        row = sess.execute(stmt).first()
        if row is not None:
            counted = Counter(key, row.failures, as_utc(row.locked_until), bool(row.locked))
            return Charge(True, counted, now)
        # refused: the conflicting row is ours until commit (SQLite's write lock; PostgreSQL
        # locks it even when the WHERE is false), so this read sees why
        stored = sess.get(GuessCounter, key)
        if stored is None:  # cannot happen: the insert met a conflict
            raise StoreError(
                "Bộ đếm lần đoán sai không đọc được.", "A guess counter is unreadable."
            )
        return Charge(False, _counter(stored), now)


def _counter(row: GuessCounter) -> Counter:
    return Counter(row.key, row.failures, as_utc(row.locked_until), bool(row.locked))


def refund(given: Charge, eng: Engine | None = None) -> None:
    """Take back the failure ``given`` counted (the guess was right), and the lock it set if no
    one has set another since; other subjects' and other attempts' failures stay."""
    if not given.allowed:
        return
    table = GuessCounter.__table__.c
    mine = given.counter
    values: dict[str, Any] = {
        "failures": case((table.failures > 0, table.failures - 1), else_=literal(0)),
        "updated_at": table.updated_at,
    }
    if mine.locked_until is not None:
        values["locked_until"] = case(
            (table.locked_until == _when(mine.locked_until), _when(None)),
            else_=table.locked_until,
        )
    if mine.locked:
        values["locked"] = case(
            (table.failures == mine.failures, literal(False)), else_=table.locked
        )
    with db.session(eng) as sess:
        sess.execute(update(GuessCounter).where(table.key == mine.key).values(**values))


def clear(key: str, eng: Engine | None = None) -> None:
    """Forget every failure and lock of ``key`` (a right guess, or a trainer's unlock)."""
    with db.session(eng) as sess:
        sess.execute(delete(GuessCounter).where(GuessCounter.key == key))


def counters(keys: list[str], eng: Engine | None = None) -> dict[str, Counter]:
    """The stored counters of ``keys`` (a key with no failure has none)."""
    if not keys:
        return {}
    with db.session(eng) as sess:
        rows = sess.scalars(select(GuessCounter).where(GuessCounter.key.in_(keys)))
        return {row.key: _counter(row) for row in rows}


def forget_stale(prefix: str, before: datetime, eng: Engine | None = None) -> int:
    """Delete the unlocked counters of keys starting with ``prefix`` that nothing touched since
    ``before`` (pages long closed); how many were deleted."""
    before = _utc(before)
    table = GuessCounter.__table__.c
    escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    with db.session(eng) as sess:
        result = sess.execute(
            delete(GuessCounter).where(
                table.key.like(f"{escaped}%", escape="\\"),
                table.updated_at < _when(before),
                not_(table.locked),
                or_(table.locked_until.is_(None), table.locked_until < _when(before)),
            )
        )
        return int(getattr(result, "rowcount", 0) or 0)
