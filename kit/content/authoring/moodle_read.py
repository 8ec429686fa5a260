"""Read Moodle XML, the kit's own or Moodle's export, into kit items.

The file is parsed with no DTD, no entity and no network (a DOCTYPE is refused before
parsing), within :data:`~kit.content.authoring.xlsx_read.QUESTION_FILE`'s size and
:data:`~kit.content.authoring.common.MAX_QUESTIONS` questions. Text in HTML becomes the kit's
text (:mod:`.html_text`). With ``--lesson``, a file holding a category whose id number is the
lesson gives that category's questions only; otherwise every question is read.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from lxml import etree

from kit.content.authoring import common as c
from kit.content.authoring.html_text import html_by_lang, html_text
from kit.content.authoring.moodle_xml import (
    GRADER_MODEL,
    GRADER_RUBRIC,
    GRADER_TRAINER,
)
from kit.content.authoring.xlsx_read import QUESTION_FILE
from kit.core.errors import InputError

if TYPE_CHECKING:
    from kit.content.catalogue import Catalogue

_DOCTYPE = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
KNOWN = (
    "multichoice",
    "multichoiceset",
    "truefalse",
    "shortanswer",
    "numerical",
    "match",
    "matching",
    "ordering",
    "essay",
)


def looks_like_quiz(data: bytes) -> bool:
    head = data[:65536]
    return re.search(rb"<quiz[\s>]", head) is not None


def _parse(data: bytes, filename: str) -> etree._Element:
    QUESTION_FILE.check_size(len(data), filename)
    if _DOCTYPE.search(data):
        raise InputError(
            f"{filename}: tệp XML có khai báo DOCTYPE hoặc ENTITY; bộ công cụ không đọc loại này.",
            f"{filename}: the XML file declares a DOCTYPE or an ENTITY; the kit does not read it.",
        )
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, strip_cdata=True
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise InputError(
            f"{filename}: tệp XML bị lỗi ở dòng {exc.lineno}.",
            f"{filename}: the XML file is broken at line {exc.lineno}.",
        ) from exc
    if root.tag != "quiz":
        raise InputError(
            f"{filename}: thẻ gốc không phải <quiz>.", f"{filename}: the root is not <quiz>."
        )
    return root


def _text(node: etree._Element | None, tag: str | None = None) -> str:
    """The kit text of ``node``'s ``<text>`` (or of its child ``tag``), HTML converted."""
    if node is not None and tag is not None:
        node = node.find(tag)
    if node is None:
        return ""
    raw = node.findtext("text") or ""
    if node.get("format", "html") in ("html", "moodle_auto_format") and "<" in raw:
        return html_text(raw)
    return raw.strip() if node.get("format") != "html" else html_text(raw)


def read_quiz(data: bytes, filename: str, lesson: str, cat: Catalogue) -> c.Found:
    root = _parse(data, filename)
    found = c.Found()
    questions = root.findall("question")
    if len(questions) > c.MAX_QUESTIONS:
        raise InputError(
            f"{filename}: hơn {c.MAX_QUESTIONS} câu hỏi; hãy chia nhỏ tệp.",
            f"{filename}: more than {c.MAX_QUESTIONS} questions; split the file.",
        )
    groups: list[tuple[str, list[tuple[int, etree._Element]]]] = [("", [])]
    number = 0
    for q in questions:
        if q.get("type") == "category":
            groups.append(((q.findtext("idnumber") or "").strip(), []))
            continue
        number += 1
        groups[-1][1].append((number, q))
    mine = [g for g in groups if g[0] == lesson]
    for _, members in mine or groups:
        for number, q in members:
            _one(q, number, filename, lesson, found)
    return found


def _problem(found: c.Found, number: int, name: str, vi: str, en: str, note: bool = False) -> None:
    from kit.content.authoring.common import ImportProblem

    where_vi = f"câu {number}" + (f" «{name}»" if name else "")
    where_en = f"question {number}" + (f" «{name}»" if name else "")
    (found.notes if note else found.problems).append(ImportProblem(where_vi, vi, en, where_en))


