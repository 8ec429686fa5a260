"""A workshop in real browsers, each in its own context: the trainer unlocks the trainer app and
opens a workshop (its join sheet printed alone), two trainees join with the code (one on a
phone, with HTML in the name and the answers), the trainer watches the dashboard, grades the
written answer, the trainee comes back after closing the page and reads the comment, and the
trainer exports the results. Every name, answer and comment shows as text: no element is made
from it and no script runs, on any page; no trainee's page carries another trainee's name."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from kit import api, registry
from tests.conftest import (
    ARTIFACTS,
    assert_fits_a_phone,
    join_as,
    make_and_download,
    record_frames,
    screenshot,
)

pytestmark = pytest.mark.browser
TIMEOUT = 60_000
PASSCODE = "hoi-truong-2026"
EVIL_NAME = "Lê <img src=x onerror=alert(1)>"
EVIL_ANSWER = "<img src=x onerror=alert(2)>"
EVIL_WRITING = "<script>alert(3)</script> Bản tin: HĐND tỉnh lấy ý kiến dự thảo nghị quyết."
EVIL_COMMENT = "Tốt <b onmouseover=alert(4)>lắm</b>"
OTHER_NAME = "Trần Văn Bình"
LESSON = "l05-viet-cho-cong-chung"


def set_passcode(data_dir: Path) -> None:
    cmd = [sys.executable, "-m", "kit", "trainer", "passcode", "--stdin"]
    cmd += ["--data-dir", str(data_dir)]
    subprocess.run(cmd, input=f"{PASSCODE}\n", text=True, check=True, capture_output=True)


def watch(page: object) -> tuple[list[str], list[str]]:
    """Alerts raised on the page, and every websocket frame it received."""
    alerts: list[str] = []
    page.on("dialog", lambda d: (alerts.append(d.message), d.dismiss()))  # type: ignore[attr-defined]
    return alerts, record_frames(page)


def answer_shown_item(page: object, text: str) -> None:
    """Answer whatever item the page shows, as a trainee would, and go on."""
    item = page.locator(".kit-item")  # type: ignore[attr-defined]
    if item.locator("textarea").count():
        item.locator("textarea").first.fill(text)
    elif item.locator("select").count():  # ordering or matching: a different choice each
        for i, select in enumerate(item.locator("select").all()):
            choices = select.locator("option").count() - 1  # the first is the empty one
            select.select_option(index=1 + i % max(choices, 1))
    elif item.locator("input[type=radio]").count():
        item.locator("label", has=page.locator("input[type=radio]")).first.click()  # type: ignore[attr-defined]
    else:
        item.locator("input[type=text]").first.fill(text)
    page.get_by_role("button", name="Nộp câu trả lời").click()  # type: ignore[attr-defined]
    page.wait_for_selector(".kit-feedback", timeout=TIMEOUT)  # type: ignore[attr-defined]


def next_item(page: object) -> None:
    page.get_by_role("button", name="Câu tiếp theo").click()  # type: ignore[attr-defined]
    page.wait_for_selector(".kit-item, .kit-survey", timeout=TIMEOUT)  # type: ignore[attr-defined]


def trainer_mode(page: object, label: str) -> None:
    page.locator(".kit-modes").get_by_role("button", name=label).click()  # type: ignore[attr-defined]


def test_a_trainer_and_two_trainees_run_a_workshop_in_separate_browsers(
    kit_server: object, open_page: object, tmp_path: Path
) -> None:
    base = kit_server.base_url  # type: ignore[attr-defined]
    set_passcode(Path(kit_server.log_path).parent / "data")  # type: ignore[attr-defined]

    # ------------------------------------------------------------------ the trainer opens it
    trainer = open_page("desktop")  # type: ignore[operator]
    t_alerts, _ = watch(trainer.page)
    tp = trainer.page
    tp.goto(f"{base}/{registry.get('trainer').url_path}")
    tp.wait_for_selector(".kit-trainer-lock", timeout=TIMEOUT)
    tp.get_by_placeholder("Mật khẩu giảng viên").fill(PASSCODE)
    tp.get_by_role("button", name="Mở khóa").click()
    tp.wait_for_selector(".kit-modes", timeout=TIMEOUT)
    tp.get_by_placeholder("Tên lớp").fill("Tập huấn <b>viết</b> cho công chúng")
    tp.get_by_placeholder("Địa điểm").fill("Hội trường UBND xã Quảng Thái")
    lesson_title = api.load_content().lessons[LESSON].meta.title
    tp.locator(".kit-trainer-body select[multiple]").select_option(label=lesson_title)
    tp.locator(".kit-trainer-body select:not([multiple])").select_option(
        label="Không có bài kiểm tra"
    )
    tp.get_by_role("button", name="Mở lớp", exact=True).click()
    tp.wait_for_selector(".kit-join-sheet", timeout=TIMEOUT)
    sheet = tp.inner_text(".kit-join-sheet")
    assert "Tập huấn <b>viết</b> cho công chúng" in sheet  # the title as typed, as text
    code = tp.inner_text(".kit-join-big").strip()
    assert re.fullmatch(r"[A-Z0-9]{3}-[A-Z0-9]{3}", code), code
    assert tp.locator(".kit-qr svg").count() == 1
    tp.emulate_media(media="print")  # what the printer gets: the sheet alone
    tp.screenshot(path=str(ARTIFACTS / "trainer-join-sheet-print.png"), full_page=True)
    assert not tp.locator(".kit-modes").is_visible()
    tp.emulate_media(media="screen")

    # ------------------------------------------------------------------ two trainees join
    first = open_page("phone")  # type: ignore[operator]
    f_alerts, f_frames = watch(first.page)
    fp = first.page
    join_url = f"{base}/{registry.get('workshop').url_path}?code={code.lower()}"
    fp.goto(join_url)
    fp.wait_for_selector(".kit-join", timeout=TIMEOUT)
    join_as(fp, EVIL_NAME, "UBND xã Quảng Thái", "B")
    fp.wait_for_selector(".kit-item", timeout=TIMEOUT)
    screenshot(fp, "workshop-item-phone")
    assert_fits_a_phone(fp)

    second = open_page("desktop")  # type: ignore[operator]
    s_alerts, s_frames = watch(second.page)
    sp = second.page
    sp.goto(f"{base}/{registry.get('workshop').url_path}")
    sp.wait_for_selector(".kit-join-code", timeout=TIMEOUT)
    code_box = sp.get_by_placeholder("Mã lớp, ví dụ: KQ7-4MP")
    code_box.fill(code.replace("-", " "))  # typed with a space instead of the dash
    code_box.press("Tab")
    sp.get_by_role("button", name="Vào lớp").click()
    sp.wait_for_selector(".kit-join", timeout=TIMEOUT)
    join_as(sp, OTHER_NAME, "Phòng Tư pháp", "B")
    sp.wait_for_selector(".kit-item", timeout=TIMEOUT)
    answer_shown_item(sp, "Ngắn gọn, dễ hiểu")

    # the first trainee answers every item of the lesson, HTML included
    for _ in range(12):
        if fp.locator(".kit-survey").count():
            break
        answer_shown_item(
            fp, EVIL_WRITING if fp.locator(".kit-item textarea").count() else EVIL_ANSWER
        )
        if fp.locator(".kit-feedback textarea").count() == 0:
            assert fp.locator("img[src='x']").count() == 0
        next_item(fp)
    fp.wait_for_selector(".kit-survey", timeout=TIMEOUT)

    # ------------------------------------------------------------------ the trainer watches
    trainer_mode(tp, "Theo dõi")
    tp.wait_for_selector(".kit-board", timeout=TIMEOUT)
    tp.get_by_role("button", name="Làm mới").click()
    tp.wait_for_function(
        "n => document.querySelector('.kit-board').innerText.includes(n)", arg=OTHER_NAME
    )
    board = tp.inner_text(".kit-board")
    assert EVIL_NAME in board and OTHER_NAME in board
    assert tp.locator(".kit-board img").count() == 0
    screenshot(tp, "trainer-dashboard")

    trainer_mode(tp, "Chấm bài")
    done = "text=Không còn bài nào chờ chấm."
    graded = 0
    while True:  # every writing answer of the lesson waits for the trainer's points
        tp.locator(".kit-case").or_(tp.locator(done)).first.wait_for(timeout=TIMEOUT)
        if tp.locator(done).count():
            break
        assert tp.inner_text(".kit-case").strip() == EVIL_WRITING
        assert EVIL_NAME in tp.inner_text(".kit-trainer-body")
        tp.locator(".kit-trainer-body input[type=number]").fill("1")
        tp.locator(".kit-trainer-body input[type=number]").press("Tab")
        tp.get_by_placeholder("Nhận xét cho học viên").fill(EVIL_COMMENT)
        shown = tp.locator(".kit-case").element_handle()
        tp.get_by_role("button", name="Lưu và chấm bài tiếp").click()
        shown.wait_for_element_state("hidden", timeout=TIMEOUT)  # the next one replaced it
        graded += 1
        assert graded <= 10, "the queue does not empty"
    assert graded >= 1

    # ------------------------------------------------------------------ closed, then back
    fp.close()
    fp = first.context.new_page()  # type: ignore[attr-defined]
    f_alerts2, f_frames2 = watch(fp)
    fp.goto(join_url)
    fp.wait_for_selector(".kit-survey", timeout=TIMEOUT)  # where the trainee left off
    for scale in fp.locator(".kit-survey .kit-scale").all():
        scale.locator("button").nth(3).click()
    fp.get_by_role("button", name="Gửi phiếu đánh giá").click()
    fp.wait_for_selector(".kit-summary", timeout=TIMEOUT)
    summary = fp.inner_text(".kit-summary")
    assert EVIL_COMMENT in summary
    assert fp.locator(".kit-summary b[onmouseover]").count() == 0
    screenshot(fp, "workshop-end-phone")
    assert_fits_a_phone(fp)

    # ------------------------------------------------------------------ export
    trainer_mode(tp, "Xuất kết quả")
    data = make_and_download(tp, "Tạo tệp kết quả (XLSX)", "Tải kết quả (XLSX)")
    book = load_workbook(io.BytesIO(data))
    names = [str(c.value) for row in book.worksheets[0].iter_rows() for c in row]
    assert EVIL_NAME in names and OTHER_NAME in names

    # ------------------------------------------------------------------ nobody sees others
    second_wire = "".join(s_frames) + sp.content()
    assert "img src=x onerror=alert(1)" not in second_wire.replace("\\u003c", "<")
    first_wire = "".join(f_frames + f_frames2) + fp.content()
    assert OTHER_NAME not in first_wire
    assert t_alerts == f_alerts == f_alerts2 == s_alerts == []
    for g in (trainer, first, second):
        assert g.blocked == []  # type: ignore[attr-defined]
