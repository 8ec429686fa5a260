"""Explore mode of the eligibility app: answer the criteria, see the decision and its trace, change
one answer and see what changes. ``decision_html`` is shared with Train mode."""

from __future__ import annotations

from datetime import date
from typing import Any

import ipywidgets as w

from kit.apps.ui import widgets as ui
from kit.apps.ui.defaults import full_width, shared_layout
from kit.apps.ui.labels import label_above
from kit.apps.ui.shell import AppShell, esc
from kit.core.i18n import t
from kit.eligibility import engine
from kit.eligibility import rules as r

MARKS = {"pass": "✓", "fail": "✗", "unknown": "?"}
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2100, 12, 31)


class ExploreModel:
    """The answers so far (validated: the page can send anything) and the decisions they give."""

    def __init__(self, rule_set: r.RuleSet) -> None:
        self.rules = rule_set
        self.facts: dict[str, Any] = {f.id: None for f in rule_set.facts}
        self.previous: engine.Decision | None = None
        self.decision = engine.evaluate(rule_set, self.facts)

    def clean(self, fact_id: str, raw: object) -> Any:
        """The value the kernel accepts for a fact; anything unexpected counts as not known."""
        kind = self.rules.fact(fact_id).kind
        if kind == "document_type":
            return raw if isinstance(raw, str) and self.rules.document_type(raw) else None
        if kind == "choice":
            return raw if isinstance(raw, str) and self.rules.scope(raw) else None
        if kind == "date":
            ok = isinstance(raw, date) and FIRST_DAY <= raw <= LAST_DAY
            return raw if ok else None
        return {"yes": True, "no": False}.get(raw) if isinstance(raw, str) else None

    def set(self, fact_id: object, raw: object) -> bool:
        """Record one answer; True when it changed the facts (and so the decision)."""
        if not isinstance(fact_id, str) or fact_id not in self.facts:
            return False
        value = self.clean(fact_id, raw)
        if value == self.facts[fact_id]:
            return False
        self.facts[fact_id] = value
        self.previous, self.decision = self.decision, engine.evaluate(self.rules, self.facts)
        return True

    def changes(self, lang: str) -> list[str]:
        """What the last answer changed in the decision (empty when nothing did)."""
        if self.previous is None:
            return []
        old, new = self.previous, self.decision
        out = []
        if old.outcome != new.outcome:
            out.append(
                t(
                    "eligibility.change_outcome",
                    lang,
                    old=outcome_label(self.rules, old.outcome, lang),
                    new=outcome_label(self.rules, new.outcome, lang),
                )
            )
        before = dict(old.results)
        for criterion, result in new.results:
            if before.get(criterion) != result:
                out.append(
                    t(
                        "eligibility.change_criterion",
                        lang,
                        criterion=criterion,
                        old=t(f"eligibility.result_{before.get(criterion, 'unknown')}", lang),
                        new=t(f"eligibility.result_{result}", lang),
                    )
                )
        return out


def outcome_label(rules: r.RuleSet, outcome: str, lang: str) -> str:
    label = rules.outcomes[outcome]  # type: ignore[index]
    return label.label_en if lang == "en" else label.label


def value_text(rules: r.RuleSet, step: engine.Step, lang: str) -> str:
    value = step.value
    if value is None:
        return t("eligibility.unknown", lang)
    if isinstance(value, bool):
        return t("eligibility.yes" if value else "eligibility.no", lang)
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    scope = rules.scope(str(value))
    if scope is not None:
        return scope.label_en if lang == "en" else scope.label
    return str(value)


def _step_html(rules: r.RuleSet, step: engine.Step, lang: str) -> str:
    is_exclusion = step.criterion not in {c.id for c in rules.criteria}
    if is_exclusion:
        verdict = {"fail": "excluded", "pass": "not_excluded"}.get(step.result, "result_unknown")
        label = t(f"eligibility.{verdict}", lang)
        head = esc(step.title_en if lang == "en" else step.title)
    else:
        label = t(f"eligibility.result_{step.result}", lang)
        head = f"({esc(step.criterion)}) {esc(step.title_en if lang == 'en' else step.title)}"
    check = (
        f" <span class='kit-check-needed'>{esc(t('eligibility.check_needed', lang))}</span>"
        if step.check_needed
        else ""
    )
    note = f"<div class='kit-step-note'>{esc(step.note)}</div>" if step.note else ""
    return (
        f"<li class='kit-step kit-step-{step.result}'>"
        f"<span class='kit-mark'>{MARKS[step.result]}</span> <b>{head}</b>{check}"
        f"<div>{esc(t('eligibility.value', lang))}: {esc(value_text(rules, step, lang))} · "
        f"<b>{esc(label)}</b></div>{note}"
        f"<div class='kit-source'>{esc(t('eligibility.source', lang))}: {esc(step.source)}</div>"
        "</li>"
    )