def _one(q: etree._Element, number: int, filename: str, lesson: str, found: c.Found) -> None:
    kind = q.get("type", "")
    name = (q.findtext("name/text") or "").strip()
    if kind not in KNOWN:
        what = "mô tả" if kind == "description" else kind
        _problem(
            found,
            number,
            name,
            f"loại câu «{what}» không có trong bộ công cụ; bỏ qua",
            f"question type «{kind}» has no counterpart in the kit; left out",
        )
        return
    prompt_node = q.find("questiontext")
    raw_prompt = prompt_node.findtext("text") or "" if prompt_node is not None else ""
    langs = html_by_lang(raw_prompt) if "multilang" in raw_prompt else {}
    prompt = langs.get("vi") or _text(prompt_node)
    explanation, note, source = c.split_general(_text(q, "generalfeedback"))
    meta, defaulted = c.from_tags(
        [t.strip() for t in q.xpath("tags/tag/text/text()")], kind == "essay"
    )
    grade, changed = c.points(q.findtext("defaultgrade"))
    item: dict[str, Any] = {
        "id": c.item_id(q.findtext("idnumber"), name, lesson, found),
        **meta,
        "lesson": lesson,
        "points": grade,
        "prompt": prompt,
        **({"prompt_en": langs["en"]} if langs.get("en") else {}),
        **({"retired": True} if (q.findtext("hidden") or "0").strip() == "1" else {}),
    }
    try:
        body = _body(q, kind, item)
    except ValueError as exc:
        vi, _, en = str(exc).partition(" / ")
        _problem(found, number, name, vi, en or vi)
        return
    item.update(body)
    item["explanation"] = explanation or _default_explanation(item)
    if note and item.get("type") == "multiple_select":
        item["scoring_note"] = note
    item["source"] = source or c.no_source(filename)
    notes = (
        [d for d in defaulted] + (["points"] if changed else []) + ([] if source else ["source"])
    )
    if notes:
        _problem(
            found,
            number,
            name,
            "dùng giá trị mặc định cho: " + ", ".join(notes),
            "defaults used for: " + ", ".join(notes),
            note=True,
        )
    found.items.append(
        (
            item,
            f"câu {number}" + (f" «{name}»" if name else ""),
            f"question {number}" + (f" «{name}»" if name else ""),
        )
    )


def _fraction(a: etree._Element) -> float:
    try:
        return float(a.get("fraction", "0"))
    except ValueError:
        return 0.0


def _answers(q: etree._Element) -> list[tuple[float, str, str]]:
    return [(_fraction(a), _text(a), _text(a, "feedback")) for a in q.findall("answer")]


def _body(q: etree._Element, kind: str, item: dict[str, Any]) -> dict[str, Any]:
    answers = _answers(q)
    right_fb = _text(q, "correctfeedback")
    wrong_fb = _text(q, "incorrectfeedback")
    if kind in ("multichoice", "multichoiceset"):
        single = (q.findtext("single") or "true").strip().lower() in ("true", "1")
        from kit.content.authoring.columns import part_ids

        ids = part_ids("option", len(answers))
        options = [
            {
                "id": i,
                "text": t,
                **({"correct": True} if f > 0 else {}),
                "feedback": fb or (c.RIGHT if f > 0 else c.WRONG),
            }
            for i, (f, t, fb) in zip(ids, answers, strict=True)
        ]
        right = sum(f > 0 for f, _, _ in answers)
        if single and kind == "multichoice":
            if right != 1:
                options = [
                    o | ({"correct": True} if f >= 100 else {"correct": False})
                    for o, (f, _, _) in zip(options, answers, strict=True)
                ]
                options = [{k: v for k, v in o.items() if k != "correct" or v} for o in options]
            return {"type": "single_choice", "options": options}
        all_or_nothing = kind == "multichoiceset" or all(f >= 0 for f, _, _ in answers)
        out = {
            "type": "multiple_select",
            "options": options,
            "scoring": "all_or_nothing" if all_or_nothing else "per_option",
        }
        out["scoring_note"] = (
            c.ALL_OR_NOTHING_NOTE if all_or_nothing else c.scoring_note(max(right, 1))
        )
        return out
    if kind == "truefalse":
        by = {t.strip().lower(): (f, fb) for f, t, fb in answers}
        if "true" not in by or "false" not in by:
            raise ValueError(
                "câu Đúng/Sai thiếu đáp án true/false / true-false question without its answers"
            )
        answer = by["true"][0] > 0
        return {
            "type": "true_false",
            "answer": answer,
            "feedback_true": by["true"][1] or (c.RIGHT if answer else c.WRONG),
            "feedback_false": by["false"][1] or (c.WRONG if answer else c.RIGHT),
        }
    if kind == "shortanswer":
        accepted = [t.replace("\\*", "*") for f, t, _ in answers if f >= 100 and t != "*"]
        if any("*" in t.replace("\\*", "") for f, t, _ in answers if f >= 100 and t != "*"):
            raise ValueError(
                "đáp án có ký tự đại diện * mà bộ công cụ không chấm"
                " / an answer uses the * wildcard, which the kit does not grade"
            )
        if not accepted:
            raise ValueError("không có đáp án được điểm tối đa / no answer gets full marks")
        good = next((fb for f, t, fb in answers if f >= 100 and fb), "")
        bad = next((fb for f, t, fb in answers if f <= 0 and fb), "")
        return {
            "type": "short_text",
            "accepted": accepted,
            "feedback_correct": good or c.RIGHT,
            "feedback_wrong": bad or c.WRONG,
        }
    if kind == "numerical":
        full = [a for a in q.findall("answer") if _fraction(a) >= 100 and _text(a) != "*"]
        if not full:
            raise ValueError("không có đáp án số được điểm tối đa / no number gets full marks")
        try:
            number = float(_text(full[0]).replace(",", "."))
            tolerance = abs(float((full[0].findtext("tolerance") or "0").replace(",", ".")))
        except ValueError:
            raise ValueError("đáp án không phải số / the answer is not a number") from None
        bad = next((fb for f, t, fb in answers if f <= 0 and fb), "")
        unit = (q.findtext("units/unit/unit_name") or "").strip()
        return {
            "type": "numeric",
            "answer": number,
            "tolerance": tolerance,
            "unit": unit,
            "feedback_correct": _text(full[0], "feedback") or c.RIGHT,
            "feedback_wrong": bad or c.WRONG,
        }
    if kind in ("match", "matching"):
        pairs = [
            (_text(s), (s.findtext("answer/text") or "").strip()) for s in q.findall("subquestion")
        ]
        return _matching(pairs, right_fb, wrong_fb)
    if kind == "ordering":
        ordered = sorted(enumerate(q.findall("answer")), key=lambda p: (_fraction(p[1]), p[0]))
        steps = [{"id": f"s{i}", "text": _text(a)} for i, (_, a) in enumerate(ordered, start=1)]
        return {
            "type": "ordering",
            "steps": steps,
            "feedback_correct": right_fb or c.RIGHT,
            "feedback_wrong": wrong_fb or c.WRONG,
        }
    return _essay(q, item)


