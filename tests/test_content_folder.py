"""The content folder the trainer's edits go into: the installed kit is never written, the first
save makes a copy in the data folder that is served from then on, each save keeps the previous
bank, and an upload is planned item by item (added, changed, retired, deleted) and checked
against the whole content before it may be saved."""

from __future__ import annotations

import hashlib
import json
import shutil
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from kit.content import content_folder as cf
from kit.content.authoring.importer import dump_item
from kit.content.catalogue import load_catalogue, refresh_loaded
from kit.core import paths
from kit.core.errors import InputError

LESSON = "l06-tiep-nhan-phan-hoi"  # its items are in two banks: l06-… and l06b-…


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A data folder of this test's own (the served content then depends on it alone)."""
    folder = tmp_path / "data"
    monkeypatch.setenv("KIT_DATA_DIR", str(folder))
    monkeypatch.delenv("KIT_CONTENT_DIR", raising=False)
    return folder


def _digest(root: Path) -> str:
    """One hash of every file under the shipped lessons/ and exercises/."""
    h = hashlib.sha256()
    for folder in cf.COPIED:
        for path in sorted((root / folder).rglob("*")):
            if path.is_file():
                h.update(path.relative_to(root).as_posix().encode())
                h.update(path.read_bytes())
    return h.hexdigest()


def _lesson_items(lesson: str = LESSON) -> list[dict[str, Any]]:
    cat = load_catalogue()
    return [dump_item(it) for it in cat.items.values() if it.lesson == lesson]


def _edited(items: list[dict[str, Any]], item_id: str, **fields: Any) -> list[dict[str, Any]]:
    return [{**it, **fields} if it["id"] == item_id else it for it in items]


# --- where the content is -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("override", "marked", "expected"),
    [
        (False, False, "shipped"),
        (False, True, "data"),
        (True, False, "override"),
        (True, True, "override"),  # KIT_CONTENT_DIR wins over the data folder's copy
    ],
)
def test_the_content_served_is_the_override_then_the_data_copy_then_the_shipped_one(
    data_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    override: bool,
    marked: bool,
    expected: str,
) -> None:
    own = tmp_path / "own-content"
    if override:
        monkeypatch.setenv("KIT_CONTENT_DIR", str(own))
    if marked:
        (data_dir / "content").mkdir(parents=True)
        (data_dir / "content" / paths.DATA_CONTENT_MARK).write_text("x", encoding="utf-8")
    roots = {
        "shipped": paths.shipped_root(),
        "data": data_dir / "content",
        "override": own.resolve(),
    }
    assert paths.content_root() == roots[expected]
    assert cf.where_saved() == expected
    # the notebooks are the kit's code: never taken from the data folder's copy
    assert paths.notebooks_dir() == (own.resolve() if override else paths.shipped_root()) / (
        "notebooks"
    )


def test_a_half_made_copy_without_its_mark_is_not_served_and_is_replaced(data_dir: Path) -> None:
    half = data_dir / "content" / "exercises"
    half.mkdir(parents=True)
    (half / "l01-de-an-407.yaml").write_text("cắt ngang", encoding="utf-8")
    assert paths.content_root() == paths.shipped_root()
    root, made = cf.writable_root()
    assert made and root == data_dir / "content"
    shipped = paths.exercises_dir(paths.shipped_root()) / "l01-de-an-407.yaml"
    assert (half / "l01-de-an-407.yaml").read_bytes() == shipped.read_bytes()


# --- saving -------------------------------------------------------------------------------------


def test_the_first_save_copies_the_shipped_content_and_never_writes_the_installed_kit(
    data_dir: Path,
) -> None:
    shipped = paths.shipped_root()
    before = _digest(shipped)
    items = _edited(_lesson_items(), "l06-ex-01", prompt="Đề bài đã sửa cho lần lưu đầu.")
    plan = cf.plan_upload(load_catalogue(), LESSON, items)
    assert plan.problems == ()
    saved = cf.save_banks(plan.texts, now=datetime(2026, 3, 2, 9, 30, 0))
    assert _digest(shipped) == before
    copy = data_dir / "content"
    assert paths.content_root() == copy and cf.where_saved() == "data"
    assert [s.made_folder for s in saved] == [True]
    assert saved[0].backup == copy / ".backups" / "l06-tiep-nhan-phan-hoi-20260302-093000.yaml"
    assert saved[0].backup.read_bytes() == (shipped / "exercises" / f"{LESSON}.yaml").read_bytes()
    assert not (copy / "notebooks").exists()
    for folder in cf.COPIED:  # every other file is the shipped one
        for path in (shipped / folder).rglob("*.*"):
            if path.name != f"{LESSON}.yaml" and "__pycache__" not in path.parts:
                assert (copy / path.relative_to(shipped)).read_bytes() == path.read_bytes()
    cat = load_catalogue()
    assert cat.problems == []
    assert cat.items["l06-ex-01"].prompt == "Đề bài đã sửa cho lần lưu đầu."


