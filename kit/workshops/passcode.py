"""The trainer passcode: what opens the trainer pages.

The passcode is stored only as a salted PBKDF2 hash in the ``settings`` table. It is set from the
server's side, never by whoever opens a page first:

* ``kit trainer passcode`` on the server (see :mod:`kit.workshops.passcode_cli`); or
* a one-time code that ``kit serve`` prints on its console at first start
  (:func:`startup_notice`): the trainer types it in the trainer app with the passcode they want
  (:func:`redeem_one_time`); the code is then deleted. Only its hash is ever stored.

A page can change the passcode only by giving the current one (:func:`change_passcode`).

Wrong passcodes and wrong one-time codes are slowed down: each failure waits
``WRONG_PASSCODE_DELAY_S`` × 2^(failures − 1) seconds, at most ``MAX_DELAY_S``. The count is
kept in the ``settings`` table, so it holds across kernels and processes, and an attempt made
from any page while an earlier failure's wait is still running first waits for it to end. A
correct passcode resets the count; failures older than ``FAILURE_WINDOW_S`` are forgotten.

After a successful check, a trainer page's kernel remembers it in memory only
(:class:`TrainerGate`).

The hashing is :mod:`kit.core.hashing`'s (its JSON record); the slowing down is this module's
(:func:`_wait_turn`, :func:`_fail`).
"""

from __future__ import annotations

import json
import secrets
import time
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import Engine, delete, select, update
from sqlalchemy.orm import Session

from kit.core import hashing
from kit.core.errors import InputError, StoreError
from kit.store import db
from kit.store.models import Setting

__all__ = [
    "FAILURE_WINDOW_S",
    "MAX_DELAY_S",
    "WRONG_PASSCODE_DELAY_S",
    "TrainerGate",
    "change_passcode",
    "delay_for",
    "first_start_code",
    "has_passcode",
    "one_time_pending",
    "redeem_one_time",
    "set_passcode",
    "startup_notice",
    "verify",
]

PASSCODE_KEY = "trainer.passcode"
ONE_TIME_KEY = "trainer.one_time_code"
FAILURES_KEY = "trainer.failures"

MIN_LENGTH, MAX_LENGTH = 6, 128
ITERATIONS = 600_000

#: The wait after the first wrong passcode or code (seconds); it doubles with each failure.
WRONG_PASSCODE_DELAY_S = 1.0
MAX_DELAY_S = 30.0
#: Failures this long (seconds) after the last one are forgotten.
FAILURE_WINDOW_S = 15 * 60

#: Letters and digits nobody mistakes for one another (no 0/O, 1/I/L).
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_GROUPS = (4, 4)


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
    """A transaction that takes SQLite's write lock first, so a read-then-write loses nothing
    to another kernel doing the same (the lock waits with the store's busy timeout)."""
    with db.session(eng) as sess:
        sess.execute(update(Setting).where(Setting.key == FAILURES_KEY).values(key=Setting.key))
        yield sess


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


# --- slowing down wrong attempts -----------------------------------------------------------


def delay_for(failures: int) -> float:
    """Seconds to wait after the ``failures``-th failure in a row (0 for none)."""
    if failures <= 0:
        return 0.0
    return float(min(WRONG_PASSCODE_DELAY_S * 2 ** min(failures - 1, 30), MAX_DELAY_S))


def _sleep(seconds: float) -> None:
    if seconds > 0:
        time.sleep(seconds)


def _failures(text: str | None, now: float) -> tuple[int, float]:
    """(failures in a row, time before which no attempt is checked) from the stored row."""
    try:
        fields = json.loads(text or "{}")
        count, last, not_before = int(fields["count"]), fields["last"], fields["not_before"]
    except (ValueError, KeyError, TypeError):
        return 0, 0.0
    if now - float(last) > FAILURE_WINDOW_S:
        return 0, 0.0
    return count, float(not_before)


def _wait_turn(eng: Engine | None) -> None:
    """Wait out an earlier failure's delay, whichever page or kernel it came from."""
    _count, not_before = _failures(db.get_setting(FAILURES_KEY, eng), time.time())
    _sleep(min(not_before - time.time(), MAX_DELAY_S))


def _fail(eng: Engine | None) -> None:
    """Count one failure and wait for its delay (outside the transaction)."""
    now = time.time()
    with _locked(eng) as sess:
        count, _not_before = _failures(_get(sess, FAILURES_KEY), now)
        wait = delay_for(count + 1)
        record = {"count": count + 1, "last": now, "not_before": now + wait}
        _put(sess, FAILURES_KEY, json.dumps(record))
    _sleep(wait)


