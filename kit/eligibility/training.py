"""Train mode: a trainee reads a case, decides (in scope, not enough information, or not in scope
and which criteria fail), then compares with the engine. Scored by the exercise grading engine
(a case is a ``scenario`` item) and stored like exercises, in its own context."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Engine

from kit import trainees
from kit.content.cases import POINTS, Case
from kit.content.catalogue import Catalogue
from kit.content.schemas import Scenario
from kit.core.errors import InputError
from kit.eligibility import engine, rules
from kit.grading.engine import Graded, grade

CONTEXT = "eligibility"
DATE = "%d/%m/%Y"


def case_prompt(case: Case, rule_set: rules.RuleSet, lang: str = "vi") -> str:
    """What the trainee reads: the case as a drafting body would describe it (no verdict)."""
    doc = rule_set.document_type(case.document_type)
    doc_label = (doc.label_en if lang == "en" else doc.label) if doc else case.document_type
    lines = [
        case.title_en if lang == "en" else case.title,
        f"{doc_label} · {case.drafting_body}",
        ("Consultation from " if lang == "en" else "Lấy ý kiến từ ")
        + case.consultation_date.strftime(DATE),
        "",
        case.description,
    ]
    return "\n".join(lines)


def as_item(case: Case, lesson: str, rule_set: rules.RuleSet) -> Scenario:
    """The case as a scenario item, so it is graded exactly like scenario exercises."""
    return Scenario(
        id=case.id,
        type="scenario",
        tracks=["A", "B"],
        lesson=lesson,
        level="apply",
        difficulty=3 if "borderline" in case.tags else 2,
        points=POINTS,
        prompt=case_prompt(case, rule_set),
        prompt_en=case_prompt(case, rule_set, "en"),
        explanation=case.explanation,
        source=f"{rule_set.title}; {'; '.join(rule_set.legal_basis)}",
        answer=case.answer(),
        feedback_correct="Kết luận và tiêu chí của bạn trùng với bộ quy tắc.",
        feedback_wrong="Kết luận hoặc tiêu chí chưa trùng với bộ quy tắc; xem từng bước bên dưới.",
    )


@dataclass(frozen=True)
class CaseResult:
    graded: Graded
    decision: engine.Decision
    expected: str


@dataclass
class CaseTraining:
    catalogue: Catalogue
    identity: trainees.Identity
    engine: Engine | None = None
    done: dict[str, trainees.StoredAttempt] = field(default_factory=dict)
    cases: list[Case] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.done = trainees.attempts(self.identity.id, CONTEXT, self.engine)
        self.cases = list(self.catalogue.cases.values())

    def rule_set(self, case: Case) -> rules.RuleSet:
        return rules.load_rule_set(self.catalogue.case_rule_set[case.id])

    def current(self) -> Case | None:
        return next((c for c in self.cases if c.id not in self.done), None)

    def progress(self) -> tuple[int, int]:
        return len([c for c in self.cases if c.id in self.done]), len(self.cases)

    def score(self) -> tuple[float, int]:
        stored = [self.done[c.id] for c in self.cases if c.id in self.done]
        return round(sum(s.score for s in stored), 2), sum(s.max_score for s in stored)

    def submit(self, case_id: str, answer: object) -> CaseResult:
        """Grade and store the answer to the open case (any other case id is refused)."""
        case = self.current()
        if case is None or case.id != case_id:
            raise InputError(
                "Câu trả lời này không còn khớp với tình huống đang mở; trang đã được cập nhật.",
                "This answer no longer matches the open case; the page was refreshed.",
            )
        rule_set = self.rule_set(case)
        item = as_item(case, self.catalogue.case_lesson[case.id], rule_set)
        graded = grade(item, answer)
        self.done[case.id] = trainees.record_graded(self.identity.id, graded, CONTEXT, self.engine)
        decision = engine.evaluate(rule_set, case.engine_facts())
        return CaseResult(graded, decision, case.answer())
