"""The columns of the question workbook and how an item becomes a row and a row an item.

One table (:data:`COLUMNS`, :data:`RUBRIC_COLUMNS`) serves the writer, the reader, the
drop-down lists and the instructions sheet. Closed fields are written in Vietnamese words
(``Một lựa chọn``, ``Vận dụng``, ``có``) and read back in any spelling: the Vietnamese word, with
or without its marks, or the kit's own name (``single_choice``). The parts of an item (options,
steps, the left and right columns of a matching item) sit in numbered columns; their ids are
their positions (``a``, ``b``… for options, ``s1``… for steps, ``l1``/``r1``… for pairs) unless
the column "Mã các mục" lists others. A cell that cannot be read raises :class:`CellError`
naming its column.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from datetime import date
from typing import Any

from kit.content import schemas as s

#: the most parts (options, steps, pairs) an item has in the workbook
MAX_PARTS = 8
LIST_SEP = " | "


@dataclass(frozen=True)
class Column:
    key: str
    vi: str
    en: str
    width: int = 18
    help_vi: str = ""
    choices: tuple[str, ...] = ()

    @property
    def header(self) -> str:
        return f"{self.vi} / {self.en}"


class CellError(ValueError):
    """A cell that cannot be read: its column's key and the reason (vi, en)."""

    def __init__(self, key: str, vi: str, en: str) -> None:
        super().__init__(en)
        self.key, self.vi, self.en = key, vi, en


TYPE_NAMES: dict[str, str] = {
    "single_choice": "Một lựa chọn",
    "multiple_select": "Nhiều lựa chọn",
    "true_false": "Đúng/Sai",
    "ordering": "Sắp xếp thứ tự",
    "matching": "Ghép cặp",
    "numeric": "Số",
    "date": "Ngày",
    "short_text": "Trả lời ngắn",
    "scenario": "Tình huống phạm vi",
    "writing": "Bài viết",
}
LEVEL_NAMES = {"recall": "Nhớ", "apply": "Vận dụng", "analyse": "Phân tích", "create": "Sáng tạo"}
SCORING_NAMES = {"per_option": "Tính từng phương án", "all_or_nothing": "Tất cả hoặc không"}
CHECK_NAMES = {
    "covers_items": "Nêu đủ các ý",
    "max_sentence_words": "Câu không quá dài",
    "abbreviations_expanded": "Viết rõ chữ viết tắt",
    "says_where_and_when": "Nêu rõ nơi và thời hạn góp ý",
    "word_count": "Độ dài bài",
}
YES, NO = "có", "không"
TRUE, FALSE = "Đúng", "Sai"
TRACK_CHOICES = ("A, B", "A", "B")


def _cols(*rows: tuple[Any, ...]) -> tuple[Column, ...]:
    return tuple(Column(*row) for row in rows)


