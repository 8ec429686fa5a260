"""Does `kit assess rollup` roll up the good files, name every file (or sheet row) it skips with
the reason, in Vietnamese and English, and refuse what it cannot do before doing any work?"""

from __future__ import annotations

import argparse
import io
import json
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from kit.assessment.collection.template import write_template
from kit.assessment.questionnaire.answers import check_answers
from kit.assessment.questionnaire.saved import read_saved, to_saved
from kit.assessment.rollup import aggregate as rollup
from kit.assessment.rollup import rollup_cli
from kit.core.commands import CommandGroup
from kit.core.errors import InputError, UsageError

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "assessment"
SEED = FIXTURES / "seed-000-quang-thai.json"
STRONG = FIXTURES / "strong-unit.json"
WEAK = FIXTURES / "weak-unit-no-evidence.json"


def parse(*argv: str) -> argparse.Namespace:
    """The arguments as ``kit assess rollup …`` parses them (the group lists only this action)."""
    group = CommandGroup("assess", "", {"rollup": "kit.assessment.rollup.rollup_cli"})
    parser = argparse.ArgumentParser()
    group.add_parser(parser.add_subparsers(dest="command"), argparse.ArgumentParser)
    return parser.parse_args(["assess", "rollup", *argv])


def unit_names(xlsx: Path) -> list[str]:
    ws = load_workbook(xlsx)["Tổng hợp"]
    return [row[1] for row in ws.iter_rows(min_row=2, values_only=True)]


def answers(path: Path) -> dict[str, object]:
    return check_answers(read_saved(json.loads(path.read_text("utf-8"))).raw).answers


@pytest.fixture
def bad(tmp_path: Path) -> Path:
    """A saved file with a negative count: rejected by validation."""
    data = json.loads(WEAK.read_text("utf-8"))
    data["answers"]["drafts_total"] = -3
    data["unit"]["unit_name"] = "Ủy ban nhân dân xã Lỗi"
    path = tmp_path / "xa-loi.json"
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    return path


