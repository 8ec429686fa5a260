"""Check a communication plan and score it 0–100, explaining each finding.

Every problem says where it is, in words (``place``: "Phần đầu văn bản — số, ký hiệu") and as a
path the builder follows (``where``: ``header/number``), what is wrong and why it matters, citing
its source by name. Every placeholder a template leaves ("[Tên tỉnh]", "…", "xxx", "(ghi tên)";
the grammar is data, ``kit/rules/placeholders.yaml``) is a problem of its own. How the score is
made, errors' weights and caps included, is in :mod:`kit.plans.findings`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from kit.core.text import fold
from kit.eligibility import rules as r
from kit.plans.check_form import FormChecks
from kit.plans.findings import (
    LANG_SON,
    LANG_SON_EN,
    SHAPE_SOURCE,
    WEIGHTS,
    Criterion,
    Kind,
    Level,
    Problem,
    Report,
    final_score,
)
from kit.plans.model import Plan, SectionKind
from kit.plans.places import place_of
from kit.plans.timeline import posting_requirement

__all__ = ["CRITERIA", "SECTION_NAMES", "Criterion", "Problem", "Report", "check"]

REQUIRED_SECTIONS: dict[str, tuple[SectionKind, ...]] = {
    "seed-004": ("purpose", "scope", "content", "funding", "organisation"),
    "seed-002": ("purpose", "focus", "organisation"),
}
SECTION_NAMES: dict[str, str] = {
    "purpose": "Mục đích, yêu cầu",
    "scope": "Phạm vi thực hiện",
    "content": "Nội dung thực hiện",
    "focus": "Nội dung trọng tâm",
    "funding": "Kinh phí thực hiện",
    "organisation": "Tổ chức thực hiện",
}
LS, LS_EN = LANG_SON, LANG_SON_EN


def _mentions(text: str, *words: str) -> bool:
    key = fold(text)
    return any(fold(w) in key for w in words)


def _text_of(plan: Plan) -> str:
    parts = [p for s in plan.sections for p in s.paragraphs]
    parts += [f"{t.name} {t.description} {t.funding}" for _, _, t in plan.all_tasks()]
    return "\n".join(parts)


class _Check(FormChecks):
    def __init__(self, plan: Plan, rule_set: r.RuleSet) -> None:
        self.plan = plan
        self.rules = rule_set
        self.problems: list[Problem] = []

    def add(
        self,
        where: str,
        what: str,
        why: str,
        what_en: str,
        why_en: str,
        *,
        key: str,
        level: Level = "error",
        kind: Kind = "content",
    ) -> None:
        """A problem; an error costs ``WEIGHTS[key]`` points, a warning nothing more."""
        weight = WEIGHTS[key] if level == "error" else 0
        self.problems.append(Problem(where, what, why, what_en, why_en, level, weight, kind))

    # ------------------------------------------------------------------ criteria

    def structure(self, c: Criterion) -> None:
        required = REQUIRED_SECTIONS[self.plan.shape]
        present = {s.kind for s in self.plan.sections}
        missing = [k for k in required if k not in present]
        if self.plan.shape == "seed-002" and "funding" in missing:
            missing.remove("funding")
        for kind in missing:
            self.add(
                "sections",
                f"Thiếu mục «{SECTION_NAMES[kind]}».",
                f"Kế hoạch cùng loại có mục này ({SHAPE_SOURCE[self.plan.shape][0]}).",
                f"Missing section «{SECTION_NAMES[kind]}».",
                f"Plans of this kind have this section ({SHAPE_SOURCE[self.plan.shape][1]}).",
                key="section",
                kind="structure",
            )
        c.score = c.max * (len(required) - len(missing)) / len(required)

    def tasks(self, c: Criterion) -> None:
        tasks = self.plan.all_tasks()
        if not tasks:
            self.add(
                "sections",
                "Kế hoạch chưa có nhiệm vụ nào.",
                "Mỗi kế hoạch giao nhiệm vụ cụ thể.",
                "The plan has no tasks.",
                "A plan assigns concrete tasks.",
                key="no_tasks",
                kind="structure",
            )
            return
        points = 0.0
        for sid, i, task in tasks:
            where = f"sections/{sid}/tasks/{i}"
            if not task.name and not task.description:
                self.add(
                    f"{where}/name",
                    "Nhiệm vụ chưa có tên.",
                    "Cần nói rõ việc phải làm.",
                    "The task has no name.",
                    "Say what has to be done.",
                    key="task",
                    level="warning",
                    kind="task",
                )
            if not task.lead:
                self.add(
                    f"{where}/lead",
                    f"Nhiệm vụ «{_short(task)}» chưa có cơ quan chủ trì.",
                    f"Mỗi nhiệm vụ phải nêu cơ quan chủ trì thực hiện ({LS}, mục III).",
                    f"Task «{_short(task)}» has no lead body.",
                    f"Every task names the body that leads it ({LS_EN}, section III).",
                    key="task",
                    level="warning",
                    kind="task",
                )
            if not task.timing and task.start is None:
                self.add(
                    f"{where}/timing",
                    f"Nhiệm vụ «{_short(task)}» chưa có thời gian thực hiện.",
                    f"Mỗi nhiệm vụ phải nêu thời gian thực hiện ({LS}, mục III).",
                    f"Task «{_short(task)}» has no timing.",
                    f"Every task says when it is done ({LS_EN}, section III).",
                    key="task",
                    level="warning",
                    kind="task",
                )
            required = (bool(task.lead) + bool(task.timing or task.start)) / 2
            recommended = (bool(task.coordinating) + bool(task.output) + bool(task.funding)) / 3
            points += 0.8 * required + 0.2 * recommended
        c.score = c.max * points / len(tasks)
        c.note = f"{len(tasks)} nhiệm vụ"

    def _tagged(self, tag: str, *words: str) -> bool:
        return any(
            tag in t.tags or _mentions(f"{t.name} {t.description}", *words)
            for _, _, t in self.plan.all_tasks()
        )

    def feedback(self, c: Criterion) -> None:
        if self._tagged("feedback", "tiếp thu, giải trình", "tiếp nhận, xử lý", "phản hồi"):
            c.score = c.max
            return
        self.add(
            "sections",
            "Không có nhiệm vụ tiếp nhận, xử lý ý kiến và công bố tiếp thu, giải trình.",
            "Truyền thông dự thảo là hai chiều: ý kiến góp ý được tiếp nhận, xử lý để chỉnh lý "
            f"dự thảo ({LS}, mục III.3).",
            "No task receives and handles comments and publishes the accept/explain response.",
            "Communication is two-way: comments are received and handled to revise the draft "
            f"({LS_EN}, section III.3).",
            key="feedback",
        )

    def training(self, c: Criterion) -> None:
        if self._tagged("training", "bồi dưỡng", "tập huấn", "đào tạo"):
            c.score = c.max
            return
        self.add(
            "sections",
            "Không có nhiệm vụ tập huấn, bồi dưỡng kỹ năng truyền thông.",
            "Nâng cao năng lực người làm truyền thông là một nhóm nhiệm vụ của kế hoạch "
            f"({LS}, mục III.5).",
            "No training task for communication skills.",
            "Building the capacity of communicators is a task group of the plan "
            f"({LS_EN}, section III.5).",
            key="training",
            level="warning",
        )

    def funding(self, c: Criterion) -> None:
        section = self.plan.section("funding")
        has = (section is not None and bool(section.paragraphs or section.tasks)) or any(
            t.funding or "funding" in t.tags for _, _, t in self.plan.all_tasks()
        )
        has = has or _mentions(_text_of(self.plan), "kinh phí", "ngân sách")
        if has:
            c.score = c.max
            return
        self.add(
            "sections",
            "Không nêu nguồn kinh phí.",
            "Kế hoạch phải nói kinh phí lấy từ đâu: ngân sách địa phương và nguồn tài trợ hợp pháp "
            f"({LS}, mục IV).",
            "No funding source.",
            "A plan says where the money comes from: local budget and lawful sponsorship "
            f"({LS_EN}, section IV).",
            key="funding",
        )

    def reporting(self, c: Criterion) -> None:
        due = [rep for rep in self.plan.reporting if rep.due]
        if due:
            c.score = c.max
            return
        self.add(
            "reporting",
            "Không có hạn báo cáo.",
            "Các cơ quan báo cáo kết quả hằng năm trước ngày 20/11 về UBND tỉnh qua Sở Tư pháp "
            f"({LS}, mục V.1).",
            "No reporting deadline.",
            "Bodies report yearly before 20 November to the provincial People's Committee via "
            f"the Department of Justice ({LS_EN}, section V.1).",
            key="reporting",
        )

    def drafts(self, c: Criterion) -> None:
        if not self.plan.drafts:
            c.applies = False
            c.note = "Kế hoạch không liệt kê dự thảo cụ thể."
            return
        good = 0
        for i, draft in enumerate(self.plan.drafts):
            good += self._draft(i, draft)
        c.score = c.max * good / len(self.plan.drafts)

    def _draft(self, i: int, draft: Any) -> bool:
        where = f"drafts/{i}"
        posting = next((a for a in draft.activities if a.kind == "posting"), None)
        need = posting_requirement(draft, self.rules)
        ok = True
        if posting is None or posting.start is None or posting.end is None:
            self.add(
                f"{where}/activities",
                f"Dự thảo «{draft.title}» chưa có lịch đăng tải toàn văn.",
                f"Dự thảo phải được đăng tải toàn văn để lấy ý kiến ({LS}, mục III.3).",
                f"Draft «{draft.title}» has no full-text posting scheduled.",
                f"The full text is posted for comment ({LS_EN}, section III.3).",
                key="posting_missing",
                kind="draft",
            )
            return False
        days = (posting.end - posting.start).days + 1
        if need is not None and days < need.days:
            self.add(
                f"{where}/activities/posting",
                f"Thời gian đăng tải {days} ngày, ngắn hơn {need.days} ngày tối thiểu.",
                f"{need.source}" + (" (cần kiểm tra)" if need.status == "unsure" else ""),
                f"Posting lasts {days} days, shorter than the minimum of {need.days}.",
                f"{need.source}" + (" (to be checked)" if need.status == "unsure" else ""),
                key="posting_short",
                kind="draft",
            )
            ok = False
        if draft.submission_date is not None and posting.end >= draft.submission_date:
            self.add(
                f"{where}/activities/posting",
                f"Hạn đăng tải ({posting.end:%d/%m/%Y}) không kết thúc trước ngày trình "
                f"({draft.submission_date:%d/%m/%Y}).",
                "Ý kiến phải được tiếp thu, giải trình trước khi trình dự thảo.",
                f"Posting ({posting.end:%d/%m/%Y}) does not end before submission "
                f"({draft.submission_date:%d/%m/%Y}).",
                "Comments must be answered before the draft is submitted.",
                key="posting_late",
                kind="draft",
            )
            ok = False
        if not any(a.kind == "response" for a in draft.activities):
            self.add(
                f"{where}/activities",
                f"Dự thảo «{draft.title}» chưa có bước công bố tiếp thu, giải trình.",
                "Truyền thông là hai chiều: người góp ý cần biết ý kiến được xử lý thế nào.",
                f"Draft «{draft.title}» has no step publishing the accept/explain response.",
                "Communication is two-way: people who comment should learn what became of it.",
                key="response",
                kind="draft",
            )
            ok = False
        return ok


def _short(task: Any) -> str:
    text = task.name or task.description or "(không tên)"
    return text if len(text) <= 60 else text[:57] + "…"


CRITERIA: tuple[tuple[str, str, int, Callable[[_Check, Criterion], None]], ...] = (
    ("structure", "Đủ các mục của kế hoạch", 15, _Check.structure),
    (
        "tasks",
        "Nhiệm vụ có cơ quan chủ trì, thời gian (và phối hợp, sản phẩm, kinh phí)",
        25,
        _Check.tasks,
    ),
    ("feedback", "Tiếp nhận, xử lý ý kiến, công bố tiếp thu, giải trình", 15, _Check.feedback),
    ("training", "Tập huấn, bồi dưỡng kỹ năng", 10, _Check.training),
    ("funding", "Nguồn kinh phí", 10, _Check.funding),
    ("reporting", "Chế độ báo cáo có hạn", 10, _Check.reporting),
    ("drafts", "Lịch truyền thông dự thảo đúng thời hạn", 10, _Check.drafts),
    ("header", "Thể thức: phần đầu, chữ ký, ngày trong thời kỳ", 5, _Check.header),
)


def check(plan: Plan, rule_set: r.RuleSet | None = None) -> Report:
    """Every problem of ``plan`` and its score with the breakdown."""
    run = _Check(plan, rule_set or r.load_rule_set())
    breakdown = []
    for cid, title, most, method in CRITERIA:
        criterion = Criterion(cid, title, most)
        method(run, criterion)
        breakdown.append(criterion)
    run.placeholders()
    applies = [c for c in breakdown if c.applies]
    total_max = sum(c.max for c in applies)
    base = round(100 * sum(c.score for c in applies) / total_max) if total_max else 0
    problems = [_placed(p, plan) for p in run.problems]
    return Report(final_score(base, problems), problems, breakdown, base)


def _placed(problem: Problem, plan: Plan) -> Problem:
    vi, en = place_of(problem.where, plan)
    return replace(problem, place=vi, place_en=en)