COLUMNS: tuple[Column, ...] = _cols(
    ("id", "Mã câu", "Item id", 16, "chữ thường không dấu, số và gạch nối; không trùng câu khác"),
    ("lesson", "Bài học", "Lesson", 18, "mã bài học của câu"),
    ("type", "Loại câu", "Type", 16, "chọn trong danh sách", tuple(TYPE_NAMES.values())),
    ("tracks", "Nhánh", "Tracks", 8, "A: cán bộ truyền thông; B: cán bộ soạn thảo", TRACK_CHOICES),
    ("level", "Mức độ", "Level", 11, "chọn trong danh sách", tuple(LEVEL_NAMES.values())),
    ("difficulty", "Độ khó", "Difficulty", 8, "1, 2 hoặc 3", ("1", "2", "3")),
    ("points", "Điểm", "Points", 7, "số nguyên từ 1 đến 20"),
    ("retired", "Ngừng dùng", "Retired", 9, "có: giữ lại cho lịch sử, không dùng nữa", (YES, NO)),
    ("prompt", "Đề bài", "Prompt", 60, "xuống dòng trong ô: Alt+Enter"),
    ("prompt_en", "Đề bài tiếng Anh", "Prompt in English", 50, "có thể để trống"),
    *(
        (
            f"part_{i}",
            f"Mục {i}",
            f"Part {i}",
            30,
            "phương án; hoặc bước theo đúng thứ tự; hoặc vế trái của cặp",
        )
        for i in range(1, MAX_PARTS + 1)
    ),
    *(
        (
            f"feedback_{i}",
            f"Phản hồi mục {i}",
            f"Feedback {i}",
            30,
            "phản hồi khi chọn phương án này",
        )
        for i in range(1, MAX_PARTS + 1)
    ),
    *(
        (f"right_{i}", f"Vế phải {i}", f"Right {i}", 24, "ghép cặp: vế phải (có thể thừa)")
        for i in range(1, MAX_PARTS + 1)
    ),
    ("part_ids", "Mã các mục", "Part ids", 12, "để trống: a, b, c… hoặc s1, l1…"),
    ("right_ids", "Mã vế phải", "Right ids", 12, "để trống: r1, r2…"),
    (
        "key",
        "Đáp án",
        "Key",
        22,
        "một lựa chọn: a; nhiều lựa chọn: a, c; Đúng/Sai; ghép cặp: l1=r2, l2=r1; số; ngày"
        " dd/mm/yyyy; trả lời ngắn: mỗi dòng một đáp án; tình huống: in, unknown hoặc out:ab",
    ),
    ("tolerance", "Sai số cho phép", "Tolerance", 10, "câu số"),
    ("unit", "Đơn vị", "Unit", 8, "câu số"),
    ("compute_start", "Tính từ ngày", "Counted from", 12, "câu ngày tính theo quy tắc"),
    ("compute_days", "Số ngày", "Days", 8, "câu ngày tính theo quy tắc"),
    ("compute_rule", "Quy tắc tính hạn", "Counting rule", 18, "câu ngày tính theo quy tắc"),
    ("scoring", "Cách chấm", "Scoring", 16, "nhiều lựa chọn", tuple(SCORING_NAMES.values())),
    ("scoring_note", "Ghi chú cách chấm", "Scoring note", 30, "nhiều lựa chọn"),
    ("feedback_correct", "Phản hồi khi đúng", "Feedback if right", 30, ""),
    ("feedback_wrong", "Phản hồi khi sai", "Feedback if wrong", 30, ""),
    ("feedback_true", "Phản hồi khi chọn Đúng", "Feedback on True", 30, "câu Đúng/Sai"),
    ("feedback_false", "Phản hồi khi chọn Sai", "Feedback on False", 30, "câu Đúng/Sai"),
    ("trainer_points", "Điểm giảng viên chấm", "Trainer points", 10, "bài viết"),
    ("model_answer", "Bài mẫu", "Model answer", 40, "bài viết"),
    ("explanation", "Giải thích", "Explanation", 40, ""),
    ("source", "Nguồn", "Source", 40, "tên văn bản: số, ngày, cơ quan ban hành, điều khoản"),
)

RUBRIC_COLUMNS: tuple[Column, ...] = _cols(
    ("id", "Mã câu", "Item id", 16, "câu bài viết mà tiêu chí thuộc về"),
    ("kind", "Loại kiểm tra", "Check", 24, "chọn trong danh sách", tuple(CHECK_NAMES.values())),
    ("points", "Điểm", "Points", 7, "từ 1 đến 10"),
    ("label", "Tên tiêu chí", "Label", 30, ""),
    (
        "items",
        "Các ý cần có",
        "Required ideas",
        50,
        f"mỗi dòng một ý; các cách nói cách nhau '{LIST_SEP.strip()}'",
    ),
    (
        "synonyms",
        "Từ đồng nghĩa",
        "Synonyms",
        30,
        f"mỗi dòng một nhóm; cách nhau '{LIST_SEP.strip()}'",
    ),
    ("limit", "Giới hạn", "Limit", 8, "số từ tối đa"),
    ("minimum", "Tối thiểu", "Minimum", 8, "số từ tối thiểu"),
    ("abbreviations", "Chữ viết tắt", "Abbreviations", 16, "mỗi dòng một chữ"),
    ("draft", "Là dự thảo", "Draft", 9, "có: văn bản còn là dự thảo", (YES, NO)),
    ("when", "Ngày phải nêu", "Date to give", 12, "dd/mm/yyyy"),
)


