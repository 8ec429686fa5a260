"""Files written by someone else (Moodle's own XML export, a trainer's GIFT file) import into a
bank ``kit check`` accepts and that grades right answers right; detection by content, hostile
files refused, problems named by position, ids that collide refused, exit codes."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kit.content.authoring.gift import export_gift
from kit.content.authoring.html_text import html_by_lang, html_text, text_html
from kit.content.authoring.importer import (
    bank_yaml,
    collisions,
    detect,
    diff_items,
    item_adapter,
    read_questions,
)
from kit.content.authoring.xlsx_bank import export_xlsx
from kit.content.catalogue import load_catalogue
from kit.core.errors import InputError
from kit.grading.engine import accepted_answers, grade

FIXTURES = Path(__file__).parent / "fixtures" / "authoring"
ROOT = Path(__file__).resolve().parents[1]
CAT = load_catalogue()
LESSON = "l06-tiep-nhan-phan-hoi"


def _content_with(tmp_path: Path, bank_id: str, text: str) -> Path:
    root = tmp_path / "content"
    shutil.copytree(ROOT / "lessons", root / "lessons")
    shutil.copytree(ROOT / "exercises", root / "exercises")
    (root / "exercises" / f"{bank_id}.yaml").write_text(text, encoding="utf-8")
    return root


FOREIGN = [
    ("moodle_export.xml", "moodle-xml", 6, {"calculated", "bài viết"}),
    ("teacher.gift", "gift", 6, {"ngoặc nhọn", "mô tả"}),
]


@pytest.mark.parametrize(("name", "kind", "count", "refusals"), FOREIGN)
def test_a_foreign_file_imports_into_a_bank_kit_check_accepts_and_grades_right(
    tmp_path: Path, name: str, kind: str, count: int, refusals: set[str]
) -> None:
    result = read_questions((FIXTURES / name).read_bytes(), name, LESSON, CAT)
    assert result.format == kind
    assert len(result.items) == count
    said = " ".join(p.message_vi for p in result.problems)
    assert all(word in said for word in refusals), said
    assert all(p.position.startswith("câu ") for p in result.problems)
    cat = load_catalogue(
        _content_with(tmp_path, "l06-nhap", bank_yaml("l06-nhap", LESSON, result.items))
    )
    assert cat.problems == []
    for raw in result.items:
        item = cat.item(raw["id"])
        for answer in accepted_answers(item):
            graded = grade(item, answer)
            assert graded.score == item.points, (item.id, answer)


def test_moodle_html_becomes_text_and_no_markup_passes() -> None:
    result = read_questions((FIXTURES / "moodle_export.xml").read_bytes(), "m.xml", LESSON, CAT)
    by_id = {i["id"]: i for i in result.items}
    first = by_id["sotp-thoi-han-y-kien"]
    assert first["prompt"].startswith("Theo Luật Ban hành") and "**ít nhất**" in first["prompt"]
    assert first["tracks"] == ["B"] and first["level"] == "recall"
    assert [o["text"] for o in first["options"]] == ["10 ngày", "20 ngày", "60 ngày"]
    assert first["options"][1]["feedback"] == "Đúng & đủ."
    for item in result.items:
        blob = str(item)
        assert "<" not in blob.replace("<x>", "") and "alert" not in blob


def test_gift_escapes_weights_and_feedback_are_read() -> None:
    result = read_questions((FIXTURES / "teacher.gift").read_bytes(), "t.gift", LESSON, CAT)
    by_id = {i["id"]: i for i in result.items}
    first = by_id["gv-bon-tieu-chi"]
    assert first["options"][1] == {
        "id": "b",
        "text": "bốn tiêu chí",
        "correct": True,
        "feedback": "Đúng: đủ bốn tiêu chí.",
    }
    assert first["explanation"].startswith("Xem Quyết định số 407/QĐ-TTg")
    multi = by_id["viec-can-lam-khi-lay-y-kien"]
    assert multi["scoring"] == "per_option" and [
        o.get("correct", False) for o in multi["options"]
    ] == [True, True, False]
    tf = by_id["dung-sai"]
    assert tf["answer"] is False and tf["feedback_false"].startswith("Đúng")
    numeric = by_id["so-ngay"]
    assert numeric["answer"] == 20 and numeric.get("tolerance", 0) == 0


DETECTED = [
    ("moodle_export.xml", "questions.txt", "moodle-xml"),
    ("teacher.gift", "questions.xml", "gift"),
]


@pytest.mark.parametrize(("fixture", "name", "kind"), DETECTED)
def test_the_format_is_detected_by_content_not_by_extension(
    fixture: str, name: str, kind: str
) -> None:
    assert detect((FIXTURES / fixture).read_bytes(), name) == kind


def test_the_kits_workbook_is_detected_under_any_name() -> None:
    assert detect(export_xlsx(CAT, lesson=LESSON), "cau-hoi.bin") == "xlsx"


HOSTILE = [
    (b'<?xml version="1.0"?><!DOCTYPE quiz [<!ENTITY x "y">]><quiz>&x;</quiz>', "DOCTYPE"),
    (b"<quiz><question type='truefalse'>", "dòng"),
    (b"<html><body>hello</body></html>", "<quiz>"),
    (b"PK\x03\x04not a zip at all", "Excel"),
    (b"\xff\xfe\x00plain bytes without braces", "định dạng"),
]


@pytest.mark.parametrize(("data", "said"), HOSTILE)
def test_a_file_that_cannot_be_read_is_refused_with_a_clear_message(data: bytes, said: str) -> None:
    with pytest.raises(InputError) as caught:
        read_questions(data, "f", LESSON, CAT)
    assert said in caught.value.message("vi")


def test_an_oversized_file_is_refused_before_parsing() -> None:
    data = b"<quiz>" + b" " * (11 * 1024 * 1024) + b"</quiz>"
    with pytest.raises(InputError):
        read_questions(data, "big.xml", LESSON, CAT)


def test_ids_another_bank_holds_are_named() -> None:
    items = [{"id": "l01-ex-02"}, {"id": "moi-hoan-toan"}, {"id": "l02-ex-01"}]
    assert collisions(items, "l06-nhap", CAT) == ["l01-ex-02", "l02-ex-01"]
    assert collisions(items, "l01-de-an-407", CAT) == ["l02-ex-01"]


def test_diff_names_added_changed_fields_and_removed_items() -> None:
    old = [i.model_dump(mode="json") for i in CAT.banks["l01-de-an-407"].items[:3]]
    new = [dict(old[0], points=2, prompt="Mới"), old[1]]
    new.append(dict(old[1], id="l01-moi"))
    changes = {(c.item_id, c.kind, c.fields) for c in diff_items(old, new)}
    assert (old[0]["id"], "changed", ("points", "prompt")) in changes
    assert ("l01-moi", "added", ()) in changes
    assert (old[2]["id"], "removed", ()) in changes
    assert all(c[0] != old[1]["id"] for c in changes)


TEXTS = [
    "Một dòng & <b>không phải thẻ</b>",
    "Dòng 1\nDòng 2\n\nĐoạn hai: a = b; {x} ~ y # z",
    "Tiếng Việt tổ hợp NFC: Đề án, Ủy ban, Hội đồng",
]


@pytest.mark.parametrize("text", TEXTS)
def test_text_to_html_and_back_is_exact(text: str) -> None:
    assert html_text(text_html(text)) == text


def test_multilang_spans_split_by_language() -> None:
    html = (
        '<span lang="vi" class="multilang"><p>Xin chào</p></span>'
        '<span class="multilang" lang="en_us"><p>Hi <em>all</em></p></span>'
    )
    assert html_by_lang(html) == {"": "", "vi": "Xin chào", "en": "Hi *all*"}


def test_gift_export_reads_back_for_the_types_gift_carries() -> None:
    data = export_gift(CAT, lesson="l01-de-an-407").encode("utf-8")
    result = read_questions(data, "l01.gift", "l01-de-an-407", CAT)
    back = {i["id"]: item_adapter().validate_python(i) for i in result.items}
    for item in CAT.exercises(lesson="l01-de-an-407"):
        if item.type in ("single_choice", "true_false", "short_text"):
            assert back[item.id].model_dump(exclude={"points"}) == item.model_dump(
                exclude={"points"}
            )


def _kit(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kit", "exercise", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_cli_export_then_import_and_exit_codes(tmp_path: Path) -> None:
    done = _kit(
        "export", "--format", "xlsx", "--lesson", "l01-de-an-407", "-o", "l01.xlsx", cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    again = _kit(
        "import", "l01.xlsx", "--lesson", "l01-de-an-407", "-o", "l01-de-an-407.yaml", cwd=tmp_path
    )
    assert again.returncode == 0, again.stdout + again.stderr
    clash = _kit(
        "import", "l01.xlsx", "--lesson", "l01-de-an-407", "-o", "l01-khac.yaml", cwd=tmp_path
    )
    assert clash.returncode == 1 and "l01-ex-02" in clash.stdout
    assert not (tmp_path / "l01-khac.yaml").exists()
    partly = _kit(
        "import",
        str(FIXTURES / "teacher.gift"),
        "--lesson",
        LESSON,
        "-o",
        "l06-gv.yaml",
        cwd=tmp_path,
    )
    assert partly.returncode == 1 and "câu 7" in partly.stdout
    assert (tmp_path / "l06-gv.yaml").exists()
    wrong = _kit("import", "l01.xlsx", "--lesson", "khong-co-bai", "-o", "x-y.yaml", cwd=tmp_path)
    assert wrong.returncode == 2
    moodle = _kit("export", "--format", "moodle-xml", "-o", "all.xml", cwd=tmp_path)
    assert moodle.returncode == 0 and "faithful" in moodle.stdout
