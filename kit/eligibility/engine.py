"""``evaluate(rule_set, facts) -> Decision``: the outcome, a trace of every criterion (the fact it
read, its value, the result and the source), the facts still missing (never guessed) and the
next steps for an in-scope draft.

Results are three-valued (pass / fail / unknown). Exclusions are checked first; the criteria then
combine as the rule set says (all / any / not, Kleene logic): a failed criterion decides "not in
scope" even when others are unknown; otherwise an unknown one means "not enough information".
Facts are those returned by :func:`kit.eligibility.values.read_facts` (None = not given).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, Literal

from kit.eligibility import rules as r

Result = Literal["pass", "fail", "unknown"]
OutcomeId = Literal["in_scope", "out_of_scope", "insufficient"]


@dataclass(frozen=True)
class Step:
    """One line of the trace."""

    criterion: str
    title: str
    title_en: str
    fact: str
    value: Any
    result: Result
    source: str
    note: str = ""
    check_needed: bool = False
    from_table: bool = False

    def to_json(self) -> dict[str, Any]:
        value = self.value.strftime("%d/%m/%Y") if isinstance(self.value, date) else self.value
        return {
            "criterion": self.criterion,
            "fact": self.fact,
            "value": value,
            "result": self.result,
            "source": self.source,
            "title": self.title,
            "note": self.note,
            "check_needed": self.check_needed,
            "from_table": self.from_table,
        }


@dataclass(frozen=True)
class Decision:
    rule_set: str
    outcome: OutcomeId
    trace: tuple[Step, ...]
    missing: tuple[str, ...]
    failed: tuple[str, ...]
    next_steps: tuple[str, ...]
    law_period: str | None
    checks_needed: tuple[str, ...] = field(default=())
    #: each criterion's result with its exclusions folded in (an excluded draft fails ``a``)
    results: tuple[tuple[str, Result], ...] = field(default=())
    explanation: str = ""
    explanation_en: str = ""

    def explain(self, lang: str = "vi") -> str:
        return self.explanation_en if lang == "en" else self.explanation

    def to_json(self) -> dict[str, Any]:
        return {
            "rule_set": self.rule_set,
            "outcome": self.outcome,
            "trace": [s.to_json() for s in self.trace],
            "missing": list(self.missing),
            "next_steps": list(self.next_steps),
            "failed": list(self.failed),
            "law_period": self.law_period,
            "checks_needed": list(self.checks_needed),
            "criteria": dict(self.results),
            "explanation": self.explanation,
        }


# ---------------------------------------------------------------------- criteria


@dataclass
class _Context:
    rules: r.RuleSet
    facts: Mapping[str, Any]
    level: r.Level | None
    period: r.LawPeriod | None
    missing: list[str] = field(default_factory=list)
    checks: list[str] = field(default_factory=list)

    def need(self, fact_id: str) -> None:
        if fact_id not in self.missing:
            self.missing.append(fact_id)


def _blank(crit: r.Criterion) -> Step:
    return Step(
        criterion=crit.id,
        title=crit.title,
        title_en=crit.title_en,
        fact=crit.fact,
        value=None,
        result="unknown",
        source=crit.source,
    )


def _table_entry(ctx: _Context) -> tuple[r.TableEntry | None, r.LawPeriod | None]:
    """The policy-proposal entry for the draft's type under the law in force on its date.

    The law in force is known only from a consultation date inside a law period of the data;
    without one the table is not read (never guessed, even when every period says the same: a
    draft whose applicable law cannot be determined is "not enough information", never "not in
    scope" on a guess)."""
    doc = ctx.facts.get("document_type")
    if doc is None:
        ctx.need("document_type")
        return None, None
    if ctx.period is not None:
        return ctx.period.policy_proposal.get(doc), ctx.period
    ctx.need("consultation_date")
    day = ctx.facts.get("consultation_date")
    if isinstance(day, date):
        first = ctx.rules.law_periods[0].effective_from
        ctx.checks.append(
            f"a: Ngày lấy ý kiến {day:%d/%m/%Y} không thuộc thời gian có hiệu lực của luật nào "
            f"trong dữ liệu (sớm nhất từ {first:%d/%m/%Y}); chưa xác định được luật áp dụng."
        )
    return None, None


def _is_true(ctx: _Context, crit: r.Criterion, test: r.IsTrue) -> Step:
    value = ctx.facts.get(crit.fact)
    if value is not None:
        return _answered(ctx, crit, test, bool(value))
    if test.default_from is None:
        ctx.need(crit.fact)
        return _blank(crit)
    return _from_table(ctx, crit)


def _answered(ctx: _Context, crit: r.Criterion, test: r.IsTrue, value: bool) -> Step:
    """The user's answer decides; one that contradicts the table is flagged for checking."""
    step = replace(_blank(crit), value=value, result="pass" if value else "fail")
    doc = ctx.facts.get("document_type")
    if test.default_from is None or doc is None or ctx.period is None:
        return step
    entry = ctx.period.policy_proposal.get(doc)
    if entry is None or entry.value == "depends" or (entry.value == "yes") == value:
        return step
    note = (
        "Câu trả lời khác với bảng dữ liệu cho loại văn bản này "
        f"({_yes_no(entry.value)}; {entry.source}); kết luận theo câu trả lời."
    )
    return replace(step, note=note, check_needed=True)


def _from_table(ctx: _Context, crit: r.Criterion) -> Step:
    """No answer: the table of the law in force decides, unless it says "depends"."""
    entry, period = _table_entry(ctx)
    if entry is None:
        return _blank(crit)
    note = entry.note
    check = entry.status == "unsure"
    if period is not None and period.note:
        note, check = f"{note} {period.note}".strip(), True
    step = replace(
        _blank(crit),
        source=f"{crit.source}; {entry.source}",
        note=note,
        check_needed=check,
        from_table=True,
    )
    if entry.value == "depends":
        ctx.need(crit.fact)
        return step
    return replace(
        step, value=entry.value == "yes", result="pass" if entry.value == "yes" else "fail"
    )


def _yes_no(value: str) -> str:
    return {"yes": "phải lập đề nghị xây dựng", "no": "không phải lập đề nghị xây dựng"}[value]


def _one_of_by_level(ctx: _Context, crit: r.Criterion, test: r.OneOfByLevel) -> Step:
    value = ctx.facts.get(crit.fact)
    base = replace(_blank(crit), value=value)
    if value is None:
        ctx.need(crit.fact)
        return replace(base, result="unknown")
    if ctx.level is not None:
        return replace(base, result="pass" if value in test.values.get(ctx.level, []) else "fail")
    accepted = [set(v) for v in test.values.values()]
    if not any(value in v for v in accepted):
        return replace(base, result="fail")  # no level accepts it
    if all(value in v for v in accepted):
        return replace(base, result="pass")
    ctx.need("document_type")
    return replace(base, result="unknown")


def _criterion(ctx: _Context, crit: r.Criterion) -> Step:
    if isinstance(crit.test, r.IsTrue):
        return _is_true(ctx, crit, crit.test)
    return _one_of_by_level(ctx, crit, crit.test)


def _exclusion(ctx: _Context, exc: r.Exclusion) -> Step:
    value = ctx.facts.get(exc.fact)
    if value is None:
        ctx.need(exc.fact)
        result: Result = "unknown"
    else:
        result = "fail" if value == exc.when else "pass"
    return Step(
        criterion=exc.id,
        title=exc.text,
        title_en=exc.text_en,
        fact=exc.fact,
        value=value,
        result=result,
        source=exc.source,
    )


def _combine(node: r.Combine, results: Mapping[str, Result]) -> Result:
    match node:
        case str():
            return results[node]
        case r.All():
            parts = [_combine(c, results) for c in node.all]
            return "fail" if "fail" in parts else "unknown" if "unknown" in parts else "pass"
        case r.Any_():
            parts = [_combine(c, results) for c in node.any]
            return "pass" if "pass" in parts else "unknown" if "unknown" in parts else "fail"
        case r.Not():
            inner = _combine(node.not_, results)
            return {"pass": "fail", "fail": "pass", "unknown": "unknown"}[inner]  # type: ignore[return-value]
    raise TypeError(node)


# ---------------------------------------------------------------------- decision


def evaluate(rules: r.RuleSet, facts: Mapping[str, Any]) -> Decision:
    """Decide whether a draft is in scope, and why (see module docstring)."""
    doc = rules.document_type(facts["document_type"]) if facts.get("document_type") else None
    day = facts.get("consultation_date")
    ctx = _Context(
        rules=rules,
        facts=facts,
        level=doc.level if doc else None,
        period=rules.period_on(day) if isinstance(day, date) else None,
    )
    excl = [_exclusion(ctx, e) for e in rules.exclusions]
    steps = [_criterion(ctx, c) for c in rules.criteria]
    results: dict[str, Result] = {s.criterion: s.result for s in steps}
    for e, step in zip(rules.exclusions, excl, strict=True):
        if step.result == "fail":
            results[e.criterion] = "fail"
        elif step.result == "unknown" and results[e.criterion] == "pass":
            results[e.criterion] = "unknown"
    combined = _combine(rules.combine, results)
    outcome: OutcomeId = {"pass": "in_scope", "fail": "out_of_scope"}.get(  # type: ignore[assignment]
        combined, "insufficient"
    )
    failed = tuple(c.id for c in rules.criteria if results[c.id] == "fail")
    trace = (*excl, *steps)
    missing = tuple(ctx.missing) if outcome == "insufficient" else ()
    checks = (*ctx.checks, *(f"{s.criterion}: {s.note}" for s in trace if s.check_needed))
    text_vi, text_en = _explanation(rules, outcome, failed, missing)
    return Decision(
        rule_set=rules.id,
        outcome=outcome,
        trace=trace,
        missing=missing,
        failed=failed,
        next_steps=_next_steps(rules, ctx, outcome),
        law_period=ctx.period.id if ctx.period else None,
        checks_needed=checks,
        results=tuple((c.id, results[c.id]) for c in rules.criteria),
        explanation=text_vi,
        explanation_en=text_en,
    )


def _explanation(
    rules: r.RuleSet, outcome: OutcomeId, failed: tuple[str, ...], missing: tuple[str, ...]
) -> tuple[str, str]:
    template = rules.outcomes[outcome]
    by_id = {c.id: c for c in rules.criteria}
    failed_vi = "; ".join(f"({c}) {by_id[c].title}" for c in failed)
    failed_en = "; ".join(f"({c}) {by_id[c].title_en}" for c in failed)
    missing_vi = " · ".join(rules.fact(f).question for f in missing)
    missing_en = " · ".join(rules.fact(f).question_en for f in missing)
    return (
        template.template.format(failed=failed_vi, missing=missing_vi),
        template.template_en.format(failed=failed_en, missing=missing_en),
    )


def _next_steps(rules: r.RuleSet, ctx: _Context, outcome: OutcomeId) -> tuple[str, ...]:
    if outcome != "in_scope":
        return ()
    steps = rules.next_steps
    out = [f"Nội dung cần truyền thông: {item} ({steps.content_source})" for item in steps.content]
    level = ctx.level or "provincial"
    out += [f"Kênh phù hợp: {ch} ({steps.channels_source})" for ch in steps.channels[level]]
    posting = min_posting(rules, ctx.level, ctx.period)
    if posting is not None:
        caution = f" — cần kiểm tra: {posting.note}" if posting.status == "unsure" else ""
        out.append(
            f"Đăng tải toàn văn dự thảo để lấy ý kiến ít nhất {posting.days} ngày "
            f"({posting.source}){caution}"
        )
    out.append(f"{steps.feedback} ({steps.feedback_source})")
    return tuple(out)


def min_posting(
    rules: r.RuleSet, level: r.Level | None, period: r.LawPeriod | None
) -> r.Posting | None:
    """The minimum full-text posting period for a level under a law period (None if unknown)."""
    if level is None or period is None:
        return None
    return period.posting.get(level)
