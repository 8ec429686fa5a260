"""The marks of a workshop test: one trainee's mark on one item (:class:`Response`), checked on
its own, and the trainees × items table the statistics are computed from (:class:`Marks`).

A missing response is left out, never counted as zero.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from numbers import Real

from babel.numbers import format_decimal

from kit.core.errors import InputError

PHASES = ("pre", "post")


@dataclass(frozen=True)
class Text:
    """A message in Vietnamese and English."""

    vi: str
    en: str

    def to_json(self) -> dict[str, str]:
        return {"vi": self.vi, "en": self.en}


@dataclass(frozen=True)
class Response:
    """One trainee's mark on one item; ``phase`` is ``"pre"``, ``"post"`` or ``None``."""

    trainee: str
    item: str
    score: float
    max: float
    phase: str | None = None

    def __post_init__(self) -> None:
        problem = response_problem(self)
        if problem is not None:
            raise InputError(problem.vi, problem.en)


def response_problem(r: Response) -> Text | None:
    """What is wrong with one response on its own, or ``None``."""
    who = f"{r.trainee!r}, {r.item!r}"
    if not r.trainee.strip():
        return Text("Thiếu tên học viên.", "The trainee's name is missing.")
    if not r.item.strip():
        return Text("Thiếu tên câu hỏi.", "The item's name is missing.")
    if r.phase is not None and r.phase not in PHASES:
        return Text(
            f"{who}: giai đoạn {r.phase!r} không hợp lệ; dùng 'pre' (trước) hoặc 'post' (sau).",
            f"{who}: unknown phase {r.phase!r}; use 'pre' or 'post'.",
        )
    if not (_finite(r.max) and r.max > 0):
        return Text(
            f"{who}: điểm tối đa phải là số lớn hơn 0 (đang là {_shown(r.max)}).",
            f"{who}: the max mark must be a number above 0 (it is {r.max}).",
        )
    if not (_finite(r.score) and 0 <= r.score <= r.max):
        return Text(
            f"{who}: điểm {figure(r.score)} phải từ 0 đến {figure(r.max)}.",
            f"{who}: the score {r.score:g} must be between 0 and {r.max:g}.",
        )
    return None


def figure(x: float, lang: str = "vi", places: int = 2) -> str:
    """``x`` rounded to ``places`` as people write it (babel): ``26,5``, ``-4,44``, ``1.234,5``
    in Vietnamese, ``26.5`` in English."""
    return str(format_decimal(round(x, places) + 0.0, locale="en" if lang == "en" else "vi"))


def _shown(x: object) -> str:
    """A value from a file, in Vietnamese when it is a finite number."""
    return figure(float(x)) if _finite(x) else repr(x)  # type: ignore[arg-type]


def _finite(x: object) -> bool:
    return isinstance(x, Real) and not isinstance(x, bool) and math.isfinite(x)


def rounded(x: float | None, places: int) -> float | None:
    """``x`` rounded as shown (``None`` stays ``None``, and -0.0 becomes 0.0)."""
    return None if x is None else round(x, places) + 0.0


@dataclass
class Marks:
    """The marks of one test: ``marks[trainee][item]``, items in order of first appearance."""

    items: dict[str, float] = field(default_factory=dict)  # item -> max
    marks: dict[str, dict[str, float]] = field(default_factory=dict)

    @classmethod
    def of(cls, responses: Iterable[Response]) -> Marks:
        m = cls()
        for r in responses:
            m.items.setdefault(r.item, r.max)
            m.marks.setdefault(r.trainee, {})[r.item] = r.score
        return m

    def percent(self, row: Mapping[str, float], leave_out: str | None = None) -> float | None:
        """Σ marks / Σ max × 100 over the items of ``row`` (but ``leave_out``); ``None`` if none."""
        answered = [i for i in row if i != leave_out]
        if not answered:
            return None
        return 100 * sum(row[i] for i in answered) / sum(self.items[i] for i in answered)
