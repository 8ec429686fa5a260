"""Train mode of the eligibility app: read a case, decide, then compare with the rule set.

The answer, the engine's decision and the case's explanation are created in the kernel only
after the answer is stored (every widget that exists reaches the page)."""

from __future__ import annotations

import ipywidgets as w

from kit import api, trainees
from kit.apps.eligibility.explore import decision_html, outcome_label
from kit.apps.ui import widgets as ui
from kit.apps.ui.defaults import full_width
from kit.apps.ui.identity import IdentityGate
from kit.apps.ui.inputs import ItemInput, build_input
from kit.apps.ui.shell import AppShell, esc
from kit.core.i18n import t
from kit.core.quoting import number
from kit.eligibility.training import CaseResult, CaseTraining, as_item, case_prompt


def answer_words(answer: str, lang: str) -> str:
    """``in`` / ``unknown`` / ``out:ab`` in words."""
    if answer.startswith("out:"):
        letters = ", ".join(f"({c})" for c in answer[4:]) or "—"
        return t("eligibility.answer_out", lang, criteria=letters)
    return t(f"eligibility.answer_{answer}", lang)


class TrainView:
    def __init__(self, shell: AppShell) -> None:
        self.shell = shell
        self.catalogue = api.load_content()
        self.gate = IdentityGate(shell, self._open)
        self.training: CaseTraining | None = None
        self.input: ItemInput | None = None
        self._input_case: str | None = None
        self.result: CaseResult | None = None

    def _open(self, identity: trainees.Identity) -> None:
        self.training = CaseTraining(self.catalogue, identity)

    def submit(self, case_id: str) -> None:
        """Store the answer entered for ``case_id``; then the comparison with the rule set."""
        if self.training is None or self.input is None:
            return
        self.result = self.training.submit(case_id, self.input.value())
        self.input = None
        self.shell.refresh()

    def next_case(self) -> None:
        """Leave the comparison for the next case."""
        self.result, self.gate.notice = None, ""
        self.shell.refresh()

    def render(self, lang: str) -> w.Widget:
        if self.training is None:
            body = self.gate.form(lang)
        elif self.result is not None:
            body = self._feedback(lang, self.training, self.result)
        else:
            body = self._case(lang, self.training)
        box = ui.vbox([self.gate.token, *self.gate.notice_widget(), body], "kit-eligibility-train")
        return box

    def _progress(self, lang: str, training: CaseTraining) -> w.Widget:
        done, total = training.progress()
        score, max_score = training.score()
        label = t(
            "eligibility.case_progress",
            lang,
            done=done,
            total=total,
            score=number(score, lang),
            max=max_score,
        )
        bar = ui.make(w.IntProgress, value=done, min=0, max=max(total, 1), layout=full_width())
        box = ui.vbox([ui.html(esc(label)), bar], "kit-progress")
        return box

    def _case(self, lang: str, training: CaseTraining) -> w.Widget:
        case = training.current()
        if case is None:
            score, max_score = training.score()
            done = t(
                "eligibility.train_done",
                lang,
                total=len(training.cases),
                score=number(score, lang),
                max=max_score,
            )
            return ui.html(f"<div class='kit-summary'><h2>{esc(done)}</h2></div>")
        rule_set = training.rule_set(case)
        item = as_item(case, self.catalogue.case_lesson[case.id], rule_set)
        previous, self.input = self.input, build_input(item, lang)
        if previous is not None and self._input_case == case.id:
            self.input.carry_over(previous)
        self._input_case = case.id
        submit = ui.button(description=t("exercises.submit", lang), button_style="danger")
        submit.on_click(self.shell.guard(lambda _b: self.submit(case.id)))
        text = ui.html(
            f"<p>{esc(t('eligibility.train_intro', lang))}</p>"
            f"<div class='kit-case'>{esc(case_prompt(case, rule_set, lang))}</div>"
        )
        box = ui.vbox([self._progress(lang, training), text, self.input.widget, submit], "kit-item")
        return box

    def _feedback(self, lang: str, training: CaseTraining, res: CaseResult) -> w.Widget:
        g = res.graded
        case = self.catalogue.cases[g.item]
        rule_set = training.rule_set(case)
        verdict = "exercises.right" if g.full_marks else "exercises.not_quite"
        engine_says = t(
            "eligibility.engine_says",
            lang,
            outcome=outcome_label(rule_set, res.decision.outcome, lang),
        )
        expected = t("eligibility.expected_answer", lang, answer=answer_words(res.expected, lang))
        html = ui.html(
            f"<div class='kit-feedback'><h3>{esc(t(verdict, lang))} "
            f"{number(g.score, lang)}/{number(g.max, lang)}</h3>"
            f"<p>{esc(' '.join(g.feedback))}</p>"
            f"<p><b>{esc(expected)}</b></p>"
            f"<p><b>{esc(engine_says)}</b></p>"
            f"<p><b>{esc(t('exercises.explanation', lang))}</b> {esc(g.explanation)}</p></div>"
            + decision_html(rule_set, res.decision, lang)
        )
        nxt = ui.button(description=t("eligibility.next_case", lang), button_style="danger")
        nxt.on_click(self.shell.guard(lambda _b: self.next_case()))
        return ui.vbox([self._progress(lang, training), html, nxt])
