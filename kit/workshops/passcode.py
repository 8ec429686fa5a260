"""The trainer passcode: what opens the trainer pages.

The passcode is stored only as a salted PBKDF2 hash in the ``settings`` table. It is set from the
server's side, never by whoever opens a page first:

* ``kit trainer passcode`` on the server (see :mod:`kit.workshops.passcode_cli`); or
* a one-time code that ``kit serve`` prints on its console at first start
  (:func:`startup_notice`): the trainer types it in the trainer app with the passcode they want
  (:func:`redeem_one_time`); the code is then deleted. Only its hash is ever stored.

A page can change the passcode only by giving the current one (:func:`change_passcode`).

Wrong passcodes and codes are counted in the database per page and, for passcodes, for all pages
together (:mod:`kit.workshops.passcode_limits` has the rules): a page waits longer after each of
its own failures, and every 10th wrong passcode on all pages pauses the passcode for 15 minutes
everywhere. A right one resets only its own page's count. The trainer is never locked out by an
attacker: ``kit trainer code`` on the server (any server of the same database) prints a one-time
**unlock code** (:func:`new_unlock_code`, stored hashed, valid :data:`UNLOCK_CODE_TTL_S`) that
opens one trainer page once and lifts the pause (:func:`use_unlock_code`). The codes (the unlock
code and the first-start code: 8 characters of 31, about 2^39.6) are checked during a pause too,
with their page's waits only: guessing one is hopeless, while counting them for all pages would
let an attacker keep the trainer out.

After a successful check, a trainer page's kernel remembers it in memory only
(:class:`TrainerGate`). The hashing is :mod:`kit.core.hashing`'s (its JSON record). Time comes from
a :class:`~kit.store.guesses.Clock` (``clock=``; else :data:`CLOCK`, and the waits go through
:func:`_sleep`), so tests move it on without waiting.
"""

from __future__ import annotations

import json
import secrets
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import Engine, delete, select, update
from sqlalchemy import text as sql_text
from sqlalchemy.orm import Session

from kit.core import hashing
from kit.core.errors import InputError, StoreError
from kit.store import db, guesses
from kit.store.models import Setting
from kit.workshops import passcode_limits as limits

__all__ = [
    "UNLOCK_CODE_TTL_S",
    "TrainerGate",
    "change_passcode",
    "first_start_code",
    "has_passcode",
    "new_unlock_code",
    "one_time_pending",
    "redeem_one_time",
    "set_passcode",
    "startup_notice",
    "use_unlock_code",
    "verify",
]

PASSCODE_KEY = "trainer.passcode"
ONE_TIME_KEY = "trainer.one_time_code"
UNLOCK_KEY = "trainer.unlock_code"
#: the settings row of the failure count before the guess counters (migration 0009)
LEGACY_FAILURES_KEY = "trainer.failures"
#: the page of callers that name none (scripts, the command line)
DEFAULT_PAGE = "-"

MIN_LENGTH, MAX_LENGTH = 6, 128
ITERATIONS = 600_000
#: How long an unlock code printed by ``kit trainer code`` stays usable (seconds).
UNLOCK_CODE_TTL_S = 60 * 60

#: Letters and digits nobody mistakes for one another (no 0/O, 1/I/L).
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_GROUPS = (4, 4)

#: The clock of callers that pass none.
CLOCK: guesses.Clock = guesses.SYSTEM_CLOCK


def _sleep(seconds: float) -> None:
    """A wait of a caller that passed no clock."""
    CLOCK.sleep(seconds)


class _ModuleClock:
    """:data:`CLOCK` and :func:`_sleep` as they are when called (a test may replace either)."""

    def now(self) -> datetime:
        return CLOCK.now()

    def sleep(self, seconds: float) -> None:
        _sleep(seconds)


def _clock(given: guesses.Clock | None) -> guesses.Clock:
    return given if given is not None else _ModuleClock()


# --- hashing -------------------------------------------------------------------------------


def _record(secret: str) -> str:
    """The stored record of a new salted hash of ``secret`` with :data:`ITERATIONS`."""
    return hashing.to_json(hashing.make(secret, ITERATIONS))


