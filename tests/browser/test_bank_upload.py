"""The question bank in a real desktop browser: the trainer unlocks the trainer app, opens the
"Ngân hàng câu hỏi" tab, downloads a lesson's workbook, changes a prompt in a visible cell (as in
Excel), uploads it, sees the preview name the change, and saves. The server, started before the
save with its kernels preheated, then serves the changed prompt in the exercises without a
restart, from the content folder the save made in its data folder; the installed content is not
touched."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook

from devtools.process import ServerProcess, start_kit
from kit import api, registry
from kit.core import paths
from kit.server.kernels import POOLS_READY
from tests.browser.test_workshop_round import PASSCODE, set_passcode, trainer_mode
from tests.conftest import join_as, make_and_download, screenshot

pytestmark = pytest.mark.browser
TIMEOUT = 90_000
LESSON = "l03-noi-dung-truyen-thong"
NEW_PROMPT = "Đề bài sửa trong Excel: kênh nào phù hợp nhất để người dân ở vùng cao nhận tin?"
PROMPT_COLUMN = "Đề bài / Prompt"


@pytest.fixture
def own_server(tmp_path: Path) -> Iterator[ServerProcess]:
    """A server of this test alone: its save makes a content folder in its own data folder."""
    server = start_kit(tmp_path)
    server.wait_ready(log_marker=POOLS_READY)
    yield server
    server.stop()


def _first_item_for_track_a() -> object:
    return next(it for it in api.list_exercises("A") if it.lesson == LESSON)


def _shipped_digest() -> str:
    h = hashlib.sha256()
    for path in sorted(paths.exercises_dir(paths.shipped_root()).rglob("*.yaml")):
        h.update(path.read_bytes())
    return h.hexdigest()


def _edit_prompt(data: bytes, item_id: str, prompt: str, out: Path) -> str:
    """Change the prompt of ``item_id`` in the visible question sheet; the old prompt."""
    book = load_workbook(io.BytesIO(data))
    sheet = book["Câu hỏi"]
    header = [c.value for c in sheet[1]]
    col = header.index(PROMPT_COLUMN) + 1
    row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 1).value == item_id)
    old = str(sheet.cell(row, col).value)
    sheet.cell(row, col).value = prompt
    book.save(out)
    return old


def test_a_trainer_edits_a_prompt_in_excel_and_the_exercises_serve_it(
    own_server: ServerProcess, open_page: object, tmp_path: Path
) -> None:
    base = own_server.base_url
    data_dir = own_server.log_path.parent / "data"
    set_passcode(data_dir)
    shipped_before = _shipped_digest()
    item = _first_item_for_track_a()
    lesson_title = api.load_content().lessons[LESSON].meta.title

    # ------------------------------------------------------------------ unlock, open the tab
    trainer = open_page("desktop")  # type: ignore[operator]
    tp = trainer.page
    tp.goto(f"{base}/{registry.get('trainer').url_path}")
    tp.wait_for_selector(".kit-trainer-lock", timeout=TIMEOUT)
    tp.get_by_placeholder("Mật khẩu giảng viên").fill(PASSCODE)
    tp.get_by_role("button", name="Mở khóa").click()
    tp.wait_for_selector(".kit-modes", timeout=TIMEOUT)
    trainer_mode(tp, "Ngân hàng câu hỏi")
    tp.wait_for_selector(".kit-bank", timeout=TIMEOUT)
    assert "lần lưu đầu tiên sẽ tạo thư mục nội dung" in tp.inner_text(".kit-bank-where")
    tp.locator(".kit-trainer-body select").select_option(label=lesson_title)

    # ------------------------------------------------------------------ download, edit a cell
    data = make_and_download(tp, "Tạo tệp Excel câu hỏi của bài", "Tải tệp Excel câu hỏi")
    edited = tmp_path / "cau-hoi-da-sua.xlsx"
    old_prompt = _edit_prompt(data, item.id, NEW_PROMPT, edited)  # type: ignore[attr-defined]
    assert old_prompt == item.prompt  # type: ignore[attr-defined]

    # ------------------------------------------------------------------ upload, preview
    with tp.expect_file_chooser() as chooser:  # VOILA-NOTES: FileUpload opens a chooser
        tp.get_by_role("button", name="Chọn tệp").click()
    chooser.value.set_files(str(edited))
    tp.get_by_role("button", name="Kiểm tra tệp").click()
    tp.wait_for_selector(".kit-bank-changes", timeout=TIMEOUT)
    preview = tp.inner_text(".kit-bank-changes")
    named = tp.locator(f".kit-bank-changes li[title='Mã câu trong tệp Excel: {item.id}']")  # type: ignore[attr-defined]
    assert named.count() == 1  # the id as a tooltip: the change is named by its question
    assert "được sửa: Câu hỏi (tiếng Việt)" in preview
    assert NEW_PROMPT[:60] in preview
    assert preview.count("được sửa") == 1  # only the cell edited changed
    assert tp.locator(".kit-error").count() == 0
    screenshot(tp, "trainer-bank-preview-desktop")

    # ------------------------------------------------------------------ save
    tp.get_by_role("button", name="Lưu", exact=True).click()
    notice = tp.locator(".kit-notice", has_text="Đã lưu")
    notice.wait_for(timeout=TIMEOUT)
    said = notice.inner_text()
    assert "Đã lưu 1 thay đổi" in said
    assert "Đã tạo thư mục nội dung" in said and "được giữ trong thư mục sao lưu" in said
    where = tp.inner_text(".kit-bank-where")
    assert "Máy chủ đang dùng thư mục nội dung trong thư mục dữ liệu" in where
    screenshot(tp, "trainer-bank-saved-desktop")
    copy = data_dir / "content"
    assert (copy / paths.DATA_CONTENT_MARK).is_file()
    assert NEW_PROMPT in (copy / "exercises" / f"{LESSON}.yaml").read_text(encoding="utf-8")
    assert list((copy / ".backups").glob(f"{LESSON}-*.yaml"))
    assert _shipped_digest() == shipped_before  # the installed content is never written

    # ------------------------------------------------------------------ the exercises serve it
    trainee = open_page("desktop")  # type: ignore[operator]
    page = trainee.page
    page.goto(f"{base}/{registry.get('exercises').url_path}?lesson={LESSON}")
    page.wait_for_selector(".kit-join", timeout=TIMEOUT)
    join_as(page, "Vi Thị Hoa", "UBND xã Tân Thành", "A")
    page.wait_for_selector(".kit-prompt", timeout=TIMEOUT)
    assert NEW_PROMPT in page.inner_text(".kit-prompt")
    screenshot(page, "exercises-changed-prompt-desktop")
    assert trainer.blocked == [] and trainee.blocked == []  # type: ignore[attr-defined]
