"""Where a problem is, in words a person reads: the checker locates each problem by a path into
PLAN.json (``sections/III/tasks/2/lead``, which the builder uses to open the step that fixes it);
``place_of`` says the same place as "Mục III. NỘI DUNG — nhiệm vụ 3 «Tập huấn…» — cơ quan chủ trì"
in Vietnamese and English. A path it cannot read is described as "the plan as a whole", never
shown as it is."""

from __future__ import annotations

from kit.plans.model import Plan

#: (Vietnamese, English) name of each field that can hold a problem
FIELDS: dict[str, tuple[str, str]] = {
    "issuing_body": ("tên cơ quan ban hành", "name of the issuing body"),
    "parent_body": ("tên cơ quan chủ quản", "name of the parent body"),
    "number": ("số, ký hiệu", "number and symbol"),
    "place": ("địa danh", "place name"),
    "date": ("ngày ban hành", "date of issue"),
    "title": ("tên kế hoạch (trích yếu)", "title of the plan"),
    "period_start": ("năm bắt đầu", "first year"),
    "period_end": ("năm kết thúc", "last year"),
    "basis": ("phần căn cứ", "the basis (preamble)"),
    "paragraphs": ("đoạn", "paragraph"),
    "name": ("tên", "name"),
    "description": ("nội dung", "description"),
    "group": ("nhóm nhiệm vụ", "task group"),
    "lead": ("cơ quan chủ trì", "lead body"),
    "coordinating": ("cơ quan phối hợp", "coordinating bodies"),
    "timing": ("thời gian thực hiện", "timing"),
    "start": ("ngày bắt đầu", "start date"),
    "end": ("ngày kết thúc", "end date"),
    "output": ("sản phẩm", "output"),
    "funding": ("kinh phí", "funding"),
    "code": ("mã dự thảo", "draft code"),
    "document_type": ("loại văn bản", "document type"),
    "drafting_body": ("cơ quan chủ trì soạn thảo", "drafting body"),
    "activities": ("lịch truyền thông", "communication schedule"),
    "posting": ("đăng tải toàn văn", "full-text posting"),
    "to": ("nơi nhận báo cáo", "report recipient"),
    "due": ("hạn báo cáo", "reporting deadline"),
    "text": ("nội dung", "text"),
    "authority": ("dòng thẩm quyền ký", "authority line"),
    "position": ("chức vụ người ký", "signer's position"),
}


def _short(text: str, most: int = 50) -> str:
    text = " ".join(text.split())
    return text if len(text) <= most else text[: most - 1] + "…"


def _field(name: str, index: str | None = None) -> tuple[str, str]:
    vi, en = FIELDS.get(name, (name, name))
    if index is not None and index.isdigit():
        return f"{vi} (dòng {int(index) + 1})", f"{en} (line {int(index) + 1})"
    return vi, en


def _join(*parts: tuple[str, str]) -> tuple[str, str]:
    return " — ".join(p[0] for p in parts if p[0]), " — ".join(p[1] for p in parts if p[1])


def _index(text: str, size: int) -> int | None:
    return int(text) if text.isdigit() and int(text) < size else None


def place_of(where: str, plan: Plan) -> tuple[str, str]:
    """``where`` (a checker path) in words: (Vietnamese, English)."""
    parts = [p for p in where.split("/") if p]
    head = parts[0] if parts else ""
    rest = parts[1:]
    if head == "header":
        base = ("Phần đầu văn bản", "Document header")
        return _join(base, _field(*rest[:2])) if rest else base
    if head == "sections":
        return _section(rest, plan)
    if head == "drafts":
        return _draft(rest, plan)
    if head == "reporting":
        i = _index(rest[0], len(plan.reporting)) if rest else None
        base = ("Chế độ báo cáo", "Reporting")
        if i is None:
            return base
        where_vi, where_en = f"Chế độ báo cáo {i + 1}", f"Reporting entry {i + 1}"
        return _join((where_vi, where_en), _field(rest[1]) if len(rest) > 1 else ("", ""))
    if head == "recipients":
        base = ("Nơi nhận", "Distribution list")
        return _join(base, _field("", rest[0])) if rest else base
    if head == "signature":
        base = ("Khối chữ ký", "Signature block")
        return _join(base, _field(*rest[:2])) if rest else base
    return ("Kế hoạch nói chung", "The plan as a whole")


def _section(rest: list[str], plan: Plan) -> tuple[str, str]:
    section = next((s for s in plan.sections if rest and s.id == rest[0]), None)
    if section is None:
        return ("Các mục của kế hoạch", "The plan's sections")
    title = _short(section.title, 40)
    base = (f"Mục {section.id}. {title}", f"Section {section.id}. {title}")
    if rest[1:2] == ["title"]:
        return _join(base, ("tên mục", "section title"))
    if rest[1:2] == ["paragraphs"] and len(rest) > 2 and rest[2].isdigit():
        n = int(rest[2]) + 1
        return _join(base, (f"đoạn {n}", f"paragraph {n}"))
    if rest[1:2] == ["tasks"] and len(rest) > 2:
        i = _index(rest[2], len(section.tasks))
        if i is None:
            return base
        task = section.tasks[i]
        name = _short(task.name or task.description or "…")
        part = (f"nhiệm vụ {i + 1} «{name}»", f"task {i + 1} «{name}»")
        field = _field(*rest[3:5]) if len(rest) > 3 else ("", "")
        return _join(base, part, field)
    return base


def _draft(rest: list[str], plan: Plan) -> tuple[str, str]:
    i = _index(rest[0], len(plan.drafts)) if rest else None
    if i is None:
        return ("Danh sách dự thảo", "The list of drafts")
    draft = plan.drafts[i]
    title = _short(draft.title or "…")
    base = (f"Dự thảo {i + 1} «{title}»", f"Draft {i + 1} «{title}»")
    if len(rest) < 2:
        return base
    if rest[1] != "activities":
        return _join(base, _field(rest[1]))
    if len(rest) < 3:
        return _join(base, _field("activities"))
    j = _index(rest[2], len(draft.activities))
    if j is None:
        return _join(base, _field("activities"), _field(rest[2]))
    activity = (f"hoạt động «{_short(draft.activities[j].name)}»", "")
    activity = (activity[0], f"activity «{_short(draft.activities[j].name)}»")
    return _join(base, activity, _field(rest[3]) if len(rest) > 3 else ("", ""))