def test_good_files_are_rolled_up_and_each_bad_one_is_named_with_its_reason(
    tmp_path: Path, bad: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "hong.json"
    broken.write_text("{not json", "utf-8")
    out = tmp_path / "tong-hop.xlsx"
    args = parse(str(STRONG), str(WEAK), str(SEED), str(bad), str(broken), "-o", str(out))
    assert rollup_cli.run(args) == 0
    assert unit_names(out) == ["Sở Tư pháp (đơn vị mẫu)", "Ủy ban nhân dân xã (đơn vị mẫu)"]
    captured = capsys.readouterr()
    assert "Đã tổng hợp 2 đơn vị, bỏ qua 3 tệp hoặc dòng" in captured.out
    assert "Rolled up 2 unit(s), skipped 3 file(s) or row(s)" in captured.out
    err = captured.err
    assert f"{bad}: bỏ qua / skipped" in err
    assert "drafts_total: «Số dự thảo văn bản quy phạm pháp luật chủ trì soạn thảo»" in err
    assert "không được là số âm" in err and "must not be negative" in err
    assert f"{SEED}: bỏ qua / skipped" in err  # incomplete: required answers missing
    assert "period_start" in err and "required" in err
    assert f"{broken}: bỏ qua / skipped" in err and "không phải JSON hợp lệ" in err
    notes = dict(load_workbook(out)["Ghi chú"].iter_rows(values_only=True))
    assert notes["Chưa tổng hợp / not rolled up"].splitlines() == [str(SEED), str(bad), str(broken)]


def test_the_report_is_written_with_the_issuing_body_place_and_date(tmp_path: Path) -> None:
    out, report = tmp_path / "tong-hop.xlsx", tmp_path / "bao-cao.docx"
    args = parse(
        str(STRONG),
        str(WEAK),
        "-o",
        str(out),
        "--docx",
        str(report),
        "--issuing-body",
        "Sở Tư pháp tỉnh Mẫu",
        "--place",
        "Tỉnh Mẫu",
        "--date",
        "05/02/2025",
        "--threshold",
        "30",
    )
    assert rollup_cli.run(args) == 0
    doc = Document(str(report))
    # the place and the date are held on one line by no-break spaces
    cells = {c.text.replace("\u00a0", " ") for t in doc.tables for row in t.rows for c in row.cells}
    assert "Tỉnh Mẫu, ngày 05 tháng 02 năm 2025" in cells
    lines = [p.text for p in doc.paragraphs]
    assert "Có 1/2 đơn vị (50%) có tổng điểm dưới 30 điểm (danh sách tại Phụ lục)." in lines


def test_units_in_a_filled_template_are_rolled_up_and_a_bad_row_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    weak_bad = answers(WEAK) | {"unit_name": "Xã Sai", "drafts_communicated": 9}
    sheet = tmp_path / "mau-da-dien.xlsx"
    sheet.write_bytes(write_template([answers(STRONG), weak_bad, answers(WEAK)]))
    out = tmp_path / "tong-hop.xlsx"
    assert rollup_cli.run(parse(str(sheet), "-o", str(out))) == 0
    assert unit_names(out) == ["Sở Tư pháp (đơn vị mẫu)", "Ủy ban nhân dân xã (đơn vị mẫu)"]
    err = capsys.readouterr().err
    assert "mau-da-dien.xlsx dòng/row 4: bỏ qua / skipped" in err
    assert "drafts_communicated" in err and "cannot exceed" in err
    rows = list(load_workbook(out)["Tổng hợp"].iter_rows(min_row=2, values_only=True))
    assert [r[-2] for r in rows] == ["mau-da-dien.xlsx dòng/row 3", "mau-da-dien.xlsx dòng/row 5"]
    assert [r[-1] for r in rows] == ["tệp mau-da-dien.xlsx"] * 2  # who submitted: the file


def test_a_resubmission_replaces_the_earlier_file_of_the_same_unit_and_period(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    again = tmp_path / "so-tu-phap-gui-lai.json"
    again.write_text(json.dumps(to_saved(answers(STRONG) | {"materials_count": 12})), "utf-8")
    out = tmp_path / "tong-hop.xlsx"
    assert rollup_cli.run(parse(str(STRONG), str(WEAK), str(again), "-o", str(out))) == 0
    assert unit_names(out) == ["Ủy ban nhân dân xã (đơn vị mẫu)", "Sở Tư pháp (đơn vị mẫu)"]
    err = capsys.readouterr().err
    assert f"{STRONG}: bỏ qua / skipped" in err
    assert f"same unit and period as {again}" in err


def test_a_file_of_another_type_is_named_with_the_types_that_are_read(tmp_path: Path) -> None:
    notes = tmp_path / "bao-cao.txt"
    notes.write_text("Báo cáo sơ kết", "utf-8")
    found = rollup_cli.read_inputs([notes, STRONG])
    assert [u.source for u in found.units] == [str(STRONG)]
    (rejected,) = found.rejected
    assert rejected.source == str(notes)
    assert ".json" in rejected.vi and ".xlsx" in rejected.vi and ".csv" in rejected.en


def test_nothing_valid_to_roll_up_is_an_input_error_and_nothing_is_written(
    tmp_path: Path, bad: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "tong-hop.xlsx"
    with pytest.raises(InputError) as caught:
        rollup_cli.run(parse(str(bad), str(tmp_path / "khong-co.json"), "-o", str(out)))
    assert caught.value.en == "No valid file to roll up."
    assert not out.exists()
    assert "khong-co.json: bỏ qua / skipped" in capsys.readouterr().err


def test_a_wrong_output_name_is_refused_before_any_file_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def never(*_: object, **__: object) -> object:
        raise AssertionError("inputs were read")

    monkeypatch.setattr(rollup_cli, "read_inputs", never)
    with pytest.raises(UsageError, match=r"\.xlsx"):
        rollup_cli.run(parse(str(STRONG), "-o", str(tmp_path / "tong-hop.csv")))
    with pytest.raises(UsageError, match=r"\.docx"):
        rollup_cli.run(
            parse(str(STRONG), "-o", str(tmp_path / "a.xlsx"), "--docx", str(tmp_path / "b.pdf"))
        )


@pytest.mark.parametrize("value", ["120", "-1", "năm mươi"])
def test_a_threshold_outside_0_to_100_is_a_usage_error(
    value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as caught:
        parse(str(STRONG), "-o", "x.xlsx", "--threshold", value)
    assert caught.value.code == 2
    assert "ngưỡng phải là số từ 0 đến 100 / the threshold must be 0–100" in capsys.readouterr().err


def test_the_threshold_accepts_a_decimal_comma_and_defaults_to_the_roll_up_default() -> None:
    assert parse(str(STRONG), "-o", "x.xlsx", "--threshold", "47,5").threshold == 47.5
    assert parse(str(STRONG), "-o", "x.xlsx").threshold == rollup.DEFAULT_THRESHOLD


def test_read_inputs_reports_progress_that_only_moves_forward_and_ends_full(bad: Path) -> None:
    seen: list[tuple[int, int]] = []
    found = rollup_cli.read_inputs(
        [STRONG, bad, WEAK], lambda done, total: seen.append((done, total))
    )
    done = [d for d, _ in seen]
    assert done == sorted(done) and {t for _, t in seen} == {300}  # 100 steps per file
    assert {100, 200, 300} <= set(done)  # each file done is a step, the last one full
    assert [u.source for u in found.units] == [str(STRONG), str(WEAK)]
    assert [r.source for r in found.rejected] == [str(bad)]
    assert "drafts_total" in found.rejected[0].vi and "negative" in found.rejected[0].en


def test_the_xlsx_written_reads_back_as_a_workbook(tmp_path: Path) -> None:
    out = tmp_path / "tong-hop.xlsx"
    rollup_cli.run(parse(str(STRONG), "-o", str(out)))
    assert load_workbook(io.BytesIO(out.read_bytes())).sheetnames[0] == "Tổng hợp"
