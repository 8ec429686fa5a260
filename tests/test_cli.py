"""Does the `kit` command keep its exit-code contract (0 ok, 1 failed, 2 wrong usage)?"""

from __future__ import annotations

import argparse
import ast
import re
import subprocess
import sys
from importlib import import_module
from pathlib import Path

import pytest

import kit
from kit import __version__, api
from kit.cli import COMMANDS, build_parser, main
from kit.core.commands import Command, CommandGroup
from kit.server import launch

COMMAND_NAMES = (
    "serve",
    "check",
    "content",
    "exercise",
    "readme",
    "db",
    "plan",
    "assess",
    "units",
    "workshop",
    "trainer",
    "eligibility",
    "deadline",
)


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


def test_help_lists_every_command_in_order(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--help"])
    assert exc.value.code == 0
    listed = re.findall(r"^    (\w+)\s", capsys.readouterr().out, re.MULTILINE)
    assert tuple(listed) == COMMAND_NAMES


def test_every_command_is_declared_alike_and_every_action_is_a_module_with_one_interface() -> None:
    assert tuple(c.name for c in COMMANDS) == COMMAND_NAMES
    assert all(isinstance(c, Command | CommandGroup) for c in COMMANDS)
    modules = [c.module for c in COMMANDS if isinstance(c, Command)]
    modules += [m for c in COMMANDS if isinstance(c, CommandGroup) for m in c.actions.values()]
    for name in modules:
        module = import_module(name)
        assert callable(module.add_parser) and callable(module.run), name
    build_parser()  # each action module adds the sub-parser it is listed under


def test_an_action_listed_under_another_name_is_caught_when_the_parser_is_built() -> None:
    group = CommandGroup("content", "", {"count": "kit.content.stats_cli"})
    parser = argparse.ArgumentParser()
    with pytest.raises(LookupError):
        group.add_parser(parser.add_subparsers(), argparse.ArgumentParser)


@pytest.mark.parametrize(
    ("argv", "usage"),
    [
        (["content"], "kit content stats"),
        (["exercise"], "kit exercise export|grade|import|list|paper"),
        (["db"], "kit db backup|restore|upgrade"),
        (["plan"], "kit plan check|export|schema"),
        (["eligibility"], "kit eligibility batch|template|facts|explain"),
    ],
)
def test_a_group_without_an_action_exits_2_naming_its_actions(
    argv: list[str], usage: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert f"Dùng: {usage}" in err and f"Usage: {usage}" in err


def test_commands_write_files_only_through_the_one_output_writer() -> None:
    """Every file a command writes goes through kit.core.files.write_output."""
    root = Path(kit.__file__).parent
    found = []
    for path in [*root.rglob("*_cli.py"), *root.rglob("commands.py"), root / "docs.py"]:
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            writes = isinstance(func, ast.Attribute) and func.attr in {"write_bytes", "write_text"}
            if writes or (isinstance(func, ast.Name) and func.id == "open"):
                name = func.attr if isinstance(func, ast.Attribute) else "open"
                found.append(f"{path.relative_to(root)}:{node.lineno}: {name}")
    assert found == []


def _shown(out: str, *folders: Path) -> list[str]:
    """The lines printed before the start, without what differs from one start to the next: the
    data folder, the one-time code, and the pool lines (they follow the memory free)."""
    pools = ("Kernel dựng sẵn", "Preheated", "Không đủ bộ nhớ", "Not enough memory")
    for folder in folders:
        out = out.replace(str(folder), "DATA")
    out = re.sub(r"\b[A-Z0-9]{4}-[A-Z0-9]{4}\b", "CODE", out)
    return [line for line in out.splitlines() if not line.startswith(pools)]


def test_kit_serve_and_api_serve_make_the_same_checks_and_say_the_same_before_the_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    started: list[launch.ServeOptions] = []
    monkeypatch.setattr(launch, "run_voila", lambda opts: started.append(opts) or 0)
    from kit.core import network

    # a laptop on a hall's Wi-Fi and a cable (whatever this machine's own interfaces are)
    monkeypatch.setattr(network, "interface_addresses", lambda: ["192.168.43.7", "10.0.0.12"])
    monkeypatch.setenv("KIT_DATA_DIR", str(tmp_path / "unused"))  # put back after the test
    monkeypatch.delenv("KIT_DATABASE_URL", raising=False)
    argv = ["serve", "--host", "0.0.0.0", "--port", "9999", "--data-dir", str(tmp_path / "a")]
    assert main(argv) == 0
    by_cli = capsys.readouterr().out
    assert api.serve(host="0.0.0.0", port=9999, data_dir=tmp_path / "b") == 0
    by_api = capsys.readouterr().out
    shown = _shown(by_cli, tmp_path / "a")
    assert shown == _shown(by_api, tmp_path / "b")
    assert shown[:2] == [
        "Cơ sở dữ liệu sẵn sàng: sqlite:///DATA/kit.sqlite3",
        "Database ready: sqlite:///DATA/kit.sqlite3",
    ]
    assert "Mã dùng một lần để đặt mật khẩu giảng viên: CODE" in shown[2]
    assert shown[4] == "Đang khởi động máy chủ tại http://0.0.0.0:9999/ (dữ liệu: DATA)"
    # every address a phone could open, one per line, after the bilingual heading
    heading = shown.index(
        "Trainees in the hall open one of these addresses (the trainer app's join sheet uses the"
        " first):"
    )
    assert [a.strip() for a in shown[heading + 1 :]] == [
        "http://192.168.43.7:9999/",
        "http://10.0.0.12:9999/",
    ]
    assert (tmp_path / "a" / "kit.sqlite3").exists() and (tmp_path / "b" / "kit.sqlite3").exists()
    assert [(o.host, o.port) for o in started] == [("0.0.0.0", 9999)] * 2
    assert all(o.memory_mib is not None for o in started)  # the pools shown are those configured
