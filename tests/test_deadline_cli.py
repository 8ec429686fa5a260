"""Does `kit deadline --from YYYY-MM-DD --days N [--json]` keep its contract: the JSON keys, the
explanation Vietnamese then English, exit 2 with a vi+en message for wrong usage?"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from kit.cli import main

KEYS = {
    "from",
    "days",
    "nominal_last_day",
    "last_day",
    "moved_because",
    "rule",
    "calendar_status",
}


def run_json(capsys: pytest.CaptureFixture[str], start: str, days: str) -> dict[str, object]:
    assert main(["deadline", "--from", start, "--days", days, "--json"]) == 0
    return json.loads(capsys.readouterr().out)  # type: ignore[no-any-return]


def test_json_has_exactly_the_contracted_keys_with_iso_dates(
    capsys: pytest.CaptureFixture[str],
) -> None:
    data = run_json(capsys, "2026-03-27", "30")
    assert set(data) == KEYS
    assert data["from"] == "2026-03-27" and data["days"] == 30
    assert (data["nominal_last_day"], data["last_day"]) == ("2026-04-26", "2026-04-28")
    assert data["moved_because"] == [
        {
            "date": "2026-04-26",
            "kind": "holiday",
            "reason_vi": "Giỗ Tổ Hùng Vương (10/3 âm lịch)",
            "reason_en": "Hung Kings' Commemoration Day (10th day of the 3rd lunar month)",
        },
        {
            "date": "2026-04-27",
            "kind": "day_in_lieu",
            "reason_vi": "nghỉ bù Giỗ Tổ Hùng Vương (10/3 âm lịch), trùng Chủ nhật 26/04/2026",
            "reason_en": "day in lieu of Hung Kings' Commemoration Day (10th day of the 3rd lunar"
            " month), which fell on Sunday 26/04/2026",
        },
    ]
    rule = data["rule"]
    assert isinstance(rule, dict) and set(rule) == {"id", "source", "status"}
    assert rule["id"] == "bo-luat-dan-su-2015" and rule["status"] == "unsure"
    assert "Điều 147 khoản 2" in rule["source"] and "Điều 148 khoản 5" in rule["source"]
    assert data["calendar_status"] == "sure"


def test_a_working_day_moves_nothing_and_a_make_up_saturday_is_a_working_day(
    capsys: pytest.CaptureFixture[str],
) -> None:
    plain = run_json(capsys, "2024-10-07", "30")
    assert (plain["last_day"], plain["moved_because"]) == ("2024-11-06", [])
    saturday = run_json(capsys, "2024-04-04", "30")  # nominal Saturday 04/5/2024, worked
    assert (saturday["last_day"], saturday["moved_because"]) == ("2024-05-04", [])


def test_a_date_in_2030_is_unsure(capsys: pytest.CaptureFixture[str]) -> None:
    data = run_json(capsys, "2030-03-01", "30")
    assert (data["last_day"], data["calendar_status"]) == ("2030-04-01", "unsure")


def test_the_text_explains_in_vietnamese_then_english_and_marks_an_unsure_calendar(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["deadline", "--from", "2027-03-17", "--days", "30"]) == 0
    out = capsys.readouterr().out
    vi, en = out.index("Hạn cuối: thứ Hai 19/04/2027"), out.index("Last day: Monday 19/04/2027")
    assert vi < en
    assert "Giỗ Tổ Hùng Vương" in out and "cần kiểm tra / to be checked" in out
    assert "CẦN KIỂM TRA" in out and "TO BE CHECKED" in out


@pytest.mark.parametrize(
    ("start", "days"),
    [
        ("2027-13-01", "30"),
        ("17/03/2027", "30"),
        ("20270317", "30"),
        ("2027-3-17", "30"),
        ("2027-03-17", "0"),
        ("2027-03-17", "-5"),
        ("2027-03-17", "ba mươi"),
        ("2027-03-17", "1.5"),
    ],
)
def test_a_malformed_date_or_fewer_than_one_day_is_wrong_usage(
    start: str, days: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["deadline", "--from", start, "--days", days]) == 2
    err = capsys.readouterr().err
    vi, en = err.strip().split("\n")
    assert ("Ngày" in vi or "Số ngày" in vi) and ("date" in en or "days" in en)


@pytest.mark.parametrize("argv", [["deadline"], ["deadline", "--from", "2027-03-17"]])
def test_a_missing_option_is_wrong_usage(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2
    assert "sai cách dùng / wrong usage" in capsys.readouterr().err


def test_the_command_runs_as_a_process_with_exit_codes_0_and_2() -> None:
    ok = subprocess.run(
        [sys.executable, "-m", "kit", "deadline", "--from", "2027-01-08", "--days", "30", "--json"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert ok.returncode == 0, ok.stderr
    data = json.loads(ok.stdout)
    assert (data["last_day"], data["calendar_status"]) == ("2027-02-12", "unsure")
    bad = subprocess.run(
        [sys.executable, "-m", "kit", "deadline", "--from", "2027-01-08", "--days", "0"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert bad.returncode == 2
