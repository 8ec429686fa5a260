"""Does only a code decide which registered unit a typed name is, while other spellings of a name
are offered with the reason, for a person to confirm, and never merged on their own — in the
matching itself and where units arrive from files (the roll-up), which reads files with no
registry exactly as before?"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kit.assessment.collection.template import write_template
from kit.assessment.questionnaire.answers import check_answers
from kit.assessment.questionnaire.saved import read_saved, to_saved
from kit.assessment.rollup.sources import confirm, read_files
from kit.core.errors import UsageError
from kit.units.matching import match_unit
from kit.units.registry import RegisteredUnit

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "assessment"
HOA_BINH = RegisteredUnit(
    1, "X001", "Ủy ban nhân dân xã Hòa Bình", "xa_phuong_dac_khu", "Lạng Sơn", True
)
HOA_BINH_2 = RegisteredUnit(
    2, "X002", "Ủy ban nhân dân xã Hòa Bình", "xa_phuong_dac_khu", "Hòa Bình", True
)
EAST = RegisteredUnit(
    3, "X003", "Ủy ban nhân dân xã Hòa Bình Đông", "xa_phuong_dac_khu", "Lạng Sơn", True
)
DEPT = RegisteredUnit(4, "S-TP", "Sở Tư pháp tỉnh Lạng Sơn", "so_nganh", "Lạng Sơn", True)
REGISTRY = (HOA_BINH, HOA_BINH_2, EAST, DEPT)


@pytest.mark.parametrize(
    ("typed", "code", "exact"),
    [
        ("UBND xã Hoà Bình", "X001", HOA_BINH),  # the code decides, whatever the name
        ("Tên gõ sai hoàn toàn", "x001", HOA_BINH),
        ("S-TP", None, DEPT),  # a name cell holding a unit code
        (" s-tp ", None, DEPT),
        ("Ủy ban nhân dân xã Hòa Bình", None, None),  # a name alone never decides
    ],
)
def test_only_a_code_makes_an_exact_match(
    typed: str, code: str | None, exact: RegisteredUnit | None
) -> None:
    found = match_unit(typed, REGISTRY, code=code)
    assert found.exact == exact
    if exact is not None:
        assert found.candidates == ()


@pytest.mark.parametrize(
    ("typed", "closeness", "words"),
    [
        ("Ủy ban nhân dân xã Hòa Bình", 0, "viết giống hệt"),
        ("ỦY BAN NHÂN DÂN XÃ HOÀ  BÌNH", 1, "vị trí dấu thanh"),  # old tone placement, case
        ("UBND xã Hòa Bình", 2, "UBND = Ủy ban nhân dân"),
        ("UBND xa Hoa Binh", 3, "bỏ dấu"),
    ],
)
def test_other_spellings_are_suggested_with_the_reason(
    typed: str, closeness: int, words: str
) -> None:
    found = match_unit(typed, REGISTRY, level="xa_phuong_dac_khu", province="Lạng Sơn")
    assert found.exact is None
    assert [c.unit for c in found.candidates] == [HOA_BINH, HOA_BINH_2]  # same province first
    first, second = found.candidates
    assert first.closeness == closeness and words in first.reason("vi") and first.reason("en")
    assert second.other_province and "khác tỉnh" in second.reason("vi")


@pytest.mark.parametrize(
    "typed",
    [
        "Ủy ban nhân dân xã Hòa Bình Tây",  # another commune
        "Ủy ban nhân dân phường Hòa Bình",  # a ward, not the commune
        "Hòa Bình",
        "",
    ],
)
def test_a_distinct_name_is_never_offered(typed: str) -> None:
    assert match_unit(typed, REGISTRY).candidates == ()


def test_a_province_written_with_or_without_its_kind_is_the_same_province() -> None:
    found = match_unit(
        "Sở Tư pháp tỉnh Lạng Sơn", REGISTRY, level="so_nganh", province="Tỉnh Lạng Sơn"
    )
    assert [(c.unit, c.other_province, c.other_level) for c in found.candidates] == [
        (DEPT, False, False)
    ]
    other = match_unit("Sở Tư pháp tỉnh Lạng Sơn", REGISTRY, level="xa_phuong_dac_khu")
    assert other.candidates[0].other_level and "khác cấp" in other.candidates[0].reason()


# ------------------------------------------------------------------ where files arrive


def answers(name: str, **changes: object) -> dict[str, object]:
    data = json.loads((FIXTURES / f"{name}.json").read_text("utf-8"))
    return check_answers(read_saved(data).raw).answers | changes


def files() -> list[tuple[str, bytes]]:
    weak = answers("weak-unit-no-evidence")
    rows = [
        weak | {"unit_name": "UBND xã Hoà Bình", "province": "Lạng Sơn"},
        weak
        | {"unit_name": "Ủy ban nhân dân xã Hòa Bình", "province": "Lạng Sơn", "staff_count": 3},
        weak | {"unit_name": "S-TP", "unit_level": "so_nganh", "province": ""},
    ]
    strong = json.dumps(to_saved(answers("strong-unit")), ensure_ascii=False).encode()
    return [("tong-hop.xlsx", write_template(rows)), ("so.json", strong)]


def names(found) -> list[str]:  # type: ignore[no-untyped-def]
    return sorted(str(u.answers["unit_name"]) for u in found.units)


def test_files_without_a_registry_are_rolled_up_as_before() -> None:
    plain, empty = read_files(files()), read_files(files(), registry=[])
    assert (
        names(plain)
        == names(empty)
        == sorted(
            ["UBND xã Hoà Bình", "Ủy ban nhân dân xã Hòa Bình", "S-TP", "Sở Tư pháp (đơn vị mẫu)"]
        )
    )
    assert plain.suggestions == [] and len(plain.units) == 4
    assert {w.by for w in plain.submitters.values()} == {"file"}


def test_with_a_registry_look_alike_names_are_suggested_not_merged_until_confirmed() -> None:
    found = read_files(files(), registry=REGISTRY)
    assert len(found.units) == 4  # "UBND xã Hoà Bình" and its look-alike still two units
    assert "Sở Tư pháp tỉnh Lạng Sơn" in names(found)  # the code in the name cell decided
    typed = {s.typed: s for s in found.suggestions}
    assert set(typed) == {"UBND xã Hoà Bình", "Ủy ban nhân dân xã Hòa Bình"}
    assert typed["UBND xã Hoà Bình"].candidates[0].unit == HOA_BINH
    confirmed = confirm(found, typed["UBND xã Hoà Bình"], HOA_BINH)
    # now written as the registry writes it: the same unit and period as the other row, which
    # is later in the file and kept; the earlier one is named as replaced
    assert len(confirmed.units) == 3 and names(confirmed).count("Ủy ban nhân dân xã Hòa Bình") == 1
    kept = next(u for u in confirmed.units if u.answers["unit_name"] == HOA_BINH.name)
    assert kept.answers["staff_count"] == 3
    assert [r.source for r in confirmed.rejected] == ["tong-hop.xlsx dòng/row 3"]
    assert "cùng đơn vị" in confirmed.rejected[0].vi
    second = next(s for s in confirmed.suggestions if s.typed == "Ủy ban nhân dân xã Hòa Bình")
    both = confirm(confirmed, second, HOA_BINH)
    assert len(both.units) == 3 and both.suggestions == []
    with pytest.raises(UsageError):
        confirm(both, second, HOA_BINH)  # already confirmed: no longer offered
    with pytest.raises(UsageError):
        confirm(found, typed["UBND xã Hoà Bình"], DEPT)  # not a unit it was offered
