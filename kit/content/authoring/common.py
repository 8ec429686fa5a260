"""What the Moodle XML and GIFT readers share: the question read from a file in the shape of
a kit item, its id, its tags, and the defaults of what such files do not carry.

A question written by someone else has no tracks, level, source or per-option feedback: the
reader gives the defaults below and says so in a note (never a refusal): both tracks, the level
"recall" ("create" for an essay), difficulty 2, feedback "Đúng." / "Chưa đúng.", an explanation
giving the right answer, and a source saying it is still to be written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from kit.content.authoring.moodle_xml import SCORING_LABEL, SOURCE_LABEL
from kit.content.schemas import ID_PATTERN, LEVELS
from kit.core.slug import slug

RIGHT, WRONG = "Đúng.", "Chưa đúng."
ALL_OR_NOTHING_NOTE = (
    "Chấm theo nguyên tắc “tất cả hoặc không”: chỉ được điểm khi chọn đủ và đúng mọi phương án"
    " đúng."
)
#: questions one file may hold
MAX_QUESTIONS = 5_000


@dataclass
class ImportProblem:
    position: str
    message_vi: str
    message_en: str
    position_en: str = ""


@dataclass
class Found:
    """Questions read from a file: (raw item, position vi, position en), refusals, notes."""

    items: list[tuple[dict[str, Any], str, str]] = field(default_factory=list)
    problems: list[Any] = field(default_factory=list)
    notes: list[Any] = field(default_factory=list)
    used_ids: set[str] = field(default_factory=set)


def item_id(wanted: str | None, name: str | None, lesson: str, found: Found) -> str:
    """The id a question keeps (its idnumber), or a slug of its name, or ``<lesson>-q<n>``;
    made unique within the file."""
    base = ""
    if wanted and re.fullmatch(ID_PATTERN, wanted.strip()) and len(wanted.strip()) <= 80:
        base = wanted.strip()
    elif name and slug(name, "") and len(slug(name, "")) >= 2:
        base = slug(name, "")[:80].strip("-")
    if not base or not re.fullmatch(ID_PATTERN, base):
        base = f"{lesson}-q{len(found.used_ids) + 1}"
    out, n = base, 2
    while out in found.used_ids:
        out, n = f"{base[:75]}-{n}", n + 1
    found.used_ids.add(out)
    return out


def from_tags(tags: list[str], essay: bool) -> tuple[dict[str, Any], list[str]]:
    """Tracks, level and difficulty from tags (``track-A``, ``level-apply``, ``difficulty-2``),
    and the names of the fields given their default."""
    tracks = sorted(
        {t.split("-", 1)[1].upper() for t in tags if re.fullmatch(r"(?i)track-[ab]", t)}
    )
    levels = [t.split("-", 1)[1] for t in tags if t.startswith("level-") and t[6:] in LEVELS]
    diffs = [t.split("-", 1)[1] for t in tags if re.fullmatch(r"difficulty-[123]", t)]
    defaulted: list[str] = []
    if not tracks:
        tracks = ["A", "B"]
        defaulted.append("tracks")
    if not levels:
        levels = ["create" if essay else "recall"]
        defaulted.append("level")
    if not diffs:
        diffs = ["2"]
        defaulted.append("difficulty")
    return {"tracks": tracks, "level": levels[0], "difficulty": int(diffs[0])}, defaulted


def split_general(text: str) -> tuple[str, str | None, str | None]:
    """(explanation, scoring note, source) from a general feedback's paragraphs."""
    explanation, note, source = [], None, None
    for paragraph in text.split("\n\n"):
        if paragraph.startswith(SOURCE_LABEL):
            source = paragraph[len(SOURCE_LABEL) :].strip() or None
        elif paragraph.startswith(SCORING_LABEL):
            note = paragraph[len(SCORING_LABEL) :].strip() or None
        else:
            explanation.append(paragraph)
    return "\n\n".join(explanation).strip(), note, source


def no_source(filename: str) -> str:
    return f"Chưa ghi nguồn — cần bổ sung tên văn bản (câu nhập từ tệp {filename})"


def scoring_note(right: int) -> str:
    return (
        f"Mỗi phương án đúng được chọn cộng 1/{right} số điểm, mỗi phương án sai bị chọn trừ"
        f" 1/{right} số điểm; điểm không dưới 0."
    )


def points(grade: str | None) -> tuple[int, bool]:
    """Points from a Moodle default mark (1 to 20, whole), and whether it had to be changed."""
    try:
        value = float(grade or 1)
    except ValueError:
        return 1, True
    whole = min(20, max(1, round(value)))
    return whole, whole != value
