"""Does `kit assess analyze REPORT [--json]` keep the contract of the issue?"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kit.cli import main
from tests.test_assessment_analyzer import COMMUNE, DEPARTMENT, SEED, WEAK, build_docx

KEYS = ["chi_dao", "hoat_dong", "phoi_hop_gop_y", "can_bo", "kinh_phi", "kho_khan", "kien_nghi"]
FLAGS = {"missing", "empty", "no_figures", "no_references", "generic"}


def _json(capsys: pytest.CaptureFixture[str], path: Path) -> dict[str, object]:
    assert main(["assess", "analyze", str(path), "--json"]) == 0
    return json.loads(capsys.readouterr().out)  # type: ignore[no-any-return]


@pytest.fixture
def department_docx(tmp_path: Path) -> Path:
    path = tmp_path / "so-y-te.docx"
    path.write_bytes(build_docx(DEPARTMENT.read_text("utf-8")))
    return path


@pytest.mark.parametrize("report", [SEED, COMMUNE, WEAK], ids=lambda p: p.stem)
def test_json_has_the_contract_keys_and_flag_vocabulary(
    capsys: pytest.CaptureFixture[str], report: Path
) -> None:
    data = _json(capsys, report)
    assert {"sections", "completeness", "evidence", "suggestions"} <= set(data)
    assert isinstance(data["completeness"], int) and 0 <= data["completeness"] <= 100
    assert isinstance(data["evidence"], int) and 0 <= data["evidence"] <= 100
    sections = data["sections"]
    assert isinstance(sections, list)
    assert [s["key"] for s in sections] == KEYS
    for section in sections:
        assert {"key", "title", "found", "figures", "references", "flags"} <= set(section)
        assert isinstance(section["found"], bool)
        assert set(section["flags"]) <= FLAGS
        assert section["title"] and section["title_en"]
        for reason in section["flag_reasons"]:  # every flag explained in both languages
            assert reason["flag"] in section["flags"] and reason["vi"] and reason["en"]
        for ref in section["references"]:
            assert {"number", "date", "kind"} <= set(ref)
        for figure in section["figures"]:
            assert {"text", "value", "unit", "kind"} <= set(figure)
    for tip in data["suggestions"]:  # type: ignore[attr-defined]
        assert tip["key"] in KEYS and tip["flag"] in FLAGS and tip["vi"] and tip["en"]


def test_json_for_the_weak_report_flags_missing_difficulties_and_empty_recommendations(
    capsys: pytest.CaptureFixture[str],
) -> None:
    data = _json(capsys, WEAK)
    by_key = {s["key"]: s for s in data["sections"]}  # type: ignore[attr-defined]
    assert by_key["kho_khan"]["found"] is False and by_key["kho_khan"]["flags"] == ["missing"]
    assert by_key["kien_nghi"]["flags"] == ["empty"]
    assert data["completeness"] == 56 and data["evidence"] == 0


def test_json_for_the_seed_gives_dates_in_iso_form(capsys: pytest.CaptureFixture[str]) -> None:
    data = _json(capsys, SEED)
    directive = data["sections"][0]  # type: ignore[index]
    plans = [r for r in directive["references"] if r["number"] == "18/KH-UBND"]
    assert {"number": "18/KH-UBND", "date": "2023-01-12"}.items() <= plans[0].items()
    assert plans[0]["line"] == 19 and "18/KH-UBND" in plans[0]["quote"]
    assert data["unit"] == "Ủy ban nhân dân xã Quảng Thái"


def test_json_reads_a_docx(capsys: pytest.CaptureFixture[str], department_docx: Path) -> None:
    data = _json(capsys, department_docx)
    assert (data["completeness"], data["evidence"]) == (100, 100)
    assert all(s["found"] and not s["flags"] for s in data["sections"])  # type: ignore[attr-defined]


def test_text_mode_prints_a_bilingual_summary(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["assess", "analyze", str(WEAK)]) == 0
    out = capsys.readouterr().out
    assert "Mức đầy đủ / completeness: 56/100" in out
    assert "Minh chứng / evidence: 0/100" in out
    assert "✗ Khó khăn, hạn chế và nguyên nhân / Difficulties, shortcomings and their causes" in out
    assert "Không tìm thấy mục Khó khăn" in out and "No section on Difficulties" in out
    assert "Gợi ý bổ sung / suggestions:" in out


def test_text_mode_lists_what_was_found(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["assess", "analyze", str(SEED)]) == 0
    out = capsys.readouterr().out
    assert "✓ Quán triệt, ban hành văn bản chỉ đạo / Directive documents issued" in out
    assert "Kế hoạch số 18/KH-UBND ngày 12/01/2023" in out
    assert "Đơn vị / unit: Ủy ban nhân dân xã Quảng Thái" in out


def test_a_missing_file_is_an_error_in_both_languages(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["assess", "analyze", str(tmp_path / "khong-co.txt")]) == 1
    err = capsys.readouterr().err
    assert "Không đọc được tệp" in err and "Cannot read the file" in err


def test_a_wrong_file_type_is_an_error_in_both_languages(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "bao-cao.pdf"
    path.write_bytes(b"%PDF-1.4")
    assert main(["assess", "analyze", str(path), "--json"]) == 1
    err = capsys.readouterr().err
    assert "chỉ đọc được tệp .txt hoặc .docx" in err and "only .txt or .docx" in err


def test_an_empty_file_is_an_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "trong.txt"
    path.write_text("\n\n", "utf-8")
    assert main(["assess", "analyze", str(path)]) == 1
    assert "không có nội dung" in capsys.readouterr().err


def test_analyze_without_a_report_is_wrong_usage(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["assess", "analyze"])
    assert exit_.value.code == 2
    assert "sai cách dùng / wrong usage" in capsys.readouterr().err
