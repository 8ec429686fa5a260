"""The registry of units expected to submit their yearly review, as the province keeps it.

A unit is known by its code (``Mã đơn vị``); importing the list again updates each unit by its
code. A unit missing from a new list is kept and marked inactive, never deleted (its reviews and
their history stay). While no unit is registered at all, the self-assessment works as it did
before there was a registry (anyone may fill a review for any unit); once one is, a unit's
access code is required (:mod:`kit.units.access`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from sqlalchemy import Engine, select

from kit.core.text import bare_key
from kit.store import db
from kit.store.models import Unit

CODE_MAX, NAME_MAX, PROVINCE_MAX = 40, 300, 200
#: what a unit code may hold once written in capitals: letters, digits and . _ - /
CODE_PATTERN = re.compile(r"^[\w.\-/]+$")


@dataclass(frozen=True)
class RegisteredUnit:
    id: int
    code: str
    name: str
    level: str
    province: str
    active: bool


@dataclass(frozen=True)
class UnitEntry:
    """One good row of an imported list: what the unit should now be."""

    row: int
    code: str
    name: str
    level: str
    province: str


@dataclass(frozen=True)
class ImportOutcome:
    created: tuple[str, ...]
    updated: tuple[str, ...]
    unchanged: tuple[str, ...]
    #: units active before, missing from the list: kept, marked inactive
    deactivated: tuple[str, ...]
    #: units inactive before, listed again
    reactivated: tuple[str, ...]


def normal_code(value: object) -> str:
    """A unit code as compared and stored: NFC, no surrounding spaces, in capitals (a number a
    spreadsheet stored as ``1001.0`` is ``1001``)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFC", str(value if value is not None else "")).strip().upper()


def normal_text(value: object) -> str:
    """A name or province as stored: NFC, runs of spaces made one."""
    return " ".join(unicodedata.normalize("NFC", str(value if value is not None else "")).split())


def name_key(name: str) -> str:
    """The loosest key of a name (case, diacritics, tone placement, "UBND"): for finding the
    registered names a typed one may be, never for deciding that it is one."""
    return bare_key(name)


def as_registered(row: Unit) -> RegisteredUnit:
    return RegisteredUnit(row.id, row.code, row.name, row.level, row.province, row.active)


def has_units(eng: Engine | None = None) -> bool:
    """Whether any unit is registered (active or not): from then on a unit's code is needed."""
    with db.session(eng) as sess:
        return sess.scalar(select(Unit.id).limit(1)) is not None


def all_units(active_only: bool = False, eng: Engine | None = None) -> list[RegisteredUnit]:
    """The registered units, by province, name and code."""
    query = select(Unit).order_by(Unit.province, Unit.name, Unit.code)
    if active_only:
        query = query.where(Unit.active.is_(True))
    with db.session(eng) as sess:
        return [as_registered(r) for r in sess.scalars(query)]


def unit_by_code(code: object, eng: Engine | None = None) -> RegisteredUnit | None:
    """The unit with this code (written in any case), active or not."""
    with db.session(eng) as sess:
        row = sess.scalar(select(Unit).where(Unit.code == normal_code(code)))
        return None if row is None else as_registered(row)


def unit_by_id(unit_id: int, eng: Engine | None = None) -> RegisteredUnit | None:
    with db.session(eng) as sess:
        row = sess.get(Unit, unit_id)
        return None if row is None else as_registered(row)


def apply_import(
    entries: Sequence[UnitEntry], listed: Collection[str], eng: Engine | None = None
) -> ImportOutcome:
    """Bring the registry to ``entries`` in one transaction: each unit created or updated by its
    code; every active unit whose code is not in ``listed`` (the codes the file named, good rows
    or not) marked inactive."""
    created: list[str] = []
    updated: list[str] = []
    unchanged: list[str] = []
    reactivated: list[str] = []
    deactivated: list[str] = []
    with db.session(eng) as sess:
        rows = {r.code: r for r in sess.scalars(select(Unit))}
        for e in entries:
            row = rows.get(e.code)
            wanted = (e.name, e.level, e.province)
            if row is None:
                key = name_key(e.name)[:NAME_MAX]
                sess.add(
                    Unit(
                        code=e.code,
                        name=e.name,
                        name_key=key,
                        level=e.level,
                        province=e.province,
                        active=True,
                    )
                )
                created.append(e.code)
                continue
            if not row.active:
                reactivated.append(e.code)
            (updated if (row.name, row.level, row.province) != wanted else unchanged).append(e.code)
            row.name, row.level, row.province, row.active = (*wanted, True)
            row.name_key = name_key(e.name)[:NAME_MAX]
        keep = set(listed) | {e.code for e in entries}
        for code, row in sorted(rows.items()):
            if row.active and code not in keep:
                row.active = False
                deactivated.append(code)
    return ImportOutcome(
        tuple(created), tuple(updated), tuple(unchanged), tuple(deactivated), tuple(reactivated)
    )
