"""Read GIFT (Moodle's plain-text question format) into kit items, as Moodle's own reader
does: questions separated by blank lines, ``//`` comments (which may carry ``[id:…]`` and
``[tag:…]``), ``$CATEGORY:``, ``::name::``, a ``[html]``/``[markdown]``/``[plain]`` format,
answers in braces with ``=`` right, ``~`` wrong, ``%50%`` weights, ``#`` feedback, ``####``
general feedback, and ``\\`` escaping ``~ = # { } :``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from kit.content.authoring import common as c
from kit.content.authoring.html_text import html_by_lang, html_text
from kit.content.authoring.moodle_read import _default_explanation, _matching, _problem
from kit.content.authoring.xlsx_read import QUESTION_FILE
from kit.core.errors import InputError

if TYPE_CHECKING:
    from kit.content.catalogue import Catalogue

_ESCAPES = {
    "\\\\": "\x01",
    "\\:": "\x02",
    "\\#": "\x03",
    "\\=": "\x04",
    "\\{": "\x05",
    "\\}": "\x06",
    "\\~": "\x07",
    "\\n": "\x08",
}
_BACK = {
    "\x01": "\\",
    "\x02": ":",
    "\x03": "#",
    "\x04": "=",
    "\x05": "{",
    "\x06": "}",
    "\x07": "~",
    "\x08": "\n",
}
_WEIGHT = re.compile(r"^%(-?\d{1,3}(?:\.\d+)?)%")
_META = re.compile(r"\[(id|tag):([^\]]+)\]")


def looks_like_gift(data: bytes) -> bool:
    try:
        text = data[:65536].decode("utf-8-sig", errors="strict")
    except UnicodeDecodeError:
        return False
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.strip().startswith("//")]
    return any(ln.startswith("$CATEGORY:") for ln in lines) or ("{" in text and "}" in text)


def _pre(text: str) -> str:
    for k, v in _ESCAPES.items():
        text = text.replace(k, v)
    return text


def _post(text: str) -> str:
    for k, v in _BACK.items():
        text = text.replace(k, v)
    return text


def _text(raw: str, default: str = "moodle") -> tuple[str, str]:
    """(kit text, format) of a GIFT text with its optional ``[format]`` prefix."""
    raw = raw.strip()
    fmt = default
    m = re.match(r"^\[(html|markdown|plain|moodle)\]", raw)
    if m:
        fmt, raw = m.group(1), raw[m.end() :]
    raw = _post(raw).strip()
    return (html_text(raw) if fmt == "html" or (fmt == "moodle" and "<" in raw) else raw), fmt


def _blocks(text: str) -> list[tuple[int, list[str], list[str]]]:
    """(first line, comment lines, other lines) of each blank-line-separated block."""
    out: list[tuple[int, list[str], list[str]]] = []
    comments: list[str] = []
    lines: list[str] = []
    start = 0
    for number, line in enumerate([*text.splitlines(), ""], start=1):
        if not line.strip():
            if lines:
                out.append((start, comments, lines))
            comments, lines = ([], []) if lines else (comments, [])
            continue
        if line.strip().startswith("//"):
            comments.append(line.strip()[2:])
            continue
        if not lines:
            start = number
        lines.append(line)
    return out


def read_gift(data: bytes, filename: str, lesson: str, cat: Catalogue) -> c.Found:
    QUESTION_FILE.check_size(len(data), filename)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{filename}: tệp GIFT không phải mã UTF-8.", f"{filename}: the GIFT file is not UTF-8."
        ) from exc
    found = c.Found()
    number = 0
    category = ""
    wanted: list[tuple[str, int, int, list[str], list[str]]] = []
    for line, comments, lines in _blocks(text):
        joined = "\n".join(lines).strip()
        if joined.startswith("$CATEGORY:"):
            marked = [m for cm in comments for m in re.findall(r"\[lesson:([^\]]+)\]", cm)]
            category = marked[0].strip() if marked else joined[10:].strip().split("\n")[0]
            rest = joined.split("\n", 1)
            if len(rest) == 1:
                continue
            joined = rest[1]
        number += 1
        wanted.append((category, number, line, comments, [joined]))
    if number > c.MAX_QUESTIONS:
        raise InputError(
            f"{filename}: hơn {c.MAX_QUESTIONS} câu hỏi.",
            f"{filename}: more than {c.MAX_QUESTIONS} questions.",
        )
    mine = [w for w in wanted if _category_lesson(w[0], lesson)]
    for _, n, line, comments, lines in mine or wanted:
        _one(lines[0], comments, n, line, filename, lesson, found)
    return found


def _category_lesson(category: str, lesson: str) -> bool:
    from kit.core.slug import slug

    return bool(category) and (
        category.rsplit("/", 1)[-1].strip() == lesson or lesson in slug(category)
    )


def _one(
    raw: str,
    comments: list[str],
    number: int,
    line: int,
    filename: str,
    lesson: str,
    found: c.Found,
) -> None:
    text = _pre(raw)
    name = ""
    if text.startswith("::"):
        end = text.find("::", 2)
        if end > 0:
            name, text = _post(text[2:end]).strip(), text[end + 2 :].strip()
    meta = [m for comment in comments for m in _META.findall(comment)]
    start, finish = text.find("{"), text.find("}")
    label = f"{name} (dòng {line})" if name else f"dòng {line}"
    if start < 0 or finish < start:
        vi, en = (
            ("thiếu ngoặc nhọn { } của đáp án", "the answers' braces { } are missing")
            if start < 0 and finish < 0
            else ("ngoặc nhọn { } không khớp", "unmatched braces { }")
        )
        if start < 0 and finish < 0:
            vi, en = (
                "đoạn mô tả, không phải câu hỏi; bỏ qua",
                "a description, not a question; left out",
            )
        _problem(found, number, label, vi, en)
        return
    answer = text[start + 1 : finish].strip()
    prompt_raw = text[:start] + ("" if text.endswith("}") else "_____" + text[finish + 1 :])
    general = ""
    if "####" in answer:
        answer, general = answer[: answer.rfind("####")].strip(), answer[answer.rfind("####") + 4 :]
    prompt_fmt = re.match(r"^\s*\[(html|markdown|plain|moodle)\]", prompt_raw)
    default = prompt_fmt.group(1) if prompt_fmt else "moodle"
    langs = (
        html_by_lang(_post(re.sub(r"^\s*\[\w+\]", "", prompt_raw)))
        if "multilang" in prompt_raw
        else {}
    )
    prompt = langs.get("vi") or _text(prompt_raw, default)[0]
    explanation, note, source = (
        c.split_general(_text(general, default)[0]) if general else ("", None, None)
    )
    tags = [v.strip() for k, v in meta if k == "tag"]
    ids = [v.strip() for k, v in meta if k == "id"]
    try:
        body = _body(answer, default)
    except ValueError as exc:
        vi, _, en = str(exc).partition(" / ")
        _problem(found, number, label, vi, en or vi)
        return
    fields, defaulted = c.from_tags(tags, body["type"] == "writing")
    item: dict[str, Any] = {
        "id": c.item_id(ids[0] if ids else None, name, lesson, found),
        **fields,
        "lesson": lesson,
        "points": 1,
        "prompt": prompt,
        **({"prompt_en": langs["en"]} if langs.get("en") else {}),
        **body,
    }
    if note and item["type"] == "multiple_select":
        item["scoring_note"] = note
    item["explanation"] = explanation or _default_explanation(item)
    item["source"] = source or c.no_source(filename)
    defaulted += [] if source else ["source"]
    if defaulted:
        _problem(
            found,
            number,
            label,
            "dùng giá trị mặc định cho: " + ", ".join(defaulted),
            "defaults used for: " + ", ".join(defaulted),
            note=True,
        )
    found.items.append(
        (item, f"câu {number} «{label}»", f"question {number} «{label.replace('dòng', 'line')}»")
    )


def _split_feedback(part: str, fmt: str) -> tuple[str, str]:
    bits = part.split("#", 1)
    return _text(bits[0], fmt)[0], (_text(bits[1], fmt)[0] if len(bits) > 1 else "")


def _body(answer: str, fmt: str) -> dict[str, Any]:
    if answer == "":
        raise ValueError(
            "câu tự luận chưa có tiêu chí chấm của bộ công cụ; hãy thêm trong tệp Excel"
            " / an essay has no rubric of the kit; add one in the Excel workbook"
        )
    if answer.startswith("#"):
        return _numeric(answer[1:], fmt)
    if "~" in answer:
        return _choice(answer, fmt)
    if "=" in answer and "->" in answer:
        pairs = []
        for part in answer.split("=")[1:]:
            if "->" not in part:
                raise ValueError("cặp ghép thiếu dấu -> / a pair without ->")
            left, right = part.split("->", 1)
            pairs.append((_text(left, fmt)[0], _post(right).strip()))
        if len(pairs) < 2:
            raise ValueError("cần ít nhất hai cặp / at least two pairs are needed")
        return _matching(pairs, "", "")
    head = answer.split("#", 1)[0].strip()
    if head in ("T", "TRUE", "F", "FALSE"):
        bits = [*answer.split("#", 2), "", ""][:3]
        wrong, right = _text(bits[1], fmt)[0], _text(bits[2], fmt)[0]
        value = head.startswith("T")
        return {
            "type": "true_false",
            "answer": value,
            "feedback_true": (right if value else wrong) or (c.RIGHT if value else c.WRONG),
            "feedback_false": (wrong if value else right) or (c.WRONG if value else c.RIGHT),
        }
    accepted: list[str] = []
    good = bad = ""
    for part in [p.strip() for p in answer.split("=") if p.strip()]:
        weight = 100.0
        m = _WEIGHT.match(part)
        if m:
            weight, part = float(m.group(1)), part[m.end() :]
        said, feedback = _split_feedback(part, fmt)
        if weight >= 100 and said != "*":
            accepted.append(said)
            good = good or feedback
        elif weight <= 0:
            bad = bad or feedback
    if not accepted:
        raise ValueError("không có đáp án được điểm tối đa / no answer gets full marks")
    return {
        "type": "short_text",
        "accepted": accepted,
        "feedback_correct": good or c.RIGHT,
        "feedback_wrong": bad or c.WRONG,
    }


def _choice(answer: str, fmt: str) -> dict[str, Any]:
    from kit.content.authoring.columns import part_ids

    single = "=" in answer
    parts = [p.strip() for p in answer.replace("=", "~=").split("~") if p.strip()]
    if len(parts) < 2:
        raise ValueError("cần ít nhất hai phương án / at least two options are needed")
    options, weights = [], []
    for oid, part in zip(part_ids("option", len(parts)), parts, strict=False):
        weight = 0.0
        if part.startswith("="):
            weight, part = 100.0, part[1:]
        else:
            m = _WEIGHT.match(part)
            if m:
                weight, part = float(m.group(1)), part[m.end() :]
        value, feedback = _split_feedback(part, fmt)
        weights.append(weight)
        options.append(
            {
                "id": oid,
                "text": value,
                **({"correct": True} if weight > 0 else {}),
                "feedback": feedback or (c.RIGHT if weight > 0 else c.WRONG),
            }
        )
    if len(parts) > 26:
        raise ValueError("quá nhiều phương án / too many options")
    if single:
        for o, w in zip(options, weights, strict=True):
            o.pop("correct", None)
            if w >= 100:
                o["correct"] = True
        return {"type": "single_choice", "options": options}
    right = sum(w > 0 for w in weights)
    per_option = any(w < 0 for w in weights)
    return {
        "type": "multiple_select",
        "options": options,
        "scoring": "per_option" if per_option else "all_or_nothing",
        "scoring_note": c.scoring_note(max(right, 1)) if per_option else c.ALL_OR_NOTHING_NOTE,
    }


def _numeric(answer: str, fmt: str) -> dict[str, Any]:
    wrong = ""
    if "~" in answer:
        answer, rest = answer.split("~", 1)
        wrong = _split_feedback(rest, fmt)[1]
    parts = [p.strip() for p in answer.split("=") if p.strip()]
    for part in parts:
        weight = 100.0
        m = _WEIGHT.match(part)
        if m:
            weight, part = float(m.group(1)), part[m.end() :]
        if weight < 100:
            continue
        value, feedback = _split_feedback(part, fmt)
        try:
            if ".." in value:
                low, high = (float(x) for x in value.split("..", 1))
                number, tolerance = (low + high) / 2, (high - low) / 2
            elif ":" in value:
                number, tolerance = (float(x) for x in value.split(":", 1))
            else:
                number, tolerance = float(value), 0.0
        except ValueError:
            raise ValueError("đáp án không phải số / the answer is not a number") from None
        return {
            "type": "numeric",
            "answer": number,
            "tolerance": abs(tolerance),
            "unit": "",
            "feedback_correct": feedback or c.RIGHT,
            "feedback_wrong": wrong or c.WRONG,
        }
    raise ValueError("không có đáp án số được điểm tối đa / no number gets full marks")