def decision_html(
    rules: r.RuleSet, decision: engine.Decision, lang: str, changes: list[str] | None = None
) -> str:
    """The decision, the trace, what is missing, what to do next, and what changed."""
    period = next((p for p in rules.law_periods if p.id == decision.law_period), None)
    applies = (
        t("eligibility.applies", lang, period=period.title_en if lang == "en" else period.title)
        if period
        else t("eligibility.no_period", lang)
    )
    parts = [
        f"<div class='kit-decision kit-outcome-{decision.outcome}'>",
        f"<h3>{esc(t('eligibility.decision', lang))}: "
        f"{esc(outcome_label(rules, decision.outcome, lang))}</h3>",
        f"<p>{esc(decision.explain(lang))}</p>",
        f"<p class='kit-note'>{esc(applies)}</p>",
    ]
    if changes:
        items = "".join(f"<li>{esc(c)}</li>" for c in changes)
        parts.append(f"<h4>{esc(t('eligibility.changes', lang))}</h4><ul>{items}</ul>")
    steps = "".join(_step_html(rules, s, lang) for s in decision.trace)
    parts.append(f"<h4>{esc(t('eligibility.trace', lang))}</h4><ul class='kit-trace'>{steps}</ul>")
    if decision.missing:
        asked = "".join(
            f"<li>{esc(rules.fact(f).question_en if lang == 'en' else rules.fact(f).question)}</li>"
            for f in decision.missing
        )
        parts.append(f"<h4>{esc(t('eligibility.missing', lang))}</h4><ul>{asked}</ul>")
    if decision.next_steps:
        todo = "".join(f"<li>{esc(s)}</li>" for s in decision.next_steps)
        parts.append(f"<h4>{esc(t('eligibility.next_steps', lang))}</h4><ul>{todo}</ul>")
    parts.append("</div>")
    return "".join(parts)


class ExploreView:
    def __init__(self, model: ExploreModel, shell: AppShell) -> None:
        self.model = model
        self.shell = shell
        self.panel = ui.html("", "kit-decision-area", "kit-col")
        # the outcome in one line, kept in sight on a phone
        self.badge = ui.html("", "kit-badge-area")

    def _question(self, fact: r.Fact, lang: str) -> w.Widget:
        rules, current = self.model.rules, self.model.facts[fact.id]
        full = full_width()
        control: w.ValueWidget
        if fact.kind == "document_type":
            options = [(t("eligibility.choose", lang), "")] + [
                (d.label_en if lang == "en" else d.label, d.id) for d in rules.document_types
            ]
            control = ui.make(
                w.Dropdown, "kit-choice", options=options, value=current or "", layout=full
            )
        elif fact.kind == "date":
            control = ui.make(
                w.DatePicker, "kit-choice", value=current, layout=shared_layout(width="auto")
            )
        elif fact.kind == "choice":
            options = [(t("eligibility.unknown", lang), "")] + [
                (s.label_en if lang == "en" else s.label, s.id) for s in rules.scopes
            ]
            control = ui.make(
                w.RadioButtons, "kit-choice", options=options, value=current or "", layout=full
            )
        else:
            blank = "eligibility.from_table" if fact.optional else "eligibility.unknown"
            options = [
                (t("eligibility.yes", lang), "yes"),
                (t("eligibility.no", lang), "no"),
                (t(blank, lang), ""),
            ]
            chosen = "" if current is None else ("yes" if current else "no")
            control = ui.make(
                w.RadioButtons, "kit-choice", options=options, value=chosen, layout=full
            )
        control.observe(
            self.shell.guard(lambda ch, f=fact.id: self._answer(f, ch["new"])), names="value"
        )
        question = fact.question_en if lang == "en" else fact.question
        helptext = fact.help_en if lang == "en" else fact.help
        box = ui.vbox(
            [label_above(control, question), ui.html(f"<p class='kit-note'>{esc(helptext)}</p>")],
            "kit-fact",
        )
        return box

    def _answer(self, fact_id: str, raw: object) -> None:
        if self.model.set(fact_id, raw):
            self._draw_panel(self.shell.lang)

    def _draw_panel(self, lang: str) -> None:
        m = self.model
        self.panel.value = decision_html(m.rules, m.decision, lang, m.changes(lang))
        label = outcome_label(m.rules, m.decision.outcome, lang)
        self.badge.value = (
            f"<div class='kit-badge kit-outcome-{m.decision.outcome}'>"
            f"{esc(t('eligibility.decision', lang))}: {esc(label)}</div>"
        )

    def render(self, lang: str) -> w.Widget:
        self._draw_panel(lang)
        questions = [self._question(f, lang) for f in self.model.rules.facts]
        intro = ui.html(f"<p>{esc(t('eligibility.explore_intro', lang))}</p>")
        left = ui.vbox([intro, self.badge, *questions], "kit-col")
        box = ui.hbox([left, self.panel], "kit-eligibility-explore", "kit-two-col")
        return box