def _matches(secret: str, record: str) -> bool:
    """Whether ``secret`` gives the hash of ``record`` (with the iterations it names)."""
    try:
        stored = hashing.from_json(record)
    except hashing.DamagedRecord as exc:
        raise StoreError(
            "Bản ghi mật khẩu giảng viên bị hỏng; đặt lại bằng lệnh `kit trainer passcode`.",
            "The trainer passcode record is damaged; set it again with `kit trainer passcode`.",
        ) from exc
    return stored.matches(secret)


def _normalise(value: object) -> str:
    return unicodedata.normalize("NFC", value).strip() if isinstance(value, str) else ""


def _checked_new(value: object) -> str:
    text = _normalise(value)
    if len(text) < MIN_LENGTH:
        raise InputError(
            f"Mật khẩu giảng viên cần ít nhất {MIN_LENGTH} ký tự.",
            f"The trainer passcode needs at least {MIN_LENGTH} characters.",
        )
    if len(text) > MAX_LENGTH:
        raise InputError(
            f"Mật khẩu giảng viên dài quá {MAX_LENGTH} ký tự.",
            f"The trainer passcode is over {MAX_LENGTH} characters.",
        )
    return text


def _code_key(value: object) -> str:
    """A one-time code as typed (any case, spaces or dashes) in the form that was hashed."""
    return "".join(ch for ch in _normalise(value).upper() if ch not in "- ")


# --- the settings rows ---------------------------------------------------------------------


@contextmanager
def _locked(eng: Engine | None) -> Iterator[Session]:
    """A transaction that takes a lock first, so a read-then-write loses nothing to another
    kernel or server doing the same: on PostgreSQL a transaction-level advisory lock (held even
    while no passcode row exists yet), on SQLite its database write lock (both wait)."""
    with db.session(eng) as sess:
        if sess.get_bind().dialect.name == "postgresql":
            sess.execute(sql_text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_ID})
        else:
            sess.execute(
                update(Setting).where(Setting.key == PASSCODE_KEY).values(key=Setting.key)
            )
        yield sess


#: the advisory lock of the passcode's settings rows (any fixed 64-bit number the kit owns)
_LOCK_ID = 407_2025_0001


def _get(sess: Session, key: str) -> str | None:
    return sess.scalar(select(Setting.value).where(Setting.key == key))


def _put(sess: Session, key: str, value: str) -> None:
    row = sess.get(Setting, key)
    if row is None:
        sess.add(Setting(key=key, value=value))
    else:
        row.value = value


def _drop(sess: Session, *keys: str) -> None:
    sess.execute(delete(Setting).where(Setting.key.in_(keys)))


def _take(sess: Session, key: str, value: str) -> bool:
    """Delete the row ``key`` if it still holds ``value``; whether this call deleted it (of two
    kernels or servers taking the same code at once, exactly one does)."""
    gone = sess.execute(delete(Setting).where(Setting.key == key, Setting.value == value))
    return int(getattr(gone, "rowcount", 0) or 0) == 1


# --- the passcode --------------------------------------------------------------------------


def has_passcode(eng: Engine | None = None) -> bool:
    return db.get_setting(PASSCODE_KEY, eng) is not None


def one_time_pending(eng: Engine | None = None) -> bool:
    """Whether a one-time code was printed and not yet used."""
    return db.get_setting(ONE_TIME_KEY, eng) is not None


def set_passcode(new: object, eng: Engine | None = None) -> None:
    """Set the passcode from the server's side (``kit trainer passcode``): a pending one-time
    code is withdrawn and the pause of all pages lifted. Pages use :func:`redeem_one_time` or
    :func:`change_passcode` instead."""
    _store(_checked_new(new), eng)
    limits.lift_pause(eng)


def _store(checked: str, eng: Engine | None) -> None:
    record = _record(checked)
    with _locked(eng) as sess:
        _put(sess, PASSCODE_KEY, record)
        _drop(sess, ONE_TIME_KEY, LEGACY_FAILURES_KEY)


def _stamp(eng: Engine | None) -> str | None:
    """What identifies the current passcode record (its salt), None when none is set."""
    try:
        return str(json.loads(db.get_setting(PASSCODE_KEY, eng) or "null")["salt"])
    except (ValueError, KeyError, TypeError):
        return None