def test_each_save_keeps_the_bank_it_replaces(data_dir: Path) -> None:
    texts = []
    moment = datetime(2026, 3, 2, 9, 30, 0)
    for n in range(3):  # three saves in the same second
        items = _edited(_lesson_items(), "l06-ex-01", prompt=f"Lần sửa thứ {n + 1}.")
        plan = cf.plan_upload(load_catalogue(), LESSON, items)
        texts.append(plan.texts[LESSON])
        saved = cf.save_banks(plan.texts, now=moment)
        assert saved[0].made_folder is (n == 0)
    backups = sorted((data_dir / "content" / ".backups").iterdir())
    assert [b.name for b in backups] == [
        "l06-tiep-nhan-phan-hoi-20260302-093000-2.yaml",
        "l06-tiep-nhan-phan-hoi-20260302-093000-3.yaml",
        "l06-tiep-nhan-phan-hoi-20260302-093000.yaml",
    ]
    assert backups[0].read_text(encoding="utf-8") == texts[0]
    assert backups[1].read_text(encoding="utf-8") == texts[1]
    assert load_catalogue().items["l06-ex-01"].prompt == "Lần sửa thứ 3."


@pytest.mark.parametrize("bank_id", ["../l01", "L01", "", "a/b", "x" * 81, "-x", "l01.yaml"])
def test_a_bank_name_that_is_not_a_plain_file_name_is_refused(data_dir: Path, bank_id: str) -> None:
    with pytest.raises(InputError):
        cf.save_banks({bank_id: "schema_version: 2\n"})
    assert not (data_dir / "content").exists()


# --- planning an upload -------------------------------------------------------------------------


def _kinds(plan: cf.UploadPlan) -> dict[str, tuple[str, tuple[str, ...], str]]:
    return {c.item_id: (c.kind, c.fields, c.bank) for c in plan.changes}


def test_an_upload_is_planned_item_by_item_in_the_bank_that_holds_each_item(data_dir: Path) -> None:
    items = _lesson_items()
    items = _edited(items, "l06-ex-01", prompt="Đề bài mới.", points=3)
    items = _edited(items, "l06b-ex-02", explanation="Giải thích mới.")
    gone = items.pop()["id"]
    new = {**items[0], "id": "l06-ex-moi-01", "prompt": "Một câu hoàn toàn mới?"}
    items.append(new)
    plan = cf.plan_upload(load_catalogue(), LESSON, items)
    assert plan.problems == ()
    kinds = _kinds(plan)
    assert kinds["l06-ex-01"] == ("changed", ("points", "prompt"), LESSON) or kinds[
        "l06-ex-01"
    ] == ("changed", ("prompt", "points"), LESSON)
    assert kinds["l06b-ex-02"] == ("changed", ("explanation",), "l06b-du-lieu-ca-nhan-phan-bien")
    assert kinds[gone][0] == "deleted"
    assert kinds["l06-ex-moi-01"] == ("added", (), LESSON)  # a new id goes to the lesson's bank
    assert len(plan.changes) == 4
    assert plan.unchanged == len(items) - 3
    assert set(plan.texts) == {LESSON, "l06b-du-lieu-ca-nhan-phan-bien"}


def test_an_upload_that_changes_nothing_writes_nothing(data_dir: Path) -> None:
    plan = cf.plan_upload(load_catalogue(), LESSON, _lesson_items())
    assert plan.changes == () and plan.texts == {} and plan.problems == ()


