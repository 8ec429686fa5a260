"""``kit eligibility facts [--json] [--rule-set ID]``: the facts a rule set reads.

For each fact: its name, kind, the values allowed, the question and help (Vietnamese and
English) and whether it is optional. ``--json`` prints ``{"rule_set", "facts": […]}``.
"""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, Any

from kit.core.commands import Actions
from kit.eligibility.commands import add_rule_set_option, chosen_rule_set

if TYPE_CHECKING:
    from kit.eligibility.rules import Fact, RuleSet


def add_parser(actions: Actions, parser_class: type[argparse.ArgumentParser]) -> None:
    facts = actions.add_parser("facts", help="các dữ kiện cần có / the facts the rules read")
    facts.add_argument("--json", action="store_true")
    add_rule_set_option(facts)


def _allowed(rule_set: RuleSet, fact: Fact) -> object:
    if fact.kind == "document_type":
        return [
            {"id": d.id, "label": d.label, "label_en": d.label_en} for d in rule_set.document_types
        ]
    if fact.kind == "choice":
        scopes = [rule_set.scope(v) for v in fact.values]
        return [{"id": s.id, "label": s.label, "label_en": s.label_en} for s in scopes if s]
    if fact.kind == "yes_no":
        return [True, False, None]
    return "dd/mm/yyyy"


def listing(rule_set: RuleSet) -> list[dict[str, Any]]:
    """Every fact of ``rule_set`` as ``--json`` prints it."""
    return [
        {
            "name": fact.id,
            "kind": fact.kind,
            "allowed": _allowed(rule_set, fact),
            "question": fact.question,
            "question_en": fact.question_en,
            "help": fact.help,
            "help_en": fact.help_en,
            "optional": fact.optional,
        }
        for fact in rule_set.facts
    ]


def run(args: argparse.Namespace) -> int:
    rule_set = chosen_rule_set(args)
    facts = listing(rule_set)
    if args.json:
        print(json.dumps({"rule_set": rule_set.id, "facts": facts}, ensure_ascii=False, indent=1))
        return 0
    print(f"Bộ quy tắc / rule set: {rule_set.id}")
    for item in facts:
        flag = "không bắt buộc / optional" if item["optional"] else "bắt buộc / required"
        print(f"\n{item['name']}  ({item['kind']}; {flag})")
        print(f"  {item['question']}\n  {item['question_en']}")
        allowed = item["allowed"]
        if isinstance(allowed, list) and allowed and isinstance(allowed[0], dict):
            shown = "; ".join(f"{a['id']} = {a['label']} ({a['label_en']})" for a in allowed)
        elif isinstance(allowed, list):
            shown = "true (Có) / false (Không) / null (chưa biết / unknown)"
        else:
            shown = str(allowed)
        print(f"  Giá trị / values: {shown}")
    return 0
