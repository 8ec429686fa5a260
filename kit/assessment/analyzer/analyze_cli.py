"""``kit assess analyze REPORT [--json]``: judge a unit's narrative review report (.txt, .docx)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from kit.core.commands import Actions
from kit.core.errors import InputError

_MARK = {True: "✓", False: "✗"}


def add_parser(actions: Actions, parser_class: type[argparse.ArgumentParser]) -> None:
    analyze = actions.add_parser(
        "analyze",
        help="phân tích báo cáo sơ kết (.txt, .docx) / analyse a review report",
        description="Tìm các mục cần có, số liệu, văn bản dẫn chứng; chấm điểm và gợi ý bổ sung. / "
        "Finds the expected sections, figures and document references; scores and suggests.",
    )
    analyze.add_argument("report", type=Path, metavar="REPORT", help="tệp .txt hoặc .docx")
    analyze.add_argument("--json", action="store_true", help="in kết quả dạng JSON / print JSON")


def run(args: argparse.Namespace) -> int:
    from kit.assessment.analyzer.analyze import MAX_BYTES, analyze_file

    path: Path = args.report
    try:
        with path.open("rb") as handle:  # never more than the limit (a device, a pipe…)
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise InputError(
            f"Không đọc được tệp {path}: {exc.strerror or exc}",
            f"Cannot read the file {path}: {exc.strerror or exc}",
        ) from exc
    analysis = analyze_file(data, path.name)
    if args.json:
        print(json.dumps(analysis.to_json(), ensure_ascii=False, indent=1))
    else:
        print(summary(analysis.to_json(), path.name))
    return 0


def summary(result: dict[str, Any], name: str) -> str:
    """A readable summary of ``Analysis.to_json()``: Vietnamese first, then English."""
    lines = [f"Báo cáo / report: {name}"]
    if result.get("unit"):
        lines.append(f"Đơn vị / unit: {result['unit']}")
    if result.get("period"):
        lines.append(f"Kỳ báo cáo / period: {result['period']}")
    lines += [
        f"Mức đầy đủ / completeness: {result['completeness']}/100",
        f"Minh chứng / evidence: {result['evidence']}/100",
        "",
        "Các mục / sections:",
    ]
    for s in result["sections"]:
        where = ""
        if s["found"]:
            how = {
                "heading": "theo tiêu đề / by heading",
                "opening": "qua phần mở đầu / from the opening",
            }.get(s["found_by"], "trong thân bài / in the text")
            where = f"  (dòng / line {s['start_line']}, {how})"
        lines.append(f"  {_MARK[s['found']]} {s['title']} / {s['title_en']}{where}")
        if s["found"]:
            lines.append(
                f"      số liệu / figures: {len(s['figures'])}"
                f" · văn bản dẫn chiếu / references: {len(s['references'])}"
            )
            shown = s["figures"][:4] + s["references"][:4]
            for item in shown:
                lines.append(f"      · {item['text']} (dòng / line {item['line']})")
        for reason in s["flag_reasons"]:
            lines.append(f"      ! {reason['vi']}")
            lines.append(f"        {reason['en']}")
            if reason.get("line"):
                lines.append(f"        dòng / line {reason['line']}: «{reason['quote']}»")
    if result["suggestions"]:
        lines += ["", "Gợi ý bổ sung / suggestions:"]
        for tip in result["suggestions"]:
            lines += [f"  - {tip['vi']}", f"    {tip['en']}"]
    else:
        lines += ["", "Không có gợi ý: báo cáo đủ mục và có minh chứng. / No suggestions."]
    return "\n".join(lines)