def _matching(pairs: list[tuple[str, str]], right_fb: str, wrong_fb: str) -> dict[str, Any]:
    lefts = [(left, r) for left, r in pairs if left]
    rights = list(dict.fromkeys(r for _, r in pairs if r))
    order = {r: f"r{i}" for i, r in enumerate(rights, start=1)}
    return {
        "type": "matching",
        "left": [{"id": f"l{i}", "text": t} for i, (t, _) in enumerate(lefts, start=1)],
        "right": [{"id": order[r], "text": r} for r in rights],
        "answer": {f"l{i}": order[r] for i, (_, r) in enumerate(lefts, start=1) if r},
        "feedback_correct": right_fb or c.RIGHT,
        "feedback_wrong": wrong_fb or c.WRONG,
    }


def _essay(q: etree._Element, item: dict[str, Any]) -> dict[str, Any]:
    import yaml

    info = q.find("graderinfo")
    raw = (info.findtext("text") or "") if info is not None else ""
    text = html_text(raw)
    if GRADER_RUBRIC not in text:
        raise ValueError(
            "bài viết chưa có tiêu chí chấm của bộ công cụ; hãy thêm trong tệp Excel"
            " / the essay has no rubric of the kit; add one in the Excel workbook"
        )
    head, _, rest = text.partition(GRADER_RUBRIC)
    listing, _, tail = rest.partition(GRADER_TRAINER)
    model = head.replace(GRADER_MODEL, "", 1).strip().strip("*").strip()
    pre = re.search(r"<pre>(.*?)</pre>", raw, re.S)
    from html import unescape

    try:
        rubric = yaml.safe_load(unescape(pre.group(1)) if pre else listing)
        trainer = int(tail.strip().split()[0])
    except (yaml.YAMLError, ValueError, IndexError):
        raise ValueError("không đọc được tiêu chí chấm / the rubric cannot be read") from None
    return {"type": "writing", "rubric": rubric, "trainer_points": trainer, "model_answer": model}


def _default_explanation(item: dict[str, Any]) -> str:
    kind = item.get("type")
    if kind in ("single_choice", "multiple_select"):
        right = [o["text"] for o in item["options"] if o.get("correct")]
        return "Đáp án đúng: " + "; ".join(right) + "."
    if kind == "true_false":
        return "Đáp án đúng: " + ("Đúng." if item["answer"] else "Sai.")
    if kind == "short_text":
        return "Đáp án đúng: " + item["accepted"][0] + "."
    if kind == "numeric":
        return f"Đáp án đúng: {item['answer']:g}{item.get('unit') or ''}."
    if kind == "ordering":
        return "Thứ tự đúng: " + "; ".join(s["text"] for s in item["steps"]) + "."
    if kind == "matching":
        rights = {r["id"]: r["text"] for r in item["right"]}
        return (
            "Cặp đúng: "
            + "; ".join(
                f"{p['text']} – {rights.get(item['answer'].get(p['id'], ''), '')}"
                for p in item["left"]
            )
            + "."
        )
    return "Xem bài mẫu."
