"""Does `kit check` pass on shipped content and point at each problem in broken files?"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kit import api
from kit.content.schemas import EXERCISE_TYPES

FIXTURES = Path(__file__).parent / "fixtures"


def run_kit(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kit", *args], capture_output=True, text=True, env=env, timeout=120
    )


def test_shipped_content_has_no_problems() -> None:
    result = run_kit("check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().splitlines()[0].startswith("Nội dung hợp lệ")


def test_broken_files_are_reported_as_path_line_problem_with_exit_code_1() -> None:
    result = run_kit("check", "--root", str(FIXTURES / "broken"))
    assert result.returncode == 1
    lines = result.stdout.strip().splitlines()
    assert lines == [
        "exercises/bank-hong.yaml:6: items.0: Value error, cần đúng một phương án đúng"
        " / exactly one option must be correct",
        "exercises/bank-hong.yaml:30: items.1.hint: Extra inputs are not permitted",
        "exercises/cu-phap-hong.yaml:5: YAML không hợp lệ / invalid YAML:"
        " found unexpected end of stream",
        "exercises/eligibility/cases-hong.yaml:2: không có bài học / no lesson"
        " 'l02-pham-vi-bon-tieu-chi'",
        "exercises/eligibility/cases-hong.yaml:19: case-sai-ket-luan: bộ quy tắc cho out_of_scope"
        " (a=pass, b=pass, c=pass, d=fail), tình huống ghi in_scope / the rule set disagrees",
        "exercises/eligibility/cases-hong.yaml:36: cases.1.facts.budget:"
        " Extra inputs are not permitted",
        "lessons/course.yaml:4: không có bài học / no lesson 'l02-khong-co'",
        "lessons/l01-hong.md:6: tracks.1: Input should be 'A' or 'B'",
        "lessons/l01-hong.md:18: loại khối không hợp lệ 'quiz' / unknown block kind"
        " (dùng: example, trainer-note, exercises, check-needed, summary)",
    ]
    assert "9 lỗi" in result.stderr and "9 problem(s)" in result.stderr


def test_content_stats_json_has_exactly_the_contracted_keys() -> None:
    result = run_kit("content", "stats", "--json")
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout)
    assert set(figures) == {"lessons", "exercises", "cases"}
    assert set(figures["exercises"]) == {"total", "by_type", "by_track", "by_level", "only_track"}
    assert set(figures["exercises"]["by_track"]) == {"A", "B"}
    assert set(figures["exercises"]["only_track"]) == {"A", "B"}
    assert list(figures["exercises"]["by_level"]) == ["recall", "apply", "analyse", "create"]
    assert set(figures["exercises"]["by_type"]) <= set(EXERCISE_TYPES)
    assert all(isinstance(v, int) for v in figures["exercises"]["by_type"].values())
    assert figures["exercises"]["total"] == sum(figures["exercises"]["by_type"].values())
    assert isinstance(figures["cases"], int)


def test_content_stats_reflect_the_loaded_catalogue() -> None:
    cat = api.load_content()
    figures = api.content_stats()
    assert figures["lessons"] == len(cat.lessons)
    served = cat.served()
    assert figures["exercises"]["total"] == len(served)
    track_a = sum("A" in item.tracks for item in served.values())
    assert figures["exercises"]["by_track"]["A"] == track_a


def test_server_refuses_to_start_on_broken_content_and_prints_the_check_list(
    tmp_path: Path,
) -> None:
    broken = tmp_path / "content"
    subprocess.run(["cp", "-r", str(FIXTURES / "broken"), str(broken)], check=True)
    env = {**__import__("os").environ, "KIT_CONTENT_DIR": str(broken)}
    result = run_kit("serve", "--port", "1", "--data-dir", str(tmp_path / "d"), env=env)
    assert result.returncode == 1
    assert "máy chủ không khởi động" in result.stderr
    assert "lessons/l01-hong.md:18:" in result.stderr


def test_api_serve_refuses_broken_content_as_kit_serve_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from kit.server import launch

    def never(opts: launch.ServeOptions) -> int:
        raise AssertionError("the server must not start")

    broken = tmp_path / "content"
    shutil.copytree(FIXTURES / "broken", broken)
    monkeypatch.setenv("KIT_CONTENT_DIR", str(broken))
    monkeypatch.setenv("KIT_DATA_DIR", str(tmp_path / "d"))
    monkeypatch.setattr(launch, "run_voila", never)
    assert api.serve(port=1) == 1
    err = capsys.readouterr().err
    assert "máy chủ không khởi động" in err
    assert "lessons/l01-hong.md:18:" in err


def test_a_key_given_twice_is_reported_with_its_line() -> None:
    import pytest

    from kit.core import yamlfile as _yaml

    with pytest.raises(_yaml.YamlSyntaxError) as exc:
        _yaml.load("a: 1\nb: 2\na: 3\n")
    assert exc.value.line == 3 and "a" in exc.value.what
