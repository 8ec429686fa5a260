"""Read a file of questions (the kit's workbook, Moodle XML or GIFT, known by its content), write
the bank file, and say what an import changes.

``read_questions`` returns the good items and one :class:`ImportProblem` per refused question,
each with its position (a sheet row, a question number) in Vietnamese and English; it never
raises for a bad question, only for a file it cannot read at all (an :class:`InputError`).
Items are validated here with the bank's own schema, so what is kept is what ``kit check``
accepts; ids must be new to the other banks (:func:`collisions`).
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from functools import cache
from io import BytesIO
from typing import TYPE_CHECKING, Any

import yaml
from pydantic import TypeAdapter, ValidationError

from kit.content.authoring.columns import COLUMNS, RUBRIC_COLUMNS
from kit.content.authoring.common import ImportProblem
from kit.content.schemas import BANK_SCHEMA_VERSION, EXERCISE_TYPES, Item
from kit.core.errors import InputError

if TYPE_CHECKING:
    from kit.content.catalogue import Catalogue

FORMATS = ("xlsx", "moodle-xml", "gift")


@dataclass
class ImportResult:
    format: str
    items: list[dict[str, Any]]
    problems: list[ImportProblem]
    #: what was read with a default or an approximation (not a refusal)
    notes: list[ImportProblem] = field(default_factory=list)


@dataclass(frozen=True)
class ItemChange:
    item_id: str
    kind: str  # "added" | "changed" | "removed"
    fields: tuple[str, ...] = ()


@cache
def item_adapter() -> TypeAdapter[Item]:
    return TypeAdapter(Item)


def detect(data: bytes, filename: str) -> str:
    """The format of ``data`` by its content: a zip package is the kit's workbook, a document
    whose root is ``<quiz>`` is Moodle XML, text with GIFT's braces is GIFT."""
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(BytesIO(data)) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            names = set()
        if "xl/workbook.xml" in names:
            return "xlsx"
        raise InputError(
            f"{filename}: tệp nén này không phải bảng tính Excel (.xlsx).",
            f"{filename}: this zip file is not an Excel workbook (.xlsx).",
        )
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<"):
        from kit.content.authoring.moodle_read import looks_like_quiz

        if looks_like_quiz(data):
            return "moodle-xml"
        raise InputError(
            f"{filename}: tệp XML không phải câu hỏi Moodle (cần thẻ gốc <quiz>).",
            f"{filename}: the XML file is not Moodle questions (its root must be <quiz>).",
        )
    from kit.content.authoring.gift_read import looks_like_gift

    if looks_like_gift(data):
        return "gift"
    raise InputError(
        f"{filename}: không nhận ra định dạng. Bộ công cụ đọc tệp Excel do bộ công cụ xuất ra,"
        " tệp Moodle XML và tệp GIFT.",
        f"{filename}: unknown format. The kit reads its own Excel workbook, Moodle XML and"
        " GIFT files.",
    )


def read_questions(data: bytes, filename: str, lesson: str, cat: Catalogue) -> ImportResult:
    """The items of ``data`` for ``lesson``, and the problems of the questions left out."""
    kind = detect(data, filename)
    if kind == "xlsx":
        from kit.content.authoring.xlsx_read import read_workbook

        rows = read_workbook(data, filename)
        result = ImportResult(kind, [], [])
        for row in rows:
            if row.error is not None:
                result.problems.append(
                    ImportProblem(
                        f"{row.position_vi}, cột «{row.column}»",
                        row.error.vi,
                        row.error.en,
                        f"{row.position_en}, column «{row.column}»",
                    )
                )
            elif row.item is not None:
                if row.item.get("lesson") not in (None, lesson):
                    continue  # another lesson's row of a whole-bank workbook
                row.item["lesson"] = lesson
                _keep(result, row.item, row.position_vi, row.position_en)
    else:
        from importlib import import_module

        module = import_module(
            f"kit.content.authoring.{'moodle_read' if kind == 'moodle-xml' else 'gift_read'}"
        )
        reader = module.read_quiz if kind == "moodle-xml" else module.read_gift
        found = reader(data, filename, lesson, cat)
        result = ImportResult(kind, [], list(found.problems), list(found.notes))
        for raw, pos_vi, pos_en in found.items:
            _keep(result, raw, pos_vi, pos_en)
    _repeated(result)
    return result


def _keep(result: ImportResult, raw: dict[str, Any], pos_vi: str, pos_en: str) -> None:
    try:
        item = item_adapter().validate_python(raw)
    except ValidationError as exc:
        vi, en = explain(exc)
        result.problems.append(ImportProblem(pos_vi, vi, en, pos_en))
        return
    result.items.append(dump_item(item))


def _repeated(result: ImportResult) -> None:
    seen: set[str] = set()
    kept = []
    for item in result.items:
        if item["id"] in seen:
            result.problems.append(
                ImportProblem(
                    f"câu mã {item['id']}",
                    "mã câu lặp lại trong tệp; chỉ giữ câu đầu tiên",
                    "repeated id in the file; only the first question is kept",
                    f"question {item['id']}",
                )
            )
            continue
        seen.add(item["id"])
        kept.append(item)
    result.items = kept