def verify(
    candidate: object,
    eng: Engine | None = None,
    *,
    page: str = DEFAULT_PAGE,
    clock: guesses.Clock | None = None,
) -> bool:
    """Whether ``candidate`` is the passcode, typed on ``page``. A wrong one makes that page
    wait and counts for all pages; a right one resets that page's count only (see
    :mod:`kit.workshops.passcode_limits`). False, at once, when no passcode is set;
    :class:`~kit.workshops.passcode_limits.PasscodePaused` while the passcode is paused."""
    text = _normalise(candidate)
    if not text or not has_passcode(eng):
        return False
    attempt = limits.start(page, _clock(clock), eng, for_all=True)
    record = db.get_setting(PASSCODE_KEY, eng)
    if record is not None and len(text) <= MAX_LENGTH and _matches(text, record):
        limits.succeeded(attempt, eng)
        return True
    limits.failed(attempt, eng)
    return False


def change_passcode(
    current: object,
    new: object,
    eng: Engine | None = None,
    *,
    page: str = DEFAULT_PAGE,
    clock: guesses.Clock | None = None,
) -> None:
    """A trainer page changes the passcode: only with the current one (the failures others
    made stay counted)."""
    checked = _checked_new(new)
    if not verify(current, eng, page=page, clock=clock):
        raise InputError("Mật khẩu hiện tại không đúng.", "The current passcode is wrong.")
    _store(checked, eng)


# --- the one-time codes --------------------------------------------------------------------


def _new_code() -> str:
    groups = ("".join(secrets.choice(CODE_ALPHABET) for _ in range(n)) for n in CODE_GROUPS)
    return "-".join(groups)


def first_start_code(eng: Engine | None = None) -> str | None:
    """A new one-time code (e.g. ``K7QX-4MZP``) to print, when no passcode is set and none is
    pending; only its hash is stored. None otherwise (a pending code was printed before)."""
    if has_passcode(eng) or one_time_pending(eng):
        return None
    code = _new_code()
    record = _record(_code_key(code))
    with _locked(eng) as sess:
        if _get(sess, PASSCODE_KEY) is not None or _get(sess, ONE_TIME_KEY) is not None:
            return None
        _put(sess, ONE_TIME_KEY, record)
    return code


def redeem_one_time(
    code: object,
    new_passcode: object,
    eng: Engine | None = None,
    *,
    page: str = DEFAULT_PAGE,
    clock: guesses.Clock | None = None,
) -> None:
    """The trainer page sets the first passcode with the printed one-time code, which is then
    deleted. A wrong code makes the page wait like a wrong passcode and stores nothing."""
    checked = _checked_new(new_passcode)
    given = _code_key(code)
    if not one_time_pending(eng):
        raise InputError(
            "Không có mã dùng một lần nào đang chờ. Nếu đã có mật khẩu, hãy đăng nhập bằng "
            "mật khẩu; nếu không, đặt mật khẩu trên máy chủ bằng lệnh `kit trainer passcode`.",
            "No one-time code is pending. If a passcode is set, sign in with it; otherwise set "
            "one on the server with `kit trainer passcode`.",
        )
    attempt = limits.start(page, _clock(clock), eng, for_all=False)
    record = db.get_setting(ONE_TIME_KEY, eng)
    redeemed = bool(given) and record is not None and _matches(given, record)
    if redeemed and record is not None:
        new_record = _record(checked)
        with _locked(eng) as sess:
            redeemed = _take(sess, ONE_TIME_KEY, record)
            if redeemed:
                _put(sess, PASSCODE_KEY, new_record)
                _drop(sess, LEGACY_FAILURES_KEY)
    if redeemed:
        limits.succeeded(attempt, eng)
        return
    limits.failed(attempt, eng)
    raise InputError(
        "Mã dùng một lần không đúng (xem dòng mã trên màn hình máy chủ khi khởi động).",
        "The one-time code is wrong (see the code line on the server console at start).",
    )


def new_unlock_code(eng: Engine | None = None, *, clock: guesses.Clock | None = None) -> str:
    """A new unlock code (``kit trainer code``) to print: it opens one trainer page once, lifts
    the pause of all pages, and lapses after :data:`UNLOCK_CODE_TTL_S`; only its hash is
    stored, in the database every server shares. An earlier unused code stops working."""
    if not has_passcode(eng):
        raise InputError(
            "Chưa có mật khẩu giảng viên nên không có gì để mở khóa; "
            "hãy đặt mật khẩu bằng lệnh `kit trainer passcode`.",
            "No trainer passcode is set, so there is nothing to unlock; "
            "set one with `kit trainer passcode`.",
        )
    code = _new_code()
    expires = _clock(clock).now() + timedelta(seconds=UNLOCK_CODE_TTL_S)
    value = json.dumps({"code": _record(_code_key(code)), "expires": expires.isoformat()})
    with _locked(eng) as sess:
        _put(sess, UNLOCK_KEY, value)
    return code