def test_a_removed_item_a_workshop_tests_is_retired_not_deleted(data_dir: Path) -> None:
    from kit.store import db
    from kit.store.models import Workshop

    with db.session() as s:
        s.add(
            Workshop(
                code="ABC123",
                title="Lớp thử",
                day="2026-03-02",
                track="A",
                pre_items=json.dumps(["l06-ex-02"]),
                post_items="[]",
            )
        )
    items = [it for it in _lesson_items() if it["id"] not in ("l06-ex-02", "l06-ex-03")]
    plan = cf.plan_upload(load_catalogue(), LESSON, items)
    assert plan.problems == ()
    assert _kinds(plan)["l06-ex-02"][0] == "retired"
    assert _kinds(plan)["l06-ex-03"][0] == "deleted"
    cf.save_banks(plan.texts)
    cat = load_catalogue()
    assert cat.items["l06-ex-02"].retired  # still found for the workshop's history
    assert "l06-ex-02" not in {it.id for it in cat.exercises(lesson=LESSON)}
    assert "l06-ex-03" not in cat.items


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"id": "l01-ex-01"}, "another lesson"),  # an id of lesson 1's bank
        ({"points": 0}, "«Points»: below"),  # a value the schema refuses
        ({"type": "matching"}, "item l06-ex-them: «Left»"),
    ],
)
def test_an_upload_kit_check_would_refuse_is_not_offered_for_saving(
    data_dir: Path, change: dict[str, Any], words: str
) -> None:
    items = _lesson_items()
    items.append({**items[0], "prompt": "Câu thêm.", "id": "l06-ex-them", **change})
    plan = cf.plan_upload(load_catalogue(), LESSON, items)
    assert plan.problems
    assert any(words in en for _, en in plan.problems), plan.problems
    assert not any("items." in vi + en for vi, en in plan.problems)  # no field paths


def test_removing_every_item_of_a_bank_is_refused(data_dir: Path) -> None:
    items = [it for it in _lesson_items() if not it["id"].startswith("l06b-")]
    plan = cf.plan_upload(load_catalogue(), LESSON, items)
    assert any("no item left" in en for _, en in plan.problems)