def part_ids(kind: str, count: int) -> list[str]:
    """The ids of ``count`` parts by position: options ``a``…, else ``s1``/``l1``/``r1``…"""
    if kind == "option":
        return list(string.ascii_lowercase[:count])
    return [f"{kind}{i}" for i in range(1, count + 1)]


# ----------------------------------------------------------------------------- item → row


def format_date(value: date) -> str:
    return value.strftime("%d/%m/%Y")


def _parts(row: dict[str, object], parts: list[Any], kind: str, feedback: bool = False) -> None:
    ids = [p.id for p in parts]
    for i, part in enumerate(parts, start=1):
        row[f"part_{i}"] = part.text
        if feedback:
            row[f"feedback_{i}"] = part.feedback
    if ids != part_ids(kind, len(ids)):
        row["part_ids"] = ", ".join(ids)


def item_row(item: s.Item) -> dict[str, object]:
    """The cells of ``item``'s row, by column key (a blank cell is left out)."""
    row: dict[str, object] = {
        "id": item.id,
        "lesson": item.lesson,
        "type": TYPE_NAMES[item.type],
        "tracks": ", ".join(item.tracks),
        "level": LEVEL_NAMES[item.level],
        "difficulty": item.difficulty,
        "points": item.points,
        "retired": YES if item.retired else NO,
        "prompt": item.prompt,
        "prompt_en": item.prompt_en,
        "explanation": item.explanation,
        "source": item.source,
    }
    match item:
        case s.SingleChoice() | s.MultipleSelect():
            _parts(row, item.options, "option", feedback=True)
            row["key"] = ", ".join(o.id for o in item.options if o.correct)
            if isinstance(item, s.MultipleSelect):
                row["scoring"] = SCORING_NAMES[item.scoring]
                row["scoring_note"] = item.scoring_note
        case s.TrueFalse():
            row |= {"key": TRUE if item.answer else FALSE}
            row |= {"feedback_true": item.feedback_true, "feedback_false": item.feedback_false}
        case s.Ordering():
            _parts(row, item.steps, "s")
        case s.Matching():
            _parts(row, item.left, "l")
            for i, right in enumerate(item.right, start=1):
                row[f"right_{i}"] = right.text
            if [r.id for r in item.right] != part_ids("r", len(item.right)):
                row["right_ids"] = ", ".join(r.id for r in item.right)
            row["key"] = ", ".join(f"{k}={v}" for k, v in item.answer.items())
        case s.Numeric():
            row |= {"key": item.answer, "tolerance": item.tolerance, "unit": item.unit or None}
        case s.DateItem():
            if item.answer is not None:
                row["key"] = format_date(item.answer)
            if item.compute is not None:
                row["compute_start"] = format_date(item.compute.start)
                row["compute_days"] = item.compute.days
                row["compute_rule"] = item.compute.rule
        case s.ShortText():
            row["key"] = "\n".join(item.accepted)
        case s.Scenario():
            row["key"] = item.answer
        case s.Writing():
            row |= {"trainer_points": item.trainer_points, "model_answer": item.model_answer}
    row["feedback_correct"] = getattr(item, "feedback_correct", None)
    row["feedback_wrong"] = getattr(item, "feedback_wrong", None)
    return {k: v for k, v in row.items() if v is not None and v != ""}


def rubric_rows(item: s.Writing) -> list[dict[str, object]]:
    rows = []
    for check in item.rubric:
        row: dict[str, object] = {
            "id": item.id,
            "kind": CHECK_NAMES[check.kind],
            "points": check.points,
            "label": check.label,
            "items": "\n".join(LIST_SEP.join(w) for w in check.items) or None,
            "synonyms": "\n".join(LIST_SEP.join(w) for w in check.synonyms) or None,
            "limit": check.limit,
            "minimum": check.minimum,
            "abbreviations": "\n".join(check.abbreviations) or None,
            "draft": YES if check.draft else None,
            "when": check.when,
        }
        rows.append({k: v for k, v in row.items() if v is not None})
    return rows
