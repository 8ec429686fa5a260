"""Access codes of registered units: one per active unit, given to the unit on paper.

A code is 16 characters drawn by :mod:`secrets` from 31 letters and digits nobody mistakes for
one another (no 0/O, 1/I/L), about 79 bits, printed in four groups (``K7QX-4MZP-…``). Only its
SHA-256 hash is stored (a code this long and this random needs no salt or stretching to resist
being guessed back from its hash), with its last four characters as a hint for telling codes
apart; the clear code exists only in the list printed when it is issued. Reissuing revokes the
unit's code and issues a new one; a revoked code opens nothing from the next request on, on
every server, since every use reads the database (:mod:`kit.units.access`).
"""

from __future__ import annotations

import hashlib
import secrets
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from kit.core.errors import InputError
from kit.store import db
from kit.store.models import Unit, UnitCode, utcnow
from kit.units.registry import RegisteredUnit, as_registered, normal_code

#: letters and digits nobody mistakes for one another
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_GROUPS = (4, 4, 4, 4)
HINT_CHARS = 4


@dataclass(frozen=True)
class IssuedCode:
    """A code just issued: the only time it is known in clear."""

    unit: RegisteredUnit
    code: str
    hint: str


def code_key(value: object) -> str:
    """A code as typed (any case, spaces, dashes or dots between the groups) in the form that is
    hashed."""
    text = unicodedata.normalize("NFKC", value) if isinstance(value, str) else ""
    return "".join(ch for ch in text.upper() if ch not in " -.\t\r\n")


def code_hash(value: object) -> str:
    return hashlib.sha256(code_key(value).encode("utf-8")).hexdigest()


def hint_of(code: str) -> str:
    return code_key(code)[-HINT_CHARS:]


def new_code() -> str:
    groups = ("".join(secrets.choice(CODE_ALPHABET) for _ in range(n)) for n in CODE_GROUPS)
    return "-".join(groups)


def _issue(sess: Session, unit: Unit) -> IssuedCode:
    code = new_code()
    sess.add(UnitCode(unit_id=unit.id, code_hash=code_hash(code), hint=hint_of(code)))
    return IssuedCode(as_registered(unit), code, hint_of(code))


def _current(sess: Session, unit_id: int) -> list[UnitCode]:
    return list(
        sess.scalars(
            select(UnitCode).where(UnitCode.unit_id == unit_id, UnitCode.revoked_at.is_(None))
        )
    )


def _find(sess: Session, unit_code: object) -> Unit:
    code = normal_code(unit_code)
    row = sess.scalar(select(Unit).where(Unit.code == code))
    if row is None:
        raise InputError(
            f"Không có đơn vị mã «{code[:60]}» trong danh sách đơn vị; kiểm tra lại mã đơn vị.",
            f"No unit with the code “{code[:60]}” in the unit list; check the unit code.",
        )
    return row


def issue_missing(eng: Engine | None = None) -> tuple[list[IssuedCode], int]:
    """A code for each active unit that has none; (the codes issued, units that had one)."""
    issued: list[IssuedCode] = []
    had = 0
    with db.session(eng) as sess:
        holders = set(sess.scalars(select(UnitCode.unit_id).where(UnitCode.revoked_at.is_(None))))
        units = sess.scalars(
            select(Unit).where(Unit.active.is_(True)).order_by(Unit.province, Unit.name, Unit.code)
        )
        for unit in units:
            if unit.id in holders:
                had += 1
            else:
                issued.append(_issue(sess, unit))
    return issued, had


def revoke(unit_code: object, eng: Engine | None = None) -> int:
    """Revoke the unit's code(s) in use; the number revoked (0: it had none)."""
    return revoke_many([unit_code], eng)[0]


def revoke_many(unit_codes: Sequence[object], eng: Engine | None = None) -> list[int]:
    """:func:`revoke` for each unit, all in one transaction (an unknown unit: none revoked)."""
    with db.session(eng) as sess:
        units = [_find(sess, c) for c in unit_codes]
        counts = []
        for unit in units:
            current = _current(sess, unit.id)
            for row in current:
                row.revoked_at = utcnow()
            counts.append(len(current))
        return counts


def reissue(unit_code: object, eng: Engine | None = None) -> IssuedCode:
    """Revoke the unit's code in use and issue a new one (an inactive unit gets none)."""
    return reissue_many([unit_code], eng)[0]


def reissue_many(unit_codes: Sequence[object], eng: Engine | None = None) -> list[IssuedCode]:
    """:func:`reissue` for each unit, all in one transaction: an unknown or inactive unit
    changes nothing, so no code in use is revoked without its new one being listed."""
    with db.session(eng) as sess:
        units = [_find(sess, c) for c in unit_codes]
        for unit in units:
            if not unit.active:
                raise InputError(
                    f"Đơn vị {unit.code} đã ngừng (không có trong danh sách nhập gần nhất): "
                    "không cấp mã. Nhập lại danh sách có đơn vị này trước.",
                    f"The unit {unit.code} is inactive (not in the last list imported): no code "
                    "is issued. Import a list that includes it first.",
                )
            for row in _current(sess, unit.id):
                row.revoked_at = utcnow()
        sess.flush()
        return [_issue(sess, unit) for unit in units]


def hints(eng: Engine | None = None) -> dict[int, str]:
    """The hint of each unit's code in use, by unit id."""
    with db.session(eng) as sess:
        rows = sess.execute(
            select(UnitCode.unit_id, UnitCode.hint).where(UnitCode.revoked_at.is_(None))
        ).all()
    return {r.unit_id: r.hint for r in rows}
