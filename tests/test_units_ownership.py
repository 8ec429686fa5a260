"""Can the identity that made a record (a trainee's attempts and plans, a person's or a unit's
self-assessment draft, a unit's submitted versions) be the only one — besides the trainer, where
the trainer may — to change it, through the modules the apps call? (The self-assessment app's
widgets are tried in ``test_units_assess_app.py``.)"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import Engine

from kit import trainees
from kit.assessment.collection import drafts, submissions
from kit.assessment.questionnaire.answers import check_answers
from kit.assessment.questionnaire.saved import read_saved, to_saved
from kit.core.errors import InputError
from kit.plans import store
from kit.plans.library import template
from kit.plans.model import Plan
from kit.store import db
from kit.units import access, codes
from kit.units.access import AccessRefused, UnitAccess
from kit.units.registry import UnitEntry, apply_import, unit_by_code

FIXTURES = Path(__file__).resolve().parent / "fixtures"
UNITS = [
    UnitEntry(2, "X001", "Ủy ban nhân dân xã Hòa Bình", "xa_phuong_dac_khu", "Lạng Sơn"),
    UnitEntry(3, "S-TP", "Sở Tư pháp tỉnh Lạng Sơn", "so_nganh", "Lạng Sơn"),
]


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    eng = db.create(f"sqlite:///{tmp_path / 'chu-so-huu.sqlite3'}")
    db.upgrade(eng)
    yield eng
    eng.dispose()


def two_trainees(eng: Engine) -> tuple[int, int]:
    a = trainees.register("Nguyễn Văn Một", "UBND xã Hòa Bình", "B", eng).identity.id
    b = trainees.register("Trần Thị Hai", "UBND xã Hoà Bình", "B", eng).identity.id
    return a, b


# ------------------------------------------------------------------ attempts


def test_another_trainee_cannot_overwrite_an_attempt(engine: Engine) -> None:
    a, b = two_trainees(engine)
    trainees.record_attempt(a, "b-01", "a", 1.0, 1, "practice", engine)
    trainees.record_attempt(b, "b-01", "c", 0.0, 1, "practice", engine)  # B's own, beside it
    with pytest.raises(InputError):
        trainees.record_attempt(a, "b-01", "c", 0.0, 1, "practice", engine)  # not even A again
    assert trainees.attempts(a, eng=engine)["b-01"].answer == "a"
    assert trainees.attempts(b, eng=engine)["b-01"].answer == "c"


# ------------------------------------------------------------------ plans


def a_plan() -> Plan:
    return template("commune")


@pytest.mark.parametrize("forged_id", ["1", True, 1.0, None])
def test_another_trainee_cannot_read_change_or_delete_a_plan(engine: Engine, forged_id) -> None:  # type: ignore[no-untyped-def]
    a, b = two_trainees(engine)
    plan = a_plan()
    plan_id = store.create(a, plan, engine)
    before = store.load(a, plan_id, engine)
    for wrong in (plan_id, forged_id):
        with pytest.raises(InputError):
            store.load(b, wrong, engine)
        with pytest.raises(InputError):
            store.save(b, wrong, plan, "tasks", engine)
        store.remove(b, wrong, engine)
    assert store.listing(b, engine) == []
    after = store.load(a, plan_id, engine)
    assert (after.step, after.updated_at, after.plan) == (
        before.step,
        before.updated_at,
        before.plan,
    )
    with pytest.raises(InputError):
        store.save(a, forged_id, plan, "tasks", engine)  # not even the owner with a forged id


# ------------------------------------------------------------------ drafts


def test_a_persons_draft_is_theirs_alone(engine: Engine) -> None:
    a, b = two_trainees(engine)
    drafts.save(a, {"answers": {"unit_name": "Xã của A"}}, "unit", engine)
    drafts.save(b, {"answers": {"unit_name": "Xã của B"}}, "staff", engine)
    mine = drafts.load(a, engine)
    assert mine is not None and mine.state["answers"] == {"unit_name": "Xã của A"}
    assert mine.step == "unit"


@pytest.fixture
def units(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> dict[str, UnitAccess]:
    """The two units' accesses, opened with their codes."""
    monkeypatch.setattr(access, "_after_wrong_code", lambda: None)
    apply_import(UNITS, [u.code for u in UNITS], engine)
    issued = codes.issue_missing(engine)[0]
    return {i.unit.code: access.open_with_code(i.code, engine) for i in issued}


