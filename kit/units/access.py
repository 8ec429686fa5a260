"""Who may open and change a registered unit's record: the holder of the unit's access code, or
the trainer.

:func:`open_with_code` turns a typed code into a :class:`UnitAccess` (a wrong, revoked or
inactive unit's code waits :data:`WRONG_CODE_DELAY_S`, then is refused, all with one message);
:func:`for_trainer` gives the trainer's access to a unit, and holds on to the check that the
trainer is still signed in. A page holds an access in its kernel, never in the browser; every
write checks it again against the database (:func:`verify`), so a code revoked on one server
stops working on every server at its next use, with no cache in between.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from kit.core.errors import InputError
from kit.store import db
from kit.store.models import Unit, UnitCode
from kit.units.codes import code_hash, code_key
from kit.units.registry import RegisteredUnit, as_registered

#: the wait before a wrong code is answered (codes are far too long to guess; this stops a
#: script from trying many per second all the same)
WRONG_CODE_DELAY_S = 1.0
#: longest text looked up as a code
CODE_INPUT_MAX = 64


class AccessRefused(InputError):
    """The access no longer opens the unit's record (its code revoked, the unit inactive, the
    trainer signed out)."""


@dataclass(frozen=True)
class UnitAccess:
    """The right to read and change one registered unit's record, held by the kernel."""

    unit: RegisteredUnit
    #: the code that opened it (None: the trainer)
    code_id: int | None
    hint: str = ""
    #: for the trainer: whether they are still signed in (checked at every write)
    trainer_open: Callable[[], bool] | None = field(default=None, compare=False, repr=False)
    #: a file submitted on the server (``kit assess submit``): whoever runs the command there
    #: administers the data, as the trainer does; the version records "file"
    via_file: bool = False

    @property
    def by(self) -> Literal["code", "trainer", "file"]:
        if self.via_file:
            return "file"
        return "code" if self.code_id is not None else "trainer"


def _after_wrong_code() -> None:
    time.sleep(WRONG_CODE_DELAY_S)


def _wrong_code() -> AccessRefused:
    return AccessRefused(
        "Mã truy cập không đúng, đã bị thu hồi, hoặc đơn vị không còn trong danh sách. Kiểm tra "
        "lại mã trên giấy giảng viên phát; nếu vẫn không được, hãy hỏi giảng viên mã mới.",
        "The access code is wrong or was revoked, or the unit is no longer on the list. Check "
        "the code on the paper the trainer gave you; if it still fails, ask the trainer for a "
        "new code.",
    )


def open_with_code(code: object, eng: Engine | None = None) -> UnitAccess:
    """The access the typed ``code`` gives (refused after a wait when it opens nothing)."""
    key = code_key(code)
    if key and len(key) <= CODE_INPUT_MAX:
        with db.session(eng) as sess:
            found = sess.execute(
                select(UnitCode, Unit)
                .join(Unit, Unit.id == UnitCode.unit_id)
                .where(UnitCode.code_hash == code_hash(key))
            ).first()
            if found is not None:
                row, unit = found
                if row.revoked_at is None and unit.active:
                    return UnitAccess(as_registered(unit), row.id, row.hint)
    _after_wrong_code()
    raise _wrong_code()


def for_trainer(
    unit: RegisteredUnit, trainer_open: Callable[[], bool], eng: Engine | None = None
) -> UnitAccess:
    """The trainer's access to ``unit``; refused unless ``trainer_open()`` says the trainer is
    signed in now (and at every later write)."""
    access = UnitAccess(unit, None, "", trainer_open)
    with db.session(eng) as sess:
        verify(access, sess)
    return access


def for_file(unit: RegisteredUnit) -> UnitAccess:
    """The access of a file submitted on the server for ``unit`` (checked again at the write:
    an inactive unit takes no new version)."""
    return UnitAccess(unit, None, "", None, via_file=True)


def verify(access: UnitAccess, sess: Session) -> RegisteredUnit:
    """The unit as the database has it now, if ``access`` still opens it; else
    :class:`AccessRefused`. Call it in the transaction that writes."""
    unit = sess.get(Unit, access.unit.id)
    if access.via_file:
        if unit is None or not unit.active:
            raise AccessRefused(
                f"Đơn vị {access.unit.code} không còn trong danh sách đơn vị đang hoạt động; "
                "chưa lưu.",
                f"The unit {access.unit.code} is no longer on the list of active units; "
                "nothing was stored.",
            )
        return as_registered(unit)
    if access.code_id is None:
        if access.trainer_open is None or not access.trainer_open():
            raise AccessRefused(
                "Phiên giảng viên đã đóng (mật khẩu đã đổi hoặc chưa đăng nhập); chưa lưu. "
                "Hãy đăng nhập lại bằng mật khẩu giảng viên.",
                "The trainer session is closed (the passcode changed or you are not signed "
                "in); nothing was saved. Sign in again with the trainer passcode.",
            )
        if unit is None:
            raise _wrong_code()
        return as_registered(unit)
    code = sess.get(UnitCode, access.code_id)
    if unit is None or not unit.active or code is None or code.unit_id != unit.id:
        raise _wrong_code()
    if code.revoked_at is not None:
        raise AccessRefused(
            "Mã truy cập này đã bị thu hồi; chưa lưu. Hãy hỏi giảng viên mã mới và mở lại bản tự "
            "đánh giá của đơn vị (những gì đã lưu trước đó vẫn còn).",
            "This access code was revoked; nothing was saved. Ask the trainer for the new code "
            "and open the unit's review again (what was saved before is kept).",
        )
    return as_registered(unit)


def check(access: UnitAccess, eng: Engine | None = None) -> RegisteredUnit:
    """:func:`verify` in a transaction of its own (before reading the unit's record)."""
    with db.session(eng) as sess:
        return verify(access, sess)
