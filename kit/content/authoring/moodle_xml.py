"""Items as Moodle XML (the format Moodle's question bank imports), one category per lesson.

Each item becomes the Moodle question type that grades it the same way: single and multiple
choice (``multichoice``; an all-or-nothing multiple choice as ``multichoiceset``, the
"All-or-Nothing Multiple Choice" plugin), ``truefalse``, ``shortanswer``, ``numerical``,
``matching``, ``ordering`` (the "Ordering" question type plugin) and ``essay`` for a
writing item, its model answer and rubric in the grader information. An item Moodle has no
counterpart for is written as the nearest type and said so (:data:`NEAREST`): a date item as
short answer (the date in the forms people type it), a scope scenario as multiple choice.

What the kit keeps beyond Moodle's fields travels visibly: the id as ``<idnumber>``; tracks,
level and difficulty as tags (``track-A``, ``level-apply``, ``difficulty-2``); the English
prompt as a multilang span beside the Vietnamese one; the explanation, the scoring note and the
source as paragraphs of the general feedback ("Cách chấm: …", "Nguồn: …"). Text is HTML
escaped from the kit's text (:func:`~kit.content.authoring.html_text.text_html`), in UTF-8, NFC.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

from lxml import etree

from kit.content import schemas as s
from kit.content.authoring.html_text import text_html

if TYPE_CHECKING:
    from kit.content.catalogue import Catalogue

SOURCE_LABEL = "Nguồn:"
SCORING_LABEL = "Cách chấm:"
GRADER_MODEL = "Bài mẫu:"
GRADER_RUBRIC = "Tiêu chí chấm tự động (bộ công cụ đọc lại phần này):"
GRADER_TRAINER = "Điểm giảng viên chấm:"
#: kit type → (Moodle type, faithful?, what is approximated (vi, en))
NEAREST: dict[str, tuple[str, str, str]] = {
    "date": (
        "shortanswer",
        "câu ngày viết thành câu trả lời ngắn: Moodle so chữ, chỉ nhận các cách viết ngày"
        " đã liệt kê",
        "date item written as short answer: Moodle compares text and only takes the listed"
        " spellings of the date",
    ),
    "scenario": (
        "multichoice",
        "câu tình huống phạm vi viết thành câu một lựa chọn: không chấm riêng tiêu chí nào sai,"
        " không có nửa điểm",
        "scope scenario written as single choice: the failed criteria are not graded apart,"
        " no half marks",
    ),
}
SCENARIO_CHOICES = {
    "in": "Thuộc phạm vi Đề án",
    "unknown": "Chưa đủ thông tin để kết luận",
    "out": "Không thuộc phạm vi Đề án",
}


def _text(parent: etree._Element, tag: str, value: str, fmt: str = "html") -> etree._Element:
    node = etree.SubElement(parent, tag, format=fmt) if fmt else etree.SubElement(parent, tag)
    inner = etree.SubElement(node, "text")
    inner.text = etree.CDATA(value) if fmt == "html" and value else value
    return node


def _plain(parent: etree._Element, tag: str, value: object) -> etree._Element:
    node = etree.SubElement(parent, tag)
    node.text = str(value)
    return node


def _html(text: str) -> str:
    return text_html(text)


def _answer(
    q: etree._Element, fraction: float, text: str, feedback: str, fmt: str = "html"
) -> etree._Element:
    node = etree.SubElement(q, "answer", fraction=_fraction(fraction), format=fmt)
    inner = etree.SubElement(node, "text")
    inner.text = etree.CDATA(_html(text)) if fmt == "html" else text
    _text(node, "feedback", _html(feedback) if feedback else "")
    return node


def _fraction(value: float) -> str:
    return f"{value:.7f}".rstrip("0").rstrip(".") if value % 1 else str(int(value))


def prompt_html(item: s.Item) -> str:
    if not item.prompt_en:
        return _html(item.prompt)
    return (
        f'<span lang="vi" class="multilang">{_html(item.prompt)}</span>'
        f'<span lang="en" class="multilang">{_html(item.prompt_en)}</span>'
    )


def _general(item: s.Item) -> str:
    parts = [_html(item.explanation)]
    note = getattr(item, "scoring_note", None)
    if note:
        parts.append(_html(f"{SCORING_LABEL} {note}"))
    parts.append(_html(f"{SOURCE_LABEL} {item.source}"))
    return "".join(parts)


def tags(item: s.Item) -> list[str]:
    return [
        *(f"track-{t}" for t in item.tracks),
        f"level-{item.level}",
        f"difficulty-{item.difficulty}",
    ]


def moodle_type(item: s.Item) -> str:
    if item.type in NEAREST:
        return NEAREST[item.type][0]
    if isinstance(item, s.MultipleSelect) and item.scoring == "all_or_nothing":
        return "multichoiceset"
    return {
        "single_choice": "multichoice",
        "multiple_select": "multichoice",
        "true_false": "truefalse",
        "ordering": "ordering",
        "matching": "matching",
        "numeric": "numerical",
        "short_text": "shortanswer",
        "writing": "essay",
    }[item.type]


def _combined(q: etree._Element, right: str, partly: str, wrong: str) -> None:
    _text(q, "correctfeedback", _html(right) if right else "")
    _text(q, "partiallycorrectfeedback", _html(partly) if partly else "")
    _text(q, "incorrectfeedback", _html(wrong) if wrong else "")


def question(item: s.Item) -> etree._Element:
    """One item as a Moodle ``<question>``."""
    kind = moodle_type(item)
    q = etree.Element("question", type=kind)
    name = etree.SubElement(q, "name")
    _plain(name, "text", item.id)
    _text(q, "questiontext", prompt_html(item))
    _text(q, "generalfeedback", _general(item))
    _plain(q, "defaultgrade", item.points)
    _plain(q, "penalty", 0)
    _plain(q, "hidden", int(item.retired))
    _plain(q, "idnumber", item.id)
    _body(q, item)
    tag_list = etree.SubElement(q, "tags")
    for tag in tags(item):
        _plain(etree.SubElement(tag_list, "tag"), "text", tag)
    return q


def _choices(q: etree._Element, single: bool, shuffle: bool = True) -> None:
    _plain(q, "single", "true" if single else "false")
    _plain(q, "shuffleanswers", "true" if shuffle else "false")
    _plain(q, "answernumbering", "abc")
    _plain(q, "showstandardinstruction", 0)


def _body(q: etree._Element, item: s.Item) -> None:
    match item:
        case s.SingleChoice():
            _choices(q, True)
            _combined(q, "", "", "")
            for o in item.options:
                _answer(q, 100 if o.correct else 0, o.text, o.feedback)
        case s.MultipleSelect():
            right = sum(o.correct for o in item.options)
            _choices(q, False)
            _combined(q, "", "", "")
            per_option = item.scoring == "per_option"
            for o in item.options:
                share = 100 / right if o.correct else (-100 / right if per_option else 0)
                _answer(q, max(share, -100), o.text, o.feedback)
        case s.TrueFalse():
            _answer(
                q, 100 if item.answer else 0, "true", item.feedback_true, fmt="moodle_auto_format"
            )
            _answer(
                q, 0 if item.answer else 100, "false", item.feedback_false, fmt="moodle_auto_format"
            )
        case s.ShortText():
            _plain(q, "usecase", 0)
            for text in item.accepted:
                _answer(
                    q,
                    100,
                    text.replace("*", "\\*"),
                    item.feedback_correct,
                    fmt="moodle_auto_format",
                )
            _answer(q, 0, "*", item.feedback_wrong, fmt="moodle_auto_format")
        case s.Numeric():
            right = _answer(
                q, 100, f"{item.answer:g}", item.feedback_correct, fmt="moodle_auto_format"
            )
            _plain(right, "tolerance", f"{item.tolerance:g}")
            wrong = _answer(q, 0, "*", item.feedback_wrong, fmt="moodle_auto_format")
            _plain(wrong, "tolerance", 0)
            if item.unit:
                unit = etree.SubElement(etree.SubElement(q, "units"), "unit")
                _plain(unit, "multiplier", 1)
                _plain(unit, "unit_name", item.unit)
            _plain(q, "unitgradingtype", 0)
            _plain(q, "unitpenalty", "0.1000000")
            _plain(q, "showunits", 3)
            _plain(q, "unitsleft", 0)
        case s.Matching():
            _plain(q, "shuffleanswers", "true")
            _combined(q, item.feedback_correct, item.feedback_wrong, item.feedback_wrong)
            rights = {r.id: r.text for r in item.right}
            for left in item.left:
                sub = _text(q, "subquestion", _html(left.text))
                _plain(etree.SubElement(sub, "answer"), "text", rights[item.answer[left.id]])
            for r in item.right:
                if r.id not in item.answer.values():
                    sub = _text(q, "subquestion", "")
                    _plain(etree.SubElement(sub, "answer"), "text", r.text)
        case s.Ordering():
            for tag, value in (
                ("layouttype", "VERTICAL"),
                ("selecttype", "ALL"),
                ("selectcount", 0),
                ("gradingtype", "ALL_OR_NOTHING"),
                ("showgrading", "SHOW"),
                ("numberingstyle", "none"),
            ):
                _plain(q, tag, value)
            _combined(q, item.feedback_correct, item.feedback_wrong, item.feedback_wrong)
            for position, step in enumerate(item.steps, start=1):
                _answer(q, position, step.text, "")
        case s.Writing():
            _plain(q, "responseformat", "editor")
            _plain(q, "responserequired", 1)
            _plain(q, "responsefieldlines", 15)
            _plain(q, "attachments", 0)
            _plain(q, "attachmentsrequired", 0)
            _text(q, "graderinfo", _grader_info(item))
            _text(q, "responsetemplate", "")
        case s.DateItem():
            _plain(q, "usecase", 0)
            day = answer_date(item)
            forms = dict.fromkeys(
                (f"{day:%d/%m/%Y}", f"{day.day}/{day.month}/{day.year}", f"{day:%d-%m-%Y}")
            )
            for text in forms:
                _answer(q, 100, text, item.feedback_correct, fmt="moodle_auto_format")
            _answer(q, 0, "*", item.feedback_wrong, fmt="moodle_auto_format")
        case s.Scenario():
            _choices(q, True, shuffle=False)
            _combined(q, "", "", "")
            outcome = item.answer.split(":")[0]
            for key, label in SCENARIO_CHOICES.items():
                if key == "out" and outcome == "out":
                    label += " (tiêu chí " + ", ".join(item.answer[4:]) + ")"
                right = key == outcome
                _answer(
                    q,
                    100 if right else 0,
                    label,
                    item.feedback_correct if right else item.feedback_wrong,
                )


def answer_date(item: s.DateItem) -> date:
    """The date a date item expects: typed in, or counted by its rule."""
    if item.answer is not None:
        return item.answer
    if item.compute is None:  # the schema guarantees one of the two
        raise ValueError(item.id)
    from kit.calendar.deadlines import last_day

    return last_day(item.compute.start, item.compute.days, item.compute.rule).last_day


def _grader_info(item: s.Writing) -> str:
    import yaml

    rubric = [c.model_dump(exclude_defaults=True) for c in item.rubric]
    listing = yaml.safe_dump(rubric, allow_unicode=True, sort_keys=False, width=100)
    from html import escape

    return (
        f"<p><strong>{GRADER_MODEL}</strong></p>{_html(item.model_answer)}"
        f"<p><strong>{GRADER_RUBRIC}</strong></p><pre>{escape(listing, quote=False)}</pre>"
        f"<p>{GRADER_TRAINER} {item.trainer_points}</p>"
    )


def category(path: str, lesson_id: str, info: str) -> etree._Element:
    q = etree.Element("question", type="category")
    _text(q, "category", f"$course$/top/{path}", fmt="")
    _text(q, "info", _html(info) if info else "")
    _plain(q, "idnumber", lesson_id)
    return q


def quiz(groups: Iterable[tuple[str, str, str, list[s.Item]]]) -> bytes:
    """The Moodle XML of ``groups``: (category name, lesson id, info, items)."""
    root = etree.Element("quiz")
    for name, lesson_id, info, items in groups:
        if not items:
            continue
        root.append(etree.Comment(f" {name} "))
        root.append(category(name.replace("/", "-"), lesson_id, info))
        for item in items:
            report = NEAREST.get(item.type)
            if report:
                root.append(
                    etree.Comment(f" {item.id}: {report[1]} / {report[2]} ".replace("--", "-"))
                )
            root.append(question(item))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def lesson_groups(
    cat: Catalogue, track: str | None = None, lesson: str | None = None
) -> list[tuple[str, str, str, list[s.Item]]]:
    """The items to export, one group per lesson in course order (retired items included)."""
    from kit.content.authoring.xlsx_bank import chosen_items

    groups = []
    lessons = cat.ordered_lessons() or []
    known = {lesson_.id for lesson_ in lessons}
    items = chosen_items(cat, track, lesson, None)
    for position, lesson_ in enumerate(lessons, start=1):
        mine = [it for it in items if it.lesson == lesson_.id]
        name = f"Bài {position}. {lesson_.meta.title}"
        groups.append((name, lesson_.id, lesson_.meta.title_en, mine))
    rest = [it for it in items if it.lesson not in known]
    for lesson_id in dict.fromkeys(it.lesson for it in rest):
        groups.append((lesson_id, lesson_id, "", [it for it in rest if it.lesson == lesson_id]))
    return groups


def export_moodle(cat: Catalogue, *, track: str | None = None, lesson: str | None = None) -> bytes:
    return quiz(lesson_groups(cat, track, lesson))
