"""Does `kit plan check|export|schema` work as documented, with the contracted JSON keys?"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from docx import Document

from kit.cli import main

SEED = Path(__file__).resolve().parent.parent / "exercises" / "plans" / "seed-004-lang-son.json"


def test_check_json_has_score_problems_with_where_what_why_and_breakdown(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["plan", "check", str(SEED), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"score", "problems", "breakdown", "to_fill", "placeholders"} <= set(data)
    assert 0 <= data["score"] <= 100
    assert data["problems"]
    for problem in data["problems"]:  # the contract keys, and every text in English too
        assert {"where", "place", "level", "weight", "what", "why"} <= set(problem)
        assert problem["what_en"] and problem["why_en"]
    assert {"structure", "tasks", "feedback", "training", "funding", "reporting"} <= set(
        data["breakdown"]
    )


def test_export_writes_a_docx_in_the_official_format(tmp_path: Path) -> None:
    out = tmp_path / "ke-hoach.docx"
    assert main(["plan", "export", str(SEED), "-o", str(out)]) == 0
    doc = Document(io.BytesIO(out.read_bytes()))
    cells = " ".join(c.text for t in doc.tables for row in t.rows for c in row.cells)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in cells


def test_schema_prints_a_json_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plan", "schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["$schema"].endswith("2020-12/schema") and "Task" in schema["$defs"]


def test_a_broken_plan_file_exits_1_with_the_place_of_the_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "plan.json"
    bad.write_text('{"sections": [{"id": "I", "kind": "poem", "title": "x"}]}', "utf-8")
    assert main(["plan", "check", str(bad)]) == 1
    assert "sections/0/kind" in capsys.readouterr().err


def test_export_refuses_an_output_that_is_not_docx(tmp_path: Path) -> None:
    assert main(["plan", "export", str(SEED), "-o", str(tmp_path / "x.pdf")]) == 2


def test_export_into_a_missing_folder_exits_1_naming_the_file_and_leaves_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "khong-co" / "ke-hoach.docx"
    assert main(["plan", "export", str(SEED), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"Không ghi được tệp {out}" in err and f"Cannot write {out}" in err
    assert not (tmp_path / "khong-co").exists()
