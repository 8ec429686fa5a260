"""Read a row of the question workbook back into a raw item (see :mod:`.columns` for the
columns and the spellings each closed field accepts). A cell that cannot be read raises
:class:`~.columns.CellError` naming its column."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime
from typing import Any

from kit.content.authoring.columns import (
    CHECK_NAMES,
    FALSE,
    LEVEL_NAMES,
    LIST_SEP,
    MAX_PARTS,
    SCORING_NAMES,
    TRUE,
    TYPE_NAMES,
    YES,
    CellError,
    format_date,
    part_ids,
)
from kit.core.text import fold


def _folded(names: dict[str, str]) -> dict[str, str]:
    return {fold(v): k for k, v in names.items()} | {fold(k): k for k in names}


_TYPES, _LEVELS = _folded(TYPE_NAMES), _folded(LEVEL_NAMES)
_SCORING, _CHECKS = _folded(SCORING_NAMES), _folded(CHECK_NAMES)


def text(row: dict[str, object], key: str) -> str | None:
    """The text of a cell (NFC, surrounding spaces dropped), ``None`` when blank."""
    value = row.get(key)
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime | date):
        value = format_date(value)
    out = unicodedata.normalize("NFC", str(value)).replace("\r\n", "\n").strip()
    return out or None


def _closed(row: dict[str, object], key: str, names: dict[str, str]) -> str | None:
    value = text(row, key)
    if value is None:
        return None
    found = names.get(fold(value))
    if found is None:
        raise CellError(
            key,
            f"giá trị «{value}» không có trong danh sách",
            f"«{value}» is not one of the listed values",
        )
    return found


def integer(row: dict[str, object], key: str) -> int | None:
    value = row.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = float(str(value).strip().replace(",", ".")) if isinstance(value, str) else value
        if isinstance(number, int | float) and float(number).is_integer():
            return int(number)
    except ValueError:
        pass
    raise CellError(key, f"«{value}» không phải số nguyên", f"«{value}» is not a whole number")


def decimal(row: dict[str, object], key: str) -> float | None:
    value = row.get(key)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    raw = text(row, key)
    if raw is None:
        return None
    try:
        return float(raw.replace(" ", "").replace(",", "."))
    except ValueError:
        raise CellError(key, f"«{raw}» không phải số", f"«{raw}» is not a number") from None


def _yes(row: dict[str, object], key: str) -> bool:
    value = text(row, key)
    return value is not None and fold(value) in {fold(YES), "co", "yes", "true", "x", "1"}


def _lines(value: str | None) -> list[str]:
    return [ln.strip() for ln in (value or "").split("\n") if ln.strip()]


def _split(value: str) -> list[str]:
    return [w.strip() for w in value.split(LIST_SEP.strip()) if w.strip()]


def _ids(row: dict[str, object], key: str, kind: str, count: int) -> list[str]:
    given = text(row, key)
    if given is None:
        return part_ids(kind, count)
    ids = [i.strip() for i in given.replace(";", ",").split(",") if i.strip()]
    if len(ids) != count:
        raise CellError(
            key, f"cần {count} mã, có {len(ids)}", f"{count} ids needed, {len(ids)} given"
        )
    return ids


def _part_texts(row: dict[str, object], prefix: str) -> list[str]:
    texts = [text(row, f"{prefix}_{i}") for i in range(1, MAX_PARTS + 1)]
    while texts and texts[-1] is None:
        texts.pop()
    if None in texts:
        gap = texts.index(None) + 1
        raise CellError(f"{prefix}_{gap}", "ô trống giữa các mục", "a blank cell between parts")
    return [t for t in texts if t is not None]


def _key(row: dict[str, object]) -> str:
    value = text(row, "key")
    if value is None:
        raise CellError("key", "thiếu đáp án", "the key is missing")
    return value


def _choices(row: dict[str, object], item: dict[str, Any]) -> None:
    texts = _part_texts(row, "part")
    ids = _ids(row, "part_ids", "option", len(texts))
    right = {k.strip().lower() for k in _key(row).replace(";", ",").split(",") if k.strip()}
    unknown = sorted(right - set(ids))
    if unknown:
        raise CellError(
            "key",
            f"đáp án nêu phương án không có: {', '.join(unknown)}",
            f"the key names options that do not exist: {', '.join(unknown)}",
        )
    item["options"] = [
        {
            "id": i,
            "text": t,
            **({"correct": True} if i in right else {}),
            "feedback": text(row, f"feedback_{n}"),
        }
        for n, (i, t) in enumerate(zip(ids, texts, strict=True), start=1)
    ]


def _matching(row: dict[str, object], item: dict[str, Any]) -> None:
    left, right = _part_texts(row, "part"), _part_texts(row, "right")
    item["left"] = [
        {"id": i, "text": t}
        for i, t in zip(_ids(row, "part_ids", "l", len(left)), left, strict=True)
    ]
    item["right"] = [
        {"id": i, "text": t}
        for i, t in zip(_ids(row, "right_ids", "r", len(right)), right, strict=True)
    ]
    pairs: dict[str, str] = {}
    for pair in _key(row).replace(";", ",").replace("\n", ",").split(","):
        if not pair.strip():
            continue
        bits = pair.replace("→", "=").replace("->", "=").split("=")
        if len(bits) != 2:
            raise CellError("key", f"cặp «{pair.strip()}» cần dạng l1=r2", f"«{pair}»: use l1=r2")
        pairs[bits[0].strip()] = bits[1].strip()
    item["answer"] = pairs


def _date_of(row: dict[str, object], key: str) -> str | None:
    value = row.get(key)
    if isinstance(value, datetime | date):
        return format_date(value)
    raw = text(row, key)
    if raw is None:
        return None
    try:
        return format_date(datetime.strptime(raw, "%d/%m/%Y"))
    except ValueError:
        raise CellError(
            key, f"«{raw}» không phải ngày dd/mm/yyyy", f"«{raw}» is not a date"
        ) from None


def row_item(row: dict[str, object], rubric: list[dict[str, object]]) -> dict[str, Any]:
    """The raw item (to validate) of one row and, for a writing item, its rubric rows."""
    kind = _closed(row, "type", _TYPES)
    if kind is None:
        raise CellError("type", "thiếu loại câu", "the type is missing")
    tracks = [t.strip().upper() for t in (text(row, "tracks") or "").replace(";", ",").split(",")]
    item: dict[str, Any] = {
        "id": text(row, "id"),
        "type": kind,
        "level": _closed(row, "level", _LEVELS),
        "tracks": [t for t in tracks if t],
        "lesson": text(row, "lesson"),
        "difficulty": integer(row, "difficulty"),
        "points": integer(row, "points"),
        "prompt": text(row, "prompt"),
    }
    if text(row, "prompt_en"):
        item["prompt_en"] = text(row, "prompt_en")
    if _yes(row, "retired"):
        item["retired"] = True
    if kind in ("single_choice", "multiple_select"):
        _choices(row, item)
        if kind == "multiple_select":
            item["scoring"] = _closed(row, "scoring", _SCORING)
            item["scoring_note"] = text(row, "scoring_note")
    elif kind == "true_false":
        item["answer"] = fold(_key(row)) in {fold(TRUE), "true", "t", "d", "dung"}
        if fold(_key(row)) not in {fold(TRUE), "true", "t", "d", fold(FALSE), "false", "f", "s"}:
            raise CellError("key", "đáp án phải là Đúng hoặc Sai", "the key must be True or False")
        item["feedback_true"] = text(row, "feedback_true")
        item["feedback_false"] = text(row, "feedback_false")
    elif kind == "ordering":
        steps = _part_texts(row, "part")
        ids = _ids(row, "part_ids", "s", len(steps))
        item["steps"] = [{"id": i, "text": t} for i, t in zip(ids, steps, strict=True)]
    elif kind == "matching":
        _matching(row, item)
    elif kind == "numeric":
        item["answer"] = decimal(row, "key")
        item["tolerance"] = decimal(row, "tolerance") or 0.0
        item["unit"] = text(row, "unit") or ""
    elif kind == "date":
        answer = _date_of(row, "key")
        if answer is not None:
            item["answer"] = answer
        start = _date_of(row, "compute_start")
        if start is not None or text(row, "compute_rule") or text(row, "compute_days"):
            iso = datetime.strptime(start, "%d/%m/%Y").date().isoformat() if start else None
            item["compute"] = {
                "start": iso,
                "days": integer(row, "compute_days"),
                "rule": text(row, "compute_rule"),
            }
    elif kind == "short_text":
        item["accepted"] = _lines(text(row, "key"))
    elif kind == "scenario":
        item["answer"] = _key(row).lower().replace(" ", "")
    elif kind == "writing":
        item["trainer_points"] = integer(row, "trainer_points")
        item["model_answer"] = text(row, "model_answer")
        item["rubric"] = [rubric_check(r) for r in rubric]
    if kind not in ("single_choice", "multiple_select", "true_false", "writing"):
        item["feedback_correct"] = text(row, "feedback_correct")
        item["feedback_wrong"] = text(row, "feedback_wrong")
    item["explanation"] = text(row, "explanation")
    item["source"] = text(row, "source")
    return item


def rubric_check(row: dict[str, object]) -> dict[str, Any]:
    check: dict[str, Any] = {
        "kind": _closed(row, "kind", _CHECKS),
        "points": integer(row, "points"),
        "label": text(row, "label"),
    }
    ideas = [_split(line) for line in _lines(text(row, "items"))]
    synonyms = [_split(line) for line in _lines(text(row, "synonyms"))]
    optional = {
        "items": ideas,
        "synonyms": synonyms,
        "limit": integer(row, "limit"),
        "minimum": integer(row, "minimum"),
        "abbreviations": _lines(text(row, "abbreviations")),
        "draft": _yes(row, "draft") or None,
        "when": text(row, "when"),
    }
    check.update({k: v for k, v in optional.items() if v})
    return check
