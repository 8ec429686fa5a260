"""Does the `kit` command keep its exit-code contract (0 ok, 1 failed, 2 wrong usage)?"""

from __future__ import annotations

import subprocess
import sys

import pytest

from kit import __version__
from kit.cli import main


def test_version_prints_the_package_version() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "kit", "--version"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0
    assert result.stdout.strip() == f"kit {__version__}"


@pytest.mark.parametrize(
    "argv",
    [
        ["bogus"],
        ["serve", "--port", "notaport"],
        ["serve", "--port", "70000"],
        ["serve", "--expected-users", "-3"],
        ["content", "stats", "--bogus"],
    ],
)
def test_wrong_usage_exits_with_2_and_says_why(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2
    assert "sai cách dùng / wrong usage" in capsys.readouterr().err


def test_no_command_prints_help_and_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert "COMMAND" in capsys.readouterr().err


def test_db_upgrade_creates_the_database_in_the_data_dir(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["db", "upgrade", "--data-dir", str(tmp_path)]) == 0
    assert (tmp_path / "kit.sqlite3").exists()
    assert "kit.sqlite3" in capsys.readouterr().out


def test_readme_table_is_printed(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["readme"]) == 0
    assert "Trang chủ" in capsys.readouterr().out
