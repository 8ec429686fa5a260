"""What deciding a sheet gives back: one :class:`BatchRow` per input row (its values, the
conclusion, why, on what basis) and the :class:`BatchResult` of the whole sheet. Shared by the
decision (:mod:`kit.eligibility.batch.decide`) and the workbook writer."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from kit.eligibility import engine
from kit.eligibility.batch.contract import ERROR, OUTPUT_HEADERS

#: at most this many rows between two progress reports
PROGRESS_MAX_STEP = 500

#: ``progress(done, total)``, called while a sheet is decided
Progress = Callable[[int, int], None]


@dataclass
class BatchRow:
    """One input row and its answer."""

    values: dict[str, object]
    conclusion: str
    reason: str
    basis: str
    decision: engine.Decision | None = None
    submission_date: date | None = None
    problems: list[str] = field(default_factory=list)
    #: the row number in the sheet (or the line in a CSV file), for messages
    row: int = 0

    @property
    def outcome(self) -> str | None:
        """``in_scope`` / ``out_of_scope`` / ``insufficient``; None for a data error."""
        return self.decision.outcome if self.decision else None


@dataclass
class BatchResult:
    rows: list[BatchRow]
    counts: dict[str, int]
    rule_set: str
    extra_headers: list[str] = field(default_factory=list)
    source: str = ""
    template_version: int | None = None
    #: the rows left out as the template's example row ("VÍ DỤ … xóa dòng này")
    examples: list[int] = field(default_factory=list)

    @property
    def headers(self) -> list[str]:
        return [*OUTPUT_HEADERS, *self.extra_headers]

    @property
    def errors(self) -> list[BatchRow]:
        return [r for r in self.rows if r.conclusion == ERROR]
