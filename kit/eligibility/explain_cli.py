"""``kit eligibility explain FACTS.json [--json] [--rule-set ID]``: decide one draft and explain.

``FACTS.json`` (``-`` reads stdin) is an object ``{fact name: value}``, values written as a person
writes them (:func:`kit.eligibility.values.read_facts`). An unreadable value is exit 1, naming the
fact. ``--json`` prints :meth:`kit.eligibility.engine.Decision.to_json`; otherwise the outcome and
the trace, Vietnamese then English.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from kit.core.commands import Actions
from kit.core.errors import InputError
from kit.eligibility.commands import add_rule_set_option, chosen_rule_set

if TYPE_CHECKING:
    from kit.eligibility.engine import Decision
    from kit.eligibility.rules import RuleSet

_MARK = {"pass": "✓", "fail": "✗", "unknown": "?"}


def add_parser(actions: Actions, parser_class: type[argparse.ArgumentParser]) -> None:
    explain = actions.add_parser("explain", help="quyết định và giải thích / decide and explain")
    explain.add_argument("facts_file", type=Path, metavar="FACTS.json", help="'-' = stdin")
    explain.add_argument("--json", action="store_true")
    add_rule_set_option(explain)


def run(args: argparse.Namespace) -> int:
    rule_set = chosen_rule_set(args)
    from kit.core.files import read_json
    from kit.eligibility import engine, values

    path: Path = args.facts_file
    raw = read_json(path)
    if not isinstance(raw, dict):
        raise InputError(
            f"{path}: cần một đối tượng JSON {{tên dữ kiện: giá trị}}.",
            f"{path}: expected a JSON object {{fact name: value}}.",
        )
    facts, problems = values.read_facts(rule_set, raw)
    if problems:
        print(
            f"{path}: {len(problems)} giá trị không đọc được / unreadable value(s):",
            file=sys.stderr,
        )
        for problem in problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    decision = engine.evaluate(rule_set, facts)
    if args.json:
        print(json.dumps(decision.to_json(), ensure_ascii=False, indent=1))
        return 0
    print(decision_text(rule_set, decision))
    return 0


def _shown_value(rule_set: RuleSet, value: object) -> str:
    if value is None:
        return "(trống / blank)"
    if isinstance(value, bool):
        return "Có / yes" if value else "Không / no"
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    named = isinstance(value, str) and (rule_set.document_type(value) or rule_set.scope(value))
    return named.label if named else str(value)


def decision_text(rule_set: RuleSet, decision: Decision) -> str:
    """The outcome, the law in force, each step of the trace with its source, what is still
    needed and the next steps: Vietnamese, then English."""
    outcome = rule_set.outcomes[decision.outcome]
    period = next((p for p in rule_set.law_periods if p.id == decision.law_period), None)
    lines = [
        f"Kết luận: {outcome.label}",
        f"Outcome: {outcome.label_en}",
        decision.explanation,
        decision.explanation_en,
        f"Bộ quy tắc / rule set: {rule_set.id} — {rule_set.title}",
        "Luật áp dụng / law in force: "
        + (f"{period.title} / {period.title_en}" if period else "chưa xác định / not determined"),
        "",
        "Các bước / trace:",
    ]
    for step in decision.trace:
        table = " (tra bảng / from the table)" if step.from_table else ""
        lines.append(
            f"  {_MARK[step.result]} ({step.criterion}) {step.title} | "
            f"giá trị / value: {_shown_value(rule_set, step.value)}{table} | "
            f"nguồn / source: {step.source}"
        )
        if step.note:
            check = "cần kiểm tra / to check: " if step.check_needed else ""
            lines.append(f"      {check}{step.note}")
    if decision.missing:
        lines += ["", "Còn thiếu / still needed:"]
        for fact_id in decision.missing:
            fact = rule_set.fact(fact_id)
            lines.append(f"  - {fact_id}: {fact.question} / {fact.question_en}")
    if decision.next_steps:
        lines += ["", "Bước tiếp theo / next steps:"]
        lines += [f"  - {step}" for step in decision.next_steps]
    return "\n".join(lines)
