"""Exercise-bank schema version 2: each item's level, retired items kept for history but never
served nor counted, and version-1 banks still read through their migration path."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from kit.content.catalogue import load_catalogue, stats
from kit.content.schemas import LEVELS
from kit.workshops.sessions import lesson_items


def _item(item_id: str, **extra: Any) -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": item_id,
        "type": "true_false",
        "tracks": ["A", "B"],
        "lesson": "l01-thu",
        "difficulty": 1,
        "points": 1,
        "prompt": "Dự thảo đang lấy ý kiến là văn bản đã được thông qua?",
        "explanation": "Dự thảo chưa có hiệu lực.",
        "source": "Luật Ban hành văn bản quy phạm pháp luật số 64/2025/QH15, Điều 6",
        "answer": False,
        "feedback_true": "Chưa đúng.",
        "feedback_false": "Đúng.",
    }
    item.update(extra)
    return item


def _content(tmp_path: Path, banks: dict[str, dict[str, Any]]) -> Path:
    folder = tmp_path / "exercises"
    folder.mkdir(parents=True)
    for name, bank in banks.items():
        text = yaml.safe_dump({"bank": name, **bank}, allow_unicode=True, sort_keys=False)
        (folder / f"{name}.yaml").write_text(text, encoding="utf-8")
    return tmp_path


def _bank(version: int, items: list[dict[str, Any]]) -> dict[str, Any]:
    return {"schema_version": version, "title": "Thử", "title_en": "Test", "items": items}


@pytest.mark.parametrize(
    ("version", "items", "problem"),
    [
        (2, [_item("a-1")], "level"),
        (2, [_item("a-1", level="remember")], "level"),
        (2, [_item("a-1", level="apply", retired="có")], "retired"),
        (3, [_item("a-1", level="apply")], "schema_version"),
        (1, [_item("a-1", level="evaluate")], "level"),
    ],
    ids=["v2-no-level", "v2-unknown-level", "retired-not-bool", "v3-unknown", "v1-bad-level"],
)
def test_a_bank_with_a_wrong_level_or_version_is_refused(
    tmp_path: Path, version: int, items: list[dict[str, Any]], problem: str
) -> None:
    cat = load_catalogue(_content(tmp_path, {"b-thu": _bank(version, items)}))
    assert cat.problems, "the bank should be refused"
    assert any(problem in p.what for p in cat.problems), [str(p) for p in cat.problems]
    assert not cat.items


def test_a_version_1_bank_is_read_with_untagged_items_as_recall_and_a_warning(
    tmp_path: Path,
) -> None:
    items = [_item("a-1"), _item("a-2", level="create"), _item("a-3")]
    cat = load_catalogue(_content(tmp_path, {"b-cu": _bank(1, items)}))
    assert cat.problems == []
    assert [cat.items[i].level for i in ("a-1", "a-2", "a-3")] == ["recall", "create", "recall"]
    assert len(cat.warnings) == 1
    warning = cat.warnings[0]
    assert warning.path == "exercises/b-cu.yaml"
    assert "2" in warning.what and "schema_version: 2" in warning.what


def test_a_version_2_bank_gives_no_migration_warning(tmp_path: Path) -> None:
    items = [_item("a-1", level="apply"), _item("a-2", level="analyse")]
    cat = load_catalogue(_content(tmp_path, {"b-moi": _bank(2, items)}))
    assert cat.problems == [] and cat.warnings == []


def test_kit_check_reports_no_problem_for_a_version_1_bank_only_a_warning(tmp_path: Path) -> None:
    root = _content(tmp_path, {"b-cu": _bank(1, [_item("a-1"), _item("a-2")])})
    result = subprocess.run(
        [sys.executable, "-m", "kit", "check", "--root", str(root)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    # the content has no problem (rule data are checked too, by their own tests)
    assert "exercises/" not in result.stdout, result.stdout
    # the dump writes ``bank`` first, so ``schema_version`` is on line 2
    assert "exercises/b-cu.yaml:2:" in result.stderr and "cảnh báo / warning" in result.stderr


def _mixed(tmp_path: Path) -> Path:
    items = [
        _item("a-1", level="recall"),
        _item("a-2", level="apply", tracks=["A"]),
        _item("a-3", level="analyse", tracks=["B"]),
        _item("a-4", level="create", tracks=["A"], retired=True),
        _item("a-5", level="apply", tracks=["A"]),
        _item("a-6", level="recall", tracks=["B"], retired=True),
    ]
    return _content(tmp_path, {"b-tron": _bank(2, items)})


def test_retired_items_are_never_listed_but_still_found_by_id(tmp_path: Path) -> None:
    cat = load_catalogue(_mixed(tmp_path))
    assert [i.id for i in cat.exercises()] == ["a-1", "a-2", "a-3", "a-5"]
    assert [i.id for i in cat.exercises("A")] == ["a-1", "a-2", "a-5"]
    assert cat.item("a-4").retired and cat.item("a-6").id == "a-6"
    assert lesson_items(cat, "A", ["l01-thu"]) == ["a-1", "a-2", "a-5"]


def test_stats_count_levels_and_single_track_items_without_retired_ones(tmp_path: Path) -> None:
    figures: Any = stats(load_catalogue(_mixed(tmp_path)))
    ex = figures["exercises"]
    assert ex["total"] == 4
    assert ex["by_level"] == {"recall": 1, "apply": 2, "analyse": 1, "create": 0}
    assert list(ex["by_level"]) == list(LEVELS)
    assert ex["only_track"] == {"A": 2, "B": 1}
    assert ex["by_track"] == {"A": 3, "B": 2}


def test_stats_json_of_the_shipped_content_counts_every_served_item_once() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "kit", "content", "stats", "--json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    ex = json.loads(result.stdout)["exercises"]
    cat = load_catalogue()
    served = [i for i in cat.items.values() if not i.retired]
    assert sum(ex["by_level"].values()) == ex["total"] == len(served)
    assert ex["only_track"]["A"] == sum(i.tracks == ["A"] for i in served)
    assert ex["only_track"]["B"] == sum(i.tracks == ["B"] for i in served)


def test_a_lesson_pointing_at_a_retired_item_is_a_problem(tmp_path: Path) -> None:
    root = _mixed(tmp_path)
    lessons = root / "lessons"
    lessons.mkdir()
    (lessons / "course.yaml").write_text(
        "schema_version: 1\ntitle: Thử\ntitle_en: Test\nlessons: [l01-thu]\n", encoding="utf-8"
    )
    shipped = Path(__file__).parents[1] / "lessons" / "l01-de-an-407.md"
    head = shipped.read_text(encoding="utf-8").split("\n---", 1)[0]
    head = head.replace("id: l01-de-an-407", "id: l01-thu")
    body = "\n---\n\n# Thử\n\n::: exercises\n- a-2\n- a-4\n:::\n"
    (lessons / "l01-thu.md").write_text(head + body, encoding="utf-8")
    cat = load_catalogue(root)
    assert [p.what for p in cat.problems] == ["bài tập đã ngừng dùng / retired exercise 'a-4'"]
