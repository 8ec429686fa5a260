"""Filled reviews submitted from files on the server (``kit assess submit``), each attributed to
the registered unit it names and stored exactly as the app stores it
(:func:`~kit.assessment.collection.submissions.submit`: the same checks, the next version).

Which unit a review is: the code it carries (a ``unit_code`` column of a sheet, ``unit_code`` in a
saved file's ``unit``, or a name cell that holds a unit code) decides; without one, the name must
equal exactly one active unit's name once normalised (Unicode NFC, case, spacing and tone-mark
placement: "Hoà" = "Hòa"), at the same level. A near match (abbreviations written out, letters
without diacritics, another level or province) is refused with the closest registered names for
a person to choose from: a name that is only close never decides. Each row stands alone: it is
stored or refused, and a refusal keeps the rows stored before and after it. While no unit is
registered, reviews are stored by their names as before there was a registry.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from kit.assessment.collection.sheets import ImportedUnit, UnitImport, read_units
from kit.assessment.collection.submissions import Submission, submit
from kit.core.errors import InputError, KitError
from kit.core.i18n import t
from kit.units.access import for_file
from kit.units.levels import level_label
from kit.units.matching import Candidate, match_unit
from kit.units.registry import RegisteredUnit, all_units, name_key, normal_code

#: registered names offered for a near match
CLOSEST = 3


@dataclass(frozen=True)
class Outcome:
    """What became of one review: ``stored`` or the reason it was refused (vi, en)."""

    where: str
    stored: Submission | None = None
    vi: str = ""
    en: str = ""

    @property
    def refused(self) -> bool:
        return self.stored is None

    def line(self) -> str:
        """One line, Vietnamese then English."""
        if self.stored is None:
            vi, en = (" ".join(m.replace("\n", "; ").split()) for m in (self.vi, self.en))
            return f"{self.where}: {vi} / {en}"
        s = self.stored
        key = "province.submit_stored" if s.created else "province.submit_same"
        fields = {
            "where": self.where,
            "version": s.version,
            "code": s.unit_code,
            "name": s.unit_name,
        }
        return f"{t(key, 'vi', **fields)} / {t(key, 'en', **fields)}"


class Unattributed(InputError):
    """The review names no registered unit a program may decide on."""


def _names(units: Sequence[RegisteredUnit | Candidate], lang: str = "vi") -> str:
    """``X001 «name» (why it was suggested)``, for each unit a person may choose."""
    shown = []
    for item in units:
        unit = item.unit if isinstance(item, Candidate) else item
        why = f" ({item.reason(lang)})" if isinstance(item, Candidate) else ""
        shown.append(f"{unit.code} «{unit.name}»{why}")
    return "; ".join(shown)


def _refuse(
    key: str, closest: Sequence[RegisteredUnit | Candidate] = (), **fields: object
) -> Unattributed:
    return Unattributed(
        t(key, "vi", closest=_names(closest, "vi"), **fields),
        t(key, "en", closest=_names(closest, "en"), **fields),
    )


def attribute(row: ImportedUnit, units: Sequence[RegisteredUnit]) -> RegisteredUnit:
    """The registered unit ``row`` is (see the module docstring), or :class:`Unattributed`."""
    if row.unit_code:
        found = next((u for u in units if u.code == normal_code(row.unit_code)), None)
        if found is None:
            raise _refuse("province.submit_unknown_code", code=normal_code(row.unit_code))
    else:
        identity = row.identity
        active = [u for u in units if u.active]
        match = match_unit(identity.name, active, level=identity.level, province=identity.province)
        found = match.exact
        if found is None:
            same = [
                c.unit
                for c in match.candidates
                if c.closeness <= 1 and not c.other_level and not c.other_province
            ]
            if len(same) > 1:
                raise _refuse("province.submit_twice", same, name=identity.name)
            if not same:
                closest: list[RegisteredUnit | Candidate] = [*match.candidates[:CLOSEST]]
                closest = closest or [*_similar(identity.name, active)]
                if not closest:
                    raise _refuse(
                        "province.submit_no_match",
                        name=identity.name,
                        level=level_label(identity.level),
                    )
                raise _refuse("province.submit_near", closest, name=identity.name)
            found = same[0]
    if not found.active:
        raise _refuse("province.submit_inactive", code=found.code, name=found.name)
    return found


def _similar(name: str, units: Sequence[RegisteredUnit]) -> list[RegisteredUnit]:
    """The registered units whose folded names are closest to ``name`` (for a person to choose)."""
    keys = {u.code: name_key(u.name) for u in units}
    wanted = name_key(name)
    scored = [(difflib.SequenceMatcher(None, wanted, k).ratio(), c) for c, k in keys.items()]
    best = {c for r, c in sorted(scored, reverse=True)[:CLOSEST] if r >= 0.6}
    return [u for u in units if u.code in best]


def _where(found: UnitImport, row: ImportedUnit) -> str:
    if found.kind == "json":
        return found.source
    sheet = f" «{row.sheet}»" if row.sheet else ""
    return f"{found.source}{sheet} dòng/row {row.row}"


def submit_import(found: UnitImport, eng: Engine | None = None) -> Iterator[Outcome]:
    """Store every good row of ``found``; an outcome per row, and per row its reader refused."""
    for sheet, number in found.rejected_rows():
        problems = [p for p in found.problems if (p.sheet, p.row) == (sheet, number)]
        where = (
            found.source
            if found.kind == "json"
            else (f"{found.source}{f' «{sheet}»' if sheet else ''} dòng/row {number}")
        )
        yield Outcome(
            where,
            None,
            "; ".join(f"{p.field}: {p.vi}" for p in problems),
            "; ".join(f"{p.field}: {p.en}" for p in problems),
        )
    units = all_units(False, eng)
    for row in found.units:
        where = _where(found, row)
        try:
            if units:
                access = for_file(attribute(row, units))
                stored = submit(row.to_saved(), where, eng, by=access)
            else:
                stored = submit(row.to_saved(), where, eng)
        except KitError as exc:
            yield Outcome(where, None, exc.vi, exc.en)
            continue
        yield Outcome(where, stored)


def submit_file(path: Path, eng: Engine | None = None) -> list[Outcome]:
    """:func:`submit_import` of the file at ``path``; a file that cannot be read at all is one
    refusal."""
    try:
        found = read_units(path)
    except KitError as exc:
        return [Outcome(path.name, None, exc.vi, exc.en)]
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        return [
            Outcome(
                path.name,
                None,
                f"không mở được tệp ({reason}).",
                f"cannot open the file ({reason}).",
            )
        ]
    return list(submit_import(found, eng))