_WHY = {
    "missing": ("thiếu nội dung", "missing"),
    "string_too_short": ("ô trống", "blank"),
    "string_pattern_mismatch": ("sai dạng", "not in the expected form"),
    "literal_error": ("không phải giá trị được phép", "not an allowed value"),
    "too_short": ("chưa đủ số mục", "too few parts"),
    "greater_than_equal": ("nhỏ hơn mức cho phép", "below the allowed minimum"),
    "less_than_equal": ("lớn hơn mức cho phép", "above the allowed maximum"),
    "extra_forbidden": ("có thông tin không dùng được", "holds something the kit cannot use"),
}


def _field_name(loc: tuple[Any, ...]) -> tuple[str, str]:
    keys = [str(x) for x in loc if isinstance(x, str) and x not in _TYPE_TAGS]
    for key in reversed(keys):
        for column in COLUMNS + RUBRIC_COLUMNS:
            if column.key == key:
                return column.vi, column.en
    names = {
        "options": ("Các phương án", "Options"),
        "steps": ("Các bước", "Steps"),
        "left": ("Vế trái", "Left"),
        "right": ("Vế phải", "Right"),
        "answer": ("Đáp án", "Key"),
        "accepted": ("Đáp án", "Key"),
        "rubric": ("Tiêu chí bài viết", "Rubric"),
        "text": ("Nội dung mục", "Part text"),
        "feedback": ("Phản hồi mục", "Part feedback"),
        "compute": ("Cách tính hạn", "Counting"),
        "start": ("Tính từ ngày", "Counted from"),
        "days": ("Số ngày", "Days"),
        "rule": ("Quy tắc tính hạn", "Counting rule"),
        "kind": ("Loại kiểm tra", "Check"),
    }
    for key in reversed(keys):
        if key in names:
            return names[key]
    return "Câu hỏi", "Question"


_TYPE_TAGS = frozenset(EXERCISE_TYPES)  # pydantic's tag of the union member in a location


def explain(exc: ValidationError) -> tuple[str, str]:
    """A validation error in words a trainer reads (the column, what is wrong), vi and en."""
    vi, en = [], []
    for error in exc.errors()[:5]:
        col_vi, col_en = _field_name(tuple(error["loc"]))
        if error["type"] == "value_error":
            message = str(error.get("ctx", {}).get("error", error["msg"]))
            bits = message.split(" / ", 1)
            why = (bits[0], bits[-1])
        else:
            why = _WHY.get(error["type"], ("giá trị không hợp lệ", "invalid value"))
        vi.append(f"«{col_vi}»: {why[0]}")
        en.append(f"«{col_en}»: {why[1]}")
    return "; ".join(dict.fromkeys(vi)), "; ".join(dict.fromkeys(en))


def dump_item(item: Item) -> dict[str, Any]:
    """An item as the bank file writes it: defaults left out, dates as dd/mm/yyyy."""
    raw = item.model_dump(mode="json", exclude_defaults=True, exclude_none=True)
    raw = {"id": raw.pop("id"), "type": raw.pop("type"), "level": item.level, **raw}
    answer = getattr(item, "answer", None)
    if item.type == "date" and answer is not None:
        raw["answer"] = answer.strftime("%d/%m/%Y")
    if item.type == "numeric" and float(raw["answer"]).is_integer():
        raw["answer"] = int(raw["answer"])
    return raw


def collisions(items: list[dict[str, Any]], bank_id: str, cat: Catalogue) -> list[str]:
    """Ids of ``items`` that another bank than ``bank_id`` already holds (retired ones too)."""
    taken = {
        item_id
        for item_id, path in cat.item_bank.items()
        if path.rsplit("/", 1)[-1].removesuffix(".yaml") != bank_id
    }
    taken |= set(cat.cases)
    return sorted({it["id"] for it in items} & taken)


class _Dumper(yaml.SafeDumper):
    pass


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def bank_yaml(
    bank_id: str,
    lesson: str,
    items: list[dict[str, Any]],
    *,
    title: str | None = None,
    title_en: str | None = None,
) -> str:
    """The text of the bank file ``exercises/<bank_id>.yaml`` holding ``items`` (a bank's id is
    its file name). Without titles, they name the lesson."""
    bank = {
        "schema_version": BANK_SCHEMA_VERSION,
        "bank": bank_id,
        "title": title or f"Bài tập của bài học {lesson}",
        "title_en": title_en or f"Exercises of lesson {lesson}",
        "items": items,
    }
    return yaml.dump(bank, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)


def _normal(items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    out = {}
    for raw in items:
        try:
            out[str(raw["id"])] = item_adapter().validate_python(raw).model_dump(mode="json")
        except (ValidationError, KeyError, TypeError):
            out[str(raw.get("id"))] = dict(raw)
    return out


def diff_items(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> list[ItemChange]:
    """What ``new`` changes in ``old``, item by item (in ``new``'s order, the removed last)."""
    before, after = _normal(old), _normal(new)
    changes = []
    for item_id, item in after.items():
        if item_id not in before:
            changes.append(ItemChange(item_id, "added"))
            continue
        was = before[item_id]
        fields = tuple(k for k in dict.fromkeys([*was, *item]) if was.get(k) != item.get(k))
        if fields:
            changes.append(ItemChange(item_id, "changed", fields))
    changes += [ItemChange(i, "removed") for i in before if i not in after]
    return changes
