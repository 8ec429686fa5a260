"""Check a communication plan and score it 0–100, explaining each finding.

Every problem says where it is (a path such as ``sections/III/tasks/2/lead``), what is wrong and
why it matters (with the source). The score is the sum of criteria, each with its own maximum; a
criterion that does not apply (e.g. no drafts listed in a multi-year plan) is left out and the
others are scaled to 100, so plans of both shapes are scored on what they should contain.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from kit.core.text import fold
from kit.eligibility import rules as r
from kit.plans.model import Plan, SectionKind
from kit.plans.timeline import posting_requirement

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
COLLECTIVE = ("ủy ban nhân dân", "ubnd", "hội đồng nhân dân", "hđnd")
DECREE30 = "Nghị định 30/2020/NĐ-CP, thể thức chữ ký và quyền hạn ký (DOMAIN §4)"
DECREE30_EN = "Decree 30/2020/NĐ-CP, the signature block and signing authority (DOMAIN §4)"
SIGNATURE_FINDINGS: dict[str, tuple[str, str]] = {
    "unsigned": (
        "Khối chữ ký chưa có chức vụ hoặc họ tên người ký.",
        "The signature block has no position or no name.",
    ),
    "needs_tm": (
        "Cơ quan ban hành là tập thể (UBND, HĐND) nên dòng đầu khối chữ ký là «TM.».",
        "The issuing body is collective (People's Committee or Council): the block starts «TM.».",
    ),
    "no_tm": (
        "«TM.» chỉ dùng khi ký thay mặt tập thể; cơ quan này không phải tập thể.",
        "«TM.» is only for signing on behalf of a collective body; this body is not one.",
    ),
    "needs_kt": (
        "Cấp phó ký thay người đứng đầu thì ghi «KT.» trước chức vụ người đứng đầu.",
        "A deputy signing for the head writes «KT.» before the head's title.",
    ),
    "no_kt": (
        "«KT.» dùng khi cấp phó ký thay; chức vụ người ký không phải cấp phó.",
        "«KT.» is for a deputy signing for the head; the signer is not a deputy.",
    ),
}
HEADER_FIELDS: dict[str, tuple[str, str]] = {
    "issuing_body": ("tên cơ quan ban hành", "name of the issuing body"),
    "number": ("số, ký hiệu", "number and symbol"),
    "place": ("địa danh", "place name"),
    "title": ("trích yếu (tên kế hoạch)", "title of the plan"),
}


@dataclass(frozen=True)
class Problem:
    where: str
    what: str
    why: str
    what_en: str = ""
    why_en: str = ""

    def to_json(self) -> dict[str, str]:
        return {
            "where": self.where,
            "what": self.what,
            "why": self.why,
            "what_en": self.what_en,
            "why_en": self.why_en,
        }


@dataclass
class Criterion:
    id: str
    title: str
    max: int
    score: float = 0.0
    applies: bool = True
    note: str = ""


@dataclass
class Report:
    score: int
    problems: list[Problem]
    breakdown: list[Criterion] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "score": self.score,
            "problems": [p.to_json() for p in self.problems],
            "breakdown": {
                c.id: {
                    "title": c.title,
                    "score": round(c.score, 1),
                    "max": c.max,
                    "applies": c.applies,
                    "note": c.note,
                }
                for c in self.breakdown
            },
        }


def _mentions(text: str, *words: str) -> bool:
    key = fold(text)
    return any(fold(w) in key for w in words)


def _text_of(plan: Plan) -> str:
    parts = [p for s in plan.sections for p in s.paragraphs]
    parts += [f"{t.name} {t.description} {t.funding}" for _, _, t in plan.all_tasks()]
    return "\n".join(parts)


class _Check:
    def __init__(self, plan: Plan, rule_set: r.RuleSet) -> None:
        self.plan = plan
        self.rules = rule_set
        self.problems: list[Problem] = []

    def add(self, where: str, what: str, why: str, what_en: str, why_en: str) -> None:
        self.problems.append(Problem(where, what, why, what_en, why_en))

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
                f"Kế hoạch dạng {self.plan.shape} có mục này (DOMAIN §4).",
                f"Missing section «{SECTION_NAMES[kind]}».",
                f"Plans shaped like {self.plan.shape} have this section (DOMAIN §4).",
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
                )
            if not task.lead:
                self.add(
                    f"{where}/lead",
                    f"Nhiệm vụ «{_short(task)}» chưa có cơ quan chủ trì.",
                    "Mỗi nhiệm vụ phải nêu cơ quan chủ trì thực hiện (seed 004, mục III).",
                    f"Task «{_short(task)}» has no lead body.",
                    "Every task names the body that leads it (seed 004, section III).",
                )
            if not task.timing and task.start is None:
                self.add(
                    f"{where}/timing",
                    f"Nhiệm vụ «{_short(task)}» chưa có thời gian thực hiện.",
                    "Mỗi nhiệm vụ phải nêu thời gian thực hiện (seed 004, mục III).",
                    f"Task «{_short(task)}» has no timing.",
                    "Every task says when it is done (seed 004, section III).",
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
            "dự thảo (seed 004, mục III.3).",
            "No task receives and handles comments and publishes the accept/explain response.",
            "Communication is two-way: comments are received and handled to revise the draft "
            "(seed 004, section III.3).",
        )

    def training(self, c: Criterion) -> None:
        if self._tagged("training", "bồi dưỡng", "tập huấn", "đào tạo"):
            c.score = c.max
            return
        self.add(
            "sections",
            "Không có nhiệm vụ tập huấn, bồi dưỡng kỹ năng truyền thông.",
            "Nâng cao năng lực người làm truyền thông là một nhóm nhiệm vụ của kế hoạch "
            "(seed 004, mục III.5).",
            "No training task for communication skills.",
            "Building the capacity of communicators is a task group of the plan "
            "(seed 004, section III.5).",
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
            "(seed 004, mục IV).",
            "No funding source.",
            "A plan says where the money comes from: local budget and lawful sponsorship "
            "(seed 004, section IV).",
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
            "(seed 004, mục V.1).",
            "No reporting deadline.",
            "Bodies report yearly before 20 November to the provincial People's Committee via "
            "the Department of Justice (seed 004, section V.1).",
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
                "Dự thảo phải được đăng tải toàn văn để lấy ý kiến (seed 004, mục III.3).",
                f"Draft «{draft.title}» has no full-text posting scheduled.",
                "The full text is posted for comment (seed 004, section III.3).",
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
            )
            ok = False
        if not any(a.kind == "response" for a in draft.activities):
            self.add(
                f"{where}/activities",
                f"Dự thảo «{draft.title}» chưa có bước công bố tiếp thu, giải trình.",
                "Truyền thông là hai chiều: người góp ý cần biết ý kiến được xử lý thế nào.",
                f"Draft «{draft.title}» has no step publishing the accept/explain response.",
                "Communication is two-way: people who comment should learn what became of it.",
            )
            ok = False
        return ok

    def header(self, c: Criterion) -> None:
        h = self.plan.header
        fields = {
            "issuing_body": h.issuing_body,
            "number": h.number,
            "place": h.place,
            "title": h.title,
        }
        for name, value in fields.items():
            if not value or value.startswith("["):
                vi_label, en_label = HEADER_FIELDS[name]
                self.add(
                    f"header/{name}",
                    f"Chưa điền {vi_label}.",
                    "Phần đầu văn bản theo thể thức Nghị định 30/2020/NĐ-CP (DOMAIN §4).",
                    f"The {en_label} is not filled in.",
                    "The document header of Decree 30/2020 (DOMAIN §4).",
                )
        filled = sum(bool(v) and not v.startswith("[") for v in fields.values())
        c.score = c.max * 0.5 * filled / len(fields)
        c.score += c.max * 0.3 * self._signature()
        c.score += c.max * 0.2 * self._dates_in_period()

    def _signature(self) -> float:
        sig, body = self.plan.signature, fold(self.plan.header.issuing_body)
        prefixes = [p for p, _ in sig.authority]
        collective = any(fold(w) in body for w in COLLECTIVE)
        deputy = fold(sig.position).startswith(fold("phó"))
        findings = [
            SIGNATURE_FINDINGS[key]
            for key, found in (
                ("unsigned", not sig.position or not sig.name or sig.name.startswith("[")),
                ("needs_tm", collective and (not prefixes or prefixes[0] != "TM.")),
                ("no_tm", not collective and "TM." in prefixes),
                ("needs_kt", deputy and "KT." not in prefixes),
                ("no_kt", "KT." in prefixes and not deputy),
            )
            if found
        ]
        for what, what_en in findings:
            self.add("signature", what, DECREE30, what_en, DECREE30_EN)
        return 0.0 if findings else 1.0

    def _dates_in_period(self) -> float:
        h = self.plan.header
        if h.period_start is None:
            self.add(
                "header/period_start",
                "Chưa có thời kỳ kế hoạch.",
                "Kế hoạch nêu rõ năm thực hiện.",
                "The plan period is not given.",
                "A plan says which years it covers.",
            )
            return 0.0
        end = h.period_end or h.period_start
        first, last = date(h.period_start, 1, 1), date(end, 12, 31)
        outside = 0
        dated: list[tuple[str, date | None]] = [
            (f"sections/{sid}/tasks/{i}/{k}", getattr(t, k))
            for sid, i, t in self.plan.all_tasks()
            for k in ("start", "end")
        ]
        dated += [
            (f"drafts/{i}/activities/{j}", day)
            for i, d in enumerate(self.plan.drafts)
            for j, a in enumerate(d.activities)
            for day in (a.start, a.end)
        ]
        for where, day in dated:
            if day is not None and not first <= day <= last:
                outside += 1
                self.add(
                    where,
                    f"Ngày {day:%d/%m/%Y} nằm ngoài thời kỳ kế hoạch {h.period_start}–{end}.",
                    "Mọi hoạt động phải nằm trong thời kỳ của kế hoạch.",
                    f"{day:%d/%m/%Y} is outside the plan period {h.period_start}–{end}.",
                    "Every activity falls inside the plan period.",
                )
        return 0.0 if outside else 1.0


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
    applies = [c for c in breakdown if c.applies]
    total_max = sum(c.max for c in applies)
    score = round(100 * sum(c.score for c in applies) / total_max) if total_max else 0
    return Report(score, run.problems, breakdown)
