"""Does `kit assess score` keep its JSON contract, refuse bad input, and score the fixtures
plausibly (the real seed-000 commune below a strong unit)? Does it score a filled XLSX or CSV
template the same way, one unit or many, reporting bad rows while scoring the good ones?"""

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


@pytest.mark.parametrize("name", ["units.docx", "units.txt", "units"])
def test_other_file_types_are_a_usage_error(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / name
    path.write_bytes(b"")
    assert main(["assess", "score", str(path)]) == 2
    err = capsys.readouterr().err
    assert ".json" in err and ".xlsx" in err and "Chưa hỗ trợ" in err and "Unsupported" in err


@pytest.mark.parametrize("text", ["{not json", '{"format": "other"}'])
def test_a_broken_or_foreign_json_file_exits_1(
    text: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "x.json"
    path.write_text(text, "utf-8")
    assert main(["assess", "score", str(path)]) == 1
    assert "Traceback" not in capsys.readouterr().err


# ---------------------------------------------------------------------------------- sheets


def unit_answers(path: Path, **changes: object) -> dict[str, object]:
    from kit.assessment.questionnaire.answers import check_answers
    from kit.assessment.questionnaire.saved import read_saved

    data = json.loads(path.read_text("utf-8"))
    return check_answers(read_saved(data).raw).answers | changes


def sheet(tmp_path: Path, *units: dict[str, object], name: str = "don-vi.xlsx") -> Path:
    from kit.assessment.collection.template import write_template

    path = tmp_path / name
    path.write_bytes(write_template(units))
    return path


def test_a_one_unit_template_gives_the_same_json_as_the_saved_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from_json = scored(capsys, STRONG)
    from_xlsx = scored(capsys, sheet(tmp_path, unit_answers(STRONG)))
    assert from_xlsx == from_json


def test_several_units_give_a_json_array_in_row_order(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = sheet(tmp_path, unit_answers(STRONG), unit_answers(WEAK))
    assert main(["assess", "score", str(path), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert isinstance(result, list) and [u["row"] for u in result] == [3, 4]
    for unit in result:
        assert {"unit", "total", "level", "dimensions"} <= set(unit)
        assert all({"key", "score", "band", "why", "raise"} <= set(d) for d in unit["dimensions"])
    assert result[0]["total"] == scored(capsys, STRONG)["total"]
    assert result[1]["total"] == scored(capsys, WEAK)["total"]


def test_bad_rows_go_to_stderr_and_the_good_rows_are_still_scored(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = unit_answers(STRONG, unit_name="Sở lỗi", drafts_communicated=5)
    path = sheet(tmp_path, unit_answers(STRONG), bad, unit_answers(WEAK))
    assert main(["assess", "score", str(path), "--json"]) == 1
    captured = capsys.readouterr()
    assert [u["row"] for u in json.loads(captured.out)] == [3, 5]
    assert "dòng 4" in captured.err and "row 4" in captured.err
    assert "drafts_communicated" in captured.err and "bị bỏ qua" in captured.err


def test_the_text_output_lists_each_unit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = sheet(tmp_path, unit_answers(STRONG), unit_answers(WEAK))
    assert main(["assess", "score", str(path)]) == 0
    out = capsys.readouterr().out
    assert "dòng 3 / row 3" in out and "dòng 4 / row 4" in out
    assert out.count("Tổng điểm") == 2 and out.count("Total:") == 2


def test_allow_incomplete_scores_a_row_with_required_answers_missing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = sheet(tmp_path, unit_answers(STRONG, difficulties=None))
    assert main(["assess", "score", str(path)]) == 1
    assert "bắt buộc" in capsys.readouterr().err
    assert main(["assess", "score", str(path), "--allow-incomplete", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["unit"]["unit_name"]


def test_a_csv_of_the_template_is_scored(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import csv
    import io

    from kit.assessment.collection.template import cell_value
    from kit.assessment.questionnaire.schema import load_questionnaire

    fields = load_questionnaire().fields()
    answers = unit_answers(STRONG)
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(list(fields))
    writer.writerow([cell_value(f, answers.get(k)) or "" for k, f in fields.items()])
    path = tmp_path / "don-vi.csv"
    path.write_text(text.getvalue(), "utf-8")
    assert scored(capsys, path) == scored(capsys, STRONG)


def test_an_empty_template_has_no_unit_to_score(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["assess", "score", str(sheet(tmp_path))]) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and "không có đơn vị" in captured.err and "no unit" in captured.err


@pytest.mark.parametrize(
    ("data", "vi"),
    [(b"", "trống"), (b"%PDF-1.7", "PDF"), (b"PK\x03\x04 broken", "tệp nén")],
)
def test_a_broken_or_disguised_xlsx_exits_1_with_a_clear_message(
    data: bytes, vi: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "units.xlsx"
    path.write_bytes(data)
    assert main(["assess", "score", str(path)]) == 1
    err = capsys.readouterr().err
    assert vi in err and "Traceback" not in err
