"""Can a Vietnamese trainer read the dashboard of a real workshop: questions by their text (the id
only on hover), headers in the page's language, trainees with the same name told apart, which
test each chart covers, Vietnamese decimals, survey lines without stray punctuation; after a
reload the "Theo dõi" tab shows the open workshop; the grading screen asks for the trainer's
points in the item's points and says what they are for?"""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Iterator
from pathlib import Path

import ipywidgets as w
import pytest

from kit import api, trainees
from kit.apps.trainer import TrainerView
from kit.apps.trainer_dashboard import dashboard_html, shorten
from kit.apps.ui.shell import AppShell
from kit.grading.engine import grade
from kit.workshops import passcode, results, sessions
from kit.workshops import passcode_limits as limits
from kit.workshops.dashboard import build
from kit.workshops.run import WorkshopRun
from tests.test_plans_app import walk
from tests.test_workshop_flow import answer_all, open_workshop

CAT = api.load_content()
PASSCODE = "hoi-truong-2026"
SURVEY = {"relevant": 5, "clear": 4, "useful": 5, "pace": 4, "recommend": 4, "comment": "Hay."}
#: (name, unit, answers right): two trainees share a name (typed differently), one does not
PEOPLE = [
    ("Nguyễn Văn An", "UBND xã Quảng Thái", True),
    ("nguyễn  văn an", "Phòng Tư pháp", False),
    ("Trần Thị Bình", "UBND xã Quảng Thái", True),
]


@pytest.fixture(autouse=True)
def own_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("KIT_DATA_DIR", str(tmp_path))
    monkeypatch.setattr(limits, "WRONG_PASSCODE_DELAY_S", 0)
    monkeypatch.setattr(passcode, "ITERATIONS", 1_000)
    passcode.set_passcode(PASSCODE)
    yield


@pytest.fixture
def workshop() -> sessions.WorkshopInfo:
    ws = open_workshop("same")
    for name, unit, right in PEOPLE:
        run = WorkshopRun(ws, trainees.register(name, unit, "B").identity, CAT)
        answer_all(run, right=right)
        run.submit_survey(SURVEY)
    return ws


def text_of(page: str) -> str:
    """What a reader sees: the page without its tags and attributes."""
    return html_lib.unescape(re.sub(r"<[^>]+>", " ", page))


def test_the_vietnamese_dashboard_reads_in_vietnamese(workshop: sessions.WorkshopInfo) -> None:
    page = dashboard_html(build(workshop, CAT), "vi")
    seen = text_of(page)
    for english in ("facility", "discrimination", "(low)", "(medium)", "(high)", "Flag"):
        assert english not in seen
    for heading in ("Độ dễ (%)", "Độ phân biệt", "Câu hỏi", "Nhận định"):
        assert heading in seen
    assert not re.search(r"\d\.\d", seen), "a decimal point on the Vietnamese page"
    assert ".:" not in seen and "?:" not in seen


def test_the_english_dashboard_reads_in_english(workshop: sessions.WorkshopInfo) -> None:
    seen = text_of(dashboard_html(build(workshop, CAT), "en"))
    for heading in ("Facility (%)", "Discrimination", "Question", "post-test"):
        assert heading in seen
    for vietnamese in ("Độ dễ", "Câu hỏi", "trùng tên"):
        assert vietnamese not in seen


def test_items_show_their_question_with_the_id_only_on_hover(
    workshop: sessions.WorkshopInfo,
) -> None:
    page = dashboard_html(build(workshop, CAT), "vi")
    seen = text_of(page)
    for item_id in workshop.post_items:
        assert item_id not in seen, f"{item_id} shown as text"
        assert f"Mã câu: {item_id}" in html_lib.unescape(page), f"{item_id} not on hover"
        question = shorten(CAT.items[item_id].prompt)
        assert question in seen


@pytest.mark.parametrize(
    ("text", "size", "shown"),
    [
        ("Ngắn gọn.", 90, "Ngắn gọn."),
        ("Một hai ba bốn năm sáu", 12, "Một hai ba…"),
        ("Dòng một\n\n   dòng hai", 90, "Dòng một dòng hai"),
        ("Trước, sau", 8, "Trước…"),
    ],
)
def test_a_question_is_shortened_at_a_word(text: str, size: int, shown: str) -> None:
    assert shorten(text, size) == shown
    assert len(shorten(text, size)) <= size


