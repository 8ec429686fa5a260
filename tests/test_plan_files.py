"""Are the shipped plan files (the two real seed plans and the templates for new plans) valid
plans, in NFC, faithful to the seeds, and fit for the two-tier local government since 1/7/2025?"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from kit.plans.model import PartialDate, Plan, Task

ROOT = Path(__file__).resolve().parents[1]
SEED_PLANS = ROOT / "exercises" / "plans"
TEMPLATES = ROOT / "kit" / "plans" / "templates"
#: the seed texts live next to the project (``../shared/seeds``); the faithfulness test needs them
SEED_TEXTS = ROOT.parent / "shared" / "seeds"
PLAN_FILES = sorted(SEED_PLANS.glob("*.json")) + sorted(TEMPLATES.glob("*.json"))
#: bodies that may no longer exist after the 2025 restructuring: never a prefilled template value
GONE = ("Sở Thông tin và Truyền thông", "huyện", "Phòng Tư pháp")


def load(path: Path) -> Plan:
    return Plan.model_validate_json(path.read_text(encoding="utf-8"))


def seed004() -> Plan:
    return load(SEED_PLANS / "seed-004-lang-son.json")


def seed002() -> Plan:
    return load(SEED_PLANS / "seed-002-chanh-lo.json")


def template(name: str) -> Plan:
    return load(TEMPLATES / f"{name}.json")


def tasks(plan: Plan) -> list[Task]:
    return [task for _, _, task in plan.all_tasks()]


def strings(plan: Plan) -> list[str]:
    """Every piece of text copied from the document (what must come from the seed)."""
    header = plan.header
    out = [header.number, header.place, header.title, *header.basis]
    for section in plan.sections:
        out += [section.title, *section.paragraphs]
        for task in section.tasks:
            out += [task.description, task.name, task.group, task.lead, task.timing]
            out += [*task.coordinating, task.output, task.funding]
    for entry in plan.reporting:
        out += [entry.to, entry.text]
    out += [*plan.recipients, plan.signature.position, plan.signature.name]
    out += [line for _, line in plan.signature.authority]
    return [text for text in out if text]


def test_the_expected_files_exist() -> None:
    assert [p.name for p in PLAN_FILES] == [
        "seed-002-chanh-lo.json",
        "seed-004-lang-son.json",
        "commune.json",
        "department.json",
        "province.json",
    ]


@pytest.mark.parametrize("path", PLAN_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_plan_file_is_a_valid_nfc_plan(path: Path) -> None:
    raw = path.read_text(encoding="utf-8")
    assert unicodedata.is_normalized("NFC", raw)
    plan = Plan.model_validate_json(raw)
    assert plan.sections, "a plan file has a body"
    assert [s.id for s in plan.sections] == ["I", "II", "III", "IV", "V"][: len(plan.sections)]
    for task in tasks(plan):
        assert task.name and task.description and task.tags
    assert "*" not in raw, "no Markdown emphasis left over from the seed text"


# ------------------------------------------------------------------------------ seed 004


def test_seed_004_sections_header_and_signature() -> None:
    plan = seed004()
    assert (plan.shape, plan.level) == ("seed-004", "province")
    assert [(s.id, s.kind) for s in plan.sections] == [
        ("I", "purpose"),
        ("II", "scope"),
        ("III", "content"),
        ("IV", "funding"),
        ("V", "organisation"),
    ]
    header = plan.header
    assert (header.number, header.place) == ("/KH-UBND", "Lạng Sơn")
    # "Lạng Sơn, ngày   tháng 4 năm 2022": the month and year are known, the day is the blank
    assert header.date == PartialDate(day=None, month=4, year=2022)
    assert (
        header.issuing_body == "ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN"
    )  # "Ủy ban nhân dân tỉnh Lạng Sơn ban hành"
    assert (header.period_start, header.period_end) == (2022, 2027)
    assert header.title.startswith("Triển khai, thực hiện Quyết định số 407/QĐ-TTg")
    assert header.basis[0].startswith("Thực hiện Quyết định số 407/QĐ-TTg ngày 30/3/2022")
    assert plan.signature.authority == [("TM.", "ỦY BAN NHÂN DÂN"), ("KT.", "CHỦ TỊCH")]
    assert (plan.signature.position, plan.signature.name) == ("PHÓ CHỦ TỊCH", "Dương Xuân Huyền")
    assert plan.recipients[0] == "Bộ Tư pháp" and len(plan.recipients) == 13
    assert plan.drafts == []


def test_seed_004_scope_funding_and_reporting() -> None:
    plan = seed004()
    scope = plan.section("scope")
    assert scope is not None
    assert [p[0] for p in scope.paragraphs if re.match(r"[a-d]\) ", p)] == list("abcd") * 2
    assert scope.paragraphs[-1] == "3. Thời gian thực hiện: từ năm 2022 đến năm 2027"
    funding = plan.section("funding")
    assert funding is not None and "ngân sách địa phương" in funding.paragraphs[0]
    yearly = [r for r in plan.reporting if r.due == "20/11"]
    assert len(yearly) == 1
    assert yearly[0].frequency == "yearly" and yearly[0].to == "UBND tỉnh qua Sở Tư pháp"
    assert "trước 20/11 hàng năm báo cáo UBND tỉnh qua Sở Tư pháp" in yearly[0].text


def test_seed_004_tasks_keep_groups_leads_timings_and_tags() -> None:
    plan = seed004()
    content = plan.section("content")
    assert content is not None
    groups = list(dict.fromkeys(t.group for t in content.tasks))
    assert [g[:2] for g in groups] == ["1.", "2.", "3.", "4.", "5.", "6."]
    assert groups[0] == (
        "1. Nâng cao nhận thức và trách nhiệm của các cấp, các ngành về vị trí, vai trò của"
        " công tác truyền thông dự thảo chính sách"
    )
    assert len(content.tasks) == 15
    by_tag = {tag: [t for t in content.tasks if tag in t.tags] for tag in ("posting", "feedback")}
    assert "đăng tải toàn văn" in by_tag["posting"][0].description
    assert "tiếp nhận, xử lý thông tin góp ý" in by_tag["feedback"][0].description
    training = [t for t in content.tasks if "training" in t.tags]
    assert len(training) == 2 and all("tập huấn" in t.description for t in training)
    assert all(
        t.lead == "Sở Tư pháp, Sở Thông tin và Truyền thông và các cơ quan, đơn vị liên quan"
        for t in training
    )
    timed = [t for t in content.tasks if t.group.startswith("1.")]
    assert [t.timing for t in timed] == ["", "", "thường xuyên, trọng tâm quý II/2022"]
    last = content.tasks[-1]
    assert (last.lead, last.timing) == ("", "Thường xuyên")  # the seed names no lead for III.6
    assert all(t.start is None and t.end is None for t in tasks(plan))  # no precise dates printed


def test_seed_task_names_are_taken_from_the_text() -> None:
    for plan in (seed004(), seed002()):
        for task in tasks(plan):
            heading = re.sub(r"^\d+\. ", "", task.group)
            assert task.name in task.description or task.name == heading, task.name


# ------------------------------------------------------------------------------ seed 002


def test_seed_002_shape_tasks_funding_inside_iii_and_signature() -> None:
    plan = seed002()
    assert (plan.shape, plan.level) == ("seed-002", "commune")
    assert [(s.id, s.kind) for s in plan.sections] == [
        ("I", "purpose"),
        ("II", "focus"),
        ("III", "organisation"),
    ]
    assert plan.section("funding") is None
    header = plan.header
    assert (header.number, header.place) == ("/KH-UBND", "Chánh Lộ")
    assert header.date == PartialDate(day=None, month=2, year=2024)
    assert header.issuing_body == "ỦY BAN NHÂN DÂN PHƯỜNG CHÁNH LỘ"
    assert (header.period_start, header.period_end) == (2024, 2024)
    focus = plan.section("focus")
    assert focus is not None and len(focus.tasks) == 3
    assert all(t.lead.lower().startswith("tư pháp-hộ tịch") and t.timing for t in focus.tasks)
    organisation = plan.section("organisation")
    assert organisation is not None
    funding = [t for t in organisation.tasks if "funding" in t.tags]
    assert len(funding) == 1 and funding[0].lead == "Công chức Tài chính-Kế toán phường"
    assert [r.to for r in plan.reporting] == ["UBND thành phố (qua Phòng Tư pháp)"]
    assert plan.signature.authority == [("TM.", "ỦY BAN NHÂN DÂN")]
    assert (plan.signature.position, plan.signature.name) == ("CHỦ TỊCH", "Lê Việt Dũng")
    assert plan.recipients[0] == "Phòng Tư pháp" and plan.recipients[-1] == "Lưu: VT, TP."
    assert plan.drafts == []


@pytest.mark.skipif(not SEED_TEXTS.is_dir(), reason="seed texts (../shared/seeds) not present")
@pytest.mark.parametrize(
    ("seed", "name"), [("004", "seed-004-lang-son.json"), ("002", "seed-002-chanh-lo.json")]
)
def test_seed_plan_text_is_copied_from_the_seed(seed: str, name: str) -> None:
    """Every string is in the seed once line breaks, spacing and Markdown emphasis are ignored."""
    (source,) = SEED_TEXTS.glob(f"{seed}_*.txt")

    def flat(text: str) -> str:
        return " ".join(unicodedata.normalize("NFC", text).replace("*", "").split())

    seed_text = flat(source.read_text(encoding="utf-8"))
    missing = [s for s in strings(load(SEED_PLANS / name)) if flat(s) not in seed_text]
    assert missing == []


# ------------------------------------------------------------------------------ templates


@pytest.mark.parametrize(
    ("name", "shape", "level"),
    [
        ("province", "seed-004", "province"),
        ("department", "seed-004", "department"),
        ("commune", "seed-002", "commune"),
    ],
)
def test_template_shape_and_prefill(name: str, shape: str, level: str) -> None:
    plan = template(name)
    assert (plan.shape, plan.level) == (shape, level)
    kinds = [s.kind for s in plan.sections]
    if shape == "seed-004":
        assert kinds == ["purpose", "scope", "content", "funding", "organisation"]
    else:
        assert kinds == ["purpose", "focus", "organisation"]
        organisation = plan.section("organisation")
        assert organisation is not None
        assert any("funding" in t.tags for t in organisation.tasks), "funding sits inside III"
    all_tasks = tasks(plan)
    for task in all_tasks:
        assert task.lead and task.timing and task.tags, task.name
    tags = {tag for task in all_tasks for tag in task.tags}
    assert {"training", "feedback", "posting", "reporting", "funding"} <= tags
    feedback = next(t for t in all_tasks if "feedback" in t.tags)
    assert "tiếp thu, giải trình" in feedback.description
    posting = next(t for t in all_tasks if "posting" in t.tags)
    assert "toàn văn" in posting.description
    assert [(r.due, r.frequency, r.to) for r in plan.reporting] == [
        ("20/11", "yearly", "UBND tỉnh qua Sở Tư pháp")
    ]
    header = plan.header
    for value in (header.issuing_body, header.number, header.place, plan.signature.name):
        assert "[" in value and "]" in value, value
    assert header.date is None
    assert plan.signature.authority and plan.signature.position and plan.recipients


@pytest.mark.parametrize("name", ["province", "department", "commune"])
def test_templates_do_not_prefill_bodies_that_may_be_gone(name: str) -> None:
    plan = template(name)
    for task in tasks(plan):
        for body in (task.lead, *task.coordinating):
            assert not any(gone.lower() in body.lower() for gone in GONE), body
    raw = (TEMPLATES / f"{name}.json").read_text(encoding="utf-8").lower()
    assert not any(gone.lower() in raw for gone in GONE)


def test_commune_template_reports_to_the_province() -> None:
    plan = template("commune")
    assert plan.signature.authority == [("TM.", "ỦY BAN NHÂN DÂN"), ("KT.", "CHỦ TỊCH")]
    assert plan.signature.position == "PHÓ CHỦ TỊCH"
    assert "UBND tỉnh qua Sở Tư pháp trước 20/11" in plan.reporting[0].text
