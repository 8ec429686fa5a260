"""Who has submitted the yearly review of a period, who has not, and who was late.

The period is the review's year: the year of its start date (``period_start``). Every active
registered unit is expected; an inactive one is not (its reviews stay, uncounted). A unit has
submitted when any version of a review of that year is stored for it; it was late when its first
such version came after the reporting date (:mod:`kit.units.reporting`: 20/11, inclusive, in
Vietnam's time). A resubmission after the date does not make an on-time unit late.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from sqlalchemy import Engine, func, select

from kit.store import db
from kit.store.models import AssessmentSubmission, Unit
from kit.units.levels import unit_levels
from kit.units.reporting import ReportingRule, reporting_rule


@dataclass(frozen=True)
class ListedUnit:
    """A unit in the missing or late list."""

    code: str
    name: str
    level: str
    province: str = ""
    #: when its first version of the period was stored (UTC; None for a missing unit)
    submitted_at: datetime | None = None


@dataclass(frozen=True)
class LevelCount:
    level: str
    expected: int = 0
    submitted: int = 0
    missing: int = 0
    late: int = 0


@dataclass(frozen=True)
class UnitsStatus:
    period: int
    deadline: date
    expected: int
    submitted: int
    missing: tuple[ListedUnit, ...]
    late: tuple[ListedUnit, ...]
    by_level: tuple[LevelCount, ...] = field(default=())

    def coverage(self) -> str:
        """``28/30`` (units submitted of those expected)."""
        return f"{self.submitted}/{self.expected}"

    def to_json(self) -> dict[str, object]:
        """The JSON ``kit units status --json`` prints (keys as documented)."""
        return {
            "period": self.period,
            "deadline": self.deadline.isoformat(),
            "expected": self.expected,
            "submitted": self.submitted,
            "missing": [{"code": u.code, "name": u.name, "level": u.level} for u in self.missing],
            "late": [
                {
                    "code": u.code,
                    "name": u.name,
                    "submitted_at": u.submitted_at.isoformat() if u.submitted_at else None,
                }
                for u in self.late
            ],
        }


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def default_period(eng: Engine | None = None, today: date | None = None) -> int:
    """The latest year with a submission, else this year."""
    with db.session(eng) as sess:
        latest = sess.scalar(select(func.max(AssessmentSubmission.period_start)))
    if isinstance(latest, str):  # SQLite may give the ISO text back in an aggregate
        latest = date.fromisoformat(latest[:10])
    if isinstance(latest, date):
        return latest.year
    return (today or datetime.now(UTC).date()).year


def units_status(
    period: int | None = None, eng: Engine | None = None, rule: ReportingRule | None = None
) -> UnitsStatus:
    """The status of ``period`` (default: :func:`default_period`)."""
    rule = rule or reporting_rule()
    year = period if period is not None else default_period(eng)
    table = AssessmentSubmission
    first = (
        select(table.unit_id, func.min(table.submitted_at).label("first"))
        .where(
            table.unit_id.is_not(None),
            table.period_start >= date(year, 1, 1),
            table.period_start <= date(year, 12, 31),
        )
        .group_by(table.unit_id)
        .subquery()
    )
    query = (
        select(Unit, first.c.first)
        .outerjoin(first, first.c.unit_id == Unit.id)
        .where(Unit.active.is_(True))
        .order_by(Unit.level, Unit.province, Unit.name, Unit.code)
    )
    missing: list[ListedUnit] = []
    late: list[ListedUnit] = []
    counts: dict[str, dict[str, int]] = {}
    expected = submitted = 0
    with db.session(eng) as sess:
        rows = list(sess.execute(query))
    for unit, first_at in rows:
        expected += 1
        count = counts.setdefault(
            unit.level, {"expected": 0, "submitted": 0, "missing": 0, "late": 0}
        )
        count["expected"] += 1
        if first_at is None:
            missing.append(ListedUnit(unit.code, unit.name, unit.level, unit.province))
            count["missing"] += 1
            continue
        submitted += 1
        count["submitted"] += 1
        when = _aware(first_at)
        if rule.is_late(when, year):
            late.append(ListedUnit(unit.code, unit.name, unit.level, unit.province, when))
            count["late"] += 1
    order = {lv.id: i for i, lv in enumerate(unit_levels())}
    by_level = tuple(
        LevelCount(level, **c)
        for level, c in sorted(counts.items(), key=lambda kv: (order.get(kv[0], 99), kv[0]))
    )
    return UnitsStatus(
        year, rule.deadline(year), expected, submitted, tuple(missing), tuple(late), by_level
    )


MISSING_HEADERS = ("Mã đơn vị", "Tên đơn vị", "Cấp", "Tỉnh, thành phố")
MISSING_HEADERS_EN = ("Unit code", "Unit name", "Level", "Province or city")


def missing_xlsx(status: UnitsStatus, today: date | None = None) -> bytes:
    """The units of ``status`` that have not submitted, as a workbook: a title naming the period
    and the reporting date, bilingual headers, then one row per unit (code, name, level, province;
    the registry keeps no contact). Every cell is written as text, never as a formula."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from kit.core.xlsx import put
    from kit.units.levels import level_label

    book = Workbook()
    ws = book.active
    ws.title = "Chưa nộp"
    day = (today or date.today()).strftime("%d/%m/%Y")
    due = status.deadline.strftime("%d/%m/%Y")
    title = (
        f"Đơn vị chưa nộp báo cáo kỳ {status.period} (hạn {due}), tính đến ngày {day}: "
        f"{len(status.missing)}/{status.expected} đơn vị / Units that have not submitted for "
        f"{status.period} (due {due}), as of {day}"
    )
    put(ws, 1, 1, title).font = Font(bold=True)
    for col, (vi, en) in enumerate(zip(MISSING_HEADERS, MISSING_HEADERS_EN, strict=True), 1):
        put(ws, 3, col, f"{vi} / {en}").font = Font(bold=True)
    for row, unit in enumerate(status.missing, start=4):
        values = (unit.code, unit.name, level_label(unit.level), unit.province)
        for col, value in enumerate(values, start=1):
            put(ws, row, col, value)
    for letter, width in zip("ABCD", (16, 52, 28, 24), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A4"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