def test_trainees_with_the_same_name_are_told_apart_by_when_they_joined(
    workshop: sessions.WorkshopInfo,
) -> None:
    board = build(workshop, CAT)
    seen = text_of(dashboard_html(board, "vi"))
    assert seen.count("trùng tên, vào lớp lúc") == 2
    line = re.compile(r"trùng tên, vào lớp lúc \d\d:\d\d \d\d/\d\d")
    assert len(line.findall(seen)) == 2
    bình = seen.split("Trần Thị Bình")[1][:40]
    assert "trùng tên" not in bình
    assert "same name, joined at" in text_of(dashboard_html(board, "en"))


def test_each_chart_says_which_test_it_covers(workshop: sessions.WorkshopInfo) -> None:
    seen = text_of(dashboard_html(build(workshop, CAT), "vi"))
    assert "Phân bố điểm bài kiểm tra đầu vào (3 học viên)" in seen
    assert "Phân bố điểm bài kiểm tra cuối khóa (3 học viên)" in seen
    assert "Thống kê câu hỏi của bài kiểm tra cuối khóa" in seen
    assert "α" in seen  # α in words: with 3 trainees it says they are too few or why it is missing
    assert "Chỉ có 3 học viên" in seen or "Chưa tính được độ tin cậy" in seen or "ngoài" in seen


def test_without_tests_the_chart_covers_the_exercises() -> None:
    ws = open_workshop("none")
    run = WorkshopRun(ws, trainees.register("Lê Văn Cường", "Sở Tư pháp", "B").identity, CAT)
    answer_all(run, right=True)
    seen = text_of(dashboard_html(build(ws, CAT), "vi"))
    assert "Phân bố điểm bài tập (1 học viên)" in seen
    assert "Thống kê câu hỏi của bài tập" in seen
    assert "kiểm tra đầu vào" not in seen


def test_the_survey_shows_each_statement_with_a_vietnamese_mean(
    workshop: sessions.WorkshopInfo,
) -> None:
    seen = text_of(dashboard_html(build(workshop, CAT), "vi"))
    assert "của tôi.:" not in seen
    assert "Thời lượng và nhịp độ lớp phù hợp." in seen
    assert " 4 " in seen  # pace: 4 from everyone
    assert "4.5" not in seen


def open_trainer() -> tuple[AppShell, TrainerView]:
    shell = AppShell("trainer", None, lang="vi")
    view = TrainerView(shell)
    shell.mount(view.render)
    view.unlock(PASSCODE)
    return shell, view


def placeholders(shell: AppShell) -> set[str]:
    return {str(n.placeholder) for n in walk(shell.widget) if getattr(n, "placeholder", None)}


def test_after_a_reload_the_dashboard_tab_shows_the_open_workshop(
    workshop: sessions.WorkshopInfo,
) -> None:
    shell, view = open_trainer()  # a fresh page: nothing chosen yet
    view.set_mode("dashboard")
    assert view.workshop is not None and view.workshop.id == workshop.id
    assert "Tên lớp" not in placeholders(shell)  # not the new-workshop form
    assert "Nguyễn Văn An" in html_lib.unescape(view.board.value)


def test_with_no_workshop_the_dashboard_tab_says_where_to_open_one() -> None:
    shell, view = open_trainer()
    view.set_mode("dashboard")
    texts = " ".join(str(getattr(n, "value", "")) for n in walk(shell.widget))
    assert "Chưa có lớp nào" in html_lib.unescape(texts)
    assert "Tên lớp" not in placeholders(shell)


def test_grading_asks_for_the_trainers_points_within_the_items_points() -> None:
    writing = next(
        i for i in api.list_exercises("B", cat=CAT) if results.trainer_points(i) and i.points > 1
    )
    ws = sessions.create(
        sessions.validate_spec(
            {
                "title": "Lớp viết tin",
                "day": "2026-11-22",
                "track": "B",
                "lessons": [writing.lesson],
            },
            CAT,
        )
    )
    who = trainees.register("Người Viết", "Báo tỉnh", "B").identity
    sessions.join(ws, who.id)
    graded = grade(writing, "Bản tin ngắn về dự thảo nghị quyết, góp ý trước ngày 30/6.")
    trainees.record_graded(who.id, graded, ws.context(), None)
    shell, view = open_trainer()
    view.choose(ws.id)
    view.set_mode("grading")
    top = writing.trainer_points
    auto = writing.points - top
    texts = html_lib.unescape(" ".join(str(getattr(n, "value", "")) for n in walk(shell.widget)))
    assert f"Câu này {writing.points} điểm: máy chấm {auto} điểm" in texts
    assert f"giảng viên chấm {top} điểm còn lại" in texts and "chính xác, công bằng" in texts
    assert re.search(rf"Máy đã chấm: [\d,]+/{auto} điểm", texts)
    box = next(n for n in walk(shell.widget) if isinstance(n, w.BoundedFloatText))
    assert box.description == f"Điểm của giảng viên (0–{top})" and box.max == top