def test_with_an_own_content_folder_saves_go_there_and_a_lesson_keeps_its_items(
    tmp_path: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    own = tmp_path / "noi-dung"
    for folder in cf.COPIED:
        shutil.copytree(paths.shipped_root() / folder, own / folder)
    lesson_file = own / "lessons" / f"{LESSON}.md"
    lesson_file.write_text(
        lesson_file.read_text(encoding="utf-8") + "\n::: exercises\n- l06-ex-04\n:::\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("KIT_CONTENT_DIR", str(own))
    # a lesson names l06-ex-04: removing it would retire it, and a lesson may not list a
    # retired item, so the upload is refused
    items = [it for it in _lesson_items() if it["id"] != "l06-ex-04"]
    plan = cf.plan_upload(load_catalogue(), LESSON, items)
    assert _kinds(plan)["l06-ex-04"][0] == "retired"
    assert any("retired exercise 'l06-ex-04'" in en for _, en in plan.problems)
    # an edit is saved into the own folder, not into the data folder
    items = _edited(_lesson_items(), "l06-ex-04", prompt="Sửa trong thư mục riêng.")
    plan = cf.plan_upload(load_catalogue(), LESSON, items)
    saved = cf.save_banks(plan.texts)
    assert saved[0].path == own / "exercises" / f"{LESSON}.yaml" and not saved[0].made_folder
    assert (own / ".backups").is_dir()
    assert not (data_dir / "content").exists()


# --- a catalogue loaded before a save ----------------------------------------------------------


def test_a_catalogue_loaded_before_a_save_is_reloaded_in_place(data_dir: Path) -> None:
    early = load_catalogue()  # as a preheated kernel's page holds it
    pinned = load_catalogue(paths.shipped_root())  # a catalogue of a given folder is left alone
    assert refresh_loaded() is False
    items = _edited(_lesson_items(), "l06-ex-01", prompt="Đề bài sau khi lưu.")
    cf.save_banks(cf.plan_upload(early, LESSON, items).texts)
    assert early.items["l06-ex-01"].prompt != "Đề bài sau khi lưu."
    assert refresh_loaded() is True
    assert early.items["l06-ex-01"].prompt == "Đề bài sau khi lưu."
    assert early.root == data_dir / "content"
    assert pinned.items["l06-ex-01"].prompt != "Đề bài sau khi lưu."
    assert refresh_loaded() is False  # nothing changed since


def test_content_broken_by_hand_is_not_taken_by_a_reload(data_dir: Path) -> None:
    early = load_catalogue()
    root, _ = cf.writable_root()
    (root / "exercises" / f"{LESSON}.yaml").write_text("bank: [khong hop le", encoding="utf-8")
    before = early.items["l06-ex-01"].prompt
    assert refresh_loaded() is False
    assert early.items["l06-ex-01"].prompt == before and early.problems == []


# --- in the trainer app -------------------------------------------------------------------------


def _trainer(unlocked: bool = True) -> Any:
    from kit.apps.trainer import TrainerView
    from kit.apps.ui.shell import AppShell
    from kit.workshops import passcode

    passcode.set_passcode("hoi-truong-2026")
    shell = AppShell("trainer", None, lang="vi")
    view = TrainerView(shell)
    shell.mount(view.render)
    if unlocked:
        view.unlock("hoi-truong-2026")
        view.set_mode("bank")
    return view


def _workbook(lesson: str, edit: dict[str, str]) -> bytes:
    """The lesson's workbook with prompts replaced (item id -> new prompt), as Excel saves it."""
    import io

    from openpyxl import load_workbook

    from kit.content.authoring.xlsx_bank import export_xlsx

    book = load_workbook(io.BytesIO(export_xlsx(load_catalogue(), lesson=lesson)))
    sheet = book["Câu hỏi"]
    col = [c.value for c in sheet[1]].index("Đề bài / Prompt") + 1
    for row in range(2, sheet.max_row + 1):
        if sheet.cell(row, 1).value in edit:
            sheet.cell(row, col).value = edit[str(sheet.cell(row, 1).value)]
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _labels(view: Any) -> list[str]:
    from tests.test_plans_app import walk

    return [getattr(n, "description", "") for n in walk(view.shell.widget)]


def test_the_tab_does_nothing_while_the_trainer_page_is_locked(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kit.workshops import passcode

    monkeypatch.setattr(passcode, "ITERATIONS", 1_000)
    view = _trainer(unlocked=False)
    with pytest.raises(InputError, match="đã khóa"):
        view.bank.make_workbook()
    data = _workbook("l03-noi-dung-truyen-thong", {"l03-ex-01": "Đề bài lén sửa."})
    with pytest.raises(InputError, match="đã khóa"):
        view.bank.check_upload([{"name": "x.xlsx", "content": data}])
    assert view.bank.plan is None and not (data_dir / "content").exists()


def test_the_tab_previews_an_upload_and_saves_it_into_this_kernel_catalogue(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kit.workshops import passcode

    monkeypatch.setattr(passcode, "ITERATIONS", 1_000)
    view = _trainer()
    view.bank.choose("l03-noi-dung-truyen-thong")
    evil = "Đề <b onmouseover=alert(1)>mới</b>?"
    data = _workbook("l03-noi-dung-truyen-thong", {"l03-ex-02": evil})
    view.bank.check_upload([{"name": "cau-hoi.xlsx", "content": data}])
    page = view.shell.widget
    from tests.test_plans_app import walk

    shown = " ".join(str(getattr(n, "value", "")) for n in walk(page))
    assert "l03-ex-02" in shown and "được sửa: Câu hỏi (tiếng Việt)" in shown
    assert "&lt;b onmouseover" in shown and "<b onmouseover" not in shown
    assert "Lưu" in _labels(view)
    view.bank.save()
    assert view.catalogue.items["l03-ex-02"].prompt == evil  # reloaded in place
    assert "Đã lưu 1 thay đổi" in view.bank.notice and "Lưu" not in _labels(view)


def test_a_workbook_with_a_refused_row_is_shown_and_cannot_be_saved(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kit.workshops import passcode

    monkeypatch.setattr(passcode, "ITERATIONS", 1_000)
    view = _trainer()
    view.bank.choose("l03-noi-dung-truyen-thong")
    data = _workbook("l03-noi-dung-truyen-thong", {"l03-ex-01": "Đề bài sửa.", "l03-ex-03": "   "})
    view.bank.check_upload([{"name": "cau-hoi.xlsx", "content": data}])
    assert view.bank.read_problems and not view.bank.can_save()
    assert "Lưu" not in _labels(view)
    with pytest.raises(InputError):
        view.bank.save()
    assert not (data_dir / "content").exists()


@pytest.mark.parametrize(
    ("upload", "words"),
    [
        ([], "No file chosen"),
        ([{"name": "trong.xlsx", "content": b""}], "unknown format"),
        ([{"name": "hong.xlsx", "content": b"PK\x03\x04 not a zip"}], "not an Excel workbook"),
        ([{"name": "ghi-chu.txt", "content": "chỉ là chữ".encode()}], "unknown format"),
        ([{"name": "lon.xlsx", "content": b"x" * (10 * 2**20 + 1)}], "too large"),
        ([{"name": 3, "content": "không phải bytes"}], "No file chosen"),  # the page sent junk
    ],
)
def test_a_file_that_is_not_questions_is_refused_in_words(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, upload: list[dict[str, Any]], words: str
) -> None:
    from kit.workshops import passcode

    monkeypatch.setattr(passcode, "ITERATIONS", 1_000)
    view = _trainer()
    view.bank.choose("l03-noi-dung-truyen-thong")
    with pytest.raises(InputError) as caught:
        view.bank.check_upload(upload)
    assert words in caught.value.en and caught.value.vi != caught.value.en
    assert view.bank.plan is None
