"""Which registered unit a name typed in a file or a form is.

Only a code decides: the unit code given (``Mã đơn vị``), or a name cell that holds a unit code
and nothing else. A name is never enough: the same name may be two units (two communes of one
name in two provinces), and two spellings may be two units. A name only *suggests* candidates,
each with the reason it was suggested, for a person to confirm: written the same; the same but
for case, spacing or tone placement ("Hoà" / "Hòa"); the same once abbreviations are written out
("UBND" = "Ủy ban nhân dân"); the same letters without diacritics. A level or province that
differs is said, not hidden.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from kit.core.text import bare_key, fold, words_key
from kit.units.registry import RegisteredUnit, normal_code, normal_text

#: why a name was suggested, the closest first: (vi, en)
REASONS: tuple[tuple[str, str], ...] = (
    ("viết giống hệt", "written the same"),
    (
        "giống tên, chỉ khác chữ hoa, khoảng trắng hoặc vị trí dấu thanh",
        "the same name but for case, spacing or tone-mark placement",
    ),
    (
        "giống tên khi viết đầy đủ chữ viết tắt (UBND = Ủy ban nhân dân)",
        "the same name once abbreviations are written out (UBND = Ủy ban nhân dân)",
    ),
    ("giống tên khi bỏ dấu tiếng Việt", "the same letters without Vietnamese diacritics"),
)
OTHER_LEVEL = ("khác cấp", "another level")
OTHER_PROVINCE = ("khác tỉnh", "another province")


@dataclass(frozen=True)
class Candidate:
    """A registered unit a typed name may be, and why (for a person to confirm)."""

    unit: RegisteredUnit
    #: 0 written the same … 3 the same letters without diacritics (:data:`REASONS`)
    closeness: int
    other_level: bool = False
    other_province: bool = False

    def reason(self, lang: str = "vi") -> str:
        index = 1 if lang == "en" else 0
        parts = [REASONS[self.closeness][index]]
        parts += [OTHER_LEVEL[index]] if self.other_level else []
        parts += [OTHER_PROVINCE[index]] if self.other_province else []
        return "; ".join(parts)


@dataclass(frozen=True)
class UnitMatch:
    typed: str
    #: the unit the code names (the only match made without a person)
    exact: RegisteredUnit | None
    candidates: tuple[Candidate, ...] = ()


def _closeness(typed: str, name: str) -> int | None:
    if normal_text(typed) == normal_text(name):
        return 0
    if fold(typed) == fold(name):
        return 1
    if words_key(typed) == words_key(name):
        return 2
    if bare_key(typed) == bare_key(name):
        return 3
    return None


def _province_key(text: str) -> str:
    """A province's name without the word for what it is ("Tỉnh Lạng Sơn" = "Lạng Sơn")."""
    key = bare_key(text)
    for lead in ("tinh ", "thanh pho ", "tp "):
        key = key.removeprefix(lead)
    return key


def match_unit(
    typed: str,
    units: Sequence[RegisteredUnit],
    *,
    code: str | None = None,
    level: str | None = None,
    province: str | None = None,
) -> UnitMatch:
    """The unit ``code`` names (or ``typed``, when it is a unit code), else the candidates a
    person may confirm, the closest first."""
    by_code = {u.code: u for u in units}
    for given in (code, typed):
        found = by_code.get(normal_code(given)) if given else None
        if found is not None:
            return UnitMatch(typed, found)
    found_candidates = []
    for unit in units:
        closeness = _closeness(typed, unit.name)
        if closeness is None:
            continue
        other_level = bool(level) and level != unit.level
        other_province = bool(province and unit.province) and _province_key(
            province or ""
        ) != _province_key(unit.province)
        found_candidates.append(Candidate(unit, closeness, other_level, other_province))
    found_candidates.sort(
        key=lambda c: (c.closeness + 2 * (c.other_level + c.other_province), c.unit.code)
    )
    return UnitMatch(typed, None, tuple(found_candidates))
