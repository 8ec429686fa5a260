"""``kit assess score IN [--json] [--allow-incomplete]``: score filled questionnaires.

``IN`` is the JSON file the app saves (format:
:func:`kit.assessment.questionnaire.saved.read_saved`), or a
filled collection template (``.xlsx``, or a ``.csv`` of it; see
:mod:`kit.assessment.collection.template`)
holding one unit per row. The answers are validated first, in Vietnamese then English: a JSON
file with problems is not scored; in a sheet, each bad row is reported (row, field) on stderr and
skipped while the good rows are still scored. Exit code 0 when everything was scored, 1 when a
problem was reported (or no unit was found), 2 for wrong usage. A questionnaire must be complete
(required answers given) unless ``--allow-incomplete``.

``--json`` prints the contract ``{"unit", "total", "level", "dimensions": [{"key", "score",
"band", "why", "raise", …}]}`` (extra keys allowed), plus ``"consensus"`` when the file holds
assessors' scores; a sheet of several units gives a JSON array of these objects, each with its
``"row"``. Otherwise a bilingual summary per unit.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from kit.core.commands import Actions
from kit.core.errors import UsageError
from kit.core.files import read_json

if TYPE_CHECKING:  # the scoring modules load only when the action runs, not with the parser
    from kit.assessment.collection.sheets import ImportedUnit
    from kit.assessment.questionnaire.consensus import Consensus
    from kit.assessment.questionnaire.saved import SavedAssessment
    from kit.assessment.questionnaire.scoring import UnitScore


def add_parser(actions: Actions, parser_class: type[argparse.ArgumentParser]) -> None:
    score = actions.add_parser(
        "score", help="chấm điểm một bảng tự đánh giá / score a filled self-assessment"
    )
    score.add_argument(
        "input",
        type=Path,
        metavar="IN",
        help="tệp .json ứng dụng lưu, hoặc mẫu thu thập .xlsx/.csv đã điền / the saved .json "
        "file, or a filled .xlsx/.csv collection template",
    )
    score.add_argument("--json", action="store_true", help="in JSON / print JSON")
    score.add_argument(
        "--allow-incomplete",
        action="store_true",
        help="chấm cả khi còn thiếu mục bắt buộc / score even with required answers missing",
    )


SHEETS = (".xlsx", ".xlsm", ".csv")


def read_input(path: Path) -> SavedAssessment:
    """A saved questionnaire from a ``.json`` file at ``path``."""
    if path.suffix.lower() != ".json":
        raise UsageError(
            f"Chưa hỗ trợ loại tệp «{path.suffix or path.name}». Dùng tệp .json do ứng dụng "
            "tự đánh giá lưu, hoặc mẫu thu thập .xlsx (hay bản .csv của mẫu) đã điền.",
            f"Unsupported file type “{path.suffix or path.name}”. Use the .json file the "
            "self-assessment app saves, or a filled .xlsx collection template (or its .csv).",
        )
    data = read_json(path)
    from kit.assessment.questionnaire.saved import read_saved

    return read_saved(data, str(path))


def run(args: argparse.Namespace) -> int:
    from kit.assessment.questionnaire.answers import check_answers

    if args.input.suffix.lower() in SHEETS:
        return run_sheet(args)
    saved = read_input(args.input)
    checked = check_answers(saved.raw, "consistent" if args.allow_incomplete else "complete")
    problems = [*saved.problems, *checked.problems]
    if problems:
        print(
            f"{args.input}: {len(problems)} câu trả lời cần sửa / answer(s) to fix:",
            file=sys.stderr,
        )
        for p in problems:
            print(f"  {p.field}: {p.vi}\n  {' ' * len(p.field)}  {p.en}", file=sys.stderr)
        return 1
    from kit.assessment.questionnaire.consensus import consensus
    from kit.assessment.questionnaire.scoring import score_answers

    scored = score_answers(checked.answers)
    agreed = consensus(scored, saved.assessments, saved.agreed) if saved.assessments else None
    if args.json:
        result = scored.to_json()
        if agreed is not None:
            result["consensus"] = agreed.to_json()
        print(json.dumps(result, ensure_ascii=False, indent=1))
        return 0
    print(_summary(scored, agreed))
    return 0


def run_sheet(args: argparse.Namespace) -> int:
    """Score every good row of a filled template; report the bad rows on stderr."""
    from kit.assessment.collection.sheets import read_units
    from kit.assessment.questionnaire.scoring import score_answers

    imported = read_units(args.input, mode="consistent" if args.allow_incomplete else "complete")
    if imported.problems:
        rows = len(imported.rejected_rows())
        print(
            f"{args.input}: {len(imported.problems)} lỗi ở {rows} dòng, các dòng này bị bỏ qua / "
            f"problem(s) in {rows} row(s), which are skipped:",
            file=sys.stderr,
        )
        for p in imported.problems:
            print(f"  {p.message('vi')}\n    {p.message('en')}", file=sys.stderr)
    if not imported.units:
        if not imported.problems:
            print(
                f"{args.input}: không có đơn vị nào (dòng 3 trở đi còn trống) / no unit found "
                "(the rows from row 3 are empty)",
                file=sys.stderr,
            )
        return 1
    scores = [(unit, score_answers(unit.answers)) for unit in imported.units]
    single = imported.rows == 1
    if args.json:
        items = [
            {**s.to_json(), "row": u.row} | ({"sheet": u.sheet} if u.sheet else {})
            for u, s in scores
        ]
        print(json.dumps(scores[0][1].to_json() if single else items, ensure_ascii=False, indent=1))
    else:
        print("\n\n".join(_summary(s, None) if single else _titled(u, s) for u, s in scores))
    return 1 if imported.problems else 0


def _titled(unit: ImportedUnit, scored: UnitScore) -> str:
    sheet = f"«{unit.sheet}» " if unit.sheet else ""
    return f"— {sheet}dòng {unit.row} / {sheet}row {unit.row} —\n{_summary(scored, None)}"


def _summary(scored: UnitScore, agreed: Consensus | None) -> str:
    from kit.assessment.questionnaire.rubric import format_number

    scorer = scored.scorer
    wording = scorer.wording
    unit = scored.answers
    lines: list[str] = []
    if "unit_name" in unit:
        level = (
            f" — {wording.show('unit_level', unit['unit_level'])}"
            f" / {wording.show('unit_level', unit['unit_level'], 'en')}"
            if "unit_level" in unit
            else ""
        )
        lines.append(f"Đơn vị / Unit: {unit['unit_name']}{level}")
    if "period_start" in unit and "period_end" in unit:
        start = wording.show("period_start", unit["period_start"])
        end = wording.show("period_end", unit["period_end"])
        lines.append(f"Kỳ báo cáo / Period: {start} – {end}")
    lv = scorer.level(scored.level)
    if scored.total is not None and lv is not None:
        lines.append(f"Tổng điểm: {format_number(scored.total, 'vi')}/100 — {lv.label}")
        lines.append(f"Total: {format_number(scored.total, 'en')}/100 — {lv.label_en}")
    lines.append(
        "(Điểm đề xuất từ các câu trả lời; người đánh giá có thể điều chỉnh, kèm lý do.)\n"
        "(Proposed from the answers; assessors may change a score, giving a reason.)"
    )
    if scorer.rubric.status == "unsure":
        lines.append(f"Cần kiểm tra: {scorer.rubric.note}\nTo check: {scorer.rubric.note_en}")
    for i, d in enumerate(scored.dimensions, 1):
        dim = d.dimension
        if d.applicable:
            band = scorer.rubric.bands[d.level]
            mark = f"{d.score}/100 — {band.label} / {band.label_en}"
        else:
            mark = "không áp dụng / not applicable"
        lines += [
            "",
            f"{i}. {dim.title} / {dim.title_en}: {mark}",
            f"   Vì sao: {d.why('vi')}",
            f"   Why: {d.why('en')}",
            f"   Để nâng mức: {d.raise_text('vi')}",
            f"   To raise it: {d.raise_text('en')}",
        ]
    if agreed is not None:
        lines += ["", f"Thống nhất điểm / Consensus — {', '.join(agreed.assessors)}"]
        for c in agreed.dimensions:
            each = ", ".join(f"{s.assessor} {s.score}" for s in c.scores)
            how = "họp thống nhất / meeting" if c.agreed_by == "meeting" else "trung vị / median"
            flag = " — cần thảo luận / discuss" if c.discuss else ""
            lines.append(
                f"  {c.key}: đề xuất / proposed {c.proposed}; {each}; "
                f"khoảng / range {c.min}–{c.max} → {c.agreed} ({how}){flag}"
            )
            lines += [f"      - {r}" for r in c.reasons()]
        if agreed.total is not None:
            lines.append(
                f"  Tổng điểm thống nhất / agreed total: {format_number(agreed.total, 'vi')}"
                f" / {format_number(agreed.total, 'en')}"
            )
    return "\n".join(lines)
