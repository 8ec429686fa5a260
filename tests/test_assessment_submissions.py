"""Is a resubmission kept as a new version with its history, is one unit recognised however its
name is spelled, and is nothing invalid or duplicated stored, even when units submit at once?"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from unicodedata import normalize

import pytest
from sqlalchemy import Engine, func, select

from kit.assessment.collection import submissions
from kit.assessment.collection.sheets import read_units_data
from kit.assessment.collection.submissions import history, latest_per_unit, submit, unit_key
from kit.assessment.collection.template import write_template
from kit.assessment.questionnaire.answers import InvalidAnswers, check_answers
from kit.assessment.questionnaire.saved import read_saved, to_saved
from kit.assessment.questionnaire.scoring import score_answers
from kit.store import db
from kit.store.models import AssessmentSubmission

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "assessment"


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    eng = db.create(f"sqlite:///{tmp_path / 'nop.sqlite3'}")
    db.upgrade(eng)
    yield eng
    eng.dispose()


def saved(name: str = "strong-unit", **changes: object) -> dict[str, object]:
    """A fixture's saved JSON with some answers changed."""
    data = json.loads((FIXTURES / f"{name}.json").read_text("utf-8"))
    answers = check_answers(read_saved(data).raw).answers | changes
    return to_saved(answers, notes=str(data.get("notes", "")))


def a_year_later(name: str = "strong-unit") -> dict[str, object]:
    """The fixture's answers reported for the next year: every date moved on a year."""
    data = json.loads((FIXTURES / f"{name}.json").read_text("utf-8"))
    answers = check_answers(read_saved(data).raw).answers
    return {k: v.replace(year=v.year + 1) for k, v in answers.items() if isinstance(v, date)}


def stored(eng: Engine) -> int:
    with eng.connect() as conn:
        return int(
            conn.execute(select(func.count()).select_from(AssessmentSubmission)).scalar_one()
        )


def test_a_first_submission_is_version_1_with_its_score(engine: Engine) -> None:
    first = submit(saved(), "app", engine)
    answers = check_answers(read_saved(saved()).raw).answers
    assert (first.version, first.created, first.source) == (1, True, "app")
    assert first.total == score_answers(answers).total and first.level == "thuc_hanh_tot"
    assert (first.unit_name, first.unit_level) == ("Sở Tư pháp (đơn vị mẫu)", "so_nganh")
    assert (first.period_start, first.period_end) == (date(2024, 1, 1), date(2024, 12, 31))
    assert first.unit_key == unit_key(answers)
    assert first.submitted_at.tzinfo is not None and first.agreed_total is None
    assert history(first.unit_key, engine)[0].submitted_at == first.submitted_at
    assert read_saved(first.saved()).raw == read_saved(saved()).raw


def test_a_resubmission_becomes_version_2_and_version_1_stays_in_history(engine: Engine) -> None:
    first = submit(saved(), "app", engine)
    second = submit(saved(press_items=20), "don-vi.xlsx", engine)
    assert (second.version, second.unit_key) == (2, first.unit_key)
    versions = history(first.unit_key, engine)
    assert [(s.version, s.source) for s in versions] == [(1, "app"), (2, "don-vi.xlsx")]
    assert versions[0].saved()["answers"]["press_items"] == 14  # type: ignore[index]
    assert versions[1].saved()["answers"]["press_items"] == 20  # type: ignore[index]
    assert [s.version for s in latest_per_unit(eng=engine)] == [2]


def test_the_same_file_sent_twice_adds_no_version(engine: Engine) -> None:
    first = submit(saved(), "app", engine)
    again = submit(saved(), "app", engine)
    assert (again.version, again.created, again.id) == (1, False, first.id)
    assert stored(engine) == 1


@pytest.mark.parametrize(
    "spelling",
    [
        "Ủy ban nhân dân phường Hoà Bình",  # old tone placement
        normalize("NFD", "Ủy ban nhân dân phường Hòa Bình"),  # decomposed
        "ỦY BAN NHÂN DÂN PHƯỜNG HÒA  BÌNH",  # case and spacing
        "  Ủy ban nhân dân phường Hòa Bình ",
    ],
)
def test_tone_and_spelling_variants_of_a_name_are_one_unit(spelling: str, engine: Engine) -> None:
    first = submit(
        saved(unit_name="Ủy ban nhân dân phường Hòa Bình", province="Hòa Bình"), "a", engine
    )
    second = submit(saved(unit_name=spelling, province="Hoà Bình", press_items=1), "b", engine)
    assert second.unit_key == first.unit_key and second.version == 2


