"""Does `kit assess score` keep its JSON contract, refuse bad input, and score the fixtures
plausibly (the real seed-000 commune below a strong unit)?"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kit.cli import main

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "assessment"
SEED = FIXTURES / "seed-000-quang-thai.json"
STRONG = FIXTURES / "strong-unit.json"
WEAK = FIXTURES / "weak-unit-no-evidence.json"


def scored(capsys: pytest.CaptureFixture[str], path: Path, *extra: str) -> dict[str, object]:
    assert main(["assess", "score", str(path), "--json", *extra]) == 0
    data: dict[str, object] = json.loads(capsys.readouterr().out)
    return data


def dims(data: dict[str, object]) -> dict[str, dict[str, object]]:
    return {d["key"]: d for d in data["dimensions"]}  # type: ignore[attr-defined]


def test_the_json_output_keeps_the_contract(capsys: pytest.CaptureFixture[str]) -> None:
    data = scored(capsys, STRONG)
    assert {"unit", "total", "level", "dimensions"} <= set(data)
    assert data["unit"]["unit_name"] == "Sở Tư pháp (đơn vị mẫu)"  # type: ignore[index]
    assert isinstance(data["total"], float) and isinstance(data["level"], str)
    for d in data["dimensions"]:  # type: ignore[attr-defined]
        assert {"key", "score", "band", "why", "raise"} <= set(d)
        assert isinstance(d["why"], str) and d["why"] and isinstance(d["raise"], str) and d["raise"]
    assert list(dims(data)) == [
        "directing",
        "communication",
        "posting",
        "coordination",
        "staff",
        "funding",
        "learning",
    ]


def test_the_strong_unit_scores_high(capsys: pytest.CaptureFixture[str]) -> None:
    data = scored(capsys, STRONG)
    assert data["total"] >= 90 and data["level"] == "thuc_hanh_tot"  # type: ignore[operator]
    funding = dims(data)["funding"]  # no sponsorship: not the top band
    assert funding["band"] == "adjusted" and "Tài trợ" in funding["raise"]  # type: ignore[operator]


def test_the_weak_unit_is_capped_wherever_it_claims_without_evidence(
    capsys: pytest.CaptureFixture[str],
) -> None:
    data = scored(capsys, WEAK)
    capped = [d for d in dims(data).values() if d["capped"]]
    assert len(capped) >= 4
    assert all("thiếu bằng chứng" in str(d["why"]) for d in capped)
    assert data["total"] < 20  # type: ignore[operator]


def test_the_seed_000_commune_is_incomplete_and_scores_low_but_plausibly(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["assess", "score", str(SEED)]) == 1
    err = capsys.readouterr().err
    assert "drafts_in_scope" in err and "bắt buộc" in err and "required" in err
    seed = scored(capsys, SEED, "--allow-incomplete")
    strong = scored(capsys, STRONG)
    by_key = dims(seed)
    # the one thing it documents: a plan with number and date
    assert by_key["directing"]["band"] == "planned"
    # part-time staff with no assignment document, press coordination with no partner named
    assert by_key["staff"]["capped"] and by_key["coordination"]["capped"]
    assert all(d["band"] in ("nothing", "planned") for d in by_key.values())
    assert 0 < seed["total"] < 30 and seed["total"] < strong["total"]  # type: ignore[operator]


def test_the_text_summary_is_bilingual(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["assess", "score", str(STRONG)]) == 0
    out = capsys.readouterr().out
    assert "Tổng điểm" in out and "Total" in out and "Vì sao" in out and "Why" in out


def test_invalid_answers_exit_1_with_a_message_per_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = json.loads(STRONG.read_text("utf-8"))
    data["answers"] |= {"drafts_total": -2, "review_date": "31/02/2024", "bogus": 1}
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    assert main(["assess", "score", str(path), "--json"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    for field in ("drafts_total", "review_date", "bogus"):
        assert f"{field}:" in captured.err
    assert "âm" in captured.err and "negative" in captured.err


def test_assessors_scores_add_a_consensus(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = json.loads(STRONG.read_text("utf-8"))
    data["assessments"] = [
        {"assessor": "A", "overrides": {"funding": {"score": 70, "reason": "Chưa quyết toán."}}},
        {"assessor": "B"},
    ]
    path = tmp_path / "with-assessors.json"
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    result = scored(capsys, path)
    funding = next(d for d in result["consensus"]["dimensions"] if d["key"] == "funding")  # type: ignore[index]
    assert (funding["min"], funding["max"], funding["agreed_by"]) == (70, 84, "median")
    assert funding["reasons"] == ["A (70): Chưa quyết toán."]


@pytest.mark.parametrize("name", ["units.xlsx", "units.csv", "units"])
def test_other_file_types_are_a_usage_error(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / name
    path.write_bytes(b"")
    assert main(["assess", "score", str(path)]) == 2
    err = capsys.readouterr().err
    assert ".json" in err and "Chưa hỗ trợ" in err and "Unsupported" in err


@pytest.mark.parametrize("text", ["{not json", '{"format": "other"}'])
def test_a_broken_or_foreign_json_file_exits_1(
    text: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "x.json"
    path.write_text(text, "utf-8")
    assert main(["assess", "score", str(path)]) == 1
    assert "Traceback" not in capsys.readouterr().err