# --- the passcode --------------------------------------------------------------------------


def has_passcode(eng: Engine | None = None) -> bool:
    return db.get_setting(PASSCODE_KEY, eng) is not None


def one_time_pending(eng: Engine | None = None) -> bool:
    """Whether a one-time code was printed and not yet used."""
    return db.get_setting(ONE_TIME_KEY, eng) is not None


def set_passcode(new: object, eng: Engine | None = None) -> None:
    """Set the passcode from the server's side (``kit trainer passcode``); a pending one-time
    code is withdrawn and the failure count reset. Pages use :func:`redeem_one_time` or
    :func:`change_passcode` instead."""
    record = _record(_checked_new(new))
    with _locked(eng) as sess:
        _put(sess, PASSCODE_KEY, record)
        _drop(sess, ONE_TIME_KEY, FAILURES_KEY)


def _stamp(eng: Engine | None) -> str | None:
    """What identifies the current passcode record (its salt), None when none is set."""
    try:
        return str(json.loads(db.get_setting(PASSCODE_KEY, eng) or "null")["salt"])
    except (ValueError, KeyError, TypeError):
        return None


def verify(candidate: object, eng: Engine | None = None) -> bool:
    """Whether ``candidate`` is the passcode. A wrong one waits (see the module's docstring);
    a right one resets the failure count. False, at once, when no passcode is set."""
    text = _normalise(candidate)
    if not text or not has_passcode(eng):
        return False
    _wait_turn(eng)
    record = db.get_setting(PASSCODE_KEY, eng)
    if record is not None and len(text) <= MAX_LENGTH and _matches(text, record):
        with _locked(eng) as sess:
            _drop(sess, FAILURES_KEY)
        return True
    _fail(eng)
    return False


def change_passcode(current: object, new: object, eng: Engine | None = None) -> None:
    """A trainer page changes the passcode: only with the current one."""
    checked = _checked_new(new)
    if not verify(current, eng):
        raise InputError("Mật khẩu hiện tại không đúng.", "The current passcode is wrong.")
    set_passcode(checked, eng)


# --- the one-time code ---------------------------------------------------------------------


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


def redeem_one_time(code: object, new_passcode: object, eng: Engine | None = None) -> None:
    """The trainer page sets the first passcode with the printed one-time code, which is then
    deleted. A wrong code waits like a wrong passcode and stores nothing."""
    checked = _checked_new(new_passcode)
    given = _code_key(code)
    if not one_time_pending(eng):
        raise InputError(
            "Không có mã dùng một lần nào đang chờ. Nếu đã có mật khẩu, hãy đăng nhập bằng "
            "mật khẩu; nếu không, đặt mật khẩu trên máy chủ bằng lệnh `kit trainer passcode`.",
            "No one-time code is pending. If a passcode is set, sign in with it; otherwise set "
            "one on the server with `kit trainer passcode`.",
        )
    _wait_turn(eng)
    new_record = _record(checked)
    with _locked(eng) as sess:
        record = _get(sess, ONE_TIME_KEY)
        redeemed = bool(given) and record is not None and _matches(given, record)
        if redeemed:
            _put(sess, PASSCODE_KEY, new_record)
            _drop(sess, ONE_TIME_KEY, FAILURES_KEY)
    if not redeemed:
        _fail(eng)
        raise InputError(
            "Mã dùng một lần không đúng (xem dòng mã trên màn hình máy chủ khi khởi động).",
            "The one-time code is wrong (see the code line on the server console at start).",
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


@dataclass
class TrainerGate:
    """Whether this trainer page's kernel has been opened, kept in memory only. It closes by
    itself when the passcode is changed (anywhere) after it was opened."""

    _stamp: str | None = None

    def unlock(self, candidate: object, eng: Engine | None = None) -> bool:
        """Open with the passcode (wrong ones wait, as :func:`verify`)."""
        ok = verify(candidate, eng)
        self._stamp = _stamp(eng) if ok else None
        return ok

    def unlock_with_one_time_code(
        self, code: object, new_passcode: object, eng: Engine | None = None
    ) -> None:
        """Set the first passcode with the printed code (:func:`redeem_one_time`) and open."""
        redeem_one_time(code, new_passcode, eng)
        self._stamp = _stamp(eng)

    def is_open(self, eng: Engine | None = None) -> bool:
        return self._stamp is not None and self._stamp == _stamp(eng)

    def lock(self) -> None:
        self._stamp = None