def test_another_period_level_or_province_is_another_unit(engine: Engine) -> None:
    base = submit(saved(), "app", engine)
    others = [
        saved(**a_year_later()),
        saved(unit_level="tinh_thanh_pho"),
        saved(province="Tỉnh khác"),
    ]
    keys = {submit(s, "app", engine).unit_key for s in others}
    assert len(keys | {base.unit_key}) == 4
    assert all(s.version == 1 for s in latest_per_unit(eng=engine))


def test_invalid_answers_are_refused_and_nothing_is_stored(engine: Engine) -> None:
    with pytest.raises(InvalidAnswers) as exc:
        submit(saved(drafts_total=-1, review_date="31/02/2024"), "app", engine)
    assert {p.field for p in exc.value.problems} == {"drafts_total", "review_date"}
    incomplete = saved()
    del incomplete["answers"]["difficulties"]  # type: ignore[attr-defined]
    with pytest.raises(InvalidAnswers):
        submit(incomplete, "app", engine)
    assert stored(engine) == 0


def test_the_latest_version_of_each_unit_filtered_by_year_or_period(engine: Engine) -> None:
    submit(saved(), "app", engine)
    submit(saved(press_items=30), "app", engine)
    submit(saved("weak-unit-no-evidence"), "app", engine)
    submit(saved(**a_year_later()), "app", engine)
    all_units = latest_per_unit(eng=engine)
    assert len(all_units) == 3
    year = latest_per_unit(2024, engine)
    assert sorted((s.unit_level, s.version) for s in year) == [
        ("so_nganh", 2),
        ("xa_phuong_dac_khu", 1),
    ]
    exact = latest_per_unit((date(2025, 1, 1), date(2025, 12, 31)), engine)
    assert [s.period_end for s in exact] == [date(2025, 12, 31)]
    assert latest_per_unit(2023, engine) == []


def test_a_lost_race_for_a_version_number_is_retried(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    submit(saved(), "app", engine)
    real = submissions._latest
    stale = [True]

    def once_stale(sess, key):  # type: ignore[no-untyped-def]
        if stale.pop() if stale else False:
            return None  # as if another writer had not committed version 1 yet
        return real(sess, key)

    monkeypatch.setattr(submissions, "_latest", once_stale)
    second = submit(saved(press_items=2), "app", engine)
    assert second.version == 2 and not stale
    assert [s.version for s in history(second.unit_key, engine)] == [1, 2]


def test_units_submitting_at_once_each_get_their_own_version(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'dong-thoi.sqlite3'}"
    db.upgrade(db.create(url))
    workers, results, errors = 6, [], []
    start = threading.Barrier(workers)

    def send(i: int) -> None:
        eng = db.create(url)
        try:
            start.wait(timeout=30)
            results.append(submit(saved(press_items=100 + i), f"nguoi-{i}", eng).version)
        except Exception as exc:  # reported below
            errors.append(repr(exc))
        finally:
            eng.dispose()

    threads = [threading.Thread(target=send, args=(i,)) for i in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    assert sorted(results) == list(range(1, workers + 1))


def test_assessors_scores_are_kept_and_their_agreed_total_stored(engine: Engine) -> None:
    data = saved()
    data["assessments"] = [
        {"assessor": "A", "overrides": {"funding": {"score": 70, "reason": "Chưa quyết toán."}}},
        {"assessor": "B"},
    ]
    kept = submit(data, "app", engine)
    assert kept.agreed_total is not None and kept.agreed_total < kept.total  # type: ignore[operator]
    assert kept.saved()["assessments"][0]["assessor"] == "A"  # type: ignore[index]


def test_rows_of_an_imported_sheet_can_be_submitted(engine: Engine) -> None:
    answers = check_answers(read_saved(saved()).raw).answers
    sheet = read_units_data(write_template([answers, answers | {"unit_name": "Sở B"}]), "t.xlsx")
    stored_units = [submit(u.to_saved(), f"t.xlsx dòng {u.row}", engine) for u in sheet.units]
    assert [(s.version, s.source) for s in stored_units] == [
        (1, "t.xlsx dòng 3"),
        (1, "t.xlsx dòng 4"),
    ]
    assert stored_units[0].unit_key == sheet.units[0].identity.key
