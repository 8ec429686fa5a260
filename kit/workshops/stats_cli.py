"""``kit workshop stats RESPONSES.(csv|xlsx) [--json]``: item statistics of a test.

Reads a response table (:mod:`kit.workshops.responses`), computes the statistics
(:mod:`kit.workshops.stats`) and prints them as a bilingual table, or as JSON: the contract keys of
:meth:`~kit.workshops.stats.Report.to_json` plus ``"problems"``, the rows left out. In text mode
those rows go to stderr. Exit 0 when the statistics were computed, even with rows left out (as
``kit eligibility batch``); a file with no usable row is exit 1.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from kit.core.commands import Actions
from kit.workshops.gain import GAIN_BANDS
from kit.workshops.item_stats import ALPHA_BANDS, FLAG_LABELS
from kit.workshops.marks import Text
from kit.workshops.responses import ResponseTable, read_responses_file
from kit.workshops.stats import Report, item_statistics


def add_parser(actions: Actions, parser_class: type[argparse.ArgumentParser]) -> None:
    stats = actions.add_parser(
        "stats", help="thống kê câu hỏi từ bảng điểm / item statistics from a response table"
    )
    stats.add_argument(
        "responses",
        type=Path,
        metavar="RESPONSES",
        help="tệp .csv hoặc .xlsx: trainee, item, score, max[, phase] / a .csv or .xlsx file",
    )
    stats.add_argument("--json", action="store_true")


def run(args: argparse.Namespace) -> int:
    table = read_responses_file(args.responses)
    report = item_statistics(table.responses)
    if args.json:
        figures = {**report.to_json(), "problems": [p.to_json() for p in table.problems]}
        print(json.dumps(figures, ensure_ascii=False, indent=2, allow_nan=False))
        return 0
    print(render(report))
    _print_problems(table)
    return 0


def _print_problems(table: ResponseTable) -> None:
    if not table.problems:
        return
    rows = len({p.row for p in table.problems})
    print(f"{rows} dòng bị bỏ qua / {rows} row(s) left out:", file=sys.stderr)
    for p in table.problems:
        print(f"  dòng/row {p.row}: {p.vi}\n      {p.en}", file=sys.stderr)


def _both(text: Text) -> str:
    return text.vi if text.vi == text.en else f"{text.vi} / {text.en}"


def _number(x: float | None, suffix: str = "") -> str:
    return "—" if x is None else f"{x:g}{suffix}"


def _grid(header: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(len(cell) for cell in column) for column in zip(header, *rows, strict=True)]
    return [
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in [header, *rows]
    ]


def render(report: Report) -> str:
    """The report as a readable table, Vietnamese then English."""
    title = "Thống kê câu hỏi / item statistics"
    if report.phase == "post":
        title += " (bài sau / post-test)"
    lines = [title]
    header = ["Câu / item", "n", "Độ dễ / facility %", "Phân biệt / discrim. %", "Đánh giá / flag"]
    rows = [
        [
            i.item,
            str(i.n),
            _number(i.facility),
            _number(i.discrimination),
            _both(FLAG_LABELS[i.flag]),
        ]
        for i in report.items
    ]
    lines += _grid(header, rows)
    flagged = [i for i in report.items if i.reasons]
    if flagged:
        lines.append("")
    for i in flagged:
        for reason in i.reasons:
            lines += [f"  {i.item}: {reason.vi}", f"  {' ' * len(i.item)}  {reason.en}"]
    band = report.alpha_band
    shown = f" ({_both(ALPHA_BANDS[band])})" if band else ""
    lines += [
        "",
        f"Độ tin cậy Cronbach α / Cronbach's α: {_number(report.alpha)}{shown}"
        f" — {report.alpha_n} học viên làm đủ mọi câu / trainees with every item",
    ]
    if report.gain is not None:
        lines += ["", *_gain_lines(report)]
    if report.warnings:
        lines += ["", "Lưu ý / notes:"]
        for w in report.warnings:
            lines += [f"  - {w.vi}", f"    {w.en}"]
    return "\n".join(lines)


def _band(band: str | None) -> str:
    return "—" if band is None else _both(GAIN_BANDS[band])


def _gain_lines(report: Report) -> list[str]:
    gain = report.gain
    if gain is None:
        return []
    lines = [
        "Mức tiến bộ chuẩn hoá (Hake) / normalised gain (Hake):",
        f"  Cả lớp / class ({gain.n} học viên / trainees): trước / pre {_number(gain.pre, '%')}"
        f" → sau / post {_number(gain.post, '%')}, g = {_number(gain.value)} "
        f"({_band(gain.band)})",
        "",
    ]
    header = ["Học viên / trainee", "Trước / pre %", "Sau / post %", "g", "Mức / band"]
    rows = [
        [name, _number(t.pre), _number(t.post), _number(t.gain), _band(t.band)]
        for name, t in gain.trainees.items()
    ]
    return lines + _grid(header, rows)
