"""A deadline explained in a few lines, Vietnamese or English, dates in the Vietnamese format
(``kit deadline`` without ``--json`` prints both, Vietnamese first)."""

from __future__ import annotations

from kit.calendar.deadlines import TO_CHECK, Deadline
from kit.calendar.workdays import vn_date, weekday_name


def explain(d: Deadline, lang: str) -> str:
    """The deadline ``d`` in ``lang`` ("vi" or "en"): the nominal last day, each day skipped and
    why, the last day, how sure the calendar and the rule are, and the basis."""
    vi = lang == "vi"
    nominal = f"{weekday_name(d.nominal_end, lang)} {vn_date(d.nominal_end)}"
    counted = d.rule.start == "next_day"
    if vi:
        lines = [
            f"Thời hạn {d.days} ngày kể từ ngày {vn_date(d.start)}"
            + (" (không tính ngày này)" if counted else " (tính cả ngày này)")
            + f": ngày thứ {d.days} là {nominal}."
        ]
    else:
        lines = [
            f"A {d.days}-day period from {vn_date(d.start)}"
            + (" (that day not counted)" if counted else " (that day counted)")
            + f": day {d.days} is {nominal}."
        ]
    if d.moved_because:
        lines.append(
            "Ngày đó không phải ngày làm việc nên thời hạn kết thúc vào ngày làm việc tiếp theo:"
            if vi
            else "That is not a working day, so the period ends on the next working day:"
        )
        lines += [
            f"  - {vn_date(s.date)}: {s.reason_vi if vi else s.reason_en}" for s in d.moved_because
        ]
    last = f"{weekday_name(d.last_day, lang)} {vn_date(d.last_day)}"
    mark = f" ({TO_CHECK})" if d.to_check else ""
    lines.append(f"Hạn cuối: {last}{mark}." if vi else f"Last day: {last}{mark}.")
    if d.to_check:
        why = "; ".join(vi_en[0] if vi else vi_en[1] for vi_en in d.calendar_notes)
        lines.append(
            f"Lịch nghỉ: CẦN KIỂM TRA — {why}."
            if vi
            else f"Holiday calendar: TO BE CHECKED — {why}."
        )
    lines.append(f"Căn cứ: {d.rule.source}." if vi else f"Basis: {d.rule.source_en}.")
    if d.rule.status == "unsure":
        note = d.rule.status_note if vi else d.rule.status_note_en
        lines.append(
            f"Quy tắc tính: cần kiểm tra — {note}"
            if vi
            else f"Counting rule: to be checked — {note}"
        )
    return "\n".join(lines)
