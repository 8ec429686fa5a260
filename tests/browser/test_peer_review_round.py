"""A peer-review round in real browsers: three trainees join a workshop (one on a 360 px phone);
with two written answers the trainer's button is disabled and says why; with the third the
trainer marks a calibration answer and opens the round; each trainee reviews the answers given
to them (never their own, never with an author's name), one of them reloading halfway and
finding the review kept; the trainer then reads each answer's peer mark beside its automatic
part, and each reviewer's gap from the calibration mark in words ("lệch trung bình …").

The written answers are stored as the kernel stores a workshop answer (graded by the kit's
grader) rather than typed through every exercise of the lesson: the rounds are what is tried."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from kit import api, registry, trainees
from kit.core import config
from kit.grading.engine import grade
from kit.store import db
from kit.workshops import sessions
from kit.workshops.run import members_named
from tests.browser import axe
from tests.browser.test_workshop_round import PASSCODE, set_passcode, trainer_mode, watch
from tests.conftest import assert_fits_a_phone, join_as, record_frames, screenshot

pytestmark = pytest.mark.browser
TIMEOUT = 60_000
LESSON = "l05-viet-cho-cong-chung"
ITEM = "l05-ex-07"
UNIT = "UBND xã Quảng Thái"
PEOPLE = {
    "Nguyễn Thị Ánh": (
        "Thông báo của xã. Tỉnh đang lấy ý kiến dự thảo về hỗ trợ di dời chuồng trại. Cơ sở chăn "
        "nuôi vừa và lớn phải chuyển đi trước 31/12/2026. Mức hỗ trợ là 50% chi phí, tối đa 30 "
        "triệu đồng. Bà con góp ý tại Ủy ban nhân dân xã trước ngày 15/11/2024."
    ),
    "Trần Văn Bảo": (
        "Bà con chú ý. Đây mới là dự thảo, chưa ban hành. Cơ sở chăn nuôi trong khu dân cư sẽ di "
        "dời trước 31/12/2026, được hỗ trợ 50%, không quá 30 triệu đồng. Hạn góp ý là 15/11/2024."
    ),
    "Lê Hoàng Cúc": "Dự thảo nghị quyết di dời chăn nuôi. Góp ý trước 15/11/2024 tại xã.",
}


def store_answer(eng: object, workshop: sessions.WorkshopInfo, name: str) -> None:
    """The trainee's written answer, graded and stored in the workshop's context."""
    who = members_named(workshop, name, UNIT, eng)[0]  # type: ignore[arg-type]
    graded = grade(api.load_content().items[ITEM], PEOPLE[name])
    trainees.record_graded(who.id, graded, workshop.context(), eng)  # type: ignore[arg-type]


_AXE_PANEL = """async tags => (await axe.run('.kit-review', {
  runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']}))
  .violations.filter(v => ['serious', 'critical'].includes(v.impact))
  .map(v => `${v.id}: ${v.nodes.map(n => n.html.slice(0, 120)).join(' | ')}`)"""


def assert_panel_accessible(page: object) -> None:
    """No serious or critical WCAG 2.1 A/AA violation inside the review panel (the page's
    exercise below it is the exercise view's, checked by its own tests)."""
    axe._inject(page)
    found = page.evaluate(_AXE_PANEL, list(axe.TAGS))  # type: ignore[attr-defined]
    assert found == [], found


def review_all(page: object, marks: list[float], reload_after: int | None = None) -> int:
    """Mark every answer given on the page, each criterion from ``marks`` (cut to its range);
    reload once after ``reload_after`` reviews. The number of reviews sent."""
    sent = 0
    while page.locator(".kit-review input[type=number]").count():  # type: ignore[attr-defined]
        boxes = page.locator(".kit-review input[type=number]")  # type: ignore[attr-defined]
        for i in range(boxes.count()):
            top = float(boxes.nth(i).get_attribute("max") or 0)
            boxes.nth(i).fill(str(min(marks[i % len(marks)], top)))
            boxes.nth(i).press("Tab")
        page.get_by_role("button", name="Gửi bài chấm").click()  # type: ignore[attr-defined]
        sent += 1
        page.wait_for_function(  # type: ignore[attr-defined]
            "n => document.querySelectorAll('.kit-review-done li').length >= n", arg=sent
        )
        if sent == reload_after:
            page.reload()  # type: ignore[attr-defined]
            page.wait_for_selector(".kit-review", timeout=TIMEOUT)  # type: ignore[attr-defined]
            kept = page.inner_text(".kit-review-done")  # type: ignore[attr-defined]
            assert kept.count("Bài ") == sent, kept
    return sent


def test_a_trainer_runs_a_peer_review_round_with_three_trainees(
    kit_server: object, open_page: object
) -> None:
    base = kit_server.base_url  # type: ignore[attr-defined]
    data_dir = Path(kit_server.log_path).parent / "data"  # type: ignore[attr-defined]
    set_passcode(data_dir)
    eng = db.create(f"sqlite:///{data_dir / config.DB_FILENAME}")
    spec = sessions.validate_spec(
        {
            "title": "Chấm chéo bản tin loa",
            "day": date.today(),
            "track": "B",
            "lessons": [LESSON],
        },
        api.load_content(),
    )
    workshop = sessions.create(spec, eng)
    join_url = f"{base}/{registry.get('workshop').url_path}?code={workshop.code}"

    # ------------------------------------------------------------------ three trainees join
    pages, frames = {}, {}
    for name, viewport in zip(PEOPLE, ("phone", "desktop", "desktop"), strict=True):
        page = open_page(viewport).page  # type: ignore[operator]
        frames[name] = record_frames(page)
        page.goto(join_url)
        page.wait_for_selector(".kit-join", timeout=TIMEOUT)
        join_as(page, name, UNIT, "B")
        page.wait_for_selector(".kit-item", timeout=TIMEOUT)
        pages[name] = page
    names = list(PEOPLE)
    for name in names[:2]:
        store_answer(eng, workshop, name)

    # ------------------------------------------------------------------ the trainer: two answers
    tp = open_page("desktop").page  # type: ignore[operator]
    alerts, _frames = watch(tp)
    tp.goto(f"{base}/{registry.get('trainer').url_path}")
    tp.wait_for_selector(".kit-trainer-lock", timeout=TIMEOUT)
    tp.get_by_placeholder("Mật khẩu giảng viên").fill(PASSCODE)
    tp.get_by_role("button", name="Mở khóa").click()
    tp.wait_for_selector(".kit-modes", timeout=TIMEOUT)
    tp.get_by_role(
        "button", name=f"{workshop.day:%d/%m/%Y} · {workshop.title}", exact=False
    ).click()
    trainer_mode(tp, "Chấm chéo")
    opener = tp.get_by_role("button", name="Mở vòng chấm chéo")
    opener.wait_for(timeout=TIMEOUT)
    assert opener.is_disabled()
    assert "hiện có 2" in tp.inner_text(".kit-trainer-body")

    # ------------------------------------------------------------------ a third: the round opens
    store_answer(eng, workshop, names[2])
    trainer_mode(tp, "Theo dõi")
    trainer_mode(tp, "Chấm chéo")
    tp.wait_for_selector(".kit-trainer-body input[type=number]", timeout=TIMEOUT)
    boxes = tp.locator(".kit-trainer-body input[type=number]")
    for i, mark in enumerate([3, 2, 1, 2, 1, 1]):
        boxes.nth(i).fill(str(mark))
        boxes.nth(i).press("Tab")
    screenshot(tp, "trainer-peer-open")
    tp.get_by_role("button", name="Mở vòng chấm chéo").click()
    tp.wait_for_selector("text=Vòng chấm chéo đang mở", timeout=TIMEOUT)

    # ------------------------------------------------------------------ each trainee reviews
    for n, name in enumerate(names):
        page = pages[name]
        page.goto(join_url)
        page.wait_for_selector(".kit-review", timeout=TIMEOUT)
        shown = page.inner_text(".kit-review")
        assert PEOPLE[name] not in shown  # never their own answer
        if n == 0:
            screenshot(page, "workshop-peer-review-phone", check=False)
            assert_panel_accessible(page)
            assert_fits_a_phone(page)
        sent = review_all(page, [3 - n * 0.5, 2, 1, 2 - n * 0.5, 1, 1], 1 if n == 0 else None)
        assert sent >= 2
        page.wait_for_selector("text=Bạn đã chấm xong", timeout=TIMEOUT)
        wire = "".join(frames[name]) + page.content()
        assert not [other for other in names if other != name and other in wire]

    # ------------------------------------------------------------------ the trainer reads
    tp.get_by_role("button", name="Làm mới").click()
    tp.wait_for_function(
        "() => document.querySelector('.kit-peer-board').innerText.includes('lệch trung bình')"
    )
    board = tp.inner_text(".kit-peer-board")
    assert "bài hiệu chuẩn — giảng viên: 10/10" in board
    assert board.count("bài chấm)") == 2  # the two other answers have peer marks
    # the calibration answer is the first given (its author's): the trainer gave it 10; the
    # second trainee gave it 9, the third 8
    assert "lệch trung bình 1 điểm" in board and "lệch trung bình 2 điểm" in board
    assert "9/10 (từ 2/2 bài chấm)" in board  # the median of 10 and 8
    assert "không chấm bài hiệu chuẩn (bài của mình)" in board
    screenshot(tp, "trainer-peer-marks")
    assert alerts == []
