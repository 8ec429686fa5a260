"""``kit exercise paper``: a test on paper, its answer key, and the response sheet whose marks feed
``kit workshop stats``."""

from __future__ import annotations

import io
import json
import re
import unicodedata
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from kit.cli import main
from kit.content import schemas as s
from kit.content.catalogue import load_catalogue
from kit.core.errors import InputError
from kit.export import paper
from kit.grading.engine import grade

CAT = load_catalogue()
LESSON_WITH_EVERY_KIND = "l02-pham-vi-bon-tieu-chi"


def _text(path: Path) -> str:
    return "\n".join(p.text for p in Document(str(path)).paragraphs)


def _make(tmp_path: Path, *args: str) -> tuple[Path, Path, Path]:
    out = tmp_path / "de-kiem-tra.docx"
    assert main(["exercise", "paper", *args, "-o", str(out)]) == 0
    return (
        out,
        tmp_path / "de-kiem-tra-dap-an.docx",
        tmp_path / "de-kiem-tra-bang-diem.xlsx",
    )


def test_the_command_writes_the_test_its_key_and_the_response_sheet(tmp_path: Path) -> None:
    test, key, sheet = _make(tmp_path, "--lesson", LESSON_WITH_EVERY_KIND)
    assert test.is_file() and key.is_file() and sheet.is_file()
    chosen = paper.choose(CAT, LESSON_WITH_EVERY_KIND, None, None)
    printed, answers = _text(test), _text(key)
    for item in chosen.items:
        first = paper.plain(item.prompt)[0]
        assert first in printed
        assert first not in answers  # the key names items by number, not by their text
        assert paper.plain(item.explanation)[0][:40] in answers
    assert "Giải thích" not in printed and "Đáp án" not in printed
    assert unicodedata.is_normalized("NFC", printed + answers)


@pytest.mark.parametrize("which", [0, 1])
def test_both_documents_are_a4_with_the_kit_document_margins(tmp_path: Path, which: int) -> None:
    path = _make(tmp_path, "--lesson", "l01-de-an-407", "--items", "4")[which]
    section = Document(str(path)).sections[0]
    size = (round(section.page_width.mm), round(section.page_height.mm))  # stored in twips
    assert size == (210, 297)
    assert (round(section.left_margin.mm), round(section.right_margin.mm)) == (30, 15)
    assert Document(str(path)).styles["Normal"].font.name == "Times New Roman"


@pytest.mark.parametrize(
    ("track", "count"), [(None, 3), ("A", 5), ("B", 2), (None, 1), ("A", None)]
)
def test_the_items_chosen_are_served_items_of_the_lesson_and_track(
    track: str | None, count: int | None
) -> None:
    lesson = "l06-tiep-nhan-phan-hoi"
    chosen = paper.choose(CAT, lesson, track, count)
    pool = CAT.exercises(track=track, lesson=lesson)
    assert len(chosen.items) == (len(pool) if count is None else min(count, len(pool)))
    assert all(it.lesson == lesson and not it.retired for it in chosen.items)
    assert all(track is None or track in it.tracks for it in chosen.items)
    assert len({it.id for it in chosen.items}) == len(chosen.items)
    assert chosen.total == sum(it.points for it in chosen.items)


def test_a_short_test_spreads_over_the_levels() -> None:
    lesson = "l10-bao-chi-dua-tin-du-thao"
    levels = {it.level for it in CAT.exercises(lesson=lesson)}
    chosen = paper.choose(CAT, lesson, None, len(levels))
    assert {it.level for it in chosen.items} == levels


@pytest.mark.parametrize(
    ("lesson", "track", "count", "words"),
    [
        ("khong-co-bai-nay", None, None, "No lesson"),
        ("l01-de-an-407", "C", None, "track must be A or B"),
        ("l01-de-an-407", None, 0, "1 to"),
        ("l01-de-an-407", None, 61, "1 to"),
    ],
)
def test_a_bad_request_is_refused_in_both_languages(
    lesson: str, track: str | None, count: int | None, words: str
) -> None:
    with pytest.raises(InputError) as caught:
        paper.choose(CAT, lesson, track, count)
    assert words in caught.value.en and caught.value.vi != caught.value.en


def test_the_output_must_be_a_docx_and_nothing_is_written_otherwise(tmp_path: Path) -> None:
    out = tmp_path / "de.pdf"
    assert main(["exercise", "paper", "--lesson", "l01-de-an-407", "-o", str(out)]) == 2
    assert list(tmp_path.iterdir()) == []


ALL_ITEMS = [it for it in CAT.served().values()]


