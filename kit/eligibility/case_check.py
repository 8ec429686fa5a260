"""``kit check`` for the eligibility training cases: each case's expectation against the engine.

The catalogue (:mod:`kit.content.catalogue`) only reads and validates the case banks; deciding a
case needs the rule engine, which sits above the content, so the check is made here and called by
``kit check`` and by the server before it starts.
"""

from __future__ import annotations

from kit.content.cases import Case
from kit.content.catalogue import Catalogue
from kit.core.errors import KitError, Problem
from kit.eligibility import engine, rules


def disagreement(rule_set: rules.RuleSet, case: Case) -> str | None:
    """What the rule set says against the case's expectation, or None when they agree."""
    if rule_set.document_type(case.document_type) is None:
        return f"{case.id}: loại văn bản lạ / unknown type {case.document_type}"
    decision = engine.evaluate(rule_set, case.engine_facts())
    got = dict(decision.results)
    wrong = [c for c in "abcd" if getattr(case.expected, c) != got.get(c)]
    if decision.outcome == case.expected.outcome and not wrong:
        return None
    return (
        f"{case.id}: bộ quy tắc cho {decision.outcome} "
        f"({', '.join(f'{c}={got.get(c)}' for c in 'abcd')}), "
        f"tình huống ghi {case.expected.outcome} / the rule set disagrees"
    )


def case_problems(cat: Catalogue) -> list[Problem]:
    """One problem per case bank whose rule set is unknown and per case the rules contradict."""
    problems: list[Problem] = []
    loaded: dict[str, rules.RuleSet | None] = {}
    for bank in cat.case_banks:
        if bank.rule_set not in loaded:
            try:
                loaded[bank.rule_set] = rules.load_rule_set(bank.rule_set)
            except KitError as exc:  # an unknown or broken rule set
                loaded[bank.rule_set] = None
                problems.append(Problem(bank.path, bank.rule_set_line, exc.message()))
        rule_set = loaded[bank.rule_set]
        if rule_set is None:
            continue
        for case, line in bank.cases:
            what = disagreement(rule_set, case)
            if what is not None:
                problems.append(Problem(bank.path, line, what))
    return problems