def _unlock_matches(given: str, stored: str, now: datetime) -> bool:
    """Whether ``given`` is the stored unlock code and it has not lapsed."""
    try:
        fields = json.loads(stored)
        hashed = hashing.from_json(fields["code"])
        expires = guesses.as_utc(datetime.fromisoformat(fields["expires"]))
    except (ValueError, KeyError, TypeError):
        return False  # a damaged record opens nothing; a new code replaces it
    return expires is not None and now < expires and hashed.matches(given)


def use_unlock_code(
    code: object,
    eng: Engine | None = None,
    *,
    page: str = DEFAULT_PAGE,
    clock: guesses.Clock | None = None,
) -> None:
    """Take the unlock code (once, whichever server it is typed on) and lift the pause of all
    pages; it is checked even while the passcode is paused. A wrong, used or lapsed code makes
    the page wait like a wrong passcode."""
    given = _code_key(code)
    attempt = limits.start(page, _clock(clock), eng, for_all=False)
    stored = db.get_setting(UNLOCK_KEY, eng)
    taken = False
    if given and stored is not None and _unlock_matches(given, stored, attempt.page.at):
        with db.session(eng) as sess:
            taken = _take(sess, UNLOCK_KEY, stored)
    if taken:
        limits.lift_pause(eng)
        limits.succeeded(attempt, eng)
        return
    limits.failed(attempt, eng)
    raise InputError(
        "Mã mở khóa không đúng, đã dùng rồi hoặc đã hết hạn. Hãy tạo mã mới trên máy chủ.",
        "The unlock code is wrong, already used or expired. Make a new one on the server.",
    )


def startup_notice(eng: Engine | None = None) -> str | None:
    """The lines ``kit serve`` prints about the passcode at start (None once one is set)."""
    code = first_start_code(eng)
    if code is not None:
        return (
            f"Mã dùng một lần để đặt mật khẩu giảng viên: {code} "
            "(mở ứng dụng Giảng viên và nhập mã này)\n"
            f"One-time code to set the trainer passcode: {code} "
            "(open the Trainer app and enter this code)"
        )
    if has_passcode(eng):
        return None
    return (
        "Chưa có mật khẩu giảng viên; mã dùng một lần đã được in ở lần khởi động trước. "
        "Có thể đặt mật khẩu bằng lệnh `kit trainer passcode`.\n"
        "No trainer passcode yet; a one-time code was printed at an earlier start. "
        "You can set the passcode with `kit trainer passcode`."
    )


# --- a trainer page's state ----------------------------------------------------------------


def _page_name() -> str:
    return secrets.token_hex(8)


@dataclass
class TrainerGate:
    """Whether this trainer page's kernel has been opened, kept in memory only. It closes by
    itself when the passcode is changed (anywhere) after it was opened. ``page`` names the page
    for the count of its wrong passcodes; ``clock`` is the time its waits use."""

    _stamp: str | None = None
    page: str = field(default_factory=_page_name)
    clock: guesses.Clock | None = None

    def unlock(self, candidate: object, eng: Engine | None = None) -> bool:
        """Open with the passcode (wrong ones wait, as :func:`verify`)."""
        ok = verify(candidate, eng, page=self.page, clock=self.clock)
        self._stamp = _stamp(eng) if ok else None
        return ok

    def unlock_with_one_time_code(
        self, code: object, new_passcode: object, eng: Engine | None = None
    ) -> None:
        """Set the first passcode with the printed code (:func:`redeem_one_time`) and open."""
        redeem_one_time(code, new_passcode, eng, page=self.page, clock=self.clock)
        self._stamp = _stamp(eng)

    def unlock_with_code(self, code: object, eng: Engine | None = None) -> None:
        """Open once with an unlock code from ``kit trainer code`` (:func:`use_unlock_code`)."""
        use_unlock_code(code, eng, page=self.page, clock=self.clock)
        self._stamp = _stamp(eng)

    def is_open(self, eng: Engine | None = None) -> bool:
        return self._stamp is not None and self._stamp == _stamp(eng)

    def lock(self) -> None:
        self._stamp = None