def test_a_units_draft_is_read_and_written_only_with_its_own_access(
    engine: Engine, units: dict[str, UnitAccess]
) -> None:
    commune, dept = units["X001"], units["S-TP"]
    drafts.save_unit(dept, {"answers": {"difficulties": "của Sở"}}, "difficulties", engine)
    drafts.save_unit(commune, {"answers": {"difficulties": "của xã"}}, "unit", engine)
    # an access made up in the kernel: the department's unit with the commune's code
    forged = replace(dept, code_id=commune.code_id, hint=commune.hint)
    for wrong in (forged, replace(commune, unit=dept.unit)):
        with pytest.raises(AccessRefused):
            drafts.save_unit(wrong, {"answers": {"difficulties": "ghi đè"}}, "unit", engine)
        with pytest.raises(AccessRefused):
            drafts.load_unit(wrong, engine)
    trainer_out = access.UnitAccess(dept.unit, None, "", lambda: False)
    with pytest.raises(AccessRefused):
        drafts.save_unit(trainer_out, {"answers": {}}, "unit", engine)
    stored = drafts.load_unit(dept, engine)
    assert stored is not None and stored.state["answers"] == {"difficulties": "của Sở"}
    trainer_in = access.for_trainer(dept.unit, lambda: True, engine)
    drafts.save_unit(trainer_in, {"answers": {"difficulties": "giảng viên sửa"}}, "unit", engine)
    stored = drafts.load_unit(dept, engine)
    assert stored is not None and stored.state["answers"] == {"difficulties": "giảng viên sửa"}


# ------------------------------------------------------------------ submissions


def saved(name: str, **changes: object) -> dict[str, object]:
    data = json.loads((FIXTURES / "assessment" / f"{name}.json").read_text("utf-8"))
    return to_saved(check_answers(read_saved(data).raw).answers | changes)


def test_a_units_versions_are_made_only_with_its_access_and_take_the_registrys_name(
    engine: Engine, units: dict[str, UnitAccess]
) -> None:
    commune, dept = units["X001"], units["S-TP"]
    first = submissions.submit(saved("strong-unit"), "app", engine, by=dept)
    assert (first.version, first.unit_name, first.submitted_by) == (1, UNITS[1].name, "code")
    # the commune's access, with answers naming the department: still the commune's version
    other = submissions.submit(
        saved("weak-unit-no-evidence", unit_name=UNITS[1].name, unit_level="so_nganh"),
        "app",
        engine,
        by=commune,
    )
    assert (other.unit_name, other.unit_level, other.unit_code) == (
        UNITS[0].name,
        "xa_phuong_dac_khu",
        "X001",
    )
    # no access at all, once units are registered: refused, naming who the name may be
    with pytest.raises(InputError) as exc:
        submissions.submit(
            saved("weak-unit-no-evidence", unit_name="UBND xã Hoà Bình"), "f", engine
        )
    assert "mã truy cập" in exc.value.vi and "X001" in exc.value.vi
    assert [s.version for s in submissions.unit_history(dept, engine)] == [1]
    dept_unit = unit_by_code("S-TP", engine)
    assert dept_unit is not None
    codes.revoke("S-TP", engine)
    with pytest.raises(AccessRefused):
        submissions.submit(saved("weak-unit-no-evidence"), "app", engine, by=dept)
    trainer = access.for_trainer(dept_unit, lambda: True, engine)
    second = submissions.submit(saved("strong-unit", press_items=30), "app", engine, by=trainer)
    assert (second.version, second.submitted_by, second.unit_key) == (2, "trainer", first.unit_key)