@pytest.mark.parametrize("item", ALL_ITEMS, ids=lambda it: it.id)
def test_every_served_item_can_be_printed_and_its_key_read_back_scores_full(item: s.Item) -> None:
    """The key, read as a trainee's answer on the printed test, gets full marks from the
    grader: the printed order and letters and the key agree."""
    space, key = paper.answer_space(item), paper.answer_text(item)
    assert space and key
    answer = _answer_from_key(item, space, key)
    if answer is not None:
        assert grade(item, answer).score == item.points


def _answer_from_key(item: s.Item, space: list[str], key: list[str]) -> object:
    match item:
        case s.SingleChoice() | s.MultipleSelect():
            letters = re.findall(r"\b([A-Z])\b", key[0].split(":", 1)[1])
            ids = [item.options[paper.LETTERS.index(x)].id for x in letters]
            return ids[0] if isinstance(item, s.SingleChoice) else ",".join(ids)
        case s.Ordering():
            printed = [line[7:] for line in space[1:]]  # "[    ] text"
            places = [int(line[1 : line.index("]")]) for line in key[:-1]]
            by_text = {st.text: st.id for st in item.steps}
            ordered = sorted(zip(places, printed, strict=True))
            return ",".join(by_text[text] for _, text in ordered)
        case s.Matching():
            right_lines = space[1 + len(item.left) :]
            text_of = {line[0]: line[3:] for line in right_lines}
            right_id = {st.text: st.id for st in item.right}
            pairs = dict(p.split(" → ") for p in key[0].split(", "))
            return ",".join(
                f"{st.id}={right_id[text_of[pairs[str(n)]]]}"
                for n, st in enumerate(item.left, start=1)
            )
        case s.Numeric():
            return key[0].split(" ")[0].replace(",", ".")
        case s.DateItem():
            return key[0]
        case s.ShortText():
            return item.accepted[0]
        case s.TrueFalse():
            return "true" if key[0] == "Đúng" else "false"
        case s.Scenario():
            return item.answer
    return None  # writing: marked by hand from the rubric printed in the key


@pytest.mark.parametrize(
    "item", [it for it in ALL_ITEMS if it.type in ("ordering", "matching")], ids=lambda it: it.id
)
def test_a_printed_order_never_gives_the_answer_away(item: s.Item) -> None:
    ids = [st.id for st in (item.steps if isinstance(item, s.Ordering) else item.right)]
    assert paper.mixed(item.id, ids) != ids or len(ids) == 1
    assert sorted(paper.mixed(item.id, ids)) == sorted(ids)
    assert paper.mixed(item.id, ids) == paper.mixed(item.id, ids)  # the same on every print


def test_the_key_lists_the_items_adapted_for_paper(tmp_path: Path) -> None:
    _, key, _ = _make(tmp_path, "--lesson", LESSON_WITH_EVERY_KIND)
    chosen = paper.choose(CAT, LESSON_WITH_EVERY_KIND, None, None)
    answers = _text(key)
    adapted = [n for n, it in enumerate(chosen.items, 1) if it.type in paper.ADAPTED]
    assert adapted
    for number in adapted:
        assert re.search(rf"Câu {number} \((sắp xếp|ghép đôi|tình huống|ngày)\)", answers)


@pytest.mark.parametrize(
    "markdown, expected",
    [
        ("Một **đậm** và *nghiêng*.", ["Một đậm và nghiêng."]),
        ("Đoạn một.\n\nĐoạn hai.", ["Đoạn một.", "Đoạn hai."]),
        ("Danh sách:\n\n- ý a\n- ý b", ["Danh sách:", "– ý a", "– ý b"]),
        ("<script>x</script> chữ", ["<script>x</script> chữ"]),
        ("| a | b |\n|---|---|\n| 1 | 2 |", ["a | b", "1 | 2"]),
    ],
)
def test_a_prompt_is_printed_as_plain_paragraphs(markdown: str, expected: list[str]) -> None:
    assert paper.plain(markdown) == expected


MARKS = {  # trainee -> share of each item's max they got (the same for every item)
    "Nguyễn Văn An": 1.0,
    "Trần Thị Bình": 0.5,
    "Lê Chi": 0.0,
    "Phạm Dũng": 1.0,
    "Hoàng Thị Én": 0.5,
}


