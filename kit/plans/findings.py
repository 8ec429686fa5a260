"""What the plan checker gives back: each :class:`Problem` (where, in words and as a path; what;
why, with its source; how serious and what it costs), each scored :class:`Criterion`, and the
:class:`Report` with the score and the list of places still to fill.

How the score is made (``Report.score``):

1. the criteria (each with its maximum; one that does not apply is left out and the others are
   scaled to 100) give the base;
2. every error-level problem costs its weight in points (a warning costs nothing beyond its
   criterion); the placeholders together cost at most ``PLACEHOLDERS_MOST`` (30);
3. a plan with any error-level problem scores at most ``ERROR_CAP`` (80), and a plan with any
   placeholder left ("[Tên tỉnh]", "…", "xxx") at most ``PLACEHOLDER_CAP`` (60).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Level = Literal["error", "warning"]
#: what a problem is about; "placeholder" and "blank" are places still to fill
Kind = Literal["placeholder", "blank", "structure", "task", "draft", "date", "form", "content"]

ERROR_CAP = 80
PLACEHOLDER_CAP = 60
#: the placeholders together cost at most this many points (a template has dozens)
PLACEHOLDERS_MOST = 30
TO_FILL: frozenset[str] = frozenset({"placeholder", "blank"})

#: the documents problems cite, by their own names
LANG_SON = (
    "Kế hoạch triển khai Quyết định số 407/QĐ-TTg của Ủy ban nhân dân tỉnh Lạng Sơn (tháng 4/2022)"
)
LANG_SON_EN = (
    "the Lạng Sơn Provincial People's Committee plan implementing Decision 407/QĐ-TTg (April 2022)"
)
CHANH_LO = "Kế hoạch năm 2024 của Ủy ban nhân dân phường Chánh Lộ (Quảng Ngãi)"
CHANH_LO_EN = "the 2024 plan of the Chánh Lộ Ward People's Committee (Quảng Ngãi)"
DECREE30 = "Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ về công tác văn thư, Phụ lục I"
DECREE30_EN = "Decree 30/2020/NĐ-CP of 5 March 2020 on clerical work, Appendix I"


@dataclass(frozen=True)
class Problem:
    #: the path into PLAN.json (the builder opens the step that fixes it); never shown as is
    where: str
    what: str
    why: str
    what_en: str = ""
    why_en: str = ""
    level: Level = "error"
    #: points an error costs (0 for a warning)
    weight: int = 0
    kind: Kind = "content"
    #: ``where`` in words, e.g. "Phần đầu văn bản — số, ký hiệu"
    place: str = ""
    place_en: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "where": self.where,
            "place": self.place,
            "place_en": self.place_en,
            "level": self.level,
            "weight": self.weight,
            "kind": self.kind,
            "what": self.what,
            "why": self.why,
            "what_en": self.what_en,
            "why_en": self.why_en,
        }


@dataclass
class Criterion:
    id: str
    title: str
    max: int
    score: float = 0.0
    applies: bool = True
    note: str = ""


@dataclass
class Report:
    score: int
    problems: list[Problem]
    breakdown: list[Criterion] = field(default_factory=list)
    #: the score of the criteria alone, before the errors' costs and the caps
    base: int = 0

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "error"]

    @property
    def placeholders(self) -> list[Problem]:
        return [p for p in self.problems if p.kind == "placeholder"]

    @property
    def to_fill(self) -> list[Problem]:
        """The places still to fill: placeholders and empty required fields."""
        return [p for p in self.problems if p.kind in TO_FILL]

    def to_json(self) -> dict[str, Any]:
        return {
            "score": self.score,
            "base": self.base,
            "errors": len(self.errors),
            "placeholders": len(self.placeholders),
            "to_fill": len(self.to_fill),
            "problems": [p.to_json() for p in self.problems],
            "breakdown": {
                c.id: {
                    "title": c.title,
                    "score": round(c.score, 1),
                    "max": c.max,
                    "applies": c.applies,
                    "note": c.note,
                }
                for c in self.breakdown
            },
        }


def final_score(base: int, problems: list[Problem]) -> int:
    """The base less every error's weight, within the caps (see the module docstring)."""
    errors = [p for p in problems if p.level == "error"]
    blanks = sum(p.weight for p in errors if p.kind == "placeholder")
    others = sum(p.weight for p in errors if p.kind != "placeholder")
    score = base - others - min(blanks, PLACEHOLDERS_MOST)
    if errors:
        score = min(score, ERROR_CAP)
    if any(p.kind == "placeholder" for p in problems):
        score = min(score, PLACEHOLDER_CAP)
    return max(0, min(100, score))


# ---------------------------------------------------------------- the checker's fixed texts

COLLECTIVE = ("ủy ban nhân dân", "ubnd", "hội đồng nhân dân", "hđnd")
SIGNATURE_FINDINGS: dict[str, tuple[str, str]] = {
    "unsigned": (
        "Khối chữ ký chưa có chức vụ hoặc họ tên người ký.",
        "The signature block has no position or no name.",
    ),
    "needs_tm": (
        "Cơ quan ban hành là tập thể (UBND, HĐND) nên dòng đầu khối chữ ký là «TM.».",
        "The issuing body is collective (People's Committee or Council): the block starts «TM.».",
    ),
    "no_tm": (
        "«TM.» chỉ dùng khi ký thay mặt tập thể; cơ quan này không phải tập thể.",
        "«TM.» is only for signing on behalf of a collective body; this body is not one.",
    ),
    "needs_kt": (
        "Cấp phó ký thay người đứng đầu thì ghi «KT.» trước chức vụ người đứng đầu.",
        "A deputy signing for the head writes «KT.» before the head's title.",
    ),
    "no_kt": (
        "«KT.» dùng khi cấp phó ký thay; chức vụ người ký không phải cấp phó.",
        "«KT.» is for a deputy signing for the head; the signer is not a deputy.",
    ),
}
HEADER_FIELDS: dict[str, tuple[str, str]] = {
    "issuing_body": ("tên cơ quan ban hành", "name of the issuing body"),
    "number": ("số, ký hiệu", "number and symbol"),
    "place": ("địa danh", "place name"),
    "title": ("trích yếu (tên kế hoạch)", "title of the plan"),
}

SIGNATURE_WHY = f"Thể thức chữ ký và quyền hạn ký: {DECREE30}."
SIGNATURE_WHY_EN = f"Signature block and signing authority: {DECREE30_EN}."
HEADER_WHY = f"Phần đầu văn bản theo thể thức của {DECREE30}."
HEADER_WHY_EN = f"The document header in the format of {DECREE30_EN}."
SHAPE_SOURCE: dict[str, tuple[str, str]] = {
    "seed-004": (LANG_SON, LANG_SON_EN),
    "seed-002": (CHANH_LO, CHANH_LO_EN),
}
#: what each error costs (points off the score); warnings cost nothing beyond their criterion
WEIGHTS: dict[str, int] = {
    "placeholder": 2,
    "section": 5,
    "no_tasks": 10,
    "feedback": 5,
    "funding": 4,
    "reporting": 3,
    "posting_missing": 4,
    "posting_short": 5,
    "posting_late": 5,
    "response": 3,
    "header": 2,
    "signature": 3,
    "period": 3,
    "outside_period": 2,
}
