"""Items as GIFT, Moodle's plain-text question format, one ``$CATEGORY`` per lesson.

GIFT carries less than Moodle XML: no mark, no unit, no grader information, no ordering type,
no all-or-nothing multiple choice. The id and the tags travel in a comment before each question
(``// [id:l01-ex-02] [tag:track-A]``, as Moodle reads them); what cannot travel is written as
the nearest form and listed (:func:`approximations`), in the file as a comment and by the
command. Texts are written as ``[html]``, with GIFT's special characters escaped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kit.content import schemas as s
from kit.content.authoring.html_text import text_html
from kit.content.authoring.moodle_xml import (
    NEAREST,
    SCENARIO_CHOICES,
    SCORING_LABEL,
    SOURCE_LABEL,
    answer_date,
    lesson_groups,
    prompt_html,
    tags,
)

if TYPE_CHECKING:
    from kit.content.catalogue import Catalogue

_RESERVED = {"\\": "\\\\", "#": "\\#", "=": "\\=", "~": "\\~", "{": "\\{", "}": "\\}", ":": "\\:"}
GIFT_ONLY: dict[str, tuple[str, str]] = {
    "ordering": (
        "câu sắp xếp viết thành câu ghép cặp (bước → số thứ tự)",
        "ordering item written as matching (step → its position)",
    ),
    "writing": (
        "bài viết thành câu tự luận; tiêu chí chấm và bài mẫu không đi theo",
        "writing item written as essay; its rubric and model answer do not travel",
    ),
    "all_or_nothing": (
        "câu nhiều lựa chọn «tất cả hoặc không» chấm theo từng phương án",
        "all-or-nothing multiple choice graded per option",
    ),
    "unit": ("đơn vị của câu số không đi theo", "the unit of the numeric item does not travel"),
    "points": (
        "GIFT không ghi điểm của câu; Moodle cho mỗi câu 1 điểm",
        "GIFT carries no mark; Moodle gives each question 1 point",
    ),
}


def escape(text: str) -> str:
    out = "".join(_RESERVED.get(ch, ch) for ch in text)
    return out.replace("\r", "").replace("\n", "\\n")


def _html(text: str) -> str:
    return escape(text_html(text))


def _fb(text: str) -> str:
    return f"#{_html(text)}" if text else ""


def approximations(item: s.Item) -> list[tuple[str, str]]:
    """What GIFT does not carry of ``item`` (vi, en)."""
    out = []
    if item.type in NEAREST:
        out.append(NEAREST[item.type][1:])
    if item.type in GIFT_ONLY:
        out.append(GIFT_ONLY[item.type])
    if isinstance(item, s.MultipleSelect) and item.scoring == "all_or_nothing":
        out.append(GIFT_ONLY["all_or_nothing"])
    if isinstance(item, s.Numeric) and item.unit:
        out.append(GIFT_ONLY["unit"])
    if item.points != 1:
        out.append(GIFT_ONLY["points"])
    return out


def _general(item: s.Item) -> str:
    text = item.explanation
    note = getattr(item, "scoring_note", None)
    if note:
        text += f"\n\n{SCORING_LABEL} {note}"
    return f"\t####{_html(text + chr(10) * 2 + SOURCE_LABEL + ' ' + item.source)}\n"


def _weight(value: float) -> str:
    return f"{value:.5f}".rstrip("0").rstrip(".")


def _answers(item: s.Item) -> str:
    match item:
        case s.SingleChoice():
            return "".join(
                f"\t{'=' if o.correct else '~'}{_html(o.text)}{_fb(o.feedback)}\n"
                for o in item.options
            )
        case s.MultipleSelect():
            right = sum(o.correct for o in item.options)
            wrong = -100 / right
            return "".join(
                f"\t~%{_weight(100 / right if o.correct else wrong)}%"
                f"{_html(o.text)}{_fb(o.feedback)}\n"
                for o in item.options
            )
        case s.TrueFalse():
            said_right, said_wrong = (
                (item.feedback_true, item.feedback_false)
                if item.answer
                else (item.feedback_false, item.feedback_true)
            )
            head = "TRUE" if item.answer else "FALSE"
            return f"{head}#{_html(said_wrong)}#{_html(said_right)}\n"
        case s.ShortText():
            return (
                "".join(f"\t=%100%{escape(a)}{_fb(item.feedback_correct)}\n" for a in item.accepted)
                + f"\t=%0%*{_fb(item.feedback_wrong)}\n"
            )
        case s.Numeric():
            return (
                f"#\n\t=%100%{item.answer:g}:{item.tolerance:g}{_fb(item.feedback_correct)}\n"
                f"\t~{_fb(item.feedback_wrong)}\n"
            )
        case s.Matching():
            rights = {r.id: r.text for r in item.right}
            lines = [
                f"\t={_html(left.text)} -> {escape(rights[item.answer[left.id]])}\n"
                for left in item.left
            ]
            lines += [
                f"\t= -> {escape(r.text)}\n" for r in item.right if r.id not in item.answer.values()
            ]
            return "".join(lines)
        case s.Ordering():
            return "".join(
                f"\t={_html(st.text)} -> {i}\n" for i, st in enumerate(item.steps, start=1)
            )
        case s.Writing():
            return ""
        case s.DateItem():
            day = answer_date(item)
            forms = dict.fromkeys((f"{day:%d/%m/%Y}", f"{day.day}/{day.month}/{day.year}"))
            return (
                "".join(f"\t=%100%{escape(f)}{_fb(item.feedback_correct)}\n" for f in forms)
                + f"\t=%0%*{_fb(item.feedback_wrong)}\n"
            )
        case s.Scenario():
            outcome = item.answer.split(":")[0]
            lines = []
            for key, label in SCENARIO_CHOICES.items():
                if key == "out" and outcome == "out":
                    label += " (tiêu chí " + ", ".join(item.answer[4:]) + ")"
                right = key == outcome
                lines.append(
                    f"\t{'=' if right else '~'}{escape(label)}"
                    f"{_fb(item.feedback_correct if right else item.feedback_wrong)}\n"
                )
            return "".join(lines)
    raise TypeError(item)


def question(item: s.Item) -> str:
    head = f"// [id:{item.id}] " + " ".join(f"[tag:{t}]" for t in tags(item)) + "\n"
    for vi, en in approximations(item):
        head += f"// {item.id}: {vi} / {en}\n"
    prompt = escape(prompt_html(item))
    body = _answers(item)
    if item.type == "true_false":
        general = _general(item).strip()
        return f"{head}::{escape(item.id)}::[html]{prompt}{{{body.rstrip()}{general}}}\n"
    return f"{head}::{escape(item.id)}::[html]{prompt}{{\n{body}{_general(item)}}}\n"


def export_gift(cat: Catalogue, *, track: str | None = None, lesson: str | None = None) -> str:
    parts = ["// Ngân hàng câu hỏi của bộ công cụ (GIFT, UTF-8) / the kit's question bank\n"]
    for name, lesson_id, _, items in lesson_groups(cat, track, lesson):
        if not items:
            continue
        parts.append(
            f"\n// {name} [lesson:{lesson_id}]\n$CATEGORY: $course$/top/{name.replace('/', '-')}\n"
        )
        for item in items:
            parts.append("\n" + question(item))
    return "".join(parts)