def test_marks_typed_into_the_response_sheet_feed_workshop_stats(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, _, sheet_path = _make(
        tmp_path, "--lesson", "l05-viet-cho-cong-chung", "--items", "6", "--seats", "8"
    )
    book = load_workbook(sheet_path)
    sheet = book.active
    header = next(r for r in range(1, 11) if sheet.cell(r, 1).value == "học viên")
    seats: dict[str, str] = {}
    names = iter(MARKS)
    items: dict[str, float] = {}
    for row in range(header + 1, sheet.max_row + 1):
        seat = str(sheet.cell(row, 1).value)
        if seat not in seats and len(seats) < len(MARKS):
            seats[seat] = next(names)
        items[str(sheet.cell(row, 3).value)] = float(sheet.cell(row, 5).value)
        if seat in seats:  # seats 6 to 8 stay empty: nobody sat there
            name = seats[seat]
            sheet.cell(row, 1).value = name
            sheet.cell(row, 4).value = MARKS[name] * float(sheet.cell(row, 5).value)
    filled = tmp_path / "bang-diem-da-nhap.xlsx"
    out = io.BytesIO()
    book.save(out)
    filled.write_bytes(out.getvalue())
    capsys.readouterr()
    assert main(["workshop", "stats", str(filled), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["problems"] == []  # the empty seats are not reported row by row
    assert len(items) == 6
    assert {i["item"] for i in report["items"]} == set(items)
    mean_share = sum(MARKS.values()) / len(MARKS)
    for stat in report["items"]:
        assert stat["n"] == len(MARKS)
        assert stat["max"] == items[stat["item"]]
        assert stat["mean"] == pytest.approx(mean_share * items[stat["item"]])
        assert stat["facility"] == pytest.approx(100 * mean_share)  # a percentage
    # each item's marks are the same share of its max, so Cronbach's alpha is known exactly:
    # k/(k-1) * (1 - sum(max_i^2) / (sum max_i)^2)
    k, maxima = len(items), list(items.values())
    alpha = k / (k - 1) * (1 - sum(m * m for m in maxima) / sum(maxima) ** 2)
    assert report["alpha"] == pytest.approx(alpha, abs=0.01)


def test_a_seat_with_some_marks_still_reports_its_blank_ones(tmp_path: Path) -> None:
    from kit.workshops.responses import read_responses

    chosen = paper.choose(CAT, "l01-de-an-407", None, 3)
    book = load_workbook(io.BytesIO(paper.response_sheet(chosen, 2)))
    sheet = book.active
    sheet.cell(5, 4).value = 1  # seat 1, item 1 marked; seat 1's items 2 and 3 left blank
    out = io.BytesIO()
    book.save(out)
    table = read_responses(out.getvalue(), "bang-diem.xlsx")
    assert len(table.responses) == 1
    assert sorted(p.row for p in table.problems) == [6, 7]
    assert all("not answered" in p.en for p in table.problems)


@pytest.mark.parametrize("seats", [0, -1, paper.MAX_SEATS + 1])
def test_a_response_sheet_needs_a_sensible_number_of_seats(seats: int) -> None:
    chosen = paper.choose(CAT, "l01-de-an-407", None, 2)
    with pytest.raises(InputError):
        paper.response_sheet(chosen, seats)


@pytest.mark.parametrize(
    ("prompt", "told"),
    [
        ("Những việc nào cần làm trước khi đăng dự thảo?", True),
        ("Những việc nào cần làm? Chọn tất cả phương án đúng.", False),
        ("Những việc nào cần làm? CHỌN TẤT CẢ các phương án đúng.", False),
    ],
)
def test_a_multiple_select_item_says_to_pick_every_right_option_once(
    prompt: str, told: bool
) -> None:
    item = next(it for it in ALL_ITEMS if isinstance(it, s.MultipleSelect))
    space = paper.answer_space(item.model_copy(update={"prompt": prompt}))
    assert (space[0] == "Chọn tất cả các phương án đúng.") is told
    assert sum(line.startswith(paper.BOX) for line in space) == len(item.options)


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["--lesson", "../../etc/passwd"], 1),
        (["--lesson", "l01-de-an-407\x00"], 1),
        (["--lesson", "l01-de-an-407", "--items", "-3"], 1),
        (["--lesson", "l01-de-an-407", "--seats", "0"], 1),
        (["--lesson", "l01-de-an-407", "--seats", "100000"], 1),
        (["--lesson", "l01-de-an-407", "--track", "C"], 2),
        (["--lesson", "l01-de-an-407", "--items", "ba"], 2),
    ],
)
def test_a_bad_command_line_ends_with_a_message_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], code: int
) -> None:
    out = tmp_path / "de.docx"
    try:
        got = main(["exercise", "paper", *args, "-o", str(out)])
    except SystemExit as exit_:  # argparse: wrong usage
        got = int(exit_.code or 0)
    assert got == code
    said = capsys.readouterr()
    assert "Traceback" not in said.out + said.err and said.err.strip()
    assert list(tmp_path.iterdir()) == []
