"""Turn an answer, from the command line (text) or from the page (any value), into the typed
value the grader compares. Nothing is trusted: unknown ids, wrong shapes and impossible values
raise :class:`InputError` with a message in Vietnamese and English; a value quoted back in it is
cut to :data:`kit.core.limits.QUOTE_CHARS` characters."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime

from kit.content import schemas as s
from kit.core.errors import InputError, ValueProblem
from kit.core.limits import clip
from kit.core.text import read_true_false

MAX_TEXT = 5000


def _bad(vi: str, en: str) -> InputError:
    return InputError(vi, en)


def _ids(value: object) -> list[str]:
    if isinstance(value, str):
        parts = [p.strip().lower() for p in value.split(",")]
    elif isinstance(value, Iterable):
        parts = [str(p).strip().lower() for p in value]
    else:
        raise _bad(
            "Câu trả lời không đọc được: hãy chọn trong các phương án của câu hỏi.",
            "The answer cannot be read: choose among the question's options.",
        )
    return [p for p in parts if p]


def _known(ids: list[str], allowed: Iterable[str]) -> list[str]:
    allowed_set = set(allowed)
    unknown = [i for i in ids if i not in allowed_set]
    if unknown:
        shown = clip(", ".join(unknown))
        raise _bad(
            f"Câu hỏi này không có lựa chọn «{shown}»: hãy chọn trong các phương án đã cho.",
            f"This question has no option “{shown}”: choose among the options given.",
        )
    return ids


def _text(value: object) -> str:
    text = str(value if value is not None else "")
    if len(text) > MAX_TEXT:
        raise _bad(f"Câu trả lời dài quá {MAX_TEXT} ký tự.", f"Answer longer than {MAX_TEXT}.")
    return text


def parse_date(value: object) -> date:
    if isinstance(value, date):
        return value
    text = str(value).strip()
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise _bad(
        f"Ngày không hợp lệ: '{clip(text)}'. Viết theo dạng dd/mm/yyyy, ví dụ 05/02/2024.",
        f"Invalid date '{clip(text)}'. Use dd/mm/yyyy, e.g. 05/02/2024.",
    )


def parse_scenario(value: object) -> str:
    text = re.sub(r"\s+", "", str(value).strip().lower())
    if text in ("in", "unknown"):
        return text
    match = re.fullmatch(r"out:([a-d]{1,4})", text.replace(",", ""))
    if not match:
        raise _bad(
            "Kết luận chưa rõ: hãy chọn «thuộc phạm vi», «chưa đủ thông tin», hoặc «không thuộc "
            "phạm vi» và đánh dấu (các) tiêu chí không đạt trong số a, b, c, d.",
            "The conclusion is unclear: choose “in scope”, “not enough information”, or “not in "
            "scope” and tick the failing criteria among a, b, c, d.",
        )
    letters = sorted(set(match.group(1)))
    return "out:" + "".join(letters)


def coerce(item: s.Item, value: object) -> object:
    """The typed answer for ``item`` (raises InputError on anything unusable)."""
    if value is None or (isinstance(value, str) and not value.strip() and item.type != "writing"):
        raise _bad(
            "Chưa có câu trả lời: hãy chọn hoặc nhập câu trả lời, rồi bấm «Nộp câu trả lời».",
            "No answer yet: choose or type your answer, then press “Submit answer”.",
        )
    match item:
        case s.SingleChoice():
            ids = _known(_ids(value), [o.id for o in item.options])
            if len(ids) != 1:
                raise _bad(
                    "Câu này chỉ chọn một phương án.", "Choose only one option for this question."
                )
            return ids[0]
        case s.MultipleSelect():
            return frozenset(_known(_ids(value), [o.id for o in item.options]))
        case s.TrueFalse():
            try:
                return read_true_false(value)
            except ValueProblem as exc:
                raise _bad(exc.vi, exc.en) from None
        case s.Ordering():
            ids = _known(_ids(value), [st.id for st in item.steps])
            if sorted(ids) != sorted(st.id for st in item.steps):
                raise _bad(
                    "Hãy xếp đủ mọi bước, mỗi bước ở một vị trí khác nhau.",
                    "Put every step in order, each in a different position.",
                )
            return tuple(ids)
        case s.Matching():
            return _pairs(item, value)
        case s.Numeric():
            try:
                return float(str(value).strip().replace(",", ".").rstrip("%").strip())
            except ValueError:
                shown = clip(value)
                raise _bad(
                    f"Ô trả lời cần một con số (ví dụ 15 hoặc 2,5); bạn đã nhập «{shown}».",
                    f"The answer must be a number (e.g. 15 or 2.5); you typed “{shown}”.",
                ) from None
        case s.DateItem():
            return parse_date(value)
        case s.ShortText() | s.Writing():
            return _text(value)
        case s.Scenario():
            return parse_scenario(value)
    raise _bad("Loại câu hỏi không hỗ trợ.", "Unsupported item type.")


def _pairs(item: s.Matching, value: object) -> dict[str, str]:
    if isinstance(value, dict):
        raw = {str(k).strip().lower(): str(v).strip().lower() for k, v in value.items()}
    else:
        raw = {}
        for part in _ids(value):
            left, sep, right = part.partition("=")
            if not sep:
                raise _bad(
                    f"Không đọc được cặp nối «{clip(part)}»: hãy chọn một mục cho mỗi dòng.",
                    f"The pair “{clip(part)}” cannot be read: choose one entry for each line.",
                )
            if left.strip() in raw:
                shown = clip(left)
                raise _bad(
                    f"Dòng «{shown}» được nối hai lần; mỗi dòng chỉ nối với một mục.",
                    f"The line “{shown}” is matched twice; match each line to one entry.",
                )
            raw[left.strip()] = right.strip()
    _known(list(raw), [x.id for x in item.left])
    _known(list(raw.values()), [x.id for x in item.right])
    return raw


def canonical(item: s.Item, typed: object) -> str:
    """The answer written back in the form ``kit exercise grade --answer`` takes."""
    match typed:
        case bool():
            return "true" if typed else "false"
        case frozenset():
            return ",".join(sorted(typed))
        case tuple():
            return ",".join(typed)
        case dict():
            return ",".join(f"{k}={v}" for k, v in sorted(typed.items()))
        case date():
            return typed.strftime("%d/%m/%Y")
        case float():
            return f"{typed:g}"
    return str(typed)
